"""
Feedback rounds (R20, KR 3.2, KR 1.3) and the program changes they motivate (KR 3.3, R24): the functions the
REST API, the pages, admin, the demo and the dashboard call.

Staff write a round and its questions while it is a draft, then open it (the audience is invited by email) and
close it (or the sweep closes it after ``closes_at``). A person in the audience answers once, between the dates.
In an anonymous round nothing the plugin shows or exports, nor any column it stores, links an answer to the
person who gave it (ADR 0019): results of an anonymous round are shown only once it is closed and only when
at least ``DCP_FEEDBACK_MIN_ANONYMOUS_ANSWERS`` people answered, so that watching the results while people
answer, or a round of one, cannot tell who said what either.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp.engagement.feedback import audience as audiences
from openedx_dcp.engagement.feedback.models import (
    Audience,
    FeedbackAnswer,
    FeedbackParticipation,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackRound,
    ProgramChangeFromFeedback,
    QuestionKind,
    RoundState,
)
from openedx_dcp.engagement.feedback.workflow import ROUNDS
from openedx_dcp.exceptions import NotFound, RuleViolation, ValidationFailed
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import ProgramRules

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import User

    from openedx_dcp.programs.models import Program

__all__ = [
    "create_round", "update_round", "save_question", "delete_question", "open_round", "close_round",
    "close_due_rounds", "rounds_for", "visible_round", "visible_round_by_id", "answerable_problem", "has_answered",
    "submit_response",
    "results", "results_csv", "results_hidden_reason", "citation_problems", "record_change_from_feedback",
    "change_rules_from_feedback", "rounds_per_year", "awareness", "program_changes", "feedback_report_section",
    "retire_user", "min_anonymous_answers", "may_see_results",
]

_ROUND_FIELDS = {"title", "description", "audience", "anonymous", "opens_at", "closes_at"}
_QUESTION_FIELDS = {"order", "kind", "prompt", "help_text", "required", "choices", "scale_min", "scale_max",
                    "measures_awareness", "not_aware_choice"}
YEAR = datetime.timedelta(days=365)
# What a spreadsheet reads as the start of a formula (OWASP "CSV Injection"), as the review export neutralizes.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def min_anonymous_answers() -> int:
    """``DCP_FEEDBACK_MIN_ANONYMOUS_ANSWERS`` (default 3): fewer answers to an anonymous round are not shown."""
    return int(getattr(settings, "DCP_FEEDBACK_MIN_ANONYMOUS_ANSWERS", 3))


# ---- writing rounds ----------------------------------------------------------------------------------------

def _check_round(fields):
    errors = {}
    if not (fields.get("title") or "").strip():
        errors["title"] = [_("Give the round a title.")]
    if fields.get("audience") not in Audience.values:
        errors["audience"] = [_("Choose who the round asks.")]
    opens_at, closes_at = fields.get("opens_at"), fields.get("closes_at")
    if opens_at is None:
        errors["opens_at"] = [_("Give the date the round opens.")]
    if closes_at is None:
        errors["closes_at"] = [_("Give the date the round closes.")]
    elif opens_at is not None and closes_at <= opens_at:
        errors["closes_at"] = [_("The round must close after it opens.")]
    if errors:
        field, messages = next(iter(errors.items()))
        raise ValidationFailed(messages[0], field=field, errors=errors)


@transaction.atomic
def create_round(*, program: Program, actor: User | None, slug: str, title: str, opens_at: datetime.datetime,
                 closes_at: datetime.datetime, audience: str = Audience.MEMBERS, anonymous: bool = True,
                 description: str = "") -> FeedbackRound:
    """A draft round of ``program`` (staff, or the system when ``actor`` is None)."""
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=program)
    fields = {"title": title, "audience": audience, "opens_at": opens_at, "closes_at": closes_at}
    _check_round(fields)
    if not slug or FeedbackRound.objects.filter(program=program, slug=slug).exists():
        raise ValidationFailed(_("The program already has a round '{slug}'; choose another short name.").format(
            slug=slug), field="slug")
    return FeedbackRound.objects.create(program=program, slug=slug, title=title.strip(), description=description,
                                        audience=audience, anonymous=anonymous, opens_at=opens_at,
                                        closes_at=closes_at, created_by=actor)


def _locked(feedback_round):
    return FeedbackRound.objects.select_for_update().select_related("program").get(pk=feedback_round.pk)


@transaction.atomic
def update_round(*, feedback_round: FeedbackRound, actor: User | None, **changes) -> FeedbackRound:
    """
    Change a round's title, description, audience, anonymity or dates. Audience and anonymity are fixed once the
    round opens (people answered on that promise); dates may move while it is open.
    """
    unknown = set(changes) - _ROUND_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown field(s): {names}.").format(names=", ".join(sorted(unknown))),
                               code="unknown_field")
    locked = _locked(feedback_round)
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=locked.program)
    if locked.state != RoundState.DRAFT:
        fixed = [name for name in ("audience", "anonymous")
                 if name in changes and changes[name] != getattr(locked, name)]
        if fixed:
            raise RuleViolation(_("The audience and anonymity of a round are fixed once it opens."), field=fixed[0])
        if locked.state == RoundState.CLOSED and changes:
            raise RuleViolation(_("A closed round does not change."))
    merged = {name: getattr(locked, name) for name in _ROUND_FIELDS} | changes
    _check_round(merged)
    for name, value in changes.items():
        setattr(locked, name, value.strip() if name == "title" else value)
    locked.save()
    feedback_round.refresh_from_db()
    return locked


def _check_question(fields):
    errors = {}
    kind = fields.get("kind")
    if kind not in QuestionKind.values:
        errors["kind"] = [_("Choose the kind of question: scale, choice or free text.")]
    if not (fields.get("prompt") or "").strip():
        errors["prompt"] = [_("Write the question.")]
    choices = fields.get("choices") or []
    if kind == QuestionKind.CHOICE:
        if (not isinstance(choices, list) or len(choices) < 2
                or not all(isinstance(c, str) and c.strip() for c in choices)):
            errors["choices"] = [_("A choice question needs at least two choices.")]
        elif len(set(choices)) != len(choices):
            errors["choices"] = [_("Each choice must be different.")]
    if kind == QuestionKind.SCALE and fields.get("scale_max", 5) <= fields.get("scale_min", 1):
        errors["scale_max"] = [_("The top of the scale must be above its bottom.")]
    if fields.get("measures_awareness"):
        if kind != QuestionKind.CHOICE:
            errors["measures_awareness"] = [_("The awareness question is a choice question.")]
        elif fields.get("not_aware_choice") not in choices:
            errors["not_aware_choice"] = [_("Name the choice that means “I had not heard of the program”; it "
                                            "must be one of the choices.")]
    if errors:
        field, messages = next(iter(errors.items()))
        raise ValidationFailed(messages[0], field=field, errors=errors)


@transaction.atomic
def save_question(*, feedback_round: FeedbackRound, actor: User | None, question: FeedbackQuestion | None = None,
                  **fields) -> FeedbackQuestion:
    """Add a question to a draft round, or change one of its questions (``question``)."""
    unknown = set(fields) - _QUESTION_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown field(s): {names}.").format(names=", ".join(sorted(unknown))),
                               code="unknown_field")
    locked = _locked(feedback_round)
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=locked.program)
    if locked.state != RoundState.DRAFT:
        raise RuleViolation(_("Questions change only while the round is a draft: people may have answered."))
    if question is not None and question.round_id != locked.pk:
        raise NotFound()
    current = ({name: getattr(question, name) for name in _QUESTION_FIELDS} if question is not None else
               {"kind": None, "prompt": "", "choices": [], "scale_min": 1, "scale_max": 5,
                "measures_awareness": False, "not_aware_choice": ""})
    merged = current | fields
    _check_question(merged)
    if merged.get("measures_awareness") and locked.questions.filter(measures_awareness=True).exclude(
            pk=getattr(question, "pk", None)).exists():
        raise RuleViolation(_("A round has one awareness question."), field="measures_awareness")
    if question is None:
        question = FeedbackQuestion(round=locked)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def delete_question(*, question: FeedbackQuestion, actor: User | None) -> None:
    """Remove a question from a draft round."""
    locked = _locked(question.round)
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=locked.program)
    if locked.state != RoundState.DRAFT:
        raise RuleViolation(_("Questions change only while the round is a draft: people may have answered."))
    question.delete()


def open_round(*, feedback_round: FeedbackRound, actor: User | None, note: str = "") -> FeedbackRound:
    """Open a draft round (program staff): answers are taken from ``opens_at``; the audience is emailed."""
    return ROUNDS.perform(feedback_round, "open", actor, note)


def close_round(*, feedback_round: FeedbackRound, actor: User | None, note: str = "") -> FeedbackRound:
    """Close an open round (program staff, or the system): no more answers."""
    return ROUNDS.perform(feedback_round, "close", actor, note)


def close_due_rounds(*, now: datetime.datetime | None = None) -> int:
    """Close every open round whose ``closes_at`` has passed (the sweep); returns how many it closed."""
    now = now or timezone.now()
    closed = 0
    for feedback_round in FeedbackRound.objects.filter(state=RoundState.OPEN, closes_at__lte=now):
        ROUNDS.perform(feedback_round, "close", None, "")
        closed += 1
    return closed


# ---- reading rounds ----------------------------------------------------------------------------------------

def _is_staff(user, program):
    return programs_api.is_program_staff(user=user, program=program)


def rounds_for(*, program: Program, user: User) -> dict:
    """
    The rounds ``user`` may see on ``program``: ``asked`` (open or closed rounds whose audience includes them,
    each with whether they answered) and, for program staff, ``all`` (every round, drafts too, with how many
    answered). A fixed number of queries whatever the number of rounds.
    """
    rounds = list(FeedbackRound.objects.filter(program=program).exclude(state=RoundState.DRAFT)
                  .select_related("program").order_by("-opens_at", "id"))
    asked = []
    if getattr(user, "is_authenticated", False) and rounds:
        kinds = {r.audience for r in rounds}
        in_kind = {kind for kind in kinds if _user_in_audience_kind(program, user, kind)}
        answered = set(FeedbackParticipation.objects.filter(user=user, round__in=rounds)
                       .values_list("round_id", flat=True))
        asked = [{"round": r, "answered": r.pk in answered} for r in rounds if r.audience in in_kind]
    staff_rounds = None
    if _is_staff(user, program):
        staff_rounds = list(FeedbackRound.objects.filter(program=program).select_related("program")
                            .annotate(answers=Count("responses")).order_by("-opens_at", "id"))
    return {"asked": asked, "all": staff_rounds}


def _user_in_audience_kind(program, user, kind):
    # At most one query per kind of audience (five kinds), whatever the number of rounds.
    probe = FeedbackRound(program=program, audience=kind)
    return audiences.in_audience(probe, user)


def visible_round(*, program: Program, slug: str, user: User) -> FeedbackRound:
    """
    The round ``slug`` of ``program`` if ``user`` may see it: program staff see every round; a person in its
    audience sees it once it opened. Anyone else reads "not found" (R26).
    """
    feedback_round = (FeedbackRound.objects.select_related("program__site").filter(program=program, slug=slug)
                      .first())
    if feedback_round is None:
        raise NotFound()
    if _is_staff(user, program):
        return feedback_round
    if feedback_round.state == RoundState.DRAFT or not audiences.in_audience(feedback_round, user):
        raise NotFound()
    return feedback_round


def visible_round_by_id(*, site, pk: int, user: User) -> FeedbackRound:
    """The round ``pk`` of a program of ``site`` if ``user`` may see it (``visible_round``), else not found."""
    found = (FeedbackRound.objects.select_related("program__site").filter(pk=pk, program__site=site,
                                                                          program__is_active=True).first())
    if found is None:
        raise NotFound()
    return visible_round(program=found.program, slug=found.slug, user=user)


def has_answered(*, feedback_round: FeedbackRound, user: User) -> bool:
    """Whether ``user`` answered the round (named or anonymous: the participation says so, nothing more)."""
    return FeedbackParticipation.objects.filter(round=feedback_round, user_id=getattr(user, "pk", None)).exists()


def answerable_problem(*, feedback_round: FeedbackRound, user: User,
                       now: datetime.datetime | None = None) -> RuleViolation | None:
    """Why ``user`` cannot answer the round now (a sentence they can act on), or None when they can."""
    now = now or timezone.now()
    if feedback_round.state == RoundState.DRAFT:
        return RuleViolation(_("This round is not open yet."), code="round_not_open")
    if feedback_round.state == RoundState.CLOSED or now >= feedback_round.closes_at:
        return RuleViolation(_("This round closed on {date:%Y-%m-%d}; answers are no longer taken.").format(
            date=feedback_round.closes_at), code="round_closed")
    if now < feedback_round.opens_at:
        return RuleViolation(_("This round opens on {date:%Y-%m-%d %H:%M} UTC; come back then.").format(
            date=feedback_round.opens_at.astimezone(datetime.timezone.utc)), code="round_not_open")
    if not audiences.in_audience(feedback_round, user):
        # Nobody outside the audience gets this far through the pages and the API (they read "not found").
        return RuleViolation(_("This round asks someone else."), code="not_in_audience")
    if has_answered(feedback_round=feedback_round, user=user):
        return RuleViolation(_("You have already answered this round; each person answers once."),
                             code="already_answered")
    return None


def _clean_answer(question, raw):
    """The stored fields of one answer from the raw value, or raise ``ValidationFailed`` about it."""
    field = f"answers.{question.pk}"
    value = raw.strip() if isinstance(raw, str) else raw
    if value in (None, "", []):
        if question.required:
            raise ValidationFailed(_("Answer this question: it is required."), field=field, code="required")
        return None
    if question.kind == QuestionKind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if isinstance(value, bool) or number is None or not question.scale_min <= number <= question.scale_max:
            raise ValidationFailed(_("Choose a number from {low} to {high}.").format(
                low=question.scale_min, high=question.scale_max), field=field)
        return {"number": number}
    if question.kind == QuestionKind.CHOICE:
        if value not in question.choices:
            raise ValidationFailed(_("Choose one of the choices offered."), field=field)
        return {"choice": value}
    if not isinstance(value, str):
        raise ValidationFailed(_("Write your answer as text."), field=field)
    if len(value) > 5000:
        raise ValidationFailed(_("Keep your answer under 5000 characters."), field=field)
    return {"text": value}


@transaction.atomic
def submit_response(*, feedback_round: FeedbackRound, user: User, answers: dict,
                    now: datetime.datetime | None = None) -> FeedbackResponse:
    """
    Record ``user``'s answers to the round: ``answers`` maps question ids (int or str) to values (a number for a
    scale, one of the choices, or text). Each person answers once: a second answer, even sent at the same moment
    as the first, is refused by the database's unique constraint and nothing of it is stored.

    In an anonymous round the response carries no person, no time and no ordered id (ADR 0019); what is
    returned then must not be shown back as "your answer" anywhere that lasts.
    """
    locked = (FeedbackRound.objects.select_for_update().select_related("program").filter(pk=feedback_round.pk)
              .first())
    if locked is None:
        raise NotFound()
    problem = answerable_problem(feedback_round=locked, user=user, now=now)
    if problem is not None:
        raise problem
    questions = list(locked.questions.order_by("order", "id"))
    given = {str(key): value for key, value in (answers or {}).items()}
    known = {str(q.pk) for q in questions}
    errors, cleaned = {}, []
    for key in sorted(set(given) - known):
        errors[f"answers.{key}"] = [_("This round has no such question.")]
    for question in questions:
        try:
            stored = _clean_answer(question, given.get(str(question.pk)))
        except ValidationFailed as exc:
            errors.update(exc.errors)
            continue
        if stored is not None:
            cleaned.append((question, stored))
    if errors:
        field, messages = next(iter(errors.items()))
        raise ValidationFailed(messages[0], field=field, errors=errors)
    if not cleaned:
        raise ValidationFailed(_("Answer at least one question."), field="answers")
    try:
        with transaction.atomic():
            FeedbackParticipation.objects.create(round=locked, user=user)
    except IntegrityError:
        raise RuleViolation(_("You have already answered this round; each person answers once."),
                            code="already_answered") from None
    response = FeedbackResponse.objects.create(
        round=locked, anonymous=locked.anonymous,
        respondent=None if locked.anonymous else user,
        submitted_at=None if locked.anonymous else (now or timezone.now()),
    )
    FeedbackAnswer.objects.bulk_create([FeedbackAnswer(response=response, question=q, **stored)
                                        for q, stored in cleaned])
    return response


# ---- results -------------------------------------------------------------------------------------------------

def may_see_results(*, feedback_round: FeedbackRound, user: User) -> bool:
    """Program staff of the round's program see its results (anonymous ones with ``results_hidden_reason``)."""
    return _is_staff(user, feedback_round.program)


