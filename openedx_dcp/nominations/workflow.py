"""
The one place that holds the nomination and cycle workflows: their states, allowed transitions and guards.

Views, admin actions, management commands and tasks all call ``perform`` (nominations) or ``advance_cycle``
(cycles). Each call locks the row, checks that the actor may act, that the move is allowed from the current
state and that every guard passes; only then it saves, appends an audit record (actor, time, from, to, note)
and sends ``nomination_transitioned`` / ``cycle_advanced`` in the same transaction, whose receivers record in
the outbox what must follow (emails, outbound events), so it is owed exactly when the move commits. A refused
call raises and writes nothing.

Other packages extend a transition without editing this table: ``register_guard`` adds a check (e.g. the
panel's quotas before evaluation) and ``register_actor_check`` lets more people perform it (e.g. panelists).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import django.dispatch
from django.db import transaction
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.nominations import eligibility
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.nominations.models import NominationState as S
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import conflicts

__all__ = [
    "Transition",
    "TRANSITIONS",
    "CYCLE_TRANSITIONS",
    "perform",
    "may_attempt",
    "advance_cycle",
    "register_guard",
    "register_actor_check",
    "nomination_transitioned",
    "cycle_advanced",
]

# Sent inside the transaction that moves a nomination, after the move and its audit record are written:
# sender=Nomination, nomination, transition, actor, from_state, note. Receivers record follow-ups in the outbox
# (``openedx_dcp.outbox.api``); they must be quick, and one that raises rolls the move back.
nomination_transitioned = django.dispatch.Signal()
# The same for a cycle moved to another stage: sender=Cycle, cycle, transition, actor, from_state, note.
cycle_advanced = django.dispatch.Signal()


@dataclass(frozen=True)
class Transition:
    """
    One allowed move: from any of ``sources`` to ``target``, by whoever ``may_perform`` admits, when every
    guard returns no problem. ``apply`` sets the fields the move changes besides the state.
    """

    name: str
    label: str
    sources: frozenset
    target: str
    may_perform: Callable
    guards: tuple = ()
    requires_note: bool = False
    apply: Callable = None
    extra: dict = field(default_factory=dict)


# ---- who may act ----------------------------------------------------------------------------------------------

def _is_system(actor):
    return actor is None


def _is_staff(actor, subject):
    program = subject.program if hasattr(subject, "program") else subject.cycle.program
    if actor is None or not programs_api.is_program_staff(actor, program):
        return False
    # R10, R26: a staff member who sits on the panel and is conflicted on a nomination does not act on it;
    # another staff member does.
    return not (isinstance(subject, Nomination)
                and conflicts.hidden_from(actor, cycle_ids=[subject.cycle_id]).filter(pk=subject.pk).exists())


def _is_nominator(actor, nomination):
    return actor is not None and nomination.nominator_id == actor.pk


def _speaks_for_nominee(actor, nomination):
    """The nominee person, or a person affiliated with (or representing) the nominee organization."""
    if actor is None or not actor.is_authenticated:
        return False
    if nomination.nominee_user_id:
        return nomination.nominee_user_id == actor.pk
    return nomination.nominee_organization_id in programs_api.affiliated_organization_ids(actor) or (
        nomination.cycle.program.community_roles.filter(
            user=actor, role="partner_representative", organization_id=nomination.nominee_organization_id
        ).exists()
    )


def _nominator_nominee_or_staff(actor, nomination):
    return _is_nominator(actor, nomination) or _speaks_for_nominee(actor, nomination) or _is_staff(actor, nomination)


def _staff_or_system(actor, subject):
    return _is_system(actor) or _is_staff(actor, subject)


# ---- guards: each returns a list of problems, empty when the move may happen ---------------------------------

def _cycle_open(nomination, actor, context):
    if not nomination.cycle.nominations_are_open():
        return [f"Nominations for {nomination.cycle.name} are closed."]
    return []


def _consent_given(nomination, actor, context):
    if nomination.needs_consent and nomination.consent_given_at is None:
        return ["A peer nomination needs the nominee's consent before it can be submitted."]
    return []


def _consent_not_yet_given(nomination, actor, context):
    if not nomination.needs_consent:
        return ["A self-nomination needs no consent."]
    if nomination.consent_given_at is not None:
        return ["The nominee has already consented."]
    return []


def _endorsement_quorum(nomination, actor, context):
    return eligibility.endorsement_shortfall(nomination)


def _eligible(nomination, actor, context):
    return eligibility.eligibility_problems(nomination)


def _cycle_in_stage(*stages):
    def guard(nomination, actor, context):
        if nomination.cycle.stage not in stages:
            return [f"The cycle is in {nomination.cycle.get_stage_display().lower()}, not "
                    f"{' or '.join(dict(Cycle.STAGES)[s].lower() for s in stages)}."]
        return []
    return guard


def _nominations_closed(cycle, actor, context):
    if timezone.now() < cycle.nominations_close:
        return [f"Nominations for {cycle.name} are open until {cycle.nominations_close:%Y-%m-%d %H:%M} UTC; "
                "screening starts after they close (R4)."]
    return []


# ---- effects --------------------------------------------------------------------------------------------------

def _mark_submitted(nomination, actor, note, context):
    nomination.submitted_at = timezone.now()


def _mark_consent(nomination, actor, note, context):
    nomination.consent_given_at = timezone.now()
    nomination.consent_given_by = actor


def _close_with_reason(nomination, actor, note, context):
    nomination.closed_reason = note.strip()


_ACTIVE = frozenset({S.DRAFT, S.SUBMITTED, S.SCREENING, S.EVALUATION, S.DELIBERATION})

TRANSITIONS = {
    t.name: t
    for t in [
        Transition("consent", "consent to", frozenset({S.DRAFT}), S.DRAFT, _speaks_for_nominee,
                   guards=(_consent_not_yet_given,), apply=_mark_consent),
        Transition("submit", "submit", frozenset({S.DRAFT}), S.SUBMITTED, _is_nominator,
                   guards=(_cycle_open, _consent_given, _endorsement_quorum), apply=_mark_submitted),
        Transition("withdraw", "withdraw", _ACTIVE, S.WITHDRAWN, _nominator_nominee_or_staff),
        Transition("start_screening", "start screening", frozenset({S.SUBMITTED}), S.SCREENING, _staff_or_system,
                   guards=(_cycle_in_stage(Cycle.SCREENING),)),
        Transition("pass_screening", "pass screening", frozenset({S.SCREENING}), S.EVALUATION, _staff_or_system,
                   guards=(_consent_given, _endorsement_quorum, _eligible)),
        Transition("fail_screening", "close at screening", frozenset({S.SCREENING}), S.SCREENED_OUT,
                   _staff_or_system, requires_note=True, apply=_close_with_reason),
        Transition("start_deliberation", "move to deliberation", frozenset({S.EVALUATION}), S.DELIBERATION,
                   _staff_or_system, guards=(_cycle_in_stage(Cycle.DELIBERATION),)),
        Transition("select", "select", frozenset({S.DELIBERATION}), S.SELECTED, _staff_or_system,
                   requires_note=True),
        Transition("reject", "not select", frozenset({S.DELIBERATION}), S.NOT_SELECTED, _staff_or_system,
                   requires_note=True),
        Transition("announce", "announce", frozenset({S.SELECTED}), S.ANNOUNCED, _staff_or_system,
                   guards=(_cycle_in_stage(Cycle.APPROVED, Cycle.ANNOUNCED),)),
        Transition("rescind", "withdraw the decision on", frozenset({S.SELECTED, S.ANNOUNCED}), S.RESCINDED,
                   _staff_or_system, requires_note=True, apply=_close_with_reason),
    ]
}

CYCLE_TRANSITIONS = {
    t.name: t
    for t in [
        Transition("start_screening", "start screening", frozenset({Cycle.NOMINATIONS}), Cycle.SCREENING,
                   _staff_or_system, guards=(_nominations_closed,)),
        Transition("start_evaluation", "start impact evaluation", frozenset({Cycle.SCREENING}), Cycle.EVALUATION,
                   _staff_or_system),
        Transition("start_deliberation", "start deliberation", frozenset({Cycle.EVALUATION}), Cycle.DELIBERATION,
                   _staff_or_system),
        Transition("request_approval", "request approval", frozenset({Cycle.DELIBERATION}), Cycle.APPROVAL,
                   _staff_or_system),
        Transition("approve", "approve", frozenset({Cycle.APPROVAL}), Cycle.APPROVED, _staff_or_system),
        # The steward representative sends the final list back to the panel, saying why (R11).
        Transition("send_back", "send back", frozenset({Cycle.APPROVAL}), Cycle.DELIBERATION, _staff_or_system,
                   requires_note=True),
        Transition("announce", "announce", frozenset({Cycle.APPROVED}), Cycle.ANNOUNCED, _staff_or_system),
    ]
}

_extra_guards = defaultdict(list)
_extra_actor_checks = defaultdict(list)


def register_guard(name, guard, cycle=False):
    """
    Add ``guard(subject, actor, context) -> [problems]`` to the transition ``name`` (of cycles if ``cycle``).
    """
    key = ("cycle" if cycle else "nomination", name)
    if guard not in _extra_guards[key]:
        _extra_guards[key].append(guard)


def register_actor_check(name, check, cycle=False):
    """
    Let whoever ``check(actor, subject) -> bool`` admits also perform the transition ``name``.
    """
    key = ("cycle" if cycle else "nomination", name)
    if check not in _extra_actor_checks[key]:
        _extra_actor_checks[key].append(check)


def _may_perform(kind, transition, actor, subject):
    if transition.may_perform(actor, subject):
        return True
    return any(check(actor, subject) for check in _extra_actor_checks[(kind, transition.name)])


def _problems(kind, transition, subject, actor, context):
    problems = []
    for guard in (*transition.guards, *_extra_guards[(kind, transition.name)]):
        problems.extend(guard(subject, actor, context))
    return problems


def _run(kind, table, model, subject, name, actor, note, context, signal, select_related):
    transition = table.get(name)
    if transition is None:
        raise TransitionRefused(f"Unknown action '{name}'.", field="action")
    note = note or ""
    with transaction.atomic():
        locked = model.objects.select_for_update().select_related(*select_related).get(pk=subject.pk)
        if not _may_perform(kind, transition, actor, locked):
            raise NotPermitted(f"You may not {transition.label} this {kind}.")
        current = locked.state if kind == "nomination" else locked.stage
        if current not in transition.sources:
            shown = locked.get_state_display() if kind == "nomination" else locked.get_stage_display()
            raise TransitionRefused(f"Cannot {transition.label} a {kind} that is {shown.lower()}.")
        if transition.requires_note and not note.strip():
            raise ValidationFailed(f"Give a reason to {transition.label} this {kind}.", field="note")
        problems = _problems(kind, transition, locked, actor, context)
        if problems:
            raise TransitionRefused(" ".join(problems))
        if transition.apply:
            transition.apply(locked, actor, note, context)
        if kind == "nomination":
            locked.state = transition.target
        else:
            locked.stage = transition.target
        locked.save()
        program = locked.cycle.program if kind == "nomination" else locked.program
        audit.record(locked, program, name, actor, from_state=current, to_state=transition.target, note=note)
        signal.send(sender=model, **{kind: locked}, transition=name, actor=actor, from_state=current, note=note)
    # Keep the caller's instance in step with what was stored.
    subject.refresh_from_db()
    return locked


def perform(nomination, name, actor, note="", **context):
    """
    Perform the transition ``name`` on ``nomination`` as ``actor`` (None for the system).

    Raises ``NotPermitted``, ``TransitionRefused`` or ``ValidationFailed`` with a message a person can act on,
    and then nothing is written.
    """
    return _run("nomination", TRANSITIONS, Nomination, nomination, name, actor, note, context,
                nomination_transitioned, ("cycle__program", "cycle__rules", "track"))


def may_attempt(nomination, name, actor):
    """
    Whether ``actor`` may attempt the transition ``name`` on ``nomination`` in its current state: they are
    among those who perform it and the state allows it. Guards are not run (they answer when ``perform`` is
    called), so pages can offer the button and show the refusal's sentence.
    """
    transition = TRANSITIONS.get(name)
    return bool(
        transition is not None and nomination.state in transition.sources
        and _may_perform("nomination", transition, actor, nomination)
    )


def advance_cycle(cycle, name, actor, note="", **context):
    """
    Move ``cycle`` to its next review stage through the transition ``name`` (R11), with the same guarantees
    as ``perform``.
    """
    return _run("cycle", CYCLE_TRANSITIONS, Cycle, cycle, name, actor, note, context, cycle_advanced,
                ("program", "rules"))
