"""
R22: issuance of OpenBadgeCredentials on membership start and renewal, their content, keys and rotation.
"""

import datetime
import json

import jwt as pyjwt
import pytest
from django.db import IntegrityError, transaction
from django.test import TestCase

from openedx_dcp import audit, retirement
from openedx_dcp.credentials import api, tasks
from openedx_dcp.credentials.keys import CredentialKeyMissing
from openedx_dcp.credentials.models import BadgeCredential
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership import signals
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.programs import api as programs_api
from tests.credentials.checks import assert_valid_ob3, pyjwt_verify
from tests.credentials.conftest import OB3_DIR
from tests.credentials.factories import configure_keys, renew, start_member, today
from tests.factories import OrganizationFactory, UserFactory, affiliate


def test_r22_membership_start_issues_a_schema_valid_open_badge_credential(credential, member, ob3_validator):
    document = credential.document
    assert_valid_ob3(ob3_validator, document)
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    domain = member.program.site.domain
    assert document["id"] == f"https://{domain}/api/dcp/v1/public/credentials/{credential.public_id}/"
    assert document["issuer"] == {
        "id": f"did:web:{domain}:api:dcp:v1:public:programs:dcp", "type": ["Profile"],
        "name": "Open edX Community", "url": "https://dcp.example.org/",
        "image": {"id": "https://dcp.example.org/logo.png", "type": "Image",
                  "caption": "Distinguished Contributor Program"},
    }
    assert document["validFrom"] == f"{member.term_start.isoformat()}T00:00:00Z"
    assert document["validUntil"] == f"{member.term_end.isoformat()}T00:00:00Z"
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Distinguished Engineer"
    assert achievement["criteria"]["narrative"].startswith("Sustained technical contributions")
    # The track's badge image as the plugin publishes it (PNG, what wallets show); the credential carries it too.
    image_url = f"https://{domain}/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png"
    assert achievement["image"] == {"id": image_url, "type": "Image", "caption": "Distinguished Engineer"}
    assert document["image"] == achievement["image"]
    assert document["credentialSubject"]["id"] == f"https://{domain}/api/dcp/v1/public/badges/member/"
    assert [item["id"] for item in document["evidence"]] == member.nomination.evidence_links
    status = document["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusPurpose"] == "revocation"
    assert status["statusListCredential"] == f"https://{domain}/api/dcp/v1/public/programs/dcp/status-lists/1/"
    assert int(status["statusListIndex"]) == credential.status_index


def test_r22_issuance_is_recorded_in_the_audit_trail(credential):
    (line,) = audit.trail(credential)
    assert (line.action, line.to_state) == ("credential_issued", "issued")


def test_r22_jwt_payload_is_the_credential_with_registered_claims(client, credential):
    claims = pyjwt_verify(client, credential.jwt)
    header = pyjwt.get_unverified_header(credential.jwt)
    assert header["alg"] == "RS256" and header["typ"] == "JWT"
    # The kid is a DID URL of the issuer's did:web: a verifier finds the key from the credential alone.
    assert header["kid"] == f"{credential.document['issuer']['id']}#k1"
    assert claims["iss"] == credential.document["issuer"]["id"]
    assert claims["jti"] == credential.document["id"]
    assert claims["sub"] == credential.document["credentialSubject"]["id"]
    assert claims["nbf"] == int(credential.valid_from.timestamp())
    assert claims["exp"] == int(credential.valid_until.timestamp())
    assert {name: value for name, value in claims.items() if name not in {"iss", "jti", "sub", "nbf", "exp"}} == \
        credential.document


def test_r24_criteria_come_from_the_rules_the_cycle_started_with(program_with_key, cycle, track, ob3_validator):
    programs_api.update_track(track=track, actor=None, reason="Sharper criteria for the next cycle",
                              criteria_narrative="New criteria that this cycle never saw.")
    membership = start_member(cycle, track)
    achievement = membership.badge_credentials.get().document["credentialSubject"]["achievement"]
    assert achievement["criteria"]["narrative"].startswith("Sustained technical contributions")


def test_r22_issuance_is_idempotent_per_term(member, credential):
    assert api.issue_credential(membership=member) == credential
    assert tasks.issue_membership_credential.delay(member.pk).get() == str(credential.public_id)
    assert api.issue_missing_credentials() == 0
    assert BadgeCredential.objects.filter(membership=member).count() == 1


