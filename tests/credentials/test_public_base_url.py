"""
Credentials on the site's public base URL (issue 16 item 6, ADR 0017): ids, the issuer's ``did:web``, ``kid``s
and status lists follow ``DCP_PUBLIC_BASE_URL``, and the answers of the API never follow the request's ``Host``.
"""

import pytest

from tests.credentials.checks import pyjwt_verify, status_bit

API = "/api/dcp/v1"


@pytest.fixture
def served_on_8443(settings, program_with_key):
    """The program's site served at https://<domain>:8443 (a proxy's port), as DCP_PUBLIC_BASE_URL says."""
    settings.DCP_PUBLIC_BASE_URL = f"https://{program_with_key.site.domain}:8443"
    return f"https://{program_with_key.site.domain}:8443"


@pytest.fixture
def credential_on_8443(served_on_8443, member):
    return member.badge_credentials.get()


def test_credential_ids_keys_and_status_lists_follow_the_setting(api_client, served_on_8443, credential_on_8443):
    document = credential_on_8443.document
    domain = credential_on_8443.program.site.domain
    assert document["id"].startswith(f"{served_on_8443}{API}/public/credentials/")
    assert document["issuer"]["id"] == f"did:web:{domain}%3A8443:api:dcp:v1:public:programs:dcp"
    assert document["credentialStatus"]["statusListCredential"].startswith(f"{served_on_8443}{API}/public/")
    # An outside verifier resolves the kid through did:web on that address, and reads the status list there.
    claims = pyjwt_verify(api_client, credential_on_8443.jwt)
    assert claims["iss"] == document["issuer"]["id"]
    assert status_bit(api_client, document) is False
    # The plugin's own verifier reads its ids back from the same setting, whatever host the request came to.
    response = api_client.post(f"{API}/public/credentials/verify/", {"jwt": credential_on_8443.jwt},
                               format="json", HTTP_HOST=domain)
    assert response.json()["valid"] is True, response.json()


def test_api_answers_do_not_follow_the_host_header(api_client, served_on_8443, credential_on_8443):
    """The request comes to the bare domain (behind the proxy); the answer's URLs are the public ones."""
    domain = credential_on_8443.program.site.domain
    api_client.force_authenticate(credential_on_8443.membership.user)
    body = api_client.get(f"{API}/credentials/{credential_on_8443.public_id}/", HTTP_HOST=domain).json()
    assert body["download_json"].startswith(f"{served_on_8443}{API}/credentials/")
    api_client.force_authenticate(None)
    directory = api_client.get(f"{API}/public/programs/dcp/members/", HTTP_HOST=domain).json()
    assert directory["results"][0]["badges_url"] == f"{served_on_8443}{API}/public/badges/member/"
