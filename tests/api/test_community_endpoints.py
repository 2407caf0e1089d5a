"""
Organizations (with size), affiliations and dated community roles over the API (issue 16 item 2): what staff
kept only in admin. Program staff of the tenant keep them; signed-in users read organizations; nobody else sees
an affiliation or a role; another tenant's rows read as not found (R1, R26).
"""

import datetime

import pytest
from django.utils import timezone

from openedx_dcp.audit.models import AuditRecord
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation, CommunityRole, Organization
from openedx_dcp.review import api as review_api
from tests.factories import OrganizationFactory, UserFactory, grant_role
from tests.world import HOST_B

API = "/api/dcp/v1"
ROLES = ["anonymous", "learner", "member", "panelist", "staff", "other_staff", "superuser"]


@pytest.fixture
def world(world):
    """The two-tenant world, an organization on each tenant, an affiliation, and a panelist of the cycle."""
    panelist = UserFactory(username="panelist")
    grant_role(world.program, panelist, CommunityRole.CORE_CONTRIBUTOR)
    review_api.add_panelist(cycle=world.cycle, user=panelist, seat=CommunityRole.CORE_CONTRIBUTOR,
                            actor=world.users["staff"])
    world.users["panelist"] = panelist
    world.org = OrganizationFactory(site=world.site_a, slug="acme", name="Acme", size=40)
    world.org_b = OrganizationFactory(site=world.site_b, slug="acme", name="Acme B", size=7)
    world.affiliation = Affiliation.objects.create(user=world.users["member"], organization=world.org,
                                                   start=datetime.date(2024, 1, 1))
    world.role = CommunityRole.objects.get(program=world.program, user=world.users["member"])
    world.role_b = grant_role(world.program_b, world.users["learner"], CommunityRole.CORE_CONTRIBUTOR)
    return world


def _row(*codes):
    assert len(codes) == len(ROLES)
    return dict(zip(ROLES, codes))


TODAY = timezone.now().date().isoformat()

# name: (method, url(world), body(world) or None, expected statuses by role, on tenant A's host)
MATRIX = {
    "organizations-list": ("get", lambda w: f"{API}/organizations/", None,
                           _row(401, 200, 200, 200, 200, 200, 200)),
    "organizations-detail": ("get", lambda w: f"{API}/organizations/{w.org.pk}/", None,
                             _row(401, 200, 200, 200, 200, 200, 200)),
    "organizations-create": ("post", lambda w: f"{API}/organizations/",
                             lambda w: {"slug": "globex", "name": "Globex", "size": 1200},
                             _row(401, 403, 403, 403, 201, 403, 201)),
    "organizations-update": ("patch", lambda w: f"{API}/organizations/{w.org.pk}/", lambda w: {"size": 41},
                             _row(401, 403, 403, 403, 200, 403, 200)),
    "organizations-other-tenant": ("get", lambda w: f"{API}/organizations/{w.org_b.pk}/", None,
                                   _row(401, 404, 404, 404, 404, 404, 404)),
    "affiliations-list": ("get", lambda w: f"{API}/affiliations/", None,
                          _row(401, 200, 200, 200, 200, 200, 200)),
    "affiliations-detail": ("get", lambda w: f"{API}/affiliations/{w.affiliation.pk}/", None,
                            _row(401, 404, 404, 404, 200, 404, 200)),
    "affiliations-create": ("post", lambda w: f"{API}/affiliations/",
                            lambda w: {"username": "panelist", "organization": w.org.pk, "start": TODAY},
                            _row(401, 403, 403, 403, 201, 403, 201)),
    "affiliations-update": ("patch", lambda w: f"{API}/affiliations/{w.affiliation.pk}/",
                            lambda w: {"end": TODAY}, _row(401, 404, 404, 404, 200, 404, 200)),
    "community-roles-list": ("get", lambda w: f"{API}/community-roles/", None,
                             _row(401, 200, 200, 200, 200, 200, 200)),
    "community-roles-detail": ("get", lambda w: f"{API}/community-roles/{w.role.pk}/", None,
                               _row(401, 404, 404, 404, 200, 404, 200)),
    "community-roles-create": ("post", lambda w: f"{API}/community-roles/",
                               lambda w: {"program": w.program.pk, "username": "learner", "role": "toc_member"},
                               _row(401, 403, 403, 403, 201, 403, 201)),
    "community-roles-update": ("patch", lambda w: f"{API}/community-roles/{w.role.pk}/",
                               lambda w: {"end": TODAY}, _row(401, 404, 404, 404, 200, 404, 200)),
    "community-roles-other-tenant": ("get", lambda w: f"{API}/community-roles/{w.role_b.pk}/", None,
                                     _row(401, 404, 404, 404, 404, 404, 404)),
}
CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_permission_matrix(world, name, role):
    method, url, body, expected = MATRIX[name]
    client = world.client(None if role == "anonymous" else role)
    response = getattr(client, method)(url(world), body(world) if body else None, format="json")
    assert response.status_code == expected[role], response.content
    if response.status_code >= 400:
        assert "code" in response.json()