def results_hidden_reason(*, feedback_round: FeedbackRound, responses: int | None = None) -> str:
    """
    Why the results of an anonymous round are not shown yet ("" when they are): before it closes (watching the
    results change while people answer would tell who said what), and with fewer than the minimum of answers.
    """
    if not feedback_round.anonymous:
        return ""
    # Past its closing date a round takes no answer, closed by the sweep or not yet.
    over = feedback_round.state == RoundState.CLOSED or feedback_round.closes_at <= timezone.now()
    if not over:
        return _("The answers of an anonymous round are shown once it closes, so that nobody can tell who gave "
                 "which answer by watching them arrive.")
    if responses is None:
        responses = feedback_round.responses.count()
    if responses < min_anonymous_answers():
        return _("Fewer than {count} people answered this anonymous round: its answers are not shown, since "
                 "they could tell who gave them.").format(count=min_anonymous_answers())
    return ""


def _share(count, total):
    return round(100 * count / total, 1) if total else 0.0


def results(*, feedback_round: FeedbackRound, user: User) -> dict:
    """
    The results of a round per question, for program staff: ``{"round", "responses", "hidden", "questions":
    [{"question", "answered", "options": [{"label", "count", "share"}], "mean", "texts": [{"text", "by"}]}]}``.
    ``by`` is the respondent's username in a named round, never anything in an anonymous one. Four queries
    whatever the number of answers (texts excepted, which are listed).
    """
    if not may_see_results(feedback_round=feedback_round, user=user):
        raise NotFound()
    responses = feedback_round.responses.count()
    hidden = results_hidden_reason(feedback_round=feedback_round, responses=responses)
    questions = list(feedback_round.questions.order_by("order", "id"))
    summary = {"round": feedback_round, "responses": responses, "hidden": hidden, "questions": []}
    if hidden:
        summary["questions"] = [{"question": q, "answered": None, "options": [], "mean": None, "texts": []}
                                for q in questions]
        return summary
    answers = FeedbackAnswer.objects.filter(response__round=feedback_round)
    counts = defaultdict(dict)
    for row in (answers.exclude(text__gt="").values("question_id", "number", "choice")
                .annotate(n=Count("pk")).order_by()):
        key = row["number"] if row["number"] is not None else row["choice"]
        counts[row["question_id"]][key] = row["n"]
    texts = defaultdict(list)
    text_rows = answers.filter(text__gt="")
    if feedback_round.anonymous:
        # Ordered by the text itself: neither by arrival nor by the (random) key, which says nothing either.
        for question_id, text in text_rows.order_by("question_id", "text").values_list("question_id", "text"):
            texts[question_id].append({"text": text, "by": ""})
    else:
        for question_id, text, by in (text_rows.order_by("question_id", "response__submitted_at")
                                      .values_list("question_id", "text", "response__respondent__username")):
            texts[question_id].append({"text": text, "by": by or ""})
    for q in questions:
        given = counts.get(q.pk, {})
        if q.kind == QuestionKind.TEXT:
            answered = len(texts.get(q.pk, []))
            summary["questions"].append({"question": q, "answered": answered, "options": [], "mean": None,
                                         "texts": texts.get(q.pk, [])})
            continue
        answered = sum(given.values())
        labels = list(range(q.scale_min, q.scale_max + 1)) if q.kind == QuestionKind.SCALE else list(q.choices)
        labels += [key for key in given if key not in labels]  # a value no longer offered still counts
        options = [{"label": str(label), "count": given.get(label, 0), "share": _share(given.get(label, 0), answered),
                    "not_aware": bool(q.measures_awareness and label == q.not_aware_choice)} for label in labels]
        mean = (round(sum(k * n for k, n in given.items()) / answered, 2)
                if q.kind == QuestionKind.SCALE and answered else None)
        summary["questions"].append({"question": q, "answered": answered, "options": options, "mean": mean,
                                     "texts": []})
    return summary


