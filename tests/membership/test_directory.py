"""
The public directory of Distinguished Contributors (R23) and its alumni (R15).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from openedx_dcp.membership.models import Membership, MembershipState
from tests.factories import OrganizationFactory, UserFactory


def _member(program, track, username, state=MembershipState.ACTIVE, organization=None):
    return Membership.objects.create(
        program=program, track=track, user=None if organization else UserFactory(username=username),
        organization=organization, state=state, term_start=datetime.date(2025, 7, 1),
        term_end=datetime.date(2027, 7, 1),
        lapsed_on=datetime.date(2026, 1, 1) if state in MembershipState.ENDED else None,
    )


def _get(program, **params):
    return APIClient(HTTP_HOST=program.site.domain).get(f"/api/dcp/v1/public/programs/{program.slug}/members/",
                                                        params)


def test_r23_directory_lists_live_members_to_anyone(program, track):
    _member(program, track, "ada")
    _member(program, track, "bob", MembershipState.GRACE)
    _member(program, track, "carl", MembershipState.LIFETIME)
    _member(program, track, "dora", MembershipState.LAPSED)
    _member(program, track, "eve", MembershipState.REVOKED)
    partner = program.tracks.get(slug="partner")
    _member(program, partner, None, organization=OrganizationFactory(site=program.site, name="Acme Learning"))
    response = _get(program)
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    rows = response.json()["results"]
    assert sorted(r["member"] for r in rows) == ["Acme Learning", "ada", "bob", "carl"]
    ada = next(r for r in rows if r["member"] == "ada")
    assert (ada["kind"], ada["track"], ada["lifetime"]) == ("person", "engineer", False)
    assert ada["badges_url"].endswith("/api/dcp/v1/public/badges/ada/")
    assert next(r for r in rows if r["member"] == "carl")["lifetime"] is True
    assert next(r for r in rows if r["member"] == "Acme Learning")["badges_url"] is None


def test_r15_alumni_are_listed_apart_and_revoked_never(program, track):
    _member(program, track, "ada")
    _member(program, track, "dora", MembershipState.LAPSED)
    _member(program, track, "eve", MembershipState.REVOKED)
    rows = _get(program, status="alumni").json()["results"]
    assert [r["member"] for r in rows] == ["dora"]
    bad = _get(program, status="everyone")
    assert bad.status_code == 400 and "status" in bad.json()


def test_r1_directory_is_the_tenant_s_own(program, track):
    from tests.factories import make_program

    other = make_program()
    _member(other, other.tracks.get(slug="engineer"), "zed")
    # Tenant A's host does not know tenant B's program, even with the same slug: only A's members show.
    _member(program, track, "ada")
    assert [r["member"] for r in _get(program).json()["results"]] == ["ada"]
    missing = APIClient(HTTP_HOST=program.site.domain).get("/api/dcp/v1/public/programs/nope/members/")
    assert missing.status_code == 404


@pytest.mark.parametrize("size", [1, 25])
def test_p3_directory_queries_do_not_grow(program, track, size):
    for i in range(size):
        _member(program, track, f"m{i}")
    with CaptureQueriesContext(connection) as queries:
        assert _get(program).status_code == 200
    # site, program, the groups' sizes, the program's tracks and cycles (sort keys), the page: whatever the
    # number of members.
    assert len(queries) == 6


def test_p3_directory_pages_are_the_directory_s_rows_in_its_order(program, track):
    """
    The listing the API pages through (groups of a track and a cohort, then ids at an offset) gives exactly the
    rows of ``directory()`` in its order: tracks by order and slug, cohorts by announcement (cycles announced
    together are one cohort, ordered by id across them; no cycle first), for every page size and page.
    """
    from django.utils import timezone

    from openedx_dcp.membership import api as membership_api
    from tests.factories import make_cycle

    announced = timezone.now() + datetime.timedelta(days=90)
    early = make_cycle(program, slug="early", open_for_nominations=False)  # announced before the twins
    together = [make_cycle(program, slug=slug, announcement_at=announced) for slug in ("twin-a", "twin-b")]
    partner = program.tracks.get(slug="partner")
    partner.order = track.order  # same order: the slug decides
    partner.save()
    states = [MembershipState.ACTIVE, MembershipState.LAPSED, MembershipState.LIFETIME, MembershipState.REVOKED]
    for i in range(30):  # ids interleave across tracks and cycles
        cycle = [None, early, together[0], together[1]][i % 4]
        member_track = [track, partner][(i // 4) % 2]
        membership = _member(program, member_track, f"m{i}", states[(i // 8) % len(states)])
        Membership.objects.filter(pk=membership.pk).update(cycle=cycle, retired_at=timezone.now() if i == 7 else None)
    for alumni in (False, True):
        expected = [m.pk for m in membership_api.directory(program=program, alumni=alumni)]
        listing = membership_api.directory_listing(program=program, alumni=alumni)
        assert listing.count() == len(expected) > 3
        for size in (1, 2, 3, 7, 20):
            for start in range(0, len(expected), size):
                assert [m.pk for m in listing[start:start + size]] == expected[start:start + size], (alumni, size)


def test_p3_directory_deep_pages_make_the_first_page_s_queries(program, track):
    for i in range(12):
        _member(program, track if i % 3 else program.tracks.get(slug="partner"), f"m{i}")

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            response = _get(program, page_size=5, page=page)
        assert response.status_code == 200 and response.json()["count"] == 12
        return len(captured)

    assert queries(1) == queries(2) == queries(3) == 6


def test_directory_items_equal_the_directory_entry_serializer(program, track):
    """A person, an organization, a lifetime member, one recognized by an announced cycle (ADR 0027)."""
    from django.utils import timezone  # noqa: PLC0415

    from openedx_dcp.api.v1.membership import serializers as membership_serializers  # noqa: PLC0415
    from openedx_dcp.membership import api as membership_api  # noqa: PLC0415
    from tests.factories import make_cycle  # noqa: PLC0415

    _member(program, track, "ada")
    _member(program, track, "carl", MembershipState.LIFETIME)
    _member(program, program.tracks.get(slug="partner"), None,
            organization=OrganizationFactory(site=program.site, name="Acme Learning"))
    cohort = _member(program, track, "user name+x")  # a username reverse() must quote
    cycle = make_cycle(program, slug="announced")
    # Announced 40 days ago (the row alone: its dates' order is not what is compared).
    ago = [timezone.now() - datetime.timedelta(days=days) for days in (200, 150, 140, 60, 40)]
    type(cycle).objects.filter(pk=cycle.pk).update(nominations_open=ago[0], nominations_close=ago[1],
                                                   review_start=ago[2], review_end=ago[3], announcement_at=ago[4])
    cycle.refresh_from_db()
    Membership.objects.filter(pk=cohort.pk).update(cycle=cycle)
    instances = membership_api.directory_listing(program=program)[0:10]
    rows = membership_api.directory_listing(program=program, columns=membership_serializers.DIRECTORY_COLUMNS)[0:10]
    expected = membership_serializers.DirectoryEntrySerializer(instances, many=True,
                                                               context={"site": program.site}).data
    fast = membership_serializers.directory_items(rows, site=program.site)
    assert len(fast) == 4
    assert fast == [dict(row) for row in expected]
    assert [list(row) for row in fast] == [list(row) for row in expected]
    assert {row["member_since"] for row in fast} == {datetime.date(2025, 7, 1), cycle.announcement_at.date()}


def test_a_member_recorded_with_another_program_s_track_is_still_listed(program, track):
    """A hand-made row whose track is another program's: the directory sorts it by that track, not a 500."""
    from tests.factories import SiteFactory, make_program  # noqa: PLC0415

    other = make_program(SiteFactory(domain="other-directory.example.com"), slug="other")
    _member(program, track, "ada")
    _member(program, other.tracks.get(slug="engineer"), "stray")
    response = _get(program)
    assert response.status_code == 200
    assert sorted(row["member"] for row in response.json()["results"]) == ["ada", "stray"]