@pytest.mark.parametrize("role, count", [
    ("learner", 0), ("member", 0), ("panelist", 0), ("other_staff", 0), ("staff", 1), ("superuser", 1),
])
def test_only_staff_of_the_tenant_list_affiliations(world, role, count):
    assert world.client(role).get(f"{API}/affiliations/").json()["count"] == count


def test_roles_listed_are_those_of_the_callers_programs_only(world):
    usernames = {row["username"] for row in world.client("staff").get(f"{API}/community-roles/").json()["results"]}
    assert usernames == {"endorser", "member", "core2", "steward", "panelist"}
    # Staff of tenant B, on their own host, see their program's role and none of tenant A's.
    rows = world.client("other_staff", host=HOST_B).get(f"{API}/community-roles/").json()["results"]
    assert [row["username"] for row in rows] == ["learner"]
    assert world.client("learner").get(f"{API}/community-roles/").json()["count"] == 0


def test_staff_of_tenant_b_on_their_host_do_not_reach_tenant_a(world):
    client = world.client("other_staff", host=HOST_B)
    assert client.get(f"{API}/organizations/{world.org.pk}/").status_code == 404
    assert client.get(f"{API}/affiliations/{world.affiliation.pk}/").status_code == 404
    assert client.patch(f"{API}/community-roles/{world.role.pk}/", {"end": TODAY}, format="json").status_code == 404
    # A body naming tenant A's organization or program reads as an unknown id (400), not as a row to change.
    response = client.post(f"{API}/affiliations/", {"username": "learner", "organization": world.org.pk},
                           format="json")
    assert response.status_code == 400 and response.json()["code"] == "does_not_exist"
    assert "organization" in response.json()
    response = client.post(f"{API}/community-roles/", {"program": world.program.pk, "username": "learner",
                                                       "role": "toc_member"}, format="json")
    assert response.status_code == 400 and "program" in response.json()
    assert not Affiliation.objects.filter(user=world.users["learner"]).exists()


def test_an_organization_answers_with_its_size_and_the_nomination_reads_it(world):
    body = world.client("staff").get(f"{API}/organizations/", {"slug": "acme"}).json()
    assert body["count"] == 1 and body["results"][0] == {"id": world.org.pk, "slug": "acme", "name": "Acme",
                                                        "url": "", "size": 40}
    response = world.client("staff").patch(f"{API}/organizations/{world.org.pk}/", {"size": 4000}, format="json")
    assert response.status_code == 200 and response.json()["size"] == 4000
    world.org.refresh_from_db()
    assert world.org.size == 4000


