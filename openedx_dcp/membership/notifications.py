"""
Who receives the emails about a membership: the member, or the people currently affiliated with the member
organization; an audience of the one email sender (``openedx_dcp.notifications``). The emails of the
membership's moves are rows of its workflow (``openedx_dcp.membership.workflow``).
"""

from django.db.models import Q
from django.utils import timezone

from openedx_dcp import notifications
from openedx_dcp.outbox import api as outbox
from openedx_dcp.programs.models import Affiliation

__all__ = ["MEMBER", "recipients", "EMAIL"]


def recipients(membership):
    """The member, or the people currently affiliated with the member organization (with an address)."""
    if membership.user_id:
        return [membership.user]
    today = timezone.now().date()
    affiliations = (
        Affiliation.objects.filter(organization_id=membership.organization_id, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .exclude(user__email="").select_related("user").order_by("user__email", "pk")
    )
    return [affiliation.user for affiliation in affiliations]


def _context(membership, **params):
    return {"program": membership.program, "track": membership.track, "member": membership.member_display}


# The member (a person, or the member organization's people).
MEMBER = notifications.register_audience("membership.member", recipients=recipients, context=_context)

# The outbox kind under which member emails were owed before the one sender; delivered by it.
EMAIL = "membership.email"


def _deliver_recorded(membership_id, name):
    return notifications.deliver(template=name, audience=MEMBER.name, model="openedx_dcp.membership",
                                 pk=membership_id)


outbox.register_handler(kind=EMAIL, handler=_deliver_recorded)
