"""
Feedback rounds in Django admin: staff of the tenant write a round and its questions through the domain, open
it with an action, read its results; staff of another tenant see none of it; a program change cites a round.
"""

import datetime

from django.test import Client
from django.utils import timezone

from openedx_dcp.engagement.feedback.models import FeedbackQuestion, FeedbackRound, ProgramChangeFromFeedback
from openedx_dcp.programs import api as programs_api


def admin_client(fw, role, host=None):
    client = Client(HTTP_HOST=host or fw.host_a)
    client.force_login(fw.users[role])
    return client


def _when(days):
    return (timezone.now() + datetime.timedelta(days=days)).strftime("%Y-%m-%d")


def test_staff_write_a_round_with_questions_and_open_it_in_admin(fw):
    client = admin_client(fw, "staff")
    response = client.post("/admin/openedx_dcp/feedbackround/add/", {
        "program": fw.program.pk, "slug": "admin-made", "title": "Made in admin", "description": "",
        "audience": "members", "anonymous": "on",
        "opens_at_0": _when(-1), "opens_at_1": "09:00:00", "closes_at_0": _when(10), "closes_at_1": "09:00:00",
        "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0", "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-order": "1", "questions-0-kind": "choice", "questions-0-prompt": "Heard of us?",
        "questions-0-help_text": "", "questions-0-required": "on", "questions-0-choices": '["No", "Yes, on Slack"]',
        "questions-0-scale_min": "1", "questions-0-scale_max": "5", "questions-0-measures_awareness": "on",
        "questions-0-not_aware_choice": "No",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    made = FeedbackRound.objects.get(slug="admin-made")
    assert (made.state, made.created_by) == ("draft", fw.users["staff"])
    assert list(made.questions.values_list("prompt", "measures_awareness")) == [("Heard of us?", True)]
    client.post("/admin/openedx_dcp/feedbackround/", {"action": "open_rounds", "_selected_action": [made.pk]})
    made.refresh_from_db()
    assert made.state == "open"
    page = client.get(f"/admin/openedx_dcp/feedbackround/{made.pk}/change/").content.decode()
    assert "Answers per question" not in page and "shown once it closes" in page


def test_another_tenants_staff_see_no_round_and_cannot_open_one(fw):
    other = admin_client(fw, "other_staff", host=fw.host_b)
    listing = other.get("/admin/openedx_dcp/feedbackround/").content.decode()
    assert fw.members_round.title not in listing and fw.round_b.title in listing
    assert other.get(f"/admin/openedx_dcp/feedbackround/{fw.draft_round.pk}/change/").status_code in (302, 404)
    other.post("/admin/openedx_dcp/feedbackround/", {"action": "open_rounds", "_selected_action": [fw.draft_round.pk]})
    fw.draft_round.refresh_from_db()
    assert fw.draft_round.state == "draft"


def test_questions_of_an_open_round_are_read_only_in_admin(fw):
    client = admin_client(fw, "staff")
    page = client.get(f"/admin/openedx_dcp/feedbackround/{fw.members_round.pk}/change/").content.decode()
    assert 'name="questions-0-prompt"' not in page
    assert FeedbackQuestion.objects.filter(round=fw.members_round).count() == 3


def test_staff_cite_a_round_for_a_rules_change_in_admin(fw):
    version = programs_api.change_thresholds(program=fw.program, actor=fw.users["staff"], reason="Shorter form",
                                             min_endorsements=2)
    client = admin_client(fw, "staff")
    form = client.get("/admin/openedx_dcp/programchangefromfeedback/add/").content.decode()
    assert fw.members_round.title in form and fw.round_b.title not in form
    response = client.post("/admin/openedx_dcp/programchangefromfeedback/add/", {
        "rules_version": version.pk, "round": fw.members_round.pk, "reason": "Members asked for it."})
    assert response.status_code == 302, response.content.decode()[:2000]
    change = ProgramChangeFromFeedback.objects.get()
    assert (change.rules_version, change.round, change.recorded_by) == (version, fw.members_round, fw.users["staff"])
    again = client.post("/admin/openedx_dcp/programchangefromfeedback/add/", {
        "rules_version": version.pk, "round": fw.members_round.pk, "reason": "Twice."})
    assert again.status_code == 200 and "already cites its feedback" in again.content.decode()
    assert ProgramChangeFromFeedback.objects.count() == 1
