"""
Receivers of the plugin's own Django signals for this package, connected at app ready: each change of a
membership's lifecycle becomes one of the plugin's outbound Open edX events (``org.openedx_dcp.membership.*.v1``),
so other plugins and services follow members without polling. The signals are sent inside the change's
transaction; the event is recorded in the outbox there and sent after commit (again later if it failed).
"""

import datetime

from django.dispatch import receiver

from openedx_dcp.events import signals as events
from openedx_dcp.events.data import MembershipData
from openedx_dcp.membership import signals
from openedx_dcp.outbox import api as outbox


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def membership_data(membership):
    """The event payload describing ``membership``."""
    program = membership.program
    return MembershipData(
        id=membership.pk, site_domain=program.site.domain, program_slug=program.slug,
        track_slug=membership.track.slug,
        member_key=f"u{membership.user_id}" if membership.user_id else f"o{membership.organization_id}",
        state=membership.state, term_number=membership.term_number,
        term_start=_midnight(membership.term_start), term_end=_midnight(membership.term_end),
    )


_EVENTS = {
    signals.membership_started: events.MEMBERSHIP_STARTED,
    signals.membership_renewed: events.MEMBERSHIP_RENEWED,
    signals.membership_lapsed: events.MEMBERSHIP_LAPSED,
    signals.membership_revoked: events.MEMBERSHIP_REVOKED,
}


@receiver(list(_EVENTS), dispatch_uid="dcp_membership_outbound_events")
def send_membership_event(sender, signal, membership, **kwargs):  # pylint: disable=unused-argument
    """Record the Open edX event of this lifecycle change, with the membership as the change left it."""
    outbox.enqueue_event(_EVENTS[signal], membership=membership_data(membership))
