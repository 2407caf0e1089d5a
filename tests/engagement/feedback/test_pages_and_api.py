"""
The feedback pages under /dcp/<program>/feedback/ and the REST API under /api/dcp/v1/: the permission matrix
(anonymous, learner, member, panelist, staff of the tenant, staff of another tenant), the form's clear errors,
and constant query counts on the lists and results.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openedx_dcp.engagement.feedback import api
from openedx_dcp.engagement.feedback.models import FeedbackParticipation, FeedbackResponse
from tests.engagement.feedback.conftest import answers_for, make_round
from tests.factories import UserFactory
from tests.membership.factories import announced_cycle, make_membership

ROLES = ["anonymous", "learner", "member", "panelist", "staff", "other_staff"]


def page_client(fw, role):
    client = Client(HTTP_HOST=fw.host_a)
    if role != "anonymous":
        client.force_login(fw.users[role])
    return client


def api_client(fw, role):
    return fw.api_client(None if role == "anonymous" else fw.users[role])


def _form(feedback_round, **overrides):
    scale, choice, text = feedback_round.questions.order_by("order")
    data = {f"q_{scale.pk}": "4", f"q_{choice.pk}": "Slack", f"q_{text.pk}": "More talks."}
    data.update(overrides)
    return data


# ---- pages -------------------------------------------------------------------------------------------------

# Who gets what on each page of the anonymous members round: 302 = sent to sign in, 404 = reads as not found.
PAGE_MATRIX = {
    "list": {"anonymous": 302, "learner": 200, "member": 200, "panelist": 200, "staff": 200, "other_staff": 200},
    "answer": {"anonymous": 302, "learner": 404, "member": 200, "panelist": 404, "staff": 200, "other_staff": 404},
    "results": {"anonymous": 302, "learner": 404, "member": 404, "panelist": 404, "staff": 200, "other_staff": 404},
    "csv": {"anonymous": 302, "learner": 404, "member": 404, "panelist": 404, "staff": 200, "other_staff": 404},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", list(PAGE_MATRIX))
def test_permission_matrix_of_the_pages(fw, role, page):
    api.close_round(feedback_round=fw.panel_round, actor=fw.users["staff"])  # named: its results show when closed
    slug = fw.panel_round.slug if page in ("results", "csv") else fw.members_round.slug
    url = {"list": "/dcp/dcp/feedback/", "answer": f"/dcp/dcp/feedback/{slug}/",
           "results": f"/dcp/dcp/feedback/{slug}/results/", "csv": f"/dcp/dcp/feedback/{slug}/results.csv"}[page]
    expected = dict(PAGE_MATRIX[page])
    if page in ("results", "csv"):
        expected["panelist"] = 404  # in the panel round's audience, but results are staff's
    response = page_client(fw, role).get(url)
    assert response.status_code == expected[role], (page, role)


def test_the_list_shows_the_rounds_that_ask_me_and_staff_see_every_round(fw):
    member_page = page_client(fw, "member").get("/dcp/dcp/feedback/").content.decode()
    assert fw.members_round.title in member_page and fw.panel_round.title not in member_page
    assert fw.draft_round.title not in member_page and "Every round of the program" not in member_page
    staff_page = page_client(fw, "staff").get("/dcp/dcp/feedback/").content.decode()
    assert fw.draft_round.title in staff_page and fw.round_b.title not in staff_page
    other = page_client(fw, "other_staff").get("/dcp/dcp/feedback/").content.decode()
    assert "Every round of the program" not in other


def test_a_member_answers_on_the_page_and_a_second_post_is_refused_clearly(fw):
    client = page_client(fw, "member")
    url = f"/dcp/dcp/feedback/{fw.members_round.slug}/"
    response = client.post(url, _form(fw.members_round))
    assert response.status_code == 303
    follow = client.get(url).content.decode()
    assert "your answers are recorded, anonymously" in follow
    assert "already answered this round" in follow and "Send my answers" not in follow
    again = client.post(url, _form(fw.members_round))
    assert again.status_code == 400
    assert "already answered this round" in again.content.decode()
    assert FeedbackResponse.objects.count() == 1 and FeedbackParticipation.objects.count() == 1


def test_the_form_says_what_to_fix_and_stores_nothing(fw):
    scale = fw.members_round.questions.order_by("order").first()
    response = page_client(fw, "member").post(f"/dcp/dcp/feedback/{fw.members_round.slug}/",
                                              _form(fw.members_round, **{f"q_{scale.pk}": ""}))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Answer this question: it is required." in body and "Please correct the errors below." in body
    assert FeedbackResponse.objects.count() == 0


def test_a_closed_round_page_says_so_and_takes_no_answer(fw):
    api.close_round(feedback_round=fw.members_round, actor=fw.users["staff"])
    client = page_client(fw, "member")
    page = client.get(f"/dcp/dcp/feedback/{fw.members_round.slug}/").content.decode()
    assert "answers are no longer taken" in page and "Send my answers" not in page
    refused = client.post(f"/dcp/dcp/feedback/{fw.members_round.slug}/", _form(fw.members_round))
    assert refused.status_code == 400 and "answers are no longer taken" in refused.content.decode()
    assert FeedbackResponse.objects.count() == 0


def test_staff_results_page_has_charts_and_the_export_neutralizes_formulas(fw):
    api.submit_response(feedback_round=fw.panel_round, user=fw.users["panelist"],
                        answers=answers_for(fw.panel_round, choice="Slack", text="=HYPERLINK(\"x\")"))
    client = page_client(fw, "staff")
    page = client.get(f"/dcp/dcp/feedback/{fw.panel_round.slug}/results/").content.decode()
    assert "<svg" in page and "Slack" in page and "panelist" in page  # a named round shows who said what
    export = client.get(f"/dcp/dcp/feedback/{fw.panel_round.slug}/results.csv")
    assert export["Content-Type"].startswith("text/csv")
    text = export.content.decode()
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    assert text.splitlines()[1].startswith("panelist,")


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_list_and_results_pages_make_the_same_number_of_queries_at_two_sizes(fw):
    staff, member = page_client(fw, "staff"), page_client(fw, "member")
    api.close_round(feedback_round=fw.panel_round, actor=fw.users["staff"])
    results_url = f"/dcp/dcp/feedback/{fw.panel_round.slug}/results/"
    small = (_queries(staff, "/dcp/dcp/feedback/"), _queries(member, "/dcp/dcp/feedback/"),
             _queries(staff, results_url))
    for index in range(5):
        make_round(fw.program, f"extra-{index}", state="closed")
    named = make_round(fw.program, "named-big", anonymous=False)
    cycle = announced_cycle(fw.program, slug="2022")
    for index in range(6):
        user = make_membership(cycle, user=UserFactory()).user
        api.submit_response(feedback_round=named, user=user, answers=answers_for(named, number=1 + index % 5))
    api.close_round(feedback_round=named, actor=fw.users["staff"])
    large = (_queries(staff, "/dcp/dcp/feedback/"), _queries(member, "/dcp/dcp/feedback/"),
             _queries(staff, f"/dcp/dcp/feedback/{named.slug}/results/"))
    assert large == small


# ---- REST ----------------------------------------------------------------------------------------------------

API_MATRIX = {
    # (method, path template, body?) -> expected per role
    "list": {"anonymous": 401, "learner": 200, "member": 200, "panelist": 200, "staff": 200, "other_staff": 200},
    "detail": {"anonymous": 401, "learner": 404, "member": 200, "panelist": 404, "staff": 200, "other_staff": 404},
    "respond": {"anonymous": 401, "learner": 404, "member": 201, "panelist": 404, "staff": 400,
                "other_staff": 404},
    "results": {"anonymous": 401, "learner": 404, "member": 404, "panelist": 404, "staff": 200, "other_staff": 404},
    "export": {"anonymous": 401, "learner": 404, "member": 404, "panelist": 404, "staff": 200, "other_staff": 404},
    "close": {"anonymous": 401, "learner": 404, "member": 403, "panelist": 404, "staff": 200, "other_staff": 404},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(API_MATRIX))
def test_permission_matrix_of_the_api(fw, role, endpoint):
    r = fw.members_round
    if endpoint in ("results", "export"):
        api.close_round(feedback_round=fw.panel_round, actor=fw.users["staff"])
        r = fw.panel_round
    client = api_client(fw, role)
    base = "/api/dcp/v1"
    if endpoint == "list":
        response = client.get(f"{base}/programs/{fw.program.pk}/feedback-rounds/")
    elif endpoint == "detail":
        response = client.get(f"{base}/feedback-rounds/{r.pk}/")
    elif endpoint == "respond":
        response = client.post(f"{base}/feedback-rounds/{r.pk}/responses/",
                               {"answers": {str(k): v for k, v in answers_for(r).items()}}, format="json")
    elif endpoint == "results":
        response = client.get(f"{base}/feedback-rounds/{r.pk}/results/")
    elif endpoint == "export":
        response = client.get(f"{base}/feedback-rounds/{r.pk}/results.csv")
    else:
        response = client.post(f"{base}/feedback-rounds/{r.pk}/actions/close/", {}, format="json")
    expected = API_MATRIX[endpoint][role]
    if endpoint in ("results", "export") and role == "panelist":
        expected = 404
    assert response.status_code == expected, (endpoint, role, getattr(response, "data", None))
    if endpoint == "respond" and expected == 201:
        assert set(response.data) == {"round", "answered", "anonymous"}  # no key of the response (ADR 0019)
    if endpoint == "respond" and role == "staff":
        assert response.data["code"] == "not_in_audience"


def test_api_refusals_are_400_with_field_messages_and_codes(fw):
    client = api_client(fw, "member")
    url = f"/api/dcp/v1/feedback-rounds/{fw.members_round.pk}/responses/"
    scale = fw.members_round.questions.order_by("order").first()
    bad = client.post(url, {"answers": {str(scale.pk): 7}}, format="json")
    assert bad.status_code == 400
    assert "from 1 to 5" in bad.data["answers"][str(scale.pk)][0]
    assert client.post(url, {"answers": {str(k): v for k, v in answers_for(fw.members_round).items()}},
                       format="json").status_code == 201
    again = client.post(url, {"answers": {str(k): v for k, v in answers_for(fw.members_round).items()}},
                        format="json")
    assert (again.status_code, again.data["code"]) == (400, "already_answered")
    detail = client.get(f"/api/dcp/v1/feedback-rounds/{fw.members_round.pk}/").data
    assert detail["answered"] is True and "already answered" in detail["problem"]
    other_tenant = fw.api_client(fw.users["member"], host=fw.host_b).get(
        f"/api/dcp/v1/feedback-rounds/{fw.members_round.pk}/")
    assert other_tenant.status_code == 404


def test_api_list_makes_the_same_number_of_queries_at_two_sizes(fw):
    client = api_client(fw, "member")
    url = f"/api/dcp/v1/programs/{fw.program.pk}/feedback-rounds/"
    small = _queries(client, url)
    for index in range(5):
        make_round(fw.program, f"more-{index}")
    assert _queries(client, url) == small
    assert len(client.get(url).data["results"]) == 6
