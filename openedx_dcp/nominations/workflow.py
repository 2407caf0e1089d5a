"""
The nomination and cycle workflows: their states, allowed transitions, guards, and what each move owes (the
audit line, the email, the outbound event), as rows of the one engine (``openedx_dcp.engine``).

Views, admin actions, management commands and tasks all call ``perform`` (nominations) or ``advance_cycle``
(cycles). Each call locks the row, checks that the actor may act, that the move is allowed from the current
state and that every guard passes; only then it saves, appends an audit record (actor, time, from, to, note),
records the row's email and event in the outbox and sends ``nomination_transitioned`` / ``cycle_advanced`` in
the same transaction, so what must follow is owed exactly when the move commits. A refused call raises and
writes nothing.

Other packages extend a transition without editing this table: ``register_guard`` adds a check (e.g. the
panel's quotas before evaluation) and ``register_actor_check`` lets more people perform it (e.g. panelists).
"""

import django.dispatch
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp import engine, notifications
from openedx_dcp.engine import Transition
from openedx_dcp.events import signals as events
from openedx_dcp.events.data import CohortData, DecisionData, NominationData
from openedx_dcp.nominations import conflicts, eligibility
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.nominations.models import NominationState as S
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole, Cycle

__all__ = [
    "Transition",
    "NOMINATIONS",
    "CYCLES",
    "TRANSITIONS",
    "CYCLE_TRANSITIONS",
    "NOMINATION_PEOPLE",
    "NOMINEE",
    "STEWARDS",
    "perform",
    "may_attempt",
    "advance_cycle",
    "register_guard",
    "register_actor_check",
    "nomination_transitioned",
    "cycle_advanced",
    "nomination_data",
]

# Sent inside the transaction that moves a nomination, after the move and its audit record are written:
# sender=Nomination, nomination, transition, actor, from_state, note. Receivers must be quick, and one that
# raises rolls the move back.
nomination_transitioned = django.dispatch.Signal()
# The same for a cycle moved to another stage: sender=Cycle, cycle, transition, actor, from_state, note.
cycle_advanced = django.dispatch.Signal()


# ---- who may act ----------------------------------------------------------------------------------------------

def _is_staff(actor, nomination):
    if actor is None or not programs_api.is_program_staff(user=actor, program=nomination.cycle.program):
        return False
    # R10, R26: a staff member who sits on the panel and is conflicted on a nomination does not act on it;
    # another staff member does.
    return not conflicts.hidden_from(actor, cycle_ids=[nomination.cycle_id]).filter(pk=nomination.pk).exists()


def _is_cycle_staff(actor, cycle):
    return actor is not None and programs_api.is_program_staff(user=actor, program=cycle.program)


def _is_nominator(actor, nomination):
    return actor is not None and nomination.nominator_id == actor.pk


def speaks_for_nominee(actor, nomination):
    """The nominee person, or a person affiliated with (or representing) the nominee organization."""
    if actor is None or not actor.is_authenticated:
        return False
    if nomination.nominee_user_id:
        return nomination.nominee_user_id == actor.pk
    return nomination.nominee_organization_id in programs_api.affiliated_organization_ids(user=actor) or (
        nomination.cycle.program.community_roles.filter(
            user=actor, role="partner_representative", organization_id=nomination.nominee_organization_id
        ).exists()
    )


def _nominator_nominee_or_staff(actor, nomination):
    return _is_nominator(actor, nomination) or speaks_for_nominee(actor, nomination) or _is_staff(actor, nomination)


def _staff_or_system(actor, nomination):
    return engine.is_system(actor) or _is_staff(actor, nomination)


def _cycle_staff_or_system(actor, cycle):
    return engine.is_system(actor) or _is_cycle_staff(actor, cycle)


# ---- guards: each returns a list of problems, empty when the move may happen ---------------------------------

def _cycle_open(nomination, actor, context):
    if not nomination.cycle.nominations_are_open():
        return [_("Nominations for {cycle} are closed.").format(cycle=nomination.cycle.name)]
    return []


