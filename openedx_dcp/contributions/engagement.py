"""
CHAOSS-style contributor counts per period (new, active, inactive people), computed in the database in one
query. The engagement and retention of a cohort of members (R18) live in ``openedx_dcp.membership.engagement``.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal

if TYPE_CHECKING:  # names in type hints only
    from collections.abc import Iterable

    from django.contrib.sites.models import Site

__all__ = ["new_and_inactive_contributors", "monthly_periods"]


def _month_start(day):
    return datetime.datetime(day.year, day.month, 1, tzinfo=datetime.timezone.utc)


def _add_months(start, months):
    month = start.month - 1 + months
    return start.replace(year=start.year + month // 12, month=month % 12 + 1)


def monthly_periods(*, count: int = 12, period_months: int = 1,
                    until: datetime.datetime | None = None) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The last ``count`` whole periods of ``period_months`` calendar months before ``until``'s month."""
    end = _month_start(until or timezone.now())
    starts = [_add_months(end, -period_months * (count - i)) for i in range(count)]
    return [(s, _add_months(s, period_months)) for s in starts]


def new_and_inactive_contributors(*, site: Site,
                                  periods: list[tuple[datetime.datetime, datetime.datetime]] | None = None,
                                  kinds: Iterable[str] | None = None) -> list[dict]:
    """
    CHAOSS-style counts per period (people, not organizations), in one query:
    ``active`` (with at least one signal in the period), ``new`` (first signal ever on the site falls in the
    period) and ``inactive`` (active in the previous period of the same length, and not in this one).
    ``periods`` is a list of ``(start, end)`` datetimes (default: the last 12 calendar months).
    """
    periods = periods or monthly_periods()
    signals = ContributionSignal.objects.filter(site=site, user__isnull=False)
    if kinds is not None:
        signals = signals.filter(kind__in=list(kinds))

    def other_signal(since=None, until=None):
        probe = ContributionSignal.objects.filter(site=site, user=OuterRef("user"))
        if kinds is not None:
            probe = probe.filter(kind__in=list(kinds))
        if since is not None:
            probe = probe.filter(occurred_at__gte=since)
        if until is not None:
            probe = probe.filter(occurred_at__lt=until)
        return Exists(probe)

    aggregates = {}
    earliest = None
    for i, (start, end) in enumerate(periods):
        previous_start = start - (end - start)
        earliest = previous_start if earliest is None else min(earliest, previous_start)
        in_period = Q(occurred_at__gte=start, occurred_at__lt=end)
        in_previous = Q(occurred_at__gte=previous_start, occurred_at__lt=start)
        aggregates[f"active_{i}"] = Count("user", distinct=True, filter=in_period)
        aggregates[f"new_{i}"] = Count("user", distinct=True, filter=in_period & ~other_signal(until=start))
        aggregates[f"inactive_{i}"] = Count(
            "user", distinct=True, filter=in_previous & ~other_signal(since=start, until=end)
        )
    latest = max(end for _, end in periods)
    row = signals.filter(occurred_at__gte=earliest, occurred_at__lt=latest).aggregate(**aggregates)
    return [
        {
            "start": start, "end": end, "active": row[f"active_{i}"], "new": row[f"new_{i}"],
            "inactive": row[f"inactive_{i}"],
        }
        for i, (start, end) in enumerate(periods)
    ]
