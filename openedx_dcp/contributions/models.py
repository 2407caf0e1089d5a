"""
Contribution signals: who contributed what, when (R21), and who the receivers track.
"""

from django.conf import settings
from django.contrib.sites.models import Site
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint
from openedx_dcp.programs.models import Organization

__all__ = ["ContributionSignal", "ContributorOptIn", "SignalDayCount", "SignalRollupState", "TenantCourseOrg"]


class ContributionSignal(models.Model):
    """
    One dated piece of contribution or engagement evidence, attributed to a person or an organization.

    Signals come from Open edX events (``source`` ``openedx``) and from external sources (code contributions,
    talks, posts, working groups) through the API and the bulk import. ``(site, source, source_id)`` is unique,
    so replaying the same event or file never counts a contribution twice. Signals belong to a tenant (``site``)
    and are the evidence for eligibility (R7), renewal (R14), lifetime (R16) and retention (R18). Which kinds
    count for which track is per-program data on ``Track.qualifying_signal_kinds``.

    .. pii: The URL and the source id of an external contribution may name the contributor (a profile or a
       pull request URL); at retirement the URL is blanked and the source id replaced by its digest.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="dcp_signals")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="dcp_signals"
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="signals"
    )
    kind = models.CharField(max_length=64, help_text=_("e.g. forum_response, code_contribution, talk."))
    source = models.CharField(max_length=64, help_text=_("Where the signal came from, e.g. openedx, github."))
    source_id = models.CharField(max_length=255, help_text=_("Identifier within the source, for idempotency."))
    occurred_at = models.DateTimeField()
    weight = models.FloatField(default=1.0)
    url = models.URLField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "source", "source_id"], name="dcp_signal_unique_source_id"),
            check_constraint(Q(user__isnull=False) | Q(organization__isnull=False), name="dcp_signal_attributed"),
        ]
        indexes = [
            models.Index(fields=["site", "organization", "kind", "occurred_at"], name="dcp_signal_org_kind_at"),
            # A tenant's signals by time, carrying what the daily rollups group by: rebuilding the rollups of a run of
            # days reads this index alone, never the rows (half the time at 1,000,000 signals, ADR 0021).
            models.Index(fields=["site", "occurred_at", "user", "organization", "kind"], name="dcp_signal_site_at_who"),
            # A person's signals newest first with their kind beside them: a member's evidence list (kinds IN,
            # ordered by time and id) counts and pages from this index alone, stopping at the page (P3); a count of
            # some kinds in a time window reads a range of it. It replaced (site, user, kind, occurred_at): a signal
            # writes as many index entries as before this index came (P1, P2).
            models.Index(fields=["site", "user", "occurred_at", "id", "kind"], name="dcp_signal_user_at_kind"),
        ]
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return f"{self.kind} by {self.user_id or self.organization_id} at {self.occurred_at:%Y-%m-%d}"


class ContributorOptIn(models.Model):
    """
    A person who asked the program of a tenant to record their contributions before anyone nominated them.

    Event receivers only record signals for people the program tracks (members, nominees, nominators,
    endorsers, community-role holders, panelists); opting in adds a prospective contributor to that set, so
    their first two years of activity (R7) are on record when they are nominated.

    .. no_pii:
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="dcp_contributor_opt_ins")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_opt_ins")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "user"], name="dcp_opt_in_unique")]
        verbose_name = _("contributor opt-in")

    def __str__(self):
        return f"{self.user_id} opted in on {self.site_id}"


class TenantCourseOrg(models.Model):
    """
    A course organization (the ``org`` of a course key) whose events belong to a tenant.

    Open edX maps organizations to sites with ``SiteConfiguration``'s ``course_org_filter``; the plugin cannot
    import it, so it keeps the same mapping here. Events of a course whose org is not listed go to
    ``settings.SITE_ID``.

    .. no_pii:
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="dcp_course_orgs")
    org = models.CharField(max_length=255, unique=True, help_text=_("Course key organization, e.g. OpenedX."))

    class Meta:
        ordering = ["org"]
        verbose_name = _("tenant course organization")

    def __str__(self):
        return f"{self.org} → {self.site_id}"


class SignalDayCount(models.Model):
    """
    How many signals of one kind a person or an organization has on one UTC day on a tenant: the rollup the
    program dashboard reads instead of scanning the signals (P4, docs/dashboard.md, ADR 0013).

    Rebuilt from the signals by ``contributions.rollups.refresh_signal_rollups`` for the days new signals
    touched; deleting a user, an organization or a site deletes their rows here as it deletes their signals.

    .. no_pii:
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    day = models.DateField(help_text=_("The UTC date of the signals' occurred_at."))
    signals = models.PositiveIntegerField()

    class Meta:
        constraints = [
            check_constraint(Q(user__isnull=False) | Q(organization__isnull=False), name="dcp_day_count_attributed"),
        ]
        indexes = [
            models.Index(fields=["site", "user", "kind", "day"], name="dcp_day_count_user_kind"),
            models.Index(fields=["site", "organization", "kind", "day"], name="dcp_day_count_org_kind"),
            models.Index(fields=["site", "day"], name="dcp_day_count_site_day"),
            # One kind across a tenant (KR 5.2's program_citation rollups): read as a range, never a scan (P4).
            models.Index(fields=["site", "kind", "user", "day"], name="dcp_day_count_site_kind"),
        ]

    def __str__(self):
        return f"{self.signals} {self.kind} by {self.user_id or self.organization_id} on {self.day}"


class SignalRollupState(models.Model):
    """
    Where the last refresh of the rollups stopped: signals with a larger id are not counted yet.

    .. no_pii:
    """

    last_signal_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"rollups up to signal {self.last_signal_id}"