def _neutralize(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def results_csv(*, feedback_round: FeedbackRound, user: User) -> str:
    """
    The round's answers as CSV for program staff, one row per response and one column per question; a cell
    written by a person cannot run as a formula. A named round's rows start with the respondent's username; an
    anonymous round's rows carry no person, no time and no key, and come sorted by their answers, not by arrival.
    """
    summary = results(feedback_round=feedback_round, user=user)
    if summary["hidden"]:
        raise RuleViolation(summary["hidden"], code="results_hidden")
    questions = [item["question"] for item in summary["questions"]]
    by_response = defaultdict(dict)
    people = {}
    rows = FeedbackAnswer.objects.filter(response__round=feedback_round).values_list(
        "response_id", "question_id", "number", "choice", "text", "response__respondent__username",
        "response__submitted_at")
    for response_id, question_id, number, choice, text, username, submitted_at in rows:
        by_response[response_id][question_id] = number if number is not None else (choice or text)
        people[response_id] = (username or "", submitted_at)
    header = [q.prompt for q in questions]
    lines = [[by_response[r].get(q.pk, "") for q in questions] for r in by_response]
    if feedback_round.anonymous:
        lines.sort(key=lambda line: [str(cell) for cell in line])
    else:
        order = sorted(by_response, key=lambda r: (people[r][1], people[r][0]))
        header = [_("Respondent"), _("Submitted at"), *header]
        lines = [[people[r][0], people[r][1].isoformat(), *[by_response[r].get(q.pk, "") for q in questions]]
                 for r in order]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_neutralize(cell) for cell in header])
    writer.writerows([_neutralize(cell) for cell in line] for line in lines)
    return buffer.getvalue()


