"""
R6, R22: with the endorser's consent, the endorsements of a selected nomination are issued as Open Badges 3.0
``EndorsementCredential``s about the member's badge, signed like the badge (VC-JWT and Data Integrity),
revocable through a status list, listed with the badge, verifiable by openbadgeslib and the DCC verifier-core,
and revoked and erased when an account they name is retired.
"""

import datetime
import html
from urllib.parse import urlsplit

import jwt as pyjwt
import pytest
from django.test import Client, TestCase
from django.utils import timezone
from openbadgeslib.ob3.verifier import verify_endorsement_jwt

from openedx_dcp.credentials import api
from openedx_dcp.credentials.models import EndorsementConsent, EndorsementCredential, StatusList
from openedx_dcp.exceptions import NotFound
from openedx_dcp.membership import api as membership_api
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Endorsement
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.retirement import retire_user_data
from tests.credentials.factories import configure_keys
from tests.credentials.test_dcc_verifier import dcc_verify
from tests.credentials.test_openbadgeslib import _downloader
from tests.factories import SiteFactory, UserFactory, grant_role, make_cycle, make_program, nominate
from tests.world import HOST_A, World

BASE = "/api/dcp/v1"


def _endorse(nomination, username, statement, first_name="", last_name=""):
    """An endorsement recorded as the domain records it (the rules of endorsing are tested with nominations)."""
    endorser = UserFactory(username=username, first_name=first_name, last_name=last_name)
    return Endorsement.objects.create(nomination=nomination, endorser=endorser, role="core_contributor",
                                      statement=statement)


