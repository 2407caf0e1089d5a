"""
Emails sent by Celery tasks after commit (one template per message), the plugin's outbound Open edX events and
its eligibility filter.
"""

from datetime import datetime, timezone

import attr
import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from openedx_events.event_bus.avro.deserializer import deserialize_bytes_to_event_data
from openedx_events.event_bus.avro.serializer import serialize_event_data_to_bytes
from openedx_filters import PipelineStep

from openedx_dcp.events import signals as events
from openedx_dcp.events.data import CohortData, DecisionData, NominationData
from openedx_dcp.filters import NominationEligibilityRequested
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import NominationState
from openedx_dcp.review import api
from tests.factories import UserFactory, endorse, nominate
from tests.review.factories import after_close


class RequireCodeOfConduct(PipelineStep):
    """A step another plugin might configure: nominees named 'nominee1' have not signed the code of conduct."""

    def run_filter(self, nomination, problems):
        if nomination.nominee_display == "nominee1":
            problems = problems + ["The nominee has not signed the code of conduct."]
        return {"nomination": nomination, "problems": problems}


class RefuseNominee2(PipelineStep):
    """A step that refuses with the filter's exception."""

    def run_filter(self, nomination, problems):
        if nomination.nominee_display == "nominee2":
            raise NominationEligibilityRequested.PreventEligibility("Embargoed by the foundation.")
        return {"nomination": nomination, "problems": problems}


FILTER = "org.openedx_dcp.nomination.eligibility.requested.v1"


@override_settings(OPEN_EDX_FILTERS_CONFIG={FILTER: {
    "pipeline": [f"{__name__}.RequireCodeOfConduct", f"{__name__}.RefuseNominee2"], "fail_silently": False,
}})
def test_r7_another_plugin_adds_eligibility_rules_through_the_filter(world):
    world.seat_panel()
    with after_close(world.cycle):
        assert api.screen_cycle(cycle=world.cycle, actor=world.staff) == {"passed": 1, "closed": 2}
    world.refresh()
    assert world.nominations[0].state == NominationState.EVALUATION
    assert world.nominations[1].closed_reason == "The nominee has not signed the code of conduct."
    assert world.nominations[2].closed_reason == "Embargoed by the foundation."


def test_without_a_pipeline_the_filter_adds_nothing(world):
    assert NominationEligibilityRequested.run_filter(world.nominations[0], ["x"]) == []


def test_event_types_use_the_plugins_prefix():
    types = {events.NOMINATION_SUBMITTED.event_type, events.DECISION_RELEASED.event_type,
             events.COHORT_ANNOUNCED.event_type}
    assert types == {"org.openedx_dcp.nomination.submitted.v1", "org.openedx_dcp.decision.released.v1",
                     "org.openedx_dcp.cohort.announced.v1"}
    assert all(not t.startswith("org.openedx.") for t in types)


def test_submission_emails_nominee_and_nominator_and_sends_the_event(committed_world):
    world = committed_world
    received = []

    def on_submitted(nomination, metadata, **kwargs):
        received.append((nomination, metadata.event_type))

    events.NOMINATION_SUBMITTED.connect(on_submitted)
    try:
        mail.outbox.clear()
        nominator, nominee = UserFactory(username="mail_nominator"), UserFactory(username="mail_nominee")
        nomination = nominate(world.cycle, world.track, nominator, nominee)
        # The peer nominee is told and asked for consent; both learn that consent was given.
        assert [(m.to[0], m.subject) for m in mail.outbox] == [
            ("mail_nominee@example.com",
             "You were nominated: Distinguished Engineer in Distinguished Contributor Program"),
        ]
        nominations_api.give_consent(nomination=nomination, actor=nominee)
        assert sorted(m.to[0] for m in mail.outbox[1:]) == ["mail_nominator@example.com", "mail_nominee@example.com"]
        for endorser in world.endorsers:
            endorse(nomination, endorser)
        mail.outbox.clear()
        nominations_api.submit(nomination=nomination, actor=nominator)
    finally:
        events.NOMINATION_SUBMITTED.disconnect(on_submitted)
    assert sorted(m.to[0] for m in mail.outbox) == ["mail_nominator@example.com", "mail_nominee@example.com"]
    assert all(m.subject == "Nomination submitted: mail_nominee for Distinguished Engineer" for m in mail.outbox)
    data, event_type = received[0]
    assert event_type == "org.openedx_dcp.nomination.submitted.v1"
    assert attr.asdict(data)["nominee_key"] == f"u{nominee.pk}" and data.state == NominationState.SUBMITTED


