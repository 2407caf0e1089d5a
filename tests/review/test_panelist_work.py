"""
The panelist's side of review (issue #12, R10–R13) in the domain: reviews in progress and final reviews, the
queue, the dossier, what a panelist sees of the panel's work and when; the panel endpoint in the browsable
API, seating by username and the report of a panelist without an email address.
"""

import pytest
from django.contrib.auth import get_user_model

from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.review import api
from openedx_dcp.review.models import Assignment, Review, ReviewDraft
from tests.review.factories import partner_nomination

BASE = "/api/dcp/v1/review"
SCORES = {"depth": 4, "originality": 3, "adoption": 5}


@pytest.fixture
def assigned(world):
    """Impact evaluation, reviewers assigned; ``world.conflicted`` endorsed nomination 0 before evaluation."""
    world.conflicted = world.panel_users["core_contributor"][0]
    world.nominations[0].endorsements.create(endorser=world.conflicted, role="core_contributor",
                                             statement="I worked with them for years.")
    world.to_evaluation()
    api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    return world


def _assignment(world, nomination, index=0):
    return Assignment.objects.filter(nomination=nomination).select_related("panelist__user").order_by("pk")[index]


def test_a_draft_is_saved_then_the_final_review_replaces_it_and_saving_is_refused(assigned):
    world = assigned
    nomination = world.nominations[1]
    user = _assignment(world, nomination).panelist.user
    draft = api.save_review_draft(nomination=nomination, user=user, scores={"depth": 4}, comment="So far")
    assert (draft.scores, draft.comment) == ({"depth": 4}, "So far")
    api.save_review_draft(nomination=nomination, user=user, scores={"depth": 5, "adoption": 2}, comment="More")
    assert ReviewDraft.objects.get().scores == {"depth": 5, "adoption": 2}
    api.submit_review(nomination=nomination, user=user, scores=SCORES, comment="Final")
    assert not ReviewDraft.objects.exists() and Review.objects.filter(panelist__user=user).count() == 1
    with pytest.raises(TransitionRefused, match="final"):
        api.save_review_draft(nomination=nomination, user=user, scores={"depth": 1})
    assert Review.objects.get(panelist__user=user).scores == SCORES


@pytest.mark.parametrize("scores, message", [
    ({"depth": 6}, "0 to 5"), ({"depth": -1}, "0 to 5"), ({"depth": "4"}, "0 to 5"), ({"charisma": 3}, "rubric"),
])
def test_a_draft_with_scores_off_the_rubric_is_refused(assigned, scores, message):
    world = assigned
    nomination = world.nominations[1]
    with pytest.raises(ValidationFailed, match=message):
        api.save_review_draft(nomination=nomination, user=_assignment(world, nomination).panelist.user, scores=scores)
    assert not ReviewDraft.objects.exists()


def test_r10_a_conflicted_panelist_has_no_draft_no_queue_entry_and_no_view(assigned):
    world = assigned
    nomination = world.nominations[0]
    assert nomination.pk not in api.panel_nominations(user=world.conflicted, program=world.program).values_list("pk",
                                                                                                                flat=True)
    with pytest.raises(NotPermitted):
        api.save_review_draft(nomination=nomination, user=world.conflicted, scores={"depth": 3})
    queue = api.review_queue(user=world.conflicted, program=world.program)
    listed = [n.pk for key in ("assigned", "in_progress", "done", "deliberating") for n in queue[key]]
    assert nomination.pk not in listed


def test_declaring_a_conflict_takes_the_nomination_out_of_the_queue_and_keeps_only_the_reason(assigned):
    world = assigned
    nomination = world.nominations[1]
    user = _assignment(world, nomination).panelist.user
    api.save_review_draft(nomination=nomination, user=user, scores={"depth": 2})
    before = api.review_queue(user=user, program=world.program)
    assert nomination in before["in_progress"]
    api.declare_conflict(nomination=nomination, user=user, reason="My former student.")
    after = api.review_queue(user=user, program=world.program)
    assert nomination not in after["in_progress"] + after["assigned"] + after["done"]
    assert [d["reason"] for d in after["declared"]] == ["My former student."]
    assert set(after["declared"][0]) == {"created", "reason"}  # nothing that names the nomination
    assert not ReviewDraft.objects.exists()


