"""
REST API of memberships: who sees and does what (R1, R14, R17), bad input, and list queries that do not grow
with the data (P3).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import EngagementParticipation
from openedx_dcp.membership.models import MembershipState as S
from tests.factories import OrganizationFactory, UserFactory, endorse, make_program, make_staff
from tests.membership.factories import add_signal, announced_cycle, make_membership

ROLES = ["anonymous", "learner", "nominee", "nominator", "endorser", "staff", "other_tenant_staff", "superuser",
         "member", "alumnus"]
SEES_ALL = {"staff", "superuser"}


@pytest.fixture
def world(program, nomination, people):
    """
    A member whose renewal review may open today, an alumnus (lapsed), and a user in every role. The member
    has one qualifying signal in the term.
    """
    today = timezone.now().date()
    cycle = announced_cycle(program, announcement=today - datetime.timedelta(days=2 * 365 - 30), slug="past")
    membership = make_membership(cycle, user=UserFactory(username="member"))
    add_signal(membership, "code_contribution", today - datetime.timedelta(days=100))
    alumni_cycle = announced_cycle(program, announcement=today - datetime.timedelta(days=4 * 365), slug="older")
    lapsed = make_membership(alumni_cycle, user=UserFactory(username="alumnus"))
    membership_api.sweep_memberships(today=today)
    lapsed.refresh_from_db()
    assert lapsed.state == S.LAPSED
    endorse(nomination, people["endorsers"][0])
    other = make_program(slug="other")
    users = {
        "anonymous": None,
        "learner": people["learner"],
        "nominee": people["nominee"],
        "nominator": people["nominator"],
        "endorser": people["endorsers"][0],
        "staff": people["staff"],
        "other_tenant_staff": make_staff(other),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
        "member": membership.user,
        "alumnus": lapsed.user,
    }
    return {"membership": membership, "lapsed": lapsed, "users": users, "host": program.site.domain,
            "other_host": other.site.domain}


def _client(api_client, world, role, host=None):
    user = world["users"][role]
    if user is not None:
        api_client.force_authenticate(user)
    api_client.defaults["HTTP_HOST"] = host or (world["other_host"] if role == "other_tenant_staff"
                                                else world["host"])
    return api_client


def _url(membership=None, suffix=""):
    base = "/api/dcp/v1/memberships/"
    return f"{base}{membership.pk}/{suffix}" if membership else base


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_staff_everything_and_members_their_own(api_client, world, role):
    response = _client(api_client, world, role).get(_url())
    if role == "anonymous":
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    expected = {
        "member": {world["membership"].pk},
        "alumnus": {world["lapsed"].pk},
    }.get(role, {world["membership"].pk, world["lapsed"].pk} if role in SEES_ALL else set())
    assert ids == expected


def test_other_tenant_staff_see_nothing_on_our_host_either(api_client, world):
    client = _client(api_client, world, "other_tenant_staff", host=world["host"])
    assert client.get(_url()).json()["results"] == []
    assert client.get(_url(world["membership"])).status_code == 404


def test_r8_alumni_listed_with_the_date_they_may_be_nominated_again(api_client, world):
    lapsed = world["lapsed"]
    add_signal(lapsed, "code_contribution", lapsed.lapsed_on + datetime.timedelta(days=10))
    response = _client(api_client, world, "alumnus").get(_url(), {"state": "lapsed"})
    [row] = response.json()["results"]
    assert row["eligible_again_from"] == str(lapsed.lapsed_on.replace(year=lapsed.lapsed_on.year + 1)
                                             + datetime.timedelta(days=10))


@pytest.mark.parametrize("role", ROLES)
def test_detail_shows_term_renewal_status_and_evidence_to_member_and_staff(api_client, world, role):
    membership = world["membership"]
    client = _client(api_client, world, role)
    response = client.get(_url(membership))
    evidence = client.get(_url(membership, "evidence/"))
    if role == "anonymous":
        assert (response.status_code, evidence.status_code) in {(401, 401), (403, 403)}
        return
    if role not in SEES_ALL | {"member"}:
        assert (response.status_code, evidence.status_code) == (404, 404)
        return
    assert (response.status_code, evidence.status_code) == (200, 200)
    body = response.json()
    assert body["state"] == S.RENEWAL_REVIEW
    assert body["renewal"]["criteria"]["required"] == 1
    assert (body["renewal"]["evidence_count"], body["renewal"]["criteria_met"]) == (1, True)
    assert [term["number"] for term in body["terms"]] == [1]
    assert body["actions"] == ([] if role == "member" else ["renew", "defer_renewal", "revoke"])
    assert [row["kind"] for row in evidence.json()["results"]] == ["code_contribution"]


@pytest.mark.parametrize("role", ROLES)
def test_only_tenant_staff_renew(api_client, world, role):
    membership = world["membership"]
    response = _client(api_client, world, role).post(_url(membership, "actions/"),
                                                     {"action": "renew", "note": "Met."}, format="json")
    expected = {"anonymous": (401, 403), "member": (403,), "staff": (200,), "superuser": (200,)}.get(role, (404,))
    assert response.status_code in expected
    membership.refresh_from_db()
    assert membership.state == (S.RENEWED if response.status_code == 200 else S.RENEWAL_REVIEW)


@pytest.mark.parametrize("payload,status,field", [
    ({"action": "promote"}, 400, "action"),
    ({"action": "defer_renewal", "note": ""}, 400, "note"),
    ({"action": "revoke"}, 400, "note"),
    ({"note": "x"}, 400, "action"),
    ({"action": "lapse"}, 400, "action"),
    ({"action": "open_review"}, 409, "detail"),
])
def test_bad_actions_are_refused_and_change_nothing(api_client, world, payload, status, field):
    membership = world["membership"]
    response = _client(api_client, world, "staff").post(_url(membership, "actions/"), payload, format="json")
    assert response.status_code == status
    assert field in response.json()
    membership.refresh_from_db()
    assert membership.state == S.RENEWAL_REVIEW


def test_renew_without_evidence_is_409(api_client, world):
    membership = world["membership"]
    membership.user.dcp_signals.all().delete()
    response = _client(api_client, world, "staff").post(_url(membership, "actions/"), {"action": "renew"},
                                                        format="json")
    assert response.status_code == 409
    assert "Renewal needs 1 more contribution" in response.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_r17_member_opts_in(api_client, world, role):
    membership = world["membership"]
    client = _client(api_client, world, role)
    response = client.post(_url(membership, "engagement/"), {"kind": "mentoring", "opted_in": True}, format="json")
    expected = {"anonymous": (401, 403), "member": (200,), "staff": (403,), "superuser": (403,)}.get(role, (404,))
    assert response.status_code in expected
    assert membership.engagement_opt_ins.filter(opted_in=True).exists() == (role == "member")
    if role == "member":
        assert {"kind": "mentoring", "opted_in": True} in response.json()


def test_r17_engagement_bad_kind_is_400(api_client, world):
    response = _client(api_client, world, "member").post(_url(world["membership"], "engagement/"),
                                                         {"kind": "golf", "opted_in": True}, format="json")
    assert (response.status_code, [k for k in response.json() if k != "code"]) == (400, ["kind"])


@pytest.mark.parametrize("role", ROLES)
def test_r17_staff_record_participation(api_client, world, role):
    membership = world["membership"]
    client = _client(api_client, world, role)
    payload = {"kind": "validating_nominations", "date": str(timezone.now().date()), "note": "Screened 4."}
    response = client.post(_url(membership, "participations/"), payload, format="json")
    expected = {"anonymous": (401, 403), "member": (403,), "staff": (201,), "superuser": (201,)}.get(role, (404,))
    assert response.status_code in expected
    assert EngagementParticipation.objects.count() == (1 if response.status_code == 201 else 0)
    listing = client.get(_url(membership, "participations/"))
    if role in SEES_ALL | {"member"}:
        assert len(listing.json()["results"]) == EngagementParticipation.objects.count()


@pytest.mark.parametrize("payload,field", [
    ({"kind": "golf", "date": "2026-01-01"}, "kind"),
    ({"kind": "mentoring"}, "date"),
    ({"kind": "mentoring", "date": "2999-01-01"}, "date"),
])
def test_r17_bad_participation_is_400(api_client, world, payload, field):
    response = _client(api_client, world, "staff").post(_url(world["membership"], "participations/"), payload,
                                                        format="json")
    assert (response.status_code, [k for k in response.json() if k != "code"]) == (400, [field])
    assert not EngagementParticipation.objects.exists()


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url(), {"page_size": 100})
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


def test_p3_list_queries_do_not_grow_with_data(api_client, world, program):
    client = _client(api_client, world, "staff")
    small = _list_queries(client)
    cycle = announced_cycle(program, announcement=timezone.now().date() - datetime.timedelta(days=5 * 365),
                            slug="oldest")
    for _ in range(15):
        lapsed = make_membership(cycle)
        add_signal(lapsed, "code_review", timezone.now().date())
    make_membership(cycle, organization=OrganizationFactory(site=program.site), track="partner")
    membership_api.sweep_memberships()
    large = _list_queries(client)
    assert large[1] == small[1] + 16
    assert large[0] == small[0]


def _evidence_pages(client, membership, **params):
    """Every page of the member's evidence followed by ``next`` from the first: ``[(ids, queries)]``."""
    pages, url, params = [], _url(membership, "evidence/"), {"page_size": 3, **params}
    while url:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body  # counting a member's whole evidence is what the cursor avoids (P3)
        pages.append(([row["id"] for row in body["results"]], len(queries), body["previous"]))
        url, params = body["next"], None
    return pages


