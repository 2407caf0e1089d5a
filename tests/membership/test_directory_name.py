"""
The directory's stored sort key (``Membership.directory_name``, P5, ADR 0026) stays true on every path that
changes a member's name: a membership created, a user renamed, an organization renamed; retirement blanks it.
The public directory pages in that order.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import Membership, MembershipState
from tests.factories import OrganizationFactory, UserFactory


def _member(program, track, user=None, organization=None, state=MembershipState.ACTIVE):
    return Membership.objects.create(
        program=program, track=track, user=user, organization=organization, state=state,
        term_start=datetime.date(2025, 7, 1), term_end=datetime.date(2027, 7, 1),
    )


def _name(membership):
    return Membership.objects.values_list("directory_name", flat=True).get(pk=membership.pk)


def _order(program):
    return [m.pk for m in membership_api.directory_search(program=program)]


@pytest.mark.django_db
def test_a_new_membership_stores_the_name_it_is_listed_by(program, track):
    full = _member(program, track, UserFactory(username="ada", first_name="Ada", last_name="Lovelace"))
    bare = _member(program, track, UserFactory(username="Bob_", first_name="", last_name=""))
    partner = program.tracks.get(slug="partner")
    organization = _member(program, partner, organization=OrganizationFactory(site=program.site, name="Acme Learning"))
    assert (_name(full), _name(bare), _name(organization)) == ("ada lovelace", "bob_", "acme learning")


@pytest.mark.django_db
def test_a_renamed_user_moves_in_the_directory(program, track):
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    zed = UserFactory(username="zed", first_name="Zed", last_name="Zimmer")
    first, second = _member(program, track, ada), _member(program, track, zed)
    assert _order(program) == [first.pk, second.pk]
    ada.last_name, ada.first_name = "Young", "Zoe"
    ada.save()
    assert _name(first) == "zoe young"
    assert _order(program) == [second.pk, first.pk]
    zed.username = "aaron"
    zed.first_name = zed.last_name = ""
    zed.save(update_fields=["username", "first_name", "last_name"])
    assert _name(second) == "aaron"


@pytest.mark.django_db
def test_a_sign_in_or_a_new_account_costs_no_query_for_the_directory(program, track):
    ada = UserFactory(username="ada")
    _member(program, track, ada)
    with CaptureQueriesContext(connection) as queries:
        ada.save(update_fields=["last_login"])
    assert len(queries) == 1  # the UPDATE of last_login itself
    with CaptureQueriesContext(connection) as queries:
        UserFactory(username="newcomer")
    assert not any("openedx_dcp_membership" in query["sql"] for query in queries)


@pytest.mark.django_db
def test_a_renamed_organization_moves_in_the_directory(program):
    partner = program.tracks.get(slug="partner")
    acme = OrganizationFactory(site=program.site, name="Acme Learning")
    beta = OrganizationFactory(site=program.site, name="Beta Labs")
    first, second = _member(program, partner, organization=acme), _member(program, partner, organization=beta)
    assert _order(program) == [first.pk, second.pk]
    acme.name = "Zenith Learning"
    acme.save()
    assert _name(first) == "zenith learning"
    assert _order(program) == [second.pk, first.pk]


@pytest.mark.django_db
def test_retirement_blanks_the_stored_name_and_a_later_rename_leaves_it_blank(program, track):
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    membership = _member(program, track, ada)
    membership_api.retire_user(user=ada)
    assert _name(membership) == ""
    ada.first_name = "Retired"
    ada.save()
    membership.refresh_from_db()
    membership.save()
    assert _name(membership) == ""
    assert _order(program) == []