def test_the_queue_sorts_assigned_in_progress_and_done(assigned):
    world = assigned
    user = _assignment(world, world.nominations[1]).panelist.user
    mine = [a.nomination for a in Assignment.objects.filter(panelist__user=user).select_related("nomination")]
    queue = api.review_queue(user=user, program=world.program)
    assert sorted(n.pk for n in queue["assigned"]) == sorted(n.pk for n in mine)
    api.save_review_draft(nomination=mine[0], user=user, scores={})
    if len(mine) > 1:
        api.submit_review(nomination=mine[1], user=user, scores=SCORES)
    queue = api.review_queue(user=user, program=world.program)
    assert [n.pk for n in queue["in_progress"]] == [mine[0].pk]
    assert [n.pk for n in queue["done"]] == [n.pk for n in mine[1:2]]


def test_r11_the_aggregate_and_others_reviews_appear_only_after_ones_own_final_review(assigned):
    world = assigned
    nomination = world.nominations[1]
    first, second = (_assignment(world, nomination, i).panelist.user for i in (0, 1))
    api.submit_review(nomination=nomination, user=first, scores={"depth": 5, "originality": 5, "adoption": 5})
    before = api.panel_view_of(nomination=nomination, user=second)
    assert before["may_score"] and not before["may_see_panel"]
    assert before["aggregate"] is None and before["reviews"] == []
    api.submit_review(nomination=nomination, user=second, scores={"depth": 0, "originality": 0, "adoption": 0})
    after = api.panel_view_of(nomination=nomination, user=second)
    assert not after["may_score"] and after["aggregate"]["mean"] == 50.0 and len(after["reviews"]) == 2


def test_the_dossier_shows_endorsements_evidence_eligibility_and_partner_metrics(world):
    small = partner_nomination(world, size=20)
    world.nominations[1].endorsements.filter(endorser=world.endorsers[0]).update(statement="Mentored ten people.")
    people = api.dossier(nomination=world.nominations[1])
    assert "Mentored ten people." in [e.statement for e in people["endorsements"]]
    assert people["partner"] is None and isinstance(people["eligibility_problems"], list)
    partner = api.dossier(nomination=small)
    assert partner["partner"]["assessed_on"] == "per_employee"
    assert set(partner["partner"]) == {"organization_size", "assessed_on", "metrics"}  # the reviewer's basis only
    assert partner["recent_signals"] and partner["evidence"]["counts_by_kind"] == {"code_contribution": 1}


def test_the_panel_endpoint_answers_in_the_browsable_api(world):
    world.seat_panel()
    response = world.client(world.staff).get(f"{BASE}/cycles/{world.cycle.pk}/panel/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"] and world.panel_user_list()[0].username in response.content.decode()


def test_seating_by_username_reports_a_panelist_without_an_email(world):
    toc = world.panel_users["toc_member"][0]
    get_user_model().objects.filter(pk=toc.pk).update(email="")
    response = world.client(world.staff).post(f"{BASE}/cycles/{world.cycle.pk}/panel/",
                                              {"user": toc.username, "seat": "toc_member"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["user"] == toc.username
    assert response.json()["warnings"] == [f"{toc.username} has no email address: they will not receive the "
                                           "emails about their review assignments; tell them another way."]


def test_removing_through_the_api_needs_a_reason(world):
    panelist = api.add_panelist(cycle=world.cycle, user=world.panel_users["toc_member"][0], seat="toc_member",
                                actor=world.staff)
    url = f"{BASE}/cycles/{world.cycle.pk}/panel/{panelist.pk}/"
    client = world.client(world.staff)
    refused = client.delete(url, {}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    assert client.delete(f"{url}?reason=Moved+on").status_code == 204

