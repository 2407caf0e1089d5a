"""
The panelists' pages (issue #12, R10–R13): who may open them, scoring with a draft and a final review, the
panel's work only after one's own review, a conflict that hides the nomination, deliberation comments and
votes; and the assignment email's link to the page.
"""

import pytest
from django.core import mail
from django.test import Client

from openedx_dcp import notifications
from openedx_dcp.review import api
from openedx_dcp.review.models import Assignment, DeliberationComment, Review, ReviewDraft, Vote
from tests.factories import UserFactory, grant_role, make_staff
from tests.world import REVIEW_HOST_A as HOST_A
from tests.world import REVIEW_HOST_B as HOST_B
from tests.world import ReviewWorld

SCORES = {"score_depth": 4, "score_originality": 3, "score_adoption": 5}


@pytest.fixture
def world(db):
    """The review world of tests/review (two tenants, a panel to seat, three submitted nominations)."""
    return ReviewWorld()


def _client(user, host=HOST_A):
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def evaluating(world):
    world.conflicted = world.panel_users["core_contributor"][0]
    world.nominations[0].endorsements.create(endorser=world.conflicted, role="core_contributor")
    world.to_evaluation()
    api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    assignments = Assignment.objects.filter(nomination=world.nominations[0]).select_related(
        "panelist__user").order_by("pk")
    world.reviewers = [a.panelist.user for a in assignments]
    world.steward = UserFactory(username="page_steward")
    grant_role(world.program, world.steward, "steward_representative")
    world.other_tenant_panelist = UserFactory(username="b_panelist")
    return world


def _urls(world):
    slug = world.program.slug
    return {"queue": f"/dcp/{slug}/review/", "nomination": f"/dcp/{slug}/review/{world.nominations[0].pk}/"}


def test_review_pages_permission_matrix(evaluating):
    world = evaluating
    roles = {
        "anonymous": None, "learner": world.learner, "panelist": world.reviewers[0],
        "conflicted_panelist": world.conflicted, "staff": world.staff, "other_tenant_staff": world.other_staff,
        "steward": world.steward, "superuser": world.superuser,
    }
    other = _client(world.other_staff, HOST_B).get(_urls(world)["queue"]).content.decode()
    assert world.nominations[0].nominee_display not in other and "do not sit on a review panel" in other
    answered = {}
    for page, url in _urls(world).items():
        for role, user in roles.items():
            host = HOST_B if role == "other_tenant_staff" else HOST_A
            answered[(page, role)] = _client(user, host).get(url).status_code
    # Everybody signed in may open their (possibly empty) queue; only a non-conflicted panelist of the cycle
    # sees the nomination. Staff review in admin. On tenant B the same address is tenant B's own program: an
    # empty queue there, and tenant A's nomination is not found.
    assert answered == {
        ("queue", "anonymous"): 302, ("queue", "learner"): 200, ("queue", "panelist"): 200,
        ("queue", "conflicted_panelist"): 200, ("queue", "staff"): 200, ("queue", "other_tenant_staff"): 200,
        ("queue", "steward"): 200, ("queue", "superuser"): 200,
        ("nomination", "anonymous"): 302, ("nomination", "learner"): 404, ("nomination", "panelist"): 200,
        ("nomination", "conflicted_panelist"): 404, ("nomination", "staff"): 404,
        ("nomination", "other_tenant_staff"): 404, ("nomination", "steward"): 404,
        ("nomination", "superuser"): 404,
    }


def test_the_conflicted_panelist_finds_the_nomination_nowhere_on_the_pages(evaluating):
    world = evaluating
    queue = _client(world.conflicted).get(_urls(world)["queue"]).content.decode()
    assert f"/review/{world.nominations[0].pk}/" not in queue
    response = _client(world.conflicted).post(_urls(world)["nomination"], {"action": "conflict", "reason": "x"})
    assert response.status_code == 404


