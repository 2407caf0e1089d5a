"""
The review panel of a cycle and its work: seats, conflicts of interest, assignments, reviews, deliberation
comments, votes and staged decisions (R9–R13).

Nominations and cycles change state only through ``openedx_dcp.nominations.workflow``; these models hold what
the panel produces on the way, so that every decision can be traced back to who scored, voted and decided.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs.models import Cycle

__all__ = [
    "Panelist", "ConflictOfInterest", "Assignment", "Review", "ReviewWorkspaceItem", "DeliberationComment", "Vote",
    "Decision", "CycleReview", "ReviewDraft",
]


class Panelist(models.Model):
    """
    A seat on the review panel of one cycle (R9).

    ``seat`` is one of the quota keys of the cycle's rules (``panel_quotas``); the panelist must hold a
    community role that fits the seat when they are seated. Seats are per cycle so that the rotation report
    (KR 3.1) can compare one cycle's panel with the previous one.

    .. no_pii:
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="panelists")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dcp_panel_seats")
    seat = models.CharField(max_length=32, help_text=_("Quota key of the cycle's rules, e.g. toc_member."))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cycle", "user"], name="dcp_panelist_one_seat_per_cycle")]
        ordering = ["cycle_id", "seat", "id"]

    def __str__(self):
        return f"{self.user} ({self.seat}) on {self.cycle}"


class ConflictOfInterest(models.Model):
    """
    A conflict of interest recorded by a person (R10).

    Automatic conflicts (nominee, nominator, endorser, member of the nominee organization, colleague of the
    nominee) are computed from the data each time, so they follow the data; rows here record what people
    decided: a panelist's recusal (``declared``) and staff clearing a *suggested* conflict (``cleared``, only
    the colleague kind: R10's own cases can never be cleared). Both carry the reason.

    .. pii: The reason is free text about a panelist's relation to a nominee.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    class Kind(models.TextChoices):
        DECLARED = "declared", _("Declared by the panelist")
        CLEARED = "cleared", _("Suggested conflict cleared by staff")

    # The kinds by their short names, as callers write them (``Conflict.DECLARED``).
    DECLARED, CLEARED = Kind.DECLARED, Kind.CLEARED

    panelist = models.ForeignKey(Panelist, on_delete=models.CASCADE, related_name="conflicts")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="panel_conflicts")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.TextField(max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panelist", "nomination", "kind"], name="dcp_conflict_unique_kind"),
        ]
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.kind}: {self.panelist} / #{self.nomination_id}"


class Assignment(models.Model):
    """
    A panelist asked to score a nomination during impact evaluation (R11). Never made while a conflict exists.

    .. no_pii:
    """

    panelist = models.ForeignKey(Panelist, on_delete=models.CASCADE, related_name="assignments")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="review_assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panelist", "nomination"], name="dcp_assignment_unique"),
        ]
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.panelist.user} reviews #{self.nomination_id}"


class ReviewWorkspaceItem(Assignment):
    """
    An assignment as its panelist works on it in Django admin ("My review assignments").

    .. no_pii:
    """

    class Meta:
        proxy = True
        # "The review assignment … was changed": admin messages use the singular, the menu the plural.
        verbose_name = _("review assignment")
        verbose_name_plural = _("my review assignments")


class Review(models.Model):
    """
    A panelist's scores of a nomination on its track's rubric (R12), submitted once.

    ``scores`` maps rubric keys (of the cycle's rules version of the track) to integers; ``weighted_score``
    is the weighted mean of the scores as a percentage of their maxima, so tracks with different scales
    compare. One review per assignment is a database constraint, so a double submit cannot store two.

    .. pii: The comment is free text about the nominee.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="panel_reviews")
    panelist = models.ForeignKey(Panelist, on_delete=models.CASCADE, related_name="reviews")
    scores = models.JSONField()
    weighted_score = models.FloatField()
    comment = models.TextField(max_length=10000, blank=True)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [
            check_constraint(
                Q(weighted_score__gte=0) & Q(weighted_score__lte=100), name="dcp_review_score_range"
            ),
        ]
        indexes = [models.Index(fields=["nomination", "submitted_at"])]
        ordering = ["submitted_at", "id"]

    def __str__(self):
        return f"Review of #{self.nomination_id} by {self.panelist.user}"


class ReviewDraft(models.Model):
    """
    A panelist's review in progress: the scores and comment saved so far on their assignment, kept until they
    submit the review. Submitting writes the final ``Review`` and removes the draft; once a review is final no
    draft can be saved, so a final review never changes (R11).

    .. pii: The comment is free text about the nominee.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="draft")
    scores = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    modified = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Draft review of #{self.assignment.nomination_id} by {self.assignment.panelist.user}"


class DeliberationComment(models.Model):
    """
    A comment in the panel's discussion of a nomination during deliberation (R11).

    .. pii: Free text written by a panelist or staff member about a nominee.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="deliberation_comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=10000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"Comment on #{self.nomination_id} by {self.author}"


class Vote(models.Model):
    """
    A panelist's vote on a nomination in deliberation; the decision records the tally (R11).

    .. no_pii:
    """

    class Choice(models.TextChoices):
        SELECTED = "selected", _("Select")
        NOT_SELECTED = "not_selected", _("Not select")
        ABSTAIN = "abstain", _("Abstain")

    # The choices by their short names, as callers write them (``Vote.ABSTAIN``).
    SELECTED, NOT_SELECTED, ABSTAIN = Choice.SELECTED, Choice.NOT_SELECTED, Choice.ABSTAIN

    panelist = models.ForeignKey(Panelist, on_delete=models.CASCADE, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="panel_votes")
    choice = models.CharField(max_length=16, choices=Choice.choices)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["panelist", "nomination"], name="dcp_vote_one_per_panelist")]

    def __str__(self):
        return f"{self.panelist.user}: {self.choice} on #{self.nomination_id}"


class Decision(models.Model):
    """
    The panel's staged decision on a nomination (R11): outcome, rationale and the vote tally when recorded.

    Decisions are staged during deliberation and visible only to staff and the panel; after the steward's
    approval they are released together, which moves each nomination through the workflow (``select`` /
    ``reject``) and only then tells nominees. ``released_at`` marks that moment.

    .. pii: The rationale is free text about the nominee.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    class Outcome(models.TextChoices):
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    # The outcomes by their short names, as callers write them (``Decision.SELECTED``).
    SELECTED, NOT_SELECTED = Outcome.SELECTED, Outcome.NOT_SELECTED

    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="panel_decision")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    rationale = models.TextField(max_length=10000)
    votes_selected = models.PositiveIntegerField(default=0)
    votes_not_selected = models.PositiveIntegerField(default=0)
    votes_abstained = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField()
    released_at = models.DateTimeField(null=True, blank=True)
    rationale_published = models.BooleanField(
        default=False,
        help_text=_("Whether the nominator and nominee may read the rationale once the decision is released."),
    )

    class Meta:
        ordering = ["nomination_id"]

    def __str__(self):
        return f"#{self.nomination_id}: {self.outcome}"


class CycleReview(Cycle):
    """
    A cycle as program staff run its review in Django admin: the panel and its quotas, assignments, the review
    board and the stage moves. A proxy, so the review desk has its own entry and permissions in admin.

    .. no_pii:
    """

    class Meta:
        proxy = True
        verbose_name = _("cycle review")
        verbose_name_plural = _("cycle reviews")
