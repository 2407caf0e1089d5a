"""
Engagement and retention of a cohort of members (R18, KR 1.3), computed in the database from their
contribution signals (the contributions package, below this one, knows nothing of members).

"Engaged at 12 months": a member has at least ``engagement_min_signals`` signals of their track's qualifying
kinds in the ``engagement_window_days`` days before the anniversary of their recognition. Recognition is the
start of the membership's first term (``term_start`` while ``term_number`` is 1; the cycle's announcement
date after a renewal moved ``term_start``). Thresholds and kinds come from the cycle's rules version (R24).

An anniversary "at m months" is ``round(m * 365 / 12)`` days after recognition: 91, 182, 274 and 365 days for
3, 6, 9 and 12 months; a fixed day count keeps the arithmetic in SQL and identical on SQLite and MariaDB.

Every function here runs a fixed number of queries (aggregates with ``Exists``/subqueries over the indexed
``(site, user|organization, kind, occurred_at)`` columns), never a Python loop over members or signals.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal, SignalDayCount, SignalRollupState
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle

if TYPE_CHECKING:  # names in type hints only
    from django.db.models import QuerySet

    from openedx_dcp.programs.models import Cycle

__all__ = [
    "anniversary_days",
    "engaged_at",
    "survival",
    "cohort_retention",
    "warm_survival",
    "SURVIVAL_MONTHS",
]

SURVIVAL_MONTHS = (3, 6, 9, 12)
# How long cached survival figures live (their key changes with what they depend on; this only bounds the
# cache): a day.
SURVIVAL_CACHE_SECONDS = 24 * 60 * 60


def anniversary_days(months):
    """Days from recognition to the anniversary at ``months`` months."""
    return round(months * 365 / 12)


def _cohort(cycle):
    """The cycle's members; a revoked membership (decision withdrawn) never belonged to the cohort."""
    return Membership.objects.filter(cycle=cycle).exclude(state=MembershipState.REVOKED).annotate(
        recognized_on=Case(
            When(term_number=1, then=F("term_start")),
            default=TruncDate("cycle__announcement_at", tzinfo=datetime.timezone.utc),
            output_field=DateField(),
        )
    )


def _thresholds(cycle):
    rules = programs_api.cycle_rules(cycle=cycle)
    return rules.threshold("engagement_window_days"), rules.threshold("engagement_min_signals")


def _kinds_by_track_id(cycle):
    """``{track id: qualifying kinds}`` as the cycle's rules version saw the tracks (one query)."""
    kinds = {}
    for slug, track_id in cycle.program.tracks.values_list("slug", "id"):
        kinds[track_id] = programs_api.cycle_rules(cycle=cycle, track=slug).qualifying_signal_kinds
    return kinds


def _qualifying_count(kinds_by_track_id, start, end, from_rollups=False):
    """
    An expression counting, per membership row, the signals of the member's track's qualifying kinds with
    ``start <= occurred_at < end`` (``start``/``end`` are names of date annotations on the row). With
    ``from_rollups`` the count sums the daily rollups (``SignalDayCount``) of those days instead of counting
    signals: the same figure, since the window's bounds are whole UTC days, as of the rollups' last refresh.
    """
    whens = []
    for track_id, kinds in kinds_by_track_id.items():
        if not kinds:
            continue
        if from_rollups:
            model, total = SignalDayCount, Sum("signals")
            window = {"day__gte": OuterRef(start), "day__lt": OuterRef(end)}
        else:
            model, total = ContributionSignal, Count("pk")
            window = {"occurred_at__gte": OuterRef(start), "occurred_at__lt": OuterRef(end)}
        window.update({"site_id": OuterRef("program__site_id"), "kind__in": kinds})
        for attribute in ("user", "organization"):
            matching = (
                model.objects.filter(**{attribute: OuterRef(attribute)}, **window)
                .order_by()
                .values(attribute)
                .annotate(n=total)
                .values("n")[:1]
            )
            # A member is a person or an organization: only that side's subquery runs (a CASE evaluates the
            # branch it picks), so the database never probes the other side's index with a NULL (P4).
            whens.append(When(track_id=track_id, **{f"{attribute}__isnull": False},
                              then=Coalesce(Subquery(matching, output_field=IntegerField()), Value(0))))
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _annotate_months(members, cycle, months, window_days, from_rollups=False):
    """Add ``at_<m>`` (the anniversary), ``from_<m>`` (window start) and ``n_<m>`` (qualifying signals)."""
    kinds_by_track_id = _kinds_by_track_id(cycle)
    for m in months:
        days = anniversary_days(m)
        members = members.annotate(**{
            f"at_{m}": ExpressionWrapper(F("recognized_on") + datetime.timedelta(days=days), output_field=DateField()),
            f"from_{m}": ExpressionWrapper(
                F("recognized_on") + datetime.timedelta(days=days - window_days), output_field=DateField()
            ),
        })
        count = _qualifying_count(kinds_by_track_id, f"from_{m}", f"at_{m}", from_rollups)
        members = members.annotate(**{f"n_{m}": count})
    return members


