"""
Feedback rounds (R20): the workflow, dates, audience, one answer per person, and clear refusals that write
nothing.
"""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from openedx_dcp.engagement.feedback import api
from openedx_dcp.engagement.feedback.models import (
    FeedbackAnswer,
    FeedbackParticipation,
    FeedbackResponse,
    FeedbackRound,
    QuestionKind,
    RoundState,
)
from openedx_dcp.exceptions import NotFound, NotPermitted, RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.outbox import api as outbox
from tests.engagement.feedback.conftest import answers_for, make_round


def _counts():
    return (FeedbackParticipation.objects.count(), FeedbackResponse.objects.count(), FeedbackAnswer.objects.count())


def test_r20_a_member_answers_once_and_a_second_answer_is_refused_clearly(fw):
    member = fw.users["member"]
    api.submit_response(feedback_round=fw.members_round, user=member, answers=answers_for(fw.members_round))
    before = _counts()
    with pytest.raises(RuleViolation) as refused:
        api.submit_response(feedback_round=fw.members_round, user=member, answers=answers_for(fw.members_round))
    assert refused.value.code == "already_answered"
    assert "already answered" in refused.value.message
    assert _counts() == before


def test_r20_one_answer_per_person_is_a_database_constraint(fw):
    member = fw.users["member"]
    api.submit_response(feedback_round=fw.members_round, user=member, answers=answers_for(fw.members_round))
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackParticipation.objects.create(round=fw.members_round, user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        named = api.submit_response(feedback_round=fw.panel_round, user=fw.users["panelist"],
                                    answers=answers_for(fw.panel_round, choice="Slack"))
        FeedbackResponse.objects.create(round=fw.panel_round, anonymous=False, respondent=named.respondent,
                                        submitted_at=timezone.now())


def test_r20_a_double_submit_that_slips_past_the_check_is_refused_by_the_constraint_and_writes_nothing(fw):
    """Two submits at the same moment: both pass the "already answered" check; the constraint stops one."""
    member = fw.users["member"]
    api.submit_response(feedback_round=fw.members_round, user=member, answers=answers_for(fw.members_round))
    before = _counts()
    with mock.patch.object(api, "has_answered", return_value=False):
        with pytest.raises(RuleViolation) as refused:
            api.submit_response(feedback_round=fw.members_round, user=member, answers=answers_for(fw.members_round))
    assert refused.value.code == "already_answered"
    assert _counts() == before


def test_r20_invalid_answers_are_refused_per_question_and_nothing_is_written(fw):
    scale, choice, text = fw.members_round.questions.order_by("order")
    before = _counts()
    with pytest.raises(ValidationFailed) as refused:
        api.submit_response(feedback_round=fw.members_round, user=fw.users["member"],
                            answers={scale.pk: 9, choice.pk: "Somewhere else", 999999: "x"})
    errors = refused.value.errors
    assert set(errors) == {f"answers.{scale.pk}", f"answers.{choice.pk}", "answers.999999"}
    assert "from 1 to 5" in errors[f"answers.{scale.pk}"][0]
    assert _counts() == before
    with pytest.raises(ValidationFailed) as missing:
        api.submit_response(feedback_round=fw.members_round, user=fw.users["member"], answers={text.pk: "hi"})
    assert missing.value.errors[f"answers.{scale.pk}"] == ["Answer this question: it is required."]
    assert _counts() == before


def test_r20_answers_are_refused_before_the_round_opens_and_after_it_closes(fw):
    now = timezone.now()
    early = make_round(fw.program, "later", opens_at=now + datetime.timedelta(days=2),
                       closes_at=now + datetime.timedelta(days=9))
    with pytest.raises(RuleViolation) as refused:
        api.submit_response(feedback_round=early, user=fw.users["member"], answers=answers_for(early))
    assert refused.value.code == "round_not_open" and "opens on" in refused.value.message
    # Past its closing date, still open until the sweep runs: refused all the same.
    FeedbackRound.objects.filter(pk=fw.members_round.pk).update(closes_at=now - datetime.timedelta(minutes=1),
                                                                opens_at=now - datetime.timedelta(days=9))
    fw.members_round.refresh_from_db()
    with pytest.raises(RuleViolation) as late:
        api.submit_response(feedback_round=fw.members_round, user=fw.users["member"],
                            answers=answers_for(fw.members_round))
    assert late.value.code == "round_closed" and "closed on" in late.value.message
    assert api.close_due_rounds() == 1
    fw.members_round.refresh_from_db()
    assert fw.members_round.state == RoundState.CLOSED
    with pytest.raises(RuleViolation):
        api.submit_response(feedback_round=fw.draft_round, user=fw.users["member"], answers=answers_for(fw.draft_round))
    assert _counts() == (0, 0, 0)


def test_r20_only_the_audience_answers(fw):
    for user in (fw.users["learner"], fw.users["panelist"], fw.users["nominator"], fw.member_of_b()):
        with pytest.raises(RuleViolation) as refused:
            api.submit_response(feedback_round=fw.members_round, user=user, answers=answers_for(fw.members_round))
        assert refused.value.code == "not_in_audience"
        with pytest.raises(NotFound):
            api.visible_round(program=fw.program, slug=fw.members_round.slug, user=user)
    with pytest.raises(RuleViolation):
        api.submit_response(feedback_round=fw.panel_round, user=fw.users["member"], answers=answers_for(fw.panel_round))
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize("audience,who,outsider", [
    ("nominators", "nominator", "learner"),
    ("endorsers", "endorser", "nominee"),
    ("signed_in", "learner", None),
    ("panel", "panelist", "member"),
    ("members", "member", "endorser"),
])
def test_r20_each_audience_is_computed_from_the_program(fw, audience, who, outsider):
    Nomination.objects.filter(pk=fw.nomination.pk).update(submitted_at=timezone.now())
    feedback_round = make_round(fw.program, f"aud-{audience}", audience=audience)
    assert api.answerable_problem(feedback_round=feedback_round, user=fw.users[who]) is None
    if outsider:
        assert api.answerable_problem(feedback_round=feedback_round, user=fw.users[outsider]).code == "not_in_audience"


def test_opening_needs_questions_and_a_closing_date_ahead_and_staff(fw):
    now = timezone.now()
    empty = api.create_round(program=fw.program, actor=fw.users["staff"], slug="empty", title="Empty",
                             opens_at=now, closes_at=now + datetime.timedelta(days=3))
    with pytest.raises(TransitionRefused, match="at least one question"):
        api.open_round(feedback_round=empty, actor=fw.users["staff"])
    with pytest.raises(NotPermitted):
        api.open_round(feedback_round=fw.draft_round, actor=fw.users["other_staff"])
    with pytest.raises(NotPermitted):
        api.create_round(program=fw.program, actor=fw.users["member"], slug="x", title="X", opens_at=now,
                         closes_at=now + datetime.timedelta(days=1))
    with pytest.raises(ValidationFailed) as bad_dates:
        api.create_round(program=fw.program, actor=fw.users["staff"], slug="x", title="X", opens_at=now,
                         closes_at=now - datetime.timedelta(days=1))
    assert bad_dates.value.field == "closes_at"
    assert FeedbackRound.objects.filter(slug="x").count() == 0


def test_opening_a_round_emails_its_audience_and_fixes_its_questions(fw, settings):
    fw.users["member"].email = "member@example.com"
    fw.users["member"].save()
    outbox.drain(include_not_due=True)
    mail.outbox.clear()
    api.open_round(feedback_round=fw.draft_round, actor=fw.users["staff"])
    outbox.drain(include_not_due=True)
    assert [m.to for m in mail.outbox] == [["member@example.com"]]
    assert "asks for your feedback" in mail.outbox[0].subject
    assert "/dcp/dcp/feedback/draft/" in mail.outbox[0].body
    assert "anonymous" in mail.outbox[0].body
    with pytest.raises(RuleViolation, match="only while the round is a draft"):
        api.save_question(feedback_round=fw.draft_round, actor=fw.users["staff"], kind=QuestionKind.TEXT,
                          prompt="Late question")
    with pytest.raises(RuleViolation, match="fixed once it opens"):
        api.update_round(feedback_round=fw.draft_round, actor=fw.users["staff"], anonymous=False)


def test_the_awareness_question_must_name_its_not_aware_choice(fw):
    with pytest.raises(ValidationFailed) as refused:
        api.save_question(feedback_round=fw.draft_round, actor=fw.users["staff"], kind=QuestionKind.CHOICE,
                          prompt="Heard of us?", choices=["No", "Yes"], measures_awareness=True,
                          not_aware_choice="Never")
    assert refused.value.field == "not_aware_choice"
    with pytest.raises(RuleViolation, match="one awareness question"):
        api.save_question(feedback_round=fw.draft_round, actor=fw.users["staff"], kind=QuestionKind.CHOICE,
                          prompt="Heard of us?", choices=["No", "Yes"], measures_awareness=True,
                          not_aware_choice="No")


def test_the_command_closes_rounds_past_their_closing_date(fw):
    FeedbackRound.objects.filter(pk=fw.panel_round.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=5), closes_at=timezone.now() - datetime.timedelta(hours=1))
    out = io.StringIO()
    call_command("dcp_close_feedback_rounds", stdout=out)
    assert out.getvalue().strip() == "Feedback rounds closed: 1"
    fw.panel_round.refresh_from_db()
    fw.members_round.refresh_from_db()
    assert (fw.panel_round.state, fw.members_round.state) == ("closed", "open")
