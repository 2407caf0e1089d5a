"""
The lists' fast readers (P3, ADR 0024) answer exactly what the documented serializers answer, for every variant
of a row: a peer and a self nomination, a person and an organization nominee (with and without a size), and
the fields that may be null or empty.
"""

import datetime

import pytest
from django.utils import timezone

from openedx_dcp.api.v1.nominations import serializers as nomination_serializers
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Nomination, NominationState
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
    return [
        world.nomination,
        _nomination(world, f"u{self_nominee.pk}", kind="self", nominator=self_nominee, nominee_user=self_nominee,
                    references="", evidence_links=[], first_contribution_date=None, consent_given_at=moment,
                    submitted_at=moment, state=NominationState.SUBMITTED),
        _nomination(world, f"o{sized.pk}", nominee_organization=sized, evidence_links=["https://a.example/1",
                                                                                       "https://b.example/2"],
                    first_contribution_date=datetime.date(2020, 2, 29), first_contribution_evidence="https://e.x/1",
                    closed_reason="Screened out: not eligible.", state=NominationState.WITHDRAWN),
        _nomination(world, f"o{unsized.pk}", nominee_organization=unsized),
    ]


def test_nomination_list_items_equal_the_read_serializer(world, variants):
    ids = [nomination.pk for nomination in variants]
    instances = Nomination.objects.select_related("nominator", "nominee_user", "nominee_organization").in_bulk(ids)
    counts = nominations_api.endorsement_counts_of(nominations=ids)
    expected = []
    for pk in ids:
        instances[pk].endorsements_active, instances[pk].endorsements_steward = counts[pk]
        expected.append(dict(nomination_serializers.NominationReadSerializer(instances[pk]).data))
    fast = nomination_serializers.nomination_list_items(Nomination.objects.all(), ids)
    assert fast == expected
    assert [list(row) for row in fast] == [list(row) for row in expected]  # the same keys in the same order
    assert {row["endorsements_active"] for row in fast} == {3, 0}


def test_the_nomination_list_answers_what_the_detail_answers(world, variants):
    client = world.client("staff")
    listed = client.get("/api/dcp/v1/nominations/", {"page_size": 100}).json()["results"]
    assert len(listed) == len(variants)
    for row in listed:
        assert row == client.get(f"/api/dcp/v1/nominations/{row['id']}/").json()
