"""
The one place that holds the membership workflow (R14–R16): its states, allowed transitions and guards.

The REST API, admin actions, the sweep (Celery task and management command) all call ``perform``. Each call
locks the membership row, checks that the actor may act, that the move is allowed from the current state and
that every guard passes; only then it saves, appends an audit record and, after commit, sends
in the same transaction, sends the transition's own signal (``membership.signals``: credentials are issued or
revoked, the outbound event recorded) and records its email in the outbox; after commit it sends
``membership_transitioned``. A refused call raises and writes nothing.

Dated moves take the day they happen from ``today`` (the sweep's date, today by default) and use the dates
stored on the row (``review_opens_on``, ``term_end``, ``grace_until``, ``next_term_start``) as their effective
dates, so a sweep that runs late, twice or concurrently gives the same result as one run on time.
"""

import copy
import datetime
import logging
from collections import defaultdict

import django.dispatch
from django.db import transaction
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.membership import notifications, renewal, signals
from openedx_dcp.membership.models import Membership, MembershipTerm
from openedx_dcp.membership.models import MembershipState as S
from openedx_dcp.nominations.eligibility import add_years
from openedx_dcp.nominations.workflow import Transition
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole

__all__ = [
    "TRANSITIONS",
    "SWEEP_TRANSITIONS",
    "perform",
    "due_transition",
    "available_actions",
    "register_guard",
    "schedule_term",
    "membership_transitioned",
]

log = logging.getLogger(__name__)

# Sent after the transaction that moved a membership commits: sender=Membership, membership, transition, actor,
# from_state, note.
membership_transitioned = django.dispatch.Signal()


def _today(context):
    return context.get("today") or timezone.now().date()


# ---- who may act ----------------------------------------------------------------------------------------------

def _is_staff(actor, membership):
    return actor is not None and programs_api.is_program_staff(actor, membership.program)


def _staff_or_system(actor, membership):
    return actor is None or _is_staff(actor, membership)


def _committee(actor, membership):
    """Renewal decisions are the committee's (program staff), never the sweep's (R14)."""
    return _is_staff(actor, membership)


# ---- guards: each returns a list of problems, empty when the move may happen ---------------------------------

def _review_window_open(membership, actor, context):
    if membership.review_opens_on and _today(context) < membership.review_opens_on:
        return [f"The renewal review of this term opens on {membership.review_opens_on:%Y-%m-%d}."]
    return []


def _term_ended(membership, actor, context):
    if _today(context) < membership.term_end:
        return [f"The term ends on {membership.term_end:%Y-%m-%d}."]
    return []


def _grace_ended(membership, actor, context):
    if membership.grace_until is None:
        return ["The membership has no grace period."]
    if _today(context) < membership.grace_until:
        return [f"The grace period ends on {membership.grace_until:%Y-%m-%d}."]
    return []


def _next_term_due(membership, actor, context):
    if membership.next_term_start is None:
        return ["The membership has not been renewed."]
    if _today(context) < membership.next_term_start:
        return [f"The next term starts on {membership.next_term_start:%Y-%m-%d}."]
    return []


def _criteria_met(membership, actor, context):
    return renewal.evidence_shortfall(membership, _today(context))


def _milestone_reached(membership, actor, context):
    if membership.next_term_start is None:
        return ["The membership has not been renewed."]
    if not renewal.lifetime_milestone_reached(membership, membership.next_term_start):
        return ["The lifetime milestone is not reached."]
    return []


def _milestone_not_reached(membership, actor, context):
    start = membership.next_term_start
    if start is not None and renewal.lifetime_milestone_reached(membership, start):
        return ["The lifetime milestone is reached: lifetime status is granted instead of a new term."]
    return []


# ---- effects --------------------------------------------------------------------------------------------------

def schedule_term(membership, start, rules):
    """
    Make the term starting on ``start`` the membership's current one, judged on ``rules``: its end
    (``term_years``), the day its renewal review opens (``renewal_review_lead_days`` ahead) and its history row.
    A new membership is saved first; the caller saves the changed fields of an existing one.
    """
    membership.term_start = start
    membership.term_end = add_years(start, rules.threshold("term_years"))
    lead = datetime.timedelta(days=rules.threshold("renewal_review_lead_days"))
    membership.review_opens_on = max(start, membership.term_end - lead)
    if membership.pk is None:
        membership.save()
    MembershipTerm.objects.create(
        membership=membership, number=membership.term_number, start=start, end=membership.term_end, rules=rules
    )


def _current_term(membership):
    return MembershipTerm.objects.select_for_update().get(membership=membership, number=membership.term_number)


