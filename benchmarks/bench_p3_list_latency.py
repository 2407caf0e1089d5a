"""
P3: every list endpoint makes the same number of queries on its first and a deep page, and its p95 latency stays
within 3x of a trivial DRF endpoint on the same server at 10,000 rows (100,000 for the signals list), on the
first and on a deep page. The run also measures every list at 1,000, 10,000 and 100,000 rows (the cost curve
printed as a table, and drawn in ``docs/img/bench-p3.svg`` by ``_chart.py``).

The lists: nominations (``/nominations/``), review nominations (``/review/nominations/``), memberships
(``/memberships/``), the public directory (``/public/programs/<slug>/members/``), signals (a member's renewal
evidence, ``/memberships/<id>/evidence/``, paged by cursor) and credentials (``/credentials/``), read by a program
staff user (the directory anonymously) who sees every row. The data grows from one size to the next (bulk inserts,
not the domain's api: only the reading is measured). Each size's endpoints are called through the whole Django stack
(middleware, session authentication, DRF) of the dev host on MariaDB, in interleaved rounds so that drift hits all
alike; the trivial endpoint (``_p3_urls.TrivialView``: the same authentication and permission classes, a tiny JSON
body) is measured in the same rounds and is the baseline of the ratios.

Where the time went (``DCP_BENCH_P3_SHOW_QUERIES`` and pyinstrument at 1,000 rows, before ADR 0021): the
review list's page query combined the staff filter with a correlated ``EXISTS`` in an ``OR`` (21 ms: every row
of the tenant tested); the membership list's page query sorted the joined rows (11 ms); the credential list
read each row's signed document, JWT and proof (kilobytes it never shows); the rest is 4 to 13 small queries
(session, user, tenant, staff programs, affiliations, the paginator's ``COUNT``) and DRF serializing 20 rows.
ADR 0021 says what was changed; the README's table is the last run.

Then (``cProfile`` on a CPU clock at 10,000 rows, before ADR 0024): most of a nominations, review or signals
request was Python, not the database. The ORM compiled 9 to 14 queries (0.3-0.5 ms each: tenant, staff
programs, affiliations, panel seats and cycles one query each); DRF serialized the page field by field
(``get_fields`` deep-copies the declared fields per request); the page's rows were model instances with their
joins (the review list decoded its cycle's rules and its track's rubric, JSON documents, once per row);
django-filter built its form with no filter asked. The database's part: the review list's ``COUNT`` and ids
joined cycles and programs; a member's signals were sorted (``kind IN`` gives no time order) and a deep page
walked ``offset`` index entries. ADR 0024: one query for the tenant's cycles and what the user runs, kept on
the request; the page's rows as plain values shaped by a fast writer that a test holds equal to the
serializer; pages past the middle read from the list's end (the deep page measured here, the last full one,
then costs what the first costs; a middle page walks half the list); an index in the signals list's order.
What remained: the stack (session, user, tenant), the ORM's compile time of 8 to 12 queries, and the exact
``COUNT`` (about 10 ms over a member's 100,000 signals).

Then (``cProfile`` on a CPU clock per list, ADR 0027): about 70 % of a request was ``django/db/models``, building
and compiling the same queries each time and building model instances for the page; the directory's group
count made a temporary table with three subqueries per member (15 ms at 10,000). Now: the tenant of a host is
kept per process; the viewer's cycles, staff programs and panel seats are one query; the queries every request
makes in the same shape (viewer facts, the page's rows, endorsement counts) are compiled once per process
(``openedx_dcp.prepared``); memberships and credentials pages are plain rows; staff running every program get
one index range instead of an ``OR``; the review list reads its ids from a (cycle, id, state) index in order;
the directory counts its groups in its index's order. Left: the exact ``COUNT`` over a member's 100,000
signals (tens of ms: an exact count kept per member would cost every signal's write, P1 and P2), the compiling
of the visibility queries the paginator counts and pages, and DRF and the session around them.

Then (wall clock around each step of a request, ADR 0029): the exact ``COUNT`` was 3-4 ms of every numbered
list at 10,000 rows on a machine whose trivial request takes 6 ms (about 300 ns per index entry), the
directory's grouped count 5.5 ms, and the review list spent 12 ms building and compiling its three row queries.
Now a list's count (and the directory's groups) is kept in the cache until a plugin table it reads is written;
the review list's rows are prepared reads; a member's evidence is paged by cursor (no count; the deep page
measured is the ``next`` link of the page before the last, made from that page's last row).

``DCP_BENCH_P3_SIZES`` (e.g. ``1000,10000``) and ``DCP_BENCH_P3_REQUESTS`` shrink the run for a quick look;
``DCP_BENCH_P3_SHOW_QUERIES=1`` prints every list's queries; ``DCP_BENCH_P3_PROFILE=<list name>[,<list name>]`` prints a
pyinstrument profile of those lists' deep page (pyinstrument must be installed).
"""

