"""
Who a feedback round asks (its ``Audience``), computed from the program's data when it is needed: the people
in it never form a stored list, so someone who becomes a member while the round is open may answer it.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from openedx_dcp.engagement.feedback.models import Audience, FeedbackRound
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.review.models import Panelist

__all__ = ["audience_condition", "in_audience", "audience_users", "EMAILED_AUDIENCES"]

# "Everyone signed in" is not emailed: the platform's every user is not the program's to write to.
EMAILED_AUDIENCES = frozenset({Audience.MEMBERS, Audience.PANEL, Audience.NOMINATORS, Audience.ENDORSERS})


def audience_condition(program, audience: str) -> Q:
    """A condition on users: those in ``audience`` of ``program``."""
    if audience == Audience.MEMBERS:
        return Q(Exists(Membership.objects.filter(program=program, user=OuterRef("pk"),
                                                  state__in=MembershipState.LIVE)))
    if audience == Audience.PANEL:
        return Q(Exists(Panelist.objects.filter(cycle__program=program, user=OuterRef("pk"))))
    if audience == Audience.NOMINATORS:
        return Q(Exists(Nomination.objects.filter(cycle__program=program, nominator=OuterRef("pk"),
                                                  submitted_at__isnull=False)))
    if audience == Audience.ENDORSERS:
        return Q(Exists(Endorsement.objects.filter(nomination__cycle__program=program, endorser=OuterRef("pk"),
                                                   withdrawn_at__isnull=True)))
    return Q(is_active=True)


def in_audience(feedback_round: FeedbackRound, user) -> bool:
    """Whether ``user`` (signed in) is in the audience of ``feedback_round`` (one query at most)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if feedback_round.audience == Audience.SIGNED_IN:
        return bool(user.is_active)
    condition = audience_condition(feedback_round.program, feedback_round.audience)
    return get_user_model().objects.filter(condition, pk=user.pk).exists()


def audience_users(feedback_round: FeedbackRound) -> QuerySet:
    """The people the round's invitation is emailed to (none for "everyone signed in"), with an address."""
    users = get_user_model().objects
    if feedback_round.audience not in EMAILED_AUDIENCES:
        return users.none()
    return (users.filter(audience_condition(feedback_round.program, feedback_round.audience), is_active=True)
            .exclude(email="").order_by("email", "pk"))
