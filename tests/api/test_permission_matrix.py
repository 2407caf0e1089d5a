"""
The permission matrix of the foundation's API: every role against every endpoint, on tenant A's host.

Roles: anonymous, learner (no role), nominee, nominator, endorser (has endorsed), member (a core contributor
who has not endorsed), program staff of tenant A, program staff of tenant B (calling A), superuser, and program
staff of tenant A who sit on the cycle's panel and declared a conflict on the nomination (R10: it is hidden
from them in every role).
401 = not signed in, 403 = visible but not allowed, 404 = not visible to the caller (R1, R26), 400 = a rule
refuses.
"""

import pytest

from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api as review_api
from tests.factories import UserFactory, grant_role, make_staff

ROLES = ["anonymous", "learner", "nominee", "nominator", "endorser", "member", "staff", "other_staff", "superuser",
         "conflicted_staff"]


@pytest.fixture
def world(world):
    """The two-tenant world, plus program staff of tenant A seated on the cycle's panel who declared a conflict
    on the nomination (and hold an endorsing role, so nothing but the conflict hides it)."""
    conflicted = make_staff(world.program, UserFactory(username="conflicted_staff", is_staff=True))
    grant_role(world.program, conflicted, CommunityRole.CORE_CONTRIBUTOR)
    review_api.add_panelist(cycle=world.cycle, user=conflicted, seat=CommunityRole.CORE_CONTRIBUTOR,
                            actor=world.users["staff"])
    review_api.declare_conflict(nomination=world.nomination, user=conflicted,
                                reason="I co-founded the nominee's company.")
    world.users["conflicted_staff"] = conflicted
    return world


def _row(*codes):
    assert len(codes) == len(ROLES)
    return dict(zip(ROLES, codes))


def _consent(world):
    nominations_api.give_consent(nomination=world.nomination, actor=world.users["nominee"])


