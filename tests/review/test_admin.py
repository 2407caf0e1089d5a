"""
The panelist workspace in Django admin and the staff lists: assigned nominations only, never a conflicted one
(R10), the score form on the rubric (R12), the aggregate after one's own review (R11); staff lists scoped to
their programs (R1).
"""

import pytest
from django.test import Client

from openedx_dcp.review import api
from openedx_dcp.review.models import Assignment, Review
from tests.factories import OrganizationFactory, affiliate
from tests.review.factories import after_close
from tests.world import REVIEW_HOST_A as HOST_A
from tests.world import REVIEW_HOST_B as HOST_B

WORKSPACE = "/admin/openedx_dcp/reviewworkspaceitem/"


@pytest.fixture
def assigned(world):
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    return world


def _admin(user, host=HOST_A):
    user.is_staff = True
    user.save()
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def _first_assignment(world, nomination):
    return Assignment.objects.filter(nomination=nomination).select_related("panelist__user").order_by("pk").first()


def test_workspace_lists_my_assignments_and_hides_a_conflict(assigned):
    world = assigned
    assignment = _first_assignment(world, world.nominations[0])
    user = assignment.panelist.user
    mine = Assignment.objects.filter(panelist__user=user)
    page = _admin(user).get(WORKSPACE)
    assert page.status_code == 200
    assert page.context["cl"].result_count == mine.count()
    # A conflict that appears after assignment (the panelist joins the nominee's organization) hides it (R10).
    org = OrganizationFactory(site=world.site)
    affiliate(user, org)
    affiliate(world.nominees[0], org)
    page = _admin(user).get(WORKSPACE)
    assert page.context["cl"].result_count == mine.count() - 1
    assert _admin(user).get(f"{WORKSPACE}{assignment.pk}/change/").status_code == 302


def test_workspace_score_form_submits_a_review_then_shows_the_aggregate(assigned):
    world = assigned
    first, second = Assignment.objects.filter(nomination=world.nominations[0]).select_related(
        "panelist__user").order_by("pk")[:2]
    with after_close(world.cycle):
        api.submit_review(nomination=world.nominations[0], user=first.panelist.user, scores={"depth": 5,
                                                                                             "originality": 5,
                                                                                             "adoption": 5})
        client = _admin(second.panelist.user)
        url = f"{WORKSPACE}{second.pk}/change/"
        form = client.get(url)
        assert form.status_code == 200
        assert b"score_depth" in form.content and b"After your own review" in form.content
        assert b"100%" not in form.content
        bad = client.post(url, {"score_depth": 9, "score_originality": 3, "score_adoption": 4, "comment": ""})
        assert bad.status_code == 200 and not Review.objects.filter(assignment=second).exists()
        posted = client.post(url, {"score_depth": 4, "score_originality": 3, "score_adoption": 5,
                                   "comment": "Good", "_continue": "1"})
        assert posted.status_code == 302
        review = Review.objects.get(assignment=second)
        assert review.weighted_score == 80.0
        after = client.get(url)
        # The admin's message is a sentence: "The review assignment “…” was changed successfully."
        messages = [str(m) for m in client.get(WORKSPACE).context["messages"]] + [
            str(m) for m in posted.wsgi_request._messages]
        assert any(m.startswith("The review assignment") for m in messages), messages
        assert not any("my review assignment" in m for m in messages)
    assert b"score_depth" not in after.content
    assert b"90% over 2 review(s)" in after.content


def test_workspace_is_closed_to_non_panelists(assigned):
    world = assigned
    assert _admin(world.learner).get(WORKSPACE).status_code == 403


def test_staff_lists_are_scoped_to_their_programs(assigned):
    world = assigned
    own = _admin(world.staff).get("/admin/openedx_dcp/panelist/")
    assert own.status_code == 200 and own.context["cl"].result_count == 10
    other = _admin(world.other_staff, host=HOST_B).get("/admin/openedx_dcp/panelist/")
    assert other.status_code == 200 and other.context["cl"].result_count == 0
    assert _admin(world.learner).get("/admin/openedx_dcp/panelist/").status_code == 403
