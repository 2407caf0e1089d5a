"""
Public functions of mentoring and validation (R17, KR 5.1). Pages, the REST API, admin and the demo call these;
every move of a pair or a request goes through ``mentoring.workflow`` (the one engine: audit, email, lock).

- A candidate or new contributor (or program staff, for them) asks a member who opted in to mentoring to mentor
  them (``request_mentoring``); the mentor accepts or declines; the mentee withdraws a request; either of them
  or staff end a pair under way.
- Program staff ask a member who opted in to validating to validate a nomination's evidence
  (``ask_validation``), never the nominee, the nominator, an endorser or someone conflicted on it; the validator
  records a verdict and a note (``submit_validation``), which the panel reads (``validations_for_panel``).
- KR 5.1 counts the members who actually served (``served_count``): mentors who accepted a pair, validators
  who submitted a validation, and mentoring or validating staff recorded as participation.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from openedx_dcp import audit, notifications
from openedx_dcp.engagement.mentoring import workflow
from openedx_dcp.engagement.mentoring.models import (
    MentoringPair,
    ValidationRequest,
    ValidationState,
)
from openedx_dcp.exceptions import NotFound, NotPermitted, RuleViolation, ValidationFailed
from openedx_dcp.membership.models import EngagementKind, EngagementParticipation, Membership, MembershipState
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs import api as programs_api

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User
    from django.db.models import QuerySet

    from openedx_dcp.programs.models import Program

__all__ = [
    "request_mentoring",
    "accept",
    "decline",
    "withdraw",
    "end",
    "perform",
    "available_actions",
    "pairs_of",
    "pair_visible_to",
    "pairs_visible_to",
    "ask_validation",
    "submit_validation",
    "decline_validation",
    "validations_of",
    "validations_visible_to",
    "validations_for_panel",
    "served_count",
    "retire_user",
    "PAIR_ACTIONS",
]

PAIR_ACTIONS = ("accept", "decline", "withdraw", "end")


def _user_named(username, field):
    user = get_user_model().objects.filter(username=(username or "").strip()).first() if username else None
    if user is None:
        # Only that: no list of accounts, no "did you mean".
        raise ValidationFailed(_("No account has this username."), field=field)
    return user


# ---- mentoring -------------------------------------------------------------------------------------------------

def request_mentoring(*, program: Program, actor: User, mentor_username: str, mentee_username: str = "",
                      message: str = "") -> MentoringPair:
    """
    Ask the member ``mentor_username`` to mentor the actor (or, for program staff, ``mentee_username``). The
    mentor must hold a live membership opted in to mentoring (R17); one open pair per mentor and mentee.
    """
    if not getattr(actor, "is_authenticated", False):
        raise NotPermitted(_("Sign in to ask for a mentor."))
    mentor = _user_named(mentor_username, "mentor_username")
    if mentee_username and (mentee_username or "").strip() != actor.get_username():
        programs_api.require_program_staff(user=actor, program=program)
        mentee = _user_named(mentee_username, "mentee_username")
    else:
        mentee = actor
    if mentor.pk == mentee.pk:
        raise ValidationFailed(_("A mentor and a mentee are two people."), field="mentor_username")
    if not workflow.opted_in(program, mentor, EngagementKind.MENTORING):
        raise RuleViolation(_("{username} does not offer mentoring in this program: only members who opted in to "
                              "mentoring can be asked.").format(username=mentor.get_username()),
                            field="mentor_username", code="not_a_mentor")
    try:
        with transaction.atomic():
            pair = MentoringPair.objects.create(program=program, mentor=mentor, mentee=mentee, requested_by=actor,
                                                message=(message or "").strip())
            audit.record(pair, program, "request_mentoring", actor, to_state=pair.state)
            notifications.owe(template="mentoring_requested", audience=workflow.MENTOR, subject=pair)
    except IntegrityError as exc:
        raise RuleViolation(_("This mentoring is already requested or under way."), field="mentor_username",
                            code="duplicate_pair") from exc
    return pair


def perform(pair: MentoringPair, action: str, actor: User | None, note: str = "") -> MentoringPair:
    """Perform ``action`` (accept, decline, withdraw, end) on ``pair`` through the workflow."""
    if action not in PAIR_ACTIONS:
        raise ValidationFailed(_("Unknown action '{name}'.").format(name=action), field="action")
    return workflow.MENTORING.perform(pair, action, actor, note)


def accept(pair: MentoringPair, actor: User | None, note: str = "") -> MentoringPair:
    """The mentor accepts the pairing."""
    return perform(pair, "accept", actor, note)


def decline(pair: MentoringPair, actor: User | None, note: str = "") -> MentoringPair:
    """The mentor declines the pairing."""
    return perform(pair, "decline", actor, note)


def withdraw(pair: MentoringPair, actor: User | None, note: str = "") -> MentoringPair:
    """The mentee (or staff) withdraws a request not yet answered."""
    return perform(pair, "withdraw", actor, note)


def end(pair: MentoringPair, actor: User | None, note: str = "") -> MentoringPair:
    """The mentor, the mentee or staff end a pair under way."""
    return perform(pair, "end", actor, note)


def pairs_of(user: User, program: Program) -> QuerySet:
    """The pairs ``user`` is the mentor or the mentee of in ``program``, newest first."""
    if not getattr(user, "is_authenticated", False):
        return MentoringPair.objects.none()
    return (MentoringPair.objects.filter(program=program).filter(Q(mentor=user) | Q(mentee=user))
            .select_related("mentor", "mentee", "program").order_by("-created", "-id"))


def pairs_visible_to(user: User, program: Program) -> QuerySet:
    """Every pair of ``program`` for its staff; one's own pairs for everyone else."""
    if getattr(user, "is_authenticated", False) and programs_api.is_program_staff(user=user, program=program):
        return (MentoringPair.objects.filter(program=program).select_related("mentor", "mentee", "program")
                .order_by("-created", "-id"))
    return pairs_of(user, program)


