"""
What the modules of panel review share: the seats' roles and the checks every write makes (the cycle
locked, the stage, the actor not conflicted). Internal to the package: callers use ``review.api``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from openedx_dcp.exceptions import NotPermitted, TransitionRefused
from openedx_dcp.programs.models import CommunityRole, Cycle
from openedx_dcp.review import conflicts

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User

    from openedx_dcp.nominations.models import Nomination

__all__ = ["SEAT_ROLES", "seat_roles", "is_conflicted_on", "may_see_panel_scores"]


# R9: the seat of a quota and the community roles that may fill it; a seat not listed takes its own role.
SEAT_ROLES = {
    CommunityRole.COMMUNITY_LEADER: {CommunityRole.COMMUNITY_LEADER, CommunityRole.DISTINGUISHED_CONTRIBUTOR},
}

# The stage groups (the panel open to change, the reviews read by the panel) are on ``Cycle.Stage``.


def may_see_panel_scores(*, stage: str, reviewed_it: bool, staff_view: bool = False) -> bool:
    """
    Whether a reader sees the panel's aggregate and the other panelists' reviews of a nomination (R11): program
    staff who do not sit on its panel (``staff_view``) always; a panelist once their own review of it is final
    (``reviewed_it``) or the cycle has reached deliberation (``stage``). Plain values, so a list decides it for
    every row without a query. The admin, the REST layer and the pages all ask this.
    """
    return staff_view or reviewed_it or stage in Cycle.Stage.REVIEWED


def seat_roles(*, seat: str) -> set[str]:
    """The community roles that may fill ``seat`` (R9)."""
    return SEAT_ROLES.get(seat, {seat})


def lock_cycle(cycle):
    return Cycle.objects.select_for_update().select_related("program", "rules").get(pk=cycle.pk)


def hidden_from_actor(actor, cycle):
    """Ids of the cycle's nominations ``actor`` is conflicted on (empty for the system) (R10)."""
    if actor is None:
        return set()
    return set(conflicts.hidden_from(actor, cycle_ids=[cycle.pk]).values_list("pk", flat=True))


def require_not_conflicted(actor, nomination):
    """R10, R26: what a conflicted staff member would do on a nomination is done by another staff member."""
    if actor is not None and is_conflicted_on(user=actor, nomination=nomination):
        raise NotPermitted(_("You have a conflict of interest on this nomination: another program staff member "
                           "does this."))


def require_stage(cycle, *stages):
    if cycle.stage not in stages:
        wanted = " or ".join(str(Cycle.Stage(stage).label).lower() for stage in stages)
        raise TransitionRefused(_("{cycle} is in {stage}, not {wanted}.").format(
            cycle=cycle.name, stage=str(cycle.get_stage_display()).lower(), wanted=wanted))


def is_conflicted_on(*, user: User, nomination: Nomination) -> bool:
    """
    Whether ``user`` sits on the panel of the nomination's cycle and is conflicted on it (R10). Such a person
    never sees the nomination through their staff or panel role; what they see as its nominator, nominee or
    endorser stays what any nominator, nominee or endorser sees.
    """
    return conflicts.hidden_from(user, cycle_ids=[nomination.cycle_id]).filter(pk=nomination.pk).exists()
