"""
REST endpoints of contribution signals: permission matrix (R1), batches, evidence, cohort metrics.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.membership.models import Membership
from openedx_dcp.programs.models import CommunityRole
from tests.contributions.factories import SignalFactory
from tests.factories import (
    OrganizationFactory,
    SiteFactory,
    UserFactory,
    affiliate,
    endorse,
    grant_role,
    make_cycle,
    make_program,
    make_staff,
    nominate,
)

ROLES = ["anonymous", "learner", "nominee", "nominator", "endorser", "member", "staff", "other_staff", "superuser"]


@pytest.fixture
def world(program, cycle, track, people):
    """The tenant's people in every role, plus a member, a superuser and the staff of another tenant."""
    nomination = nominate(cycle, track, people["nominator"], people["nominee"])

    endorse(nomination, people["endorsers"][0], "Great")
    member = UserFactory(username="member")
    Membership.objects.create(
        program=program, track=track, cycle=cycle, user=member, term_start=datetime.date(2025, 7, 1),
        term_end=datetime.date(2027, 7, 1),
    )
    grant_role(program, member, CommunityRole.DISTINGUISHED_CONTRIBUTOR)
    other_program = make_program(SiteFactory(domain="other-tenant.example.com"))
    users = {
        "anonymous": None,
        "learner": people["learner"],
        "nominee": people["nominee"],
        "nominator": people["nominator"],
        "endorser": people["endorsers"][0],
        "member": member,
        "staff": people["staff"],
        "other_staff": make_staff(other_program),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }
    return {"program": program, "cycle": cycle, "users": users, "other_program": other_program}


def call(api_client, world, role, method, url, data=None, host=None):
    user = world["users"][role]
    if user is not None:
        api_client.force_authenticate(user)
    host = host or world["program"].site.domain
    return getattr(api_client, method)(url, data=data, format="json", HTTP_HOST=host)


def signal_item(n=1, user="nominee"):
    return {"kind": "talk", "source": "conference", "source_id": f"talk-{n}", "occurred_at": "2025-05-01T10:00:00Z",
            "user": user}


EXPECTED_BATCH = {"staff": 200, "superuser": 200}


@pytest.mark.parametrize("role", ROLES)
def test_r1_signal_batches_are_for_program_staff_of_the_tenant(api_client, world, role):
    response = call(api_client, world, role, "post", "/api/dcp/v1/signals/", [signal_item()])
    expected = EXPECTED_BATCH.get(role, 401 if role == "anonymous" else 403)
    assert response.status_code in ((401, 403) if expected == 401 else (expected,)), response.content
    assert ContributionSignal.objects.exists() == (expected == 200)
    if expected == 200:
        assert ContributionSignal.objects.get().site == world["program"].site


def test_r21_batch_answers_item_errors_with_their_index(api_client, world):
    response = call(api_client, world, "staff", "post", "/api/dcp/v1/signals/", {"signals": [
        signal_item(1), {**signal_item(2), "occurred_at": "soon"}, signal_item(3, user="ghost"),
    ]})
    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    assert [(e["index"], list(e["errors"])) for e in response.json()["errors"]] == [(1, ["occurred_at"]), (2, ["user"])]


def test_r21_batch_of_only_bad_items_is_a_400_and_writes_nothing(api_client, world):
    response = call(api_client, world, "staff", "post", "/api/dcp/v1/signals/", [{"kind": "talk"}])
    assert response.status_code == 400
    assert response.json()["errors"][0]["index"] == 0
    response = call(api_client, world, "staff", "post", "/api/dcp/v1/signals/", {"signals": "nope"})
    assert response.status_code == 400 and "signals" in response.json()
    assert not ContributionSignal.objects.exists()


EXPECTED_EVIDENCE = {"nominee": 200, "staff": 200, "superuser": 200}


@pytest.mark.parametrize("role", ROLES)
def test_r1_evidence_is_for_the_person_and_program_staff(api_client, world, role):
    response = call(api_client, world, role, "get", "/api/dcp/v1/signals/evidence/nominee/")
    expected = EXPECTED_EVIDENCE.get(role, 401 if role == "anonymous" else 403)
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))


def test_r1_evidence_only_shows_the_tenants_signals(api_client, world):
    nominee = world["users"]["nominee"]
    SignalFactory(site=world["program"].site, user=nominee, kind="code_contribution",
                  occurred_at=timezone.now() - datetime.timedelta(days=40))
    SignalFactory(site=world["other_program"].site, user=nominee, kind="talk")
    body = call(api_client, world, "nominee", "get", "/api/dcp/v1/signals/evidence/nominee/").json()
    assert body["counts_by_kind"] == {"code_contribution": 1}
    assert body["tracks"]["engineer"]["count"] == 1
    assert body["tracks"]["advocate"]["count"] == 0
    other = call(api_client, world, "other_staff", "get", "/api/dcp/v1/signals/evidence/nominee/",
                 host="other-tenant.example.com").json()
    assert other["counts_by_kind"] == {"talk": 1}


