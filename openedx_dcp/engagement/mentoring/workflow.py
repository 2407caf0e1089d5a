"""
The mentoring and validation workflows as rows of the one engine (``openedx_dcp.engine``): who may move a
mentoring pair or a validation request, from which state, with which guard, and the email each move owes.
``mentoring.api`` is the only caller of ``perform``.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp import engine, notifications
from openedx_dcp.engagement.mentoring.models import (
    MentoringPair,
    MentoringState,
    ValidationRequest,
    ValidationState,
    Verdict,
)
from openedx_dcp.engine import Transition
from openedx_dcp.membership.models import EngagementKind, EngagementOptIn, MembershipState
from openedx_dcp.nominations import conflicts
from openedx_dcp.programs import api as programs_api

__all__ = [
    "MENTORING",
    "VALIDATION",
    "MENTOR",
    "MENTEE",
    "PAIR",
    "VALIDATOR",
    "validator_problems",
    "opted_in",
]

M, V = MentoringState, ValidationState


# ---- who may act -----------------------------------------------------------------------------------------------

def _is_mentor(actor, pair):
    return actor is not None and pair.mentor_id == actor.pk


def _is_mentee(actor, pair):
    return actor is not None and pair.mentee_id == actor.pk


def _is_pair_staff(actor, pair):
    if actor is None:
        return False
    # Asked once per person and program within a request: a page lists many pairs (constant queries, P5).
    known = actor.__dict__.setdefault("_dcp_program_staff", {})
    if pair.program_id not in known:
        known[pair.program_id] = programs_api.is_program_staff(user=actor, program=pair.program)
    return known[pair.program_id]


def _mentee_or_staff(actor, pair):
    return engine.is_system(actor) or _is_mentee(actor, pair) or _is_pair_staff(actor, pair)


def _anyone_of_the_pair(actor, pair):
    return engine.is_system(actor) or _is_mentor(actor, pair) or _is_mentee(actor, pair) or _is_pair_staff(actor, pair)


def _is_validator(actor, request):
    return actor is not None and request.validator_id == actor.pk


def _validator_or_staff(actor, request):
    return (engine.is_system(actor) or _is_validator(actor, request)
            or programs_api.is_program_staff(user=actor, program=request.nomination.cycle.program))


# ---- effects and guards ---------------------------------------------------------------------------------------

def _mark_accepted(pair, actor, note, context):
    pair.accepted_at = timezone.now()


def _mark_ended(pair, actor, note, context):
    pair.ended_at = timezone.now()


def _verdict_given(request, actor, context):
    if context.get("verdict") not in Verdict.values:
        return [_("Choose a verdict: whether the evidence supports the nomination.")]
    return []


def validator_problems(nomination, validator):
    """
    Why ``validator`` may not validate ``nomination`` (empty when they may): not their own nomination (nominee,
    nominator, a member of the nominee organization, an endorser), nor one they are conflicted on as a panelist
    (R10), and only while they opted in to validating (R17).
    """
    program = nomination.cycle.program
    own = (validator.pk in (nomination.nominator_id, nomination.nominee_user_id)
           or nomination.nominee_organization_id in programs_api.affiliated_organization_ids(user=validator)
           or nomination.endorsements.filter(endorser=validator).exists())
    if own:
        return [_("Nobody validates a nomination they are part of (as nominee, nominator, endorser or member of "
                  "the nominee organization).")]
    if conflicts.hidden_from(validator, cycle_ids=[nomination.cycle_id]).filter(pk=nomination.pk).exists():
        return [_("This person has a conflict of interest on the nomination and cannot validate it.")]
    if not opted_in(program, validator, EngagementKind.VALIDATING_NOMINATIONS):
        return [_("Only a member who opted in to validating nominations can be asked to validate.")]
    return []


def opted_in(program, user, kind):
    """Whether ``user`` holds a live membership of ``program`` opted in to the follow-on engagement ``kind``."""
    return EngagementOptIn.objects.filter(
        membership__program=program, membership__user_id=getattr(user, "pk", None),
        membership__state__in=MembershipState.LIVE, kind=kind, opted_in=True,
    ).exists()


def _validator_still_may(request, actor, context):
    return validator_problems(request.nomination, request.validator)


def _record_verdict(request, actor, note, context):
    request.verdict = context["verdict"]
    request.note = note
    request.submitted_at = timezone.now()


# ---- who is told ------------------------------------------------------------------------------------------------

def _pair_context(pair, **params):
    return {"program": pair.program, "pair": pair}


MENTOR = notifications.register_audience("mentoring.mentor", recipients=lambda pair: [pair.mentor],
                                         context=_pair_context)
MENTEE = notifications.register_audience("mentoring.mentee", recipients=lambda pair: [pair.mentee],
                                         context=_pair_context)
PAIR = notifications.register_audience("mentoring.pair", recipients=lambda pair: [pair.mentor, pair.mentee],
                                       context=_pair_context)
VALIDATOR = notifications.register_audience(
    "validation.validator", recipients=lambda request: [request.validator],
    context=lambda request, **params: {"program": request.nomination.cycle.program, "validation": request},
)


MENTORING = engine.Workflow(
    subject="pair",
    name=gettext_lazy("mentoring pair"),
    model=MentoringPair,
    program_of=lambda pair: pair.program,
    select_related=("program", "mentor", "mentee"),
    transitions=[
        Transition("accept", gettext_lazy("accept"), frozenset({M.REQUESTED}), M.ACCEPTED, _is_mentor,
                   apply=_mark_accepted, email="mentoring_accepted", recipients=MENTEE),
        Transition("decline", gettext_lazy("decline"), frozenset({M.REQUESTED}), M.DECLINED, _is_mentor,
                   email="mentoring_declined", recipients=MENTEE),
        Transition("withdraw", gettext_lazy("withdraw"), frozenset({M.REQUESTED}), M.ENDED, _mentee_or_staff,
                   apply=_mark_ended),
        Transition("end", gettext_lazy("end"), frozenset({M.ACCEPTED}), M.ENDED, _anyone_of_the_pair,
                   apply=_mark_ended, email="mentoring_ended", recipients=PAIR),
    ],
)

VALIDATION = engine.Workflow(
    subject="validation",
    name=gettext_lazy("validation request"),
    model=ValidationRequest,
    program_of=lambda request: request.nomination.cycle.program,
    select_related=("nomination__cycle__program", "validator"),
    transitions=[
        Transition("submit", gettext_lazy("validate"), frozenset({V.REQUESTED}), V.SUBMITTED, _is_validator,
                   guards=(_verdict_given, _validator_still_may), requires_note=True, apply=_record_verdict,
                   audit_action="validate"),
        Transition("decline", gettext_lazy("decline"), frozenset({V.REQUESTED}), V.DECLINED, _validator_or_staff),
    ],
)