def test_a_panelist_saves_in_progress_submits_and_then_saving_is_refused(evaluating):
    world = evaluating
    client = _client(world.reviewers[0])
    url = _urls(world)["nomination"]
    page = client.get(url).content.decode()
    assert "Adoption in the ecosystem" in page and "weight 1" in page
    assert "The panel&#x27;s reviews" not in page and "The panel's reviews" not in page
    saved = client.post(url, {"action": "save", "score_depth": 2, "comment": "Half done"})
    assert saved.status_code == 303
    assert ReviewDraft.objects.get().scores == {"depth": 2}
    assert world.nominations[0] in api.review_queue(user=world.reviewers[0], program=world.program)["in_progress"]
    bad = client.post(url, {"action": "submit", "score_depth": 9})
    assert bad.status_code == 400 and not Review.objects.exists()
    incomplete = client.post(url, {"action": "submit", "score_depth": 3})
    assert incomplete.status_code == 400 and "missing" in incomplete.content.decode()
    assert client.post(url, {"action": "submit", **SCORES, "comment": "Solid"}).status_code == 303
    assert Review.objects.get().weighted_score == 80.0 and not ReviewDraft.objects.exists()
    final = client.get(url).content.decode()
    assert "A final review can no longer be changed." in final and "Aggregate: 80.0%" in final
    refused = client.post(url, {"action": "save", "score_depth": 1})
    assert refused.status_code == 409
    assert "final: it can no longer be changed" in refused.content.decode()
    assert Review.objects.get().scores == {"depth": 4, "originality": 3, "adoption": 5}


def test_others_reviews_only_after_ones_own(evaluating):
    world = evaluating
    api.submit_review(nomination=world.nominations[0], user=world.reviewers[0], scores={"depth": 5, "originality": 5,
                                                                                        "adoption": 5},
                      comment="Outstanding")
    second = _client(world.reviewers[1])
    assert "Outstanding" not in second.get(_urls(world)["nomination"]).content.decode()
    second.post(_urls(world)["nomination"], {"action": "submit", **SCORES})
    assert "Outstanding" in second.get(_urls(world)["nomination"]).content.decode()


def test_declaring_a_conflict_hides_the_nomination_from_then_on(evaluating):
    world = evaluating
    client = _client(world.reviewers[0])
    url = _urls(world)["nomination"]
    blank = client.post(url, {"action": "conflict", "reason": ""})
    assert blank.status_code == 400
    response = client.post(url, {"action": "conflict", "reason": "Former colleague."})
    assert response.status_code == 303 and response["Location"].endswith("/review/")
    assert client.get(url).status_code == 404
    queue = client.get(_urls(world)["queue"]).content.decode()
    assert "Former colleague." in queue and f"/review/{world.nominations[0].pk}/" not in queue


def test_comments_and_votes_while_the_cycle_deliberates(world):
    world.to_deliberation()
    reviewer = Assignment.objects.filter(nomination=world.nominations[1]).select_related("panelist__user")[0]
    client = _client(reviewer.panelist.user)
    url = f"/dcp/{world.program.slug}/review/{world.nominations[1].pk}/"
    assert client.post(url, {"action": "comment", "body": "Strong case."}).status_code == 303
    assert client.post(url, {"action": "vote", "choice": "selected"}).status_code == 303
    assert DeliberationComment.objects.get().body == "Strong case."
    assert Vote.objects.get().choice == "selected"
    api.stage_decision(nomination=world.nominations[1], actor=world.staff, outcome="selected", rationale="Consensus.")
    closed = client.post(url, {"action": "vote", "choice": "not_selected"})
    assert closed.status_code == 409 and "votes are closed" in closed.content.decode()
    assert Vote.objects.get().choice == "selected"


def test_staff_who_sit_on_no_panel_do_not_see_the_review_entry_panelists_do(evaluating):
    world = evaluating
    home = f"/dcp/{world.program.slug}/"
    assert "My reviews" in _client(world.reviewers[0]).get(home).content.decode()
    assert "My reviews" not in _client(make_staff(world.program, UserFactory(username="s2"))).get(home).content.decode()


def test_the_assignment_email_links_to_the_review_pages(evaluating, settings):
    world = evaluating
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    panelist = Assignment.objects.filter(panelist__user=world.reviewers[0]).select_related("panelist")[0].panelist
    mail.outbox.clear()
    notifications.deliver(template="panelist_assigned", audience="panelist.assignments",
                          model="openedx_dcp.panelist", pk=panelist.pk, nomination_ids=[world.nominations[0].pk])
    body = mail.outbox[0].body
    assert f"https://{HOST_A}/dcp/{world.program.slug}/review/{world.nominations[0].pk}/" in body
    assert f"https://{HOST_A}/dcp/{world.program.slug}/review/\n" in body