def test_p3_evidence_pages_by_cursor_through_signals_of_the_same_time(api_client, world):
    """
    Followed by ``next``, the pages hold every signal once, newest first and by id among signals of the same
    time (more of them than a page, which DRF's offset cursor would page by skipping), each page in the same
    queries; ``previous`` leads back to the page before.
    """
    membership = world["membership"]
    today = timezone.now().date()
    for _ in range(7):
        add_signal(membership, "code_contribution", today - datetime.timedelta(days=3))
    for days in (1, 2, 5):
        add_signal(membership, "code_contribution", today - datetime.timedelta(days=days))
    add_signal(membership, "code_contribution", membership.term_start - datetime.timedelta(days=1))  # before the term
    client = _client(api_client, world, "member")
    pages = _evidence_pages(client, membership)
    expected = list(membership_api.renewal_evidence(membership=membership).order_by("-occurred_at", "-id")
                    .values_list("id", flat=True))
    assert len(expected) == 11
    assert [pk for ids, _, _ in pages for pk in ids] == expected
    assert {queries for _, queries, _ in pages} == {pages[0][1]}
    assert pages[0][2] is None
    back = client.get(pages[2][2]).json()  # the third page's previous link
    assert [row["id"] for row in back["results"]] == pages[1][0]
    assert client.get(back["previous"]).json()["results"] == client.get(
        _url(membership, "evidence/"), {"page_size": 3}).json()["results"]


def test_evidence_refuses_page_numbers_and_forged_cursors(api_client, world):
    client = _client(api_client, world, "member")
    url = _url(world["membership"], "evidence/")
    response = client.get(url, {"page": 2})
    assert (response.status_code, response.json()["code"], list(response.json())) == (
        400, "paged_by_cursor", ["page", "code"])
    # Not base64, not a position, not an id, a time without its zone, too long
    for cursor in ("x" * 201, "bm9wZQ", "cD1ub3QtYS10aW1lfDE=", "cD0yMDI2LTAxLTAxVDAwOjAwOjAwfHg=",
                   "cD0yMDI2LTAxLTAxVDAwOjAwOjAwfDE="):
        assert client.get(url, {"cursor": cursor}).status_code == 404, cursor
