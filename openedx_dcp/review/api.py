"""
Public functions of panel review and selection (R9–R13). The REST layer, admin, commands and tasks call these.

Nominations and cycles change state only through ``openedx_dcp.nominations.workflow`` (``perform`` and
``advance_cycle``); the guards this package adds to it live in ``openedx_dcp.review.workflow``. The order of a
cycle is: ``screen_cycle`` → ``start_evaluation`` (quotas) → ``assign_reviewers`` / ``submit_review`` →
``start_deliberation`` (minimum reviews) → ``cast_vote`` / ``stage_decision`` → ``request_approval`` →
``approve`` (a steward representative) → ``release_decisions`` → ``announce_cohort`` (on the date).
"""

import logging
from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, TextField, Value, When
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.exceptions import DcpError, NotPermitted, RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.filters import NominationEligibilityRequested
from openedx_dcp.membership import api as membership_api
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import eligibility, workflow
from openedx_dcp.nominations.models import (
    AuditRecord,
    AuditVisibility,
    Endorsement,
    EndorsementRequest,
    Nomination,
    NominationState,
)
from openedx_dcp.outbox import api as outbox
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole, Cycle
from openedx_dcp.review import conflicts, equity, notifications
from openedx_dcp.review.board import BOARD_ORDERS, review_board
from openedx_dcp.review.models import (
    Assignment,
    ConflictOfInterest,
    Decision,
    DeliberationComment,
    Panelist,
    Review,
    ReviewDraft,
    Vote,
)

__all__ = [
    "SEAT_ROLES",
    "REVIEWED_STAGES",
    "seat_roles",
    "add_panelist",
    "remove_panelist",
    "quota_status",
    "quota_problems",
    "rotation_report",
    "panel_history",
    "seat_candidates",
    "seat_warnings",
    "panelist_of",
    "require_panelist",
    "is_conflicted",
    "declare_conflict",
    "clear_suggested_conflict",
    "screening_problems",
    "screen",
    "screen_cycle",
    "start_evaluation",
    "assign",
    "assign_reviewers",
    "plan_assignments",
    "apply_assignments",
    "rubric_of",
    "weighted_score",
    "submit_review",
    "reviews_visible_to",
    "review_shortfall",
    "aggregate_scores",
    "start_deliberation",
    "add_comment",
    "cast_vote",
    "stage_decision",
    "unstage_decision",
    "request_approval",
    "approve",
    "send_back",
    "cohort_for_approval",
    "endorsement_requests_for",
    "release_decisions",
    "announce_cohort",
    "announce_due_cohorts",
    "rescind_decision",
    "request_endorsement",
    "nominations_for_review",
    "is_conflicted_on",
    "sees_panel_work",
    "visible_history",
    "endorsements_visible_to",
    "publish_rationale",
    "review_board",
    "BOARD_ORDERS",
    "save_review_draft",
    "panel_nominations",
    "review_queue",
    "dossier",
    "panel_view_of",
]

log = logging.getLogger(__name__)

NO_ENDORSER_MESSAGE = "This person is not a recognized community member who may endorse."

# R9: the seat of a quota and the community roles that may fill it; a seat not listed takes its own role.
SEAT_ROLES = {
    CommunityRole.COMMUNITY_LEADER: {CommunityRole.COMMUNITY_LEADER, CommunityRole.DISTINGUISHED_CONTRIBUTOR},
}
# While the panel may still change: it is frozen once evaluation starts, so quotas hold throughout the review.
_PANEL_OPEN_STAGES = {Cycle.NOMINATIONS, Cycle.SCREENING}
# From deliberation on, the panel reads every review of the nominations it may see (R11).
REVIEWED_STAGES = {Cycle.DELIBERATION, Cycle.APPROVAL, Cycle.APPROVED, Cycle.ANNOUNCED}


def seat_roles(seat):
    """The community roles that may fill ``seat`` (R9)."""
    return SEAT_ROLES.get(seat, {seat})


def _lock_cycle(cycle):
    return Cycle.objects.select_for_update().select_related("program", "rules").get(pk=cycle.pk)


def _hidden_from_actor(actor, cycle):
    """Ids of the cycle's nominations ``actor`` is conflicted on (empty for the system) (R10)."""
    if actor is None:
        return set()
    return set(conflicts.hidden_from(actor, cycle_ids=[cycle.pk]).values_list("pk", flat=True))


def _require_not_conflicted(actor, nomination):
    """R10, R26: what a conflicted staff member would do on a nomination is done by another staff member."""
    if actor is not None and is_conflicted_on(actor, nomination):
        raise NotPermitted("You have a conflict of interest on this nomination: another program staff member "
                           "does this.")


def _require_stage(cycle, *stages):
    if cycle.stage not in stages:
        wanted = " or ".join(dict(Cycle.STAGES)[stage].lower() for stage in stages)
        raise TransitionRefused(f"{cycle.name} is in {cycle.get_stage_display().lower()}, not {wanted}.")


# ---- the panel (R9) -------------------------------------------------------------------------------------------

def add_panelist(cycle, user, seat, actor):
    """
    Seat ``user`` on the panel of ``cycle`` (R9): program staff only, before evaluation starts, on a seat of
    the cycle's quotas that one of the user's community roles fits, and never beyond the seat's maximum. The
    cycle row is locked so that two staff filling the last seat at once cannot both succeed.
    """
    programs_api.require_program_staff(actor, cycle.program)
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        if locked.stage not in _PANEL_OPEN_STAGES:
            raise TransitionRefused("The panel is fixed once impact evaluation has started.")
        quotas = programs_api.cycle_rules(cycle=locked).threshold("panel_quotas")
        if seat not in quotas:
            raise ValidationFailed(f"Unknown seat '{seat}'; seats are: {', '.join(sorted(quotas))}.", field="seat")
        if user is None or not programs_api.active_roles(locked.program, user) & seat_roles(seat):
            # R26: the same words for an unknown id and for someone without the role, and no name.
            raise RuleViolation(f"This person holds no community role that fits a {seat} seat.",
                                field="user")
        filled = Panelist.objects.filter(cycle=locked, seat=seat).count()
        if filled >= quotas[seat][1]:
            raise RuleViolation(f"The {seat} seats are full ({filled} of {quotas[seat][1]}).", field="seat")
        try:
            with transaction.atomic():
                panelist = Panelist.objects.create(cycle=locked, user=user, seat=seat, added_by=actor)
        except IntegrityError as exc:
            raise RuleViolation("This person already sits on this panel.", field="user") from exc
        audit.record(locked, locked.program, "panelist_added", actor, locked.stage, locked.stage,
                     note=f"{user.get_username()} as {seat}")
    return panelist