# ---- program changes from feedback (KR 3.3) -------------------------------------------------------------------

def citation_problems(*, rules_version: ProgramRules, feedback_round: FeedbackRound, reason: str,
                      answers: Iterable[FeedbackAnswer] = ()) -> dict[str, list[str]]:
    """What is wrong with citing ``feedback_round`` (and ``answers``) for ``rules_version``: ``{field: [...]}``."""
    errors = {}
    if feedback_round.program_id != rules_version.program_id:
        errors["round"] = [_("Cite a feedback round of the program whose rules changed.")]
    if rules_version.version <= 1:
        errors["rules_version"] = [_("The first version of the rules is the program's start, not a change.")]
    if feedback_round.state == RoundState.DRAFT:
        errors["round"] = [_("A draft round has no feedback to cite yet.")]
    if not (reason or "").strip():
        errors["reason"] = [_("Say how the feedback led to this change.")]
    answers = list(answers)
    if any(a.response.round_id != feedback_round.pk for a in answers):
        errors["answers"] = [_("Cite answers of the round the change cites.")]
    elif any(a.response.anonymous for a in answers):
        errors["answers"] = [_("Anonymous answers cannot be cited one by one; cite the round.")]
    if ProgramChangeFromFeedback.objects.filter(rules_version=rules_version).exists():
        errors["rules_version"] = [_("This rules change already cites its feedback.")]
    return errors


