"""
Accomplishment surveys, the accomplishments the community submits, and their links to the people or
organizations behind them (R25).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs.models import Cycle, Organization, Program, Track

__all__ = ["AccomplishmentSurvey", "Accomplishment", "AccomplishmentLink"]


class AccomplishmentSurvey(models.Model):
    """
    The window of a cycle in which signed-in community members submit accomplishments (R25). One per cycle;
    submissions are accepted only between ``opens_at`` (included) and ``closes_at`` (excluded).

    .. no_pii:
    """

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="accomplishment_surveys")
    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="accomplishment_survey")
    title = models.CharField(max_length=200)
    introduction = models.TextField(max_length=5000, blank=True,
                                    help_text=_("What the survey asks for, shown above the form."))
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            check_constraint(Q(closes_at__gt=models.F("opens_at")), name="dcp_survey_closes_after_opening"),
        ]
        ordering = ["-opens_at", "-id"]

    def __str__(self):
        return self.title

    def is_open(self, now=None):
        """Whether submissions are accepted at ``now`` (the window's start included, its end excluded)."""
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


class Accomplishment(models.Model):
    """
    One accomplishment of the year on one track, as a community member reported it: what was done, why it
    mattered, and links to it. ``merged_into`` points a duplicate at the accomplishment kept in its place; the
    duplicate keeps its own text (nothing is lost) and its links were carried to the kept one. ``shown``: the
    program chose to list it on the public page.

    .. pii: What and why are free text written by the submitter, often about other people; the links may name them.
    .. pii_types: name, other
    .. pii_retirement: local_api
    """

    survey = models.ForeignKey(AccomplishmentSurvey, on_delete=models.CASCADE, related_name="accomplishments")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="accomplishments")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_accomplishments"
    )
    title = models.CharField(max_length=200, help_text=_("What was accomplished, in one line."))
    why = models.TextField(max_length=5000, help_text=_("Why it mattered to the Open edX community."))
    links = models.JSONField(default=list, blank=True, help_text=_("Links to the work, one URL each."))
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        help_text=_("The accomplishment kept in place of this duplicate."),
    )
    shown = models.BooleanField(default=False, help_text=_("Listed on the program's public accomplishments page."))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["survey", "-created", "-id"], name="dcp_accomplishment_recent"),
            models.Index(fields=["submitted_by", "survey"], name="dcp_accomplishment_submitter"),
        ]
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.title


class AccomplishmentLink(models.Model):
    """
    A person or an organization behind an accomplishment, linked by staff or the panel (R25). ``nomination``
    is the peer nomination draft the link was turned into, when it was.

    .. no_pii:
    """

    accomplishment = models.ForeignKey(Accomplishment, on_delete=models.CASCADE, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
        related_name="dcp_accomplishment_links",
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="accomplishment_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nomination = models.ForeignKey(
        Nomination, null=True, blank=True, on_delete=models.SET_NULL, related_name="accomplishment_links"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            check_constraint(
                (Q(user__isnull=False) & Q(organization__isnull=True))
                | (Q(user__isnull=True) & Q(organization__isnull=False)),
                name="dcp_accomplishment_link_one_party",
            ),
            models.UniqueConstraint(fields=["accomplishment", "user"], name="dcp_accomplishment_link_user_once"),
            models.UniqueConstraint(fields=["accomplishment", "organization"],
                                    name="dcp_accomplishment_link_org_once"),
        ]
        ordering = ["accomplishment_id", "id"]

    def __str__(self):
        return f"{self.party_display} behind #{self.accomplishment_id}"

    @property
    def party_display(self):
        """The username or organization name linked."""
        if self.organization_id:
            return self.organization.name
        return self.user.get_username() if self.user_id else "?"