def remove_panelist(panelist, actor, reason=""):
    """
    Take a panelist off the panel, before evaluation starts (program staff), saying why: the reason goes to
    the audit trail with the seat, so the panel's history explains itself.
    """
    programs_api.require_program_staff(actor, panelist.cycle.program)
    if not (reason or "").strip():
        raise ValidationFailed("Say why the panelist leaves the panel: a reason is required.", field="reason")
    with transaction.atomic():
        locked = _lock_cycle(panelist.cycle)
        if locked.stage not in _PANEL_OPEN_STAGES:
            raise TransitionRefused("The panel is fixed once impact evaluation has started.")
        note = f"{panelist.user.get_username()} as {panelist.seat}: {reason.strip()}"
        Panelist.objects.filter(pk=panelist.pk).delete()
        audit.record(locked, locked.program, "panelist_removed", actor, locked.stage, locked.stage, note=note)


def seat_candidates(cycle):
    """
    ``{seat: [users]}``: who holds a community role that fits each seat of the cycle's quotas today and does
    not sit on its panel yet (R9), so staff seat from the people who may sit, not from every account.
    """
    quotas = programs_api.cycle_rules(cycle=cycle).threshold("panel_quotas")
    seated = Panelist.objects.filter(cycle=cycle).values("user_id")
    today = timezone.now().date()
    holders = defaultdict(dict)
    roles = (
        CommunityRole.objects.filter(program_id=cycle.program_id, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today)).exclude(user_id__in=seated)
        .select_related("user").order_by("user__username")
    )
    for role in roles:
        holders[role.role][role.user_id] = role.user
    return {
        seat: sorted({pk: user for role in seat_roles(seat) for pk, user in holders[role].items()}.values(),
                     key=lambda user: user.get_username())
        for seat in sorted(quotas)
    }


def seat_warnings(panelist):
    """
    What staff should know about a seated panelist that the seat itself does not refuse: without an email
    address they receive no assignment email, so staff must tell them another way.
    """
    if not (panelist.user.email or "").strip():
        return [f"{panelist.user.get_username()} has no email address: they will not receive the emails about "
                "their review assignments; tell them another way."]
    return []


def quota_status(cycle):
    """Each seat of the cycle's quotas with its minimum, maximum and how many sit on it (R9)."""
    filled = Counter(Panelist.objects.filter(cycle=cycle).values_list("seat", flat=True))
    return [
        {"seat": seat, "min": low, "max": high, "filled": filled[seat], "ok": low <= filled[seat] <= high}
        for seat, (low, high) in sorted(programs_api.cycle_rules(cycle=cycle).threshold("panel_quotas").items())
    ]


def quota_problems(cycle):
    """What breaks the panel's quotas, in words; empty when evaluation may start (R9)."""
    problems = []
    for row in quota_status(cycle):
        if row["filled"] < row["min"]:
            problems.append(f"The panel needs {row['min'] - row['filled']} more {row['seat']} "
                            f"(has {row['filled']}, quota {row['min']}–{row['max']}).")
        elif row["filled"] > row["max"]:
            problems.append(f"The panel has {row['filled'] - row['max']} {row['seat']} too many "
                            f"(quota {row['min']}–{row['max']}).")
    return problems


def rotation_report(cycle):
    """
    Panel rotation (KR 3.1): how many of this cycle's panelists also sat on the program's previous cycle.
    """
    previous = (
        Cycle.objects.filter(program_id=cycle.program_id, nominations_open__lt=cycle.nominations_open)
        .order_by("-nominations_open").first()
    )
    current = set(Panelist.objects.filter(cycle=cycle).values_list("user_id", flat=True))
    earlier = set(Panelist.objects.filter(cycle=previous).values_list("user_id", flat=True)) if previous else set()
    returning = len(current & earlier)
    return {
        "cycle": cycle.slug,
        "previous_cycle": previous.slug if previous else None,
        "panelists": len(current),
        "returning": returning,
        "new": len(current) - returning,
        "returning_share": round(returning / len(current), 3) if current else 0.0,
    }


def panel_history(cycle):
    """
    ``{user id: [earlier cycles]}``: for each panelist of ``cycle``, the program's earlier cycles (newest first)
    they sat on, for the rotation report (KR 3.1). One query whatever the size of the panel.
    """
    current = Panelist.objects.filter(cycle=cycle).values("user_id")
    earlier = (
        Panelist.objects.filter(cycle__program_id=cycle.program_id, cycle__nominations_open__lt=cycle.nominations_open,
                                user_id__in=current)
        .select_related("cycle").order_by("-cycle__nominations_open", "pk")
    )
    history = defaultdict(list)
    for seat in earlier:
        history[seat.user_id].append(seat.cycle)
    return dict(history)


def panelist_of(cycle, user):
    """The seat of ``user`` on the panel of ``cycle``, or None."""
    if not getattr(user, "pk", None):
        return None
    return Panelist.objects.filter(cycle=cycle, user=user).select_related("cycle__program", "user").first()


def require_panelist(cycle, user):
    """The seat of ``user`` on the panel of ``cycle``; ``NotPermitted`` when they do not sit on it."""
    panelist = panelist_of(cycle, user)
    if panelist is None:
        raise NotPermitted(f"Only panelists of {cycle.name} may do this.")
    return panelist


# ---- conflicts of interest (R10) ------------------------------------------------------------------------------

def is_conflicted(panelist, nomination):
    """Whether ``panelist`` is conflicted on ``nomination`` (R10)."""
    return Nomination.objects.filter(pk=nomination.pk).filter(conflicts.conflict_condition(panelist)).exists()


def declare_conflict(nomination, user, reason):
    """
    A panelist recuses from a nomination, with a reason (R10). An assignment without a submitted review is
    withdrawn; a submitted review is removed from the record of this nomination, since a conflicted panelist
    does not review it.
    """
    if not (reason or "").strip():
        raise ValidationFailed("Say why you recuse: a reason is required.", field="reason")
    panelist = require_panelist(nomination.cycle, user)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("cycle__program").get(pk=nomination.pk)
        conflict, created = ConflictOfInterest.objects.get_or_create(
            panelist=panelist, nomination=locked, kind=ConflictOfInterest.DECLARED,
            defaults={"reason": reason.strip(), "recorded_by": user},
        )
        if created:
            Assignment.objects.filter(panelist=panelist, nomination=locked).delete()
            Vote.objects.filter(panelist=panelist, nomination=locked).delete()
            audit.record(locked, locked.cycle.program, "conflict_declared", user, locked.state, locked.state,
                         note=reason.strip())
    return conflict