@transaction.atomic
def record_change_from_feedback(*, rules_version: ProgramRules, feedback_round: FeedbackRound, reason: str,
                                actor: User | None,
                                answers: Iterable[FeedbackAnswer] = ()) -> ProgramChangeFromFeedback:
    """
    Record that the rules change ``rules_version`` (R24) was motivated by ``feedback_round`` and, optionally,
    some of its named answers, with the reason (shown publicly on the dashboard; the answers never are).
    """
    program = ProgramRules.objects.select_related("program").get(pk=rules_version.pk).program
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=program)
    # One citation per rules version: the lock makes a concurrent second citation wait and then see the first.
    ProgramRules.objects.select_for_update().filter(pk=rules_version.pk).first()
    answers = list(answers)
    errors = citation_problems(rules_version=rules_version, feedback_round=feedback_round, reason=reason,
                               answers=answers)
    if errors:
        field, messages = next(iter(errors.items()))
        raise ValidationFailed(messages[0], field=field, errors=errors)
    change = ProgramChangeFromFeedback.objects.create(rules_version=rules_version, round=feedback_round,
                                                      reason=reason.strip(), recorded_by=actor)
    if answers:
        change.answers.set(answers)
    return change


@transaction.atomic
def change_rules_from_feedback(*, program: Program, actor: User | None, feedback_round: FeedbackRound, reason: str,
                               answers: Iterable[FeedbackAnswer] = (), **thresholds) -> ProgramChangeFromFeedback:
    """Change thresholds of ``program`` (a new rules version, R24) and cite the feedback behind it, at once."""
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=program)
    version = programs_api.change_thresholds(program=program, actor=actor, reason=reason, **thresholds)
    return record_change_from_feedback(rules_version=version, feedback_round=feedback_round, reason=reason,
                                       actor=actor, answers=answers)


