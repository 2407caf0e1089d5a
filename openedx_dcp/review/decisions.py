"""
Deliberation and decisions (R11): comments and votes, staged decisions, the steward's approval, release,
announcement and rescinding.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit
from openedx_dcp.exceptions import DcpError, NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.membership import api as membership_api
from openedx_dcp.nominations import workflow
from openedx_dcp.nominations.models import (
    Nomination,
    NominationState,
)
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review.common import (
    hidden_from_actor,
    is_conflicted_on,
    lock_cycle,
    require_not_conflicted,
    require_stage,
)
from openedx_dcp.review.models import (
    Decision,
    DeliberationComment,
    Vote,
)
from openedx_dcp.review.panel import is_conflicted, panelist_of, require_panelist

if TYPE_CHECKING:  # names in type hints only
    import datetime

    from django.contrib.auth.models import AbstractBaseUser as User

__all__ = [
    "add_comment",
    "cast_vote",
    "stage_decision",
    "unstage_decision",
    "request_approval",
    "approve",
    "send_back",
    "release_decisions",
    "announce_cohort",
    "announce_due_cohorts",
    "rescind_decision",
    "publish_rationale",
]


log = logging.getLogger(__name__)


def _deliberating(nomination):
    locked = Nomination.objects.select_for_update().select_related("cycle__program").get(pk=nomination.pk)
    require_stage(locked.cycle, Cycle.DELIBERATION)
    if locked.state != NominationState.DELIBERATION:
        raise TransitionRefused(_("This nomination is not in deliberation."))
    return locked


def _require_conflict_free_panelist(nomination, user):
    panelist = require_panelist(cycle=nomination.cycle, user=user)
    if is_conflicted(panelist=panelist, nomination=nomination):
        raise NotPermitted(_("You have a conflict of interest on this nomination."))
    return panelist


def add_comment(*, nomination: Nomination, user: User, body: str) -> DeliberationComment:
    """A non-conflicted panelist or program staff comments in the deliberation on a nomination (R11)."""
    if not (body or "").strip():
        raise ValidationFailed(_("Write a comment."), field="body")
    # Staff who do not sit on the panel take part in the discussion; anyone on the panel must be conflict-free.
    on_panel = panelist_of(cycle=nomination.cycle, user=user) is not None
    if on_panel or not programs_api.is_program_staff(user=user, program=nomination.cycle.program):
        _require_conflict_free_panelist(nomination, user)
    with transaction.atomic():
        locked = _deliberating(nomination)
        return DeliberationComment.objects.create(nomination=locked, author=user, body=body.strip())


def cast_vote(*, nomination: Nomination, user: User, choice: str) -> Vote:
    """A non-conflicted panelist votes on a nomination in deliberation; a new vote replaces their last."""
    if choice not in Vote.Choice.values:
        raise ValidationFailed(_("Vote one of: {names}.").format(names=", ".join(Vote.Choice.values)), field="choice")
    panelist = _require_conflict_free_panelist(nomination, user)
    with transaction.atomic():
        locked = _deliberating(nomination)
        if Decision.objects.filter(nomination=locked).exists():
            raise TransitionRefused(_("The decision on this nomination is staged; votes are closed."))
        vote, _created = Vote.objects.update_or_create(panelist=panelist, nomination=locked,
                                                       defaults={"choice": choice})
    return vote


def stage_decision(*, nomination: Nomination, actor: User | None, outcome: str, rationale: str) -> Decision:
    """
    Program staff record the panel's decision (selected / not selected) with its rationale and the vote
    tally, staged until release (R11). The nomination row is locked: two concurrent decisions store one.
    """
    programs_api.require_program_staff(user=actor, program=nomination.cycle.program)
    require_not_conflicted(actor, nomination)
    if outcome not in Decision.Outcome.values:
        raise ValidationFailed(_("Outcome is 'selected' or 'not_selected'."), field="outcome")
    if not (rationale or "").strip():
        raise ValidationFailed(_("Give the rationale of the decision."), field="rationale")
    with transaction.atomic():
        locked = _deliberating(nomination)
        if Decision.objects.filter(nomination=locked).exists():
            raise TransitionRefused(_("A decision on this nomination is already staged; unstage it to change it."))
        tally = Counter(Vote.objects.filter(nomination=locked).values_list("choice", flat=True))
        decision = Decision.objects.create(
            nomination=locked, outcome=outcome, rationale=rationale.strip(), recorded_by=actor,
            recorded_at=timezone.now(), votes_selected=tally[Vote.SELECTED],
            votes_not_selected=tally[Vote.NOT_SELECTED], votes_abstained=tally[Vote.ABSTAIN],
        )
        audit.record(locked, locked.cycle.program, "decision_staged", actor, locked.state, locked.state,
                     note=f"{outcome} ({decision.votes_selected}-{decision.votes_not_selected}-"
                          f"{decision.votes_abstained}): {decision.rationale}")
    return decision


def unstage_decision(*, nomination: Nomination, actor: User | None) -> None:
    """Program staff withdraw a staged decision during deliberation, to record another."""
    programs_api.require_program_staff(user=actor, program=nomination.cycle.program)
    require_not_conflicted(actor, nomination)
    with transaction.atomic():
        locked = _deliberating(nomination)
        deleted, _per_model = Decision.objects.filter(nomination=locked).delete()
        if not deleted:
            raise TransitionRefused(_("No decision is staged on this nomination."))
        audit.record(locked, locked.cycle.program, "decision_unstaged", actor, locked.state, locked.state)


def request_approval(*, cycle: Cycle, actor: User | None, note: str = "") -> Cycle:
    """Send the final list to approval; refused while a nomination in deliberation has no staged decision."""
    return workflow.advance_cycle(cycle, "request_approval", actor, note)


def approve(*, cycle: Cycle, actor: User | None, note: str = "") -> Cycle:
    """A steward representative approves the final list (R11); staff who are not stewards may not."""
    return workflow.advance_cycle(cycle, "approve", actor, note)


def send_back(*, cycle: Cycle, actor: User | None, note: str) -> Cycle:
    """
    A steward representative sends the final list back to the panel with a note (R11): the cycle returns to
    deliberation, where decisions can be changed, and approval is requested again afterwards.
    """
    return workflow.advance_cycle(cycle, "send_back", actor, note)


def _unreleased(cycle):
    """Staged decisions still to release; a nomination withdrawn meanwhile keeps its decision as a record only."""
    return Decision.objects.filter(
        nomination__cycle=cycle, released_at__isnull=True, nomination__state=NominationState.DELIBERATION
    )


def release_decisions(*, cycle: Cycle, actor: User | None) -> int:
    """
    After approval, apply every staged decision at once through the workflow (``select`` / ``reject``), so
    that nominees learn their outcome together and never before approval (R11). All or nothing.
    """
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=cycle.program)
    with transaction.atomic():
        locked = lock_cycle(cycle)
        require_stage(locked, Cycle.APPROVED)
        decisions = _unreleased(locked).select_related("nomination").order_by("nomination_id")
        if not decisions:
            raise TransitionRefused(_("There are no staged decisions to release."))
        if hidden_from_actor(actor, locked):
            raise NotPermitted(_("You have a conflict of interest on a nomination of this cycle: another program "
                               "staff member releases its decisions."))
        released_at = timezone.now()
        for decision in decisions:
            name = "select" if decision.outcome == Decision.SELECTED else "reject"
            # Released first, so the decision event recorded by the move carries its release time.
            decision.released_at = released_at
            decision.save(update_fields=["released_at"])
            workflow.perform(decision.nomination, name, actor, note=decision.rationale)
    return len(decisions)


def announce_cohort(*, cycle: Cycle, actor: User | None, now: datetime.datetime | None = None) -> Cycle:
    """
    On the cycle's announcement date, publish the cohort: each selected nomination is announced and its
    membership starts (R4, R11, R14 hand-off), then the cycle is announced. Refused before the date.
    """
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=cycle.program)
    with transaction.atomic():
        locked = lock_cycle(cycle)
        require_stage(locked, Cycle.APPROVED)
        if _unreleased(locked).exists():
            raise TransitionRefused(_("Release the staged decisions before the announcement."))
        if hidden_from_actor(actor, locked):
            raise NotPermitted(_("You have a conflict of interest on a nomination of this cycle: another program "
                               "staff member announces its cohort."))
        selected = Nomination.objects.filter(cycle=locked, state=NominationState.SELECTED).order_by("pk")
        for nomination in selected:
            workflow.perform(nomination, "announce", actor, note=f"{locked.name} cohort")
            membership_api.start_membership(nomination=nomination, actor=actor)
        workflow.advance_cycle(locked, "announce", actor, note=f"{len(selected)} nominees announced.")
    cycle.refresh_from_db()
    return cycle


def announce_due_cohorts(*, now: datetime.datetime | None = None) -> list[Cycle]:
    """
    The sweep behind the Celery task and management command: for every approved cycle whose announcement
    date has come, release its staged decisions (as the system) and announce its cohort. Returns the cycles.
    """
    now = now or timezone.now()
    announced = []
    for cycle in Cycle.objects.filter(stage=Cycle.APPROVED, announcement_at__lte=now).order_by("pk"):
        try:
            with transaction.atomic():
                if _unreleased(cycle).exists():
                    release_decisions(cycle=cycle, actor=None)
                announced.append(announce_cohort(cycle=cycle, actor=None))
        except DcpError as exc:
            # One cycle that cannot be announced (e.g. a decision was unstaged) must not hold back the others.
            log.warning("Cohort of cycle %s not announced: %s", cycle.pk, exc.message)
    return announced


def rescind_decision(*, nomination: Nomination, actor: User | None, note: str) -> Nomination:
    """Withdraw a selection (before or after announcement); a started membership is revoked with it."""
    with transaction.atomic():
        rescinded = workflow.perform(nomination, "rescind", actor, note)
        membership = getattr(rescinded, "membership", None)
        if membership is not None:
            membership_api.revoke_membership(membership=membership, actor=actor, note=note)
    return rescinded


def publish_rationale(*, nomination: Nomination, actor: User | None, published: bool = True) -> Decision:
    """
    Program staff choose whether the nominator and nominee may read the rationale of the decision on
    ``nomination`` once it is released (R26). Recorded in the audit trail for staff.
    """
    programs_api.require_program_staff(user=actor, program=nomination.cycle.program)
    if is_conflicted_on(user=actor, nomination=nomination):
        raise NotPermitted(_("Only program staff without a conflict of interest may do this."))
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(nomination=nomination).first()
        if decision is None:
            raise TransitionRefused(_("No decision is staged on this nomination."))
        decision.rationale_published = bool(published)
        decision.save(update_fields=["rationale_published"])
        audit.record(nomination, nomination.cycle.program,
                     "rationale_published" if published else "rationale_unpublished", actor,
                     nomination.state, nomination.state)
    return decision
