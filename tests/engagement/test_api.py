"""
The REST endpoints of intake and mentoring: the permission matrix (anonymous, learner, member, panelist,
conflicted panelist, staff of the tenant, staff of another tenant), refusals as 400 with field and code,
constant query counts on the lists.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.engagement.intake.models import AccomplishmentSurvey
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.mentoring.models import ValidationRequest
from tests.factories import UserFactory
from tests.world import HOST_B

ROLES = ("anonymous", "learner", "member", "panelist", "conflicted", "staff", "other_staff")
V1 = "/api/dcp/v1/"


def client(eworld, role, host=None):
    return eworld.api_client(None if role == "anonymous" else eworld.users[role], host)


@pytest.fixture
def items(eworld):
    mine = eworld.submit(user="conflicted", title="Own work")
    other = eworld.submit(user="member", title="Plugin framework")
    intake_api.set_shown(accomplishment=other, actor=eworld.users["staff"], shown=True)
    return {"mine": mine, "other": other}


READS = {
    "public": dict.fromkeys(ROLES, 200),
    "mine": {"anonymous": 401, **dict.fromkeys(ROLES[1:], 200)},
    "curated": {"anonymous": 401, "learner": 404, "member": 404, "panelist": 200, "conflicted": 200, "staff": 200,
                "other_staff": 404},
    "pairs": {"anonymous": 401, **dict.fromkeys(ROLES[1:], 200)},
    "validations": {"anonymous": 401, **dict.fromkeys(ROLES[1:], 200)},
}


def read_path(eworld, name):
    program = eworld.program.slug
    return {
        "public": f"{V1}public/programs/{program}/accomplishments/",
        "mine": f"{V1}programs/{program}/accomplishments/mine/",
        "curated": f"{V1}programs/{program}/accomplishments/",
        "pairs": f"{V1}programs/{program}/mentoring/pairs/",
        "validations": f"{V1}programs/{program}/validations/",
    }[name]


@pytest.mark.parametrize("name", sorted(READS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_lists(eworld, items, name, role):
    response = client(eworld, role).get(read_path(eworld, name))
    assert response.status_code == READS[name][role], response.content


@pytest.mark.parametrize("role, expected, count", [
    ("panelist", 200, 2), ("conflicted", 200, 1), ("staff", 200, 2)])
def test_curators_see_what_they_may_curate(eworld, items, role, expected, count):
    response = client(eworld, role).get(read_path(eworld, "curated"))
    assert response.status_code == expected and response.json()["count"] == count


@pytest.mark.parametrize("role, expected", [
    ("anonymous", 401), ("learner", 404), ("member", 404), ("panelist", 201), ("conflicted", 404), ("staff", 201),
    ("other_staff", 404)])
def test_permission_matrix_of_linking_an_accomplishment_they_may_not_curate(eworld, items, role, expected):
    path = f"{V1}programs/{eworld.program.slug}/accomplishments/{items['mine'].pk}/links/"
    response = client(eworld, role).post(path, {"username": "learner"}, format="json")
    assert response.status_code == expected


def test_staff_of_another_tenant_get_not_found_on_their_host(eworld, items):
    api = client(eworld, "other_staff", HOST_B)
    assert api.get(read_path(eworld, "public")).json()["count"] == 0
    assert api.get(read_path(eworld, "curated")).status_code == 404
    path = f"{V1}programs/{eworld.program.slug}/accomplishments/{items['other'].pk}/shown/"
    assert api.post(path, {"shown": False}, format="json").status_code == 404


def test_submit_link_nominate_merge_and_show_through_the_api(eworld, items):
    member, staff = client(eworld, "member"), client(eworld, "staff")
    program = eworld.program.slug
    response = member.post(f"{V1}programs/{program}/accomplishments/mine/",
                           {"track": "engineer", "title": "Aspects", "why": "Analytics for all",
                            "links": ["https://github.com/openedx/aspects"]}, format="json")
    assert response.status_code == 201
    new = response.json()["id"]
    response = staff.post(f"{V1}programs/{program}/accomplishments/{new}/links/", {"username": "learner"},
                          format="json")
    assert response.status_code == 201
    link = response.json()["id"]
    response = staff.post(f"{V1}programs/{program}/accomplishments/{new}/links/{link}/nominate/")
    assert response.status_code == 201 and response.json()["nomination"]
    response = staff.post(f"{V1}programs/{program}/accomplishments/{items['other'].pk}/merge/", {"kept": new},
                          format="json")
    assert response.status_code == 200 and response.json()["id"] == new
    # Only staff show; a panelist gets a clear 403.
    path = f"{V1}programs/{program}/accomplishments/{new}/shown/"
    assert client(eworld, "panelist").post(path, {"shown": True}, format="json").status_code == 403
    assert staff.post(path, {"shown": True}, format="json").json()["shown"] is True


def test_a_closed_survey_answers_400_with_its_code(eworld):
    AccomplishmentSurvey.objects.filter(pk=eworld.survey.pk).update(
        opens_at=eworld.survey.opens_at.replace(year=2020), closes_at=eworld.survey.opens_at.replace(year=2021))
    response = client(eworld, "member").post(
        f"{V1}programs/{eworld.program.slug}/accomplishments/mine/",
        {"track": "engineer", "title": "x", "why": "y"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "survey_closed" and "closed on" in response.json()["survey"][0]


def test_mentoring_and_validation_through_the_api(eworld):
    program = eworld.program.slug
    learner, mentor = client(eworld, "learner"), client(eworld, "mentor")
    response = learner.post(f"{V1}programs/{program}/mentoring/pairs/", {"mentor_username": "member"},
                            format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_a_mentor"
    pair = learner.post(f"{V1}programs/{program}/mentoring/pairs/", {"mentor_username": "mentor"},
                        format="json").json()["id"]
    path = f"{V1}programs/{program}/mentoring/pairs/{pair}/actions/"
    assert client(eworld, "member").post(path, {"action": "accept"}, format="json").status_code == 404
    assert learner.post(path, {"action": "accept"}, format="json").status_code == 403
    assert mentor.post(path, {"action": "accept"}, format="json").json()["state"] == "accepted"
    ask = f"{V1}nominations/{eworld.nomination.pk}/validations/"
    assert client(eworld, "member").post(ask, {"validator_username": "mentor"}, format="json").status_code == 404
    assert client(eworld, "other_staff").post(ask, {"validator_username": "mentor"},
                                              format="json").status_code == 404
    response = client(eworld, "staff").post(ask, {"validator_username": "nominee"}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "validator_refused"
    row = client(eworld, "staff").post(ask, {"validator_username": "mentor"}, format="json").json()["id"]
    answer = f"{V1}programs/{program}/validations/{row}/"
    assert learner.post(answer, {"verdict": "confirmed", "note": "ok"}, format="json").status_code == 404
    response = mentor.post(answer, {"verdict": "confirmed", "note": "The PRs are merged."}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"
    assert ValidationRequest.objects.get().note == "The PRs are merged."


def queries(api, path):
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_lists_make_a_constant_number_of_queries(eworld):
    staff = client(eworld, "staff")
    names = ("public", "mine", "curated", "pairs", "validations")

    def grow(n):
        for _ in range(n):
            item = eworld.submit(title=f"Work {UserFactory().username}")
            intake_api.link_party(accomplishment=item, actor=eworld.users["staff"], username="learner")
            intake_api.set_shown(accomplishment=item, actor=eworld.users["staff"], shown=True)
            mentoring_api.request_mentoring(program=eworld.program, actor=UserFactory(), mentor_username="mentor")

    grow(1)
    small = [queries(staff if name != "mine" else client(eworld, "member"), read_path(eworld, name))
             for name in names]
    grow(5)
    big = [queries(staff if name != "mine" else client(eworld, "member"), read_path(eworld, name))
           for name in names]
    assert big == small
