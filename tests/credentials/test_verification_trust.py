"""
Issue 10, item 14: a valid signature is not enough. The verifier accepts only a credential the program issued
(the exact copy, signed with the key recorded at issuance); a key marked compromised stops vouching for what it
signed until ``dcp_reissue_credentials`` re-signs it; revocation reasons stay private unless staff publish them.
"""

import base64
import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from joserfc import jwk, jws

from openedx_dcp.credentials import api, documents
from tests.credentials.factories import configure_keys, private_pem, start_member

VERIFY = "/api/dcp/v1/public/credentials/verify/"


def _verify(client, site, **data):
    response = client.post(VERIFY, data, format="json", HTTP_HOST=site.domain)
    assert response.status_code == 200, response.content
    return response.json()


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _sign(claims, program, kid, key_name):
    """Sign ``claims`` with the configured key ``kid`` of ``program`` (its private PEM from the test factory)."""
    header = {"alg": "RS256", "kid": documents.verification_method(program, kid), "typ": "JWT"}
    return jws.serialize_compact(header, json.dumps(claims).encode(), jwk.import_key(private_pem("RS256", key_name),
                                                                                      "RSA"), algorithms=["RS256"])


@pytest.fixture
def rotated(program_with_key, settings):
    """``k1`` (which signed the member's credential) retired in favour of ``k2``."""
    def rotate():
        configure_keys(settings, program_with_key, {"kid": "k2"}, {"kid": "k1", "retired": True})
    return rotate


def test_retired_key_cannot_vouch_for_a_credential_never_issued(api_client, credential, rotated):
    rotated()
    program = credential.program
    invented = f"{documents.credential_url(credential).rsplit('/', 2)[0]}/{uuid.uuid4()}/"
    claims = {**_claims(credential.jwt), "id": invented, "jti": invented}
    forged = _sign(claims, program, "k1", "k1")
    answer = _verify(api_client, program.site, jwt=forged)
    assert (answer["valid"], answer["status"]) == (False, "unknown_credential"), answer


def test_a_program_key_signing_other_content_under_an_issued_id_is_refused(api_client, credential, rotated):
    rotated()
    program = credential.program
    claims = _claims(credential.jwt)
    claims["validUntil"] = "2099-01-01T00:00:00Z"
    for kid in ("k1", "k2"):  # the retired key that issued it, and the current key that did not
        answer = _verify(api_client, program.site, jwt=_sign(claims, program, kid, kid))
        assert (answer["valid"], answer["status"]) == (False, "not_issued"), (kid, answer)
    # The credential as issued still verifies with its retired key.
    assert _verify(api_client, program.site, jwt=credential.jwt)["status"] == "valid"


def test_compromised_key_fails_until_reissued(api_client, credential, settings):
    program = credential.program
    site = program.site
    configure_keys(settings, program, {"kid": "k2"}, {"kid": "k1", "compromised": True})
    old_token = credential.jwt
    old_secured = api.secured_document(credential=credential)
    # Not published any more, and nothing it signed verifies.
    jwks = api_client.get(f"/api/dcp/v1/public/programs/{program.slug}/jwks/", HTTP_HOST=site.domain).json()
    assert [key["kid"].rsplit("#", 1)[1] for key in jwks["keys"]] == ["k2"]
    assert api_client.get(f"/api/dcp/v1/public/programs/{program.slug}/keys/k1/",
                          HTTP_HOST=site.domain).status_code == 404
    assert _verify(api_client, site, jwt=old_token)["status"] == "key_compromised"
    assert _verify(api_client, site, id=str(credential.public_id))["status"] == "key_compromised"
    assert _verify(api_client, site, credential=credential.document)["status"] == "key_compromised"
    assert _verify(api_client, site, credential=old_secured)["status"] == "key_compromised"

    out = io.StringIO()
    call_command("dcp_reissue_credentials", stdout=out)
    assert "Re-signed 1 credential(s)" in out.getvalue()
    credential.refresh_from_db()
    assert credential.kid == "k2" and credential.jwt != old_token
    assert _verify(api_client, site, id=str(credential.public_id))["status"] == "valid"
    assert _verify(api_client, site, jwt=credential.jwt)["status"] == "valid"
    assert _verify(api_client, site, credential=credential.document)["status"] == "valid"
    assert _verify(api_client, site, credential=api.secured_document(credential=credential))["status"] == "valid"
    # The holder's old copy stays refused, and running the command again changes nothing.
    assert _verify(api_client, site, jwt=old_token)["status"] == "key_compromised"
    out = io.StringIO()
    call_command("dcp_reissue_credentials", stdout=out)
    assert "Re-signed 0 credential(s)" in out.getvalue()


def test_a_compromised_key_never_signs(credential, settings, cycle, track):
    program = credential.program
    configure_keys(settings, program, {"kid": "k1", "compromised": True})
    with pytest.raises(CommandError, match="no active credential signing key"):
        call_command("dcp_reissue_credentials")
    configure_keys(settings, program, {"kid": "k1", "compromised": True}, {"kid": "k3"})
    assert start_member(cycle, track).badge_credentials.get().kid == "k3"


def test_revocation_reason_is_published_only_when_staff_choose(api_client, credential, people, cycle, track):
    site = credential.program.site
    api_client.force_authenticate(people["staff"])
    url = f"/api/dcp/v1/credentials/{credential.public_id}/revoke/"
    response = api_client.post(url, {"reason": "Conduct complaint about J. Doe"}, format="json",
                               HTTP_HOST=site.domain)
    assert response.status_code == 200, response.content
    assert response.json()["revocation_reason_published"] is False
    api_client.force_authenticate(None)
    answer = _verify(api_client, site, id=str(credential.public_id))
    assert answer["status"] == "revoked" and "Doe" not in json.dumps(answer)

    other = start_member(cycle, credential.program.tracks.get(slug="advocate")).badge_credentials.get()
    api_client.force_authenticate(people["staff"])
    response = api_client.post(f"/api/dcp/v1/credentials/{other.public_id}/revoke/",
                               {"reason": "Issued in error", "publish_reason": True}, format="json",
                               HTTP_HOST=site.domain)
    assert response.status_code == 200 and response.json()["revocation_reason_published"] is True
    api_client.force_authenticate(None)
    answer = _verify(api_client, site, id=str(other.public_id))
    assert answer["status"] == "revoked" and "Issued in error" in answer["reason"]


def test_system_revocation_reasons_are_not_published(credential):
    api.revoke_credential(credential=credential, actor=None, reason="The membership decision was withdrawn.")
    answer = api.verify_credential_id(site=credential.program.site, credential_id=str(credential.public_id))
    assert answer.status == "revoked" and "withdrawn" not in answer.reason
