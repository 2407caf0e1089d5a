"""
P3: at 10,000 nominations, the nomination list endpoint's p95 latency stays within 3x of a trivial DRF
endpoint on the same server, and makes the same number of queries on the first and a deep page.

Both endpoints are called through the whole Django stack (middleware, session authentication, DRF) of the dev
host on MariaDB, in interleaved rounds so that drift hits both alike. ``DCP_BENCH_P3_NOMINATIONS`` and
``DCP_BENCH_P3_REQUESTS`` shrink the run for a quick look.
"""

import os
import statistics
import time

from _setup import django_setup, drop_mysql_database

DATABASE = os.environ.get("DCP_BENCH_MYSQL_NAME", "dcp_bench_p3")
django_setup(mysql_database=DATABASE)

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from openedx_dcp.nominations.models import Endorsement, Nomination  # noqa: E402
from openedx_dcp.programs.models import CommunityRole  # noqa: E402
from tests.factories import SiteFactory, UserFactory, grant_role, make_cycle, make_program, make_staff  # noqa: E402

NOMINATIONS = int(os.environ.get("DCP_BENCH_P3_NOMINATIONS", "10000"))
REQUESTS = int(os.environ.get("DCP_BENCH_P3_REQUESTS", "300"))
HOST = "p3.example.com"
TARGET = 3.0


def build():
    """A program with NOMINATIONS nominations of as many nominees, three endorsements each."""
    program = make_program(SiteFactory(domain=HOST))
    cycle = make_cycle(program)
    track = program.tracks.get(slug="engineer")
    nominator = UserFactory(username="p3-nominator")
    endorsers = [UserFactory(username=f"p3-endorser{i}") for i in range(3)]
    for endorser in endorsers:
        grant_role(program, endorser, CommunityRole.CORE_CONTRIBUTOR)
    User = get_user_model()
    User.objects.bulk_create([User(username=f"p3-nominee{i}") for i in range(NOMINATIONS)], batch_size=2000)
    nominees = User.objects.filter(username__startswith="p3-nominee").values_list("pk", flat=True)
    Nomination.objects.bulk_create([
        Nomination(cycle=cycle, track=track, kind="peer", nominator=nominator, nominee_user_id=pk,
                   nominee_key=f"u{pk}", summary="Summary of contributions.", impact_statement="Impact.")
        for pk in nominees
    ], batch_size=2000)
    Endorsement.objects.bulk_create([
        Endorsement(nomination_id=nomination, endorser=endorser, role=CommunityRole.CORE_CONTRIBUTOR)
        for nomination in Nomination.objects.filter(cycle=cycle).values_list("pk", flat=True)
        for endorser in endorsers
    ], batch_size=5000)
    return make_staff(program)


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url, HTTP_HOST=HOST)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.content[:300]
    return elapsed


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1]


def main():
    staff = build()
    client = Client()
    client.force_login(staff)
    deep_page = max(1, NOMINATIONS // 20 - 1)
    urls = {
        "trivial": "/bench/trivial/",
        "list page 1": "/api/dcp/v1/nominations/",
        f"list page {deep_page}": f"/api/dcp/v1/nominations/?page={deep_page}",
    }
    with override_settings(ROOT_URLCONF="_p3_urls", DEBUG=False):
        counts = {}
        for name, url in urls.items():
            with CaptureQueriesContext(connection) as queries:
                timed(client, url)
            counts[name] = len(queries)
            if os.environ.get("DCP_BENCH_P3_SHOW_QUERIES"):
                for query in queries.captured_queries:
                    print(f"    {query['time']}s {query['sql'][:400]}")
        for url in urls.values():  # warm-up
            for _ in range(10):
                timed(client, url)
        samples = {name: [] for name in urls}
        for _ in range(REQUESTS):
            for name, url in urls.items():
                samples[name].append(timed(client, url))
    print(f"{NOMINATIONS} nominations, {REQUESTS} requests per endpoint, interleaved, on MariaDB")
    for name in urls:
        print(f"  {name:<16} p50 {statistics.median(samples[name]) * 1000:7.2f} ms   "
              f"p95 {p95(samples[name]) * 1000:7.2f} ms   queries {counts[name]}")
    baseline = p95(samples["trivial"])
    worst = 0.0
    for name in urls:
        if name == "trivial":
            continue
        ratio = p95(samples[name]) / baseline
        worst = max(worst, ratio)
        print(f"RESULT P3 {name}: p95 {ratio:.2f}x the trivial endpoint (target <= {TARGET:g}x)")
    same = counts["list page 1"] == counts[f"list page {deep_page}"]
    print(f"RESULT P3 queries: page 1 {counts['list page 1']}, page {deep_page} "
          f"{counts[f'list page {deep_page}']} ({'same' if same else 'DIFFERENT'})")
    drop_mysql_database(DATABASE)
    return 0 if worst <= TARGET and same else 1


if __name__ == "__main__":
    raise SystemExit(main())