def engaged_at(*, cycle: Cycle, months: int = 12) -> QuerySet:
    """
    The cycle's memberships annotated with ``recognized_on``, ``anniversary``, ``qualifying_signals`` (in the
    window before the anniversary at ``months`` months) and ``engaged`` (bool). A queryset: filter or page it.
    """
    window_days, min_signals = _thresholds(cycle)
    members = _annotate_months(_cohort(cycle), cycle, [months], window_days)
    return members.annotate(
        anniversary=F(f"at_{months}"),
        qualifying_signals=F(f"n_{months}"),
        engaged=Case(
            When(**{f"n_{months}__gte": min_signals}, then=Value(True)), default=Value(False),
        ),
    )


def survival(*, cycle: Cycle, months: int = SURVIVAL_MONTHS, as_of: datetime.datetime | None = None,
             from_rollups: bool = False) -> list[dict]:
    """
    Share of the cohort still engaged at each anniversary in ``months`` (the R18 definition applied at 3, 6, 9
    and 12 months), in one query. Only members whose anniversary has passed on ``as_of`` (today) are counted:
    ``[{"months", "due", "engaged", "rate"}]`` with ``rate`` None while nobody is due. ``from_rollups`` reads
    the daily rollups (``contributions.rollups``) instead of the signals, and keeps the figures in the cache
    under a key made of everything they depend on (see ``_survival_key``): the count reads every member's
    rollups of the first year, which grows with the signals, so the refresh task counts it once after each
    refresh (``warm_survival``) and the dashboard reads it (P4, ADR 0021).
    """
    as_of = as_of or timezone.now().date()
    months = tuple(months)
    if not from_rollups:
        return _survival(cycle, months, as_of, from_rollups)
    key = _survival_key(cycle, months, as_of)
    figures = cache.get(key)
    if figures is None:
        figures = _survival(cycle, months, as_of, from_rollups)
        cache.set(key, figures, SURVIVAL_CACHE_SECONDS)
    return figures


def _survival_key(cycle, months, as_of):
    """
    The cache key of the survival figures of ``cycle``'s cohort as of ``as_of``: it names what they are counted
    from, so a figure found under it is the figure a count would give now. The rollups' watermark and last
    refresh (new signals), the cohort's size and newest change (a member added, revoked or changed: ``modified``
    moves with every save), the cycle's announcement and rules version (the windows and kinds). One query for
    the cohort, one for the watermark.
    """
    cohort = Membership.objects.filter(cycle=cycle).exclude(state=MembershipState.REVOKED).aggregate(
        n=Count("pk"), changed=Max("modified"), terms=Sum("term_number"), ids=Sum("pk"))
    state = SignalRollupState.objects.filter(pk=1).values_list("last_signal_id", "refreshed_at").first()
    parts = (cycle.pk, cycle.rules_id, cycle.announcement_at, months, as_of, state,
             cohort["n"], cohort["changed"], cohort["terms"], cohort["ids"])
    return "dcp-survival-" + hashlib.sha256(repr(parts).encode()).hexdigest()


def warm_survival(as_of=None):
    """
    Count and cache the survival figures the dashboards show (every announced cycle's curve and 12-month
    retention, ``program_dashboard``) after the rollups changed, so no request pays for the count (P4).
    Returns the number of cycles counted.
    """
    as_of = as_of or timezone.now().date()
    first = datetime.timedelta(days=anniversary_days(SURVIVAL_MONTHS[0]))
    cycles = Cycle.objects.filter(stage=Cycle.ANNOUNCED, announcement_at__lte=timezone.now() - first)
    warmed = 0
    for cycle in cycles.select_related("program"):
        survival(cycle=cycle, as_of=as_of, from_rollups=True)
        survival(cycle=cycle, months=(12,), as_of=as_of, from_rollups=True)
        warmed += 1
    return warmed


def _survival(cycle, months, as_of, from_rollups):
    """``survival`` counted in one query."""
    window_days, min_signals = _thresholds(cycle)
    members = _annotate_months(_cohort(cycle), cycle, months, window_days, from_rollups)
    aggregates = {"members": Count("pk")}
    for m in months:
        due = Q(**{f"at_{m}__lte": as_of})
        aggregates[f"due_{m}"] = Count("pk", filter=due)
        aggregates[f"engaged_{m}"] = Count("pk", filter=due & Q(**{f"n_{m}__gte": min_signals}))
    row = members.aggregate(**aggregates)
    result = []
    for m in months:
        due, engaged = row[f"due_{m}"], row[f"engaged_{m}"]
        result.append({
            "months": m, "members": row["members"], "due": due, "engaged": engaged,
            "rate": (engaged / due) if due else None,
        })
    return result


def cohort_retention(*, cycle: Cycle, as_of: datetime.datetime | None = None, from_rollups: bool = False) -> dict:
    """
    Retention of a cycle's cohort (R18, KR 1.3): the share of members engaged at 12 months among those whose
    first anniversary has passed, against the rules' ``retention_target``. ``from_rollups``: see ``survival``.
    """
    twelve = survival(cycle=cycle, months=(12,), as_of=as_of, from_rollups=from_rollups)[0]
    target = programs_api.cycle_rules(cycle=cycle).threshold("retention_target")
    window_days, min_signals = _thresholds(cycle)
    rate = twelve["rate"]
    return {
        "cycle": cycle.slug,
        "members": twelve["members"],
        "due": twelve["due"],
        "engaged": twelve["engaged"],
        "retention": rate,
        "target": target,
        "met": None if rate is None else rate >= target,
        "window_days": window_days,
        "min_signals": min_signals,
    }
