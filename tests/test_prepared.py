"""
Prepared reads (openedx_dcp.prepared, ADR 0027): a query compiled once per shape answers exactly what the ORM
answers for every later set of ids (dates, times, JSON and booleans converted alike), compiles each shape once,
and leaves to the ORM the shapes it cannot keep.
"""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.prepared import PreparedQuery
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _nominations(shape, *, ids, nominator=None):
    rows = Nomination.objects.filter(pk__in=ids).annotate(
        endorsed=Exists(Endorsement.objects.filter(nomination=OuterRef("pk"))),
        endorsement_count=Count("endorsements"),
        label=Value("constant"),
    )
    if shape == "by nominator":
        rows = rows.filter(nominator_id=nominator)
    columns = ("id", "created", "consent_given_at", "evidence_links", "first_contribution_date", "endorsed",
               "endorsement_count", "label", "nominator__username")
    return rows.order_by("pk").values(*columns)


def test_rows_equal_the_orm_for_every_later_set_of_ids(world):
    prepared = PreparedQuery(_nominations)
    other = Nomination.objects.create(
        cycle=world.cycle, track=world.track, kind="peer", nominator=world.users["nominee"], nominee_key="x1",
        nominee_user=world.users["member"],
        summary="S", impact_statement="I", evidence_links=["https://a.example/1"],
        first_contribution_date=datetime.date(2020, 2, 29), consent_given_at=timezone.now(),
    )
    for ids in ([world.nomination.pk, other.pk], [other.pk, world.nomination.pk], [other.pk, 10 ** 9]):
        expected = list(_nominations(None, ids=ids))
        assert prepared.rows(None, int_lists={"ids": ids}) == expected
    assert isinstance(expected[0]["created"], datetime.datetime) and expected[0]["created"].tzinfo is not None
    assert expected[0]["evidence_links"] == ["https://a.example/1"]
    assert expected[0]["endorsed"] is False
    rows = prepared.rows(None, int_lists={"ids": [world.nomination.pk]})
    assert rows[0]["endorsed"] is True and rows[0]["endorsement_count"] == 3
    by = prepared.rows("by nominator", ints={"nominator": world.users["nominee"].pk},
                       int_lists={"ids": [world.nomination.pk, other.pk]})
    assert [row["id"] for row in by] == [other.pk]


def test_each_shape_is_built_and_compiled_once():
    build = mock.Mock(side_effect=_nominations)
    prepared = PreparedQuery(build)
    for ids in ([1, 2], [3, 4], [5, 6]):
        prepared.rows(None, int_lists={"ids": ids})
    assert build.call_count == 1
    prepared.rows(None, int_lists={"ids": [1, 2, 3]})  # three ids: another shape
    prepared.rows("by nominator", ints={"nominator": 1}, int_lists={"ids": [1]})
    assert build.call_count == 3
    with CaptureQueriesContext(connection) as queries:
        prepared.rows(None, int_lists={"ids": [7, 8]})
    assert len(queries) == 1


def test_tuples_and_flat_lists(world):
    prepared = PreparedQuery(lambda shape, *, user: Affiliation.objects.filter(user_id=user).order_by("pk")
                             .values_list(*shape, flat=len(shape) == 1))
    organization = OrganizationFactory(site=world.site_a)
    Affiliation.objects.create(user=world.users["nominee"], organization=organization, start=datetime.date(2020, 1, 1))
    user = world.users["nominee"].pk
    assert prepared.rows(("organization_id",), ints={"user": user}) == [organization.pk]
    assert prepared.rows(("organization_id", "start", "end"), ints={"user": user}) == [
        (organization.pk, datetime.date(2020, 1, 1), None)]


