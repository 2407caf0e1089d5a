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
    # site, program, count, page: whatever the number of members.
    assert len(queries) == 4
