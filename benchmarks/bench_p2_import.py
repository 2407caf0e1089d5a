"""
P2: bulk import of external signals into MariaDB: ``DCP_BENCH_P2_LINES`` lines (default 1,000,000) of JSONL
through ``manage.py dcp_import_signals``, against a baseline measured in the same run (the same file parsed
with ``json.loads`` and written with a raw ``executemany`` of ``INSERT IGNORE``). Target: 20,000 signals/s or
more, with flat memory: the process's RSS is sampled during the import and must not grow with the file.

``DCP_BENCH_P2_REPLAY=1`` also imports the file a second time and checks that nothing changed.
Uses its own database (``DCP_BENCH_MYSQL_NAME``, default ``dcp_bench_signals``), created fresh and dropped.
"""

import datetime
import io
import json
import os
import resource
import tempfile
import threading
import time

from _setup import django_setup, drop_mysql_database

DATABASE = os.environ.get("DCP_BENCH_MYSQL_NAME", "dcp_bench_signals")
LINES = int(os.environ.get("DCP_BENCH_P2_LINES", "1000000"))
BATCH = int(os.environ.get("DCP_BENCH_P2_BATCH", "5000"))
USERS = 1000
REPLAY = os.environ.get("DCP_BENCH_P2_REPLAY", "0") == "1"  # import the file a second time: nothing changes
BAD_EVERY = 100_000  # one bad line in so many, to exercise the error path

django_setup(mysql_database=DATABASE)

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sites.models import Site  # noqa: E402
from django.core.management import CommandError, call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from openedx_dcp.contributions.models import ContributionSignal  # noqa: E402

