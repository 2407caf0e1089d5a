"""
Memberships: the two-year terms of Distinguished Contributors (R14–R17).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from openedx_dcp.compat import check_constraint
from openedx_dcp.programs.models import Cycle, Organization, Program, Track

__all__ = ["MembershipState", "Membership"]


class MembershipState:
    """
    The states of a membership; allowed moves live in the membership workflow.
    """

    ACTIVE = "active"
    RENEWAL_REVIEW = "renewal_review"
    GRACE = "grace"
    LAPSED = "lapsed"
    LIFETIME = "lifetime"
    REVOKED = "revoked"

    CHOICES = [
        (ACTIVE, "Active"),
        (RENEWAL_REVIEW, "In renewal review"),
        (GRACE, "Grace period"),
        (LAPSED, "Lapsed (alumni)"),
        (LIFETIME, "Lifetime"),
        (REVOKED, "Revoked"),
    ]
    ENDED = {LAPSED, REVOKED}


class Membership(models.Model):
    """
    A Distinguished Contributor's membership on one track of a program.

    Created at the announcement of the cycle that selected the nominee; ``term_start``/``term_end`` bound the
    current term (2 years by default, R14). ``member_key`` is ``"u<id>"``/``"o<id>"`` while the membership has
    not ended and NULL after, so a database constraint allows one live membership per member and track (R8).

    .. no_pii:
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
    state = models.CharField(max_length=16, choices=MembershipState.CHOICES, default=MembershipState.ACTIVE)
    term_number = models.PositiveSmallIntegerField(default=1)
    term_start = models.DateField()
    term_end = models.DateField()
    grace_until = models.DateField(null=True, blank=True)
    lapsed_on = models.DateField(null=True, blank=True)
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
        indexes = [models.Index(fields=["program", "state", "term_end"])]
        ordering = ["program_id", "-term_start"]

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
        super().save(*args, **kwargs)