def _select(nomination):
    """The nominee becomes a member; the badge is issued once the change commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        membership = membership_api.start_membership(nomination=nomination,
                                                     start=timezone.now().date() - datetime.timedelta(days=3))
    return membership.badge_credentials.get()


@pytest.fixture
def endorsed(program_with_key, cycle, track):
    nomination = nominate(cycle, track, UserFactory(username="nominator"), UserFactory(username="nominee"))
    ada = _endorse(nomination, "ada", "Reviews every pull request with care.", "Ada", "Lovelace")
    bob = _endorse(nomination, "bob", "Bob said yes to nothing.")
    eve = _endorse(nomination, "eve", "Withdrawn.")
    for endorsement in (ada, eve):
        assert api.set_endorsement_consent(endorsement=endorsement, actor=endorsement.endorser, consent=True) == []
    eve.withdrawn_at = timezone.now()
    eve.save()
    return {"nomination": nomination, "ada": ada, "bob": bob, "eve": eve}


def test_r6_consented_endorsements_are_issued_with_the_badge(endorsed):
    badge = _select(endorsed["nomination"])
    # Only Ada consented and did not withdraw.
    (issued,) = api.endorsement_credentials_for(credential=badge)
    assert issued.endorsement == endorsed["ada"]
    document = issued.document
    assert document["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert document["id"] == f"https://{badge.program.site.domain}{BASE}/public/endorsements/{issued.public_id}/"
    assert document["credentialSubject"] == {
        "id": badge.document["id"], "type": ["EndorsementSubject"],
        "endorsementComment": "Reviews every pull request with care.",
    }
    assert document["issuer"] == badge.document["issuer"]
    assert "Ada Lovelace" in document["name"]
    # Its own status list, one that holds endorsements.
    assert issued.status_list.holds == StatusList.ENDORSEMENTS != badge.status_list.holds
    assert document["credentialStatus"]["statusListCredential"].endswith(
        f"/status-lists/{issued.status_list.number}/")
    # Signed like the badge: a VC-JWT (the document plus registered claims) and a Data Integrity proof.
    claims = pyjwt.decode(issued.jwt, options={"verify_signature": False})
    assert claims["jti"] == document["id"] and claims["sub"] == badge.document["id"]
    assert issued.proof["cryptosuite"] == "eddsa-rdfc-2022"
    # Idempotent: issuing again issues nothing more.
    assert api.issue_endorsement_credentials(credential=badge) == []
    assert EndorsementCredential.objects.count() == 1


def test_r6_our_verifier_checks_both_forms_and_sees_revocation(endorsed):
    badge = _select(endorsed["nomination"])
    (issued,) = api.endorsement_credentials_for(credential=badge)
    site = badge.program.site
    assert api.verify_jwt(site=site, token=issued.jwt).status == "valid"
    assert api.verify_document(site=site, document=api.secured_endorsement(credential=issued)).status == "valid"
    tampered = api.secured_endorsement(credential=issued)
    tampered["credentialSubject"] = {**tampered["credentialSubject"], "endorsementComment": "Something else."}
    assert api.verify_document(site=site, document=tampered).status == "tampered"

    # Withdrawing consent revokes it.
    ada = endorsed["ada"]
    assert api.set_endorsement_consent(endorsement=ada, actor=ada.endorser, consent=False) == []
    assert api.verify_jwt(site=site, token=issued.jwt).status == "revoked"
    assert api.endorsement_credentials_for(credential=badge) == []
    assert not EndorsementConsent.objects.filter(endorsement=ada).exists()


@pytest.mark.parametrize("revoke", ["staff", "lapse"])
def test_r6_revoking_the_badge_revokes_the_endorsements_about_it(endorsed, revoke):
    badge = _select(endorsed["nomination"])
    (issued,) = api.endorsement_credentials_for(credential=badge)
    site = badge.program.site
    if revoke == "staff":
        staff = UserFactory(username="staff", is_superuser=True)
        api.revoke_credential(credential=badge, actor=staff, reason="Issued by mistake.")
    else:
        api.revoke_membership_credentials(membership=badge.membership, reason="The membership lapsed.")
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.revocation_reason == api.BADGE_REVOKED_REASON
    assert api.verify_jwt(site=site, token=issued.jwt).status == "revoked"
    assert api.endorsement_credentials_for(credential=badge) == []
    # Consent given afterwards issues nothing about a revoked badge.
    bob = endorsed["bob"]
    assert api.set_endorsement_consent(endorsement=bob, actor=bob.endorser, consent=True) == []


def test_r6_consent_given_after_the_badge_issues_at_once(endorsed):
    badge = _select(endorsed["nomination"])
    bob = endorsed["bob"]
    (issued,) = api.set_endorsement_consent(endorsement=bob, actor=bob.endorser, consent=True)
    assert issued.badge_credential == badge and issued.endorsement == bob
    assert len(api.endorsement_credentials_for(credential=badge)) == 2


def test_r6_only_the_endorser_consents(endorsed):
    with pytest.raises(NotFound):
        api.set_endorsement_consent(endorsement=endorsed["bob"], actor=endorsed["ada"].endorser, consent=True)


def test_r6_consent_over_rest_and_the_public_list(api_client, endorsed):
    bob = endorsed["bob"]
    host = endorsed["nomination"].cycle.program.site.domain
    path = f"{BASE}/endorsements/{bob.pk}/credential-consent/"
    # Anyone but the endorser: not found (or not signed in).
    assert api_client.get(path, HTTP_HOST=host).status_code in (401, 403)
    api_client.force_authenticate(endorsed["ada"].endorser)
    assert api_client.put(path, {"consent": True}, format="json", HTTP_HOST=host).status_code == 404
    api_client.force_authenticate(bob.endorser)
    assert api_client.get(path, HTTP_HOST=host).json() == {"consent": False, "credentials": []}
    response = api_client.put(path, {"consent": "perhaps"}, format="json", HTTP_HOST=host)
    assert response.status_code == 400 and "consent" in str(response.json())
    assert not EndorsementConsent.objects.filter(endorsement=bob).exists()
    response = api_client.put(path, {"consent": True}, format="json", HTTP_HOST=host)
    assert response.status_code == 200 and response.json() == {"consent": True, "credentials": []}
    # On another tenant's host the endorsement is not found.
    assert api_client.get(path, HTTP_HOST="elsewhere.example.com").status_code == 404

    badge = _select(endorsed["nomination"])
    listed = Client().get(f"{BASE}/public/credentials/{badge.public_id}/endorsements/", HTTP_HOST=host).json()
    assert [item["comment"] for item in listed["endorsements"]] == [
        "Reviews every pull request with care.", "Bob said yes to nothing."]
    assert api_client.get(path, HTTP_HOST=host).json()["credentials"][0]["id"].startswith(f"https://{host}/")
    one = Client().get(urlsplit(listed["endorsements"][0]["id"]).path, HTTP_HOST=host)
    assert one.status_code == 200 and one.json()["proof"][0]["type"] == "DataIntegrityProof"
    token = Client().get(urlsplit(listed["endorsements"][0]["jwt_url"]).path, HTTP_HOST=host)
    assert token.content.decode().count(".") == 2


def test_r6_retirement_revokes_and_erases_what_names_the_account(api_client, endorsed):
    badge = _select(endorsed["nomination"])
    (issued,) = api.endorsement_credentials_for(credential=badge)
    host = badge.program.site.domain
    retire_user_data(endorsed["ada"].endorser)
    issued.refresh_from_db()
    assert issued.revoked_at is not None and issued.document == {} and issued.jwt == "" and issued.proof == {}
    assert Client().get(f"{BASE}/public/endorsements/{issued.public_id}/", HTTP_HOST=host).status_code == 410
    assert not EndorsementConsent.objects.filter(endorsement__endorser=endorsed["ada"].endorser).exists()


def test_r6_member_retirement_erases_the_endorsements_of_their_badge(endorsed):
    badge = _select(endorsed["nomination"])
    retire_user_data(badge.membership.user)
    (issued,) = EndorsementCredential.objects.all()
    assert issued.revoked_at is not None and issued.jwt == ""


def test_r6_the_endorse_page_asks_for_consent(db, settings):
    world = World()
    configure_keys(settings, world.program, {"kid": "k1"})
    nominations_api.give_consent(nomination=world.nomination, actor=world.users["nominee"])
    endorser = UserFactory(username="core9")
    grant_role(world.program, endorser, CommunityRole.CORE_CONTRIBUTOR)
    nominator = Client(HTTP_HOST=HOST_A)
    nominator.force_login(world.users["nominator"])
    base = f"/dcp/{world.program.slug}/nominations/{world.nomination.pk}"
    assert nominator.post(f"{base}/request-endorsement/", {"endorser_username": "core9"}).status_code == 303
    client = Client(HTTP_HOST=HOST_A)
    client.force_login(endorser)
    path = f"{base}/endorse/"
    page = html.unescape(client.get(path).content.decode())
    assert "publish my endorsement (my name and statement) as a verifiable credential" in page
    assert 'name="publish_as_credential"' in page
    response = client.post(path, {"statement": "Great work.", "publish_as_credential": "on"})
    assert response.status_code == 303
    endorsement = world.nomination.endorsements.get(endorser=endorser)
    assert api.has_endorsement_consent(endorsement=endorsement)


# ---- outside verifiers -------------------------------------------------------------------------------------

def test_r6_openbadgeslib_verifies_the_endorsement_jwt_from_the_credential_alone(client, endorsed):
    badge = _select(endorsed["nomination"])
    (issued,) = api.endorsement_credentials_for(credential=badge)
    fetched = []
    result = verify_endorsement_jwt(issued.jwt, download=_downloader(client, fetched))
    assert result == {"id": issued.document["id"], "issuer": badge.document["issuer"]["id"],
                      "endorses": badge.document["id"], "comment": "Reviews every pull request with care."}
    assert fetched[0].endswith("/did.json")


@pytest.fixture
def live_endorsement(live_server, settings, transactional_db):
    site = SiteFactory(domain=urlsplit(live_server.url).netloc)
    program = make_program(site=site)
    configure_keys(settings, program, {"kid": "k1"})
    nomination = nominate(make_cycle(program), program.tracks.get(slug="engineer"), UserFactory(),
                          UserFactory(username="live-nominee"))
    ada = _endorse(nomination, "live-ada", "Mentors new contributors.")
    api.set_endorsement_consent(endorsement=ada, actor=ada.endorser, consent=True)
    badge = _select(nomination)
    (issued,) = api.endorsement_credentials_for(credential=badge)
    return issued


def test_r6_dcc_verifier_accepts_the_endorsement_then_reports_its_revocation(live_server, live_endorsement):
    secured = api.secured_endorsement(credential=live_endorsement)
    result = dcc_verify(live_server, secured)
    assert result["errors"] == [], result
    steps = {entry["id"]: entry.get("valid") for entry in result["log"]}
    assert steps["valid_signature"] is True and steps["revocation_status"] is True, result
    assert live_endorsement.document["credentialStatus"]["statusListCredential"] in result["fetched"]

    ada = live_endorsement.endorsement
    api.set_endorsement_consent(endorsement=ada, actor=ada.endorser, consent=False)
    result = dcc_verify(live_server, secured)
    assert {entry["id"]: entry.get("valid") for entry in result["log"]}["revocation_status"] is False, result