KINDS = ["code_contribution", "code_review", "talk", "publication", "working_group"]


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class RssSampler(threading.Thread):
    """Samples the process's resident memory every 0.2 s while the import runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.samples, self.running = [], True

    def run(self):
        started = time.monotonic()
        while self.running:
            self.samples.append((time.monotonic() - started, rss_mb()))
            time.sleep(0.2)


def write_file(path):
    with open(path, "w", encoding="utf-8") as out:
        for n in range(LINES):
            if n % BAD_EVERY == BAD_EVERY - 1:
                out.write('{"kind": "talk", "occurred_at": "not a date"}\n')
                continue
            out.write(json.dumps({
                "kind": KINDS[n % len(KINDS)], "source": "github", "source_id": f"openedx/repo#{n}",
                "occurred_at": f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}T{n % 24:02d}:00:00Z",
                "user": f"bench{n % USERS}", "weight": 1.0, "url": f"https://github.com/openedx/repo/pull/{n}",
            }) + "\n")


def baseline(path, site_id, user_ids):
    """The floor: parse each line and insert tuples with executemany, no validation, no ORM."""
    table = ContributionSignal._meta.db_table
    # Only %s in VALUES, so mysqlclient sends each batch as one multi-row INSERT.
    sql = (f"INSERT IGNORE INTO {table} (site_id, user_id, organization_id, kind, source, source_id, occurred_at, "
           "weight, url, created) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
    created = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    rows = 0
    with open(path, encoding="utf-8") as lines, connection.cursor() as cursor:
        batch = []
        for line in lines:
            item = json.loads(line)
            user_id = user_ids.get(item.get("user"))
            if user_id is None or "source_id" not in item:
                continue
            batch.append((site_id, user_id, None, item["kind"], item["source"], item["source_id"],
                          item["occurred_at"].replace("T", " ").rstrip("Z"), item["weight"], item["url"], created))
            if len(batch) >= BATCH:
                with transaction.atomic():
                    cursor.executemany(sql, batch)
                rows += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            rows += len(batch)
    return rows


def orm_bulk_create(site_id, user_ids, count):
    """For reference: ``bulk_create(ignore_conflicts=True)`` of ``count`` already-parsed rows, batches of BATCH."""
    when = datetime.datetime(2025, 1, 1, 10, tzinfo=datetime.timezone.utc)
    ids = list(user_ids.values())
    started = time.monotonic()
    for start in range(0, count, BATCH):
        ContributionSignal.objects.bulk_create([
            ContributionSignal(site_id=site_id, user_id=ids[n % len(ids)], kind="talk", source="orm",
                               source_id=f"orm-{n}", occurred_at=when, url=f"https://example.com/{n}")
            for n in range(start, min(start + BATCH, count))
        ], ignore_conflicts=True)
    return count / (time.monotonic() - started)


def run_import(path, site, stdout, stderr):
    """The command's exit status: 1 when a line was not stored, which the file's deliberate bad lines cause."""
    try:
        call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", str(BATCH),
                     stdout=stdout, stderr=stderr)
    except CommandError as exc:
        if "were not stored" not in str(exc):
            raise
        return exc.returncode
    return 0


def main():
    site = Site.objects.create(domain="bench.example.com", name="bench")
    get_user_model().objects.bulk_create([get_user_model()(username=f"bench{n}") for n in range(USERS)])
    user_ids = dict(get_user_model().objects.values_list("username", "id"))
    handle, path = tempfile.mkstemp(suffix=".jsonl")
    os.close(handle)
    try:
        started = time.monotonic()
        write_file(path)
        print(f"wrote {LINES:,} lines ({os.path.getsize(path) / 1e6:.0f} MB) in {time.monotonic() - started:.1f}s")

        rss_before = rss_mb()
        sampler = RssSampler()
        sampler.start()
        stdout, stderr = io.StringIO(), io.StringIO()
        started = time.monotonic()
        exit_status = run_import(path, site, stdout, stderr)
        elapsed = time.monotonic() - started
        sampler.running = False
        sampler.join()
        stored = ContributionSignal.objects.count()
        rate = stored / elapsed
        samples = [rss for t, rss in sampler.samples if t >= elapsed * 0.1] or [rss_mb()]
        growth = max(samples) - samples[0]
        print(stdout.getvalue().strip())
        print(f"bad lines reported: {len(stderr.getvalue().splitlines())}; exit status {exit_status} (1: not every "
              f"line stored, as the file's deliberate bad lines make it)")
        print(f"import: {stored:,} signals in {elapsed:.1f}s = {rate:,.0f} signals/s")
        print(f"RSS: {rss_before:.0f} MB before, {samples[0]:.0f} MB at 10% of the run, peak {max(samples):.0f} MB, "
              f"growth after 10% {growth:.1f} MB; ru_maxrss {maxrss_mb():.0f} MB")

        replay_unchanged = None
        if REPLAY:
            started = time.monotonic()
            run_import(path, site, io.StringIO(), io.StringIO())
            replay = time.monotonic() - started
            replay_unchanged = ContributionSignal.objects.count() == stored
            print(f"replay of the same file: {replay:.1f}s, rows unchanged: {replay_unchanged}")

        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE TABLE {ContributionSignal._meta.db_table}")
        started = time.monotonic()
        baseline_rows = baseline(path, site.pk, user_ids)
        baseline_elapsed = time.monotonic() - started
        baseline_rate = baseline_rows / baseline_elapsed
        print(f"baseline (json.loads + raw executemany INSERT IGNORE): {baseline_rows:,} rows in "
              f"{baseline_elapsed:.1f}s = {baseline_rate:,.0f} rows/s")
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE TABLE {ContributionSignal._meta.db_table}")
        orm_count = min(LINES, 100_000)
        orm_rate = orm_bulk_create(site.pk, user_ids, orm_count)
        print(f"for reference, ORM bulk_create(ignore_conflicts=True) of {orm_count:,} parsed rows: "
              f"{orm_rate:,.0f} rows/s (why the import sends its own INSERT IGNORE, see ADR 0005)")
        flat = growth < 25
        print(f"RESULT P2 import {rate:,.0f} signals/s ({LINES:,} lines, target >= 20,000/s: "
              f"{'met' if rate >= 20000 else 'NOT met'}); baseline {baseline_rate:,.0f} rows/s; "
              f"ratio import/baseline {rate / baseline_rate:.2f}; memory growth after 10% {growth:.1f} MB "
              f"({'flat' if flat else 'NOT flat'})" + (f"; replay unchanged: {replay_unchanged}" if REPLAY else ""))
        # One exit code for the target: the rate, flat memory and (when asked for) an unchanged replay.
        return 0 if rate >= 20000 and flat and replay_unchanged is not False else 1
    finally:
        os.unlink(path)
        drop_mysql_database(DATABASE)


if __name__ == "__main__":
    raise SystemExit(main())