def clear_suggested_conflict(nomination, panelist, actor, reason):
    """
    Program staff clear a *suggested* conflict (a colleague of the nominee) with a reason (R10). R10's own
    cases (nominee, nominator, endorser, nominee organization) and declared conflicts cannot be cleared.
    """
    programs_api.require_program_staff(actor, nomination.cycle.program)
    _require_not_conflicted(actor, nomination)
    if not (reason or "").strip():
        raise ValidationFailed("Say why the conflict does not apply: a reason is required.", field="reason")
    found = conflicts.reasons(panelist, nomination)
    if conflicts.COLLEAGUE not in found:
        raise RuleViolation("There is no suggested conflict to clear.", field="panelist")
    final = [kind for kind in found if kind != conflicts.COLLEAGUE]
    if final:
        raise RuleViolation(
            f"{panelist.user.get_username()} {conflicts.REASONS[final[0]]}: this conflict cannot be cleared.",
            field="panelist",
        )
    with transaction.atomic():
        conflict, _ = ConflictOfInterest.objects.get_or_create(
            panelist=panelist, nomination=nomination, kind=ConflictOfInterest.CLEARED,
            defaults={"reason": reason.strip(), "recorded_by": actor},
        )
        audit.record(nomination, nomination.cycle.program, "conflict_cleared", actor, nomination.state,
                     nomination.state, note=f"{panelist.user.get_username()}: {reason.strip()}")
    return conflict


# ---- screening (R6, R7, R13) ----------------------------------------------------------------------------------

def screening_problems(nomination):
    """
    Everything that keeps ``nomination`` from passing screening: endorsements (R6), eligibility (R7), the
    partner's qualifying contributions (R13) and the rules other plugins add through the eligibility filter.
    """
    problems = eligibility.endorsement_shortfall(nomination) + eligibility.eligibility_problems(nomination)
    problems += equity.qualification_problems(nomination)
    return problems + NominationEligibilityRequested.run_filter(nomination, problems)


def screen(nomination, actor):
    """
    Screen one submitted nomination (R11): record that screening started, check it, and pass it to impact
    evaluation or close it with every reason it failed. Returns the nomination in its new state.
    """
    with transaction.atomic():
        if nomination.state == NominationState.SUBMITTED:
            workflow.perform(nomination, "start_screening", actor, note="Screening started.")
        problems = screening_problems(nomination)
        if problems:
            return workflow.perform(nomination, "fail_screening", actor, note=" ".join(problems))
        total, steward = eligibility.endorsement_counts(nomination)
        return workflow.perform(
            nomination, "pass_screening", actor,
            note=f"Eligible; {total} endorsements ({steward} from steward representatives).",
        )


def screen_cycle(cycle, actor):
    """
    Start the cycle's screening stage if needed and screen every submitted nomination, all or nothing.
    Returns ``{"passed": n, "closed": m}``, with ``"left_for_other_staff": k`` when ``actor`` is conflicted on
    k of them (R10: another program staff member screens those).
    """
    result = {"passed": 0, "closed": 0}
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        if locked.stage == Cycle.NOMINATIONS:
            locked = workflow.advance_cycle(locked, "start_screening", actor, note="Nominations closed.")
        _require_stage(locked, Cycle.SCREENING)
        pending = Nomination.objects.filter(
            cycle=locked, state__in=[NominationState.SUBMITTED, NominationState.SCREENING]
        ).order_by("pk")
        # R10, R26: a staff member conflicted on a nomination leaves its screening to another staff member.
        hidden = _hidden_from_actor(actor, locked)
        if hidden:
            result["left_for_other_staff"] = pending.filter(pk__in=hidden).count()
            pending = pending.exclude(pk__in=hidden)
        for nomination in pending:
            screened = screen(nomination, actor)
            result["passed" if screened.state == NominationState.EVALUATION else "closed"] += 1
    cycle.refresh_from_db()
    return result


def start_evaluation(cycle, actor, note=""):
    """Move the cycle to impact evaluation; refused while the panel breaks a quota or screening is pending."""
    return workflow.advance_cycle(cycle, "start_evaluation", actor, note)


# ---- impact evaluation (R11, R12) -----------------------------------------------------------------------------

def _notify_assigned(panelist_ids):
    """Owe each panelist the email of their new assignments, in the transaction that assigned them."""
    for panelist_id, nomination_ids in panelist_ids.items():
        outbox.enqueue(notifications.PANELIST_ASSIGNED, panelist_id=panelist_id,
                       nomination_ids=sorted(nomination_ids))


def _assign(nomination, panelist, actor):
    found = conflicts.reasons(panelist, nomination)
    if found:
        raise RuleViolation(f"{panelist.user.get_username()} {conflicts.REASONS[found[0]]}: a conflicted "
                            "panelist cannot review this nomination.", field="panelist")
    assignment, created = Assignment.objects.get_or_create(
        panelist=panelist, nomination=nomination, defaults={"assigned_by": actor}
    )
    if created:
        audit.record(nomination, nomination.cycle.program, "assign", actor, nomination.state, nomination.state,
                     note=panelist.user.get_username())
    return assignment, created


def assign(nomination, panelist, actor):
    """Program staff assign one panelist to score a nomination in evaluation; never a conflicted one (R10)."""
    programs_api.require_program_staff(actor, nomination.cycle.program)
    _require_not_conflicted(actor, nomination)
    if panelist.cycle_id != nomination.cycle_id:
        raise ValidationFailed("This panelist sits on another cycle's panel.", field="panelist")
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("cycle__program").get(pk=nomination.pk)
        _require_stage(locked.cycle, Cycle.EVALUATION)
        if locked.state != NominationState.EVALUATION:
            raise TransitionRefused("Only nominations in impact evaluation are assigned to reviewers.")
        assignment, created = _assign(locked, panelist, actor)
        if created:
            _notify_assigned({panelist.pk: [locked.pk]})
    return assignment


def plan_assignments(cycle, *, reviews_per_nomination: int | None = None) -> dict:
    """
    The automatic assignment of ``cycle``, computed without writing anything, so staff preview it before
    saving (R11): every nomination in evaluation gets ``reviews_per_nomination`` reviewers (the cycle's
    ``min_reviews_per_nomination`` by default, never fewer), chosen among the panelists who are not conflicted
    on it (R10: nominee, nominator, endorser, the nominee organization's people, colleagues, recusals), the
    least loaded first so the work is balanced. Returns ``{"needed", "pairs": [(nomination, panelist)],
    "load": {panelist id: assignments after saving}, "problems": [text]}``.
    """
    minimum = programs_api.cycle_rules(cycle=cycle).threshold("min_reviews_per_nomination")
    needed = minimum if reviews_per_nomination is None else reviews_per_nomination
    if isinstance(needed, bool) or not isinstance(needed, int) or needed < minimum:
        raise ValidationFailed(f"Each nomination needs at least {minimum} reviews.", field="reviews_per_nomination")
    panel = list(Panelist.objects.filter(cycle=cycle).select_related("user", "cycle__program").order_by("pk"))
    load = Counter(Assignment.objects.filter(panelist__cycle=cycle).values_list("panelist_id", flat=True))
    have = defaultdict(set)
    for nomination_id, panelist_id in Assignment.objects.filter(panelist__cycle=cycle).values_list(
            "nomination_id", "panelist_id"):
        have[nomination_id].add(panelist_id)
    hidden = {p.pk: set(conflicts.conflicted_ids(p).values_list("pk", flat=True)) for p in panel}
    pairs, problems = [], []
    nominations = Nomination.objects.filter(cycle=cycle, state=NominationState.EVALUATION).select_related(
        "track", "nominee_user", "nominee_organization").order_by("pk")
    for nomination in nominations:
        assigned = have[nomination.pk]
        free = sorted(
            (p for p in panel if p.pk not in assigned and nomination.pk not in hidden[p.pk]),
            key=lambda p: (load[p.pk], p.pk),
        )
        missing = max(needed - len(assigned), 0)
        if missing > len(free):
            problems.append(f"Nomination #{nomination.pk} has only {len(free) + len(assigned)} conflict-free "
                            f"panelists; {needed} reviews are required.")
            continue
        for panelist in free[:missing]:
            pairs.append((nomination, panelist))
            load[panelist.pk] += 1
    return {"needed": needed, "pairs": pairs, "load": {p.pk: load[p.pk] for p in panel}, "problems": problems}