def pair_visible_to(user: User, program: Program, pk: int) -> MentoringPair:
    """The pair ``pk`` if ``user`` may see it, else ``NotFound`` (R26)."""
    pair = pairs_visible_to(user, program).filter(pk=pk).first()
    if pair is None:
        raise NotFound()
    return pair


def available_actions(pair: MentoringPair, actor: User | None) -> list:
    """The moves ``actor`` may attempt on ``pair`` now."""
    return workflow.MENTORING.available(pair, actor)


# ---- validation ------------------------------------------------------------------------------------------------

def ask_validation(*, nomination: Nomination, actor: User | None, validator_username: str) -> ValidationRequest:
    """
    Program staff ask a member who opted in to validating to validate ``nomination``'s evidence (R17): never
    the nominee, the nominator, an endorser, a member of the nominee organization, nor a panelist conflicted on
    it (R10). The nomination must be under way. The validator is emailed a link to their requests.
    """
    program = nomination.cycle.program
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=program)
        if not nominations_api.nominations_visible_to(user=actor, site=program.site).filter(pk=nomination.pk).exists():
            raise NotFound()
    validator = _user_named(validator_username, "validator_username")
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("cycle__program").get(pk=nomination.pk)
        if locked.state not in NominationState.ACTIVE:
            raise RuleViolation(_("Only a nomination under way can be validated."), field="nomination",
                                code="nomination_closed")
        problems = workflow.validator_problems(locked, validator)
        if problems:
            raise RuleViolation(" ".join(str(problem) for problem in problems), field="validator_username",
                                code="validator_refused")
        try:
            with transaction.atomic():
                request = ValidationRequest.objects.create(nomination=locked, validator=validator,
                                                           requested_by=actor)
        except IntegrityError as exc:
            raise RuleViolation(_("This person was already asked to validate this nomination."),
                                field="validator_username", code="duplicate_validation") from exc
        audit.record(request, program, "ask_validation", actor, to_state=request.state,
                     note=f"nomination #{locked.pk}")
        notifications.owe(template="validation_requested", audience=workflow.VALIDATOR, subject=request)
    return request


