"""
The lean read path of list pages (P3, ADR 0025): a page read from the nearer end of a list is the page read from
its start, and a page shaped by ``PlannedListSerializer`` equals, row for row, what the list's serializer answers
for each object, for every variant of a row.
"""

import datetime

from django.core.paginator import Paginator
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from openedx_dcp.api.v1.credentials.serializers import CredentialSerializer
from openedx_dcp.api.v1.lists import NearerEndPaginator, PlannedListSerializer
from openedx_dcp.api.v1.membership.serializers import DirectoryEntrySerializer, MembershipSerializer
from openedx_dcp.credentials import documents
from openedx_dcp.credentials.models import BadgeCredential, StatusList
from openedx_dcp.membership.models import Membership, MembershipState
from tests.factories import OrganizationFactory, UserFactory, make_cycle

TERM = {"term_start": datetime.date(2025, 7, 1), "term_end": datetime.date(2027, 7, 1)}


def _variants(program, track):
    """A person and an organization member, with and without a cycle, live, lifetime, lapsed, with nulls."""
    cycle = make_cycle(program)
    partner = program.tracks.get(slug="partner")
    organization = OrganizationFactory(site=program.site, name="Acme Learning")
    rows = [
        Membership.objects.create(program=program, track=track, cycle=cycle, user=UserFactory(username="ada"),
                                  review_opens_on=datetime.date(2027, 5, 1), **TERM),
        Membership.objects.create(program=program, track=partner, organization=organization,
                                  state=MembershipState.GRACE, grace_until=datetime.date(2027, 10, 1), **TERM),
        Membership.objects.create(program=program, track=track, user=UserFactory(username="carl"),
                                  state=MembershipState.LIFETIME, lifetime_since=datetime.date(2026, 1, 1), **TERM),
        Membership.objects.create(program=program, track=track, cycle=cycle, user=UserFactory(username="dora"),
                                  state=MembershipState.LAPSED, lapsed_on=datetime.date(2026, 2, 1),
                                  next_term_start=None, **TERM),
        Membership.objects.create(program=program, track=track, user=UserFactory(username="eve o'hara"),
                                  state=MembershipState.RENEWED, next_term_start=datetime.date(2027, 7, 1), **TERM),
    ]
    return list(Membership.objects.select_related("program__site", "track", "user", "organization", "cycle")
                .filter(pk__in=[row.pk for row in rows]).order_by("pk"))


def _each_and_page(serializer_class, objects, context):
    each = [serializer_class(obj, context=context).data for obj in objects]
    page = serializer_class(objects, many=True, context=context)
    assert isinstance(page, PlannedListSerializer)
    return each, page.data


def test_p3_membership_page_equals_the_serializer(program, track):
    memberships = _variants(program, track)
    context = {"eligible_again": {memberships[3].pk: datetime.date(2027, 3, 1)}}
    each, page = _each_and_page(MembershipSerializer, memberships, context)
    assert page == each
    assert {row["member_kind"] for row in page} == {"person", "organization"}
    assert page[3]["eligible_again_from"] == datetime.date(2027, 3, 1) and page[0]["eligible_again_from"] is None


def test_p3_directory_page_equals_the_serializer(program, track):
    memberships = _variants(program, track)
    request = APIRequestFactory().get("/", HTTP_HOST=program.site.domain)
    each, page = _each_and_page(DirectoryEntrySerializer, memberships,
                                {"request": request, "site": program.site})
    assert page == each
    assert [row["badges_url"] is None for row in page] == [False, True, False, False, False]
    assert {row["lifetime"] for row in page} == {True, False}


def test_p3_credential_page_equals_the_serializer(program, track):
    memberships = _variants(program, track)
    status_list = StatusList.objects.create(program=program, number=1)
    now = timezone.now()
    for index, membership in enumerate(memberships):
        BadgeCredential.objects.create(
            program=program, track=membership.track, membership=membership, term_number=1, valid_from=now,
            valid_until=None if index % 2 else now + datetime.timedelta(days=730), document={}, jwt="e", kid="k",
            alg="EdDSA", status_list=status_list, status_index=index,
            revoked_at=now if index == 3 else None, revocation_reason="Withdrawn" if index == 3 else "",
            revocation_reason_published=index == 3,
        )
    credentials = list(BadgeCredential.objects.select_related(
        "program__site", "track", "membership__user", "membership__organization").order_by("pk"))
    each, page = _each_and_page(CredentialSerializer, credentials, {})
    assert page == each
    assert {row["member"] for row in page} >= {"Acme Learning", "ada"}
    assert [row["revoked_at"] is None for row in page].count(False) == 1
    # The URLs made from a stand-in's are the domain's own for each credential.
    for row, credential in zip(page, credentials, strict=True):
        assert (row["id"], row["jwt_url"], row["verify_url"]) == (
            documents.credential_url(credential), documents.credential_jwt_url(credential),
            documents.verify_url(credential))
        assert row["download_jwt"] == documents.public_url(program.site, "dcp-credential-download-jwt",
                                                           public_id=credential.public_id)
        assert row["download_json"].endswith(f"/{credential.public_id}/download.json")


def test_p3_pages_from_the_nearer_end_are_the_pages_from_the_start(program, track):
    memberships = _variants(program, track)
    Membership.objects.filter(pk=memberships[1].pk).update(term_start=datetime.date(2024, 1, 1))
    listed = Membership.objects.filter(program=program).order_by("program_id", "-term_start", "id")
    for per_page in (1, 2, 3, 4, 5, 6):
        for orphans in (0, 1):
            forward = Paginator(listed, per_page, orphans=orphans)
            nearer = NearerEndPaginator(listed, per_page, orphans=orphans)
            assert nearer.num_pages == forward.num_pages
            for number in forward.page_range:
                assert list(nearer.page(number)) == list(forward.page(number)), (per_page, orphans, number)


def test_datetime_text_writes_what_drf_writes():
    """The rows' times (``datetime_text``): DRF's answer, in UTC and in another current time zone."""
    from zoneinfo import ZoneInfo

    from rest_framework import serializers

    from openedx_dcp.api.v1.lists import datetime_text

    drf = serializers.DateTimeField(read_only=True)
    values = [
        datetime.datetime(2026, 12, 1, 10, 47, 59, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 1, 10, 47, 59, 789263, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 1, 23, 30, tzinfo=ZoneInfo("Europe/Madrid")),
        datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))),
    ]
    for zone in ("UTC", "America/Bogota"):
        with timezone.override(ZoneInfo(zone)):
            assert [datetime_text(value) for value in values] == [drf.to_representation(value) for value in values]
    assert datetime_text(values[1]) == "2026-12-01T10:47:59.789263Z"
    assert datetime_text(None) is None