def test_r22_one_credential_per_term_is_a_database_constraint(credential):
    duplicate = BadgeCredential(
        program=credential.program, track=credential.track, membership=credential.membership,
        term_number=credential.term_number, valid_from=credential.valid_from, valid_until=credential.valid_until,
        document={}, jwt="x", kid="k1", alg="RS256", status_list=credential.status_list,
        status_index=(credential.status_index + 1) % credential.status_list.size,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_r22_renewal_issues_a_new_credential_for_the_new_term(client, member, credential, ob3_validator):
    renew(member)
    second = member.badge_credentials.get(term_number=2)
    assert second.public_id != credential.public_id
    assert_valid_ob3(ob3_validator, second.document)
    assert second.document["validFrom"] == f"{member.term_start.isoformat()}T00:00:00Z"
    assert second.document["validUntil"] == f"{member.term_end.isoformat()}T00:00:00Z"
    assert second.status_index != credential.status_index
    credential.refresh_from_db()
    assert credential.revoked_at is None  # the first term stays a true record of that term


def test_r15_lapse_revokes_the_credential(member, credential):
    signals.membership_lapsed.send(sender=type(member), membership=member)
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert credential.revocation_reason == "The membership lapsed."
    assert [line.action for line in audit.trail(credential)] == ["credential_issued", "credential_revoked"]


def test_r22_withdrawn_decision_revokes_the_credential(member, credential, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership_api.revoke_membership(membership=member, note="Decision withdrawn")
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert "withdrawn" in credential.revocation_reason


def test_r22_no_credential_for_an_ended_membership(member, credential, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership_api.revoke_membership(membership=member)
    member.refresh_from_db()
    member.term_number = 2
    member.save()
    assert api.issue_credential(membership=member) is None


def test_r22_program_without_key_fails_with_an_actionable_error(program, cycle, track):
    membership = start_member(cycle, track)  # the receiver logs the failure; the membership still starts
    assert not membership.badge_credentials.exists()
    with pytest.raises(CredentialKeyMissing, match=rf"DCP_CREDENTIAL_KEYS\['{program.site.domain}/dcp'\]"):
        api.issue_credential(membership=membership)
    assert not BadgeCredential.objects.exists()


def test_r22_missing_credentials_are_issued_once_a_key_is_configured(program, cycle, track, settings):
    membership = start_member(cycle, track)
    assert api.issue_missing_credentials() == 0
    configure_keys(settings, program, {"kid": "late"})
    assert api.issue_missing_credentials() == 1
    assert membership.badge_credentials.get().kid == "late"


def test_r22_only_retired_keys_is_no_signing_key(program, cycle, track, settings):
    configure_keys(settings, program, {"kid": "old", "retired": True})
    membership = start_member(cycle, track)
    with pytest.raises(CredentialKeyMissing, match="no active credential signing key"):
        api.issue_credential(membership=membership)


@pytest.mark.parametrize("bad, message", [
    ({"kid": "has space"}, "needs a 'kid'"),
    ({"kid": "k", "alg": "HS256"}, "use one of"),
    ({"kid": "k", "private_key_pem": "not a pem"}, "not a RSA private key"),
    ({"kid": "k", "private_key_path": "/nonexistent/key.pem"}, "cannot be read"),
    ({"kid": "k"}, "needs 'private_key_pem' or 'private_key_path'"),
])
def test_misconfigured_key_is_named_in_the_error(program, cycle, track, settings, bad, message):
    settings.DCP_CREDENTIAL_KEYS = {f"{program.site.domain}/dcp": [bad]}
    membership = start_member(cycle, track)
    with pytest.raises(CredentialKeyMissing, match=message):
        api.issue_credential(membership=membership)


def test_r22_rotation_retired_key_stays_published_and_verifies(client, program_with_key, cycle, track, settings,
                                                               member, credential):
    configure_keys(settings, program_with_key, {"kid": "k2"}, {"kid": "k1", "retired": True})
    newer = start_member(cycle, program_with_key.tracks.get(slug="advocate"), nominee=member.user)
    new_credential = newer.badge_credentials.get()
    assert new_credential.kid == "k2"
    pyjwt_verify(client, new_credential.jwt)
    pyjwt_verify(client, credential.jwt)  # signed with the retired key k1, still published
    assert api.verify_jwt(site=program_with_key.site, token=credential.jwt).status == "valid"


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_r22_es256_and_eddsa_are_options(client, program_with_key, cycle, track, settings, ob3_validator, alg):
    configure_keys(settings, program_with_key, {"kid": f"key-{alg.lower()}", "alg": alg})
    membership = start_member(cycle, track)
    credential = membership.badge_credentials.get()
    assert pyjwt.get_unverified_header(credential.jwt)["alg"] == alg
    assert pyjwt_verify(client, credential.jwt)["jti"] == credential.document["id"]
    assert api.verify_jwt(site=program_with_key.site, token=credential.jwt).status == "valid"


def test_r22_organization_member_gets_a_credential(program_with_key, cycle, ob3_validator):
    partner = program_with_key.tracks.get(slug="partner")
    organization = OrganizationFactory(site=program_with_key.site, name="Acme Learning", url="https://acme.example")
    representative = UserFactory()
    affiliate(representative, organization)
    nomination = nominations_api.create_nomination(
        cycle=cycle, track=partner, nominator=representative, kind="self", nominee_organization=organization,
        summary="s",
        impact_statement="i", evidence_links=["https://acme.example/contributions"],
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        membership = membership_api.start_membership(nomination=nomination, start=today() - datetime.timedelta(days=1))
    document = membership.badge_credentials.get().document
    assert_valid_ob3(ob3_validator, document)
    assert document["credentialSubject"]["id"] == "https://acme.example"
    assert document["credentialSubject"]["identifier"][0]["identityHash"] == "Acme Learning"


def test_user_retirement_revokes_and_erases_the_credential(api_client, member, credential):
    token = credential.jwt
    retirement.retire_user_data(member.user)
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    assert (credential.document, credential.jwt) == ({}, "")
    host = credential.program.site.domain
    assert api_client.get(f"/api/dcp/v1/public/credentials/{credential.public_id}/", HTTP_HOST=host).status_code == 410
    assert api.verify_jwt(site=credential.program.site, token=token).status == "revoked"
    assert api.verify_credential_id(site=credential.program.site,
                                    credential_id=str(credential.public_id)).status == "revoked"
    assert api.live_badges_of(site=credential.program.site, username="member") == []


def _terms(value, found):
    """Every property name and ``type`` value of a JSON-LD document."""
    if isinstance(value, dict):
        for name, item in value.items():
            found.add(name)
            if name == "type":
                found.update([item] if isinstance(item, str) else item)
            _terms(item, found)
    elif isinstance(value, list):
        for item in value:
            _terms(item, found)
    return found


def test_r22_every_term_is_defined_by_the_vc_and_ob_contexts(api_client, credential):
    contexts = OB3_DIR / "contexts"
    defined = set()
    for name in ("credentials-v2.jsonld", "ob-3.0.3.json"):
        defined |= _terms(json.loads((contexts / name).read_text()), set())
    status_list = api.status_list_credential(status_list=credential.status_list)
    used = _terms(credential.document, set()) | _terms(status_list, set())
    assert used - defined - {"@context", "id", "type"} == set()


def test_r16_lifetime_member_gets_an_open_ended_credential(ob3_validator, cycle, track, program_with_key):
    from openedx_dcp.membership.models import MembershipState

    membership = start_member(cycle, track)
    first = membership.badge_credentials.get()
    assert first.valid_until is not None
    # What the membership lifecycle's grant_lifetime leaves, then its signal.
    membership.state = MembershipState.LIFETIME
    membership.lifetime_since = membership.term_end
    membership.save()
    assert api.issue_missing_credentials(program=program_with_key) == 1
    lifetime = membership.badge_credentials.get(term_number=membership.term_number + 1)
    assert lifetime.valid_until is None and "validUntil" not in lifetime.document
    assert_valid_ob3(ob3_validator, lifetime.document)
    signals.membership_lifetime_granted.send(sender=type(membership), membership=membership)
    assert membership.badge_credentials.count() == 2  # idempotent
    far = lifetime.valid_from + datetime.timedelta(days=365 * 20)
    assert api.verify_jwt(site=program_with_key.site, token=lifetime.jwt, at=far).status == "valid"
    assert api.verify_jwt(site=program_with_key.site, token=first.jwt, at=far).status == "expired"