import base64
import datetime
import json
import os
import pathlib
import statistics
import time
import urllib.parse

from _setup import django_setup, drop_mysql_database

DATABASE = os.environ.get("DCP_BENCH_MYSQL_NAME", "dcp_bench_p3")
django_setup(mysql_database=DATABASE)

# pylint: disable=wrong-import-position
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from openedx_dcp.contributions.models import ContributionSignal  # noqa: E402
from openedx_dcp.credentials.models import BadgeCredential, StatusList  # noqa: E402
from openedx_dcp.membership import api as membership_api  # noqa: E402
from openedx_dcp.membership import renewal  # noqa: E402
from openedx_dcp.membership.models import Membership, MembershipTerm  # noqa: E402
from openedx_dcp.nominations.models import Endorsement, Nomination, NominationState  # noqa: E402
from openedx_dcp.programs.models import CommunityRole  # noqa: E402
from tests.factories import SiteFactory, UserFactory, grant_role, make_cycle, make_program, make_staff  # noqa: E402

SIZES = [int(size) for size in os.environ.get("DCP_BENCH_P3_SIZES", "1000,10000,100000").split(",")]
REQUESTS = int(os.environ.get("DCP_BENCH_P3_REQUESTS", "200"))
HOST = "p3.example.com"
TARGET = 3.0
REFERENCE_ROWS = 10_000
REFERENCE_ROWS_SIGNALS = 100_000
FIGURES = pathlib.Path(os.environ.get("DCP_BENCH_FIGURES", "/tmp/dcp-bench-figures"))
# A signed credential's document and JWT are a few kilobytes: the rows carry them as real ones do.
DOCUMENT = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
            "credentialSubject": {"achievement": {"description": "x" * 1500}}, "padding": "y" * 1500}
JWT = "e" * 3000


