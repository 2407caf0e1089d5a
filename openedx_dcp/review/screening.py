"""
Screening (R6, R7, R13): what a submitted nomination lacks, screening one or a whole cycle, and the endorsement
requests that precede it (R26).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, RuleViolation, TransitionRefused
from openedx_dcp.filters import NominationEligibilityRequested
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import eligibility, workflow
from openedx_dcp.nominations.models import (
    EndorsementRequest,
    Nomination,
    NominationState,
)
from openedx_dcp.outbox import api as outbox
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import equity, notifications
from openedx_dcp.review.common import hidden_from_actor, lock_cycle, require_stage

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User

__all__ = [
    "NO_ENDORSER_MESSAGE",
    "screening_problems",
    "nomination_problems",
    "review_screening_problems",
    "screen",
    "screen_cycle",
    "start_evaluation",
    "request_endorsement",
]


NO_ENDORSER_MESSAGE = gettext_lazy("This person is not a recognized community member who may endorse.")


def screening_problems(*, nomination: Nomination) -> list[str]:
    """
    Everything that keeps ``nomination`` from passing screening, the one statement of what screening checks:
    endorsements (R6) and eligibility (R7), which the nominations package's own guards of ``pass_screening``
    check, then what the review adds (``review_screening_problems``).
    """
    base = nomination_problems(nomination)
    return base + review_screening_problems(nomination, base=base)


def nomination_problems(nomination):
    """The endorsement quorum (R6) and eligibility (R7) of ``nomination``: the nominations package's part."""
    return eligibility.endorsement_shortfall(nomination) + eligibility.eligibility_problems(nomination)


def review_screening_problems(nomination, *, base):
    """
    What the review adds to screening, given the nominations package's ``base`` problems: the partner's
    qualifying contributions (R13), then the rules other plugins add through the eligibility filter (which
    sees every problem found so far). ``review.workflow`` guards ``pass_screening`` with it.
    """
    problems = equity.qualification_problems(nomination)
    return problems + NominationEligibilityRequested.run_filter(nomination, base + problems)


def screen(*, nomination: Nomination, actor: User | None) -> Nomination:
    """
    Screen one submitted nomination (R11): record that screening started, check it, and pass it to impact
    evaluation or close it with every reason it failed. Returns the nomination in its new state.
    """
    with transaction.atomic():
        if nomination.state == NominationState.SUBMITTED:
            workflow.perform(nomination, "start_screening", actor, note="Screening started.")
        problems = screening_problems(nomination=nomination)
        if problems:
            return workflow.perform(nomination, "fail_screening", actor, note=" ".join(problems))
        total, steward = eligibility.endorsement_counts(nomination)
        # The review's guard of the move reads the base problems found just now (none) instead of computing
        # them a third time; the nominations package's own guards check the quorum and eligibility again.
        return workflow.perform(
            nomination, "pass_screening", actor,
            note=f"Eligible; {total} endorsements ({steward} from steward representatives).", screening_base=[],
        )


def screen_cycle(*, cycle: Cycle, actor: User | None) -> dict:
    """
    Start the cycle's screening stage if needed and screen every submitted nomination, all or nothing.
    Returns ``{"passed": n, "closed": m}``, with ``"left_for_other_staff": k`` when ``actor`` is conflicted on
    k of them (R10: another program staff member screens those).
    """
    result = {"passed": 0, "closed": 0}
    with transaction.atomic():
        locked = lock_cycle(cycle)
        if locked.stage == Cycle.NOMINATIONS:
            locked = workflow.advance_cycle(locked, "start_screening", actor, note="Nominations closed.")
        require_stage(locked, Cycle.SCREENING)
        pending = Nomination.objects.filter(cycle=locked, state__in=NominationState.AWAITING_SCREENING).order_by("pk")
        # R10, R26: a staff member conflicted on a nomination leaves its screening to another staff member.
        hidden = hidden_from_actor(actor, locked)
        if hidden:
            result["left_for_other_staff"] = pending.filter(pk__in=hidden).count()
            pending = pending.exclude(pk__in=hidden)
        for nomination in pending:
            screened = screen(nomination=nomination, actor=actor)
            result["passed" if screened.state == NominationState.EVALUATION else "closed"] += 1
    cycle.refresh_from_db()
    return result


def start_evaluation(*, cycle: Cycle, actor: User | None, note: str = "") -> Cycle:
    """Move the cycle to impact evaluation; refused while the panel breaks a quota or screening is pending."""
    return workflow.advance_cycle(cycle, "start_evaluation", actor, note)


def request_endorsement(*, nomination: Nomination, actor: User | None, endorser: User) -> None:
    """
    The nominator asks a recognized community member to endorse their nomination; the endorser is emailed and
    may then see the nomination (R26). Only while endorsements are open, never the nominee or the nominator
    themselves (R6). ``endorser`` is None for an unknown id: refused with the same words as a person who may
    not endorse, so the answer tells nothing about other people's accounts.
    """
    if nomination.nominator_id != getattr(actor, "pk", None):
        raise NotPermitted(_("Only the nominator asks for endorsements."))
    if endorser is not None and endorser.pk in (nomination.nominator_id, nomination.nominee_user_id):
        raise RuleViolation(_("Ask someone other than the nominator or the nominee."), field="endorser",
                            code="own_nomination")
    if nomination.state not in nominations_api.ENDORSABLE_STATES:
        raise TransitionRefused(_("Endorsements are closed for this nomination."))
    program = nomination.cycle.program
    allowed = set(programs_api.cycle_rules(cycle=nomination.cycle).threshold("endorser_roles"))
    if endorser is None or not programs_api.active_roles(program=program, user=endorser) & allowed:
        # R26: the same words whether the id is unknown or its holder has no endorsing role, and no name.
        raise RuleViolation(NO_ENDORSER_MESSAGE, field="endorser", code="not_an_endorser")
    with transaction.atomic():
        # Being asked lets the endorser see the nomination before the nominee's consent (R26).
        EndorsementRequest.objects.get_or_create(nomination=nomination, endorser=endorser,
                                                 defaults={"requested_by": actor})
        audit.record(nomination, program, "endorsement_requested", actor, nomination.state, nomination.state,
                     note=endorser.get_username())
        outbox.enqueue(kind=notifications.ENDORSEMENT_REQUESTED, nomination_id=nomination.pk, endorser_id=endorser.pk)
