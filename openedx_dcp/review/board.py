"""
The review board of a cycle, for program staff (R11–R13): every nomination with its scores per criterion, the
weighted aggregate, the spread between reviewers, the reviews still missing, votes, comments, conflict
markers, the staged decision and, for organizations, the partner equity metrics (R13).

It is built in a fixed number of queries whatever the number of nominations (one per kind of row, plus a few
per panel seat for the conflicts), so the board of 500 nominations costs what the board of 10 does (P5).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import fmean
from typing import TYPE_CHECKING

from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs import api as programs_api
from openedx_dcp.review import conflicts, equity
from openedx_dcp.review.models import Assignment, DeliberationComment, Panelist, Review, Vote

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User

    from openedx_dcp.programs.models import Cycle

__all__ = ["BOARD_ORDERS", "review_board"]

# Sort keys of the board; "-key" sorts descending. Rows without a value (no reviews yet) always come last.
BOARD_ORDERS = {
    "id": lambda row: row["nomination"].pk,
    "nominee": lambda row: row["nomination"].nominee_display.lower(),
    "track": lambda row: (row["nomination"].track.order, row["nomination"].track.slug),
    "score": lambda row: row["mean"],
    "spread": lambda row: row["spread"],
    "missing": lambda row: row["missing"],
    "reviews": lambda row: row["reviews"],
    "votes": lambda row: row["votes"]["selected"] - row["votes"]["not_selected"],
}
# Nominations that never reached the panel are not on the board.
_OFF_BOARD = [NominationState.DRAFT, NominationState.WITHDRAWN]


def _sorted(rows, order):
    descending = order.startswith("-")
    key = BOARD_ORDERS[order.lstrip("-")]
    present = [row for row in rows if key(row) is not None]
    absent = [row for row in rows if key(row) is None]
    present.sort(key=lambda row: (key(row), row["nomination"].pk), reverse=descending)
    return present + absent


def review_board(*, cycle: Cycle, user: User, track: str | None = None, order: str = "id") -> dict:
    """
    The board of ``cycle`` as ``user`` (program staff of its program) may see it: nominations a staff member
    sitting on the panel is conflicted on are left out (R10, R26). ``track`` filters by track slug; ``order``
    is a key of ``BOARD_ORDERS``, prefixed with "-" for descending. Returns ``{"rows", "tracks", "needed",
    "order", "track"}``; each row holds the nomination, ``criteria`` (label, weight, max, mean), ``mean``,
    ``spread``, ``reviews``, ``assigned``, ``missing``, ``pending`` (usernames of assigned reviewers who have
    not submitted), ``votes``, ``comments``, ``conflicted`` (usernames), ``decision`` and ``partner``.
    """
    programs_api.require_program_staff(user=user, program=cycle.program)
    if order.lstrip("-") not in BOARD_ORDERS:
        order = "id"
    needed = programs_api.cycle_rules(cycle=cycle).threshold("min_reviews_per_nomination")
    nominations = (
        Nomination.objects.filter(cycle=cycle).exclude(state__in=_OFF_BOARD)
        .exclude(pk__in=conflicts.hidden_from(user, cycle_ids=[cycle.pk]))
        .select_related("track", "nominee_user", "nominee_organization", "panel_decision", "cycle__rules",
                        "cycle__program")
    )
    if track:
        nominations = nominations.filter(track__slug=track)
    nominations = list(nominations.order_by("pk"))
    ids = [n.pk for n in nominations]

    weighted = defaultdict(list)
    per_criterion = defaultdict(lambda: defaultdict(list))
    reviewed_by = defaultdict(set)
    for nomination_id, panelist_id, score, scores in Review.objects.filter(nomination_id__in=ids).values_list(
            "nomination_id", "panelist_id", "weighted_score", "scores"):
        weighted[nomination_id].append(score)
        reviewed_by[nomination_id].add(panelist_id)
        for key, value in scores.items():
            per_criterion[nomination_id][key].append(value)
    panel = {p.pk: p.user.get_username() for p in Panelist.objects.filter(cycle=cycle).select_related("user")}
    assigned = defaultdict(set)
    for nomination_id, panelist_id in Assignment.objects.filter(nomination_id__in=ids).values_list(
            "nomination_id", "panelist_id"):
        assigned[nomination_id].add(panelist_id)
    votes = defaultdict(Counter)
    for nomination_id, choice in Vote.objects.filter(nomination_id__in=ids).values_list("nomination_id", "choice"):
        votes[nomination_id][choice] += 1
    comments = Counter(DeliberationComment.objects.filter(nomination_id__in=ids).values_list("nomination_id",
                                                                                             flat=True))
    conflicted = defaultdict(list)
    for seat in Panelist.objects.filter(cycle=cycle).select_related("user", "cycle__program").order_by("pk"):
        for nomination_id in conflicts.conflicted_ids(seat).values_list("pk", flat=True):
            conflicted[nomination_id].append(seat.user.get_username())
    metrics = equity.partner_metrics_for(nominations)
    rubrics = {}

    rows = []
    for nomination in nominations:
        slug = nomination.track.slug
        if slug not in rubrics:
            rubrics[slug] = programs_api.cycle_rules(cycle=cycle, track=nomination.track).rubric
        scores = weighted[nomination.pk]
        rows.append({
            "nomination": nomination,
            "criteria": [
                {"key": c["key"], "label": c["label"], "weight": c["weight"], "max_score": c["max_score"],
                 "mean": round(fmean(per_criterion[nomination.pk][c["key"]]), 2)
                 if per_criterion[nomination.pk][c["key"]] else None}
                for c in rubrics[slug]
            ],
            "mean": round(fmean(scores), 2) if scores else None,
            "spread": round(max(scores) - min(scores), 2) if len(scores) > 1 else None,
            "reviews": len(scores),
            "assigned": len(assigned[nomination.pk]),
            "missing": max(max(needed, len(assigned[nomination.pk])) - len(scores), 0)
            if nomination.state in (NominationState.EVALUATION, NominationState.DELIBERATION) else 0,
            "pending": sorted(panel[pk] for pk in assigned[nomination.pk] - reviewed_by[nomination.pk] if pk in panel),
            "votes": {choice: votes[nomination.pk][choice] for choice in (Vote.SELECTED, Vote.NOT_SELECTED,
                                                                          Vote.ABSTAIN)},
            "comments": comments[nomination.pk],
            "conflicted": conflicted[nomination.pk],
            "decision": getattr(nomination, "panel_decision", None),
            "partner": metrics.get(nomination.pk),
        })
    tracks = list(cycle.program.tracks.order_by("order", "slug").values_list("slug", "name"))
    return {"rows": _sorted(rows, order), "tracks": tracks, "needed": needed, "order": order, "track": track or ""}
