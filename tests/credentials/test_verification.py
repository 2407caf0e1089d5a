"""
R22: anyone can verify a credential with the published key, and tampering, a wrong key, expiry and revocation
each fail. Every check is made twice: with PyJWT (a different JOSE library from joserfc, which signs) against
what the plugin publishes, and with the plugin's public verification endpoint.
"""

import base64
import datetime

import jwt as pyjwt
import pytest
from joserfc import jwk, jws

from openedx_dcp.credentials import api
from tests.credentials.checks import pyjwt_verify, status_bit, tamper
from tests.credentials.factories import private_pem, start_member, today

VERIFY = "/api/dcp/v1/public/credentials/verify/"


def _verify(client, site, **data):
    response = client.post(VERIFY, data, format="json", HTTP_HOST=site.domain)
    assert response.status_code == 200, response.content
    return response.json()


def test_r22_issued_credential_verifies(api_client, credential):
    claims = pyjwt_verify(api_client, credential.jwt)
    assert claims["credentialSubject"]["achievement"]["name"] == "Distinguished Engineer"
    assert status_bit(api_client, credential.document) is False
    answer = _verify(api_client, credential.program.site, jwt=credential.jwt)
    assert answer["valid"] is True and answer["status"] == "valid", answer
    assert answer["credential_id"] == credential.document["id"]


def test_r22_tampered_credential_fails(api_client, credential):
    forged = tamper(credential.jwt, lambda claims: claims["credentialSubject"]["achievement"].update(
        name="Distinguished Everything"))
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt_verify(api_client, forged)
    answer = _verify(api_client, credential.program.site, jwt=forged)
    assert (answer["valid"], answer["status"]) == (False, "tampered")
    assert "content differs" in answer["reason"]


def test_r22_tampered_validity_fails(api_client, credential):
    forged = tamper(credential.jwt, lambda claims: claims.update(validUntil="2099-01-01T00:00:00Z", exp=4070908800))
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt_verify(api_client, forged)
    assert _verify(api_client, credential.program.site, jwt=forged)["status"] == "tampered"


def test_r22_tampered_json_credential_fails(api_client, credential):
    document = {**credential.document, "validUntil": "2099-01-01T00:00:00Z"}
    answer = _verify(api_client, credential.program.site, credential=document)
    assert (answer["status"], answer["reason"]) == (
        "tampered", "The credential differs from what the issuer signed: validUntil."
    )
    assert _verify(api_client, credential.program.site, credential=credential.document)["status"] == "valid"


def _sign_with(claims_token, pem, alg, kid):
    """Re-sign the payload of a token with another key (an attacker's), under header ``kid``."""
    payload = claims_token.split(".")[1]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return jws.serialize_compact({"alg": alg, "kid": kid, "typ": "JWT"}, raw, jwk.import_key(pem, "RSA"),
                                 algorithms=[alg])


def test_r22_wrong_key_fails(api_client, credential):
    header_kid = pyjwt.get_unverified_header(credential.jwt)["kid"]
    forged = _sign_with(credential.jwt, private_pem("RS256", "attacker"), "RS256", header_kid)
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt_verify(api_client, forged)
    answer = _verify(api_client, credential.program.site, jwt=forged)
    assert (answer["valid"], answer["status"]) == (False, "bad_signature")


def test_r22_unknown_key_fails(api_client, credential):
    unknown_kid = f"https://{credential.program.site.domain}/api/dcp/v1/public/programs/dcp/keys/nokey/"
    forged = _sign_with(credential.jwt, private_pem("RS256", "attacker"), "RS256", unknown_kid)
    assert api_client.get(unknown_kid.split(credential.program.site.domain)[1],
                          HTTP_HOST=credential.program.site.domain).status_code == 404
    answer = _verify(api_client, credential.program.site, jwt=forged)
    assert (answer["valid"], answer["status"]) == (False, "unknown_key")
    elsewhere = _sign_with(credential.jwt, private_pem("RS256", "attacker"), "RS256", "https://evil.example/k")
    assert _verify(api_client, credential.program.site, jwt=elsewhere)["status"] == "unknown_key"