# ---- figures for the dashboard and the report ----------------------------------------------------------------

def rounds_per_year(*, program: Program, now: datetime.datetime | None = None) -> dict:
    """
    KR 3.2: rounds that opened (not drafts) in the last 12 months, and per calendar year. Two queries.
    """
    now = now or timezone.now()
    held = FeedbackRound.objects.filter(program=program, opens_at__lte=now).exclude(state=RoundState.DRAFT)
    last_year = held.filter(opens_at__gt=now - YEAR).count()
    by_year = [{"year": row["year"], "rounds": row["n"]} for row in
               held.annotate(year=ExtractYear("opens_at")).values("year").annotate(n=Count("pk")).order_by("year")]
    return {"last_12_months": last_year, "by_year": by_year}


def awareness(*, program: Program, now: datetime.datetime | None = None, start=None, end=None) -> dict | None:
    """
    KR 1.3: of the people who answered the awareness question of the latest round asking it (or of every round
    that opened between ``start`` and ``end``), the share who had heard of the program, and where. An anonymous
    round counts once closed and with enough answers (``results_hidden_reason``). None when nobody answered such
    a question. One query whatever the number of rounds and answers.
    """
    now = now or timezone.now()
    questions = (FeedbackQuestion.objects.filter(round__program=program, measures_awareness=True,
                                                 round__opens_at__lte=now)
                 .exclude(round__state=RoundState.DRAFT)
                 .filter(Q(round__anonymous=False) | Q(round__state=RoundState.CLOSED) | Q(round__closes_at__lte=now)))
    if start is not None and end is not None:
        questions = questions.filter(round__opens_at__gte=start, round__opens_at__lt=end)
    else:
        latest = questions.order_by("-round__opens_at", "-round_id").values("round_id")[:1]
        questions = questions.filter(round_id=Subquery(latest))
    rows = (FeedbackAnswer.objects.filter(question__in=questions).exclude(choice="")
            .values("choice", "question__not_aware_choice", "question__round__slug", "question__round__title",
                    "question__round__opens_at", "question__round__anonymous")
            .annotate(n=Count("pk")).order_by())
    respondents = aware = 0
    channels, rounds, anonymous = defaultdict(int), {}, False
    for row in rows:
        respondents += row["n"]
        rounds[row["question__round__slug"]] = (row["question__round__opens_at"], row["question__round__title"])
        anonymous = anonymous or row["question__round__anonymous"]
        if row["choice"] != row["question__not_aware_choice"]:
            aware += row["n"]
            channels[row["choice"]] += row["n"]
    if not respondents or (anonymous and respondents < min_anonymous_answers()):
        return None
    ordered = sorted(rounds.items(), key=lambda item: item[1][0])
    return {
        "rounds": [slug for slug, _when in ordered],
        "round_titles": [when[1] for _slug, when in ordered],
        "respondents": respondents, "aware": aware, "share": round(aware / respondents, 3),
        "channels": [{"channel": name, "count": count} for name, count in
                     sorted(channels.items(), key=lambda item: (-item[1], item[0]))],
    }


