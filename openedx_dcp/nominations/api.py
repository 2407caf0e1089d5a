"""
Public functions for nominations and endorsements (R4–R8). The REST layer, admin and commands call these.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

import django.dispatch
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit, dates
from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.exceptions import DcpError, NotFound, NotPermitted, RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.nominations import conflicts, eligibility, workflow
from openedx_dcp.nominations.eligibility import endorsement_counts_of, with_endorsement_counts
from openedx_dcp.nominations.models import Endorsement, EndorsementRequest, Nomination, NominationState
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole, Cycle, Track

if TYPE_CHECKING:  # names in type hints only
    from collections.abc import Iterable
    from typing import Any

    from django.contrib.auth.models import AbstractBaseUser as User
    from django.contrib.sites.models import Site
    from django.db.models import QuerySet

    from openedx_dcp.programs.models import Organization


__all__ = [
    "create_nomination",
    "update_nomination",
    "edit_problem",
    "speaks_for_nominee",
    "give_consent",
    "submit",
    "withdraw",
    "endorse",
    "withdraw_endorsement",
    "nominations_visible_to",
    "sees_nomination",
    "nominations_open_for_endorsement",
    "nominee_eligibility",
    "NomineeEligibility",
    "endorsement_progress",
    "endorsement_counts_of",
    "with_endorsement_counts",
    "EndorsementProgress",
    "actions_for",
    "endorsement_problem",
    "nomination_created",
    "ENDORSABLE_STATES",
]

# Sent inside the transaction that creates a nomination (as the workflow's signals are): sender=Nomination,
# nomination. The review package records the email asking a peer nominee for consent (R5) in the outbox.
nomination_created = django.dispatch.Signal()

# R6: endorsements are given and withdrawn until screening starts.
ENDORSABLE_STATES = {NominationState.DRAFT, NominationState.SUBMITTED}
_EDITABLE_FIELDS = {
    "summary", "impact_statement", "references", "evidence_links", "first_contribution_date",
    "first_contribution_evidence",
}


def create_nomination(*, cycle: Cycle, track: Track, nominator: User, kind: str, nominee_user: User | None = None,
                      nominee_organization: Organization | None = None, **fields: Any) -> Nomination:
    """
    Create a draft nomination by ``nominator`` (R5) after checking the cycle is open (R4), the nominee fits
    the track, and the nominee may be nominated (R8). One active nomination per nominee and track in a cycle
    is also a database constraint.
    """
    unknown = set(fields) - _EDITABLE_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown field(s): {names}.").format(names=", ".join(sorted(unknown))))
    if track.program_id != cycle.program_id or not track.is_active:
        raise ValidationFailed(_("This track is not part of the cycle's program."), field="track")
    # R24: the cycle runs on the rules it started with; a track added since belongs to the next cycle.
    rules = programs_api.cycle_rules(cycle=cycle, track=track)
    if rules.track is None:
        raise ValidationFailed(_("This track was added after the cycle started; it opens with the next cycle."),
                               field="track", code="track_not_in_cycle")
    if not cycle.nominations_are_open():
        raise RuleViolation(_("Nominations for {cycle} are closed.").format(
            cycle=cycle.name), field="cycle", code="nominations_closed")
    if kind not in (Nomination.SELF, Nomination.PEER):
        raise ValidationFailed(_("Kind must be 'self' or 'peer'."), field="kind")
    if rules.nominee_kind == Track.ORGANIZATION:
        if nominee_organization is None or nominee_user is not None:
            raise ValidationFailed(_("The {track} track recognizes organizations: name one.").format(track=track.name),
                                   field="nominee_organization")
        if nominee_organization.site_id != cycle.program.site_id:
            raise ValidationFailed(_("Unknown organization."), field="nominee_organization")
        speaks_for_org = nominee_organization.pk in programs_api.affiliated_organization_ids(user=nominator)
        if kind == Nomination.SELF and not speaks_for_org:
            raise ValidationFailed(_("Only a member of the organization can nominate it as a self-nomination."),
                                   field="kind")
        if kind == Nomination.PEER and speaks_for_org:
            raise ValidationFailed(_("A member of the organization nominates it as a self-nomination."), field="kind")
    else:
        if nominee_organization is not None:
            raise ValidationFailed(_("The {track} track recognizes people, not organizations.").format(
                track=track.name),
                                   field="nominee_organization")
        if kind == Nomination.SELF:
            if nominee_user is not None and nominee_user.pk != nominator.pk:
                raise ValidationFailed(_("A self-nomination names the nominator as nominee."),
                                       field="nominee_username")
            nominee_user = nominator
        elif nominee_user is None:
            raise ValidationFailed(_("A peer nomination names its nominee."), field="nominee_username",
                                   code="required")
        elif nominee_user.pk == nominator.pk:
            raise ValidationFailed(_("Nominating yourself is a self-nomination."), field="kind")
    for field in ("summary", "impact_statement"):
        if not (fields.get(field) or "").strip():
            raise ValidationFailed(_("This field is required."), field=field)
    # Refusals about the nominee are keyed by the field that named them.
    nominee_field = "nominee_organization" if nominee_organization is not None else "nominee_username"
    problems = eligibility.renomination_problems(cycle, track, nominee_user, nominee_organization)
    if problems:
        raise RuleViolation(" ".join(problems), field=nominee_field, code="renomination_refused")
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                cycle=cycle, track=track, nominator=nominator, kind=kind, nominee_user=nominee_user,
                nominee_organization=nominee_organization, **fields,
            )
            audit.record(nomination, cycle.program, "create", nominator, to_state=nomination.state)
            nomination_created.send(sender=Nomination, nomination=nomination)
    except IntegrityError as exc:
        raise RuleViolation(
            _("This nominee already has an active nomination on this track in this cycle."), field=nominee_field,
            code="duplicate_nomination",
        ) from exc
    return nomination


def speaks_for_nominee(*, nomination: Nomination, user: User | None) -> bool:
    """Whether ``user`` answers for the nominee: the nominee, or someone who speaks for the nominee organization."""
    return workflow.speaks_for_nominee(user, nomination)


def edit_problem(*, nomination: Nomination, actor: User | None) -> DcpError | None:
    """Why ``actor`` may not edit ``nomination`` (only its nominator, only while a draft), or None if they may."""
    if nomination.nominator_id != getattr(actor, "pk", None):
        return NotPermitted(_("Only the nominator edits a nomination."))
    if nomination.state != NominationState.DRAFT:
        return TransitionRefused(_("Only a draft nomination can be edited."))
    return None


def update_nomination(*, nomination: Nomination, actor: User | None, **fields: Any) -> Nomination:
    """The nominator edits the content of a draft nomination."""
    unknown = set(fields) - _EDITABLE_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown field(s): {names}.").format(names=", ".join(sorted(unknown))))
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        problem = edit_problem(nomination=locked, actor=actor)
        if problem is not None:
            raise problem
        for field, value in fields.items():
            setattr(locked, field, value)
        locked.save()
        audit.record(locked, locked.cycle.program, "edit", actor, locked.state, locked.state,
                     note=", ".join(sorted(fields)))
    nomination.refresh_from_db()
    return locked


def give_consent(*, nomination: Nomination, actor: User | None, note: str = "") -> Nomination:
    """The nominee (or their organization's representative) consents to a peer nomination (R5)."""
    return workflow.perform(nomination, "consent", actor, note)


def submit(*, nomination: Nomination, actor: User | None, note: str = "") -> Nomination:
    """The nominator submits the nomination for screening (R4–R6)."""
    return workflow.perform(nomination, "submit", actor, note)


def withdraw(*, nomination: Nomination, actor: User | None, note: str = "") -> Nomination:
    """The nominator, the nominee or program staff withdraw the nomination."""
    return workflow.perform(nomination, "withdraw", actor, note)


def _endorsing_role(cycle, endorser):
    """The role that lets ``endorser`` endorse in ``cycle`` (steward first), or None (R3, R6, R24)."""
    rules = programs_api.cycle_rules(cycle=cycle)
    roles = programs_api.active_roles(program=cycle.program, user=endorser) & set(rules.threshold("endorser_roles"))
    if CommunityRole.STEWARD_REPRESENTATIVE in roles:
        return CommunityRole.STEWARD_REPRESENTATIVE
    return sorted(roles)[0] if roles else None


def _endorsement_window_problem(nomination, *, withdrawing=False):
    """Why endorsements of ``nomination`` can no longer be given (or, ``withdrawing``, withdrawn) (R6), or None."""
    if nomination.state not in ENDORSABLE_STATES:
        if withdrawing:
            return _("It can no longer be withdrawn: screening of this nomination has started.")
        return _("Endorsements are closed: screening of this nomination has started.")
    if timezone.now() >= nomination.cycle.review_start:
        if withdrawing:
            problem = _("It can no longer be withdrawn: review of {cycle} has started.")
        else:
            problem = _("Endorsements are closed: review of {cycle} has started.")
        return problem.format(cycle=nomination.cycle.name)
    return None


def nominations_open_for_endorsement(*, user: User, site: Site) -> QuerySet:
    """
    The nominations of ``site`` that ``user`` may see in order to endorse them (R6, R26): those the nominator
    asked them to endorse, and, for a holder of an endorsing role of the cycle's rules, those past the nominee's
    consent (a self-nomination needs none); never one they are conflicted on as a panelist (R10). A nomination
    outside this set reads as "not found" to them.
    """
    if site is None or not getattr(user, "is_authenticated", False):
        return Nomination.objects.none()
    held = {}
    today = timezone.now().date()
    roles = CommunityRole.objects.filter(user=user, program__site=site, start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today))
    for program_id, role in roles.values_list("program_id", "role"):
        held.setdefault(program_id, set()).add(role)
    # The endorsing roles are those of each cycle's rules version (R24); a tenant has a handful of cycles.
    endorsing_cycles = [
        cycle.pk for cycle in Cycle.objects.filter(program_id__in=held).select_related("rules")
        if held[cycle.program_id] & set(programs_api.cycle_rules(cycle=cycle).threshold("endorser_roles"))
    ]
    asked = EndorsementRequest.objects.filter(endorser=user).values("nomination_id")
    past_consent = Q(kind=Nomination.SELF) | Q(consent_given_at__isnull=False)
    return (
        Nomination.objects.filter(cycle__program__site=site)
        .filter(Q(pk__in=asked) | (past_consent & Q(cycle_id__in=endorsing_cycles)))
        .exclude(pk__in=conflicts.hidden_from(user))
    )