def test_a_shape_that_cannot_be_kept_runs_through_the_orm_every_time(world):
    # An empty list of ids compiles to nothing (the ORM answers without a query).
    build = mock.Mock(side_effect=_nominations)
    prepared = PreparedQuery(build)
    with CaptureQueriesContext(connection) as queries:
        assert prepared.rows(None, int_lists={"ids": []}) == []
        assert prepared.rows(None, int_lists={"ids": []}) == []
    assert len(queries) == 0
    # An id written twice in one list: the ORM writes it once, and the kept query answers the same.
    twice = PreparedQuery(lambda shape, *, a, b: Nomination.objects.filter(pk__in=[a, a, b]).values_list("pk",
                                                                                                        flat=True))
    assert twice.rows(None, ints={"a": world.nomination.pk, "b": 10 ** 9}) == [world.nomination.pk]
    assert twice._compiled and all(compiled is not False for compiled in twice._compiled.values())
    # None is not an id (the ORM writes IS NULL): that call goes through the ORM.
    assert twice.rows(None, ints={"a": world.nomination.pk, "b": None}) == [world.nomination.pk]
    # Model instances are the ORM's: never kept.
    instances = PreparedQuery(lambda shape, *, pk: Nomination.objects.filter(pk=pk))
    assert instances.rows(None, ints={"pk": world.nomination.pk}) == [world.nomination]
    assert list(instances._compiled.values()) == [False]


def test_the_viewer_facts_through_prepared_queries(world):
    """``affiliated_organization_ids`` compares the day in Python: the same answer as the ORM's filter."""
    user = world.users["nominee"]
    today = datetime.date(2026, 6, 15)
    long_ago = datetime.date(2020, 1, 1)
    spans = {"current": (long_ago, None), "ended": (long_ago, datetime.date(2026, 6, 14)),
             "ends today": (long_ago, today), "starts today": (today, None),
             "future": (datetime.date(2026, 6, 16), None)}
    organizations = {}
    for name, (start, end) in spans.items():
        organizations[name] = OrganizationFactory(site=world.site_a, slug=name.replace(" ", "-"))
        Affiliation.objects.create(user=user, organization=organizations[name], start=start, end=end)
    expected = {organizations[name].pk for name in ("current", "ends today", "starts today")}
    assert programs_api.affiliated_organization_ids(user=user, on=today) == expected
    assert programs_api.staff_program_ids(user=world.users["staff"], site=world.site_a) == {world.program.pk}
    assert programs_api.staff_program_ids(user=world.users["staff"], site=world.site_b) == set()
    assert programs_api.staff_program_ids(user=UserFactory(), site=world.site_a) == set()


def test_the_shapes_kept_are_bounded(world, monkeypatch):
    from openedx_dcp import prepared  # noqa: PLC0415

    monkeypatch.setattr(prepared, "MAX_SHAPES", 2)
    build = mock.Mock(side_effect=_nominations)
    kept = PreparedQuery(build)
    for length in (1, 2, 3, 3):
        ids = [world.nomination.pk] + [10 ** 9 + n for n in range(length - 1)]
        assert kept.rows(None, int_lists={"ids": ids}) == list(_nominations(None, ids=ids))
    assert len(kept._compiled) == 2
    assert build.call_count == 4  # two shapes built once to compile, then the third shape built by the ORM each time


def test_the_tenant_cycles_are_prepared_for_every_kind_of_viewer(world):
    """Staff, a superuser, a learner and an anonymous visitor: each shape kept (none left to the ORM)."""
    from django.contrib.auth.models import AnonymousUser  # noqa: PLC0415

    from openedx_dcp.review import api as review_api  # noqa: PLC0415

    root = UserFactory(username="root", is_superuser=True)
    for user in (world.users["staff"], root, world.users["learner"], AnonymousUser()):
        for read in (programs_api.tenant_cycles, review_api.viewer_cycles):
            cycles = read(user=user, site=world.site_a)
            assert cycles.programs == {world.cycle.pk: world.program.pk}
            assert cycles.staff == (frozenset({world.cycle.pk}) if user in (world.users["staff"], root)
                                    else frozenset())
    assert programs_api._TENANT_CYCLES._compiled
    assert all(compiled is not False for compiled in programs_api._TENANT_CYCLES._compiled.values())