def apply_assignments(cycle, *, pairs, actor) -> int:
    """
    Save assignments staff previewed: ``pairs`` of (nomination id, panelist id) of ``cycle``. All or nothing:
    one pair that is no longer allowed (a conflict appeared, the nomination left evaluation) refuses the whole
    set. Returns the number of new assignments; each panelist is emailed once about theirs.
    """
    programs_api.require_program_staff(actor, cycle.program)
    created_for = defaultdict(list)
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        _require_stage(locked, Cycle.EVALUATION)
        # R10: a staff member conflicted on a nomination leaves its assignments to another staff member.
        hidden = _hidden_from_actor(actor, locked)
        wanted = [(int(nomination_id), int(panelist_id)) for nomination_id, panelist_id in pairs]
        nominations = Nomination.objects.select_for_update().select_related("cycle__program").in_bulk(
            {nomination_id for nomination_id, _ in wanted})
        panel = Panelist.objects.filter(cycle=locked).select_related("user", "cycle__program").in_bulk(
            {panelist_id for _, panelist_id in wanted})
        for nomination_id, panelist_id in wanted:
            nomination, panelist = nominations.get(nomination_id), panel.get(panelist_id)
            if nomination is None or nomination.cycle_id != locked.pk:
                raise ValidationFailed(f"Nomination #{nomination_id} is not in {locked.name}.", field="nomination")
            if panelist is None:
                raise ValidationFailed(f"No panelist #{panelist_id} on the panel of {locked.name}.",
                                       field="panelist")
            if nomination_id in hidden:
                raise NotPermitted("You have a conflict of interest on a nomination of these assignments: another "
                                   "program staff member assigns its reviewers.")
            if nomination.state != NominationState.EVALUATION:
                raise TransitionRefused(f"Nomination #{nomination_id} is no longer in impact evaluation.")
            _assignment, created = _assign(nomination, panelist, actor)
            if created:
                created_for[panelist.pk].append(nomination.pk)
        _notify_assigned(created_for)
    return sum(len(ids) for ids in created_for.values())


def assign_reviewers(cycle, actor, *, reviews_per_nomination: int | None = None):
    """
    Give every nomination in evaluation the minimum number of reviewers (R11), choosing among non-conflicted
    panelists those with the fewest assignments (``plan_assignments``). Refused, with nothing written, if a
    nomination has too few conflict-free panelists. Returns the number of new assignments.
    """
    programs_api.require_program_staff(actor, cycle.program)
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        _require_stage(locked, Cycle.EVALUATION)
        plan = plan_assignments(locked, reviews_per_nomination=reviews_per_nomination)
        if plan["problems"]:
            raise RuleViolation(" ".join(plan["problems"]), field="panel")
        # R10: nominations the acting staff member is conflicted on get their reviewers from another staff member.
        hidden = _hidden_from_actor(actor, locked)
        return apply_assignments(locked, pairs=[(n.pk, p.pk) for n, p in plan["pairs"] if n.pk not in hidden],
                                 actor=actor)


def rubric_of(nomination):
    """The rubric of the nomination's track as it was in its cycle's rules version (R12, R24)."""
    return programs_api.cycle_rules(cycle=nomination.cycle, track=nomination.track).rubric


def weighted_score(rubric, scores):
    """The weighted mean of ``scores`` as a percentage of each criterion's maximum (R12)."""
    total_weight = sum(criterion["weight"] for criterion in rubric)
    value = sum(criterion["weight"] * scores[criterion["key"]] / criterion["max_score"] for criterion in rubric)
    return round(100 * value / total_weight, 2)


def _validated_scores(rubric, scores):
    if not isinstance(scores, dict):
        raise ValidationFailed("Scores must map each rubric criterion to a number.", field="scores")
    keys = {criterion["key"] for criterion in rubric}
    unknown, missing = set(scores) - keys, keys - set(scores)
    if unknown:
        raise ValidationFailed(f"Not on this track's rubric: {', '.join(sorted(unknown))}.", field="scores")
    if missing:
        raise ValidationFailed(f"Score every criterion; missing: {', '.join(sorted(missing))}.", field="scores")
    for criterion in rubric:
        value = scores[criterion["key"]]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion["max_score"]:
            raise ValidationFailed(
                f"{criterion['label']} takes a whole number from 0 to {criterion['max_score']}.", field="scores"
            )
    return {criterion["key"]: scores[criterion["key"]] for criterion in rubric}


def submit_review(nomination, user, scores, comment=""):
    """
    A panelist submits their scores of an assigned nomination on its track's rubric (R11, R12), once. The
    assignment row is locked, so a double submit stores one review and refuses the other.
    """
    panelist = require_panelist(nomination.cycle, user)
    with transaction.atomic():
        assignment = _locked_assignment(panelist, nomination)
        locked = assignment.nomination
        _require_stage(locked.cycle, Cycle.EVALUATION)
        if locked.state != NominationState.EVALUATION:
            raise TransitionRefused("This nomination is no longer in impact evaluation.")
        if is_conflicted(panelist, locked):
            raise NotPermitted("You have a conflict of interest on this nomination.")
        if Review.objects.filter(assignment=assignment).exists():
            raise TransitionRefused("You have already submitted your review of this nomination.")
        rubric = rubric_of(locked)
        clean = _validated_scores(rubric, scores)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    assignment=assignment, nomination=locked, panelist=panelist, scores=clean,
                    weighted_score=weighted_score(rubric, clean), comment=comment or "",
                    submitted_at=timezone.now(),
                )
        except IntegrityError as exc:
            raise TransitionRefused("You have already submitted your review of this nomination.") from exc
        ReviewDraft.objects.filter(assignment=assignment).delete()
        audit.record(locked, locked.cycle.program, "review_submitted", user, locked.state, locked.state,
                     note=f"{review.weighted_score:g}")
    return review