def endorse(*, nomination: Nomination, endorser: User, statement: str = "") -> Endorsement:
    """
    Endorse a nomination (R6): only a recognized community member, never one's own nomination (as nominee,
    nominator or member of the nominee organization), once per nomination, and only until screening starts.
    The nomination must be open to the endorser (``nominations_open_for_endorsement``); otherwise it reads as
    not found (R26).
    """
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("cycle__program").get(pk=nomination.pk)
        program = locked.cycle.program
        own = (
            endorser.pk in (locked.nominator_id, locked.nominee_user_id)
            or locked.nominee_organization_id in programs_api.affiliated_organization_ids(user=endorser)
        )
        if own:
            raise RuleViolation(_("You cannot endorse your own nomination."), field="nomination")
        if not nominations_open_for_endorsement(user=endorser, site=program.site).filter(pk=locked.pk).exists():
            raise NotFound()
        problem = _endorsement_window_problem(locked)
        if problem:
            raise TransitionRefused(problem)
        refusal = endorsement_problem(nomination=locked, endorser=endorser)
        if refusal is not None:
            raise refusal
        role = _endorsing_role(locked.cycle, endorser)
        try:
            with transaction.atomic():
                endorsement = Endorsement.objects.create(
                    nomination=locked, endorser=endorser, role=role, statement=statement
                )
        except IntegrityError as exc:
            raise RuleViolation(_("You have already endorsed this nomination."), field="nomination",
                                code="duplicate_endorsement") from exc
        audit.record(locked, program, "endorse", endorser, locked.state, locked.state, note=f"as {role}")
    return endorsement


