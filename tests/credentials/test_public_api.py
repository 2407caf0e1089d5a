"""
R22, R23, R1: the public endpoints (credential, issuer, achievement, keys, status list, badges of a user) answer
anonymously for the tenant of the host, and never for another tenant's credentials.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_dcp.credentials import api, documents
from tests.credentials.checks import did_web_url, get_json
from tests.credentials.factories import configure_keys, start_member, today

BASE = "/api/dcp/v1/public"


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_r22_credential_json_and_jwt_by_id(api_client, credential):
    host = credential.program.site.domain
    response = api_client.get(_path(credential.document["id"]), HTTP_HOST=host)
    assert response.status_code == 200
    # The id answers the credential with its embedded Data Integrity proof (the VC-JWT on request).
    assert response.json() == {**credential.document, "proof": [credential.proof]}
    assert response["Access-Control-Allow-Origin"] == "*"
    response = api_client.get(_path(credential.document["id"]), HTTP_HOST=host, HTTP_ACCEPT="application/vc+jwt")
    assert response.content.decode() == credential.jwt and "Accept" in response["Vary"].split(", ")
    response = api_client.get(f"{BASE}/credentials/{credential.public_id}/jwt/", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwt"
    assert response.content.decode() == credential.jwt


def test_r22_issuer_profile_and_achievement_resolve_at_their_ids(api_client, credential):
    host = credential.program.site.domain
    issuer = credential.document["issuer"]
    # The issuer's id is its DID; its DID document links the published Profile.
    did_document = get_json(api_client, did_web_url(issuer["id"])).json()
    (service,) = did_document["service"]
    profile = get_json(api_client, service["serviceEndpoint"]).json()
    assert {name: profile[name] for name in issuer} == issuer
    assert profile["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    achievement = credential.document["credentialSubject"]["achievement"]
    published = api_client.get(_path(achievement["id"]), HTTP_HOST=host).json()
    assert published["id"] == achievement["id"] and published["name"] == achievement["name"]
    assert api_client.get(f"{BASE}/programs/dcp/achievements/nope/", HTTP_HOST=host).status_code == 404


def test_r22_jwks_publishes_public_keys_only(api_client, program_with_key, settings):
    configure_keys(settings, program_with_key, {"kid": "k2"}, {"kid": "k1", "retired": True})
    host = program_with_key.site.domain
    keys = api_client.get(f"{BASE}/programs/dcp/jwks/", HTTP_HOST=host).json()["keys"]
    assert [key["kid"] for key in keys] == [
        f"did:web:{host}:api:dcp:v1:public:programs:dcp#{kid}" for kid in ("k2", "k1")
    ]
    for key in keys:
        assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)
    single = api_client.get(f"{BASE}/programs/dcp/keys/k1/", HTTP_HOST=host).json()
    assert single == keys[1]


def test_r22_status_list_is_published_and_sized_for_herd_privacy(api_client, credential):
    host = credential.program.site.domain
    url = credential.document["credentialStatus"]["statusListCredential"]
    document = api_client.get(_path(url), HTTP_HOST=host, HTTP_ACCEPT="application/vc+ld+json").json()
    assert document["id"] == url and document["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert document["credentialSubject"]["statusPurpose"] == "revocation"
    assert credential.status_list.size >= 131072


def test_r1_public_endpoints_do_not_answer_for_another_tenant(api_client, credential, other_tenant):
    other_host = other_tenant["site"].domain
    for path in [
        _path(credential.document["id"]),
        f"{BASE}/credentials/{credential.public_id}/jwt/",
    ]:
        assert api_client.get(path, HTTP_HOST=other_host).status_code == 404, path
    # The other tenant's program has the same slug: its host answers its own status list and keys, never these.
    status_path = _path(credential.document["credentialStatus"]["statusListCredential"])
    other_list = api_client.get(status_path, HTTP_HOST=other_host, HTTP_ACCEPT="application/json").json()
    assert other_list["id"] == other_tenant["credential"].document["credentialStatus"]["statusListCredential"]
    assert other_list["id"] != credential.document["credentialStatus"]["statusListCredential"]
    own_keys = api_client.get(f"{BASE}/programs/dcp/jwks/", HTTP_HOST=credential.program.site.domain).json()
    other_keys = api_client.get(f"{BASE}/programs/dcp/jwks/", HTTP_HOST=other_host).json()
    assert {key["n"] for key in own_keys["keys"]}.isdisjoint({key["n"] for key in other_keys["keys"]})
    badges = api_client.get(f"{BASE}/badges/member/", HTTP_HOST=other_host).json()
    assert badges == {"username": "member", "badges": []}


def test_r23_public_badges_of_a_user(api_client, credential, member):
    host = credential.program.site.domain
    response = api_client.get(f"{BASE}/badges/member/", HTTP_HOST=host)
    assert response.status_code == 200
    (badge,) = response.json()["badges"]
    assert badge == {
        "program": "Distinguished Contributor Program",
        "track": "engineer",
        "track_name": "Distinguished Engineer",
        "image": f"https://{host}/api/dcp/v1/public/programs/dcp/achievements/engineer/image.png",
        "credential_url": credential.document["id"],
        "jwt_url": f"https://{host}/api/dcp/v1/public/credentials/{credential.public_id}/jwt/",
        "verify_url": f"https://{host}/api/dcp/v1/public/credentials/verify/?id={credential.document['id']}",
        "valid_from": badge["valid_from"],
        "valid_until": badge["valid_until"],
    }
    verify = api_client.get(_path(badge["verify_url"]), HTTP_HOST=host).json()
    assert verify["status"] == "valid"


def test_r23_public_badges_leave_out_revoked_and_expired(api_client, program_with_key, cycle, credential, member):
    start_member(cycle, program_with_key.tracks.get(slug="advocate"), nominee=member.user,
                 start=today() - datetime.timedelta(days=3 * 365))
    host = program_with_key.site.domain
    assert len(api_client.get(f"{BASE}/badges/member/", HTTP_HOST=host).json()["badges"]) == 1
    api.revoke_credential(credential=credential, actor=None, reason="x")
    assert api_client.get(f"{BASE}/badges/member/", HTTP_HOST=host).json()["badges"] == []
    assert api_client.get(f"{BASE}/badges/nobody/", HTTP_HOST=host).json()["badges"] == []


def test_p3_public_badges_queries_do_not_grow_with_badges(api_client, program_with_key, cycle, member, credential):
    host = program_with_key.site.domain

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api_client.get(f"{BASE}/badges/member/", HTTP_HOST=host).status_code == 200
        return len(queries)

    one = count()
    for slug in ("advocate", "innovator"):
        start_member(cycle, program_with_key.tracks.get(slug=slug), nominee=member.user)
    assert len(api_client.get(f"{BASE}/badges/member/", HTTP_HOST=host).json()["badges"]) == 3
    assert count() == one


def test_public_endpoints_answer_404_when_the_program_is_off(api_client, credential, settings):
    settings.DCP_PROGRAM_ENABLED = False
    host = credential.program.site.domain
    assert api_client.get(_path(credential.document["id"]), HTTP_HOST=host).status_code == 404
    assert api_client.get(f"{BASE}/badges/member/", HTTP_HOST=host).status_code == 404


@pytest.mark.parametrize("path", ["/programs/nope/issuer/", "/programs/nope/jwks/", "/programs/dcp/status-lists/9/",
                                  "/credentials/00000000-0000-0000-0000-000000000000/"])
def test_unknown_public_things_are_404(api_client, credential, path):
    assert api_client.get(BASE + path, HTTP_HOST=credential.program.site.domain).status_code == 404


def test_public_url_scheme_is_a_setting(program_with_key, settings):
    settings.DCP_PUBLIC_BASE_URL = "http://lms.example.org"
    assert documents.issuer_url(program_with_key).startswith(f"http://{program_with_key.site.domain}/")


def test_verifier_accepts_cross_origin_posts(api_client, credential):
    response = api_client.options(f"{BASE}/credentials/verify/", HTTP_HOST=credential.program.site.domain,
                                  HTTP_ORIGIN="https://wallet.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Headers"] == "Content-Type"