def save_review_draft(nomination, user, *, scores: dict, comment: str = "") -> ReviewDraft:
    """
    Save the assigned panelist's review in progress (R11, R12): the scores given so far (each checked against
    the rubric; criteria may still be missing) and the comment. Refused once the review is final, on a
    nomination no longer in evaluation, and for a conflicted panelist (R10).
    """
    panelist = require_panelist(nomination.cycle, user)
    if not isinstance(scores, dict):
        raise ValidationFailed("Scores must map each rubric criterion to a number.", field="scores")
    with transaction.atomic():
        assignment = _locked_assignment(panelist, nomination)
        if Review.objects.filter(assignment=assignment).exists():
            raise TransitionRefused("Your review of this nomination is final: it can no longer be changed.")
        locked = assignment.nomination
        _require_stage(locked.cycle, Cycle.EVALUATION)
        if locked.state != NominationState.EVALUATION:
            raise TransitionRefused("This nomination is no longer in impact evaluation.")
        if is_conflicted(panelist, locked):
            raise NotPermitted("You have a conflict of interest on this nomination.")
        rubric = rubric_of(locked)
        given = {key: value for key, value in scores.items() if value is not None}
        by_key = {criterion["key"]: criterion for criterion in rubric}
        unknown = set(given) - set(by_key)
        if unknown:
            raise ValidationFailed(f"Not on this track's rubric: {', '.join(sorted(unknown))}.", field="scores")
        for key, value in given.items():
            criterion = by_key[key]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion["max_score"]:
                raise ValidationFailed(
                    f"{criterion['label']} takes a whole number from 0 to {criterion['max_score']}.", field="scores"
                )
        draft, _ = ReviewDraft.objects.update_or_create(
            assignment=assignment, defaults={"scores": given, "comment": comment or ""}
        )
    return draft


def panel_nominations(user, program):
    """
    The nominations of ``program`` that ``user`` works on as a panelist (not as staff): those assigned to them
    and, from deliberation on, every nomination their cycle's panel deliberates; never one they are
    conflicted on (R10, R26). Program staff who do not sit on a panel get none here.
    """
    seats = Panelist.objects.filter(user_id=getattr(user, "pk", None), cycle__program=program)
    assigned = Exists(Assignment.objects.filter(nomination=OuterRef("pk"), panelist__user_id=getattr(user, "pk", None)))
    open_to_panel = Q(cycle__stage__in=REVIEWED_STAGES) & Q(state__in=[
        NominationState.DELIBERATION, NominationState.SELECTED, NominationState.NOT_SELECTED,
        NominationState.ANNOUNCED, NominationState.RESCINDED,
    ])
    return (
        Nomination.objects.filter(cycle__program=program, cycle_id__in=seats.values("cycle_id"))
        .filter(Q(assigned) | open_to_panel)
        .exclude(pk__in=conflicts.hidden_from(user))
    )


def review_queue(user, *, program) -> dict:
    """
    A panelist's work in ``program`` in a fixed number of queries: ``assigned`` (not started), ``in_progress``
    (a draft saved), ``done`` (final review), ``deliberating`` (nominations their panel deliberates), each a
    list of nominations; ``declared`` (their recusals: when and why, without the nomination, which a conflict
    hides, R26); ``seats`` (their panel seats).
    """
    seats = list(Panelist.objects.filter(user_id=getattr(user, "pk", None), cycle__program=program)
                 .select_related("cycle").order_by("-cycle__nominations_open"))
    nominations = list(
        panel_nominations(user, program).select_related("track", "cycle", "nominee_user", "nominee_organization")
        .order_by("cycle_id", "pk")
    )
    ids = [n.pk for n in nominations]
    mine = Assignment.objects.filter(panelist__user_id=user.pk, nomination_id__in=ids)
    assigned = set(mine.values_list("nomination_id", flat=True))
    done = set(Review.objects.filter(panelist__user_id=user.pk, nomination_id__in=ids).values_list(
        "nomination_id", flat=True))
    drafted = set(ReviewDraft.objects.filter(assignment__in=mine).values_list("assignment__nomination_id",
                                                                              flat=True))
    queue = {"assigned": [], "in_progress": [], "done": [], "deliberating": []}
    for nomination in nominations:
        if nomination.cycle.stage in REVIEWED_STAGES:
            queue["deliberating"].append(nomination)
        elif nomination.pk in done:
            queue["done"].append(nomination)
        elif nomination.pk in drafted:
            queue["in_progress"].append(nomination)
        elif nomination.pk in assigned:
            queue["assigned"].append(nomination)
    queue["declared"] = list(ConflictOfInterest.objects.filter(
        panelist__in=seats, kind=ConflictOfInterest.DECLARED).order_by("-created").values("created", "reason"))
    queue["seats"] = seats
    return queue


def dossier(nomination) -> dict:
    """
    What a panelist reads before scoring: the active endorsements with their statements (R6), the nominee's
    recorded contribution evidence (R21) and eligibility (R7), and for organizations the partner metrics on
    the basis that applies (R13). The caller has checked the reader may see the nomination.
    """
    from openedx_dcp.contributions import api as contributions_api  # pylint: disable=import-outside-toplevel

    program = nomination.cycle.program
    who = ({"organization": nomination.nominee_organization} if nomination.nominee_organization_id
           else {"user": nomination.nominee_user})
    signals = list(
        contributions_api.signals_of(program.site, until=nomination.cycle.nominations_close, **who)
        .order_by("-occurred_at", "-pk")[:20]
    )
    return {
        "endorsements": list(nomination.endorsements.filter(withdrawn_at__isnull=True)
                             .select_related("endorser").order_by("created", "pk")),
        "evidence": contributions_api.evidence_summary(program, **who),
        "recent_signals": signals,
        "eligibility_problems": eligibility.eligibility_problems(nomination),
        "partner": equity.for_reviewer(equity.partner_metrics(nomination)),
    }


def panel_view_of(nomination, user) -> dict:
    """
    What panelist ``user`` may see of ``nomination`` and do on it now: their assignment, draft and final
    review; the panel's aggregate and the others' reviews only once their own review is final or the cycle
    deliberates (R11); the comments and their vote while the cycle deliberates.
    """
    panelist = require_panelist(nomination.cycle, user)
    assignment = Assignment.objects.filter(panelist=panelist, nomination=nomination).first()
    own = Review.objects.filter(assignment=assignment).first() if assignment else None
    draft = ReviewDraft.objects.filter(assignment=assignment).first() if assignment and own is None else None
    reviewed_stage = nomination.cycle.stage in REVIEWED_STAGES
    may_see_panel = own is not None or reviewed_stage
    deliberating = (nomination.cycle.stage == Cycle.DELIBERATION
                    and nomination.state == NominationState.DELIBERATION)
    decision = Decision.objects.filter(nomination=nomination).first()
    return {
        "panelist": panelist,
        "assignment": assignment,
        "own_review": own,
        "draft": draft,
        "may_score": bool(assignment and own is None and nomination.cycle.stage == Cycle.EVALUATION
                          and nomination.state == NominationState.EVALUATION),
        "may_see_panel": may_see_panel,
        "aggregate": aggregate_scores([nomination])[nomination.pk] if may_see_panel else None,
        "reviews": list(reviews_visible_to(user, nomination)) if may_see_panel else [],
        "deliberating": deliberating,
        "comments": list(DeliberationComment.objects.filter(nomination=nomination).select_related("author"))
        if reviewed_stage else [],
        "my_vote": Vote.objects.filter(panelist=panelist, nomination=nomination).first(),
        "votes_open": deliberating and decision is None,
        "decision": decision,
    }