def _consent_given(nomination, actor, context):
    if nomination.needs_consent and nomination.consent_given_at is None:
        return [_("A peer nomination needs the nominee's consent before it can be submitted.")]
    return []


def _consent_not_yet_given(nomination, actor, context):
    if not nomination.needs_consent:
        return [_("A self-nomination needs no consent.")]
    if nomination.consent_given_at is not None:
        return [_("The nominee has already consented.")]
    return []


def _endorsement_quorum(nomination, actor, context):
    return eligibility.endorsement_shortfall(nomination)


def _eligible(nomination, actor, context):
    return eligibility.eligibility_problems(nomination)


def _cycle_in_stage(*stages):
    def guard(nomination, actor, context):
        if nomination.cycle.stage not in stages:
            wanted = _(" or ").join(str(Cycle.Stage(stage).label).lower() for stage in stages)
            return [_("The cycle is in {stage}, not {wanted}.").format(
                stage=str(nomination.cycle.get_stage_display()).lower(), wanted=wanted)]
        return []
    return guard


def _nominations_closed(cycle, actor, context):
    if timezone.now() < cycle.nominations_close:
        return [_("Nominations for {cycle} are open until {close:%Y-%m-%d %H:%M} UTC; screening starts after "
                  "they close (R4).").format(cycle=cycle.name, close=cycle.nominations_close)]
    return []


# ---- effects --------------------------------------------------------------------------------------------------

def _mark_submitted(nomination, actor, note, context):
    nomination.submitted_at = timezone.now()


def _mark_consent(nomination, actor, note, context):
    nomination.consent_given_at = timezone.now()
    nomination.consent_given_by = actor


def _close_with_reason(nomination, actor, note, context):
    nomination.closed_reason = note.strip()


# ---- who is told ---------------------------------------------------------------------------------------------

def _nomination_people(nomination):
    """The nominator and the nominee (a person, or the representatives of a nominee organization)."""
    people = {nomination.nominator_id: nomination.nominator}
    if nomination.nominee_user_id:
        people[nomination.nominee_user_id] = nomination.nominee_user
    else:
        representatives = CommunityRole.objects.filter(
            program=nomination.cycle.program, role=CommunityRole.PARTNER_REPRESENTATIVE,
            organization_id=nomination.nominee_organization_id, end__isnull=True,
        ).select_related("user")
        people.update({role.user_id: role.user for role in representatives})
    return [people[key] for key in sorted(people)]


def _nominee(nomination):
    """The nominee person, or the nominee organization's representatives (not the nominator)."""
    return [person for person in _nomination_people(nomination) if person.pk != nomination.nominator_id]


def _nomination_context(nomination, **params):
    return {"program": nomination.cycle.program}


def _stewards(cycle):
    """The program's steward representatives today (R11)."""
    today = timezone.now().date()
    stewards = {
        role.user_id: role.user
        for role in CommunityRole.objects.filter(
            program=cycle.program, role=CommunityRole.STEWARD_REPRESENTATIVE, start__lte=today,
        ).filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("user")
    }
    return [stewards[key] for key in sorted(stewards)]


def _cycle_context(cycle, **params):
    return {"program": cycle.program}


# The nomination's nominator and nominee, told of its moves.
NOMINATION_PEOPLE = notifications.register_audience(
    "nomination.people", recipients=_nomination_people, context=_nomination_context
)
# The nominee alone (asked for consent, R5).
NOMINEE = notifications.register_audience("nomination.nominee", recipients=_nominee, context=_nomination_context)
# The steward representatives of a cycle's program (asked to approve the final list, R11).
STEWARDS = notifications.register_audience("cycle.stewards", recipients=_stewards, context=_cycle_context)


# ---- events ---------------------------------------------------------------------------------------------------

def nomination_data(nomination):
    """The event payload describing ``nomination``."""
    program = nomination.cycle.program
    return NominationData(
        id=nomination.pk, site_domain=program.site.domain, program_slug=program.slug,
        cycle_slug=nomination.cycle.slug, track_slug=nomination.track.slug, kind=nomination.kind,
        nominee_key=(f"u{nomination.nominee_user_id}" if nomination.nominee_user_id
                     else f"o{nomination.nominee_organization_id}"),
        state=nomination.state,
    )


