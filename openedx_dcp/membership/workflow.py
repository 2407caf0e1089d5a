"""
The membership workflow (R14–R16): its states, allowed transitions, guards, and what each move owes (the audit
line, the member's email, the outbound event, the signal credentials listen to), as rows of the one engine
(``openedx_dcp.engine``).

The REST API, admin actions, the sweep (Celery task and management command) all call ``perform``. Each call
locks the membership row, checks that the actor may act, that the move is allowed from the current state and
that every guard passes; only then it saves and appends an audit record and, in the same transaction, sends the
transition's own signal (``membership.signals``: credentials are issued or revoked), records its email and
event in the outbox; after commit it sends ``membership_transitioned``. A refused call raises and writes
nothing.

Dated moves take the day they happen from ``today`` (the sweep's date, today by default) and use the dates
stored on the row (``review_opens_on``, ``term_end``, ``grace_until``, ``next_term_start``) as their effective
dates, so a sweep that runs late, twice or concurrently gives the same result as one run on time.
"""

import datetime

import django.dispatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp import engine
from openedx_dcp.dates import add_years
from openedx_dcp.engine import Transition
from openedx_dcp.events.data import MembershipData
from openedx_dcp.membership import renewal, signals
from openedx_dcp.membership.models import Membership, MembershipTerm
from openedx_dcp.membership.models import MembershipState as S
from openedx_dcp.membership.notifications import MEMBER
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole

__all__ = [
    "MEMBERSHIPS",
    "TRANSITIONS",
    "SWEEP_TRANSITIONS",
    "MEMBER",
    "perform",
    "due_transition",
    "available_actions",
    "register_guard",
    "schedule_term",
    "membership_data",
    "membership_transitioned",
]

# Sent after the transaction that moved a membership commits: sender=Membership, membership, transition, actor,
# from_state, note.
membership_transitioned = django.dispatch.Signal()


def _today(context):
    return context.get("today") or timezone.now().date()


# ---- who may act ----------------------------------------------------------------------------------------------

def _is_staff(actor, membership):
    return actor is not None and programs_api.is_program_staff(user=actor, program=membership.program)


def _staff_or_system(actor, membership):
    return engine.is_system(actor) or _is_staff(actor, membership)


def _committee(actor, membership):
    """Renewal decisions are the committee's (program staff), never the sweep's (R14)."""
    return _is_staff(actor, membership)


# ---- guards: each returns a list of problems, empty when the move may happen ---------------------------------

def _review_window_open(membership, actor, context):
    if membership.review_opens_on and _today(context) < membership.review_opens_on:
        return [_("The renewal review of this term opens on {review_opens_on:%Y-%m-%d}.").format(
            review_opens_on=membership.review_opens_on)]
    return []


def _term_ended(membership, actor, context):
    if _today(context) < membership.term_end:
        return [_("The term ends on {term_end:%Y-%m-%d}.").format(term_end=membership.term_end)]
    return []


def _grace_ended(membership, actor, context):
    if membership.grace_until is None:
        return [_("The membership has no grace period.")]
    if _today(context) < membership.grace_until:
        return [_("The grace period ends on {grace_until:%Y-%m-%d}.").format(grace_until=membership.grace_until)]
    return []


def _next_term_due(membership, actor, context):
    if membership.next_term_start is None:
        return [_("The membership has not been renewed.")]
    if _today(context) < membership.next_term_start:
        return [_("The next term starts on {next_term_start:%Y-%m-%d}.").format(
            next_term_start=membership.next_term_start)]
    return []


def _criteria_met(membership, actor, context):
    return renewal.evidence_shortfall(membership, _today(context))


def _milestone_reached(membership, actor, context):
    if membership.next_term_start is None:
        return [_("The membership has not been renewed.")]
    if not renewal.lifetime_milestone_reached(membership, membership.next_term_start):
        return [_("The lifetime milestone is not reached.")]
    return []


def _milestone_not_reached(membership, actor, context):
    start = membership.next_term_start
    if start is not None and renewal.lifetime_milestone_reached(membership, start):
        return [_("The lifetime milestone is reached: lifetime status is granted instead of a new term.")]
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


# ---- events ---------------------------------------------------------------------------------------------------

def _midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def membership_data(membership):
    """The event payload describing ``membership``."""
    program = membership.program
    return MembershipData(
        id=membership.pk, site_domain=program.site.domain, program_slug=program.slug,
        track_slug=membership.track.slug,
        member_key=f"u{membership.user_id}" if membership.user_id else f"o{membership.organization_id}",
        state=membership.state, term_number=membership.term_number,
        term_start=_midnight(membership.term_start), term_end=_midnight(membership.term_end),
    )


