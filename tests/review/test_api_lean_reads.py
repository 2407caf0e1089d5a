"""
The review list writes each nomination without DRF's per-field machinery (P3, ADR 0024): exactly what DRF's
field-by-field output of ``ReviewNominationSerializer`` is, for a person and an organization nominee, with and
without a staged decision, seen by program staff and by a panelist (assigned, reviewed, aggregates shown).
"""

import re

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


@pytest.mark.parametrize("role", ["staff", "panelist"])
def test_the_viewer_s_seats_read_with_the_cycles_change_nothing(world, role):
    """``viewer_cycles`` (seats read in the cycles' query, ADR 0027) answers what the separate seat queries did."""
    partner_nomination(world, size=20)
    world.to_evaluation()
    world.review_all()
    user = world.staff if role == "staff" else world.panelists[0].user
    plain = programs_api.tenant_cycles(user=user, site=world.site)
    seated = api.viewer_cycles(user=user, site=world.site)
    assert plain.seats is None
    assert seated.seats == (frozenset() if role == "staff" else frozenset({world.cycle.pk}))
    assert (seated.programs, seated.staff) == (plain.programs, plain.staff)
    listed = [list(api.nominations_for_review(user=user, site=world.site, cycles=cycles).order_by("pk"))
              for cycles in (plain, seated)]
    assert listed[0] == listed[1] and listed[0]
    rows = [[ReviewNominationSerializer(context=review_context(user, listed[0], cycles)).to_representation(nomination)
             for nomination in listed[0]] for cycles in (plain, seated)]
    assert rows[0] == rows[1]


def test_the_review_list_reads_a_page_s_ids_in_index_order(world):
    """The ids of a page come from the (cycle, id, state) index in its order: no sort of the cycle's rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.plans import analyze, plan_of

    world.to_evaluation()
    analyze()
    client = world.client(world.staff)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/dcp/v1/review/nominations/").status_code == 200
    # The query that selects the nominations' ids alone (with or without an alias, as Django 4.2 or 5.2 write it).
    only_id = re.compile(r'^SELECT [`"]openedx_dcp_nomination[`"]\.[`"]id[`"]( AS [`"]pk[`"])? '
                         r'FROM [`"]openedx_dcp_nomination')
    ids = [q["sql"] for q in queries.captured_queries if only_id.match(q["sql"]) and "LIMIT" in q["sql"]]
    assert len(ids) == 1
    plan = plan_of(ids[0])
    assert "dcp_nomination_cycle_id" in plan, plan
    assert "filesort" not in plan and "TEMP B-TREE" not in plan, plan
