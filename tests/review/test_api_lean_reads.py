"""
The review list writes each nomination without DRF's per-field machinery (P3, ADR 0024): exactly what DRF's
field-by-field output of ``ReviewNominationSerializer`` is, for a person and an organization nominee, with and
without a staged decision, seen by program staff and by a panelist (assigned, reviewed, aggregates shown).
"""

import pytest
from django.utils import timezone
from rest_framework import serializers as drf

from openedx_dcp.api.v1.review.serializers import ReviewNominationSerializer
from openedx_dcp.api.v1.review.views import review_context
from openedx_dcp.programs import api as programs_api
from openedx_dcp.review import api
from openedx_dcp.review.models import Decision
from tests.review.factories import partner_nomination

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["staff", "panelist"])
def test_the_fast_review_rows_equal_drf_field_by_field(world, role):
    partner = partner_nomination(world, size=20)
    world.to_evaluation()
    world.review_all()
    # A staged decision as the desk records it (the row alone: its shape is what is compared).
    Decision.objects.create(nomination=world.nominations[0], outcome="selected", rationale="Outstanding.",
                            votes_selected=3, recorded_by=world.staff, recorded_at=timezone.now())
    user = world.staff if role == "staff" else world.panelists[0].user
    cycles = programs_api.tenant_cycles(user=user, site=world.site)
    nominations = list(api.nominations_for_review(user=user, site=world.site, cycles=cycles).select_related(
        "cycle__program", "cycle__rules", "track", "nominee_user", "nominee_organization", "panel_decision"
    ).order_by("pk"))
    assert partner in nominations and len(nominations) == (4 if role == "staff" else 2)
    serializer = ReviewNominationSerializer(context=review_context(user, nominations, cycles))
    fast = [serializer.to_representation(nomination) for nomination in nominations]
    generic = [dict(drf.Serializer.to_representation(serializer, nomination)) for nomination in nominations]
    assert fast == generic
    assert [list(row) for row in fast] == [list(row) for row in generic]
    assert any(row["decision"] for row in fast) and any(row["partner"] for row in fast)
    if role == "panelist":
        assert any(row["assigned_to_me"] for row in fast) and any(row["aggregate"] for row in fast)
    response = world.api_client(user).get("/api/dcp/v1/review/nominations/")
    assert response.json()["results"] == ReviewNominationSerializer(nominations, many=True,
                                                                    context=serializer.context).data
