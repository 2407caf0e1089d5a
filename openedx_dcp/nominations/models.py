"""
Nominations, endorsements and endorsement requests (the audit trail lives in ``openedx_dcp.audit.models``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint
from openedx_dcp.programs.models import Cycle, Organization, Track

__all__ = ["NominationState", "Nomination", "Endorsement", "EndorsementRequest"]


class NominationState(models.TextChoices):
    """
    The states of a nomination. Allowed moves between them live in ``openedx_dcp.nominations.workflow``.
    """

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for screening")
    SCREENING = "screening", _("In screening")
    SCREENED_OUT = "screened_out", _("Closed at screening")
    EVALUATION = "evaluation", _("In impact evaluation")
    DELIBERATION = "deliberation", _("In deliberation")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    ANNOUNCED = "announced", _("Announced")
    RESCINDED = "rescinded", _("Decision withdrawn")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The groups of states, on the class. Under way (the nominator, nominee or staff may still withdraw it):
NominationState.ACTIVE = frozenset({
    NominationState.DRAFT, NominationState.SUBMITTED, NominationState.SCREENING, NominationState.EVALUATION,
    NominationState.DELIBERATION,
})
# States in which a nominee cannot hold a second nomination on the same track of the same cycle.
NominationState.INACTIVE = frozenset({NominationState.WITHDRAWN, NominationState.SCREENED_OUT})
# Submitted and not yet screened: screening the cycle takes these, and evaluation waits for none to be left (R7).
NominationState.AWAITING_SCREENING = frozenset({NominationState.SUBMITTED, NominationState.SCREENING})


class Nomination(models.Model):
    """
    A self or peer nomination of a person or organization on one track of a cycle (R5).

    ``nominee_key`` is ``"u<id>"`` or ``"o<id>"`` while the nomination is active and NULL once it is withdrawn
    or closed at screening; a unique constraint on (cycle, track, nominee_key) then allows one active
    nomination per nominee and track in a cycle on every database (MySQL has no partial unique indexes).

    .. pii: The summary, impact statement and references are free text written about a person.
    .. pii_types: name, other
    .. pii_retirement: local_api
    """

    class Kind(models.TextChoices):
        SELF = "self", _("Self-nomination")
        PEER = "peer", _("Peer nomination")

    # The kinds by their short names, as callers write them (``Nomination.PEER``).
    SELF, PEER = Kind.SELF, Kind.PEER

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="nominations")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="nominations")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dcp_nominations_made"
    )
    nominee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dcp_nominations_received",
    )
    nominee_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    nominee_key = models.CharField(max_length=32, null=True, blank=True, editable=False)
    summary = models.TextField(max_length=10000, help_text=_("Contributions aligned with the track."))
    impact_statement = models.TextField(
        max_length=10000, help_text=_("How the work advanced the ecosystem: impact, adoption, engagement.")
    )
    references = models.TextField(
        max_length=5000, blank=True, help_text=_("Partners, clients or community leaders who can confirm.")
    )
    evidence_links = models.JSONField(default=list, blank=True, help_text=_("Links to the evidence, one URL each."))
    first_contribution_date = models.DateField(
        null=True, blank=True,
        help_text=_("Declared start of contributions on the track, when recorded contributions do not show it."),
    )
    first_contribution_evidence = models.URLField(blank=True, help_text=_("Evidence for the declared date."))
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=16, choices=NominationState.choices, default=NominationState.DRAFT)
    closed_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            check_constraint(
                (Q(nominee_user__isnull=False) & Q(nominee_organization__isnull=True))
                | (Q(nominee_user__isnull=True) & Q(nominee_organization__isnull=False)),
                name="dcp_nomination_one_nominee",
            ),
            models.UniqueConstraint(
                fields=["cycle", "track", "nominee_key"], name="dcp_nomination_one_active_per_nominee"
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "state"]),
            # The API's lists: a cycle's nominations, newest first, read in index order (P3).
            models.Index(fields=["cycle", "-created", "-id"], name="dcp_nomination_cycle_recent"),
            # The review list: a cycle's screened nominations by id, the state read from the index (P3).
            models.Index(fields=["cycle", "id", "state"], name="dcp_nomination_cycle_id"),
            models.Index(fields=["nominator", "cycle"]),
            models.Index(fields=["nominee_user", "cycle"]),
        ]
        ordering = ["-created", "-id"]

    def __str__(self):
        return f"#{self.pk} {self.nominee_display} ({self.track.slug})"

    @property
    def program(self):
        """The program the nomination belongs to."""
        return self.cycle.program

    @property
    def nominee_display(self):
        """A short label of the nominee."""
        if self.nominee_organization_id:
            return self.nominee_organization.name
        return self.nominee_user.get_username() if self.nominee_user_id else "?"

    @property
    def needs_consent(self):
        """Peer nominations need the nominee's consent before screening (R5)."""
        return self.kind == self.PEER

    def compute_nominee_key(self):
        """The value ``nominee_key`` must hold in the nomination's current state."""
        if self.state in NominationState.INACTIVE:
            return None
        if self.nominee_user_id:
            return f"u{self.nominee_user_id}"
        return f"o{self.nominee_organization_id}"

    def save(self, *args, **kwargs):
        self.nominee_key = self.compute_nominee_key()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"nominee_key", "modified"}
        super().save(*args, **kwargs)


class Endorsement(models.Model):
    """
    An endorsement of a nomination by a recognized community member (R6).

    ``role`` is the community role that qualified the endorser when they endorsed; a steward representative's
    endorsement is what the "at least one from the steward" rule counts. One row per endorser and nomination
    (a database constraint); a withdrawn endorsement keeps its row with ``withdrawn_at`` set.

    .. pii: The statement is free text written by the endorser.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="endorsements")
    endorser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dcp_endorsements")
    role = models.CharField(max_length=32)
    statement = models.TextField(max_length=5000, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "endorser"], name="dcp_endorsement_one_per_endorser"),
        ]
        ordering = ["created", "id"]

    def __str__(self):
        return f"{self.endorser} endorses #{self.nomination_id}"

    @property
    def is_active(self):
        """Whether the endorsement still counts."""
        return self.withdrawn_at is None


class EndorsementRequest(models.Model):
    """
    A nominator asked a community member to endorse their nomination (R6, R26).

    Being asked is what lets a community member see (and endorse) a peer nomination that is still waiting for
    the nominee's consent; anyone else who may endorse sees a nomination only once it is past consent.

    .. no_pii:
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="endorsement_requests")
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_endorsement_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "endorser"], name="dcp_endorsement_request_once"),
        ]

    def __str__(self):
        return f"Endorsement of #{self.nomination_id} asked of {self.endorser_id}"
