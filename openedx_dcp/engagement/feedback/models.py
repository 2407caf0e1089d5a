"""
Feedback rounds (R20, KR 3.2, KR 1.3) and the program changes they motivate (KR 3.3, R24).

A round asks its audience a few questions between two dates; each person answers once. In an anonymous round an
answer is never linkable to a person, even by staff or by whoever reads the database (ADR 0019,
docs/decisions/0019-feedback-anonymous-answers.rst): who answered (``FeedbackParticipation``) and what was
answered (``FeedbackResponse`` and its ``FeedbackAnswer`` rows) are two tables with no column in common but the
round, and the answer tables carry no timestamp and no ordered id (their keys are random UUIDs), so neither the
order of the rows nor their times can match one to the other.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint
from openedx_dcp.programs.models import Program, ProgramRules

__all__ = [
    "FeedbackRound", "FeedbackQuestion", "FeedbackParticipation", "FeedbackResponse", "FeedbackAnswer",
    "ProgramChangeFromFeedback", "RoundState", "Audience", "QuestionKind",
]


class RoundState(models.TextChoices):
    """The states of a round; the allowed moves live in ``openedx_dcp.engagement.feedback.workflow``."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Audience(models.TextChoices):
    """Who a round asks, computed from the program's data when someone answers (never a stored list)."""

    MEMBERS = "members", _("Distinguished Contributors (current members)")
    PANEL = "panel", _("Review panelists")
    NOMINATORS = "nominators", _("Nominators")
    ENDORSERS = "endorsers", _("Endorsers")
    SIGNED_IN = "signed_in", _("Everyone signed in")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale")
    CHOICE = "choice", _("Choice")
    TEXT = "text", _("Free text")


class FeedbackRound(models.Model):
    """
    A feedback round of a program (R20): its questions, its audience, its dates and whether it is anonymous.

    Answers are taken while the round is ``open`` and ``opens_at <= now < closes_at``. ``anonymous`` is fixed
    once the round opens: the people who answered were promised it.

    .. no_pii:
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="feedback_rounds")
    slug = models.SlugField(max_length=64)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True,
                                   help_text=_("Shown above the questions: why the program asks."))
    audience = models.CharField(max_length=16, choices=Audience.choices, default=Audience.MEMBERS)
    anonymous = models.BooleanField(
        default=True, help_text=_("Anonymous answers are never linkable to the person who gave them, even by staff."))
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=RoundState.choices, default=RoundState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "slug"], name="dcp_feedback_round_unique_slug"),
            check_constraint(Q(closes_at__gt=models.F("opens_at")), name="dcp_feedback_round_closes_after_open"),
        ]
        ordering = ["program_id", "-opens_at", "id"]

    def __str__(self):
        return f"{self.program.slug}: {self.title}"


class FeedbackQuestion(models.Model):
    """
    One question of a round: a scale (``scale_min``..``scale_max``), a choice among ``choices`` or free text.

    ``measures_awareness`` marks the question "have you heard of the program, and where" (KR 1.3): a choice
    question whose choice ``not_aware_choice`` means "I had not heard of it"; every other choice names where the
    person heard of it. The dashboard computes awareness from it.

    .. no_pii:
    """

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    prompt = models.CharField(max_length=500)
    help_text = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=True)
    choices = models.JSONField(default=list, blank=True, help_text=_("The choices of a choice question, in order."))
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    measures_awareness = models.BooleanField(
        default=False, help_text=_("This question asks whether people have heard of the program, and where (KR 1.3)."))
    not_aware_choice = models.CharField(
        max_length=200, blank=True, help_text=_("The choice that means “I had not heard of the program”."))

    class Meta:
        constraints = [
            check_constraint(Q(scale_max__gt=models.F("scale_min")), name="dcp_feedback_question_scale_order"),
            check_constraint(Q(measures_awareness=False) | Q(kind="choice"),
                             name="dcp_feedback_question_awareness_is_choice"),
        ]
        ordering = ["round_id", "order", "id"]

    def __str__(self):
        return self.prompt


class FeedbackParticipation(models.Model):
    """
    That a person answered a round: what makes "each person answers once" a database rule (a unique
    constraint), in named and anonymous rounds alike.

    It deliberately holds no link to the answer, no timestamp and nothing else (ADR 0019): in an anonymous round
    it is the only row that names the person, and it says only that they answered. Retirement deletes it.

    .. pii: Records that a user answered a feedback round (not what they answered); deleted at retirement.
    .. pii_types: id
    .. pii_retirement: local_api
    """

    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="dcp_feedback_one_answer_per_person"),
        ]

    def __str__(self):
        return f"{self.user_id} answered {self.round_id}"


class FeedbackResponse(models.Model):
    """
    One person's answers to a round. Its key is a random UUID: an ordered id (or a timestamp) would tell the
    order in which responses came, and with it, the participation of whom (ADR 0019).

    In a named round ``respondent`` and ``submitted_at`` are set (one response per respondent, a database
    rule); in an anonymous one both are empty, which the database checks too (``anonymous`` is copied from the
    round so that it can).

    .. pii: In a named round, the respondent's answers (free text included); deleted at retirement. In an
       anonymous round, the response holds no link to a person and is kept.
    .. pii_types: id, other
    .. pii_retirement: local_api
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="responses")
    anonymous = models.BooleanField()
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Anonymous responses have no respondent: NULLs never collide in a unique index (MySQL, SQLite,
            # PostgreSQL), and a plain index is what MySQL enforces (it has no partial ones).
            models.UniqueConstraint(fields=["round", "respondent"], name="dcp_feedback_one_named_response"),
            check_constraint(
                Q(anonymous=True, respondent__isnull=True, submitted_at__isnull=True)
                | Q(anonymous=False, respondent__isnull=False, submitted_at__isnull=False),
                name="dcp_feedback_anonymous_response_unlinked",
            ),
        ]

    def __str__(self):
        return f"Response to {self.round_id}"


class FeedbackAnswer(models.Model):
    """
    The answer to one question within a response: ``number`` (scale), ``choice`` or ``text``. Keyed by a random
    UUID like its response (ADR 0019).

    .. pii: Free text written by the respondent; in a named round deleted with its response at retirement.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.CASCADE, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    text = models.TextField(max_length=5000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="dcp_feedback_one_answer_per_question"),
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"


class ProgramChangeFromFeedback(models.Model):
    """
    A rules change (a ``ProgramRules`` version, R24) and the feedback that motivated it (KR 3.3): the round and,
    optionally, named answers of it, with the reason. Kept here rather than on the rules: the programs package
    sits below engagement and knows nothing of feedback. The public dashboard shows ``reason``, never answers.

    .. no_pii:
    """

    rules_version = models.OneToOneField(ProgramRules, on_delete=models.CASCADE, related_name="feedback_citation")
    round = models.ForeignKey(FeedbackRound, on_delete=models.PROTECT, related_name="program_changes")
    answers = models.ManyToManyField(FeedbackAnswer, blank=True, related_name="program_changes",
                                     help_text=_("Named answers that motivated the change (never anonymous ones)."))
    reason = models.TextField(max_length=2000, help_text=_("How the feedback led to this change; shown publicly."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "id"]
        verbose_name = _("program change from feedback")
        verbose_name_plural = _("program changes from feedback")

    def __str__(self):
        return f"{self.rules_version} ← {self.round}"