# ---- the table ------------------------------------------------------------------------------------------------

MEMBERSHIPS = engine.Workflow(
    subject="membership",
    name=gettext_lazy("membership"),
    model=Membership,
    program_of=lambda membership: membership.program,
    select_related=("program__site", "track", "user", "organization"),
    committed_signal=membership_transitioned,
    transitions=[
        Transition(
            "open_review", gettext_lazy("open the renewal review of"), frozenset({S.ACTIVE}), S.RENEWAL_REVIEW,
            _staff_or_system, guards=(_review_window_open,), signal=signals.membership_review_opened,
            email="membership_review_opened", recipients=MEMBER,
        ),
        Transition(
            "renew", gettext_lazy("renew"), frozenset({S.RENEWAL_REVIEW, S.GRACE}), S.RENEWED, _committee,
            guards=(_criteria_met,), apply=_record_renewal, signal=signals.membership_renewal_approved,
            email="membership_renewal_approved", recipients=MEMBER,
        ),
        Transition(
            "defer_renewal", gettext_lazy("give a grace period to"), frozenset({S.RENEWAL_REVIEW}), S.GRACE,
            _committee, requires_note=True, apply=_start_grace, signal=signals.membership_grace_started,
            email="membership_grace", recipients=MEMBER,
        ),
        Transition(
            "start_grace", gettext_lazy("start the grace period of"), frozenset({S.RENEWAL_REVIEW}), S.GRACE,
            _staff_or_system, guards=(_term_ended,), apply=_start_grace, signal=signals.membership_grace_started,
            email="membership_grace", recipients=MEMBER,
        ),
        Transition(
            "lapse", gettext_lazy("lapse"), frozenset({S.GRACE}), S.LAPSED, _staff_or_system,
            guards=(_grace_ended,), apply=_lapse, signal=signals.membership_lapsed,
            email="membership_lapsed", recipients=MEMBER,
        ),
        Transition(
            "start_next_term", gettext_lazy("start the next term of"), frozenset({S.RENEWED}), S.ACTIVE,
            _staff_or_system, guards=(_next_term_due, _milestone_not_reached), apply=_start_next_term,
            signal=signals.membership_renewed, email="membership_renewed", recipients=MEMBER,
        ),
        Transition(
            "grant_lifetime", gettext_lazy("grant lifetime status to"), frozenset({S.RENEWED}), S.LIFETIME,
            _staff_or_system, guards=(_next_term_due, _milestone_reached), apply=_grant_lifetime,
            signal=signals.membership_lifetime_granted, email="membership_lifetime", recipients=MEMBER,
        ),
        Transition(
            "revoke", gettext_lazy("revoke"), S.LIVE, S.REVOKED, _staff_or_system, apply=_revoke,
            signal=signals.membership_revoked, email="membership_revoked", recipients=MEMBER,
        ),
    ],
)

# The rows by name, for callers that read the table.
TRANSITIONS = MEMBERSHIPS.transitions

# The moves the sweep makes on their dates, in the order a membership meets them.
SWEEP_TRANSITIONS = ("open_review", "start_grace", "lapse", "grant_lifetime", "start_next_term")


def register_guard(name, guard):
    """Add ``guard(membership, actor, context) -> [problems]`` to the transition ``name``."""
    MEMBERSHIPS.register_guard(name, guard)


def perform(membership, name, actor, note="", **context):
    """
    Perform the transition ``name`` on ``membership`` as ``actor`` (None for the sweep). ``today`` in
    ``context`` is the day the move happens (today by default).

    Raises ``NotPermitted``, ``TransitionRefused`` or ``ValidationFailed`` with a message a person can act on,
    and then nothing is written.
    """
    return MEMBERSHIPS.perform(membership, name, actor, note, **context)


def due_transition(membership, today):
    """
    The name of the dated move the sweep makes on ``membership`` on ``today``, or None. The guards of the
    table decide, so the sweep and a person performing the same move apply one rule.
    """
    context = {"today": today}
    for name in SWEEP_TRANSITIONS:
        if membership.state in TRANSITIONS[name].sources and not MEMBERSHIPS.problems(membership, name, None,
                                                                                         context):
            return name
    return None


def available_actions(membership, actor):
    """Names of the transitions ``actor`` could start on ``membership`` now (guards not evaluated)."""
    return MEMBERSHIPS.available(membership, actor)
