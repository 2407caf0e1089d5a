"""
A browser opening a public endpoint (``Accept: text/html``) gets a readable page of the same data, not a 406;
clients that ask for JSON, or for nothing in particular, still get JSON.
"""

import pytest

BASE = "/api/dcp/v1/public"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _public_paths(credential):
    track = credential.track.slug
    return [
        f"{BASE}/credentials/{credential.public_id}/",
        f"{BASE}/programs/dcp/issuer/",
        f"{BASE}/programs/dcp/achievements/{track}/",
        f"{BASE}/programs/dcp/jwks/",
        f"{BASE}/programs/dcp/status-lists/{credential.status_list.number}/",
        f"{BASE}/badges/member/",
        f"{BASE}/programs/dcp/members/",
        f"{BASE}/programs/dcp/dashboard/",
    ]


@pytest.mark.parametrize("index", range(8))
def test_a_browser_gets_a_readable_page_of_each_public_endpoint(api_client, credential, index):
    path = _public_paths(credential)[index]
    host = credential.program.site.domain
    page = api_client.get(path, HTTP_HOST=host, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert page.status_code == 200, (path, page.status_code)
    assert page["Content-Type"].startswith("text/html")
    data = api_client.get(path, HTTP_HOST=host, HTTP_ACCEPT="application/json")
    assert data.status_code == 200 and data["Content-Type"] in ("application/json", "application/vc+ld+json")
    # The page shows the same data: the first key of the JSON answer appears in it.
    first_key = next(iter(data.json()))
    assert first_key in page.content.decode()
    # No Accept header at all (curl, scripts): JSON, as before, except the status list, whose default is its
    # VC-JWT: the signed form a verifier that follows the credential's statusListCredential URL can check.
    plain = api_client.get(path, HTTP_HOST=host)
    if "/status-lists/" in path:
        assert plain["Content-Type"] == "application/vc+jwt" and plain.content.count(b".") == 2
    else:
        assert plain["Content-Type"] == "application/json" and plain.json().keys() == data.json().keys()


def test_what_is_not_found_stays_not_found_in_html_too(api_client, credential, other_tenant):
    host = credential.program.site.domain
    assert api_client.get(f"{BASE}/programs/nope/issuer/", HTTP_HOST=host,
                          HTTP_ACCEPT=BROWSER_ACCEPT).status_code == 404
    # Another tenant's credential (R1, R26): not found, in HTML as in JSON.
    stranger = other_tenant["credential"]
    assert api_client.get(f"{BASE}/credentials/{stranger.public_id}/", HTTP_HOST=host,
                          HTTP_ACCEPT=BROWSER_ACCEPT).status_code == 404