def _end_distinguished_role(membership, day):
    """
    End the member's Distinguished Contributor role the day before ``day`` unless they hold another live
    membership in the program (R3).
    """
    if not membership.user_id:
        return
    others = Membership.objects.filter(program=membership.program, user_id=membership.user_id,
                                       state__in=S.LIVE).exclude(pk=membership.pk)
    if others.exists():
        return
    for role in CommunityRole.objects.select_for_update().filter(
        program=membership.program, user_id=membership.user_id, role=CommunityRole.DISTINGUISHED_CONTRIBUTOR,
        end__isnull=True,
    ):
        role.end = max(role.start, day - datetime.timedelta(days=1))
        role.save(update_fields=["end"])


def _record_renewal(membership, actor, note, context):
    today = _today(context)
    requirement = renewal.renewal_requirement(membership)
    term = _current_term(membership)
    term.outcome = MembershipTerm.RENEWED
    term.renewed_in_grace = membership.state == S.GRACE
    term.evidence_count = renewal.renewal_evidence(membership, today, requirement).count()
    term.required_signals = requirement.required
    term.decided_by = actor
    term.decided_at = timezone.now()
    term.decision_note = note
    term.save()
    membership.next_term_start = max(membership.term_end, today)
    membership.grace_until = None
    return f"Criteria met ({term.evidence_count} of {requirement.required}); next term from " \
           f"{membership.next_term_start:%Y-%m-%d}."


def _start_grace(membership, actor, note, context):
    months = renewal.term_rules(membership).threshold("grace_months")
    membership.grace_until = renewal.add_months(membership.term_end, months)
    return f"Grace period until {membership.grace_until:%Y-%m-%d}."


def _lapse(membership, actor, note, context):
    membership.lapsed_on = membership.grace_until
    term = _current_term(membership)
    term.outcome = MembershipTerm.LAPSED
    term.save(update_fields=["outcome"])
    _end_distinguished_role(membership, membership.lapsed_on)
    return f"Lapsed on {membership.lapsed_on:%Y-%m-%d}."


def _start_next_term(membership, actor, note, context):
    membership.term_number += 1
    # A renewed term is a new term: it runs on the rules in force when it starts (the first term ran on its
    # cycle's version, R24), and records that version so the whole term keeps it.
    schedule_term(membership, membership.next_term_start, membership.program.current_rules)
    membership.next_term_start = None
    return f"Term {membership.term_number}: {membership.term_start:%Y-%m-%d} to {membership.term_end:%Y-%m-%d}."


def _grant_lifetime(membership, actor, note, context):
    membership.lifetime_since = membership.next_term_start
    membership.next_term_start = None
    term = _current_term(membership)
    term.outcome = MembershipTerm.LIFETIME
    term.save(update_fields=["outcome"])
    return f"Lifetime status from {membership.lifetime_since:%Y-%m-%d}."


def _revoke(membership, actor, note, context):
    membership.lapsed_on = _today(context)
    term = MembershipTerm.objects.select_for_update().filter(
        membership=membership, number=membership.term_number
    ).first()
    if term is not None and not term.outcome:
        term.outcome = MembershipTerm.REVOKED
        term.save(update_fields=["outcome"])
    _end_distinguished_role(membership, membership.lapsed_on + datetime.timedelta(days=1))
    return ""


TRANSITIONS = {
    t.name: t
    for t in [
        Transition("open_review", "open the renewal review of", frozenset({S.ACTIVE}), S.RENEWAL_REVIEW,
                   _staff_or_system, guards=(_review_window_open,),
                   extra={"signal": signals.membership_review_opened, "email": "membership_review_opened"}),
        Transition("renew", "renew", frozenset({S.RENEWAL_REVIEW, S.GRACE}), S.RENEWED, _committee,
                   guards=(_criteria_met,), apply=_record_renewal,
                   extra={"signal": signals.membership_renewal_approved, "email": "membership_renewal_approved"}),
        Transition("defer_renewal", "give a grace period to", frozenset({S.RENEWAL_REVIEW}), S.GRACE, _committee,
                   requires_note=True, apply=_start_grace,
                   extra={"signal": signals.membership_grace_started, "email": "membership_grace"}),
        Transition("start_grace", "start the grace period of", frozenset({S.RENEWAL_REVIEW}), S.GRACE,
                   _staff_or_system, guards=(_term_ended,), apply=_start_grace,
                   extra={"signal": signals.membership_grace_started, "email": "membership_grace"}),
        Transition("lapse", "lapse", frozenset({S.GRACE}), S.LAPSED, _staff_or_system, guards=(_grace_ended,),
                   apply=_lapse, extra={"signal": signals.membership_lapsed, "email": "membership_lapsed"}),
        Transition("start_next_term", "start the next term of", frozenset({S.RENEWED}), S.ACTIVE, _staff_or_system,
                   guards=(_next_term_due, _milestone_not_reached), apply=_start_next_term,
                   extra={"signal": signals.membership_renewed, "email": "membership_renewed"}),
        Transition("grant_lifetime", "grant lifetime status to", frozenset({S.RENEWED}), S.LIFETIME,
                   _staff_or_system, guards=(_next_term_due, _milestone_reached), apply=_grant_lifetime,
                   extra={"signal": signals.membership_lifetime_granted, "email": "membership_lifetime"}),
        Transition("revoke", "revoke", frozenset(S.LIVE), S.REVOKED, _staff_or_system, apply=_revoke,
                   extra={"signal": signals.membership_revoked, "email": "membership_revoked"}),
    ]
}

