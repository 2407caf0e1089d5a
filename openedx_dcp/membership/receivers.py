"""
Receivers of the plugin's own Django signals for this package, connected at app ready: each change of a
membership's lifecycle becomes one of the plugin's outbound Open edX events (``org.openedx_dcp.membership.*.v1``),
so other plugins and services follow members without polling. (The membership workflow's rows send these
signals: a row's ``signal``, not its ``event``, is how a membership move reaches the bus, so a signal sent by
another path, such as a membership that begins, reaches it the same way.) The signals are sent inside the change's
transaction; the event is recorded in the outbox there and sent after commit (again later if it failed).
"""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from openedx_dcp.contributions.rollups import rollups_refreshed
from openedx_dcp.contributions.tracking import register_tracked_users_source
from openedx_dcp.events import signals as events
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership import engagement, signals
from openedx_dcp.membership.models import Membership
from openedx_dcp.membership.workflow import membership_data
from openedx_dcp.outbox import api as outbox
from openedx_dcp.programs.models import Organization

_EVENTS = {
    signals.membership_started: events.MEMBERSHIP_STARTED,
    signals.membership_renewed: events.MEMBERSHIP_RENEWED,
    signals.membership_lapsed: events.MEMBERSHIP_LAPSED,
    signals.membership_revoked: events.MEMBERSHIP_REVOKED,
}


@receiver(list(_EVENTS), dispatch_uid="dcp_membership_outbound_events")
def send_membership_event(sender, signal, membership, **kwargs):
    """Record the Open edX event of this lifecycle change, with the membership as the change left it."""
    outbox.enqueue_event(signal=_EVENTS[signal], membership=membership_data(membership))


def _member_ids():
    """Members are tracked people: their contribution signals are recorded (R21)."""
    return Membership.objects.filter(user__isnull=False).values_list("user_id", flat=True)


register_tracked_users_source(_member_ids, senders=[Membership])


@receiver(rollups_refreshed, dispatch_uid="dcp_membership_warm_survival")
def warm_survival(sender, result, **kwargs):
    """After the signal rollups changed, count the cohorts' survival once for the dashboards (P4, ADR 0021)."""
    engagement.warm_survival()


# The fields of a user the directory's sort key is made of (``models.directory_name_of``).
_NAME_FIELDS = {"first_name", "last_name", "username"}


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="dcp_membership_directory_name_of_user")
def keep_directory_name_of_user(sender, instance, created, update_fields=None, **kwargs):
    """
    A renamed user keeps their place in the directory's name order (one UPDATE). A new account has no
    membership yet, and a save that names its fields without a name field (the LMS's ``last_login`` at each
    sign-in) changes no name: neither costs a query.
    """
    if created or (update_fields is not None and not _NAME_FIELDS & set(update_fields)):
        return
    membership_api.refresh_directory_name(member=instance)


@receiver(post_save, sender=Organization, dispatch_uid="dcp_membership_directory_name_of_organization")
def keep_directory_name_of_organization(sender, instance, created, update_fields=None, **kwargs):
    """A renamed organization keeps its place in the directory's name order (one UPDATE)."""
    if created or (update_fields is not None and "name" not in update_fields):
        return
    membership_api.refresh_directory_name(member=instance)
