"""
Daily rollups of contribution signals (P4, ADR 0013): ``SignalDayCount`` rows, one per tenant, person or
organization, kind and UTC day, so the program dashboard sums a few rows per member instead of counting signals.

Signals arrive by three paths that must stay cheap (P1: one write per tracked event; P2: bulk imports at raw
``executemany`` speed), so the rollups are not written with each signal: ``refresh_signal_rollups`` recounts,
from the signals, every day that signals stored since the last refresh fall on, and moves a watermark (the
largest signal id counted). A day is always recounted whole, so a refreshed day is exact whatever order its
signals came in; it runs from Celery beat (``dcp-signal-rollups``) and ``manage.py dcp_refresh_signal_rollups``.
Deleting a user, an organization or a site cascades to their rollup rows as to their signals.
"""

import datetime
import itertools

from django.db import connection, transaction
from django.db.models import Count, Max
from django.db.models.functions import TruncDate
from django.dispatch import Signal
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal, SignalDayCount, SignalRollupState

__all__ = ["refresh_signal_rollups", "recount", "rollups_refreshed"]

# Sent after a refresh committed (``result``: what ``refresh_signal_rollups`` returns): the packages above count
# what they derive from the rollups then (the membership package's cohort survival, P4), not in a request.
rollups_refreshed = Signal()

UTC = datetime.timezone.utc
# Days recounted per query at most: bounds the rows held in memory while a whole history is rebuilt.
CHUNK_DAYS = 31
# Signals recounted per query at most, so that the GROUP BY's temporary table stays in memory: MariaDB moves it
# to disk once it outgrows ``tmp_table_size`` / ``max_heap_table_size`` (16 MB by default: it spilled between
# 45,000 and 57,000 groups of rollup rows), and on disk it groups three times slower (283,000 groups, a 31-day
# run at 10,000,000 signals over three years: 2.45 s on disk, 0.77 s in memory). A group holds at least one
# signal, so a query's signals bound its groups; ``GROUP_BYTES`` leaves a margin over the ~320 bytes measured.
GROUP_BYTES = 512
SIGNALS_PER_QUERY = 32_768  # where the server's limit cannot be read (SQLite)


def _day_runs(days):
    """Sorted ``days`` grouped into runs of consecutive days, each at most ``CHUNK_DAYS`` long."""
    runs = []
    for day in sorted(days):
        if runs and day - runs[-1][-1] == datetime.timedelta(days=1) and len(runs[-1]) < CHUNK_DAYS:
            runs[-1].append(day)
        else:
            runs.append([day])
    return [(run[0], run[-1]) for run in runs]


def _signals_per_query():
    """The signals one rewrite may group while its temporary table stays in memory."""
    if connection.vendor != "mysql":
        return SIGNALS_PER_QUERY
    with connection.cursor() as cursor:
        cursor.execute("SELECT LEAST(@@tmp_table_size, @@max_heap_table_size)")
        return max(1, int(cursor.fetchone()[0]) // GROUP_BYTES)


def _split_by_volume(first, last, counts, budget):
    """
    The consecutive days ``first`` to ``last`` cut into runs holding at most ``budget`` signals each
    (``counts``: ``{day: signals}``, a missing day counts 0); a day over ``budget`` is a run of its own.
    """
    runs, start, held, day = [], first, 0, first
    while day <= last:
        n = counts.get(day, 0)
        if day > start and held + n > budget:
            runs.append((start, day - datetime.timedelta(days=1)))
            start, held = day, 0
        held += n
        day += datetime.timedelta(days=1)
    runs.append((start, last))
    return runs


def _day_counts(site_id, first, last):
    """``{day: signals}`` of ``site_id`` on the UTC days ``first`` to ``last``."""
    start, end = _bounds(first, last)
    return dict(
        ContributionSignal.objects.filter(site_id=site_id, occurred_at__gte=start, occurred_at__lt=end)
        .annotate(day=TruncDate("occurred_at", tzinfo=UTC)).order_by().values("day")
        .annotate(n=Count("pk")).values_list("day", "n")
    )


def _bounds(first, last):
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=UTC)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=UTC)
    return start, end


