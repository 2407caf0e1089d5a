"""
What the review API shows: R13 metrics by role, R10 in the CSV export, the panel report.
"""

import csv
import io

from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api
from openedx_dcp.review.models import Panelist
from tests.factories import grant_role
from tests.review.factories import after_close, partner_nomination

BASE = "/api/dcp/v1/review"


def test_r13_reviewers_see_one_basis_staff_see_both(world):
    nomination = partner_nomination(world, size=20, kinds=("code_contribution",))
    world.to_evaluation()
    reviewer = world.panel_users["toc_member"][0]
    with after_close(world.cycle):
        api.assign(nomination=nomination, panelist=Panelist.objects.get(user=reviewer), actor=world.staff)
    as_reviewer = world.client(reviewer).get(f"{BASE}/nominations/{nomination.pk}/").json()["partner"]
    assert as_reviewer["assessed_on"] == "per_employee" and as_reviewer["organization_size"] == 20
    assert as_reviewer["metrics"]["technical"] == {"count": 0.05, "weight": 0.5}
    assert "absolute" not in as_reviewer
    as_staff = world.client(world.staff).get(f"{BASE}/nominations/{nomination.pk}/").json()["partner"]
    assert as_staff["absolute"]["technical"]["count"] == 1 and as_staff["per_employee"] is not None


def test_r10_export_hides_conflicted_rows_from_staff_on_the_panel(world):
    grant_role(world.program, world.staff, CommunityRole.TOC_MEMBER)
    api.add_panelist(cycle=world.cycle, user=world.staff, seat="toc_member", actor=world.staff)
    world.nominations[1].endorsements.create(endorser=world.staff, role="toc_member")
    rows = list(csv.DictReader(io.StringIO(
        world.client(world.staff).get(f"{BASE}/cycles/{world.cycle.pk}/export.csv").content.decode())))
    assert {int(row["nomination_id"]) for row in rows} == {world.nominations[0].pk, world.nominations[2].pk}
    everything = world.client(world.superuser).get(f"{BASE}/cycles/{world.cycle.pk}/export.csv")
    assert len(list(csv.DictReader(io.StringIO(everything.content.decode())))) == 3


def test_r10_staff_on_the_panel_do_not_see_conflicted_reviews(world):
    world.to_deliberation()
    user = world.panel_users["core_contributor"][0]
    world.program.staff.create(user=user)
    world.nominations[0].endorsements.create(endorser=user, role="core_contributor")
    client = world.client(user)
    assert client.get(f"{BASE}/nominations/{world.nominations[0].pk}/reviews/").status_code == 404
    assert client.get(f"{BASE}/nominations/{world.nominations[1].pk}/reviews/").status_code == 200


def test_panel_report_shows_quotas_and_rotation(world):
    world.seat_panel()
    report = world.client(world.staff).get(f"{BASE}/cycles/{world.cycle.pk}/report/").json()
    assert report["quota_problems"] == []
    assert {row["seat"]: row["filled"] for row in report["quotas"]}["steward_representative"] == 2
    assert report["rotation"] == {"cycle": "2025", "previous_cycle": None, "panelists": 10, "returning": 0,
                                  "new": 10, "returning_share": 0.0}
