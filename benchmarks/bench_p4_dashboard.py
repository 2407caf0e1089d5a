"""
P4: the program dashboard at 5,000 members and 1,000,000 contribution signals answers in under 250 ms on
MariaDB, public and staff versions; the baseline, measured in the same run, is one trivial query (``SELECT 1``)
and one ``COUNT(*)`` of the signals table. The dashboard reads the daily signal rollups (ADR 0013): they are
built after the data with a full refresh (its time printed) and ANALYZEd with the other tables.

``DCP_BENCH_P4_MEMBERS`` and ``DCP_BENCH_P4_SIGNALS`` shrink the run for a quick look.
"""

import datetime
import os
import statistics
import time

from _setup import django_setup, drop_mysql_database

DATABASE = os.environ.get("DCP_BENCH_MYSQL_NAME", "dcp_bench_p4")
django_setup(mysql_database=DATABASE)

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from openedx_dcp.contributions import rollups  # noqa: E402
from openedx_dcp.contributions.models import ContributionSignal  # noqa: E402
from openedx_dcp.dashboard import api  # noqa: E402
from openedx_dcp.membership.models import EngagementKind, EngagementOptIn, Membership  # noqa: E402
from openedx_dcp.programs.models import Cycle  # noqa: E402
from tests.factories import make_cycle, make_program  # noqa: E402

MEMBERS = int(os.environ.get("DCP_BENCH_P4_MEMBERS", "5000"))
SIGNALS = int(os.environ.get("DCP_BENCH_P4_SIGNALS", "1000000"))
RUNS = 30
TARGET_MS = 250
KINDS = ["code_contribution", "code_review", "forum_response", "talk", "mentoring", "publication"]
UTC = datetime.UTC


def build():
    """Two announced cohorts (the older one past its first anniversary), MEMBERS members, SIGNALS signals."""
    program = make_program()
    now = datetime.datetime.now(UTC)
    cycles = []
    for slug, days_ago in (("2024", 800), ("2025", 400)):
        cycle = make_cycle(program, slug=slug)
        start = now - datetime.timedelta(days=days_ago)
        Cycle.objects.filter(pk=cycle.pk).update(
            stage=Cycle.ANNOUNCED, nominations_open=start - datetime.timedelta(days=80),
            nominations_close=start - datetime.timedelta(days=30), review_start=start - datetime.timedelta(days=30),
            review_end=start - datetime.timedelta(days=15), announcement_at=start)
        cycles.append(Cycle.objects.get(pk=cycle.pk))
    User = get_user_model()
    User.objects.bulk_create([User(username=f"p4-{i}") for i in range(MEMBERS)], batch_size=5000)
    user_ids = list(User.objects.filter(username__startswith="p4-").order_by("pk").values_list("pk", flat=True))
    track = program.tracks.get(slug="engineer")
    memberships = []
    for i, user_id in enumerate(user_ids):
        cycle = cycles[i % 2]
        start = cycle.announcement_at.date()
        memberships.append(Membership(program=program, track=track, cycle=cycle, user_id=user_id,
                                      member_key=f"u{user_id}", term_start=start,
                                      term_end=start + datetime.timedelta(days=730)))
    Membership.objects.bulk_create(memberships, batch_size=5000)
    opt_ins = [EngagementOptIn(membership=m, kind=EngagementKind.MENTORING, changed_at=now)
               for m in Membership.objects.filter(program=program)[: MEMBERS // 2]]
    EngagementOptIn.objects.bulk_create(opt_ins, batch_size=5000)
    table = ContributionSignal._meta.db_table
    sql = (f"INSERT INTO {table} (site_id, user_id, organization_id, kind, source, source_id, occurred_at, weight, "
           "url, created) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
    created = now.strftime("%Y-%m-%d %H:%M:%S")
    batch = []
    with connection.cursor() as cursor:
        for n in range(SIGNALS):
            when = now - datetime.timedelta(minutes=(n * 7919) % (3 * 365 * 24 * 60))
            batch.append((program.site_id, user_ids[n % len(user_ids)], None, KINDS[n % len(KINDS)], "bench",
                          f"s{n}", when.strftime("%Y-%m-%d %H:%M:%S"), 1.0, "", created))
            if len(batch) == 10_000:
                with transaction.atomic():
                    cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
    return program


def timed(function):
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def main():
    started = time.monotonic()
    program = build()
    print(f"built {MEMBERS} members and {SIGNALS} signals in {time.monotonic() - started:.0f}s")
    started = time.monotonic()
    refreshed = rollups.refresh_signal_rollups(full=True)
    print(f"rollups: {refreshed['rows']} rows for {refreshed['days']} days in {time.monotonic() - started:.1f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE TABLE openedx_dcp_contributionsignal, openedx_dcp_membership, "
                       "openedx_dcp_signaldaycount")
        cursor.fetchall()

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchall()

    def count_signals():
        ContributionSignal.objects.count()

    measured = {
        "baseline SELECT 1": select_one,
        "baseline COUNT(*) of signals": count_signals,
        "dashboard (public)": lambda: api.program_dashboard(program=program),
        "dashboard (staff, detailed)": lambda: api.program_dashboard(program=program, detailed=True),
    }
    with CaptureQueriesContext(connection) as queries:
        dashboard = api.program_dashboard(program=program, detailed=True)
    retention = next(r for r in dashboard["key_results"] if r["key"] == "retention_12_months")
    print(f"dashboard: {len(queries)} queries; retention {retention['value']} of {retention['detail']}")
    samples = {name: [] for name in measured}
    for _ in range(RUNS):
        for name, function in measured.items():
            samples[name].append(timed(function))
    worst = 0.0
    for name, values in samples.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"  {name:<30} p50 {statistics.median(values):8.2f} ms   p95 {p95:8.2f} ms")
        if name.startswith("dashboard"):
            worst = max(worst, p95)
    count_p95 = statistics.quantiles(samples["baseline COUNT(*) of signals"], n=20)[-1]
    print(f"RESULT P4 dashboard p95 {worst:.1f} ms at {MEMBERS} members and {SIGNALS} signals "
          f"(target < {TARGET_MS} ms: {'met' if worst < TARGET_MS else 'NOT met'}); "
          f"ratio to one COUNT(*) of the signals {worst / count_p95:.2f}")
    drop_mysql_database(DATABASE)
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
