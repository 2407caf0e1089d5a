"""
Counts kept until their tables change (openedx_dcp.counts, ADR 0029): a list's count is read once, then kept
until any way of writing a table it reads (a model's save, bulk_create, QuerySet.update, a delete, raw SQL) or a
transaction's commit; never inside a transaction, never for a table that is not the plugin's, never under a
lost token; and the REST lists answer the right count after every kind of write.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from openedx_dcp import counts
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs.models import Track
from tests.factories import UserFactory, make_cycle, make_program, make_staff, nominate

# Written outside a test transaction: the counts see committed rows, as in a request.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cycle():
    program = make_program()
    return make_cycle(program)


def _count(queryset):
    """``(count, whether the database counted)``."""
    with CaptureQueriesContext(connection) as queries:
        value = counts.kept_count(queryset)
    counted = [q for q in queries.captured_queries if q["sql"].upper().startswith("SELECT COUNT(")]
    return value, bool(counted)


def _nominations(cycle, n, start=0):
    track = cycle.program.tracks.get(slug="engineer")
    nominator = UserFactory()
    return [nominate(cycle, track, nominator, UserFactory(username=f"nominee{start + i}")) for i in range(n)]


def test_a_count_is_kept_until_its_table_is_written_by_any_path(cycle):
    _nominations(cycle, 2)
    listed = Nomination.objects.filter(cycle=cycle)
    assert _count(listed) == (2, True)
    assert _count(listed) == (2, False)
    _nominations(cycle, 1, start=10)  # the domain api (a model's save)
    assert _count(listed) == (3, True)
    first = Nomination.objects.filter(cycle=cycle).first()
    Nomination.objects.bulk_create([Nomination(
        cycle=cycle, track=first.track, kind="self", nominator=first.nominator, nominee_user=UserFactory(),
        nominee_key=f"bulk{i}", state="draft") for i in range(2)])
    assert _count(listed) == (5, True)
    assert _count(Nomination.objects.filter(cycle=cycle, state="draft")) == (5, True)
    Nomination.objects.filter(pk=first.pk).update(state="submitted")  # QuerySet.update
    assert _count(Nomination.objects.filter(cycle=cycle, state="draft")) == (4, True)
    Nomination.objects.filter(nominee_key="bulk0").delete()
    assert _count(listed) == (4, True)
    with connection.cursor() as cursor:  # raw SQL through Django
        cursor.execute(f"DELETE FROM {Nomination._meta.db_table} WHERE nominee_key = %s", ["bulk1"])
    assert _count(listed) == (3, True)
    assert _count(listed) == (3, False)


def test_a_write_to_another_table_the_count_reads_forgets_it(cycle):
    _nominations(cycle, 2)
    engineers = Nomination.objects.filter(track__slug="engineer", cycle=cycle)  # joins the tracks
    assert _count(engineers) == (2, True)
    assert _count(engineers) == (2, False)
    Track.objects.filter(slug="engineer").update(slug="engineering")
    assert _count(engineers) == (0, True)


def test_a_transaction_s_writes_count_once_committed_and_a_rollback_keeps_the_count(cycle):
    _nominations(cycle, 1)
    listed = Nomination.objects.filter(cycle=cycle)
    assert _count(listed) == (1, True)
    with transaction.atomic():
        _nominations(cycle, 1, start=5)
        assert _count(listed) == (2, True)  # inside a transaction: counted, never kept nor read from the cache
        assert _count(listed) == (2, True)
    assert _count(listed) == (2, True)  # committed: counted again
    assert _count(listed) == (2, False)
    with pytest.raises(RuntimeError), transaction.atomic():
        _nominations(cycle, 1, start=9)
        raise RuntimeError("rolled back")
    assert _count(listed) == (2, False)


def test_counts_reading_a_table_that_is_not_the_plugin_s_are_not_kept(cycle):
    _nominations(cycle, 2)
    by_name = Nomination.objects.filter(nominee_user__username__startswith="nominee")  # joins auth_user
    assert _count(by_name) == (2, True)
    get_user_model().objects.filter(username="nominee0").update(username="renamed")  # no plugin table written
    assert _count(by_name) == (1, True)


def test_a_lost_token_is_replaced_before_counting(cycle):
    _nominations(cycle, 1)
    listed = Nomination.objects.filter(cycle=cycle)
    assert _count(listed) == (1, True)
    caches["default"].delete(f"dcp:count-token:{Nomination._meta.db_table}")  # evicted
    assert _count(listed) == (1, True)
    assert _count(listed) == (1, False)


def test_switched_off_counts_every_time(cycle, settings):
    _nominations(cycle, 1)
    settings.DCP_COUNT_CACHE_SECONDS = 0
    listed = Nomination.objects.filter(cycle=cycle)
    assert [_count(listed), _count(listed)] == [(1, True), (1, True)]


def test_only_plugin_writes_are_noticed():
    assert counts._written_table('INSERT INTO `openedx_dcp_nomination` (`a`) VALUES (%s)') == "openedx_dcp_nomination"
    assert counts._written_table('UPDATE "openedx_dcp_membership" SET "state" = %s') == "openedx_dcp_membership"
    assert counts._written_table("delete from openedx_dcp_endorsement where id = 1") == "openedx_dcp_endorsement"
    assert counts._written_table("TRUNCATE TABLE `openedx_dcp_nomination`") == "openedx_dcp_nomination"
    assert counts._written_table('SELECT COUNT(*) FROM "openedx_dcp_nomination"') is None
    assert counts._written_table('UPDATE "auth_user" SET "last_login" = %s') is None
    assert counts._written_table("INSERT INTO openedx_dcp_contributionsignal (kind) VALUES (%s)") is None


def test_the_rest_list_answers_the_count_after_each_write(cycle, client):
    staff = make_staff(cycle.program)
    client.force_login(staff)
    host = cycle.program.site.domain

    def listed():
        return client.get("/api/dcp/v1/nominations/", HTTP_HOST=host).json()["count"]

    assert listed() == 0
    _nominations(cycle, 3)
    assert listed() == 3
    with CaptureQueriesContext(connection) as queries:
        assert listed() == 3
    assert not any(q["sql"].upper().startswith("SELECT COUNT(") for q in queries.captured_queries)
    Nomination.objects.filter(cycle=cycle).first().delete()
    assert listed() == 2


def test_the_directory_s_groups_are_kept_until_a_membership_track_or_cycle_is_written(cycle):
    from openedx_dcp.membership import api as membership_api
    from openedx_dcp.membership.models import Membership
    from tests.membership.factories import announced_cycle, make_membership

    program = cycle.program
    announced = announced_cycle(program, slug="announced")
    make_membership(announced, user=UserFactory(username="eng"))
    make_membership(announced, user=UserFactory(username="doc"))

    def listed():
        listing = membership_api.directory_listing(program=program, columns=("user__username", "track_id"))
        with CaptureQueriesContext(connection) as queries:
            rows = [row["user__username"] for row in listing[0:20]]
        return rows, len(queries)

    first, read = listed()
    again, kept = listed()
    assert sorted(first) == ["doc", "eng"] and again == first
    assert kept == read - 3  # the groups' sizes and the tracks' and cycles' keys are kept: the page alone
    track = program.tracks.get(slug="engineer")
    Track.objects.filter(pk=track.pk).update(order=track.order + 5)  # a track's order decides the directory's order
    assert listed()[1] == read
    Membership.objects.filter(user__username="eng").update(retired_at=announced.announcement_at)
    assert listed()[0] == [name for name in first if name != "eng"]


def test_the_directory_s_facets_are_kept_until_an_organization_or_affiliation_is_written(cycle):
    from openedx_dcp.membership import api as membership_api
    from openedx_dcp.programs.models import Affiliation, Organization
    from tests.membership.factories import announced_cycle, make_membership

    program = cycle.program
    member = UserFactory(username="member")
    make_membership(announced_cycle(program, slug="announced"), user=member)

    def facets():
        with CaptureQueriesContext(connection) as queries:
            found = membership_api.directory_facets(program=program)
        return found["organizations"], len(queries)

    assert facets()[0] == []
    assert facets() == ([], 0)  # kept: no query
    acme = Organization.objects.create(site=program.site, slug="acme", name="Acme")
    Affiliation.objects.create(user=member, organization=acme)
    assert facets()[0] == [("acme", "Acme")]


def test_a_transaction_renews_a_table_s_token_once_however_many_rows_it_writes(cycle):
    from unittest import mock

    with mock.patch.object(counts, "table_written", wraps=counts.table_written) as renewed:
        with transaction.atomic():
            _nominations(cycle, 3)
        tables = [call.args[0] for call in renewed.call_args_list]
    assert tables.count(Nomination._meta.db_table) == 1
    assert len(tables) == len(set(tables))


class _DownCache:
    """A cache that does not answer (Redis stopped)."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("the cache does not answer")
        return fail


def test_a_cache_that_does_not_answer_neither_fails_a_write_nor_a_count(cycle, monkeypatch):
    listed = Nomination.objects.filter(cycle=cycle)
    monkeypatch.setattr(counts, "_cache", lambda: _DownCache())
    _nominations(cycle, 2)  # written in autocommit and in transactions: stored, no error
    assert Nomination.objects.filter(cycle=cycle).count() == 2
    assert [_count(listed), _count(listed)] == [(2, True), (2, True)]  # counted each time