def test_p3_evidence_costs_the_same_queries_at_any_data_size(api_client, world):
    nominee = world["users"]["nominee"]
    api_client.force_authenticate(world["users"]["staff"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get("/api/dcp/v1/signals/evidence/nominee/", HTTP_HOST=world["program"].site.domain)
        assert response.status_code == 200
        return len(queries)

    SignalFactory(site=world["program"].site, user=nominee)
    small = count()
    for n in range(30):
        SignalFactory(site=world["program"].site, user=nominee, kind=["talk", "code_review"][n % 2],
                      occurred_at=timezone.now() - datetime.timedelta(days=31 * n))
    assert count() == small


EXPECTED_STAFF_ONLY = {"staff": 200, "superuser": 200}


@pytest.mark.parametrize("role", ROLES)
def test_r1_cohort_metrics_are_for_program_staff(api_client, world, role):
    response = call(api_client, world, role, "get", f"/api/dcp/v1/signals/cohorts/{world['cycle'].pk}/")
    expected = EXPECTED_STAFF_ONLY.get(role, 401 if role == "anonymous" else 403)
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))
    if expected == 200:
        body = response.json()
        assert body["retention"]["members"] == 1
        assert [row["months"] for row in body["survival"]] == [3, 6, 9, 12]


def test_r1_another_tenants_cycle_is_not_found(api_client, world):
    other_cycle = make_cycle(world["other_program"])
    response = call(api_client, world, "staff", "get", f"/api/dcp/v1/signals/cohorts/{other_cycle.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_r1_contributor_counts_are_for_program_staff(api_client, world, role):
    response = call(api_client, world, role, "get", "/api/dcp/v1/signals/contributors/?periods=3&period_months=3")
    expected = EXPECTED_STAFF_ONLY.get(role, 401 if role == "anonymous" else 403)
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))
    if expected == 200:
        assert len(response.json()["periods"]) == 3


def test_r18_contributor_counts_refuse_bad_parameters(api_client, world):
    response = call(api_client, world, "staff", "get", "/api/dcp/v1/signals/contributors/?periods=100")
    assert response.status_code == 400 and "periods" in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_r21_anyone_signed_in_may_opt_in(api_client, world, role):
    response = call(api_client, world, role, "put", "/api/dcp/v1/signals/opt-in/")
    if role == "anonymous":
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200 and response.json() == {"opted_in": True}
    assert call(api_client, world, role, "get", "/api/dcp/v1/signals/opt-in/").json() == {"opted_in": True}
    assert call(api_client, world, role, "delete", "/api/dcp/v1/signals/opt-in/").json() == {"opted_in": False}


def test_the_endpoints_answer_404_while_the_program_is_off(api_client, world, settings):
    settings.DCP_PROGRAM_ENABLED = False
    response = call(api_client, world, "staff", "post", "/api/dcp/v1/signals/", [signal_item()])
    assert response.status_code == 404


EXPECTED_ORG_EVIDENCE = {"staff": 200, "superuser": 200, "affiliated": 200}


@pytest.mark.parametrize("role", [*ROLES, "affiliated"])
def test_r1_organization_evidence_is_for_its_people_and_program_staff(api_client, world, role):
    organization = OrganizationFactory(site=world["program"].site, slug="acme")
    SignalFactory(site=world["program"].site, user=None, organization=organization, kind="infrastructure")
    world["users"]["affiliated"] = UserFactory(username="acme-employee")
    affiliate(world["users"]["affiliated"], organization)
    response = call(api_client, world, role, "get", "/api/dcp/v1/signals/evidence/organizations/acme/")
    expected = EXPECTED_ORG_EVIDENCE.get(role, 401 if role == "anonymous" else 403)
    assert response.status_code in ((401, 403) if expected == 401 else (expected,))
    if expected == 200:
        assert response.json()["counts_by_kind"] == {"infrastructure": 1}


def test_p3_contributor_counts_cost_the_same_queries_at_any_data_size(api_client, world):
    api_client.force_authenticate(world["users"]["staff"])
    site = world["program"].site

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get("/api/dcp/v1/signals/contributors/?periods=6", HTTP_HOST=site.domain)
        assert response.status_code == 200
        return len(queries)

    small = count()
    for n in range(40):
        SignalFactory(site=site, user=UserFactory(username=f"c{n}"),
                      occurred_at=timezone.now() - datetime.timedelta(days=7 * n))
    assert count() == small