def recount(site_id, first, last):
    """
    ``[SignalDayCount]`` counted from the signals of ``site_id`` on the UTC days ``first`` to ``last``
    (unsaved): what the rollups of those days must hold.
    """
    start, end = _bounds(first, last)
    grouped = (
        ContributionSignal.objects.filter(site_id=site_id, occurred_at__gte=start, occurred_at__lt=end)
        .annotate(day=TruncDate("occurred_at", tzinfo=UTC))
        .order_by()
        .values("user_id", "organization_id", "kind", "day")
        .annotate(n=Count("pk"))
    )
    return [
        SignalDayCount(site_id=site_id, user_id=row["user_id"], organization_id=row["organization_id"],
                       kind=row["kind"], day=row["day"], signals=row["n"])
        for row in grouped
    ]


def _rewrite_days(site_id, first, last):
    """
    Replace the rollups of ``site_id`` on the UTC days ``first`` to ``last`` with a recount of the signals, in
    the database (one ``INSERT ... SELECT ... GROUP BY``: no row travels to Python, so rebuilding 10,000,000
    signals takes minutes, not hours). The days are UTC days: Django stores datetimes in UTC on both backends,
    and ``DATE()`` of the stored value is the day ``recount`` computes. Returns the rows written.
    """
    start, end = _bounds(first, last)
    SignalDayCount.objects.filter(site_id=site_id, day__gte=first, day__lte=last).delete()
    quote = connection.ops.quote_name
    signals, rollups = quote(ContributionSignal._meta.db_table), quote(SignalDayCount._meta.db_table)
    converter = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {rollups} (site_id, user_id, organization_id, kind, day, signals) "  # noqa: S608
            f"SELECT site_id, user_id, organization_id, kind, DATE(occurred_at), COUNT(*) FROM {signals} "
            "WHERE site_id = %s AND occurred_at >= %s AND occurred_at < %s "
            "GROUP BY site_id, user_id, organization_id, kind, DATE(occurred_at)",
            [site_id, converter(start), converter(end)],
        )
        return cursor.rowcount


def refresh_signal_rollups(*, full: bool = False) -> dict:
    """
    Recount the days touched by signals stored since the last refresh (every day with ``full``), in one
    transaction that holds the watermark's row so two refreshes never interleave.

    Returns ``{"days", "rows", "last_signal_id"}``: days recounted, rollup rows written, the new watermark.
    """
    with transaction.atomic():
        SignalRollupState.objects.get_or_create(pk=1)
        state = SignalRollupState.objects.select_for_update().get(pk=1)
        top = ContributionSignal.objects.aggregate(top=Max("pk"))["top"] or 0
        signals = ContributionSignal.objects.filter(pk__lte=top)
        if full:
            SignalDayCount.objects.all().delete()
        else:
            signals = signals.filter(pk__gt=state.last_signal_id)
        touched = (
            signals.annotate(day=TruncDate("occurred_at", tzinfo=UTC)).order_by("site_id", "day")
            .values_list("site_id", "day").distinct()
        )
        days = rows = 0
        budget = _signals_per_query()
        for site_id, pairs in itertools.groupby(touched, key=lambda pair: pair[0]):
            site_days = [day for _, day in pairs]
            days += len(site_days)
            for run_first, run_last in _day_runs(site_days):
                counts = _day_counts(site_id, run_first, run_last)
                for first, last in _split_by_volume(run_first, run_last, counts, budget):
                    rows += _rewrite_days(site_id, first, last)
        state.last_signal_id = top
        state.refreshed_at = timezone.now()
        state.save(update_fields=["last_signal_id", "refreshed_at"])
    result = {"days": days, "rows": rows, "last_signal_id": top}
    rollups_refreshed.send(sender=SignalDayCount, result=result)
    return result