class World:
    """The program, its cycle and track, the staff reader and the member whose signals are listed."""

    def __init__(self):
        self.program = make_program(SiteFactory(domain=HOST))
        self.cycle = make_cycle(self.program)
        self.track = self.program.tracks.get(slug="engineer")
        self.nominator = UserFactory(username="p3-nominator")
        self.endorsers = [UserFactory(username=f"p3-endorser{i}") for i in range(3)]
        for endorser in self.endorsers:
            grant_role(self.program, endorser, CommunityRole.CORE_CONTRIBUTOR)
        self.staff = make_staff(self.program)
        self.status_list = StatusList.objects.create(program=self.program, number=1)
        self.rows = 0
        self.signals = 0
        self.member = None

    def grow(self, size):
        """Add rows until every list has ``size`` of them (the signals list too)."""
        User = get_user_model()
        start = self.rows
        User.objects.bulk_create([User(username=f"p3-user{i}") for i in range(start, size)], batch_size=5000)
        users = list(User.objects.filter(username__startswith="p3-user").order_by("pk")
                     .values_list("pk", flat=True)[start:size])
        Nomination.objects.bulk_create([
            Nomination(cycle=self.cycle, track=self.track, kind="peer", nominator=self.nominator, nominee_user_id=pk,
                       nominee_key=f"u{pk}", summary="Summary of contributions.", impact_statement="Impact.",
                       state=NominationState.EVALUATION, submitted_at=timezone.now())
            for pk in users
        ], batch_size=5000)
        nominations = Nomination.objects.filter(cycle=self.cycle, nominee_user_id__in=users).values_list("pk",
                                                                                                          flat=True)
        Endorsement.objects.bulk_create([
            Endorsement(nomination_id=nomination, endorser=endorser, role=CommunityRole.CORE_CONTRIBUTOR)
            for nomination in nominations for endorser in self.endorsers
        ], batch_size=5000)
        today = timezone.now().date()
        term_start = today - datetime.timedelta(days=200)
        Membership.objects.bulk_create([
            Membership(program=self.program, track=self.track, cycle=self.cycle, user_id=pk, member_key=f"u{pk}",
                       term_start=term_start, term_end=term_start + datetime.timedelta(days=730))
            for pk in users
        ], batch_size=5000)
        memberships = list(Membership.objects.filter(program=self.program, user_id__in=users).order_by("pk")
                           .values_list("pk", flat=True))
        now = timezone.now()
        BadgeCredential.objects.bulk_create([
            BadgeCredential(program=self.program, track=self.track, membership_id=pk, term_number=1, valid_from=now,
                            document=DOCUMENT, jwt=JWT, proof={"type": "DataIntegrityProof"}, kid="key-1",
                            alg="EdDSA", status_list=self.status_list, status_index=start + index)
            for index, pk in enumerate(memberships)
        ], batch_size=2000)
        if self.member is None:
            self.member = Membership.objects.select_related("program__site", "user").get(pk=memberships[0])
            # Its first term, as a membership started by the domain has (the rules its renewal is judged on).
            MembershipTerm.objects.create(membership=self.member, number=1, start=term_start,
                                          end=self.member.term_end, rules=self.program.current_rules)
        self._grow_signals(size, now)
        self.rows = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE TABLE openedx_dcp_nomination, openedx_dcp_membership, openedx_dcp_badgecredential, "
                           "openedx_dcp_contributionsignal, openedx_dcp_endorsement")
            cursor.fetchall()

    def _grow_signals(self, size, now):
        """
        The member's signals of the kinds that count for renewal, up to ``size``, in multi-row inserts of 10,000
        rows: mysqlclient's ``executemany`` writes one multi-row ``INSERT`` only when every value is a
        placeholder (with literals in ``VALUES`` it sent one statement per row: 100,000 rows took about 120 s).
        """
        requirement = renewal.renewal_requirement(self.member)
        kinds = list(requirement.signal_kinds) or ["code_contribution"]
        table = ContributionSignal._meta.db_table
        sql = (f"INSERT INTO {table} (site_id, user_id, organization_id, kind, source, source_id, occurred_at, "
               "weight, url, created) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
        created = now.strftime("%Y-%m-%d %H:%M:%S")
        rows = []
        with connection.cursor() as cursor:
            for n in range(self.signals, size):
                when = now - datetime.timedelta(minutes=1 + (n * 7919) % (150 * 24 * 60))
                rows.append((self.program.site_id, self.member.user_id, None, kinds[n % len(kinds)], "bench",
                             f"s{n}", when.strftime("%Y-%m-%d %H:%M:%S"), 1.0, "", created))
                if len(rows) == 10_000:
                    cursor.executemany(sql, rows)
                    rows = []
            if rows:
                cursor.executemany(sql, rows)
        self.signals = size

    def lists(self, size):
        """``{name: (path, reads anonymously)}`` of every list, at ``size`` rows."""
        slug = self.program.slug
        return {
            "nominations": ("/api/dcp/v1/nominations/", False),
            "review nominations": ("/api/dcp/v1/review/nominations/", False),
            "memberships": ("/api/dcp/v1/memberships/", False),
            "directory": (f"/api/dcp/v1/public/programs/{slug}/members/", True),
            "signals": (f"/api/dcp/v1/memberships/{self.member.pk}/evidence/", False),
            "credentials": ("/api/dcp/v1/credentials/", False),
        }


def timed(client, url):
    started = time.perf_counter()
    response = client.get(url, HTTP_HOST=HOST)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return elapsed, response


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1]


