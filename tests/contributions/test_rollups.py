"""
The daily signal rollups the dashboard reads (P4, ADR 0013) agree with a full recount of the signals, whatever
path stored the signals (event receivers' single insert, batch API, streaming import), after late signals for
days already counted, and after deleting the people and organizations the signals belong to.
"""

import collections
import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.contributions import rollups
from openedx_dcp.contributions.models import ContributionSignal, SignalDayCount, SignalRollupState
from openedx_dcp.membership import engagement
from openedx_dcp.membership.models import Membership
from openedx_dcp.programs.models import Cycle
from tests.factories import OrganizationFactory, SiteFactory, UserFactory, make_cycle, make_program
from tests.plans import analyze, plan_of

UTC = datetime.UTC


def recounted():
    """Every signal counted in Python by tenant, person or organization, kind and UTC day: the reference."""
    counts = collections.Counter()
    for signal in ContributionSignal.objects.all():
        day = signal.occurred_at.astimezone(UTC).date()
        counts[(signal.site_id, signal.user_id, signal.organization_id, signal.kind, day)] += 1
    return dict(counts)


def rolled_up():
    return {
        (r.site_id, r.user_id, r.organization_id, r.kind, r.day): r.signals for r in SignalDayCount.objects.all()
    }


def item(n, occurred_at, **overrides):
    data = {"kind": "code_contribution", "source": "github", "source_id": f"pr#{n}", "occurred_at": occurred_at,
            "user": "ada"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def world(db):
    site, other = SiteFactory(domain="rollups.example.com"), SiteFactory(domain="other.example.com")
    ada, bob = UserFactory(username="ada"), UserFactory(username="bob")
    acme = OrganizationFactory(site=site, slug="acme")
    return {"site": site, "other": other, "ada": ada, "bob": bob, "acme": acme}


def test_p4_rollups_agree_with_a_full_recount_across_every_write_path_and_deletions(world):
    site, other, ada, bob, acme = (world[k] for k in ("site", "other", "ada", "bob", "acme"))
    # The event receivers' path: one INSERT per event; two signals either side of a UTC midnight.
    for n, when in enumerate([datetime.datetime(2025, 3, 1, 23, 59, 59, tzinfo=UTC),
                              datetime.datetime(2025, 3, 2, 0, 0, 0, tzinfo=UTC),
                              datetime.datetime(2025, 3, 2, 8, 0, 0, tzinfo=UTC)]):
        contributions_api.record_signal(site_id=site.pk, kind="forum_response", source_id=f"event-{n}",
                                        occurred_at=when, user_id=ada.pk)
    contributions_api.record_signal(site_id=other.pk, kind="forum_response", source_id="event-x",
                                    occurred_at=datetime.datetime(2025, 3, 2, tzinfo=UTC),
                                    user_id=ada.pk)
    # The batch API: a person and an organization, one duplicate that must not count twice.
    report = contributions_api.ingest_signals(site=site, items=[
        item(1, "2025-03-02T10:00:00Z"), item(1, "2025-03-02T10:00:00Z"),
        item(2, "2025-03-02T11:00:00Z", user=None, organization="acme", kind="financial_contribution"),
        item(3, "2025-04-10T12:00:00+02:00", user="bob"),
    ])
    assert report["inserted"] == 3
    assert rollups.refresh_signal_rollups()["days"] == 4  # (site, 1 Mar), (site, 2 Mar), (site, 10 Apr), (other, 2 Mar)
    assert rolled_up() == recounted()
    assert rolled_up()[(site.pk, ada.pk, None, "forum_response", datetime.date(2025, 3, 2))] == 2

    # A streamed import brings late signals for a day already counted, and new days.
    rows = [(i, item(100 + i, f"2025-03-{1 + i % 20:02d}T0{i % 10}:00:00Z", user="bob" if i % 3 else "ada"))
            for i in range(60)]
    assert contributions_api.import_signals(site=site, rows=iter(rows), batch_size=25).inserted == 60
    assert rolled_up() != recounted()  # not counted until the next refresh: the watermark says how far
    assert rollups.refresh_signal_rollups()["days"] == 20
    assert rolled_up() == recounted()
    assert rollups.refresh_signal_rollups() == {
        "days": 0, "rows": 0, "last_signal_id": ContributionSignal.objects.order_by("-pk").first().pk,
    }

    # Deleting a person or an organization deletes their signals and their rollups alike.
    bob.delete()
    acme.delete()
    assert rolled_up() == recounted()
    assert not SignalDayCount.objects.filter(user_id=bob.pk).exists()


def test_p4_full_rebuild_by_the_command_recounts_every_day(world):
    site, ada = world["site"], world["ada"]
    contributions_api.ingest_signals(
        site=site, items=[item(n, f"2025-0{1 + n % 6}-1{n % 10}T12:00:00Z") for n in range(40)])
    rollups.refresh_signal_rollups()
    # A rollup row gone wrong (a lost update, a restore): only a full rebuild finds it, the command does it.
    SignalDayCount.objects.filter(user=ada).update(signals=99)
    out = io.StringIO()
    call_command("dcp_refresh_signal_rollups", "--full", stdout=out)
    assert "days recounted" in out.getvalue()
    assert rolled_up() == recounted()
    assert SignalRollupState.objects.get().last_signal_id == ContributionSignal.objects.order_by("-pk").first().pk


def test_p4_retention_from_rollups_equals_retention_from_signals(world):
    site, ada, bob = world["site"], world["ada"], world["bob"]
    program = make_program(site)
    cycle = make_cycle(program, slug="c2024")
    announced = datetime.datetime(2024, 2, 1, 9, tzinfo=UTC)
    day = datetime.timedelta(days=1)
    Cycle.objects.filter(pk=cycle.pk).update(
        stage=Cycle.ANNOUNCED, nominations_open=announced - 80 * day, nominations_close=announced - 30 * day,
        review_start=announced - 30 * day, review_end=announced - 15 * day, announcement_at=announced,
    )
    cycle.refresh_from_db()
    track = program.tracks.get(slug="engineer")
    people = [ada, bob] + [UserFactory(username=f"m{i}") for i in range(4)]
    for person in people:
        Membership.objects.create(program=program, track=track, cycle=cycle, user=person,
                                  term_start=announced.date(), term_end=datetime.date(2026, 2, 1))
    # Signals at the edges of the window before the first anniversary, so an off-by-one day would show.
    anniversary = datetime.datetime.combine(announced.date() + datetime.timedelta(days=365), datetime.time.min,
                                            tzinfo=UTC)
    offsets = [datetime.timedelta(seconds=-1), datetime.timedelta(0), datetime.timedelta(days=-89),
               datetime.timedelta(days=-90), datetime.timedelta(days=-91), datetime.timedelta(days=-30)]
    for i, (person, offset) in enumerate(zip(people, offsets)):
        contributions_api.record_signal(site_id=site.pk, kind="code_contribution", source_id=f"s{i}",
                                        occurred_at=anniversary + offset,
                                        user_id=person.pk)
    rollups.refresh_signal_rollups()
    as_of = datetime.date(2025, 6, 1)
    from_signals = engagement.cohort_retention(cycle=cycle, as_of=as_of)
    from_rollups = engagement.cohort_retention(cycle=cycle, as_of=as_of, from_rollups=True)
    assert from_signals["due"] == 6
    # In the 90-day window: 1 s before the anniversary, 89, 90 and 30 days before; out: at it, 91 days before.
    assert from_signals["engaged"] == 4
    assert from_rollups == from_signals
    assert engagement.survival(cycle=cycle, as_of=as_of, from_rollups=True) == engagement.survival(cycle=cycle,
                                                                                                   as_of=as_of)


def test_p4_rebuilding_a_run_of_days_reads_the_signals_index_alone(world):
    """The rollups' rebuild groups a run of days from the ``(site, occurred_at, user, organization, kind)`` index,
    never the signal rows (ADR 0021): half the time at 1,000,000 signals on MariaDB."""
    start = datetime.datetime(2025, 1, 1, tzinfo=UTC)
    ContributionSignal.objects.bulk_create([
        ContributionSignal(site=world["site"] if n % 3 else world["other"], user=world["ada"] if n % 2 else None,
                           organization=None if n % 2 else world["acme"], kind=("code_review", "talk")[n % 2],
                           source="bench", source_id=f"s{n}", occurred_at=start + datetime.timedelta(hours=7 * n))
        for n in range(600)
    ])
    analyze()
    with CaptureQueriesContext(connection) as queries:
        rollups.refresh_signal_rollups(full=True)
    rebuilds = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT INTO")
                and SignalDayCount._meta.db_table in q["sql"].split("SELECT")[0]]
    assert rebuilds
    plan = plan_of(rebuilds[0])
    assert "dcp_signal_site_at_who" in plan and ("Using index" in plan or "COVERING INDEX" in plan), plan
    assert rolled_up() == recounted()


