"""
Admin of memberships: staff see their programs' memberships only (R1); actions go through the workflow.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from openedx_dcp.membership.models import EngagementParticipation
from openedx_dcp.membership.models import MembershipState as S
from tests.factories import UserFactory, make_program, make_staff
from tests.membership.factories import add_signal, announced_cycle, make_membership


@pytest.fixture
def setup(program):
    today = timezone.now().date()
    cycle = announced_cycle(program, announcement=today - datetime.timedelta(days=2 * 365 - 30))
    mine = make_membership(cycle, user=UserFactory(username="mine"))
    other_program = make_program(slug="other")
    theirs = make_membership(announced_cycle(other_program), user=UserFactory(username="theirs"))
    staff = make_staff(program)
    client = Client(HTTP_HOST=program.site.domain)
    client.force_login(staff)
    return {"mine": mine, "theirs": theirs, "staff": staff, "client": client}


def test_r1_staff_list_only_their_programs_memberships(setup):
    response = setup["client"].get("/admin/openedx_dcp/membership/")
    assert response.status_code == 200
    assert b"mine" in response.content and b"theirs" not in response.content
    assert setup["client"].get(f"/admin/openedx_dcp/membership/{setup['theirs'].pk}/change/").status_code == 302


def test_admin_actions_go_through_the_workflow(setup):
    mine = setup["mine"]
    add_signal(mine, "code_contribution", timezone.now().date() - datetime.timedelta(days=3))
    changelist = "/admin/openedx_dcp/membership/"
    setup["client"].post(changelist, {"action": "action_open_review", "_selected_action": [mine.pk]})
    setup["client"].post(changelist, {"action": "action_renew", "_selected_action": [mine.pk]})
    mine.refresh_from_db()
    assert mine.state == S.RENEWED
    assert mine.terms.get(number=1).decided_by == setup["staff"]


def test_r17_admin_records_participation_for_own_programs_only(setup):
    add = "/admin/openedx_dcp/engagementparticipation/add/"
    today = str(timezone.now().date())
    refused = setup["client"].post(add, {"membership": setup["theirs"].pk, "kind": "mentoring", "date": today})
    assert refused.status_code == 200 and not EngagementParticipation.objects.exists()
    future = setup["client"].post(add, {"membership": setup["mine"].pk, "kind": "mentoring", "date": "2999-01-01"})
    assert b"future" in future.content and not EngagementParticipation.objects.exists()
    done = setup["client"].post(add, {"membership": setup["mine"].pk, "kind": "mentoring", "date": today})
    assert done.status_code == 302
    assert EngagementParticipation.objects.get().recorded_by == setup["staff"]