def test_screening_results_are_emailed(committed_world):
    world = committed_world
    world.nominations[2].first_contribution_date = None
    world.nominations[2].save()
    world.seat_panel()
    mail.outbox.clear()
    with after_close(world.cycle):
        api.screen_cycle(cycle=world.cycle, actor=world.staff)
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects.count("Nomination closed at screening: nominee2") == 2
    assert len([s for s in subjects if s.startswith("Nomination screened:")]) == 4
    closed = next(m for m in mail.outbox if m.subject.startswith("Nomination closed"))
    assert "No recorded contribution" in closed.body


def test_nothing_is_emailed_when_the_transaction_rolls_back(committed_world):
    world = committed_world
    world.nominations[2].first_contribution_date = None
    world.nominations[2].save()
    world.seat_panel()
    mail.outbox.clear()
    with after_close(world.cycle), pytest.raises(RuntimeError):
        with transaction.atomic():
            api.screen_cycle(cycle=world.cycle, actor=world.staff)
            raise RuntimeError("crash after screening")
    assert mail.outbox == []


def test_panelists_are_emailed_their_assignments(committed_world):
    world = committed_world
    world.to_evaluation()
    mail.outbox.clear()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    assert mail.outbox and all(m.subject.startswith("Review assignments in Cycle 2025") for m in mail.outbox)
    panel_emails = {u.email for u in world.panel_user_list()}
    assert {m.to[0] for m in mail.outbox} <= panel_emails
    assert sum(m.body.count("\n- #") for m in mail.outbox) == 9


def test_endorsers_are_emailed_when_asked(committed_world):
    world = committed_world
    nominator, nominee = UserFactory(username="ask_nominator"), UserFactory(username="ask_nominee")
    nomination = nominate(world.cycle, world.track, nominator, nominee)
    mail.outbox.clear()
    response = world.client(nominator).post(f"/api/dcp/v1/nominations/{nomination.pk}/endorsement-requests/",
                                            {"endorser": world.endorsers[2].username}, format="json")
    assert response.status_code == 202
    assert [m.to for m in mail.outbox] == [[world.endorsers[2].email]]
    assert mail.outbox[0].subject == "Endorsement requested: ask_nominee for Distinguished Engineer"
    refused = world.client(nominator).post(f"/api/dcp/v1/nominations/{nomination.pk}/endorsement-requests/",
                                           {"endorser": world.learner.username}, format="json")
    assert refused.status_code == 400 and "endorser" in refused.json()
    assert refused.json()["code"] == "not_an_endorser"
    unknown = world.client(nominator).post(f"/api/dcp/v1/nominations/{nomination.pk}/endorsement-requests/",
                                           {"endorser": "nobody-here"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["code"] == "not_an_endorser"


def test_event_data_round_trips_through_the_event_bus_serializer():
    when = datetime(2025, 7, 1, 9, 0, tzinfo=timezone.utc)
    nomination = NominationData(id=1, site_domain="a.example.com", program_slug="dcp", cycle_slug="2025",
                                track_slug="engineer", kind="peer", nominee_key="u7", state="selected")
    payloads = [
        (events.NOMINATION_SUBMITTED, {"nomination": nomination}),
        (events.DECISION_RELEASED, {"decision": DecisionData(nomination=nomination, outcome="selected",
                                                             released_at=when)}),
        (events.COHORT_ANNOUNCED, {"cohort": CohortData(site_domain="a.example.com", program_slug="dcp",
                                                        cycle_slug="2025", cycle_name="Cycle 2025", size=2,
                                                        announced_at=when)}),
    ]
    for signal, data in payloads:
        assert deserialize_bytes_to_event_data(serialize_event_data_to_bytes(data, signal), signal) == data
