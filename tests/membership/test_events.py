"""
The membership lifecycle's outbound Open edX events (org.openedx_dcp.membership.*.v1).
"""

import datetime

from django.test import TestCase

from openedx_dcp.events import signals as events
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership import signals
from openedx_dcp.membership.models import Membership, MembershipState
from tests.factories import nominate


def _capture(event):
    received = []

    def handler(signal, sender, membership, metadata, **kwargs):
        received.append((metadata.event_type, membership))

    event.connect(handler, weak=False)
    return received, lambda: event.disconnect(handler)


def test_a_started_membership_is_announced_as_an_event(cycle, track, people):
    received, stop = _capture(events.MEMBERSHIP_STARTED)
    try:
        nomination = nominate(cycle, track, people["nominator"], people["nominee"])
        with TestCase.captureOnCommitCallbacks(execute=True):
            membership = membership_api.start_membership(nomination=nomination, start=datetime.date(2025, 7, 1))
    finally:
        stop()
    [(event_type, data)] = received
    assert event_type == "org.openedx_dcp.membership.started.v1"
    assert (data.id, data.member_key, data.track_slug, data.state) == (
        membership.pk, f"u{people['nominee'].pk}", "engineer", "active")
    assert data.term_end == datetime.datetime(2027, 7, 1, tzinfo=datetime.UTC)


def test_a_lapse_is_announced_as_an_event(cycle, track, people):
    membership = Membership.objects.create(
        program=cycle.program, track=track, user=people["nominee"], state=MembershipState.LAPSED,
        term_start=datetime.date(2023, 7, 1), term_end=datetime.date(2025, 7, 1),
    )
    received, stop = _capture(events.MEMBERSHIP_LAPSED)
    try:
        # Sent in the lapse's transaction: the event is recorded there and sent once it commits.
        with TestCase.captureOnCommitCallbacks(execute=True):
            signals.membership_lapsed.send(sender=Membership, membership=membership)
    finally:
        stop()
    [(event_type, data)] = received
    assert (event_type, data.state, data.site_domain) == (
        "org.openedx_dcp.membership.lapsed.v1", "lapsed", cycle.program.site.domain)


def test_membership_event_data_round_trips_through_the_event_bus_serializer():
    from openedx_events.event_bus.avro.deserializer import deserialize_bytes_to_event_data
    from openedx_events.event_bus.avro.serializer import serialize_event_data_to_bytes

    from openedx_dcp.events.data import MembershipData

    data = {"membership": MembershipData(
        id=3, site_domain="a.example.com", program_slug="dcp", track_slug="engineer", member_key="u7",
        state="active", term_number=2, term_start=datetime.datetime(2027, 7, 1, tzinfo=datetime.UTC),
        term_end=datetime.datetime(2029, 7, 1, tzinfo=datetime.UTC),
    )}
    for signal in (events.MEMBERSHIP_STARTED, events.MEMBERSHIP_RENEWED, events.MEMBERSHIP_LAPSED,
                   events.MEMBERSHIP_REVOKED):
        assert deserialize_bytes_to_event_data(serialize_event_data_to_bytes(data, signal), signal) == data
