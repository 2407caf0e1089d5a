"""
Impact evaluation (R11, R12): assigning reviewers, rubrics and weighted scores, reviews and drafts, and when the
panel may deliberate.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.nominations import workflow
from openedx_dcp.nominations.models import (
    Nomination,
    NominationState,
)
from openedx_dcp.outbox import api as outbox
from openedx_dcp.prepared import PreparedQuery
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import conflicts, notifications
from openedx_dcp.review.common import hidden_from_actor, lock_cycle, require_not_conflicted, require_stage
from openedx_dcp.review.models import (
    Assignment,
    Panelist,
    Review,
    ReviewDraft,
)
from openedx_dcp.review.panel import is_conflicted, require_panelist

if TYPE_CHECKING:  # names in type hints only
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser as User

__all__ = [
    "assign",
    "plan_assignments",
    "apply_assignments",
    "assign_reviewers",
    "rubric_of",
    "weighted_score",
    "submit_review",
    "save_review_draft",
    "review_shortfall",
    "aggregate_scores",
    "start_deliberation",
]


def _notify_assigned(panelist_ids):
    """Owe each panelist the email of their new assignments, in the transaction that assigned them."""
    for panelist_id, nomination_ids in panelist_ids.items():
        outbox.enqueue(kind=notifications.PANELIST_ASSIGNED, panelist_id=panelist_id,
                       nomination_ids=sorted(nomination_ids))


def _assign(nomination, panelist, actor):
    found = conflicts.reasons(panelist, nomination)
    if found:
        raise RuleViolation(_("{username} {reason}: a conflicted panelist cannot review this nomination.").format(
            username=panelist.user.get_username(), reason=conflicts.REASONS[found[0]]), field="panelist")
    assignment, created = Assignment.objects.get_or_create(
        panelist=panelist, nomination=nomination, defaults={"assigned_by": actor}
    )
    if created:
        audit.record(nomination, nomination.cycle.program, "assign", actor, nomination.state, nomination.state,
                     note=panelist.user.get_username())
    return assignment, created


def assign(*, nomination: Nomination, panelist: Panelist, actor: User | None) -> Assignment:
    """Program staff assign one panelist to score a nomination in evaluation; never a conflicted one (R10)."""
    programs_api.require_program_staff(user=actor, program=nomination.cycle.program)
    require_not_conflicted(actor, nomination)
    if panelist.cycle_id != nomination.cycle_id:
        raise ValidationFailed(_("This panelist sits on another cycle's panel."), field="panelist")
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("cycle__program").get(pk=nomination.pk)
        require_stage(locked.cycle, Cycle.EVALUATION)
        if locked.state != NominationState.EVALUATION:
            raise TransitionRefused(_("Only nominations in impact evaluation are assigned to reviewers."))
        assignment, created = _assign(locked, panelist, actor)
        if created:
            _notify_assigned({panelist.pk: [locked.pk]})
    return assignment


def plan_assignments(*, cycle: Cycle, reviews_per_nomination: int | None = None) -> dict:
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
        raise ValidationFailed(_("Each nomination needs at least {minimum} reviews.").format(
            minimum=minimum), field="reviews_per_nomination")
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
            problems.append(_("Nomination #{pk} has only {free} conflict-free panelists; {needed} reviews are "
                              "required.").format(pk=nomination.pk, free=len(free) + len(assigned), needed=needed))
            continue
        for panelist in free[:missing]:
            pairs.append((nomination, panelist))
            load[panelist.pk] += 1
    return {"needed": needed, "pairs": pairs, "load": {p.pk: load[p.pk] for p in panel}, "problems": problems}


def apply_assignments(*, cycle: Cycle, pairs: Iterable[tuple[int, int]], actor: User | None) -> int:
    """
    Save assignments staff previewed: ``pairs`` of (nomination id, panelist id) of ``cycle``. All or nothing:
    one pair that is no longer allowed (a conflict appeared, the nomination left evaluation) refuses the whole
    set. Returns the number of new assignments; each panelist is emailed once about theirs.
    """
    programs_api.require_program_staff(user=actor, program=cycle.program)
    created_for = defaultdict(list)
    with transaction.atomic():
        locked = lock_cycle(cycle)
        require_stage(locked, Cycle.EVALUATION)
        # R10: a staff member conflicted on a nomination leaves its assignments to another staff member.
        hidden = hidden_from_actor(actor, locked)
        wanted = [(int(nomination_id), int(panelist_id)) for nomination_id, panelist_id in pairs]
        nominations = Nomination.objects.select_for_update().select_related("cycle__program").in_bulk(
            {nomination_id for nomination_id, _ in wanted})
        panel = Panelist.objects.filter(cycle=locked).select_related("user", "cycle__program").in_bulk(
            {panelist_id for _, panelist_id in wanted})
        for nomination_id, panelist_id in wanted:
            nomination, panelist = nominations.get(nomination_id), panel.get(panelist_id)
            if nomination is None or nomination.cycle_id != locked.pk:
                raise ValidationFailed(_("Nomination #{nomination_id} is not in {cycle}.").format(
                    nomination_id=nomination_id, cycle=locked.name), field="nomination")
            if panelist is None:
                raise ValidationFailed(_("No panelist #{panelist_id} on the panel of {cycle}.").format(
                    panelist_id=panelist_id, cycle=locked.name),
                                       field="panelist")
            if nomination_id in hidden:
                raise NotPermitted(_("You have a conflict of interest on a nomination of these assignments: another "
                                   "program staff member assigns its reviewers."))
            if nomination.state != NominationState.EVALUATION:
                raise TransitionRefused(_("Nomination #{nomination_id} is no longer in impact evaluation.").format(
                    nomination_id=nomination_id))
            _assignment, created = _assign(nomination, panelist, actor)
            if created:
                created_for[panelist.pk].append(nomination.pk)
        _notify_assigned(created_for)
    return sum(len(ids) for ids in created_for.values())


def assign_reviewers(*, cycle: Cycle, actor: User | None, reviews_per_nomination: int | None = None) -> int:
    """
    Give every nomination in evaluation the minimum number of reviewers (R11), choosing among non-conflicted
    panelists those with the fewest assignments (``plan_assignments``). Refused, with nothing written, if a
    nomination has too few conflict-free panelists. Returns the number of new assignments.
    """
    programs_api.require_program_staff(user=actor, program=cycle.program)
    with transaction.atomic():
        locked = lock_cycle(cycle)
        require_stage(locked, Cycle.EVALUATION)
        plan = plan_assignments(cycle=locked, reviews_per_nomination=reviews_per_nomination)
        if plan["problems"]:
            raise RuleViolation(" ".join(plan["problems"]), field="panel")
        # R10: nominations the acting staff member is conflicted on get their reviewers from another staff member.
        hidden = hidden_from_actor(actor, locked)
        return apply_assignments(cycle=locked, pairs=[(n.pk, p.pk) for n, p in plan["pairs"] if n.pk not in hidden],
                                 actor=actor)


def rubric_of(*, nomination: Nomination) -> list[dict]:
    """The rubric of the nomination's track as it was in its cycle's rules version (R12, R24)."""
    return programs_api.cycle_rules(cycle=nomination.cycle, track=nomination.track).rubric


def weighted_score(*, rubric: list[dict], scores: dict[str, int]) -> float:
    """The weighted mean of ``scores`` as a percentage of each criterion's maximum (R12)."""
    total_weight = sum(criterion["weight"] for criterion in rubric)
    value = sum(criterion["weight"] * scores[criterion["key"]] / criterion["max_score"] for criterion in rubric)
    return round(100 * value / total_weight, 2)