def deep(url, size):
    """The URL of a deep page of ``size`` rows: the last full page by number (page size 20)."""
    page = max(1, size // 20 - 1)
    return f"{url}{'&' if '?' in url else '?'}page={page}"


def deep_cursor(url, membership, size):
    """
    The URL of the last full page of the member's evidence (paged by cursor, ADR 0029): the ``next`` link a
    client reaches by following ``next`` from the first page, made here from the row the page before it ends on.
    """
    rows = membership_api.renewal_evidence(membership=membership).order_by("-occurred_at", "-id")
    when, pk = rows.values_list("occurred_at", "id")[size - 21]
    cursor = base64.b64encode(urllib.parse.urlencode({"p": f"{when.isoformat()}|{pk}"}).encode()).decode()
    return f"{url}?{urllib.parse.urlencode({'cursor': cursor})}"


def measure(world, size):
    """``{list: {"first": (p50, p95, queries), "deep": (...)}}``, ``trivial (p50, p95)`` at ``size`` rows."""
    staff, anonymous = Client(), Client()
    staff.force_login(world.staff)
    urls = {"trivial": (staff, "/bench/trivial/")}
    for name, (path, public) in world.lists(size).items():
        client = anonymous if public else staff
        urls[f"{name}|first"] = (client, path)
        deep_url = deep_cursor(path, world.member, size) if name == "signals" else deep(path, size)
        urls[f"{name}|deep"] = (client, deep_url)
    counts = {}
    for key, (client, url) in urls.items():
        timed(client, url)  # the process's first request to the host reads its tenant (kept, ADR 0027)
        with CaptureQueriesContext(connection) as queries:
            _, response = timed(client, url)
        counts[key] = len(queries)
        if key != "trivial":
            body = response.json()
            # The evidence has no count (paged by cursor): its pages are full and the deep one has no next.
            assert body.get("count", size) == size and len(body["results"]) == 20, (key, body.get("count"))
        if os.environ.get("DCP_BENCH_P3_SHOW_QUERIES"):
            print(f"  {key}: {len(queries)} queries")
            for query in queries.captured_queries:
                print(f"    {query['time']}s {query['sql'][:300]}")
    for profiled in filter(None, os.environ.get("DCP_BENCH_P3_PROFILE", "").split(",")):
        from pyinstrument import Profiler  # noqa: PLC0415  (only when asked for; not a requirement)

        client, url = urls[f"{profiled}|deep"]
        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(50):
                timed(client, url)
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    for client, url in urls.values():  # warm-up
        for _ in range(5):
            timed(client, url)
    samples = {key: [] for key in urls}
    for _ in range(REQUESTS):
        for key, (client, url) in urls.items():
            samples[key].append(timed(client, url)[0])
    figures = {"trivial": {"p50": statistics.median(samples["trivial"]) * 1000,
                           "p95": p95(samples["trivial"]) * 1000}}
    for key, values in samples.items():
        if key == "trivial":
            continue
        name, page = key.split("|")
        figures.setdefault(name, {})[page] = {
            "p50": statistics.median(values) * 1000, "p95": p95(values) * 1000, "queries": counts[key],
        }
    return figures


def main():
    started = time.monotonic()
    world = World()
    curve = {}
    failures = []
    with override_settings(ROOT_URLCONF="_p3_urls", DEBUG=False, DCP_RATE_LIMIT_PUBLIC=None):
        for size in SIZES:
            built = time.monotonic()
            world.grow(size)
            print(f"{size} rows per list built in {time.monotonic() - built:.0f}s; "
                  f"{REQUESTS} requests per endpoint, interleaved, on MariaDB", flush=True)
            figures = measure(world, size)
            curve[size] = figures
            trivial = figures["trivial"]["p95"]
            print(f"  {'trivial endpoint':<20} p50 {figures['trivial']['p50']:7.2f} ms   p95 {trivial:7.2f} ms")
            for name, pages in figures.items():
                if name == "trivial":
                    continue
                for page in ("first", "deep"):
                    f = pages[page]
                    print(f"  {name + ' ' + page:<30} p50 {f['p50']:7.2f} ms   p95 {f['p95']:7.2f} ms   "
                          f"{f['p95'] / trivial:5.2f}x   queries {f['queries']}")
                reference = REFERENCE_ROWS_SIGNALS if name == "signals" else REFERENCE_ROWS
                worst = max(pages["first"]["p95"], pages["deep"]["p95"]) / trivial
                same = pages["first"]["queries"] == pages["deep"]["queries"]
                if size == reference or (size == max(SIZES) and max(SIZES) < reference):
                    met = worst <= TARGET and same
                    if not met:
                        failures.append(name)
                    print(f"RESULT P3 {name} at {size} rows: p95 {pages['first']['p95'] / trivial:.2f}x (first "
                          f"page) and {pages['deep']['p95'] / trivial:.2f}x (deep page) the trivial endpoint "
                          f"({trivial:.1f} ms; target <= {TARGET:g}x), queries {pages['first']['queries']} and "
                          f"{pages['deep']['queries']} ({'same' if same else 'DIFFERENT'}): "
                          f"{'met' if met else 'NOT met'}", flush=True)
                elif not same:
                    failures.append(f"{name} queries at {size}")
    FIGURES.mkdir(parents=True, exist_ok=True)
    (FIGURES / "p3.json").write_text(json.dumps({str(size): figures for size, figures in curve.items()}, indent=1))
    print(f"figures written to {FIGURES / 'p3.json'}; built and measured in {time.monotonic() - started:.0f}s")
    drop_mysql_database(DATABASE)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