def program_changes(*, program: Program, since: datetime.datetime | None = None,
                    until: datetime.datetime | None = None) -> list[dict]:
    """
    Each rules change of ``program`` (R24: versions after the first) changed in ``[since, until)``, newest
    first, with its reason and, when it cites feedback, the round and the citation's reason (KR 3.3). Public
    data: never an answer. One query.
    """
    versions = (ProgramRules.objects.filter(program=program, version__gt=1)
                .select_related("feedback_citation__round").order_by("-changed_at", "-version"))
    if since is not None:
        versions = versions.filter(changed_at__gte=since)
    if until is not None:
        versions = versions.filter(changed_at__lt=until)
    changes = []
    for version in versions:
        citation = getattr(version, "feedback_citation", None)
        changes.append({
            "version": version.version, "changed_at": version.changed_at, "reason": version.reason,
            "feedback_round": citation.round.title if citation else None,
            "feedback_reason": citation.reason if citation else None,
        })
    return changes


def feedback_report_section(program: Program, start: datetime.datetime, end: datetime.datetime) -> dict:
    """
    The feedback part of the program report for ``[start, end)`` (KR 3.2, 1.3, 3.3), as plain data: the rounds
    that opened in the period with their audience, anonymity, state and number of responses; awareness from
    their answers; the rules changes of the period with their reasons and the feedback they cite.
    """
    rounds = (FeedbackRound.objects.filter(program=program, opens_at__gte=start, opens_at__lt=end)
              .exclude(state=RoundState.DRAFT).annotate(answers=Count("responses")).order_by("opens_at", "id"))
    changes = program_changes(program=program, since=start, until=end)
    return {
        "rounds": [{"slug": r.slug, "title": r.title, "audience": r.audience,
                    "audience_label": str(r.get_audience_display()), "anonymous": r.anonymous,
                    "state": r.state, "opens_at": r.opens_at, "closes_at": r.closes_at, "responses": r.answers}
                   for r in rounds],
        "responses": sum(r.answers for r in rounds),
        "awareness": awareness(program=program, start=start, end=end, now=end),
        "changes": changes,
        "changes_from_feedback": sum(1 for c in changes if c["feedback_round"]),
    }


# ---- retirement ----------------------------------------------------------------------------------------------

def retire_user(user: User) -> dict[str, Any]:
    """
    What feedback holds about ``user`` goes: their named responses (and the answers in them, and any citation of
    those answers) and the records that they answered. Anonymous answers stay: nothing links them to anybody.
    """
    named = FeedbackResponse.objects.filter(respondent=user)
    removed = named.count()
    named.delete()
    participations, _detail = FeedbackParticipation.objects.filter(user=user).delete()
    return {"feedback_named_responses": removed, "feedback_participations": participations}