def _validated_scores(rubric, scores):
    if not isinstance(scores, dict):
        raise ValidationFailed(_("Scores must map each rubric criterion to a number."), field="scores")
    keys = {criterion["key"] for criterion in rubric}
    unknown, missing = set(scores) - keys, keys - set(scores)
    if unknown:
        raise ValidationFailed(_("Not on this track's rubric: {names}.").format(
            names=", ".join(sorted(unknown))), field="scores")
    if missing:
        raise ValidationFailed(_("Score every criterion; missing: {names}.").format(
            names=", ".join(sorted(missing))), field="scores")
    for criterion in rubric:
        value = scores[criterion["key"]]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion["max_score"]:
            raise ValidationFailed(
                _("{criterion} takes a whole number from 0 to {max_score}.").format(
                    criterion=criterion["label"], max_score=criterion["max_score"]), field="scores"
            )
    return {criterion["key"]: scores[criterion["key"]] for criterion in rubric}


def submit_review(*, nomination: Nomination, user: User, scores: dict[str, int], comment: str = "") -> Review:
    """
    A panelist submits their scores of an assigned nomination on its track's rubric (R11, R12), once. The
    assignment row is locked, so a double submit stores one review and refuses the other.
    """
    panelist = require_panelist(cycle=nomination.cycle, user=user)
    with transaction.atomic():
        assignment = _locked_assignment(panelist, nomination)
        locked = assignment.nomination
        require_stage(locked.cycle, Cycle.EVALUATION)
        if locked.state != NominationState.EVALUATION:
            raise TransitionRefused(_("This nomination is no longer in impact evaluation."))
        if is_conflicted(panelist=panelist, nomination=locked):
            raise NotPermitted(_("You have a conflict of interest on this nomination."))
        if Review.objects.filter(assignment=assignment).exists():
            raise TransitionRefused(_("You have already submitted your review of this nomination."))
        rubric = rubric_of(nomination=locked)
        clean = _validated_scores(rubric, scores)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    assignment=assignment, nomination=locked, panelist=panelist, scores=clean,
                    weighted_score=weighted_score(rubric=rubric, scores=clean), comment=comment or "",
                    submitted_at=timezone.now(),
                )
        except IntegrityError as exc:
            raise TransitionRefused(_("You have already submitted your review of this nomination.")) from exc
        ReviewDraft.objects.filter(assignment=assignment).delete()
        audit.record(locked, locked.cycle.program, "review_submitted", user, locked.state, locked.state,
                     note=f"{review.weighted_score:g}")
    return review


