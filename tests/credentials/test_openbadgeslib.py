"""
R22 with a verifier no one here wrote: openbadgeslib (PyPI) verifies the VC-JWT from the credential alone. It
reads the issuer's did:web from the credential, resolves it to the DID document the plugin serves, picks the key
the JWS ``kid`` names, and with its status check on follows the credential's ``statusListCredential`` URL and
verifies that list's own signature (``verify_status_list``) before reading the bit.

The only thing the test supplies is the transport: openbadgeslib's ``download`` hook, answered by the Django
test client on the URL's own host (HTTPS URLs only, as openbadgeslib's own downloader requires). Nothing goes
to the network.
"""

import base64
import json

import pytest
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from openedx_dcp.credentials import api
from tests.credentials.factories import configure_keys, start_member
from tests.factories import SiteFactory, UserFactory, make_cycle, make_program


def _downloader(client, fetched):
    def download(url):
        assert url.startswith("https://"), url
        fetched.append(url)
        host, path = url.removeprefix("https://").split("/", 1)
        response = client.get("/" + path, HTTP_HOST=host)
        if response.status_code != 200:
            raise OSError(f"HTTP {response.status_code} for {url}")
        return response.content
    return download


def _issuer_of(token):
    """What a verifier reads from the credential itself, before trusting anything: the issuer's id."""
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return claims["issuer"]["id"]


def _verify(client, token):
    fetched = []
    download = _downloader(client, fetched)
    verifier = OB3Verifier.for_issuer_did(_issuer_of(token), download=download)
    verified = verifier.verify(token, check_status=True, verify_status_list=True, download=download)
    return verified, fetched


def test_r22_openbadgeslib_verifies_the_jwt_from_the_credential_alone_and_sees_revocation(client, credential):
    verified, fetched = _verify(client, credential.jwt)
    assert verified.issuer.id == credential.document["issuer"]["id"]
    # It found the key through did:web and followed the credential's own status list URL.
    status_url = credential.document["credentialStatus"]["statusListCredential"]
    assert fetched[0].endswith("/api/dcp/v1/public/programs/dcp/did.json")
    assert status_url in fetched

    api.revoke_credential(credential=credential, actor=None, reason="The membership lapsed.")
    with pytest.raises(OB3VerificationError, match="status 'revocation' is set"):
        _verify(client, credential.jwt)


def test_r22_openbadgeslib_refuses_an_unsigned_status_list(client, credential, monkeypatch):
    """The list check is really on: were the URL to answer the bare JSON list (as it once did), it is refused."""
    monkeypatch.setattr(api, "status_list_jwt",
                        lambda status_list: json.dumps(api.status_list_credential(status_list=status_list)))
    with pytest.raises(OB3VerificationError, match="not a signed JWT-VC"):
        _verify(client, credential.jwt)


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_r22_openbadgeslib_verifies_every_algorithm(db, client, settings, alg):
    site = SiteFactory(domain=f"{alg.lower()}.example.com")
    program = make_program(site=site)
    configure_keys(settings, program, {"kid": "k1", "alg": alg})
    membership = start_member(make_cycle(program), program.tracks.get(slug="engineer"), nominee=UserFactory())
    verified, _ = _verify(client, membership.badge_credentials.get().jwt)
    assert verified.issuer.id.startswith(f"did:web:{alg.lower()}.example.com:")


def test_r22_did_web_of_a_host_with_a_port(db, client, settings):
    """did:web writes a port as %3A; openbadgeslib resolves it back to the host and port that serve the DID."""
    site = SiteFactory(domain="badges.example.com:8443")
    program = make_program(site=site)
    configure_keys(settings, program, {"kid": "k1"})
    membership = start_member(make_cycle(program), program.tracks.get(slug="engineer"), nominee=UserFactory())
    token = membership.badge_credentials.get().jwt
    assert _issuer_of(token) == "did:web:badges.example.com%3A8443:api:dcp:v1:public:programs:dcp"
    verified, fetched = _verify(client, token)
    assert fetched[0] == "https://badges.example.com:8443/api/dcp/v1/public/programs/dcp/did.json"