# name: (method, url(world), body(world), prepare(world) or None, expected statuses by role)
MATRIX = {
    "programs-list": ("get", lambda w: "/api/dcp/v1/programs/", None, None,
                      _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "programs-detail": ("get", lambda w: f"/api/dcp/v1/programs/{w.program.pk}/", None, None,
                        _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "programs-update": ("patch", lambda w: f"/api/dcp/v1/programs/{w.program.pk}/",
                        lambda w: {"description": "Changed."}, None,
                        _row(401, 403, 403, 403, 403, 403, 200, 403, 200, 200)),
    "programs-rules-list": ("get", lambda w: f"/api/dcp/v1/programs/{w.program.pk}/rules/", None, None,
                            _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "programs-rules-change": ("post", lambda w: f"/api/dcp/v1/programs/{w.program.pk}/rules/",
                              lambda w: {"thresholds": {"min_endorsements": 4}, "reason": "More voices."}, None,
                              _row(401, 403, 403, 403, 403, 403, 201, 403, 201, 201)),
    "tracks-list": ("get", lambda w: "/api/dcp/v1/tracks/", None, None,
                    _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "tracks-detail": ("get", lambda w: f"/api/dcp/v1/tracks/{w.track.pk}/", None, None,
                      _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "tracks-create": ("post", lambda w: "/api/dcp/v1/tracks/",
                      lambda w: {"program": w.program.pk, "slug": "rising-stars", "name": "Rising Stars",
                                 "nominee_kind": "person", "renewal_criteria": {},
                                 "rubric": [{"key": "promise", "label": "Promise", "weight": 1, "max_score": 5}],
                                 "reason": "KR 3.3: a track for newcomers."}, None,
                      _row(401, 403, 403, 403, 403, 403, 201, 403, 201, 201)),
    "tracks-update": ("patch", lambda w: f"/api/dcp/v1/tracks/{w.track.pk}/",
                      lambda w: {"name": "Distinguished Engineer (renamed)", "reason": "Naming."}, None,
                      _row(401, 403, 403, 403, 403, 403, 200, 403, 200, 200)),
    "cycles-list": ("get", lambda w: "/api/dcp/v1/cycles/", None, None,
                    _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "cycles-detail": ("get", lambda w: f"/api/dcp/v1/cycles/{w.cycle.pk}/", None, None,
                      _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "cycles-create": ("post", lambda w: "/api/dcp/v1/cycles/",
                      lambda w: {"program": w.program.pk, "slug": "2026", "name": "Cycle 2026",
                                 "nominations_open": "2026-04-15T00:00:00Z",
                                 "nominations_close": "2026-05-31T23:59:59Z",
                                 "review_start": "2026-06-01T00:00:00Z", "review_end": "2026-06-15T23:59:59Z",
                                 "announcement_at": "2026-07-01T09:00:00Z"}, None,
                      _row(401, 403, 403, 403, 403, 403, 201, 403, 201, 201)),
    "nominations-list": ("get", lambda w: "/api/dcp/v1/nominations/", None, None,
                         _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "nominations-detail": ("get", lambda w: f"/api/dcp/v1/nominations/{w.nomination.pk}/", None, None,
                           _row(401, 404, 200, 200, 200, 404, 200, 404, 200, 404)),
    "nominations-create": ("post", lambda w: "/api/dcp/v1/nominations/",
                           lambda w: {"cycle": w.cycle.pk, "track": w.track.pk, "kind": "peer",
                                      "nominee_username": "core2", "summary": "Reviews.",
                                      "impact_statement": "Faster releases."}, None,
                           _row(401, 201, 201, 201, 201, 201, 201, 201, 201, 201)),
    "nominations-edit": ("patch", lambda w: f"/api/dcp/v1/nominations/{w.nomination.pk}/",
                         lambda w: {"summary": "Edited."}, None,
                         _row(401, 404, 403, 200, 403, 404, 403, 404, 403, 404)),
    "nominations-consent": ("post", lambda w: f"/api/dcp/v1/nominations/{w.nomination.pk}/consent/", None, None,
                            _row(401, 404, 200, 403, 403, 404, 403, 404, 403, 404)),
    "nominations-submit": ("post", lambda w: f"/api/dcp/v1/nominations/{w.nomination.pk}/submit/", None,
                           _consent, _row(401, 404, 403, 200, 403, 404, 403, 404, 403, 404)),
    "nominations-withdraw": ("post", lambda w: f"/api/dcp/v1/nominations/{w.nomination.pk}/withdraw/", None,
                             None, _row(401, 404, 200, 200, 403, 404, 200, 404, 200, 404)),
    "nominations-history": ("get", lambda w: f"/api/dcp/v1/nominations/{w.nomination.pk}/history/", None, None,
                            _row(401, 404, 200, 200, 200, 404, 200, 404, 200, 404)),
    "endorsements-list": ("get", lambda w: "/api/dcp/v1/endorsements/", None, None,
                          _row(401, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "endorsements-create": ("post", lambda w: "/api/dcp/v1/endorsements/",
                            lambda w: {"nomination": w.nomination.pk, "statement": "Yes."}, None,
                            _row(401, 404, 400, 400, 400, 404, 404, 404, 404, 404)),
    # Past the nominee's consent, holders of an endorsing role see the nomination and may endorse it (R6, R26).
    "endorsements-create-consented": ("post", lambda w: "/api/dcp/v1/endorsements/",
                                      lambda w: {"nomination": w.nomination.pk, "statement": "Yes."}, _consent,
                                      _row(401, 404, 400, 400, 400, 201, 404, 404, 404, 404)),
    "endorsements-withdraw": ("post", lambda w: f"/api/dcp/v1/endorsements/{w.endorsement.pk}/withdraw/", None,
                              None, _row(401, 404, 403, 403, 200, 404, 403, 404, 403, 404)),
    # Only the endorser says whether their endorsement may be published as an EndorsementCredential.
    "endorsement-credential-consent": ("get",
                                       lambda w: f"/api/dcp/v1/endorsements/{w.endorsement.pk}/credential-consent/",
                                       None, None, _row(401, 404, 404, 404, 200, 404, 404, 404, 404, 404)),
    "endorsement-credential-consent-give": (
        "put", lambda w: f"/api/dcp/v1/endorsements/{w.endorsement.pk}/credential-consent/",
        lambda w: {"consent": True}, None, _row(401, 404, 404, 404, 200, 404, 404, 404, 404, 404)),
}

CASES = [(name, role) for name in MATRIX for role in ROLES]


@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_permission_matrix(world, name, role):
    method, url, body, prepare, expected = MATRIX[name]
    if prepare:
        prepare(world)
    client = world.client(None if role == "anonymous" else role)
    response = getattr(client, method)(url(world), body(world) if body else None, format="json")
    assert response.status_code == expected[role], response.content


@pytest.mark.parametrize("role,count", [
    ("learner", 0), ("nominee", 1), ("nominator", 1), ("endorser", 1), ("member", 0), ("staff", 1),
    ("other_staff", 0), ("superuser", 1), ("conflicted_staff", 0),
])
def test_nomination_list_shows_only_what_the_role_may_see(world, role, count):
    response = world.client(role).get("/api/dcp/v1/nominations/")
    assert response.json()["count"] == count


def test_r1_staff_of_tenant_b_see_nothing_of_tenant_a_on_their_own_host(world):
    client = world.client("other_staff", host="b.example.com")
    assert client.get("/api/dcp/v1/nominations/").json()["count"] == 0
    assert client.get(f"/api/dcp/v1/nominations/{world.nomination.pk}/").status_code == 404
    programs = client.get("/api/dcp/v1/programs/").json()["results"]
    assert [p["id"] for p in programs] == [world.program_b.pk]
    assert client.get(f"/api/dcp/v1/cycles/{world.cycle.pk}/").status_code == 404
    assert client.get("/api/dcp/v1/endorsements/").json()["count"] == 0


def test_r1_tenant_b_staff_cannot_write_into_tenant_a_programs_from_their_host(world):
    client = world.client("other_staff", host="b.example.com")
    response = client.post("/api/dcp/v1/cycles/", {
        "program": world.program.pk, "slug": "x", "name": "x", "nominations_open": "2026-04-15T00:00:00Z",
        "nominations_close": "2026-05-31T00:00:00Z", "review_start": "2026-06-01T00:00:00Z",
        "review_end": "2026-06-15T00:00:00Z", "announcement_at": "2026-07-01T00:00:00Z"}, format="json")
    assert response.status_code == 400
    assert "program" in response.json()
    assert world.program.cycles.count() == 1


def test_refused_requests_leave_the_database_unchanged(world):
    """Every 4xx of the matrix's write endpoints writes nothing."""
    def snapshot():
        return (
            list(Nomination.objects.order_by("pk").values()),
            list(Endorsement.objects.order_by("pk").values()),
            world.program.rules_versions.count(),
            world.program.cycles.count(),
            world.program.tracks.count(),
        )

    before = snapshot()
    for name, (method, url, body, _prepare, expected) in MATRIX.items():
        if method == "get":
            continue
        for role in ROLES:
            if expected[role] < 400:
                continue
            client = world.client(None if role == "anonymous" else role)
            response = getattr(client, method)(url(world), body(world) if body else None, format="json")
            assert response.status_code == expected[role], (name, role, response.content)
    assert snapshot() == before