def _submitted(nomination):
    return {"nomination": nomination_data(nomination)}


def _decision_released(nomination):
    # The panel's staged decision (review) carries the release time; read by relation, not imported.
    decision = getattr(nomination, "panel_decision", None)
    return {"decision": DecisionData(
        nomination=nomination_data(nomination),
        outcome="selected" if nomination.state == S.SELECTED else "not_selected",
        released_at=(decision.released_at if decision and decision.released_at else nomination.modified),
    )}


def _cohort_announced(cycle):
    program = cycle.program
    return {"cohort": CohortData(
        site_domain=program.site.domain, program_slug=program.slug, cycle_slug=cycle.slug,
        cycle_name=cycle.name, size=cycle.nominations.filter(state=S.ANNOUNCED).count(),
        announced_at=timezone.now(),
    )}


# ---- the tables -----------------------------------------------------------------------------------------------

_PEOPLE = {"recipients": NOMINATION_PEOPLE}

NOMINATIONS = engine.Workflow(
    subject="nomination",
    name=gettext_lazy("nomination"),
    model=Nomination,
    program_of=lambda nomination: nomination.cycle.program,
    select_related=("cycle__program", "cycle__rules", "track"),
    signal=nomination_transitioned,
    transitions=[
        # The nominator acts next (gather endorsements, submit), the nominee learns it was recorded.
        Transition(
            "consent", gettext_lazy("consent to"), frozenset({S.DRAFT}), S.DRAFT, speaks_for_nominee,
            guards=(_consent_not_yet_given,), apply=_mark_consent, email="nomination_consented", **_PEOPLE,
        ),
        Transition(
            "submit", gettext_lazy("submit"), frozenset({S.DRAFT}), S.SUBMITTED, _is_nominator,
            guards=(_cycle_open, _consent_given, _endorsement_quorum), apply=_mark_submitted,
            email="nomination_submitted", **_PEOPLE, event=events.NOMINATION_SUBMITTED, event_data=_submitted,
        ),
        Transition(
            "withdraw", gettext_lazy("withdraw"), S.ACTIVE, S.WITHDRAWN, _nominator_nominee_or_staff,
            email="nomination_withdrawn", **_PEOPLE,
        ),
        Transition(
            "start_screening", gettext_lazy("start screening"), frozenset({S.SUBMITTED}), S.SCREENING,
            _staff_or_system, guards=(_cycle_in_stage(Cycle.SCREENING),),
        ),
        Transition(
            "pass_screening", gettext_lazy("pass screening"), frozenset({S.SCREENING}), S.EVALUATION,
            _staff_or_system, guards=(_consent_given, _endorsement_quorum, _eligible),
            email="screening_passed", **_PEOPLE,
        ),
        Transition(
            "fail_screening", gettext_lazy("close at screening"), frozenset({S.SCREENING}), S.SCREENED_OUT,
            _staff_or_system, requires_note=True, apply=_close_with_reason, email="screening_failed", **_PEOPLE,
        ),
        Transition(
            "start_deliberation", gettext_lazy("move to deliberation"), frozenset({S.EVALUATION}), S.DELIBERATION,
            _staff_or_system, guards=(_cycle_in_stage(Cycle.DELIBERATION),),
        ),
        Transition(
            "select", gettext_lazy("select"), frozenset({S.DELIBERATION}), S.SELECTED, _staff_or_system,
            requires_note=True, email="decision_selected", **_PEOPLE,
            event=events.DECISION_RELEASED, event_data=_decision_released,
        ),
        Transition(
            "reject", gettext_lazy("not select"), frozenset({S.DELIBERATION}), S.NOT_SELECTED, _staff_or_system,
            requires_note=True, email="decision_not_selected", **_PEOPLE,
            event=events.DECISION_RELEASED, event_data=_decision_released,
        ),
        Transition(
            "announce", gettext_lazy("announce"), frozenset({S.SELECTED}), S.ANNOUNCED, _staff_or_system,
            guards=(_cycle_in_stage(Cycle.APPROVED, Cycle.ANNOUNCED),),
        ),
        Transition(
            "rescind", gettext_lazy("withdraw the decision on"), frozenset({S.SELECTED, S.ANNOUNCED}), S.RESCINDED,
            _staff_or_system, requires_note=True, apply=_close_with_reason,
        ),
    ],
)

