"""
Receivers of the plugin's own Django signals for this package, connected at app ready: each change of a
membership's lifecycle, once committed, becomes one of the plugin's outbound Open edX events
(``org.openedx_dcp.membership.*.v1``), so other plugins and services follow members without polling.
"""

import datetime

from django.dispatch import receiver

from openedx_dcp.events import signals as events
from openedx_dcp.events.data import MembershipData
from openedx_dcp.membership import signals


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
    """Send the Open edX event of this lifecycle change (the Django signal is sent after commit)."""
    _EVENTS[signal].send_event(membership=membership_data(membership))