def reviews_visible_to(user, nomination):
    """
    The reviews of ``nomination`` that ``user`` may read: all for program staff who do not sit on its panel;
    for a panelist none while conflicted (R10), otherwise their own, and the others' once they have submitted
    their own or the cycle has reached deliberation (R11).
    """
    reviews = Review.objects.filter(nomination=nomination).select_related("panelist__user").order_by("pk")
    panelist = panelist_of(nomination.cycle, user)
    if panelist is None:
        return reviews if programs_api.is_program_staff(user, nomination.cycle.program) else reviews.none()
    if is_conflicted(panelist, nomination):
        return reviews.none()
    if nomination.cycle.stage in REVIEWED_STAGES or reviews.filter(panelist=panelist).exists():
        return reviews
    return reviews.filter(panelist=panelist)


def review_shortfall(cycle):
    """Nominations in evaluation that lack the minimum number of reviews, in words (R11)."""
    needed = programs_api.cycle_rules(cycle=cycle).threshold("min_reviews_per_nomination")
    short = (
        Nomination.objects.filter(cycle=cycle, state=NominationState.EVALUATION)
        .annotate(reviewed=Count("panel_reviews"))
        .filter(reviewed__lt=needed)
        .order_by("pk")
    )
    return [f"Nomination #{n.pk} has {n.reviewed} of {needed} reviews." for n in short]


def aggregate_scores(nominations):
    """
    ``{nomination id: {"reviews", "mean", "criteria": {key: mean}}}`` for ``nominations`` in two queries.
    """
    ids = [n.pk for n in nominations]
    result = {pk: {"reviews": 0, "mean": None, "criteria": {}} for pk in ids}
    rows = Review.objects.filter(nomination_id__in=ids).values("nomination_id").annotate(
        reviews=Count("id"), mean=Avg("weighted_score")
    )
    for row in rows:
        result[row["nomination_id"]].update(reviews=row["reviews"], mean=round(row["mean"], 2))
    sums = defaultdict(lambda: defaultdict(list))
    for nomination_id, scores in Review.objects.filter(nomination_id__in=ids).values_list("nomination_id", "scores"):
        for key, value in scores.items():
            sums[nomination_id][key].append(value)
    for nomination_id, criteria in sums.items():
        result[nomination_id]["criteria"] = {
            key: round(sum(values) / len(values), 2) for key, values in criteria.items()
        }
    return result


def start_deliberation(cycle, actor, note=""):
    """
    Move the cycle to deliberation, refused until every nomination in evaluation has its minimum number of
    reviews, and move those nominations along with it.
    """
    with transaction.atomic():
        moved = workflow.advance_cycle(cycle, "start_deliberation", actor, note)
        for nomination in Nomination.objects.filter(cycle=moved, state=NominationState.EVALUATION).order_by("pk"):
            workflow.perform(nomination, "start_deliberation", actor, note=note)
    cycle.refresh_from_db()
    return cycle


# ---- deliberation and decisions (R11) -------------------------------------------------------------------------

def _deliberating(nomination):
    locked = Nomination.objects.select_for_update().select_related("cycle__program").get(pk=nomination.pk)
    _require_stage(locked.cycle, Cycle.DELIBERATION)
    if locked.state != NominationState.DELIBERATION:
        raise TransitionRefused("This nomination is not in deliberation.")
    return locked


def _require_conflict_free_panelist(nomination, user):
    panelist = require_panelist(nomination.cycle, user)
    if is_conflicted(panelist, nomination):
        raise NotPermitted("You have a conflict of interest on this nomination.")
    return panelist


def add_comment(nomination, user, body):
    """A non-conflicted panelist or program staff comments in the deliberation on a nomination (R11)."""
    if not (body or "").strip():
        raise ValidationFailed("Write a comment.", field="body")
    # Staff who do not sit on the panel take part in the discussion; anyone on the panel must be conflict-free.
    on_panel = panelist_of(nomination.cycle, user) is not None
    if on_panel or not programs_api.is_program_staff(user, nomination.cycle.program):
        _require_conflict_free_panelist(nomination, user)
    with transaction.atomic():
        locked = _deliberating(nomination)
        return DeliberationComment.objects.create(nomination=locked, author=user, body=body.strip())


def cast_vote(nomination, user, choice):
    """A non-conflicted panelist votes on a nomination in deliberation; a new vote replaces their last."""
    if choice not in dict(Vote.CHOICES):
        raise ValidationFailed(f"Vote one of: {', '.join(dict(Vote.CHOICES))}.", field="choice")
    panelist = _require_conflict_free_panelist(nomination, user)
    with transaction.atomic():
        locked = _deliberating(nomination)
        if Decision.objects.filter(nomination=locked).exists():
            raise TransitionRefused("The decision on this nomination is staged; votes are closed.")
        vote, _ = Vote.objects.update_or_create(panelist=panelist, nomination=locked, defaults={"choice": choice})
    return vote


def stage_decision(nomination, actor, outcome, rationale):
    """
    Program staff record the panel's decision (selected / not selected) with its rationale and the vote
    tally, staged until release (R11). The nomination row is locked: two concurrent decisions store one.
    """
    programs_api.require_program_staff(actor, nomination.cycle.program)
    _require_not_conflicted(actor, nomination)
    if outcome not in dict(Decision.OUTCOMES):
        raise ValidationFailed("Outcome is 'selected' or 'not_selected'.", field="outcome")
    if not (rationale or "").strip():
        raise ValidationFailed("Give the rationale of the decision.", field="rationale")
    with transaction.atomic():
        locked = _deliberating(nomination)
        if Decision.objects.filter(nomination=locked).exists():
            raise TransitionRefused("A decision on this nomination is already staged; unstage it to change it.")
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


def unstage_decision(nomination, actor):
    """Program staff withdraw a staged decision during deliberation, to record another."""
    programs_api.require_program_staff(actor, nomination.cycle.program)
    _require_not_conflicted(actor, nomination)
    with transaction.atomic():
        locked = _deliberating(nomination)
        deleted, _ = Decision.objects.filter(nomination=locked).delete()
        if not deleted:
            raise TransitionRefused("No decision is staged on this nomination.")
        audit.record(locked, locked.cycle.program, "decision_unstaged", actor, locked.state, locked.state)


def request_approval(cycle, actor, note=""):
    """Send the final list to approval; refused while a nomination in deliberation has no staged decision."""
    return workflow.advance_cycle(cycle, "request_approval", actor, note)


def approve(cycle, actor, note=""):
    """A steward representative approves the final list (R11); staff who are not stewards may not."""
    return workflow.advance_cycle(cycle, "approve", actor, note)


