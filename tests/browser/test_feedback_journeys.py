"""
Issue 14 item 2 in Chromium: a member answers a feedback round on its page (without JavaScript needed: a plain
form), sees that the answer is recorded and cannot answer twice; program staff read the round's results with
their charts and export them. axe-core finds no WCAG 2.1 A/AA violation; each page fits 360 px.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openedx_dcp.engagement.feedback import api as feedback_api
from openedx_dcp.engagement.feedback.models import FeedbackResponse
from tests.browser.conftest import check_page, no_horizontal_overflow, screenshot
from tests.engagement.feedback.conftest import add_questions, answers_for
from tests.factories import UserFactory, make_program, make_staff
from tests.membership.factories import announced_cycle, make_membership


@pytest.fixture
def feedback_world(live_site):
    program = make_program(site=live_site, name="Open edX Distinguished Contributor Program")
    staff = make_staff(program, UserFactory(username="staffer", is_staff=True))
    cycle = announced_cycle(program)
    member = make_membership(cycle, user=UserFactory(username="ada", first_name="Ada")).user
    others = [make_membership(cycle, user=UserFactory(username=f"voice{i}")).user for i in range(3)]
    now = timezone.now()
    feedback_round = feedback_api.create_round(
        program=program, actor=staff, slug="survey-2026", title="Community survey 2026", anonymous=False,
        description="Tell us what works and what should change.", opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=14))
    add_questions(feedback_round)
    feedback_api.open_round(feedback_round=feedback_round, actor=staff)
    for index, person in enumerate(others):
        feedback_api.submit_response(feedback_round=feedback_round, user=person,
                                     answers=answers_for(feedback_round, number=3 + index % 3,
                                                         choice=["Slack", "Conference", "Newsletter"][index]))
    return {"program": program, "staff": staff, "member": member, "round": feedback_round}


def test_a_member_answers_a_round_and_staff_see_its_results(feedback_world, live_server, page_at, sign_in):
    world = feedback_world
    page = page_at()
    sign_in(page, world["member"])
    page.goto(f"{live_server.url}/dcp/dcp/")
    page.get_by_role("navigation", name="Program").get_by_role("link", name="Feedback").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback rounds")
    expect(page.get_by_text("Waiting for your answer")).to_be_visible()
    check_page(page, "feedback-list-member")

    page.get_by_role("link", name="Community survey 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community survey 2026")
    expect(page.get_by_text("This round is named")).to_be_visible()
    # Sent without the required scale: the page says what to fix, nothing is stored.
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Please correct the errors below.")).to_be_visible()
    assert FeedbackResponse.objects.count() == 3
    check_page(page, "feedback-answer-errors")
    page.get_by_label("4", exact=True).check()
    page.get_by_label("Newsletter").check()
    page.get_by_label("What should change?").fill("More mentoring for first-time contributors.")
    check_page(page, "feedback-answer-form")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers are recorded.")).to_be_visible()
    expect(page.get_by_text("You have already answered this round")).to_be_visible()
    assert page.get_by_role("button", name="Send my answers").count() == 0
    assert FeedbackResponse.objects.filter(respondent=world["member"]).count() == 1
    check_page(page, "feedback-answered")

    narrow = page_at(width=360)
    sign_in(narrow, world["member"])
    narrow.goto(f"{live_server.url}/dcp/dcp/feedback/")
    assert no_horizontal_overflow(narrow)
    check_page(narrow, "feedback-list-360")

    staff_page = page_at()
    sign_in(staff_page, world["staff"])
    staff_page.goto(f"{live_server.url}/dcp/dcp/feedback/")
    expect(staff_page.get_by_role("heading", name="Every round of the program (staff)")).to_be_visible()
    check_page(staff_page, "feedback-list-staff")
    staff_page.get_by_role("link", name="Results of Community survey 2026").click()
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("Results of Community survey 2026")
    expect(staff_page.get_by_text("4 people answered.")).to_be_visible()
    table = staff_page.get_by_role("table", name="Answers to “Have you heard of the program before, and where?”")
    assert table.get_by_role("row", name="Newsletter").inner_text().split()[-2:] == ["2", "50.0%"]
    assert staff_page.locator("svg.dcp-feedback-bar").count() >= 9
    expect(staff_page.get_by_text("More mentoring for first-time contributors. — ada")).to_be_visible()
    check_page(staff_page, "feedback-results-staff")
    with staff_page.expect_download() as download:
        staff_page.get_by_role("link", name="Export the answers (CSV)").click()
    assert download.value.suggested_filename == "dcp-survey-2026.csv"

    narrow_staff = page_at(width=360)
    sign_in(narrow_staff, world["staff"])
    narrow_staff.goto(f"{live_server.url}/dcp/dcp/feedback/survey-2026/results/")
    screenshot(narrow_staff, "feedback-results-360")
    assert no_horizontal_overflow(narrow_staff)
    check_page(narrow_staff, "feedback-results-360")
