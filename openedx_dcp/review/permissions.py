"""
Who may do what in panel review, as named predicates (R9-R11, R26). The domain functions and the workflow's
checks use them; the REST views, pages and admin map each of their actions to one of them (``CYCLE_ACTIONS``)
and never restate the rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from openedx_dcp.exceptions import NotPermitted
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review.models import Panelist

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User

    from openedx_dcp.programs.models import Cycle, Program

__all__ = [
    "is_program_steward",
    "is_steward",
    "may_run_review",
    "may_read_panel",
    "may_read_final_list",
    "may_ask_about_final_list",
    "require_steward",
    "APPROVE_REFUSAL",
    "SEND_BACK_REFUSAL",
    "CYCLE_ACTIONS",
    "require_cycle_action",
]


def is_program_steward(*, user: User, program: Program) -> bool:
    """Whether ``user`` holds the steward representative role in ``program`` today (R3, R11)."""
    return bool(user is not None and getattr(user, "is_authenticated", False)
                and programs_api.has_role(program=program, user=user, role=CommunityRole.STEWARD_REPRESENTATIVE))


def is_steward(*, actor: User | None, cycle: Cycle) -> bool:
    """Whether ``actor`` holds the steward representative role in the cycle's program today (R11)."""
    return is_program_steward(user=actor, program=cycle.program)


def may_run_review(*, user: User, cycle: Cycle) -> bool:
    """Program staff run the cycle's review: screening, the panel, assignments, deliberation, release."""
    return programs_api.is_program_staff(user=user, program=cycle.program)


def may_read_panel(*, user: User, cycle: Cycle) -> bool:
    """The panel and its reports are read by program staff and by the cycle's panelists (R9)."""
    return (Panelist.objects.filter(cycle=cycle, user_id=getattr(user, "pk", None)).exists()
            or may_run_review(user=user, cycle=cycle))


def may_ask_about_final_list(*, user, cycle) -> bool:
    """
    Who may ask to approve the final list or send it back: a steward representative, or program staff, who are
    then told where the cycle stands (its stage is checked before the approver, R11); only a steward
    representative approves or sends back (``require_steward``, the workflow's guard).
    """
    return is_steward(actor=user, cycle=cycle) or may_run_review(user=user, cycle=cycle)


APPROVE_REFUSAL = _("Only a steward representative may approve the final list.")
SEND_BACK_REFUSAL = _("Only a steward representative may send the final list back to the panel.")
STAFF_ONLY_REFUSAL = _("Only program staff may do this.")


def require_steward(actor, cycle, refusal):
    """Raise ``NotPermitted`` with ``refusal`` unless ``actor`` is a steward representative of the program."""
    if not is_steward(actor=actor, cycle=cycle):
        raise NotPermitted(refusal)


def may_read_final_list(*, user: User, program: Program) -> bool:
    """The final list awaiting approval is read by the program's steward representatives and staff (R11)."""
    return is_program_steward(user=user, program=program) or programs_api.is_program_staff(user=user, program=program)


# Each step of a cycle's review and who may take it, with the refusal's words.
CYCLE_ACTIONS = {
    "screen": (may_run_review, STAFF_ONLY_REFUSAL),
    "start_evaluation": (may_run_review, STAFF_ONLY_REFUSAL),
    "assign_reviewers": (may_run_review, STAFF_ONLY_REFUSAL),
    "start_deliberation": (may_run_review, STAFF_ONLY_REFUSAL),
    "request_approval": (may_run_review, STAFF_ONLY_REFUSAL),
    "approve": (may_ask_about_final_list, APPROVE_REFUSAL),
    "send_back": (may_ask_about_final_list, SEND_BACK_REFUSAL),
    "release": (may_run_review, STAFF_ONLY_REFUSAL),
    "announce": (may_run_review, STAFF_ONLY_REFUSAL),
}


def require_cycle_action(*, user: User, cycle: Cycle, action: str) -> None:
    """Raise ``NotPermitted`` unless ``user`` may take the step ``action`` of ``cycle``'s review."""
    predicate, refusal = CYCLE_ACTIONS[action]
    if not predicate(user=user, cycle=cycle):
        raise NotPermitted(refusal)
