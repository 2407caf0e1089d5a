"""
Accomplishment-first intake in Chromium (R25): a member submits an accomplishment (links added one by one), staff
link the person behind it and turn the link into a peer nomination draft, and the nominee follows the email's
link to the consent page. A closed survey says so. Each page is checked by axe-core and screenshotted; the
mentor's page is walked too.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.engagement.intake.models import Accomplishment
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import EngagementKind
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs.models import CommunityRole
from tests.browser.conftest import check_page, no_horizontal_overflow
from tests.browser.test_journeys import path_of_link, person
from tests.factories import make_cycle, make_program, make_staff
from tests.membership.factories import announced_cycle, make_membership


@pytest.fixture
def program(live_site):
    program = make_program(site=live_site, name="Open edX Distinguished Contributor Program")
    cycle = make_cycle(program, slug="2026")
    now = timezone.now()
    intake_api.open_survey(program=program, cycle=cycle, actor=None, title="Accomplishments of 2026",
                           opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=14))
    return program


def test_an_accomplishment_becomes_a_nomination_and_the_nominee_is_asked_to_consent(program, live_server, page_at,
                                                                                  sign_in):
    member = person("mara", program, CommunityRole.CORE_CONTRIBUTOR)
    nominee = person("nils")
    staff = make_staff(program, person("sam"))
    base = f"{live_server.url}/dcp/{program.slug}"

    page = page_at()
    sign_in(page, member)
    page.goto(f"{base}/accomplishments/submit/")
    check_page(page, "intake-01-submit-empty")
    page.get_by_label("Distinguished Engineer").check()
    page.get_by_label("What was accomplished").fill("Shipped the new course authoring MFE")
    page.get_by_label("Why it mattered").fill("Every Tutor operator now authors courses in it.")
    page.get_by_label("Link", exact=True).fill("not a link")
    page.get_by_role("button", name="Add link").click()
    expect(page.get_by_text("Enter a valid URL to add it")).to_be_visible()
    check_page(page, "intake-02-submit-bad-link")
    page.get_by_label("Link", exact=True).fill("https://github.com/openedx/frontend-app-authoring")
    page.get_by_role("button", name="Add link").click()
    expect(page.get_by_role("link", name="https://github.com/openedx/frontend-app-authoring")).to_be_visible()
    assert page.get_by_label("What was accomplished").input_value() == "Shipped the new course authoring MFE"
    page.get_by_role("button", name="Submit the accomplishment").click()
    page.wait_for_url(f"{base}/accomplishments/mine/")
    expect(page.get_by_text("Thank you: your accomplishment is submitted.")).to_be_visible()
    check_page(page, "intake-03-my-accomplishments")
    item = Accomplishment.objects.get()
    assert item.links == ["https://github.com/openedx/frontend-app-authoring"]

    # --- Staff curate: link the person behind it (exact username), then nominate them.
    staff_page = page_at()
    sign_in(staff_page, staff)
    staff_page.goto(f"{base}/accomplishments/manage/")
    check_page(staff_page, "intake-04-curate-list")
    staff_page.get_by_role("link", name="Shipped the new course authoring MFE").click()
    staff_page.get_by_label("Person's exact username").fill("nil")
    staff_page.get_by_role("button", name="Link", exact=True).click()
    expect(staff_page.get_by_text("No account has this username.")).to_be_visible()
    check_page(staff_page, "intake-05-curate-unknown-user")
    staff_page.get_by_label("Person's exact username").fill("nils")
    staff_page.get_by_role("button", name="Link", exact=True).click()
    expect(staff_page.get_by_text("Linked.")).to_be_visible()
    check_page(staff_page, "intake-06-curate-linked")
    staff_page.get_by_role("button", name="Nominate nils").click()
    nomination = Nomination.objects.get(nominee_user=nominee)
    staff_page.wait_for_url(f"{base}/nominations/{nomination.pk}/")
    expect(staff_page.get_by_text("A peer nomination draft is created")).to_be_visible()
    check_page(staff_page, "intake-07-nomination-draft")
    assert nomination.evidence_links == ["https://github.com/openedx/frontend-app-authoring"]

    # --- The nominee follows the consent email's link (360 px wide).
    [consent_mail] = [m for m in mail.outbox if m.to == ["nils@example.com"]]
    nominee_page = page_at(width=360)
    sign_in(nominee_page, nominee)
    nominee_page.goto(live_server.url + path_of_link(consent_mail.body, "consent"))
    expect(nominee_page.get_by_text("Shipped the new course authoring MFE").first).to_be_visible()
    expect(nominee_page.get_by_role("button", name="I consent")).to_be_visible()
    assert no_horizontal_overflow(nominee_page)
    check_page(nominee_page, "intake-08-consent-360")

    # --- Staff show it; the public page lists it, anonymous.
    staff_page.goto(f"{base}/accomplishments/{item.pk}/manage/?survey={item.survey_id}")
    staff_page.get_by_role("button", name="Show on the public page").click()
    public = page_at(width=360)
    public.goto(f"{base}/accomplishments/")
    expect(public.get_by_role("heading", name="Shipped the new course authoring MFE")).to_be_visible()
    assert no_horizontal_overflow(public)
    check_page(public, "intake-09-public-360")


def test_a_mentor_accepts_and_a_closed_survey_says_so(program, live_server, page_at, sign_in):
    mentor = person("maya")
    membership = make_membership(announced_cycle(program, slug="2024"), user=mentor)
    membership_api.set_engagement(membership=membership, actor=mentor, kind=EngagementKind.MENTORING, opted_in=True)
    mentee = person("milo")
    mentoring_api.request_mentoring(program=program, actor=mentee, mentor_username="maya",
                                    message="I would like to learn XBlock development.")
    base = f"{live_server.url}/dcp/{program.slug}"
    page = page_at()
    sign_in(page, mentor)
    page.goto(f"{base}/mentoring/")
    check_page(page, "mentoring-01-request")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("You accepted: the mentee is told.")).to_be_visible()
    expect(page.get_by_role("button", name="End the mentoring")).to_be_visible()
    check_page(page, "mentoring-02-accepted")
    survey = program.accomplishment_surveys.get()
    type(survey).objects.filter(pk=survey.pk).update(opens_at=survey.opens_at - datetime.timedelta(days=30),
                                                     closes_at=timezone.now() - datetime.timedelta(hours=1))
    page.goto(f"{base}/accomplishments/submit/")
    expect(page.get_by_text("it is not open now")).to_be_visible()
    check_page(page, "intake-10-survey-closed")
