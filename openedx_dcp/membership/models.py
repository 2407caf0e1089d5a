"""
Memberships: the two-year terms of Distinguished Contributors (R14–R17).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint
from openedx_dcp.programs.models import (
    Cycle,
    Organization,
    Program,
    ProgramRules,
    Track,
)

__all__ = [
    "MembershipState",
    "Membership",
    "MembershipTerm",
    "EngagementKind",
    "EngagementOptIn",
    "EngagementParticipation",
]


class MembershipState(models.TextChoices):
    """
    The states of a membership; allowed moves live in ``openedx_dcp.membership.workflow``.

    ``active`` → ``renewal_review`` (opened ahead of the term's end) → ``renewed`` (the committee found the
    renewal criteria met; the next term starts when the current one ends) → ``active`` again, or ``lifetime``
    once the milestone is reached. Without renewal by the term's end (or when the committee defers), the member
    is in ``grace`` until ``grace_until`` and then ``lapsed`` (alumni). ``revoked`` ends a membership whose
    decision was withdrawn.
    """

    ACTIVE = "active", _("Active")
    RENEWAL_REVIEW = "renewal_review", _("In renewal review")
    RENEWED = "renewed", _("Renewed (next term pending)")
    GRACE = "grace", _("Grace period")
    LAPSED = "lapsed", _("Lapsed (alumni)")
    LIFETIME = "lifetime", _("Lifetime")
    REVOKED = "revoked", _("Revoked")


# The groups of states, on the class: a membership that ended, and one the member still holds.
MembershipState.ENDED = frozenset({MembershipState.LAPSED, MembershipState.REVOKED})
MembershipState.LIVE = frozenset({
    MembershipState.ACTIVE, MembershipState.RENEWAL_REVIEW, MembershipState.RENEWED, MembershipState.GRACE,
    MembershipState.LIFETIME,
})


DIRECTORY_NAME_LENGTH = 255


def directory_name_of(member) -> str:
    """
    The name the public directory sorts a member by: an organization's name, else a person's full name, else
    their username; lower-cased and cut to the stored length.
    """
    if isinstance(member, Organization):
        name = member.name
    else:
        name = member.get_full_name().strip() or member.get_username()
    return name.lower()[:DIRECTORY_NAME_LENGTH]


class Membership(models.Model):
    """
    A Distinguished Contributor's membership on one track of a program.

    Created at the announcement of the cycle that selected the nominee; ``term_start``/``term_end`` bound the
    current term (2 years by default, R14) and ``term_number`` counts terms. A renewal is a new term on the
    same row; each term's dates, rules and renewal decision are kept in ``MembershipTerm``. ``member_key`` is
    ``"u<id>"``/``"o<id>"`` while the membership has not ended and NULL after, so a database constraint allows
    one live membership per member and track (R8).

    ``review_opens_on`` is when the renewal review of the current term opens (``renewal_review_lead_days``
    before ``term_end``). ``next_term_start`` is set when the committee renewed the member: the day the next
    term (or lifetime status) begins. ``grace_until`` is the first day the membership is lapsed if not renewed (R15);
    ``lifetime_since`` the day lifetime status began (R16).

    ``directory_name`` is the name the public directory sorts by (``directory_name_of``: the organization's
    name, else the person's full name, else the username, lower-cased), stored so that a page of the directory
    is read in the order of an index instead of sorting every listed member (P5). It is set when the row is
    created; a receiver keeps it true when a user or an organization is renamed (``membership.receivers``), and
    retirement blanks it.

    .. pii: ``directory_name`` copies the member's full name or username, for sorting; blanked at retirement.
    .. pii_types: name, username
    .. pii_retirement: local_api
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="memberships")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="memberships")
    cycle = models.ForeignKey(Cycle, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships")
    nomination = models.OneToOneField(
        "openedx_dcp.Nomination", null=True, blank=True, on_delete=models.PROTECT, related_name="membership"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="dcp_memberships"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    member_key = models.CharField(max_length=32, null=True, blank=True, editable=False)
    state = models.CharField(max_length=16, choices=MembershipState.choices, default=MembershipState.ACTIVE)
    term_number = models.PositiveSmallIntegerField(default=1)
    term_start = models.DateField()
    term_end = models.DateField(help_text=_("First day after the current term."))
    review_opens_on = models.DateField(
        null=True, blank=True, help_text=_("When the sweep opens the renewal review of the current term.")
    )
    next_term_start = models.DateField(null=True, blank=True, help_text=_("Set once the committee renewed."))
    grace_until = models.DateField(null=True, blank=True, help_text=_("First day of the lapse if not renewed."))
    lapsed_on = models.DateField(null=True, blank=True)
    lifetime_since = models.DateField(null=True, blank=True)
    retired_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the member's account was retired: no longer in the public directory.")
    )
    directory_name = models.CharField(max_length=DIRECTORY_NAME_LENGTH, blank=True, default="", editable=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            check_constraint(
                (Q(user__isnull=False) & Q(organization__isnull=True))
                | (Q(user__isnull=True) & Q(organization__isnull=False)),
                name="dcp_membership_one_member",
            ),
            check_constraint(Q(term_end__gt=models.F("term_start")), name="dcp_membership_term_order"),
            models.UniqueConstraint(fields=["program", "track", "member_key"], name="dcp_membership_one_live"),
        ]
        indexes = [
            models.Index(fields=["program", "state", "term_end"]),
            models.Index(fields=["state", "review_opens_on"], name="dcp_membership_due_review"),
            # The public directory (P5): a page in name order, and its count, each read from one index.
            models.Index(fields=["program", "retired_at", "directory_name"], name="dcp_membership_directory"),
            models.Index(fields=["program", "retired_at", "state"], name="dcp_membership_listed"),
            # The membership list (P3, ADR 0025): its order, and who may see a row, read from the index alone.
            models.Index(fields=["program", "-term_start", "id", "user", "organization"], name="dcp_membership_list"),
            # The public directory (P3, ADR 0025): a group's rows (a track and cycle) by id, filtered in the index.
            models.Index(fields=["program", "retired_at", "track", "cycle", "id", "state"],
                         name="dcp_membership_groups"),
        ]
        ordering = ["program_id", "-term_start", "id"]

    def __str__(self):
        member = self.user or self.organization
        return f"{member} ({self.track.slug}, {self.state})"

    def save(self, *args, **kwargs):
        if self.state in MembershipState.ENDED:
            self.member_key = None
        else:
            self.member_key = f"u{self.user_id}" if self.user_id else f"o{self.organization_id}"
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"member_key", "modified"}
        elif self.retired_at is None and not self.directory_name:
            self.directory_name = directory_name_of(self.organization if self.organization_id else self.user)
        super().save(*args, **kwargs)

    @property
    def member_display(self):
        """A short label of the member (username or organization name)."""
        if self.organization_id:
            return self.organization.name
        return self.user.get_username() if self.user_id else "?"