def test_r22_expired_credential_fails(api_client, program_with_key, cycle, track):
    membership = start_member(cycle, track, start=today() - datetime.timedelta(days=3 * 365))
    credential = membership.badge_credentials.get()
    with pytest.raises(pyjwt.ExpiredSignatureError):
        pyjwt_verify(api_client, credential.jwt)
    answer = _verify(api_client, program_with_key.site, jwt=credential.jwt)
    assert (answer["valid"], answer["status"]) == (False, "expired")
    assert credential.document["validUntil"] in answer["reason"]


def test_r22_credential_expires_at_the_end_of_the_term(credential):
    site = credential.program.site
    assert api.verify_jwt(site=site, token=credential.jwt,
                          at=credential.valid_until - datetime.timedelta(seconds=1)).is_valid
    assert api.verify_jwt(site=site, token=credential.jwt, at=credential.valid_until).status == "expired"
    assert api.verify_jwt(site=site, token=credential.jwt,
                          at=credential.valid_from - datetime.timedelta(seconds=1)).status == "not_yet_valid"


def test_r22_revoked_credential_fails(api_client, credential, people):
    api.revoke_credential(credential=credential, actor=None, reason="The membership lapsed.")
    assert status_bit(api_client, credential.document) is True
    answer = _verify(api_client, credential.program.site, jwt=credential.jwt)
    assert (answer["valid"], answer["status"]) == (False, "revoked")
    # The reason is about a person: the public verifier does not show it unless staff chose to publish it.
    assert "lapsed" not in answer["reason"]
    # The published status list is itself signed, and verifies with PyJWT.
    list_url = credential.document["credentialStatus"]["statusListCredential"]
    host, path = list_url.split("://", 1)[1].split("/", 1)
    token = api_client.get(f"/{path}jwt/", HTTP_HOST=host).content.decode()
    claims = pyjwt_verify(api_client, token)
    assert claims["id"] == list_url


def test_r22_revocation_sets_only_its_own_bit(api_client, program_with_key, cycle, track, credential):
    other = start_member(cycle, program_with_key.tracks.get(slug="advocate")).badge_credentials.get()
    api.revoke_credential(credential=other, actor=None, reason="x")
    assert status_bit(api_client, other.document) is True
    assert status_bit(api_client, credential.document) is False


def test_verify_by_id_and_get(api_client, credential):
    site = credential.program.site
    answer = api_client.get(VERIFY, {"id": credential.document["id"]}, HTTP_HOST=site.domain).json()
    assert answer["status"] == "valid"
    assert api_client.get(VERIFY, {"jwt": credential.jwt}, HTTP_HOST=site.domain).json()["status"] == "valid"
    assert _verify(api_client, site, id=str(credential.public_id))["status"] == "valid"
    assert _verify(api_client, site, id="not-a-credential")["status"] == "unknown_credential"


def test_verify_accepts_the_credential_json_as_body(api_client, credential):
    response = api_client.post(VERIFY, credential.document, format="json", HTTP_HOST=credential.program.site.domain)
    assert response.json()["status"] == "valid"


@pytest.mark.parametrize("token", ["", "abc", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln"])
def test_verify_malformed_jwt(api_client, credential, token):
    site = credential.program.site
    if not token:
        response = api_client.post(VERIFY, {"jwt": token}, format="json", HTTP_HOST=site.domain)
        assert response.status_code == 400
        assert "jwt" in response.json()
        return
    assert _verify(api_client, site, jwt=token)["status"] == "malformed"


def test_verify_needs_exactly_one_input(api_client, credential):
    site = credential.program.site
    response = api_client.post(VERIFY, {}, format="json", HTTP_HOST=site.domain)
    assert response.status_code == 400 and "jwt" in response.json()
    response = api_client.post(VERIFY, {"jwt": credential.jwt, "id": "x"}, format="json", HTTP_HOST=site.domain)
    assert response.status_code == 400


def test_r1_verifier_of_another_tenant_does_not_know_the_key(api_client, credential, other_tenant):
    answer = _verify(api_client, other_tenant["site"], jwt=credential.jwt)
    assert answer["status"] == "unknown_key"
    answer = _verify(api_client, other_tenant["site"], credential=credential.document)
    assert answer["status"] == "unknown_credential"
