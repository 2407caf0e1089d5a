"""
R22: members download their credential (JSON and JWT); program staff of the tenant see and revoke any of their
programs'. Permission matrix of every authenticated endpoint, another tenant's staff included (R1).
"""

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from openedx_dcp import audit
from openedx_dcp.membership import api as membership_api
from openedx_dcp.nominations import api as nominations_api
from tests.credentials.factories import start_member
from tests.factories import OrganizationFactory, UserFactory, affiliate, endorse

ALLOWED, FORBIDDEN = 200, 403


@pytest.fixture
def held(program_with_key, cycle, track, people):
    """The credential of ``people['nominee']``, nominated by ``people['nominator']`` and endorsed."""
    membership = start_member(cycle, track, nominee=people["nominee"], nominator=people["nominator"])
    for endorser in people["endorsers"]:
        endorse(membership.nomination, endorser)
    return membership.badge_credentials.get()


def _user(role, people, other_tenant):
    if role == "anonymous":
        return None
    if role == "superuser":
        return UserFactory(username="root", is_superuser=True, is_staff=True)
    if role == "other_tenant_staff":
        return other_tenant["staff"]
    if role == "endorser":
        return people["endorsers"][0]
    return people[role]


# role -> (sees it in the list, detail and downloads, may revoke)
MATRIX = {
    "anonymous": (None, None, None),
    "learner": (False, FORBIDDEN, FORBIDDEN),
    "nominee": (True, ALLOWED, FORBIDDEN),
    "nominator": (False, FORBIDDEN, FORBIDDEN),
    "endorser": (False, FORBIDDEN, FORBIDDEN),
    "staff": (True, ALLOWED, ALLOWED),
    "other_tenant_staff": (False, FORBIDDEN, FORBIDDEN),
    "superuser": (True, ALLOWED, ALLOWED),
}


@pytest.mark.parametrize("role", MATRIX)
def test_r22_permission_matrix(api_client, held, people, other_tenant, role):
    listed, download, revoke = MATRIX[role]
    user = _user(role, people, other_tenant)
    if user is not None:
        api_client.force_authenticate(user)
    host = held.program.site.domain
    base = f"/api/dcp/v1/credentials/{held.public_id}/"
    answers = {
        "list": api_client.get("/api/dcp/v1/credentials/", HTTP_HOST=host),
        "detail": api_client.get(base, HTTP_HOST=host),
        "json": api_client.get(base + "download.json", HTTP_HOST=host),
        "jwt": api_client.get(base + "download.jwt", HTTP_HOST=host),
        "revoke": api_client.post(base + "revoke/", {"reason": "Matrix"}, format="json", HTTP_HOST=host),
    }
    if user is None:
        assert {name: answer.status_code in (401, 403) for name, answer in answers.items()} == dict.fromkeys(
            answers, True)
        held.refresh_from_db()
        assert held.revoked_at is None
        return
    assert answers["list"].status_code == 200
    ids = [item["public_id"] for item in answers["list"].json()["results"]]
    assert (str(held.public_id) in ids) is listed
    assert {name: answers[name].status_code for name in ("detail", "json", "jwt")} == dict.fromkeys(
        ("detail", "json", "jwt"), download)
    assert answers["revoke"].status_code == revoke
    held.refresh_from_db()
    assert (held.revoked_at is not None) is (revoke == ALLOWED)
    if download == ALLOWED:
        assert answers["detail"].json()["document"] == held.document
        # The JSON download is the credential with its embedded Data Integrity proof, for wallets.
        assert answers["json"].json() == {**held.document, "proof": [held.proof]}
        assert answers["json"]["Content-Disposition"] == f'attachment; filename="credential-{held.public_id}.json"'
        assert answers["jwt"].content.decode() == held.jwt
        assert answers["jwt"]["Content-Type"] == "application/jwt"


def test_r1_credential_is_not_found_on_another_tenants_host(api_client, held, other_tenant):
    api_client.force_authenticate(other_tenant["staff"])
    host = other_tenant["site"].domain
    assert api_client.get(f"/api/dcp/v1/credentials/{held.public_id}/", HTTP_HOST=host).status_code == 404
    response = api_client.post(f"/api/dcp/v1/credentials/{held.public_id}/revoke/", {"reason": "x"}, format="json",
                               HTTP_HOST=host)
    assert response.status_code == 404
    listed = api_client.get("/api/dcp/v1/credentials/", HTTP_HOST=host).json()["results"]
    assert [item["public_id"] for item in listed] == [str(other_tenant["credential"].public_id)]


