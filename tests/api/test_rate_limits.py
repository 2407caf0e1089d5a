"""
Issue 10, item 16: rate limits (DRF throttles counted in the cache, ``DCP_RATE_LIMIT_*`` settings) on
endorsement requests, nomination creation and the public endpoints per IP; a cache that is down lets requests
through; JSON nested too deep answers 400, never 500, anonymous verification included.
"""

import base64
import json

import pytest
from django.core import mail

from openedx_dcp.api.v1.throttling import DEFAULT_RATES
from tests.factories import UserFactory, nominate
from tests.world import REVIEW_HOST_A as HOST_A
from tests.world import ReviewWorld

VERIFY = "/api/dcp/v1/public/credentials/verify/"


@pytest.fixture
def review_world(db):
    return ReviewWorld()


def _nomination_body(world, nominee):
    return {
        "cycle": world.cycle.pk, "track": world.track.pk, "kind": "peer", "nominee_username": nominee.username,
        "summary": "Maintains XBlocks.", "impact_statement": "Used by 40 operators.",
        "evidence_links": ["https://github.com/openedx/xblock/pulls"], "first_contribution_date": "2020-01-01",
        "first_contribution_evidence": "https://github.com/openedx/xblock/pull/1",
    }


def test_thirty_endorsement_requests_send_ten_emails(review_world, django_capture_on_commit_callbacks):
    world = review_world
    assert DEFAULT_RATES["DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS"] == "10/hour"
    nominator, nominee = UserFactory(username="ask_nominator"), UserFactory(username="ask_nominee")
    nomination = nominate(world.cycle, world.track, nominator, nominee)
    url = f"/api/dcp/v1/nominations/{nomination.pk}/endorsement-requests/"
    client = world.client(nominator)
    mail.outbox.clear()
    codes = []
    for _ in range(30):
        with django_capture_on_commit_callbacks(execute=True):
            codes.append(client.post(url, {"endorser": world.endorsers[2].username}, format="json"))
    assert [response.status_code for response in codes] == [202] * 10 + [429] * 20
    assert int(codes[-1]["Retry-After"]) > 0
    assert len(mail.outbox) == 10
    # Counted per user: another nominator still may ask.
    other, other_nominee = UserFactory(username="ask_other"), UserFactory(username="ask_other_nominee")
    theirs = nominate(world.cycle, world.track, other, other_nominee)
    response = world.client(other).post(f"/api/dcp/v1/nominations/{theirs.pk}/endorsement-requests/",
                                        {"endorser": world.endorsers[2].username}, format="json")
    assert response.status_code == 202


def test_nomination_creation_is_limited_per_user(review_world, settings):
    world = review_world
    settings.DCP_RATE_LIMIT_NOMINATIONS = "2/hour"
    nominator = UserFactory(username="busy_nominator")
    client = world.client(nominator)
    nominees = [UserFactory(username=f"busy_nominee{i}") for i in range(3)]
    codes = [client.post("/api/dcp/v1/nominations/", _nomination_body(world, nominee), format="json").status_code
             for nominee in nominees]
    assert codes == [201, 201, 429]
    # Reading is not limited, nor is another user's first nomination.
    assert client.get("/api/dcp/v1/nominations/").status_code == 200
    response = world.client(UserFactory(username="calm_nominator")).post(
        "/api/dcp/v1/nominations/", _nomination_body(world, nominees[2]), format="json")
    assert response.status_code == 201, response.content


def test_public_endpoints_are_limited_per_ip(review_world, api_client, settings):
    world = review_world
    settings.DCP_RATE_LIMIT_PUBLIC = "4/minute"
    slug = world.program.slug
    calls = [
        lambda ip: api_client.get(f"/api/dcp/v1/public/programs/{slug}/members/", HTTP_HOST=HOST_A, REMOTE_ADDR=ip),
        lambda ip: api_client.get("/api/dcp/v1/public/badges/nobody/", HTTP_HOST=HOST_A, REMOTE_ADDR=ip),
        lambda ip: api_client.post(VERIFY, {"id": "x"}, format="json", HTTP_HOST=HOST_A, REMOTE_ADDR=ip),
        lambda ip: api_client.get(f"/api/dcp/v1/public/programs/{slug}/status-lists/1/", HTTP_HOST=HOST_A,
                                  REMOTE_ADDR=ip),
    ]
    answers = [call("10.0.0.1").status_code for call in calls]
    assert answers == [200, 200, 200, 404]  # no status list issued yet: a 404, counted all the same
    for call in calls:
        assert call("10.0.0.1").status_code == 429
    assert calls[0]("10.0.0.2").status_code == 200


def test_a_cache_that_is_down_lets_requests_through(review_world, api_client, settings):
    settings.CACHES = {**settings.CACHES, "down": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
    }}
    settings.DCP_RATE_LIMIT_CACHE = "down"
    settings.DCP_RATE_LIMIT_PUBLIC = "1/minute"
    for _ in range(3):
        response = api_client.post(VERIFY, {"id": "x"}, format="json", HTTP_HOST=HOST_A)
        assert response.status_code == 200, response.content


def _nested(depth):
    value = {}
    for _ in range(depth):
        value = {"a": value}
    return value


def test_deeply_nested_json_answers_400_never_500(review_world, api_client):
    world = review_world
    bomb = "[" * 20_000 + "]" * 20_000  # far deeper than the recursion limit, within the 100,000 characters of a jwt
    response = api_client.post(VERIFY, bomb, content_type="application/json", HTTP_HOST=HOST_A)
    assert response.status_code == 400
    assert response.json()["detail"] == "The JSON nests deeper than 32 levels."
    deep = api_client.post(VERIFY, {"credential": _nested(40)}, format="json", HTTP_HOST=HOST_A)
    assert deep.status_code == 400
    shallow = api_client.post(VERIFY, {"credential": {"id": "x", **_nested(20)}}, format="json", HTTP_HOST=HOST_A)
    assert shallow.status_code == 200 and shallow.json()["status"] == "unknown_credential"
    # Brackets inside strings are text, not nesting.
    text = api_client.post(VERIFY, {"id": "[" * 1000}, format="json", HTTP_HOST=HOST_A)
    assert text.status_code == 200 and text.json()["status"] == "unknown_credential"
    # Signed-in endpoints share the parser.
    client = world.client(UserFactory(username="deep_nominator"))
    response = client.post("/api/dcp/v1/nominations/", bomb, content_type="application/json")
    assert response.status_code == 400


def _b64(data):
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def test_a_token_with_a_deeply_nested_payload_or_header_is_malformed(review_world, api_client):
    header = _b64(json.dumps({"alg": "RS256", "kid": "k"}))
    bomb = "[" * 20_000 + "]" * 20_000  # far deeper than the recursion limit, within the 100,000 characters of a jwt
    for token in (f"{header}.{_b64(bomb)}.c2ln", f"{_b64(bomb)}.{_b64(json.dumps({'id': 'x'}))}.c2ln"):
        response = api_client.get(VERIFY, {"jwt": token}, HTTP_HOST=HOST_A)
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "malformed"