def send_back(cycle: Cycle, actor, note: str) -> Cycle:
    """
    A steward representative sends the final list back to the panel with a note (R11): the cycle returns to
    deliberation, where decisions can be changed, and approval is requested again afterwards.
    """
    return workflow.advance_cycle(cycle, "send_back", actor, note)


def cohort_for_approval(cycle: Cycle) -> list:
    """
    The final list a steward representative approves: the nominations in deliberation with their staged
    decision (selected first), track and nominee loaded.
    """
    decisions = (
        Decision.objects.filter(nomination__cycle=cycle, nomination__state=NominationState.DELIBERATION)
        .select_related("nomination__track", "nomination__nominee_user", "nomination__nominee_organization")
        .order_by("outcome", "nomination__track__order", "nomination_id")
    )
    return sorted(decisions, key=lambda decision: decision.outcome != Decision.SELECTED)


def _unreleased(cycle):
    """Staged decisions still to release; a nomination withdrawn meanwhile keeps its decision as a record only."""
    return Decision.objects.filter(
        nomination__cycle=cycle, released_at__isnull=True, nomination__state=NominationState.DELIBERATION
    )


def release_decisions(cycle, actor):
    """
    After approval, apply every staged decision at once through the workflow (``select`` / ``reject``), so
    that nominees learn their outcome together and never before approval (R11). All or nothing.
    """
    if actor is not None:
        programs_api.require_program_staff(actor, cycle.program)
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        _require_stage(locked, Cycle.APPROVED)
        decisions = _unreleased(locked).select_related("nomination").order_by("nomination_id")
        if not decisions:
            raise TransitionRefused("There are no staged decisions to release.")
        if _hidden_from_actor(actor, locked):
            raise NotPermitted("You have a conflict of interest on a nomination of this cycle: another program "
                               "staff member releases its decisions.")
        released_at = timezone.now()
        for decision in decisions:
            name = "select" if decision.outcome == Decision.SELECTED else "reject"
            # Released first, so the decision event recorded by the move carries its release time.
            decision.released_at = released_at
            decision.save(update_fields=["released_at"])
            workflow.perform(decision.nomination, name, actor, note=decision.rationale)
    return len(decisions)


def announce_cohort(cycle, actor, now=None):
    """
    On the cycle's announcement date, publish the cohort: each selected nomination is announced and its
    membership starts (R4, R11, R14 hand-off), then the cycle is announced. Refused before the date.
    """
    if actor is not None:
        programs_api.require_program_staff(actor, cycle.program)
    with transaction.atomic():
        locked = _lock_cycle(cycle)
        _require_stage(locked, Cycle.APPROVED)
        if _unreleased(locked).exists():
            raise TransitionRefused("Release the staged decisions before the announcement.")
        if _hidden_from_actor(actor, locked):
            raise NotPermitted("You have a conflict of interest on a nomination of this cycle: another program "
                               "staff member announces its cohort.")
        selected = Nomination.objects.filter(cycle=locked, state=NominationState.SELECTED).order_by("pk")
        for nomination in selected:
            workflow.perform(nomination, "announce", actor, note=f"{locked.name} cohort")
            membership_api.start_membership(nomination, actor=actor)
        workflow.advance_cycle(locked, "announce", actor, note=f"{len(selected)} nominees announced.")
    cycle.refresh_from_db()
    return cycle


def announce_due_cohorts(now=None):
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
                    release_decisions(cycle, None)
                announced.append(announce_cohort(cycle, None))
        except DcpError as exc:
            # One cycle that cannot be announced (e.g. a decision was unstaged) must not hold back the others.
            log.warning("Cohort of cycle %s not announced: %s", cycle.pk, exc.message)
    return announced


def rescind_decision(nomination, actor, note):
    """Withdraw a selection (before or after announcement); a started membership is revoked with it."""
    with transaction.atomic():
        rescinded = workflow.perform(nomination, "rescind", actor, note)
        membership = getattr(rescinded, "membership", None)
        if membership is not None:
            membership_api.revoke_membership(membership, actor=actor, note=note)
    return rescinded


# ---- endorsement requests -------------------------------------------------------------------------------------

def request_endorsement(nomination, actor, endorser):
    """
    The nominator asks a recognized community member to endorse their nomination; the endorser is emailed and
    may then see the nomination (R26). Only while endorsements are open, never the nominee or the nominator
    themselves (R6). ``endorser`` is None for an unknown id: refused with the same words as a person who may
    not endorse, so the answer tells nothing about other people's accounts.
    """
    if nomination.nominator_id != getattr(actor, "pk", None):
        raise NotPermitted("Only the nominator asks for endorsements.")
    if endorser is not None and endorser.pk in (nomination.nominator_id, nomination.nominee_user_id):
        raise RuleViolation("Ask someone other than the nominator or the nominee.", field="endorser",
                            code="own_nomination")
    if nomination.state not in nominations_api.ENDORSABLE_STATES:
        raise TransitionRefused("Endorsements are closed for this nomination.")
    program = nomination.cycle.program
    allowed = set(programs_api.cycle_rules(cycle=nomination.cycle).threshold("endorser_roles"))
    if endorser is None or not programs_api.active_roles(program, endorser) & allowed:
        # R26: the same words whether the id is unknown or its holder has no endorsing role, and no name.
        raise RuleViolation(NO_ENDORSER_MESSAGE, field="endorser", code="not_an_endorser")
    with transaction.atomic():
        # Being asked lets the endorser see the nomination before the nominee's consent (R26).
        EndorsementRequest.objects.get_or_create(nomination=nomination, endorser=endorser,
                                                 defaults={"requested_by": actor})
        audit.record(nomination, program, "endorsement_requested", actor, nomination.state, nomination.state,
                     note=endorser.get_username())
        outbox.enqueue(notifications.ENDORSEMENT_REQUESTED, nomination_id=nomination.pk, endorser_id=endorser.pk)