def submit_validation(request: ValidationRequest, actor: User | None, *, verdict: str,
                      note: str) -> ValidationRequest:
    """The validator records their verdict and a note; the panel reads them beside the dossier."""
    return workflow.VALIDATION.perform(request, "submit", actor, note, verdict=verdict)


def decline_validation(request: ValidationRequest, actor: User | None, note: str = "") -> ValidationRequest:
    """The validator (or staff) declines a request not yet answered."""
    return workflow.VALIDATION.perform(request, "decline", actor, note)


def validations_of(user: User, program: Program) -> QuerySet:
    """The validation requests made of ``user`` in ``program``, newest first."""
    if not getattr(user, "is_authenticated", False):
        return ValidationRequest.objects.none()
    return (ValidationRequest.objects.filter(validator=user, nomination__cycle__program=program)
            .select_related("nomination__cycle__program", "nomination__track", "nomination__nominee_user",
                            "nomination__nominee_organization", "validator")
            .order_by("-created", "-id"))


def validations_visible_to(user: User, program: Program) -> QuerySet:
    """Every request of ``program`` for its staff (but those on nominations hidden from them), else one's own."""
    if getattr(user, "is_authenticated", False) and programs_api.is_program_staff(user=user, program=program):
        visible = nominations_api.nominations_visible_to(user=user, site=program.site).values("pk")
        return (ValidationRequest.objects.filter(nomination__cycle__program=program, nomination_id__in=visible)
                .select_related("nomination__cycle__program", "nomination__track", "nomination__nominee_user",
                                "nomination__nominee_organization", "validator")
                .order_by("-created", "-id"))
    return validations_of(user, program)


def validations_for_panel(nomination: Nomination) -> list:
    """The submitted validations of ``nomination``, oldest first, for the panel's dossier (one query)."""
    return list(ValidationRequest.objects.filter(nomination=nomination, state=ValidationState.SUBMITTED)
                .select_related("validator").order_by("submitted_at", "id"))


# ---- KR 5.1 ----------------------------------------------------------------------------------------------------

def served_count(program: Program, *, since: datetime.datetime | None = None) -> int:
    """
    How many people with a membership of ``program`` actually served as mentors or validators (KR 5.1): mentors
    of a pair they accepted, validators who submitted a validation, and members whose mentoring or validating
    staff recorded as participation. Opting in alone does not count. Three queries.
    """
    pairs = MentoringPair.objects.filter(program=program, accepted_at__isnull=False)
    validations = ValidationRequest.objects.filter(nomination__cycle__program=program,
                                                   state=ValidationState.SUBMITTED)
    recorded = EngagementParticipation.objects.filter(
        membership__program=program, kind__in=[EngagementKind.MENTORING, EngagementKind.VALIDATING_NOMINATIONS])
    if since is not None:
        pairs = pairs.filter(accepted_at__gte=since)
        validations = validations.filter(submitted_at__gte=since)
        recorded = recorded.filter(date__gte=since.date())
    members = Membership.objects.filter(program=program, user__isnull=False).exclude(
        state=MembershipState.REVOKED)
    served = members.filter(
        Q(user_id__in=pairs.values("mentor_id")) | Q(user_id__in=validations.values("validator_id"))
        | Q(pk__in=recorded.values("membership_id"))
    )
    return served.values("user_id").distinct().count()


# ---- retirement ------------------------------------------------------------------------------------------------

def retire_user(user: User) -> dict:
    """Remove the mentoring pairs ``user`` is part of and the validations asked of them."""
    pairs = MentoringPair.objects.filter(Q(mentor=user) | Q(mentee=user)).delete()[0]
    validations = ValidationRequest.objects.filter(validator=user).delete()[0]
    return {"mentoring_pairs": pairs, "validations": validations}
