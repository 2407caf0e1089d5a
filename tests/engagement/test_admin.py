"""Admin of intake and mentoring: each tenant's staff see their own rows (R1); actions go through the domain."""

from django.test import Client

from openedx_dcp.engagement.intake.models import Accomplishment
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.mentoring.models import MentoringState
from tests.world import HOST_A, HOST_B


def _admin(user, host=HOST_A):
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def test_r1_staff_see_their_tenants_rows_and_show_through_the_domain(eworld):
    item = eworld.submit()
    pair = mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                           mentor_username="mentor")
    mentoring_api.accept(pair, eworld.users["mentor"])
    staff, other = _admin(eworld.users["staff"]), _admin(eworld.users["other_staff"], HOST_B)
    for model in ("accomplishment", "accomplishmentsurvey", "mentoringpair", "validationrequest"):
        assert staff.get(f"/admin/openedx_dcp/{model}/").status_code == 200
    assert list(staff.get("/admin/openedx_dcp/accomplishment/").context["cl"].queryset) == [item]
    assert list(other.get("/admin/openedx_dcp/accomplishment/").context["cl"].queryset) == []
    assert list(other.get("/admin/openedx_dcp/mentoringpair/").context["cl"].queryset) == []
    assert other.get(f"/admin/openedx_dcp/accomplishment/{item.pk}/change/").status_code in (302, 404)
    staff.post("/admin/openedx_dcp/accomplishment/", {"action": "_show", "_selected_action": [item.pk]})
    assert Accomplishment.objects.get(pk=item.pk).shown is True
    staff.post("/admin/openedx_dcp/mentoringpair/", {"action": "_end", "_selected_action": [pair.pk]})
    pair.refresh_from_db()
    assert pair.state == MentoringState.ENDED
