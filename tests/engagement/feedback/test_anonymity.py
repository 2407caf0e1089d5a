"""
ADR 0019: an anonymous answer is never linkable to a person, even by staff: not by a column, an ordered key or a
timestamp of the answer tables, not in results, exports or admin, not by watching results while people answer,
and not after retirement.
"""

import csv
import datetime
import io
import uuid

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.utils import timezone

import openedx_dcp.admin  # noqa: F401  (registers the plugin's admin)
from openedx_dcp.engagement.feedback import api
from openedx_dcp.engagement.feedback.models import (
    FeedbackAnswer,
    FeedbackParticipation,
    FeedbackResponse,
    FeedbackRound,
)
from openedx_dcp.retirement import retire_user_data
from tests.engagement.feedback.conftest import answers_for, make_round
from tests.factories import UserFactory
from tests.membership.factories import announced_cycle, make_membership

User = get_user_model()


def _answer_all(fw, feedback_round, people, texts=None):
    for index, person in enumerate(people):
        text = (texts or {}).get(index, f"Idea number {index}")
        api.submit_response(feedback_round=feedback_round, user=person,
                            answers=answers_for(feedback_round, number=1 + index % 5, text=text))


@pytest.fixture
def members(fw):
    cycle = announced_cycle(fw.program, slug="2023")
    # Usernames that appear nowhere else on a page or in a file, so that finding one would mean a link.
    return [make_membership(cycle, user=UserFactory(username=f"zq-voice-{index}")).user for index in range(5)]


def test_adr0019_no_column_of_the_answer_tables_points_to_a_person_or_an_order(fw, members):
    _answer_all(fw, fw.members_round, members)
    for model in (FeedbackResponse, FeedbackAnswer):
        for field in model._meta.concrete_fields:
            # No timestamp, no auto-incremented key, no link to a user that is ever set in an anonymous round.
            assert not isinstance(field, (models.DateTimeField, models.DateField)) or field.name == "submitted_at"
            assert not isinstance(field, (models.AutoField, models.BigAutoField))
            if field.is_relation:
                assert field.related_model in {FeedbackResponse, User, fw.members_round.questions.model,
                                               type(fw.members_round)}
        keys = list(model.objects.values_list("pk", flat=True))
        assert all(isinstance(key, uuid.UUID) and key.version == 4 for key in keys)
    rows = list(FeedbackResponse.objects.filter(round=fw.members_round).values())
    assert len(rows) == 5
    for row in rows:
        assert set(row) == {"id", "round_id", "anonymous", "respondent_id", "submitted_at"}
        assert (row["anonymous"], row["respondent_id"], row["submitted_at"]) == (True, None, None)
    # Every column of every answer row: the answer itself, its question and its (random) response; no person.
    for row in FeedbackAnswer.objects.filter(response__round=fw.members_round).values():
        assert set(row) == {"id", "response_id", "question_id", "number", "choice", "text"}
        assert not {str(value) for value in row.values()} & {p.username for p in members}
    # Participation says who answered, and nothing else: no column in common with the answers but the round.
    participation_columns = {f.column for f in FeedbackParticipation._meta.concrete_fields}
    assert participation_columns == {"id", "round_id", "user_id"}


def test_adr0019_keys_of_responses_do_not_follow_the_order_of_participation(fw, members):
    """Sorting responses by their key gives no order that matches who answered first (random UUIDs)."""
    orders = set()
    for attempt in range(3):
        round_ = fw.members_round if attempt == 0 else None
        if round_ is None:
            round_ = make_round(fw.program, f"shuffle-{attempt}")
        _answer_all(fw, round_, members, texts={i: f"{i}" for i in range(5)})
        by_key = FeedbackResponse.objects.filter(round=round_).order_by("pk")
        texts = [r.answers.get(question__kind="text").text for r in by_key]
        orders.add(tuple(texts))
    # Three rounds answered in the same order: their keys' order differs (a 1 in 120^2 chance of a false alarm).
    assert len(orders) > 1