def save_review_draft(*, nomination: Nomination, user: User, scores: dict, comment: str = "") -> ReviewDraft:
    """
    Save the assigned panelist's review in progress (R11, R12): the scores given so far (each checked against
    the rubric; criteria may still be missing) and the comment. Refused once the review is final, on a
    nomination no longer in evaluation, and for a conflicted panelist (R10).
    """
    panelist = require_panelist(cycle=nomination.cycle, user=user)
    if not isinstance(scores, dict):
        raise ValidationFailed(_("Scores must map each rubric criterion to a number."), field="scores")
    with transaction.atomic():
        assignment = _locked_assignment(panelist, nomination)
        if Review.objects.filter(assignment=assignment).exists():
            raise TransitionRefused(_("Your review of this nomination is final: it can no longer be changed."))
        locked = assignment.nomination
        require_stage(locked.cycle, Cycle.EVALUATION)
        if locked.state != NominationState.EVALUATION:
            raise TransitionRefused(_("This nomination is no longer in impact evaluation."))
        if is_conflicted(panelist=panelist, nomination=locked):
            raise NotPermitted(_("You have a conflict of interest on this nomination."))
        rubric = rubric_of(nomination=locked)
        given = {key: value for key, value in scores.items() if value is not None}
        by_key = {criterion["key"]: criterion for criterion in rubric}
        unknown = set(given) - set(by_key)
        if unknown:
            raise ValidationFailed(_("Not on this track's rubric: {names}.").format(
                names=", ".join(sorted(unknown))), field="scores")
        for key, value in given.items():
            criterion = by_key[key]
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= criterion["max_score"]:
                raise ValidationFailed(
                    _("{criterion} takes a whole number from 0 to {max_score}.").format(
                        criterion=criterion["label"], max_score=criterion["max_score"]), field="scores"
                )
        draft, _created = ReviewDraft.objects.update_or_create(
            assignment=assignment, defaults={"scores": given, "comment": comment or ""}
        )
    return draft


def review_shortfall(*, cycle: Cycle) -> list[str]:
    """Nominations in evaluation that lack the minimum number of reviews, in words (R11)."""
    needed = programs_api.cycle_rules(cycle=cycle).threshold("min_reviews_per_nomination")
    short = (
        Nomination.objects.filter(cycle=cycle, state=NominationState.EVALUATION)
        .annotate(reviewed=Count("panel_reviews"))
        .filter(reviewed__lt=needed)
        .order_by("pk")
    )
    return [_("Nomination #{pk} has {reviewed} of {needed} reviews.").format(
        pk=n.pk, reviewed=n.reviewed, needed=needed) for n in short]


# The reviews of a page of nominations, in their order (a prepared read, ADR 0027: every review list page asks it).
_PAGE_REVIEWS = PreparedQuery(lambda shape, ids: Review.objects.filter(nomination_id__in=ids).values_list(
    "nomination_id", "weighted_score", "scores"))


def aggregate_scores(*, nominations: Iterable[Nomination]) -> dict:
    """
    ``{nomination id: {"reviews", "mean", "criteria": {key: mean}}}`` for ``nominations`` in one query (the
    page's reviews, a few per nomination, averaged here).
    """
    ids = [n.pk for n in nominations]
    result = {pk: {"reviews": 0, "mean": None, "criteria": {}} for pk in ids}
    weighted = defaultdict(list)
    sums = defaultdict(lambda: defaultdict(list))
    for nomination_id, score, scores in _PAGE_REVIEWS.rows(len(ids), int_lists={"ids": ids}):
        weighted[nomination_id].append(score)
        for key, value in scores.items():
            sums[nomination_id][key].append(value)
    for nomination_id, scores in weighted.items():
        result[nomination_id].update(reviews=len(scores), mean=round(sum(scores) / len(scores), 2))
    for nomination_id, criteria in sums.items():
        result[nomination_id]["criteria"] = {
            key: round(sum(values) / len(values), 2) for key, values in criteria.items()
        }
    return result


def start_deliberation(*, cycle: Cycle, actor: User | None, note: str = "") -> Cycle:
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


def _locked_assignment(panelist, nomination):
    """The panelist's assignment to ``nomination``, row-locked for a review write; refused when there is none."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("nomination__cycle__rules", "nomination__track", "nomination__cycle__program")
        .filter(panelist=panelist, nomination=nomination).first()
    )
    if assignment is None:
        raise NotPermitted(_("You are not assigned to review this nomination."))
    return assignment