# The moves the sweep makes on their dates, in the order a membership meets them.
SWEEP_TRANSITIONS = ("open_review", "start_grace", "lapse", "grant_lifetime", "start_next_term")

_extra_guards = defaultdict(list)


def register_guard(name, guard):
    """Add ``guard(membership, actor, context) -> [problems]`` to the transition ``name``."""
    if guard not in _extra_guards[name]:
        _extra_guards[name].append(guard)


def _problems(transition, membership, actor, context):
    problems = []
    for guard in (*transition.guards, *_extra_guards[transition.name]):
        problems.extend(guard(membership, actor, context))
    return problems


def _after_commit(membership, transition, actor, from_state, note):
    # Robust: the change committed, so a failing receiver is logged, never turned into an error for the caller.
    for receiver, error in membership_transitioned.send_robust(
        sender=Membership, membership=membership, transition=transition.name, actor=actor, from_state=from_state,
        note=note,
    ):
        if isinstance(error, Exception):
            log.error("Receiver %r of membership_transitioned failed: %r", receiver, error)


def perform(membership, name, actor, note="", **context):
    """
    Perform the transition ``name`` on ``membership`` as ``actor`` (None for the sweep). ``today`` in
    ``context`` is the day the move happens (today by default).

    Raises ``NotPermitted``, ``TransitionRefused`` or ``ValidationFailed`` with a message a person can act on,
    and then nothing is written.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionRefused(f"Unknown action '{name}'.", field="action")
    note = (note or "").strip()
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related(
            "program__site", "track", "user", "organization"
        ).get(pk=membership.pk)
        if not transition.may_perform(actor, locked):
            raise NotPermitted(f"You may not {transition.label} this membership.")
        current = locked.state
        if current not in transition.sources:
            raise TransitionRefused(
                f"Cannot {transition.label} a membership that is {locked.get_state_display().lower()}."
            )
        if transition.requires_note and not note:
            raise ValidationFailed(f"Give a reason to {transition.label} this membership.", field="note")
        problems = _problems(transition, locked, actor, context)
        if problems:
            raise TransitionRefused(" ".join(problems))
        effect = transition.apply(locked, actor, note, context) if transition.apply else ""
        locked.state = transition.target
        locked.save()
        audit.record(locked, locked.program, name, actor, from_state=current, to_state=transition.target,
                     note=" ".join(part for part in (note, effect) if part))
        # Receivers get the membership as this move left it, even when later moves in the same transaction
        # (a sweep catching up) change the row again.
        moved = copy.copy(locked)
        # In the transaction: what must follow the move (credential, event, email) commits with it or not at all.
        transition.extra["signal"].send(sender=Membership, membership=moved)
        notifications.enqueue_membership_email(moved, transition.extra["email"])
        transaction.on_commit(lambda: _after_commit(moved, transition, actor, current, note), robust=True)
    if membership is not locked:
        membership.refresh_from_db()
    return locked


def due_transition(membership, today):
    """
    The name of the dated move the sweep makes on ``membership`` on ``today``, or None. The guards of the
    table decide, so the sweep and a person performing the same move apply one rule.
    """
    context = {"today": today}
    for name in SWEEP_TRANSITIONS:
        transition = TRANSITIONS[name]
        if membership.state in transition.sources and not _problems(transition, membership, None, context):
            return name
    return None


def available_actions(membership, actor):
    """Names of the transitions ``actor`` could start on ``membership`` now (guards not evaluated)."""
    return [
        name for name, transition in TRANSITIONS.items()
        if membership.state in transition.sources and transition.may_perform(actor, membership)
    ]
