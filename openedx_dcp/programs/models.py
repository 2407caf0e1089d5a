"""
Programs, their tenants, tracks, organizations, community roles, cycles and versioned rules.
"""

import copy

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint
from openedx_dcp.programs.defaults import DEFAULT_THRESHOLDS

__all__ = ["Program", "ProgramStaff", "ProgramRules", "Track", "Organization", "Affiliation", "CommunityRole", "Cycle"]


class Program(models.Model):
    """
    A Distinguished Contributor Program run by one tenant (R1).

    A deployment holds many programs; each belongs to one ``Site`` and nothing of it is visible from another
    site. ``organization_name`` names the operator behind the tenant, for the issuer of credentials.

    .. no_pii:
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="dcp_programs")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    organization_name = models.CharField(max_length=200, blank=True, help_text=_("Operator running the program."))
    url = models.URLField(blank=True, help_text=_("Public page of the program; the credential issuer's url."))
    image_url = models.URLField(blank=True, help_text=_("Logo, used as the credential issuer's image."))
    is_active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="dcp_program_unique_slug_per_site")]
        ordering = ["site_id", "slug"]

    def __str__(self):
        return f"{self.name} ({self.site.domain})"

    @property
    def current_rules(self):
        """The newest version of this program's rules (R24)."""
        return self.rules_versions.order_by("-version").first()


class ProgramStaff(models.Model):
    """
    A user who runs a program: manages cycles, tracks, rules and sees every nomination of the program.

    Program staff are per program, so staff of one tenant are nobody on another (R1).

    .. no_pii:
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_staff_of")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="dcp_staff_unique")]
        verbose_name_plural = _("program staff")

    def __str__(self):
        return f"{self.user} staff of {self.program.slug}"


class ProgramRules(models.Model):
    """
    One version of a program's rules: thresholds, quotas, durations and a snapshot of its tracks (R24).

    Rules are data: staff change them without code or migration. Versions are append-only; each records who
    changed what and why, and a cycle points at the version it started with, so later changes never alter a
    running cycle. The dashboard counts versions per year for KR 3.3.

    .. no_pii:
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rules_versions")
    version = models.PositiveIntegerField()
    data = models.JSONField(help_text=_("Thresholds and track snapshot; validated by openedx_dcp.programs.rules."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(max_length=2000, help_text=_("Why the rules changed."))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "version"], name="dcp_rules_unique_version"),
        ]
        ordering = ["program_id", "-version"]
        verbose_name_plural = _("program rules")

    def __str__(self):
        return f"{self.program.slug} rules v{self.version}"

    def save(self, *args, **kwargs):
        """Versions are append-only: an existing version is never rewritten."""
        if self.pk is not None:
            raise ValueError("Program rules versions are append-only; record a new version instead.")
        super().save(*args, **kwargs)

    def threshold(self, key):
        """
        Return one threshold of this version. A key added to the program's thresholds after this version was
        written reads as its default (openedx_dcp.programs.defaults), so an old cycle keeps working.
        """
        thresholds = (self.data or {}).get("thresholds") or {}
        if key in thresholds:
            return thresholds[key]
        if key in DEFAULT_THRESHOLDS:
            return copy.deepcopy(DEFAULT_THRESHOLDS[key])
        raise KeyError(f"Unknown threshold {key!r}.")

    def track(self, slug):
        """Return the snapshot of one track as it was in this version, or None."""
        for track in self.data.get("tracks", []):
            if track["slug"] == slug:
                return track
        return None


class Track(models.Model):
    """
    A recognition track of a program (R2): Engineer, Advocate, Innovator, Partner by default.

    The rubric (R12) and renewal criteria (R14) are data so that staff can add a track such as "Rising Stars"
    without code (R24). ``qualifying_signal_kinds`` says which contribution signals count as evidence on the
    track (R7, R21).

    .. no_pii:
    """

    class NomineeKind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")

    # The kinds by their short names, as callers write them (``Track.ORGANIZATION``).
    PERSON, ORGANIZATION = NomineeKind.PERSON, NomineeKind.ORGANIZATION

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="tracks")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    nominee_kind = models.CharField(max_length=16, choices=NomineeKind.choices, default=NomineeKind.PERSON)
    description = models.TextField(max_length=5000, blank=True)
    criteria_narrative = models.TextField(max_length=5000, blank=True,
                                          help_text=_("Criteria, as shown in the credential."))
    rubric = models.JSONField(default=list, help_text='[{"key", "label", "weight", "max_score"}]')
    renewal_criteria = models.JSONField(default=dict, help_text='{"narrative", "signal_kinds", "min_signals"}')
    qualifying_signal_kinds = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "slug"], name="dcp_track_unique_slug")]
        ordering = ["program_id", "order", "slug"]

    def __str__(self):
        return self.name

    def snapshot(self):
        """The track as plain data, for a rules version."""
        return {
            "slug": self.slug,
            "name": self.name,
            "nominee_kind": self.nominee_kind,
            "description": self.description,
            "criteria_narrative": self.criteria_narrative,
            "rubric": self.rubric,
            "renewal_criteria": self.renewal_criteria,
            "qualifying_signal_kinds": self.qualifying_signal_kinds,
        }


class Organization(models.Model):
    """
    An organization in a tenant's community: a partner, a nominee of the Partner track, a panelist's employer.

    ``size`` (employees) decides whether a partner is assessed on absolute or per-employee metrics (R13).

    .. no_pii:
    """

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="dcp_organizations")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text=_("Number of employees."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "slug"], name="dcp_org_unique_slug_per_site")]
        ordering = ["site_id", "name"]

    def __str__(self):
        return self.name


