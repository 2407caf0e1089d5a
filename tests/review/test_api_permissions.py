"""
Who may call each review endpoint (R1, R9–R11): every role of the program, staff of another tenant (calling
either tenant), the superuser, an assigned panelist, a conflicted panelist and a steward; bad input answers
400 with field messages; list endpoints cost the same number of queries at any size (P3).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_dcp.review import api
from openedx_dcp.review.models import Assignment, Panelist
from tests.factories import UserFactory
from tests.review.factories import after_close, submitted_nomination
from tests.world import REVIEW_HOST_B as HOST_B

BASE = "/api/dcp/v1/review"
SCORES = {"depth": 4, "originality": 3, "adoption": 5}
ROLES = ["anonymous", "learner", "nominee", "nominator", "endorser", "staff", "other_staff_a", "other_staff_b",
         "superuser", "panelist", "conflicted_panelist"]


@pytest.fixture
def evaluating(world):
    """The world in impact evaluation with reviewers assigned; one panelist endorsed nomination 0."""
    conflicted = world.panel_users["core_contributor"][1]
    world.nominations[0].endorsements.create(endorser=conflicted, role="core_contributor")
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    assigned = Assignment.objects.filter(nomination=world.nominations[0]).select_related("panelist__user").first()
    world.roles = {
        "anonymous": None, "learner": world.learner, "nominee": world.nominees[0],
        "nominator": world.nominators[0], "endorser": world.endorsers[0], "staff": world.staff,
        "other_staff_a": world.other_staff, "other_staff_b": world.other_staff, "superuser": world.superuser,
        "panelist": assigned.panelist.user, "conflicted_panelist": conflicted,
    }
    return world


def _call(world, role, method, url, body=None):
    host = HOST_B if role == "other_staff_b" else None
    client = world.client(world.roles[role], **({"host": host} if host else {}))
    with after_close(world.cycle):
        return getattr(client, method)(url, body or {}, format="json")


DENIED = {"anonymous": 401, "learner": 403, "nominee": 403, "nominator": 403, "endorser": 403,
          "other_staff_a": 403, "other_staff_b": 404}
HIDDEN = {"anonymous": 401, "learner": 404, "nominee": 404, "nominator": 404, "endorser": 404,
          "other_staff_a": 404, "other_staff_b": 404, "conflicted_panelist": 404}

MATRIX = [
    ("get", "cycle", "panel/", None,
     {**DENIED, "staff": 200, "superuser": 200, "panelist": 200, "conflicted_panelist": 200}),
    ("post", "cycle", "panel/", "new_seat",
     {**DENIED, "staff": 409, "superuser": 409, "panelist": 403, "conflicted_panelist": 403}),
    ("get", "cycle", "report/", None,
     {**DENIED, "staff": 200, "superuser": 200, "panelist": 200, "conflicted_panelist": 200}),
    ("post", "cycle", "actions/start_deliberation/", None,
     {**DENIED, "staff": 409, "superuser": 409, "panelist": 403, "conflicted_panelist": 403}),
    ("post", "cycle", "actions/approve/", None,
     {**DENIED, "staff": 409, "superuser": 409, "panelist": 403, "conflicted_panelist": 403}),
    ("get", "cycle", "export.csv", None,
     {**DENIED, "staff": 200, "superuser": 200, "panelist": 403, "conflicted_panelist": 403}),
    ("get", "nomination", "", None, {**HIDDEN, "staff": 200, "superuser": 200, "panelist": 200}),
    ("get", "nomination", "reviews/", None, {**HIDDEN, "staff": 200, "superuser": 200, "panelist": 200}),
    ("post", "nomination", "reviews/", {"scores": SCORES},
     {**HIDDEN, "staff": 403, "superuser": 403, "panelist": 201}),
    ("get", "nomination", "assignments/", None, {**HIDDEN, "staff": 200, "superuser": 200, "panelist": 403}),
    ("post", "nomination", "assignments/", "panelist_id",
     {**HIDDEN, "staff": 201, "superuser": 201, "panelist": 403}),
    ("get", "nomination", "conflicts/", None, {**HIDDEN, "staff": 200, "superuser": 200, "panelist": 403}),
    ("post", "nomination", "decision/", {"outcome": "selected", "rationale": "Yes."},
     {**HIDDEN, "staff": 409, "superuser": 409, "panelist": 403}),
    ("post", "nomination", "votes/", {"choice": "selected"},
     {**HIDDEN, "staff": 403, "superuser": 403, "panelist": 409}),
    ("post", "nomination", "rescind/", {"note": "Why"},
     {**HIDDEN, "staff": 409, "superuser": 409, "panelist": 403}),
]


@pytest.mark.parametrize("method, scope, path, body, expected", MATRIX,
                         ids=[f"{m} {s}/{p}" for m, s, p, _, _ in MATRIX])
def test_permission_matrix(evaluating, method, scope, path, body, expected):
    """Every role calls the endpoint in turn (the one that may change something last among those who may)."""
    world = evaluating
    target = world.cycle.pk if scope == "cycle" else world.nominations[0].pk
    url = f"{BASE}/{'cycles' if scope == 'cycle' else 'nominations'}/{target}/{path}"
    if body == "new_seat":
        body = {"user": world.learner.username, "seat": "toc_member"}
    elif body == "panelist_id":
        free = Panelist.objects.filter(cycle=world.cycle).exclude(
            assignments__nomination=world.nominations[0]).exclude(user=world.roles["conflicted_panelist"]).first()
        body = {"username": free.user.username}
    answered = {role: _call(world, role, method, url, body).status_code for role in ROLES}
    assert answered == expected


@pytest.mark.parametrize("role, expected", [
    ("anonymous", 401), ("learner", 404), ("nominee", 403), ("endorser", 404), ("staff", 403),
    ("other_staff_b", 404), ("nominator", 202),
])
def test_endorsement_request_permissions(world, role, expected):
    nomination = world.nominations[0]
    nomination.state = "draft"
    nomination.save()
    asked = world.panel_users["core_contributor"][0]
    roles = {"anonymous": None, "learner": world.learner, "nominee": world.nominees[0],
             "endorser": UserFactory(username="stranger"), "staff": world.staff, "other_staff_b": world.other_staff,
             "nominator": world.nominators[0]}
    client = world.client(roles[role], **({"host": HOST_B} if role == "other_staff_b" else {}))
    response = client.post(f"/api/dcp/v1/nominations/{nomination.pk}/endorsement-requests/",
                           {"endorser": asked.username}, format="json")
    assert response.status_code == expected, response.content


def test_the_nomination_list_shows_each_role_its_own(evaluating):
    world = evaluating
    counts = {}
    for role in ROLES:
        response = _call(world, role, "get", f"{BASE}/nominations/")
        counts[role] = response.json()["count"] if response.status_code == 200 else response.status_code
    panelist = world.roles["panelist"]
    assigned = Assignment.objects.filter(panelist__user=panelist).count()
    assert counts == {"anonymous": 401, "learner": 0, "nominee": 0, "nominator": 0, "endorser": 0, "staff": 3,
                      "other_staff_a": 0, "other_staff_b": 0, "superuser": 3, "panelist": assigned,
                      "conflicted_panelist": Assignment.objects.filter(
                          panelist__user=world.roles["conflicted_panelist"]).count()}
    conflicted = _call(world, "conflicted_panelist", "get", f"{BASE}/nominations/").json()["results"]
    assert world.nominations[0].pk not in [n["id"] for n in conflicted]


@pytest.mark.parametrize("body, field", [
    ({"user": "nobody_by_that_name", "seat": "toc_member"}, "user"),
    ({"seat": "toc_member"}, "user"),
    ({"user": "LEARNER", "seat": "toc_member"}, "seat"),
])
def test_bad_panel_input_answers_400_with_field_messages(world, body, field):
    if body.get("user") == "LEARNER":
        body = {"user": world.panel_users["toc_member"][0].username, "seat": "chair"}
    response = world.client(world.staff).post(f"{BASE}/cycles/{world.cycle.pk}/panel/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Panelist.objects.exists()


def test_bad_review_input_answers_400_and_writes_nothing(evaluating):
    world = evaluating
    response = _call(world, "panelist", "post", f"{BASE}/nominations/{world.nominations[0].pk}/reviews/",
                     {"scores": {"depth": 9}})
    assert response.status_code == 400 and "scores" in response.json()
    response = _call(world, "panelist", "post", f"{BASE}/nominations/{world.nominations[0].pk}/reviews/", {})
    assert response.status_code == 400 and "scores" in response.json()
    assert not world.nominations[0].panel_reviews.exists()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("as_role", ["staff", "panelist"])
def test_p3_review_list_queries_do_not_grow_with_data(world, as_role):
    more = [submitted_nomination(world.cycle, world.track, UserFactory(username=f"nr{i}"),
                                 UserFactory(username=f"ne{i}"), world.endorsers) for i in range(5)]
    world.to_evaluation()
    user = world.staff
    if as_role == "panelist":
        user = world.panel_users["toc_member"][0]
        with after_close(world.cycle):
            for nomination in world.nominations[:1]:
                api.assign(nomination=nomination, panelist=Panelist.objects.get(user=user), actor=world.staff)
    client = world.client(user)
    small = _queries(client, f"{BASE}/nominations/?page_size=2")
    with after_close(world.cycle):
        for nomination in world.nominations + more:
            api.assign(nomination=nomination, panelist=Panelist.objects.get(user=world.panel_users["toc_member"][0]),
                       actor=world.staff)
            api.submit_review(nomination=nomination, user=world.panel_users["toc_member"][0], scores=SCORES)
    large = _queries(client, f"{BASE}/nominations/?page_size=50")
    assert small == large


def test_p3_panel_list_queries_do_not_grow_with_data(world):
    client = world.client(world.staff)
    api.add_panelist(cycle=world.cycle, user=world.panel_users["toc_member"][0], seat="toc_member", actor=world.staff)
    small = _queries(client, f"{BASE}/cycles/{world.cycle.pk}/panel/")
    for user in world.panel_user_list()[1:]:
        seat = next(seat for seat, group in world.panel_users.items() if user in group)
        api.add_panelist(cycle=world.cycle, user=user, seat=seat, actor=world.staff)
    assert _queries(client, f"{BASE}/cycles/{world.cycle.pk}/panel/") == small


def test_p3_conflict_list_queries_do_not_grow_with_the_panel(world):
    with after_close(world.cycle):
        api.screen_cycle(cycle=world.cycle, actor=world.staff)
    client = world.client(world.staff)
    api.add_panelist(cycle=world.cycle, user=world.panel_users["toc_member"][0], seat="toc_member", actor=world.staff)
    world.nominations[0].endorsements.create(endorser=world.panel_users["toc_member"][0], role="toc_member")
    url = f"{BASE}/nominations/{world.nominations[0].pk}/conflicts/"
    small = _queries(client, url)
    for user in world.panel_user_list()[1:]:
        seat = next(seat for seat, group in world.panel_users.items() if user in group)
        api.add_panelist(cycle=world.cycle, user=user, seat=seat, actor=world.staff)
        world.nominations[0].endorsements.create(endorser=user, role=seat)
    assert len(client.get(url).json()["results"]) == 10
    assert _queries(client, url) == small


def test_p3_review_list_staged_decisions_add_no_query(world):
    """A decision on the page (with who recorded it) is read with its nomination, however many there are."""
    from django.utils import timezone  # noqa: PLC0415

    from openedx_dcp.review.models import Decision  # noqa: PLC0415

    more = [submitted_nomination(world.cycle, world.track, UserFactory(username=f"nd{i}"),
                                 UserFactory(username=f"nf{i}"), world.endorsers) for i in range(4)]
    world.to_evaluation()
    client = world.client(world.staff)
    nominations = world.nominations + more
    Decision.objects.create(nomination=nominations[0], outcome="selected", rationale="Outstanding.",
                            votes_selected=3, recorded_by=world.staff, recorded_at=timezone.now())
    one = _queries(client, f"{BASE}/nominations/")
    for nomination in nominations[1:]:
        Decision.objects.create(nomination=nomination, outcome="not_selected", rationale="Not yet.",
                                votes_not_selected=2, recorded_by=UserFactory(), recorded_at=timezone.now())
    rows = client.get(f"{BASE}/nominations/").json()["results"]
    assert all(row["decision"] and row["decision"]["recorded_by"] for row in rows)
    assert _queries(client, f"{BASE}/nominations/") == one