def test_r1_superuser_sees_only_the_hosts_credentials(api_client, held, other_tenant):
    api_client.force_authenticate(UserFactory(username="root", is_superuser=True))
    listed = api_client.get("/api/dcp/v1/credentials/", HTTP_HOST=held.program.site.domain).json()["results"]
    assert [item["public_id"] for item in listed] == [str(held.public_id)]


def test_revoke_needs_a_reason_and_changes_nothing_without_one(api_client, held, people):
    api_client.force_authenticate(people["staff"])
    url = f"/api/dcp/v1/credentials/{held.public_id}/revoke/"
    response = api_client.post(url, {"reason": ""}, format="json", HTTP_HOST=held.program.site.domain)
    assert response.status_code == 400
    assert "reason" in response.json()
    held.refresh_from_db()
    assert held.revoked_at is None
    assert [line.action for line in audit.trail(held)] == ["credential_issued"]


def test_r22_staff_revocation_is_audited_and_answered(api_client, held, people):
    api_client.force_authenticate(people["staff"])
    response = api_client.post(f"/api/dcp/v1/credentials/{held.public_id}/revoke/", {"reason": "Fraud"},
                               format="json", HTTP_HOST=held.program.site.domain)
    assert response.status_code == 200
    assert response.json()["revocation_reason"] == "Fraud"
    line = list(audit.trail(held))[-1]
    assert (line.action, line.actor, line.note) == ("credential_revoked", people["staff"], "Fraud")


def test_p3_credential_list_queries_do_not_grow(api_client, program_with_key, cycle, people, held):
    api_client.force_authenticate(people["staff"])
    host = program_with_key.site.domain

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get("/api/dcp/v1/credentials/", HTTP_HOST=host).status_code == 200
        return len(queries)

    one = count()
    for slug in ("advocate", "innovator"):
        start_member(cycle, program_with_key.tracks.get(slug=slug))
    assert api_client.get("/api/dcp/v1/credentials/", HTTP_HOST=host).json()["count"] == 3
    assert count() == one


def test_r22_people_of_a_member_organization_download_its_credential(api_client, program_with_key, cycle):
    organization = OrganizationFactory(site=program_with_key.site)
    representative, outsider = UserFactory(), UserFactory()
    affiliate(representative, organization)
    nomination = nominations_api.create_nomination(
        cycle=cycle, track=program_with_key.tracks.get(slug="partner"), nominator=representative, kind="self",
        nominee_organization=organization, summary="s", impact_statement="i",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        membership = membership_api.start_membership(nomination=nomination)
    credential = membership.badge_credentials.get()
    url = f"/api/dcp/v1/credentials/{credential.public_id}/download.jwt"
    api_client.force_authenticate(representative)
    assert api_client.get(url, HTTP_HOST=program_with_key.site.domain).content.decode() == credential.jwt
    api_client.force_authenticate(outsider)
    assert api_client.get(url, HTTP_HOST=program_with_key.site.domain).status_code == 403


def test_credential_list_items_equal_the_credential_serializer(program_with_key, cycle, track, people, held):
    """A person's live credential and an organization's revoked one, as the documented serializer shapes them."""
    from openedx_dcp.api.v1.credentials import serializers as credential_serializers  # noqa: PLC0415
    from openedx_dcp.credentials import api as credentials_api  # noqa: PLC0415
    from openedx_dcp.credentials.models import BadgeCredential  # noqa: PLC0415
    from openedx_dcp.membership.models import Membership  # noqa: PLC0415

    organization = OrganizationFactory(site=program_with_key.site, slug="org-member", name="Org Member")
    membership = start_member(cycle, track)
    revoked = membership.badge_credentials.get()
    # The organization member's shape: its membership names the organization, not a person.
    Membership.objects.filter(pk=membership.pk).update(user=None, organization=organization)
    credentials_api.revoke_credential(credential=revoked, actor=people["staff"], reason="Fraud", publish_reason=True)
    ids = [revoked.pk, held.pk]
    instances = BadgeCredential.objects.select_related(
        "program__site", "track", "membership__user", "membership__organization").in_bulk(ids)
    expected = credential_serializers.CredentialSerializer([instances[pk] for pk in ids], many=True).data
    fast = credential_serializers.credential_list_items(ids, site=program_with_key.site)
    assert fast == [dict(row) for row in expected]
    assert [list(row) for row in fast] == [list(row) for row in expected]
    assert fast[0]["member"] == "Org Member" and fast[0]["revoked_at"] is not None
    assert fast[1]["member"] == people["nominee"].username
