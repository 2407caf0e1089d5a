"""
Evidence queries over contribution signals (R21), used by eligibility (R7), renewal (R14) and lifetime (R16): a
person's or organization's signals, first and last activity, active months, counts by kind, per-track activity and
the summary the API shows. Each runs a fixed number of queries.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncMonth

from openedx_dcp.contributions.models import ContributionSignal

if TYPE_CHECKING:  # names in type hints only
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser as User
    from django.contrib.sites.models import Site
    from django.db.models import QuerySet

    from openedx_dcp.programs.models import Organization, Program, ProgramRules

__all__ = [
    "signals_of",
    "first_activity",
    "activity_span",
    "track_activity",
    "active_months",
    "counts_by_kind",
    "evidence_summary",
]


def signals_of(*, site: Site, user: User | None = None, organization: Organization | None = None,
               kinds: Iterable[str] | None = None, since: datetime.datetime | None = None,
               until: datetime.datetime | None = None) -> QuerySet:
    """
    The signals of one person or organization on ``site``, optionally limited to ``kinds`` and a time window
    (``since`` inclusive, ``until`` exclusive).
    """
    signals = ContributionSignal.objects.filter(site=site)
    if user is not None:
        signals = signals.filter(user=user)
    if organization is not None:
        signals = signals.filter(organization=organization)
    if kinds is not None:
        signals = signals.filter(kind__in=list(kinds))
    if since is not None:
        signals = signals.filter(occurred_at__gte=since)
    if until is not None:
        signals = signals.filter(occurred_at__lt=until)
    return signals


def first_activity(*, site: Site, user: User | None = None, organization: Organization | None = None,
                   kinds: Iterable[str] | None = None,
                   since: datetime.datetime | None = None) -> datetime.datetime | None:
    """The time of the first signal of a person or organization (of ``kinds``, after ``since``), or None."""
    return signals_of(site=site, user=user, organization=organization, kinds=kinds,
                      since=since).aggregate(first=Min("occurred_at"))["first"]


def activity_span(*, site: Site, user: User | None = None, organization: Organization | None = None,
                  kinds: Iterable[str] | None = None, since: datetime.datetime | None = None,
                  until: datetime.datetime | None = None) -> dict:
    """``{"first", "last", "count"}`` of a person's or organization's signals (of ``kinds``), in one query."""
    return signals_of(site=site, user=user, organization=organization, kinds=kinds, since=since, until=until).aggregate(
        first=Min("occurred_at"), last=Max("occurred_at"), count=Count("id")
    )


def _track_kinds(program, rules=None):
    """``{track slug: qualifying kinds}`` from ``rules`` (a cycle's version) or the program's current tracks."""
    if rules is not None:
        return {t["slug"]: list(t.get("qualifying_signal_kinds") or []) for t in rules.data.get("tracks", [])}
    return {t.slug: list(t.qualifying_signal_kinds or []) for t in program.tracks.all()}


def track_activity(*, program: Program, user: User | None = None, organization: Organization | None = None,
                   rules: ProgramRules | None = None, until: datetime.datetime | None = None) -> dict:
    """
    First and last activity and signal count per track of ``program`` (R7, R14, R16), counting only each
    track's qualifying signal kinds, in one query: ``{slug: {"first", "last", "count"}}``.
    """
    aggregates = {}
    kinds_by_track = _track_kinds(program, rules)
    for slug, kinds in kinds_by_track.items():
        only = Q(kind__in=kinds)
        aggregates[f"{slug}__first"] = Min("occurred_at", filter=only)
        aggregates[f"{slug}__last"] = Max("occurred_at", filter=only)
        aggregates[f"{slug}__count"] = Count("id", filter=only)
    if not aggregates:
        return {}
    row = signals_of(site=program.site, user=user, organization=organization, until=until).aggregate(**aggregates)
    return {
        slug: {key: row[f"{slug}__{key}"] for key in ("first", "last", "count")} for slug in kinds_by_track
    }


def active_months(*, site: Site, user: User | None = None, organization: Organization | None = None,
                  kinds: Iterable[str] | None = None, since: datetime.datetime | None = None,
                  until: datetime.datetime | None = None) -> list[datetime.date]:
    """
    The months (first day, as dates) in which a person or organization has at least one signal of ``kinds``,
    oldest first. "Two years of active contribution" (R7) and a four-year milestone (R16) read this.
    """
    months = (
        signals_of(site=site, user=user, organization=organization, kinds=kinds, since=since, until=until)
        .order_by()
        .annotate(month=TruncMonth("occurred_at", tzinfo=datetime.timezone.utc))
        .values_list("month", flat=True)
        .distinct()
    )
    return sorted(m.date() if isinstance(m, datetime.datetime) else m for m in months)


def counts_by_kind(*, site: Site, user: User | None = None, organization: Organization | None = None,
                   kinds: Iterable[str] | None = None, since: datetime.datetime | None = None,
                   until: datetime.datetime | None = None) -> dict[str, int]:
    """``{kind: number of signals}`` in a window, for renewal review (R14)."""
    rows = (
        signals_of(site=site, user=user, organization=organization, kinds=kinds, since=since, until=until)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return dict(rows)


def evidence_summary(*, program: Program, user: User | None = None, organization: Organization | None = None,
                     now: datetime.datetime | None = None, window_days: int = 365) -> dict:
    """
    A person's or organization's evidence on ``program``: per track first/last activity and count, active
    months overall, and counts per kind all-time and in the last ``window_days`` days. A fixed number of
    queries, whatever the number of signals.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    since = now - datetime.timedelta(days=window_days)
    site = program.site
    months = active_months(site=site, user=user, organization=organization)
    return {
        "tracks": track_activity(program=program, user=user, organization=organization),
        "active_months": [m.strftime("%Y-%m") for m in months],
        "active_month_count": len(months),
        "counts_by_kind": counts_by_kind(site=site, user=user, organization=organization),
        "recent_counts_by_kind": counts_by_kind(site=site, user=user, organization=organization, since=since),
        "window_days": window_days,
    }
