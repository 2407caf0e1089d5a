"""
Mentoring pairs and validation requests (R17, KR 5.1).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs.models import Program

__all__ = ["MentoringState", "MentoringPair", "ValidationState", "Verdict", "ValidationRequest"]


class MentoringState(models.TextChoices):
    """The states of a mentoring pair; the moves between them live in ``mentoring.workflow``."""

    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Under way")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


# A pair that is asked for or under way: one such pair per mentor and mentee.
MentoringState.OPEN = frozenset({MentoringState.REQUESTED, MentoringState.ACCEPTED})


class MentoringPair(models.Model):
    """
    A member who opted in to mentoring (the mentor) paired with a candidate or a new contributor (the mentee).
    Asked for by the mentee or by program staff; the mentor accepts or declines; either of them (or staff) ends
    it. ``accepted_at`` stays set once the mentor accepted: it is what the dashboard counts as having served.
    ``open_key`` is ``"<mentor>-<mentee>"`` while the pair is requested or under way and NULL otherwise, so a
    unique constraint allows one open pair per mentor and mentee on every database.

    .. pii: The message is free text written by the person who asked for the pairing.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentoring_pairs")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_mentoring")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_mentored")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(max_length=2000, blank=True, help_text=_("What the mentee hopes to learn."))
    state = models.CharField(max_length=16, choices=MentoringState.choices, default=MentoringState.REQUESTED)
    open_key = models.CharField(max_length=64, null=True, blank=True, editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "open_key"], name="dcp_mentoring_one_open_pair"),
        ]
        indexes = [
            models.Index(fields=["mentor", "state"], name="dcp_mentoring_mentor"),
            models.Index(fields=["mentee", "state"], name="dcp_mentoring_mentee"),
        ]
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.mentor} mentors {self.mentee} ({self.state})"

    def save(self, *args, **kwargs):
        self.open_key = f"{self.mentor_id}-{self.mentee_id}" if self.state in MentoringState.OPEN else None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"open_key"}
        super().save(*args, **kwargs)


class ValidationState(models.TextChoices):
    """The states of a request to validate a nomination's evidence."""

    REQUESTED = "requested", _("Requested")
    SUBMITTED = "submitted", _("Validated")
    DECLINED = "declined", _("Declined")


class Verdict(models.TextChoices):
    """What the validator found when checking the nomination's evidence."""

    CONFIRMED = "confirmed", _("The evidence supports the nomination")
    PARTLY = "partly", _("The evidence partly supports the nomination")
    NOT_CONFIRMED = "not_confirmed", _("The evidence does not support the nomination")


class ValidationRequest(models.Model):
    """
    Program staff ask a member who opted in to validating to check a nomination's evidence (R17). The
    validator records a verdict and a note, which the panel reads beside the dossier. Never asked of the
    nominee, the nominator or someone conflicted on the nomination (R10).

    .. pii: The note is free text written by the validator about the nominee's evidence.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="validation_requests")
    validator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_validation_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=ValidationState.choices, default=ValidationState.REQUESTED)
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    note = models.TextField(max_length=5000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "validator"], name="dcp_validation_once_per_validator"),
        ]
        indexes = [models.Index(fields=["validator", "state"], name="dcp_validation_validator")]
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"{self.validator} validates #{self.nomination_id} ({self.state})"