CYCLES = engine.Workflow(
    subject="cycle",
    name=gettext_lazy("cycle"),
    model=Cycle,
    state_field="stage",
    program_of=lambda cycle: cycle.program,
    select_related=("program", "rules"),
    signal=cycle_advanced,
    transitions=[
        Transition(
            "start_screening", gettext_lazy("start screening"), frozenset({Cycle.NOMINATIONS}), Cycle.SCREENING,
            _cycle_staff_or_system, guards=(_nominations_closed,),
        ),
        Transition(
            "start_evaluation", gettext_lazy("start impact evaluation"), frozenset({Cycle.SCREENING}),
            Cycle.EVALUATION, _cycle_staff_or_system,
        ),
        Transition(
            "start_deliberation", gettext_lazy("start deliberation"), frozenset({Cycle.EVALUATION}),
            Cycle.DELIBERATION, _cycle_staff_or_system,
        ),
        # The steward representatives are asked to approve the final list (R11).
        Transition(
            "request_approval", gettext_lazy("request approval"), frozenset({Cycle.DELIBERATION}), Cycle.APPROVAL,
            _cycle_staff_or_system, email="approval_requested", recipients=STEWARDS,
        ),
        Transition(
            "approve", gettext_lazy("approve"), frozenset({Cycle.APPROVAL}), Cycle.APPROVED, _cycle_staff_or_system,
        ),
        # The steward representative sends the final list back to the panel, saying why (R11).
        Transition(
            "send_back", gettext_lazy("send back"), frozenset({Cycle.APPROVAL}), Cycle.DELIBERATION,
            _cycle_staff_or_system, requires_note=True,
        ),
        Transition(
            "announce", gettext_lazy("announce"), frozenset({Cycle.APPROVED}), Cycle.ANNOUNCED,
            _cycle_staff_or_system, event=events.COHORT_ANNOUNCED, event_data=_cohort_announced,
        ),
    ],
)

# The rows by name, for callers that read the tables.
TRANSITIONS = NOMINATIONS.transitions
CYCLE_TRANSITIONS = CYCLES.transitions


def register_guard(name, guard, cycle=False):
    """
    Add ``guard(subject, actor, context) -> [problems]`` to the transition ``name`` (of cycles if ``cycle``).
    """
    (CYCLES if cycle else NOMINATIONS).register_guard(name, guard)


def register_actor_check(name, check, cycle=False):
    """
    Let whoever ``check(actor, subject) -> bool`` admits also perform the transition ``name``.
    """
    (CYCLES if cycle else NOMINATIONS).register_actor_check(name, check)


def perform(nomination, name, actor, note="", **context):
    """
    Perform the transition ``name`` on ``nomination`` as ``actor`` (None for the system).

    Raises ``NotPermitted``, ``TransitionRefused`` or ``ValidationFailed`` with a message a person can act on,
    and then nothing is written.
    """
    return NOMINATIONS.perform(nomination, name, actor, note, **context)


def may_attempt(nomination, name, actor):
    """
    Whether ``actor`` may attempt the transition ``name`` on ``nomination`` in its current state: they are
    among those who perform it and the state allows it. Guards are not run (they answer when ``perform`` is
    called), so pages can offer the button and show the refusal's sentence.
    """
    return NOMINATIONS.may_attempt(nomination, name, actor)


def advance_cycle(cycle, name, actor, note="", **context):
    """
    Move ``cycle`` to its next review stage through the transition ``name`` (R11), with the same guarantees
    as ``perform``.
    """
    return CYCLES.perform(cycle, name, actor, note, **context)