class MembershipTerm(models.Model):
    """
    One term of a membership and how its renewal review ended (R14).

    ``rules`` is the program's rules version in force when the term began: the term is judged against the
    renewal criteria and durations of that version, so a later rules change never moves a member's goalposts
    mid-term (R24). ``outcome`` stays empty while the term runs. ``renewed_in_grace`` marks a renewal decided
    after the term's criteria were missed; such a term does not count towards the lifetime milestone (R16).

    .. pii: The decision note is free text written by the committee about the member.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    class Outcome(models.TextChoices):
        RENEWED = "renewed", _("Renewed")
        LAPSED = "lapsed", _("Lapsed")
        LIFETIME = "lifetime", _("Lifetime granted")
        REVOKED = "revoked", _("Revoked")

    # The outcomes by their short names, as callers write them (``MembershipTerm.LAPSED``).
    RENEWED, LAPSED, LIFETIME, REVOKED = Outcome.RENEWED, Outcome.LAPSED, Outcome.LIFETIME, Outcome.REVOKED

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField()
    start = models.DateField()
    end = models.DateField(help_text=_("First day after the term."))
    rules = models.ForeignKey(ProgramRules, on_delete=models.PROTECT, related_name="membership_terms")
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    renewed_in_grace = models.BooleanField(default=False)
    evidence_count = models.PositiveIntegerField(null=True, blank=True, help_text=_("Qualifying signals at decision."))
    required_signals = models.PositiveIntegerField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "number"], name="dcp_membership_term_unique_number"),
            check_constraint(Q(end__gt=models.F("start")), name="dcp_membership_term_dates"),
        ]
        ordering = ["membership_id", "number"]

    def __str__(self):
        return f"term {self.number} of membership #{self.membership_id} ({self.start} to {self.end})"


class EngagementKind(models.TextChoices):
    """The follow-on engagement a member can opt in to (R17)."""

    MENTORING = "mentoring", _("Mentoring")
    VALIDATING_NOMINATIONS = "validating_nominations", _("Validating nominations")
    SPEAKING = "speaking", _("Speaking")
    WORKING_GROUPS = "working_groups", _("Working groups")
    ROADMAP = "roadmap_discussions", _("Roadmap discussions")
    KNOWLEDGE_SHARING = "knowledge_sharing", _("Knowledge-sharing sessions")


# Every kind, in the order they are offered.
EngagementKind.ALL = list(EngagementKind.values)


class EngagementOptIn(models.Model):
    """
    Whether a member wants to take part in one kind of follow-on engagement (R17).

    One row per membership and kind, updated when the member changes their mind (each change is audited); the
    dashboard's opt-in key result (R18) reads ``opted_in``.

    .. no_pii:
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="engagement_opt_ins")
    kind = models.CharField(max_length=32, choices=EngagementKind.choices)
    opted_in = models.BooleanField(default=True)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "kind"], name="dcp_engagement_opt_in_unique"),
        ]
        ordering = ["membership_id", "kind"]

    def __str__(self):
        return f"#{self.membership_id} {self.kind}: {'in' if self.opted_in else 'out'}"


class EngagementParticipation(models.Model):
    """
    Follow-on engagement a member actually took part in, recorded by program staff (R17, R18 mentors and
    validators).

    .. pii: The note is free text written by staff about the member's participation.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="participations")
    kind = models.CharField(max_length=32, choices=EngagementKind.choices)
    date = models.DateField()
    note = models.TextField(max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["membership", "kind", "date"], name="dcp_participation_kind_date")]
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"#{self.membership_id} {self.kind} on {self.date}"