def endorsement_problem(*, nomination: Nomination, endorser: User) -> DcpError | None:
    """
    Why ``endorser`` may not endorse ``nomination`` now (R6), as the error ``endorse`` raises, or None when they
    may: not their own nomination, endorsements still open, a recognized community member, not twice. Pages
    ask it before showing the statement field; ``endorse`` asks it again under the nomination's lock.
    """
    own = (
        endorser.pk in (nomination.nominator_id, nomination.nominee_user_id)
        or nomination.nominee_organization_id in programs_api.affiliated_organization_ids(user=endorser)
    )
    if own:
        return RuleViolation(_("You cannot endorse your own nomination."), field="nomination", code="own_nomination")
    if not nominations_open_for_endorsement(user=endorser,
                                            site=nomination.cycle.program.site).filter(pk=nomination.pk).exists():
        # R26: a nomination the endorser may not see reads as not found.
        return NotFound()
    problem = _endorsement_window_problem(nomination)
    if problem:
        return TransitionRefused(problem)
    if _endorsing_role(nomination.cycle, endorser) is None:
        return RuleViolation(
            _("Only recognized community members (core contributors, partner or steward representatives, "
              "community leaders…) may endorse."),
            field="non_field_errors", code="not_an_endorser",
        )
    if Endorsement.objects.filter(nomination=nomination, endorser=endorser, withdrawn_at__isnull=True).exists():
        return RuleViolation(_("You have already endorsed this nomination."), field="nomination",
                             code="duplicate_endorsement")
    if Endorsement.objects.filter(nomination=nomination, endorser=endorser).exists():
        return RuleViolation(_("You have withdrawn your endorsement of this nomination; it cannot be given again."),
                             field="nomination", code="duplicate_endorsement")
    return None