@pytest.mark.django_db
def test_a_member_s_evidence_reads_are_prepared_and_answer_the_orm(program):
    """
    A term's rules (its number is the shape: a small integer field would compile a sentinel as no row) and the
    membership with its joins are kept, and answer what the ORM answers.
    """
    from openedx_dcp.membership import api as membership_api  # noqa: PLC0415
    from openedx_dcp.membership import renewal  # noqa: PLC0415
    from openedx_dcp.membership.models import Membership  # noqa: PLC0415
    from tests.membership.factories import announced_cycle, make_membership  # noqa: PLC0415

    membership = make_membership(announced_cycle(program), user=UserFactory(username="member"))
    for _ in range(2):
        rules = renewal.term_rules(membership)
        expected = membership.terms.get(number=membership.term_number).rules
        assert (rules.pk, rules.version, rules.data) == (expected.pk, expected.version, expected.data)
    assert renewal._TERM_RULES._compiled and all(c is not False for c in renewal._TERM_RULES._compiled.values())
    read = membership_api.visible_membership(user=membership.user, site=program.site, pk=membership.pk)
    plain = Membership.objects.select_related("program__site", "track", "user", "organization").get(pk=membership.pk)
    assert (read.pk, read.program.slug, read.program.site.domain, read.track.slug, read.user.username) == (
        plain.pk, plain.program.slug, plain.program.site.domain, plain.track.slug, plain.user.username)
    assert read.organization is None
    assert all(c is not False for c in membership_api._MEMBERSHIP_READ._compiled.values())
    assert membership_api.visible_membership(user=UserFactory(), site=program.site, pk=membership.pk) is None


@pytest.mark.django_db
def test_the_nomination_page_s_endorsements_are_the_orm_s(nomination, people):
    """The page's endorsements (a prepared read): every one, oldest first, with the endorser's name and state."""
    from openedx_dcp.pages.views.nominations import endorsements_of  # noqa: PLC0415
    from tests.factories import endorse  # noqa: PLC0415

    for endorser in people["endorsers"][:2]:
        endorse(nomination, endorser, statement=f"Endorsed by {endorser.username}.")
    Endorsement.objects.filter(endorser=people["endorsers"][0]).update(withdrawn_at=timezone.now())
    for _ in range(2):
        read = endorsements_of(nomination)
        plain = list(nomination.endorsements.select_related("endorser").order_by("created", "id"))
        assert [(e.pk, e.endorser.username, e.role, e.statement, e.created, e.withdrawn_at, e.is_active)
                for e in read] == [(e.pk, e.endorser.username, e.role, e.statement, e.created, e.withdrawn_at,
                                    e.is_active) for e in plain]
    assert len(read) == 2 and not read[0].is_active
    from openedx_dcp.pages.views import nominations as page_views  # noqa: PLC0415

    assert all(compiled is not False for compiled in page_views._ENDORSEMENTS._compiled.values())


@pytest.mark.django_db
def test_the_pages_nomination_rows_are_the_orm_s(nomination, people):
    """``nomination_rows`` (prepared): the nomination with its cycle (program, site, rules), track and people."""
    from openedx_dcp.pages.views.nominations import nomination_rows  # noqa: PLC0415

    read = nomination_rows([nomination.pk, 10**9])
    plain = Nomination.objects.select_related("cycle__program__site", "cycle__rules", "track", "nominator",
                                              "nominee_user", "nominee_organization").get(pk=nomination.pk)
    assert list(read) == [nomination.pk]
    row = read[nomination.pk]
    fields = [field.attname for field in Nomination._meta.concrete_fields]
    assert [getattr(row, name) for name in fields] == [getattr(plain, name) for name in fields]
    assert (row.cycle.program.site.domain, row.cycle.rules.data, row.track.rubric, row.nominator.email,
            row.nominee_user.username, row.nominee_organization) == (
        plain.cycle.program.site.domain, plain.cycle.rules.data, plain.track.rubric, plain.nominator.email,
        plain.nominee_user.username, None)
