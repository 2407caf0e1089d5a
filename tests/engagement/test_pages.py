"""
The intake and mentoring pages: the permission matrix (anonymous, learner, member, panelist, conflicted
panelist, staff of the tenant, staff of another tenant), refusals shown as sentences, constant query counts.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.engagement.intake.models import Accomplishment
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.mentoring.models import MentoringState
from tests.factories import UserFactory
from tests.world import HOST_A, HOST_B

ROLES = ("anonymous", "learner", "member", "panelist", "conflicted", "staff", "other_staff")


def client_for(eworld, role, host=HOST_A):
    client = Client(HTTP_HOST=host)
    if role != "anonymous":
        client.force_login(eworld.users[role])
    return client


def status_of(response):
    if response.status_code == 302:
        return "login"
    return response.status_code


@pytest.fixture
def items(eworld):
    mine = eworld.submit(user="conflicted", title="The conflicted panelist's work")
    other = eworld.submit(user="member", title="Plugin framework")
    intake_api.set_shown(accomplishment=other, actor=eworld.users["staff"], shown=True)
    return {"mine": mine, "other": other}


EXPECTED = {
    # page: {role: status}; other_staff on tenant A is a signed-in person with nothing to curate there.
    "public": dict.fromkeys(ROLES, 200),
    "submit": {"anonymous": "login", **dict.fromkeys(ROLES[1:], 200)},
    "mine": {"anonymous": "login", **dict.fromkeys(ROLES[1:], 200)},
    "manage": {"anonymous": "login", "learner": 404, "member": 404, "panelist": 200, "conflicted": 200,
               "staff": 200, "other_staff": 404},
    "manage_conflicted_item": {"anonymous": "login", "learner": 404, "member": 404, "panelist": 200,
                               "conflicted": 404, "staff": 200, "other_staff": 404},
    "mentoring": {"anonymous": "login", **dict.fromkeys(ROLES[1:], 200)},
}


def path_of(eworld, items, page):
    base = f"/dcp/{eworld.program.slug}/accomplishments/"
    return {
        "public": base, "submit": base + "submit/", "mine": base + "mine/", "manage": base + "manage/",
        "manage_conflicted_item": base + f"{items['mine'].pk}/manage/",
        "mentoring": f"/dcp/{eworld.program.slug}/mentoring/",
    }[page]


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_pages(eworld, items, page, role):
    response = client_for(eworld, role).get(path_of(eworld, items, page))
    assert status_of(response) == EXPECTED[page][role]


def test_staff_of_another_tenant_see_nothing_of_ours_on_their_own_host(eworld, items):
    # Tenant B's program has the same slug: the paths answer tenant B's program, never tenant A's rows.
    client = client_for(eworld, "other_staff", HOST_B)
    assert "Plugin framework" not in client.get(path_of(eworld, items, "public")).content.decode()
    assert client.get(path_of(eworld, items, "manage")).status_code == 404
    assert client.get(path_of(eworld, items, "manage_conflicted_item")).status_code == 404
    response = client.post(f"/dcp/{eworld.program.slug}/accomplishments/{items['other'].pk}/manage/",
                           {"action": "hide"})
    assert response.status_code == 404


def test_the_public_page_lists_only_what_staff_chose_to_show_and_names_nobody(eworld, items):
    intake_api.link_party(accomplishment=items["other"], actor=eworld.users["staff"], username="nominee")
    body = client_for(eworld, "anonymous").get(path_of(eworld, items, "public")).content.decode()
    assert "Plugin framework" in body and "conflicted panelist" not in body
    # Neither the submitter nor the person linked behind it (no consent to be named in public, R26).
    assert "nominee" not in body and ">member<" not in body


def test_submitting_through_the_page_adds_links_one_by_one(eworld):
    client = client_for(eworld, "learner")
    path = f"/dcp/{eworld.program.slug}/accomplishments/submit/"
    response = client.post(path, {"track": "engineer", "title": "Tutor plugin", "why": "Everyone uses it",
                                  "links": "[]", "new_link": "https://github.com/overhangio/tutor",
                                  "add_link": "1"})
    assert response.status_code == 200 and "https://github.com/overhangio/tutor" in response.content.decode()
    response = client.post(path, {"track": "engineer", "title": "Tutor plugin", "why": "Everyone uses it",
                                  "links": '["https://github.com/overhangio/tutor"]'})
    assert response.status_code == 303
    assert Accomplishment.objects.get().links == ["https://github.com/overhangio/tutor"]


def test_a_closed_survey_is_said_on_the_page_and_nothing_is_written(eworld):
    type(eworld.survey).objects.filter(pk=eworld.survey.pk).update(
        opens_at=eworld.survey.opens_at.replace(year=2020), closes_at=eworld.survey.opens_at.replace(year=2021))
    client = client_for(eworld, "learner")
    path = f"/dcp/{eworld.program.slug}/accomplishments/submit/"
    assert "not open now" in client.get(path).content.decode()
    response = client.post(path, {"track": "engineer", "title": "x", "why": "y", "links": "[]"})
    assert response.status_code == 400 and "closed on" in response.content.decode()
    assert not Accomplishment.objects.exists()


def test_staff_turn_a_link_into_a_nomination_draft_on_the_page(eworld, items):
    client = client_for(eworld, "staff")
    path = f"/dcp/{eworld.program.slug}/accomplishments/{items['other'].pk}/manage/"
    response = client.post(path, {"action": "link", "username": "learner", "organization": ""})
    assert response.status_code == 303
    link = items["other"].people.get()
    response = client.post(path, {"action": "nominate", "link": link.pk})
    assert response.status_code == 303
    link.refresh_from_db()
    assert response["Location"].endswith(f"/nominations/{link.nomination_id}/")
    # The conflicted panelist cannot act on their own accomplishment even by POST.
    response = client_for(eworld, "conflicted").post(
        f"/dcp/{eworld.program.slug}/accomplishments/{items['mine'].pk}/manage/", {"action": "show"})
    assert response.status_code == 404


def test_the_mentor_accepts_on_the_page_and_others_get_not_found(eworld):
    pair = mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                           mentor_username="mentor")
    path = f"/dcp/{eworld.program.slug}/mentoring/pairs/{pair.pk}/accept/"
    assert client_for(eworld, "member").post(path).status_code == 404
    assert client_for(eworld, "learner").post(path).status_code == 403
    assert client_for(eworld, "mentor").post(path).status_code == 303
    pair.refresh_from_db()
    assert pair.state == MentoringState.ACCEPTED


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


def test_lists_make_a_constant_number_of_queries(eworld):
    staff, member = client_for(eworld, "staff"), client_for(eworld, "member")
    base = f"/dcp/{eworld.program.slug}/accomplishments/"
    paths = [(staff, base + "manage/"), (member, base + "mine/"), (member, base),
             (client_for(eworld, "mentor"), f"/dcp/{eworld.program.slug}/mentoring/")]

    def grow(n):
        for i in range(n):
            item = eworld.submit(title=f"Work {i}-{Accomplishment.objects.count()}")
            intake_api.link_party(accomplishment=item, actor=eworld.users["staff"], username="learner")
            intake_api.set_shown(accomplishment=item, actor=eworld.users["staff"], shown=True)
            mentee = UserFactory()
            mentoring_api.request_mentoring(program=eworld.program, actor=mentee, mentor_username="mentor")

    grow(1)
    small = [queries(client, path) for client, path in paths]
    grow(6)
    assert [queries(client, path) for client, path in paths] == small


def test_only_the_asked_validator_answers_a_validation_on_the_page(eworld):
    validation = mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users["staff"],
                                              validator_username="mentor")
    path = f"/dcp/{eworld.program.slug}/mentoring/validations/{validation.pk}/"
    answer = {"verdict": "confirmed", "note": "The PRs are merged."}
    assert status_of(client_for(eworld, "anonymous").post(path, answer)) == "login"
    for role in ("learner", "member", "panelist", "conflicted", "staff", "other_staff"):
        assert client_for(eworld, role).post(path, answer).status_code == 404, role
    assert client_for(eworld, "mentor", host=HOST_B).post(path, answer).status_code == 404
    validation.refresh_from_db()
    assert validation.state != "submitted"
    mentor = client_for(eworld, "mentor")
    assert mentor.post(path, {"verdict": "", "note": ""}).status_code == 400  # the form says what is missing
    assert mentor.post(path, answer).status_code == 303
    validation.refresh_from_db()
    assert validation.state == "submitted" and validation.note == "The PRs are merged."