def endorsement_requests_for(user, site) -> list:
    """
    The nominations of ``site`` whose nominator asked ``user`` by name to endorse them (the
    ``endorsement_requested`` lines of the audit trail), while endorsements are open, that ``user`` has not
    endorsed yet, newest request first. A peer nomination shows only once its nominee has consented (R5).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    requested = AuditRecord.objects.filter(
        program__site=site, action="endorsement_requested", note=user.get_username(),
        content_type=ContentType.objects.get_for_model(Nomination),
    ).values("object_id")
    nominations = (
        Nomination.objects.filter(pk__in=requested, state__in=nominations_api.ENDORSABLE_STATES,
                                  cycle__review_start__gt=timezone.now())
        .filter(Q(kind=Nomination.SELF) | Q(consent_given_at__isnull=False))
        .exclude(endorsements__endorser=user)
        .select_related("cycle__program", "cycle__rules", "track", "nominator", "nominee_user",
                        "nominee_organization")
        .order_by("-created", "-id")
    )
    return list(nominations)


# ---- what panelists and staff see -----------------------------------------------------------------------------

def nominations_for_review(user, site):
    """
    The nominations ``user`` works on in review, on ``site``: for program staff every screened nomination of
    their programs; for a panelist the nominations assigned to them, and in deliberation and after every
    nomination of their cycle, never one they are conflicted on (R10). Nothing of another tenant (R1).
    """
    screened = Nomination.objects.filter(cycle__program__site=site).exclude(
        state__in=[NominationState.DRAFT, NominationState.SUBMITTED, NominationState.WITHDRAWN]
    )
    if not getattr(user, "is_authenticated", False):
        return screened.none()
    staff_programs = programs_api.staff_program_ids(user, site)
    seats = Panelist.objects.filter(user=user, cycle__program__site=site)
    assigned = Exists(Assignment.objects.filter(nomination=OuterRef("pk"), panelist__user=user))
    open_to_panel = Q(cycle__stage__in=REVIEWED_STAGES) & ~Q(state=NominationState.SCREENED_OUT)
    on_panel = Q(cycle_id__in=seats.values("cycle_id")) & (Q(assigned) | open_to_panel)
    return screened.filter(Q(cycle__program_id__in=staff_programs) | on_panel).exclude(
        pk__in=conflicts.hidden_from(user)
    )


# ---- confidentiality: who sees what (R10, R26) ------------------------------------------------------------------

def is_conflicted_on(user, nomination) -> bool:
    """
    Whether ``user`` sits on the panel of the nomination's cycle and is conflicted on it (R10). Such a person
    never sees the nomination through their staff or panel role; what they see as its nominator, nominee or
    endorser stays what any nominator, nominee or endorser sees.
    """
    return conflicts.hidden_from(user, cycle_ids=[nomination.cycle_id]).filter(pk=nomination.pk).exists()


def _speaks_for(user, nomination):
    """The nominator, the nominee person, or a member or representative of the nominee organization."""
    if user.pk in (nomination.nominator_id, nomination.nominee_user_id):
        return True
    return bool(nomination.nominee_organization_id) and nomination.nominee_organization_id in (
        conflicts.represented_organization_ids(user, nomination.cycle.program)
    )


def sees_panel_work(user, nomination) -> bool:
    """
    Whether ``user`` may read the panel's work on ``nomination`` (assignments, reviews, recusals, staged
    decisions): program staff, and panelists who review it (``nominations_for_review``), never a conflicted one.
    """
    if not getattr(user, "is_authenticated", False) or is_conflicted_on(user, nomination):
        return False
    if programs_api.is_program_staff(user, nomination.cycle.program):
        return True
    site = nomination.cycle.program.site
    return nominations_for_review(user, site).filter(pk=nomination.pk).exists()


def visible_history(*, user, nomination):
    """
    The audit lines of ``nomination`` that ``user`` may read, oldest first (R11, R26). Every place that shows a
    nomination's history (the REST API, the people's pages, admin) calls this.

    - program staff read every line; the panel reviewing the nomination reads all but staff-only lines;
    - the nominator and the nominee (or whoever speaks for the nominee organization) read the nomination's own
      moves, its endorsements and the released outcome;
    - an endorser reads the lines of their own endorsement;
    - a panelist or staff member conflicted on the nomination reads nothing through that role (R10).

    Each line carries ``shown_note``: its note, except that the note of an outcome line (the decision's
    rationale) is blank for the nominator and nominee until staff publish the rationale (``publish_rationale``).
    """
    records = AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Nomination), object_id=nomination.pk
    ).select_related("actor").order_by("at", "id")
    if not getattr(user, "is_authenticated", False):
        return records.none()
    V = AuditVisibility
    conflicted = is_conflicted_on(user, nomination)
    if not conflicted and programs_api.is_program_staff(user, nomination.cycle.program):
        return records.annotate(shown_note=F("note"))
    panel = not conflicted and sees_panel_work(user, nomination)
    allowed = Q(pk__in=[])
    if panel:
        allowed |= Q(visibility__in=[V.PARTICIPANTS, V.ENDORSER, V.PANEL, V.OUTCOME])
    if _speaks_for(user, nomination):
        allowed |= Q(visibility__in=[V.PARTICIPANTS, V.ENDORSER, V.OUTCOME])
    allowed |= Q(visibility=V.ENDORSER, actor_id=user.pk)
    published = Decision.objects.filter(nomination=nomination, rationale_published=True,
                                        released_at__isnull=False).exists()
    if panel or published:
        note = F("note")
    else:
        note = Case(When(visibility=V.OUTCOME, then=Value("")), default=F("note"), output_field=TextField())
    return records.filter(allowed).annotate(shown_note=note)


def endorsements_visible_to(*, user, site):
    """
    The endorsements of ``site``'s nominations that ``user`` may read (R6, R26): their own; those of the
    nominations they nominated or are nominated in; every one of the nominations they run as program staff or
    review on the panel, unless conflicted (R10). An endorser does not read the other endorsements.
    """
    if site is None or not getattr(user, "is_authenticated", False):
        return Endorsement.objects.none()
    endorsements = Endorsement.objects.filter(nomination__cycle__program__site=site)
    staff_programs = programs_api.staff_program_ids(user, site)
    organizations = programs_api.affiliated_organization_ids(user)
    own_nominations = Nomination.objects.filter(
        Q(nominator=user) | Q(nominee_user=user) | Q(nominee_organization_id__in=organizations)
    ).values("pk")
    run = (
        Nomination.objects.filter(cycle__program_id__in=staff_programs)
        .exclude(pk__in=conflicts.hidden_from(user)).values("pk")
    )
    return endorsements.filter(
        Q(endorser=user) | Q(nomination_id__in=own_nominations) | Q(nomination_id__in=run)
        | Q(nomination_id__in=nominations_for_review(user, site).values("pk"))
    )


def publish_rationale(nomination, actor, published=True):
    """
    Program staff choose whether the nominator and nominee may read the rationale of the decision on
    ``nomination`` once it is released (R26). Recorded in the audit trail for staff.
    """
    programs_api.require_program_staff(actor, nomination.cycle.program)
    if is_conflicted_on(actor, nomination):
        raise NotPermitted("Only program staff without a conflict of interest may do this.")
    with transaction.atomic():
        decision = Decision.objects.select_for_update().filter(nomination=nomination).first()
        if decision is None:
            raise TransitionRefused("No decision is staged on this nomination.")
        decision.rationale_published = bool(published)
        decision.save(update_fields=["rationale_published"])
        audit.record(nomination, nomination.cycle.program,
                     "rationale_published" if published else "rationale_unpublished", actor,
                     nomination.state, nomination.state)
    return decision


def _locked_assignment(panelist, nomination):
    """The panelist's assignment to ``nomination``, row-locked for a review write; refused when there is none."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("nomination__cycle__rules", "nomination__track", "nomination__cycle__program")
        .filter(panelist=panelist, nomination=nomination).first()
    )
    if assignment is None:
        raise NotPermitted("You are not assigned to review this nomination.")
    return assignment
