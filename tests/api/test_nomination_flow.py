"""
Nominations through the REST API, signed in the platform's ways (session, JWT): R4, R5, R6, R8, R11, P3.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from edx_rest_framework_extensions.auth.jwt.tests.utils import generate_jwt
from rest_framework.test import APIClient

from openedx_dcp import audit
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole
from tests.factories import UserFactory, close_nominations, grant_role
from tests.world import HOST_A


def _session_client(user):
    client = APIClient(HTTP_HOST=HOST_A)
    assert client.login(username=user.username, password="pass")
    return client


def _jwt_client(user):
    return APIClient(HTTP_HOST=HOST_A, HTTP_AUTHORIZATION=f"JWT {generate_jwt(user)}")


def _state(world):
    """Everything a refused request must leave as it was."""
    return (
        list(Nomination.objects.order_by("pk").values()),
        list(Endorsement.objects.order_by("pk").values()),
        audit.trail(world.nomination).count(),
    )


@pytest.fixture
def fresh(world):
    """A new peer nomination created through the API (session auth), with no endorsement yet."""
    nominator = world.users["learner"]
    client = _session_client(nominator)
    response = client.post("/api/dcp/v1/nominations/", {
        "cycle": world.cycle.pk, "track": world.track.pk, "kind": "peer", "nominee_username": "member",
        "summary": "Maintains XBlocks.", "impact_statement": "Used by 40 operators.",
        "evidence_links": ["https://github.com/openedx/xblock/pulls"],
        "first_contribution_date": "2020-01-01",
        "first_contribution_evidence": "https://github.com/openedx/xblock/pull/1",
    }, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["nominator"] == "learner"
    assert response.json()["state"] == "draft"
    return Nomination.objects.get(pk=response.json()["id"]), client


def _endorse(nomination, users):
    """The nominator asks each of ``users`` through the API (R26), and each endorses."""
    for user in users:
        asked = _jwt_client(nomination.nominator).post(
            f"/api/dcp/v1/nominations/{nomination.pk}/endorsement-requests/", {"endorser": user.username},
            format="json")
        assert asked.status_code == 202, asked.content
        response = _jwt_client(user).post("/api/dcp/v1/endorsements/", {"nomination": nomination.pk}, format="json")
        assert response.status_code == 201, response.content


def _consent(nomination, world):
    response = _jwt_client(world.users["member"]).post(f"/api/dcp/v1/nominations/{nomination.pk}/consent/")
    assert response.status_code == 200, response.content


def _submit(client, nomination):
    return client.post(f"/api/dcp/v1/nominations/{nomination.pk}/submit/", {"note": "ready"}, format="json")


def test_r6_two_endorsements_cannot_be_submitted(world, fresh):
    nomination, client = fresh
    _consent(nomination, world)
    _endorse(nomination, [world.users["endorser"], world.steward])
    before = _state(world), nomination.endorsements.count()
    response = _submit(client, nomination)
    assert response.status_code == 409
    assert "1 more endorsement" in response.json()["detail"]
    assert (_state(world), nomination.endorsements.count()) == before
    nomination.refresh_from_db()
    assert nomination.state == "draft"


def test_r6_three_endorsements_without_a_steward_cannot_be_submitted(world, fresh):
    nomination, client = fresh
    _consent(nomination, world)
    third = UserFactory(username="core3")
    grant_role(world.program, third, CommunityRole.CORE_CONTRIBUTOR)
    _endorse(nomination, [world.users["endorser"], world.core2, third])
    response = _submit(client, nomination)
    assert response.status_code == 409
    assert "steward representative" in response.json()["detail"]
    nomination.refresh_from_db()
    assert nomination.state == "draft"


def test_r6_three_endorsements_with_a_steward_are_submitted(world, fresh):
    nomination, client = fresh
    _consent(nomination, world)
    _endorse(nomination, [world.users["endorser"], world.core2, world.steward])
    response = _submit(client, nomination)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "submitted"
    assert (body["endorsements_active"], body["endorsements_steward"]) == (3, 1)
    history = client.get(f"/api/dcp/v1/nominations/{nomination.pk}/history/").json()["results"]
    assert [(h["action"], h["from_state"], h["to_state"], h["actor"]) for h in history][-1] == (
        "submit", "draft", "submitted", "learner"
    )


def test_r5_peer_nomination_without_consent_cannot_be_submitted(world, fresh):
    nomination, client = fresh
    _endorse(nomination, [world.users["endorser"], world.core2, world.steward])
    before = _state(world)
    response = _submit(client, nomination)
    assert response.status_code == 409
    assert "consent" in response.json()["detail"]
    assert _state(world) == before


def test_r6_endorsement_refusals(world, fresh):
    nomination, _client = fresh
    _consent(nomination, world)
    # R26: a person without an endorsing role, unasked, does not see the nomination: the answer of an unknown id.
    learner_endorse = _jwt_client(world.users["nominee"]).post(
        "/api/dcp/v1/endorsements/", {"nomination": nomination.pk}, format="json")
    unknown = _jwt_client(world.users["nominee"]).post(
        "/api/dcp/v1/endorsements/", {"nomination": 987654}, format="json")
    assert learner_endorse.status_code == unknown.status_code == 404
    assert learner_endorse.content == unknown.content
    own = _jwt_client(world.users["member"]).post(
        "/api/dcp/v1/endorsements/", {"nomination": nomination.pk}, format="json")
    assert own.status_code == 400 and "own nomination" in own.json()["nomination"][0]
    _endorse(nomination, [world.users["endorser"]])
    duplicate = _jwt_client(world.users["endorser"]).post(
        "/api/dcp/v1/endorsements/", {"nomination": nomination.pk}, format="json")
    assert duplicate.status_code == 400 and "already endorsed" in duplicate.json()["nomination"][0]
    assert nomination.endorsements.count() == 1


def test_r6_endorsement_window_closes_when_screening_starts(world):
    from openedx_dcp.nominations import api as nominations_api
    from openedx_dcp.nominations import workflow

    nominations_api.give_consent(nomination=world.nomination, actor=world.users["nominee"])
    nominations_api.submit(nomination=world.nomination, actor=world.users["nominator"])
    close_nominations(world.cycle)
    workflow.advance_cycle(world.cycle, "start_screening", world.users["staff"])
    workflow.perform(world.nomination, "start_screening", world.users["staff"])
    late = _jwt_client(world.users["member"]).post(
        "/api/dcp/v1/endorsements/", {"nomination": world.nomination.pk}, format="json")
    assert late.status_code == 409 and "closed" in late.json()["detail"]
    withdraw = _jwt_client(world.users["endorser"]).post(f"/api/dcp/v1/endorsements/{world.endorsement.pk}/withdraw/")
    assert withdraw.status_code == 409
    world.endorsement.refresh_from_db()
    assert world.endorsement.withdrawn_at is None


def test_r6_withdrawn_endorsement_stops_counting(world):
    response = _jwt_client(world.users["endorser"]).post(f"/api/dcp/v1/endorsements/{world.endorsement.pk}/withdraw/")
    assert response.status_code == 200 and response.json()["withdrawn_at"]
    from openedx_dcp.nominations import api as nominations_api

    nominations_api.give_consent(nomination=world.nomination, actor=world.users["nominee"])
    response = _submit(_jwt_client(world.users["nominator"]), world.nomination)
    assert response.status_code == 409 and "1 more endorsement" in response.json()["detail"]


def test_r4_nominations_refused_when_cycle_closed(world):
    world.cycle.nominations_close = timezone.now() - datetime.timedelta(minutes=1)
    world.cycle.nominations_open = timezone.now() - datetime.timedelta(days=10)
    world.cycle.save()
    response = _jwt_client(world.users["learner"]).post("/api/dcp/v1/nominations/", {
        "cycle": world.cycle.pk, "track": world.track.pk, "kind": "self", "summary": "x", "impact_statement": "y",
    }, format="json")
    assert response.status_code == 400 and "closed" in response.json()["cycle"][0]


def test_bad_input_gets_field_messages(world):
    client = _jwt_client(world.users["learner"])
    response = client.post("/api/dcp/v1/nominations/", {
        "cycle": world.cycle.pk, "track": 999999, "kind": "peer", "nominee_username": "nobody",
        "evidence_links": ["not a url"], "summary": "x", "impact_statement": "y",
    }, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"track", "nominee_username", "evidence_links"}
    missing = client.post("/api/dcp/v1/nominations/", {
        "cycle": world.cycle.pk, "track": world.track.pk, "kind": "self", "summary": " ", "impact_statement": "y",
    }, format="json")
    assert missing.status_code == 400 and "summary" in missing.json()
    assert Nomination.objects.count() == 1


def test_r1_ids_of_another_tenant_read_as_unknown(world):
    response = _jwt_client(world.users["learner"]).post("/api/dcp/v1/nominations/", {
        "cycle": world.cycle_b.pk, "track": world.program_b.tracks.first().pk, "kind": "self",
        "summary": "x", "impact_statement": "y",
    }, format="json")
    assert response.status_code == 400
    assert {"cycle", "track"} <= set(response.json())


def test_duplicate_active_nomination_is_refused_by_rule_and_constraint(world):
    response = _jwt_client(world.users["learner"]).post("/api/dcp/v1/nominations/", {
        "cycle": world.cycle.pk, "track": world.track.pk, "kind": "peer", "nominee_username": "nominee",
        "summary": "x", "impact_statement": "y",
    }, format="json")
    assert response.status_code == 400
    assert "already has an active nomination" in response.json()["nominee_username"][0]
    assert response.json()["code"] == "duplicate_nomination"


def test_r8_active_member_is_renewed_not_renominated(world):
    Membership.objects.create(
        program=world.program, track=world.track, user=world.users["member"], state=MembershipState.ACTIVE,
        term_start=datetime.date(2025, 7, 1), term_end=datetime.date(2027, 7, 1),
    )
    response = _jwt_client(world.users["learner"]).post("/api/dcp/v1/nominations/", {
        "cycle": world.cycle.pk, "track": world.track.pk, "kind": "peer", "nominee_username": "member",
        "summary": "x", "impact_statement": "y",
    }, format="json")
    assert response.status_code == 400
    assert "renewed, not re-nominated" in response.json()["nominee_username"][0]


def test_r24_threshold_change_is_versioned_and_running_cycle_keeps_its_rules(world):
    staff = _jwt_client(world.users["staff"])
    response = staff.post(f"/api/dcp/v1/programs/{world.program.pk}/rules/",
                          {"thresholds": {"min_endorsements": 4}, "reason": "More voices."}, format="json")
    assert response.status_code == 201
    assert (response.json()["version"], response.json()["changed_by"]) == (2, "staff")
    no_reason = staff.post(f"/api/dcp/v1/programs/{world.program.pk}/rules/",
                           {"thresholds": {"min_endorsements": 5}, "reason": " "}, format="json")
    assert no_reason.status_code == 400
    bad = staff.post(f"/api/dcp/v1/programs/{world.program.pk}/rules/",
                     {"thresholds": {"min_endorsements": -1}, "reason": "typo"}, format="json")
    assert bad.status_code == 400 and "min_endorsements" in bad.json()["thresholds"]
    assert world.program.rules_versions.count() == 2
    # The running cycle keeps the version it started with: 3 endorsements (one steward) still suffice.
    from openedx_dcp.nominations import api as nominations_api

    nominations_api.give_consent(nomination=world.nomination, actor=world.users["nominee"])
    assert _submit(_jwt_client(world.users["nominator"]), world.nomination).status_code == 200
    new_cycle = programs_api.create_cycle(
        program=world.program, slug="next", name="Next", nominations_open=timezone.now() - datetime.timedelta(days=1),
        nominations_close=timezone.now() + datetime.timedelta(days=5),
        review_start=timezone.now() + datetime.timedelta(days=6),
        review_end=timezone.now() + datetime.timedelta(days=7),
        announcement_at=timezone.now() + datetime.timedelta(days=8),
    )
    assert new_cycle.rules.threshold("min_endorsements") == 4


def test_p3_nomination_list_queries_do_not_grow_with_data_or_page(world):
    from tests.factories import nominate

    client = _jwt_client(world.users["staff"])

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.json()

    small, body = queries("/api/dcp/v1/nominations/")
    assert body["count"] == 1
    for i in range(30):
        nominate(world.cycle, world.track, world.users["nominator"], UserFactory(username=f"bulk{i}"))
    large, body = queries("/api/dcp/v1/nominations/")
    second_page, page_two = queries("/api/dcp/v1/nominations/?page=2")
    assert body["count"] == 31 and len(page_two["results"]) == 11
    assert small == large == second_page