@pytest.mark.parametrize("body, field, code", [
    ({"slug": "acme", "name": "Again"}, "slug", "unique"),  # a slug of this tenant
    ({"slug": "not a slug", "name": "X"}, "slug", "invalid"),
    ({"slug": "x", "name": "X", "size": -1}, "size", "min_value"),
    ({"slug": "x", "name": "X" * 201}, "name", "max_length"),
    ({"slug": "x"}, "name", "required"),
])
def test_organization_refusals_name_the_field(world, body, field, code):
    response = world.client("staff").post(f"{API}/organizations/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json() and response.json()["code"] == code
    assert Organization.objects.filter(site=world.site_a).count() == 1


def test_the_same_slug_is_free_on_another_tenant(world):
    response = world.client("other_staff", host=HOST_B).post(f"{API}/organizations/",
                                                             {"slug": "globex", "name": "Globex"}, format="json")
    assert response.status_code == 201
    assert Organization.objects.get(pk=response.json()["id"]).site == world.site_b


def test_affiliation_by_username_makes_a_conflict_of_interest(world):
    """An affiliation recorded over the API is what R10 reads: a panelist of the nominee's organization."""
    client = world.client("staff")
    response = client.post(f"{API}/affiliations/", {"username": "panelist", "organization": world.org.pk},
                           format="json")
    assert response.status_code == 201, response.content
    assert response.json()["username"] == "panelist" and response.json()["organization_name"] == "Acme"
    assert response.json()["start"] == TODAY and response.json()["end"] is None
    assert world.org.pk in programs_api.affiliated_organization_ids(user=world.users["panelist"])
    # Ended yesterday: no longer affiliated today.
    yesterday = (timezone.now().date() - datetime.timedelta(days=1)).isoformat()
    response = client.patch(f"{API}/affiliations/{response.json()['id']}/",
                            {"start": "2020-01-01", "end": yesterday}, format="json")
    assert response.status_code == 200, response.content
    assert world.org.pk not in programs_api.affiliated_organization_ids(user=world.users["panelist"])


def test_affiliation_refusals(world):
    client = world.client("staff")
    response = client.post(f"{API}/affiliations/", {"username": "nobody", "organization": world.org.pk},
                           format="json")
    assert response.status_code == 400 and response.json()["code"] == "does_not_exist"
    assert "username" in response.json()
    response = client.post(f"{API}/affiliations/", {"username": "panelist", "organization": world.org.pk,
                                                    "start": "2025-02-01", "end": "2025-01-01"}, format="json")
    assert response.status_code == 400 and response.json() == {
        "end": ["The end comes on or after the start."], "code": "dates_out_of_order"}
    response = client.patch(f"{API}/affiliations/{world.affiliation.pk}/", {"end": "2023-12-31"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "dates_out_of_order"
    # The person and the organization stay: a PATCH naming them changes nothing of them.
    response = client.patch(f"{API}/affiliations/{world.affiliation.pk}/", {"username": "panelist"},
                            format="json")
    assert response.status_code == 200 and response.json()["username"] == "member"
    assert Affiliation.objects.filter(user=world.users["panelist"]).count() == 0


def test_a_role_granted_over_the_api_lets_its_holder_endorse(world):
    """A dated role recorded by username is what R6 reads: its holder is a recognized community member."""
    client = world.client("staff")
    response = client.post(f"{API}/community-roles/", {"program": world.program.pk, "username": "learner",
                                                       "role": "core_contributor", "note": "Maintainer."},
                           format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["username"] == "learner" and body["is_active"] is True and body["start"] == TODAY
    assert programs_api.has_role(program=world.program, user=world.users["learner"],
                                 role=CommunityRole.CORE_CONTRIBUTOR)
    assert AuditRecord.objects.filter(action="role_granted", program=world.program).count() == 1
    # Ending it yesterday takes the role away today; the change is audited with old and new dates.
    yesterday = (timezone.now().date() - datetime.timedelta(days=1)).isoformat()
    response = client.patch(f"{API}/community-roles/{body['id']}/", {"start": "2024-01-01", "end": yesterday},
                            format="json")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert not programs_api.has_role(program=world.program, user=world.users["learner"],
                                     role=CommunityRole.CORE_CONTRIBUTOR)
    record = AuditRecord.objects.get(action="role_changed")
    assert f"-> 2024-01-01 to {yesterday}" in record.note and record.actor == world.users["staff"]
    active = client.get(f"{API}/community-roles/", {"username": "learner", "active": "true"}).json()
    inactive = client.get(f"{API}/community-roles/", {"username": "learner", "active": "false"}).json()
    assert (active["count"], inactive["count"]) == (0, 1)


@pytest.mark.parametrize("body, field, code", [
    ({"role": "distinguished_contributor"}, "role", "invalid_choice"),  # the program's own, at announcement
    ({"role": "partner_representative"}, "organization", "required"),
    ({"role": "no_such_role"}, "role", "invalid_choice"),
    ({"role": "toc_member", "start": "2025-02-01", "end": "2025-01-01"}, "end", "dates_out_of_order"),
    ({"role": "toc_member", "note": "n" * 256}, "note", "max_length"),
    ({"role": "toc_member", "username": "nobody"}, "username", "does_not_exist"),
])
def test_role_refusals_name_the_field(world, body, field, code):
    body = {"program": world.program.pk, "username": "learner", **body}
    response = world.client("staff").post(f"{API}/community-roles/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json() and response.json()["code"] == code
    assert not CommunityRole.objects.filter(program=world.program, user=world.users["learner"]).exists()


def test_a_partner_representative_names_an_organization_of_the_tenant(world):
    client = world.client("staff")
    base = {"program": world.program.pk, "username": "learner", "role": "partner_representative"}
    response = client.post(f"{API}/community-roles/", {**base, "organization": world.org_b.pk}, format="json")
    assert response.status_code == 400 and "organization" in response.json()
    response = client.post(f"{API}/community-roles/", {**base, "organization": world.org.pk}, format="json")
    assert response.status_code == 201 and response.json()["organization"] == world.org.pk


def test_lists_make_a_constant_number_of_queries(world, django_assert_max_num_queries):
    for index in range(5):
        user = UserFactory(username=f"extra{index}")
        grant_role(world.program, user, CommunityRole.TOC_MEMBER)
        Affiliation.objects.create(user=user, organization=world.org)
    client = world.client("staff")
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}/community-roles/").json()["count"] == 10
    with django_assert_max_num_queries(8):
        assert client.get(f"{API}/affiliations/").json()["count"] == 6