class Affiliation(models.Model):
    """
    A person's dated membership of an organization; used for conflicts of interest (R10) and for who may
    consent for an organization nominee.

    .. no_pii:
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_affiliations")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="affiliations")
    start = models.DateField(default=timezone.now)
    end = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            check_constraint(
                Q(end__isnull=True) | Q(end__gte=models.F("start")), name="dcp_affiliation_dates"
            ),
        ]
        indexes = [models.Index(fields=["user", "organization"])]

    def __str__(self):
        return f"{self.user} at {self.organization}"


class CommunityRole(models.Model):
    """
    A dated community role held by a person in a program's community (R3).

    Roles decide who may endorse (R6) and who may sit on which panel seat (R9). ``distinguished_contributor``
    is granted by the program itself at announcement.

    .. pii: The note is free text written by staff about the role holder; blanked at retirement.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    class Role(models.TextChoices):
        CORE_CONTRIBUTOR = "core_contributor", _("Core contributor")
        PARTNER_REPRESENTATIVE = "partner_representative", _("Partner representative")
        STEWARD_REPRESENTATIVE = "steward_representative", _("Steward representative")
        TOC_MEMBER = "toc_member", _("TOC member")
        COMMUNITY_LEADER = "community_leader", _("Community leader")
        BIZDEV_WG_MEMBER = "bizdev_wg_member", _("Biz Dev WG member")
        DISTINGUISHED_CONTRIBUTOR = "distinguished_contributor", _("Distinguished Contributor")

    # The roles by their short names, as callers write them (``CommunityRole.STEWARD_REPRESENTATIVE``).
    CORE_CONTRIBUTOR = Role.CORE_CONTRIBUTOR
    PARTNER_REPRESENTATIVE = Role.PARTNER_REPRESENTATIVE
    STEWARD_REPRESENTATIVE = Role.STEWARD_REPRESENTATIVE
    TOC_MEMBER = Role.TOC_MEMBER
    COMMUNITY_LEADER = Role.COMMUNITY_LEADER
    BIZDEV_WG_MEMBER = Role.BIZDEV_WG_MEMBER
    DISTINGUISHED_CONTRIBUTOR = Role.DISTINGUISHED_CONTRIBUTOR

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="community_roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_roles")
    role = models.CharField(max_length=32, choices=Role.choices)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, help_text=_("For partner representatives.")
    )
    start = models.DateField(default=timezone.now)
    end = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            check_constraint(
                Q(end__isnull=True) | Q(end__gte=models.F("start")), name="dcp_role_dates"
            ),
        ]
        indexes = [models.Index(fields=["program", "user", "role"])]

    def __str__(self):
        return f"{self.user} {self.role}"


class Cycle(models.Model):
    """
    A nomination cycle of a program, which forms one cohort (R4).

    The dated phases say when nominations are accepted and when the cohort is announced; ``stage`` is where
    the panel's review stands (R11) and only changes through ``openedx_dcp.nominations.workflow``. ``rules`` is
    the rules version the cycle started with (R24).

    .. no_pii:
    """

    class Stage(models.TextChoices):
        NOMINATIONS = "nominations", _("Nominations")
        SCREENING = "screening", _("Screening")
        EVALUATION = "evaluation", _("Impact evaluation")
        DELIBERATION = "deliberation", _("Deliberation")
        APPROVAL = "approval", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        ANNOUNCED = "announced", _("Announced")

    # The stages by their short names, as callers write them (``Cycle.SCREENING``).
    NOMINATIONS = Stage.NOMINATIONS
    SCREENING = Stage.SCREENING
    EVALUATION = Stage.EVALUATION
    DELIBERATION = Stage.DELIBERATION
    APPROVAL = Stage.APPROVAL
    APPROVED = Stage.APPROVED
    ANNOUNCED = Stage.ANNOUNCED

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cycles")
    rules = models.ForeignKey(ProgramRules, on_delete=models.PROTECT, related_name="cycles")
    slug = models.SlugField(max_length=64)
    name = models.CharField(max_length=200)
    nominations_open = models.DateTimeField()
    nominations_close = models.DateTimeField()
    review_start = models.DateTimeField()
    review_end = models.DateTimeField()
    announcement_at = models.DateTimeField()
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.NOMINATIONS)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "slug"], name="dcp_cycle_unique_slug"),
            check_constraint(
                Q(nominations_open__lt=models.F("nominations_close"))
                & Q(nominations_close__lte=models.F("review_start"))
                & Q(review_start__lt=models.F("review_end"))
                & Q(review_end__lte=models.F("announcement_at")),
                name="dcp_cycle_phases_in_order",
            ),
        ]
        ordering = ["program_id", "-nominations_open"]

    def __str__(self):
        # The cycle's own name ("2026 cohort"), as people call it; the slug is for URLs.
        return self.name

    def nominations_are_open(self, at=None):
        """Whether nominations are accepted at ``at`` (now by default) (R4)."""
        at = at or timezone.now()
        return self.stage == self.NOMINATIONS and self.nominations_open <= at < self.nominations_close


# The groups of stages, on the class (as ``NominationState``'s). While the panel may still change: it is frozen once
# evaluation starts, so the quotas hold throughout the review (R9).
Cycle.Stage.PANEL_OPEN = frozenset({Cycle.Stage.NOMINATIONS, Cycle.Stage.SCREENING})
# From deliberation on, the panel reads every review of the nominations it may see (R11).
Cycle.Stage.REVIEWED = frozenset({Cycle.Stage.DELIBERATION, Cycle.Stage.APPROVAL, Cycle.Stage.APPROVED,
                                  Cycle.Stage.ANNOUNCED})