def test_p4_a_run_of_days_is_cut_by_its_signals():
    """A run of consecutive days is cut so that no rewrite groups more than its budget of signals (its
    ``GROUP BY``'s temporary table then stays in memory on MariaDB, ADR 0028); a day over budget is its own run."""
    day = datetime.date(2025, 1, 1)
    days = [day + datetime.timedelta(days=n) for n in range(5)]
    counts = {days[0]: 3, days[1]: 3, days[2]: 10, days[3]: 1}  # days[4]: no signal
    assert rollups._split_by_volume(days[0], days[4], counts, 5) == [
        (days[0], days[0]), (days[1], days[1]), (days[2], days[2]), (days[3], days[4])]
    assert rollups._split_by_volume(days[0], days[4], counts, 100) == [(days[0], days[4])]


def test_p4_a_refresh_over_its_signal_budget_rewrites_in_smaller_runs_and_agrees_with_a_recount(world, monkeypatch):
    start = datetime.datetime(2025, 3, 1, 12, tzinfo=UTC)
    ContributionSignal.objects.bulk_create([
        ContributionSignal(site=world["site"], user=world["ada"] if n % 3 else world["bob"],
                           kind=("talk", "code_review")[n % 2], source="bench", source_id=f"s{n}",
                           occurred_at=start + datetime.timedelta(hours=5 * n))
        for n in range(100)  # 22 consecutive days, 4 to 5 signals a day
    ])
    if connection.vendor == "mysql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT LEAST(@@tmp_table_size, @@max_heap_table_size)")
            assert rollups._signals_per_query() == int(cursor.fetchone()[0]) // rollups.GROUP_BYTES
    monkeypatch.setattr(rollups, "_signals_per_query", lambda: 10)
    with CaptureQueriesContext(connection) as queries:
        result = rollups.refresh_signal_rollups()
    rewrites = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT INTO")
                and SignalDayCount._meta.db_table in q["sql"].split("SELECT")[0]]
    assert result["days"] == 22 and len(rewrites) >= 10  # one run of 22 days, cut into runs of about 2 days
    assert rolled_up() == recounted()
    # Late signals on a few of those days: only those days are recounted, in runs within the budget too.
    ContributionSignal.objects.bulk_create([
        ContributionSignal(site=world["site"], user=world["ada"], kind="talk", source="bench", source_id=f"late{n}",
                           occurred_at=start + datetime.timedelta(days=n)) for n in range(3)
    ])
    assert rollups.refresh_signal_rollups()["days"] == 3
    assert rolled_up() == recounted()