def withdraw_endorsement(*, endorsement: Endorsement, actor: User | None) -> Endorsement:
    """The endorser withdraws their endorsement, until screening of the nomination starts (R6)."""
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("cycle__program").get(
            pk=endorsement.nomination_id
        )
        current = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if current.endorser_id != actor.pk:
            raise NotPermitted(_("Only the endorser withdraws an endorsement."))
        if current.withdrawn_at is not None:
            raise TransitionRefused(_("This endorsement is already withdrawn."))
        problem = _endorsement_window_problem(locked, withdrawing=True)
        if problem:
            raise TransitionRefused(problem)
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["withdrawn_at"])
        audit.record(locked, locked.cycle.program, "withdraw_endorsement", actor, locked.state, locked.state)
    endorsement.refresh_from_db()
    return current


def nominations_visible_to(*, user: User, site: Site, cycles: programs_api.TenantCycles | None = None,
                           organizations: set[int] | None = None) -> QuerySet:
    """
    The nominations of ``site``'s programs that ``user`` may see: all of them for program staff (except those
    they are conflicted on as panelists, R10), and those they nominated, are nominated in (or speak for the
    nominee organization of), or endorsed (R1, R26). ``cycles`` is ``programs_api.tenant_cycles`` for the same
    user and site, and ``organizations`` ``programs_api.affiliated_organization_ids`` of the user, when the caller
    already read them (once per request).
    """
    if site is None or not getattr(user, "is_authenticated", False):
        return Nomination.objects.none()
    # Filter on the tenant's cycle ids rather than joining cycles and programs, and on subqueries rather than
    # joins with DISTINCT, so the database walks one index whatever the number of nominations (P3).
    cycles = cycles or programs_api.tenant_cycles(user=user, site=site)
    staff_cycles = sorted(cycles.staff)
    nominations = Nomination.objects.filter(cycle_id__in=sorted(cycles.programs))
    # R10, R26: program staff who sit on a panel do not see, as staff, the nominations they are conflicted on;
    # what they see as nominator, nominee or endorser stays.
    # Only the cycles where the user sits on the panel can hide anything: when the request read them (``seats``),
    # a user on no panel costs no query here.
    seated = staff_cycles if cycles.seats is None else sorted(cycles.seats.intersection(staff_cycles))
    hidden = conflicts.hidden_from(user, cycle_ids=seated)
    if len(staff_cycles) == len(cycles.programs) and hidden.query.is_empty():
        return nominations
    # By the user's id alone, so that a prepared read can build this filter for any user (``pages``).
    own = (
        Q(nominator_id=user.pk)
        | Q(nominee_user_id=user.pk)
        | Q(nominee_organization_id__in=programs_api.affiliated_organization_ids(user=user)
            if organizations is None else organizations)
        | Q(pk__in=Endorsement.objects.filter(endorser_id=user.pk).values("nomination_id"))
    )
    run = Q(cycle_id__in=staff_cycles) & ~Q(pk__in=hidden)
    return nominations.filter(run | own)


def sees_nomination(*, user: User, nomination: Nomination, cycles: programs_api.TenantCycles) -> bool:
    """
    Whether ``nomination`` is among ``nominations_visible_to(user, site, cycles)``, for a nomination already read:
    its nominator, its nominee and the staff running its program who sit on no panel of its cycle are answered
    from the row and ``cycles`` (most who open a nomination's page); anyone else by the filter itself.
    ``cycles`` is ``programs_api.tenant_cycles`` of ``user`` on the nomination's tenant, with ``seats``.
    """
    if nomination.cycle_id not in cycles.programs or not getattr(user, "is_authenticated", False):
        return False
    if user.pk in (nomination.nominator_id, nomination.nominee_user_id):
        return True
    if nomination.cycle_id in cycles.staff and cycles.seats is not None and nomination.cycle_id not in cycles.seats:
        return True  # conflicts (R10) hide a nomination only from someone on its cycle's panel
    return nominations_visible_to(user=user, site=nomination.cycle.program.site, cycles=cycles).filter(
        pk=nomination.pk).exists()


