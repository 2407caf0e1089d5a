"""
The lists' fast readers (P3, ADR 0024) answer exactly what the documented serializers answer, for every variant
of a row: a peer and a self nomination, a person and an organization nominee (with and without a size), and
the fields that may be null or empty.
"""

import datetime

import pytest
from django.utils import timezone

from openedx_dcp.api.v1.membership import serializers as membership_serializers
from openedx_dcp.api.v1.nominations import serializers as nomination_serializers
from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Endorsement, Nomination, NominationState
from openedx_dcp.programs.models import CommunityRole
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _nomination(world, key, **fields):
    values = {"cycle": world.cycle, "track": world.track, "kind": "peer", "nominator": world.users["nominator"],
              "nominee_key": key, "summary": "S", "impact_statement": "I"}
    values.update(fields)
    return Nomination.objects.create(**values)


@pytest.fixture
def variants(world):
    """Nominations covering every shape a list row can take, besides the world's draft peer nomination."""
    moment = timezone.now().replace(microsecond=123456)
    self_nominee = UserFactory(username="self-nominee")
    sized = OrganizationFactory(site=world.site_a, slug="sized", size=250)
    unsized = OrganizationFactory(site=world.site_a, slug="unsized", size=None)
    unsized_nomination = _nomination(world, f"o{unsized.pk}", nominee_organization=unsized)
    # Counted: a steward's active endorsement; not counted: a withdrawn one.
    Endorsement.objects.create(nomination=unsized_nomination, endorser=world.steward,
                               role=CommunityRole.STEWARD_REPRESENTATIVE)
    Endorsement.objects.create(nomination=unsized_nomination, endorser=world.core2,
                               role=CommunityRole.CORE_CONTRIBUTOR, withdrawn_at=moment)
    return [
        world.nomination,
        _nomination(world, f"u{self_nominee.pk}", kind="self", nominator=self_nominee, nominee_user=self_nominee,
                    references="", evidence_links=[], first_contribution_date=None, consent_given_at=moment,
                    submitted_at=moment, state=NominationState.SUBMITTED),
        _nomination(world, f"o{sized.pk}", nominee_organization=sized, evidence_links=["https://a.example/1",
                                                                                       "https://b.example/2"],
                    first_contribution_date=datetime.date(2020, 2, 29), first_contribution_evidence="https://e.x/1",
                    closed_reason="Screened out: not eligible.", state=NominationState.WITHDRAWN),
        unsized_nomination,
    ]


def test_nomination_list_items_equal_the_read_serializer(world, variants):
    ids = [nomination.pk for nomination in variants]
    instances = Nomination.objects.select_related("nominator", "nominee_user", "nominee_organization").in_bulk(ids)
    counts = nominations_api.endorsement_counts_of(nominations=ids)
    expected = []
    for pk in ids:
        instances[pk].endorsements_active, instances[pk].endorsements_steward = counts[pk]
        expected.append(dict(nomination_serializers.NominationReadSerializer(instances[pk]).data))
    fast = nomination_serializers.nomination_list_items(ids)
    assert fast == expected
    assert [list(row) for row in fast] == [list(row) for row in expected]  # the same keys in the same order
    assert [(row["endorsements_active"], row["endorsements_steward"]) for row in fast] == [(3, 1), (0, 0), (0, 0),
                                                                                          (1, 1)]


def test_the_nomination_list_answers_what_the_detail_answers(world, variants):
    client = world.client("staff")
    listed = client.get("/api/dcp/v1/nominations/", {"page_size": 100}).json()["results"]
    assert len(listed) == len(variants)
    for row in listed:
        assert row == client.get(f"/api/dcp/v1/nominations/{row['id']}/").json()


def test_pages_read_from_the_nearer_end_hold_the_same_rows(world, variants):
    """Pages past the middle are read in the reverse order from the end (ADR 0024): the same rows, in order."""
    client = world.client("staff")
    for i in range(3):
        nominee = UserFactory(username=f"extra{i}")
        _nomination(world, f"u{nominee.pk}", nominee_user=nominee)
    everything = [row["id"] for row in client.get("/api/dcp/v1/nominations/", {"page_size": 100}).json()["results"]]
    assert everything == list(Nomination.objects.filter(cycle=world.cycle).order_by("-created", "-id")
                              .values_list("pk", flat=True))
    paged = []
    for page in (1, 2, 3):
        body = client.get("/api/dcp/v1/nominations/", {"page_size": 3, "page": page}).json()
        assert body["count"] == 7
        paged += [row["id"] for row in body["results"]]
    assert paged == everything
    assert client.get("/api/dcp/v1/nominations/", {"page_size": 3, "page": 4}).status_code == 404


