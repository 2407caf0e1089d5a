"""
The nomination workflow: R5 (consent), R6 (endorsements), R11 (audited, refused transitions change nothing).
"""

import pytest

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, TransitionRefused
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import workflow
from openedx_dcp.nominations.models import NominationState
from tests.factories import endorse


def _endorse(nomination, users):
    for user in users:
        endorse(nomination, user)


def test_r6_two_endorsements_cannot_submit(nomination, people):
    nominations_api.give_consent(nomination=nomination, actor=people["nominee"])
    _endorse(nomination, people["endorsers"][:1] + [people["steward"]])
    with pytest.raises(TransitionRefused, match="1 more endorsement"):
        nominations_api.submit(nomination=nomination, actor=people["nominator"])
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT
    assert nomination.submitted_at is None


def test_r6_three_without_steward_cannot_submit(nomination, people):
    nominations_api.give_consent(nomination=nomination, actor=people["nominee"])
    _endorse(nomination, people["endorsers"])
    with pytest.raises(TransitionRefused, match="steward representative"):
        nominations_api.submit(nomination=nomination, actor=people["nominator"])
    assert nomination.state == NominationState.DRAFT


def test_r6_three_with_steward_submits_and_is_audited(nomination, people):
    nominations_api.give_consent(nomination=nomination, actor=people["nominee"])
    _endorse(nomination, people["endorsers"][:2] + [people["steward"]])
    nominations_api.submit(nomination=nomination, actor=people["nominator"], note="ready")
    assert nomination.state == NominationState.SUBMITTED
    last = list(audit.trail(nomination))[-1]
    assert (last.action, last.from_state, last.to_state, last.actor, last.note) == (
        "submit", "draft", "submitted", people["nominator"], "ready"
    )


def test_r5_peer_nomination_without_consent_cannot_submit(nomination, people):
    _endorse(nomination, people["endorsers"][:2] + [people["steward"]])
    with pytest.raises(TransitionRefused, match="consent"):
        nominations_api.submit(nomination=nomination, actor=people["nominator"])
    assert nomination.state == NominationState.DRAFT


def test_only_the_nominee_consents(nomination, people):
    with pytest.raises(NotPermitted):
        nominations_api.give_consent(nomination=nomination, actor=people["nominator"])
    nomination.refresh_from_db()
    assert nomination.consent_given_at is None


def test_r11_illegal_transition_is_refused_and_writes_nothing(nomination, people):
    before = audit.trail(nomination).count()
    with pytest.raises(TransitionRefused, match="draft"):
        workflow.perform(nomination, "select", None, note="no")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT
    assert audit.trail(nomination).count() == before


def test_r4_screening_cannot_start_while_nominations_are_open(cycle, people):
    from tests.factories import close_nominations

    with pytest.raises(TransitionRefused, match="screening starts after they close"):
        workflow.advance_cycle(cycle, "start_screening", people["staff"])
    cycle.refresh_from_db()
    assert cycle.stage == "nominations"
    close_nominations(cycle)
    workflow.advance_cycle(cycle, "start_screening", people["staff"])
    assert cycle.stage == "screening"