def test_adr0019_staff_see_an_anonymous_round_only_once_closed_and_without_people(fw, members):
    staff = fw.users["staff"]
    _answer_all(fw, fw.members_round, members, texts={0: "Mine, by the first member"})
    open_summary = api.results(feedback_round=fw.members_round, user=staff)
    assert open_summary["hidden"] and all(not q["options"] and not q["texts"] for q in open_summary["questions"])
    with pytest.raises(Exception, match="shown once it closes"):
        api.results_csv(feedback_round=fw.members_round, user=staff)
    api.close_round(feedback_round=fw.members_round, actor=staff)
    summary = api.results(feedback_round=fw.members_round, user=staff)
    assert summary["hidden"] == "" and summary["responses"] == 5
    texts = summary["questions"][2]["texts"]
    assert [t["by"] for t in texts] == [""] * 5
    # Listed by text, not by arrival.
    assert [t["text"] for t in texts] == sorted(t["text"] for t in texts)
    exported = list(csv.reader(io.StringIO(api.results_csv(feedback_round=fw.members_round, user=staff))))
    assert exported[0] == [q.prompt for q in fw.members_round.questions.order_by("order")]
    flat = " ".join(" ".join(row) for row in exported)
    for person in members:
        assert person.username not in flat and str(person.pk) not in [c for row in exported for c in row]
    assert exported[1:] == sorted(exported[1:])


def test_adr0019_a_small_anonymous_round_shows_nothing(fw):
    api.submit_response(feedback_round=fw.members_round, user=fw.users["member"], answers=answers_for(fw.members_round))
    api.close_round(feedback_round=fw.members_round, actor=fw.users["staff"])
    summary = api.results(feedback_round=fw.members_round, user=fw.users["staff"])
    assert "Fewer than 3 people" in summary["hidden"]
    assert api.awareness(program=fw.program) is None


def test_adr0019_admin_has_no_page_for_responses_answers_or_participations(fw, members):
    for model in (FeedbackResponse, FeedbackAnswer, FeedbackParticipation):
        assert not admin.site.is_registered(model)
    _answer_all(fw, fw.members_round, members, texts={0: "secret idea"})
    api.close_round(feedback_round=fw.members_round, actor=fw.users["staff"])
    client = Client(HTTP_HOST=fw.host_a)
    client.force_login(fw.users["superuser"])
    page = client.get(f"/admin/openedx_dcp/feedbackround/{fw.members_round.pk}/change/").content.decode()
    assert "secret idea" in page
    for person in members:
        assert person.username not in page


def test_retirement_removes_named_answers_and_leaves_anonymous_ones_unlinked(fw, members):
    member = fw.users["member"]
    api.submit_response(feedback_round=fw.members_round, user=member,
                        answers=answers_for(fw.members_round, text="Anonymous words"))
    panelist = fw.users["panelist"]
    api.submit_response(feedback_round=fw.panel_round, user=panelist,
                        answers=answers_for(fw.panel_round, choice="Slack", text="Named words"))
    retire_user_data(member)
    assert FeedbackAnswer.objects.filter(text="Anonymous words").exists()
    retire_user_data(panelist)
    assert not FeedbackResponse.objects.filter(round=fw.panel_round).exists()
    assert not FeedbackAnswer.objects.filter(text="Named words").exists()
    assert not FeedbackParticipation.objects.filter(user__in=[member, panelist]).exists()
    kept = FeedbackAnswer.objects.get(text="Anonymous words")
    assert kept.response.respondent_id is None and kept.response.submitted_at is None


def test_adr0019_an_anonymous_round_past_its_closing_date_shows_its_results_before_the_sweep(fw, members):
    _answer_all(fw, fw.members_round, members)
    FeedbackRound.objects.filter(pk=fw.members_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1), opens_at=timezone.now() - datetime.timedelta(days=3))
    fw.members_round.refresh_from_db()
    assert fw.members_round.state == "open"
    assert api.results(feedback_round=fw.members_round, user=fw.users["staff"])["hidden"] == ""
    assert api.awareness(program=fw.program)["respondents"] == 5