def test_evidence_rows_equal_the_evidence_serializer(world):
    moment = timezone.now().replace(microsecond=654321)
    signals = [
        ContributionSignal.objects.create(site=world.site_a, user=world.users["member"], kind="code_contribution",
                                          source="github", source_id="1", occurred_at=moment, weight=2.5,
                                          url="https://github.com/openedx/x/pull/1"),
        ContributionSignal.objects.create(site=world.site_a, user=world.users["member"], kind="forum_response",
                                          source="openedx", source_id="2", occurred_at=moment.replace(microsecond=0),
                                          weight=1, url=""),
    ]
    ids = [signal.pk for signal in reversed(signals)]
    expected = membership_serializers.EvidenceSerializer(
        [ContributionSignal.objects.get(pk=pk) for pk in ids], many=True).data
    rows = ContributionSignal.objects.filter(pk__in=ids).values("id", "occurred_at",
                                                                *membership_serializers.EVIDENCE_COLUMNS)
    by_id = {row["id"]: row for row in rows}
    fast = [membership_serializers.evidence_item(by_id[pk]) for pk in ids]
    assert fast == [dict(row) for row in expected]
    assert [list(row) for row in fast] == [list(row) for row in expected]


def test_membership_list_items_equal_the_membership_serializer(world):
    """A person and an organization member, an alumna with and without a date to be nominated again."""
    today = datetime.date(2026, 3, 1)
    organization = OrganizationFactory(site=world.site_a, slug="member-org", name="Member Org")
    alumna, alumnus = UserFactory(username="alumna"), UserFactory(username="alumnus")
    base = {"program": world.program, "track": world.track, "term_start": today,
            "term_end": today + datetime.timedelta(days=730)}
    memberships = [
        Membership.objects.create(user=world.users["member"], member_key="m1", **base),
        Membership.objects.create(organization=organization, member_key="o1", grace_until=today,
                                  next_term_start=today, review_opens_on=today, lifetime_since=today, **base),
        Membership.objects.create(user=alumna, member_key="m2", state=MembershipState.LAPSED,
                                  lapsed_on=datetime.date(2025, 1, 1), **base),
        Membership.objects.create(user=alumnus, member_key="m3", state=MembershipState.LAPSED,
                                  lapsed_on=datetime.date(2025, 1, 1), **base),
    ]
    ContributionSignal.objects.create(site=world.site_a, user=alumna, kind="code_contribution", source="github",
                                      source_id="9", occurred_at=timezone.now(), weight=1)
    ids = [membership.pk for membership in reversed(memberships)]
    instances = Membership.objects.select_related("program", "track", "user", "organization").in_bulk(ids)
    eligible_again = membership_api.eligible_again_dates(memberships=list(instances.values()))
    expected = membership_serializers.MembershipSerializer(
        [instances[pk] for pk in ids], many=True, context={"eligible_again": eligible_again}).data
    fast = membership_serializers.membership_list_items(ids)
    assert eligible_again[memberships[2].pk] is not None and eligible_again[memberships[3].pk] is None
    fast_with_dates = [{**row, "eligible_again_from": eligible_again.get(row["id"])} for row in fast]
    assert fast_with_dates == [dict(row) for row in expected]
    assert [list(row) for row in fast] == [list(row) for row in expected]


def test_the_membership_list_answers_the_alumni_dates(world):
    """Through the API: an alumna's row says when she may be nominated again, as the detail does."""
    today = timezone.now().date()
    alumna = UserFactory(username="alumna")
    lapsed = Membership.objects.create(program=world.program, track=world.track, user=alumna, member_key="m2",
                                       state=MembershipState.LAPSED, lapsed_on=today - datetime.timedelta(days=30),
                                       term_start=today - datetime.timedelta(days=800),
                                       term_end=today - datetime.timedelta(days=70))
    ContributionSignal.objects.create(site=world.site_a, user=alumna, kind="code_contribution", source="github",
                                      source_id="9", occurred_at=timezone.now(), weight=1)
    client = world.client("staff")
    listed = client.get("/api/dcp/v1/memberships/").json()["results"]
    row = next(row for row in listed if row["id"] == lapsed.pk)
    detail = client.get(f"/api/dcp/v1/memberships/{lapsed.pk}/").json()
    assert row["eligible_again_from"] is not None
    assert row["eligible_again_from"] == detail["eligible_again_from"]