@dataclass(frozen=True)
class NomineeEligibility:
    """
    What the nomination form tells a nominator before they write (R7, R8): the problems in words (empty when
    the nominee is eligible so far), the first recorded contribution on the track, and the date on or before
    which contributions must have started.
    """

    problems: list = dataclasses.field(default_factory=list)
    first_recorded: datetime.date | None = None
    required_years: float = 0
    start_by: datetime.date | None = None

    @property
    def eligible(self) -> bool:
        return not self.problems


def nominee_eligibility(
    *, cycle: Cycle, track: Track, nominee_user: User | None = None, nominee_organization: Organization | None = None,
    first_contribution_date: datetime.date | None = None, first_contribution_evidence: str = "",
) -> NomineeEligibility:
    """
    Check a nominee before a nomination is written (R7, R8), with the same functions screening and creation
    use: an active member is renewed instead, a lapsed one waits, and the years of contribution come from the
    recorded signals of the track's kinds or a declared first-contribution date with evidence.
    """
    problems = eligibility.renomination_problems(cycle, track, nominee_user, nominee_organization)
    draft = Nomination(
        cycle=cycle, track=track, nominee_user=nominee_user, nominee_organization=nominee_organization,
        first_contribution_date=first_contribution_date,
        first_contribution_evidence=first_contribution_evidence or "",
    )
    problems += eligibility.eligibility_problems(draft)
    # The cycle's rules for the track (R24), as screening reads them: never the track as staff changed it since.
    rules = programs_api.cycle_rules(cycle=cycle, track=track)
    years = rules.threshold("min_contribution_years")
    member = {"organization": nominee_organization} if nominee_organization is not None else {"user": nominee_user}
    first = contributions_api.first_activity(
        site=cycle.program.site, kinds=rules.qualifying_signal_kinds or None, **member
    )
    return NomineeEligibility(
        problems=problems, first_recorded=first.date() if first else None, required_years=years,
        start_by=dates.add_years(cycle.nominations_close.date(), -years),
    )


@dataclass(frozen=True)
class EndorsementProgress:
    """A nomination's active endorsements against the quorum of its cycle's rules (R6)."""

    total: int
    steward: int
    needed: int
    needed_steward: int

    @property
    def missing(self) -> int:
        return max(self.needed - self.total, 0)

    @property
    def missing_steward(self) -> int:
        return max(self.needed_steward - self.steward, 0)

    @property
    def met(self) -> bool:
        return not self.missing and not self.missing_steward

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.total / self.needed)) if self.needed else 100


def endorsement_progress(*, nominations: Iterable[Nomination]) -> dict:
    """
    ``{nomination id: EndorsementProgress}`` for ``nominations`` (with their cycle's rules loaded), counted in
    one grouped query whatever their number (``eligibility.endorsement_counts_of``, as the quorum counts them).
    """
    nominations = list(nominations)
    counts = eligibility.endorsement_counts_of(nominations=nominations)
    progress = {}
    for nomination in nominations:
        total, steward = counts[nomination.pk]
        rules = programs_api.cycle_rules(cycle=nomination.cycle)
        progress[nomination.pk] = EndorsementProgress(
            total=total, steward=steward, needed=rules.threshold("min_endorsements"),
            needed_steward=rules.threshold("min_steward_endorsements"),
        )
    return progress


def actions_for(*, nomination: Nomination, actor: User | None) -> set:
    """
    The workflow moves of ``consent``, ``submit`` and ``withdraw`` that ``actor`` may attempt on ``nomination``
    in its current state (who may act and from which state; the guards, such as the endorsement quorum,
    answer when the move is attempted), plus ``edit`` for the nominator of a draft.
    """
    actions = {name for name in ("consent", "submit", "withdraw") if workflow.may_attempt(nomination, name, actor)}
    if edit_problem(nomination=nomination, actor=actor) is None:
        actions.add("edit")
    if "consent" in actions and (not nomination.needs_consent or nomination.consent_given_at is not None):
        actions.discard("consent")
    return actions
