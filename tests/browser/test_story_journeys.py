"""
Stories in Chromium (issue 14): program staff write a story in Django admin, publishing is refused until the
member consents on the consent page, staff publish it, and a visitor finds it on the stories page, on its own
page and on the member's page; a learner says the program motivated them; staff open the program report. axe-core
finds no WCAG 2.1 A/AA violation on any page of the program, each fits 360 px, and screenshots are kept in
test-artifacts/screenshots/.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openedx_dcp.engagement.citations.models import Citation
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.engagement.stories.models import Story
from tests.browser.conftest import check_page, no_horizontal_overflow, screenshot
from tests.factories import UserFactory, make_cycle, make_program, make_staff
from tests.membership.factories import announced_cycle, make_membership

BODY = ("Ada started with a one-line fix. She now maintains the **course authoring MFE**.\n\n"
        "## What changed\n\n- Outlines load in under a second\n- First reviews within two days\n\n"
        "<img src=x onerror=\"window.__xss = 1\"> <script>window.__xss = 2</script>"
        "[a trap](javascript:window.__xss=3)")


@pytest.fixture
def story_world(live_site, settings):
    settings.DCP_PUBLIC_BASE_URL = f"http://{live_site.domain}"
    program = make_program(site=live_site, name="Open edX Distinguished Contributor Program")
    make_cycle(program)
    ada = UserFactory(username="ada", first_name="Ada", last_name="Lovelace")
    make_membership(announced_cycle(program, slug="2024"), user=ada)
    staff = make_staff(program, UserFactory(username="story_staff", is_staff=True))
    return {"program": program, "ada": ada, "staff": staff, "learner": UserFactory(username="learner")}


def _set_publication(admin, moment):
    admin.locator("#id_published_at_0").fill(moment.strftime("%Y-%m-%d"))
    admin.locator("#id_published_at_1").fill(moment.strftime("%H:%M:%S"))


def test_staff_publish_a_story_in_admin_and_a_visitor_reads_it(story_world, live_server, page_at, sign_in):
    w = story_world
    slug = w["program"].slug

    # Staff write the story in admin; publishing it at once is refused: Ada has not consented.
    admin = page_at(width=1400)
    sign_in(admin, w["staff"])
    admin.goto(f"{live_server.url}/admin/openedx_dcp/story/add/")
    admin.locator("#id_program").select_option(str(w["program"].pk))
    admin.locator("#id_subject_user").fill(str(w["ada"].pk))
    admin.locator("#id_title").fill("Ada keeps the authoring MFE moving")
    admin.locator("#id_summary").fill("How one maintainer made course authoring faster for every operator.")
    admin.locator("#id_body").fill(BODY)
    admin.locator("#id_links_text").fill("https://github.com/openedx/frontend-app-authoring")
    _set_publication(admin, timezone.localtime())
    admin.locator("input[name=_save]").click()
    expect(admin.get_by_text("Ada Lovelace has not consented to publishing this story yet").first).to_be_visible()
    screenshot(admin, "stories-admin-refused-without-consent")
    assert not Story.objects.exists()
    admin.locator("#id_published_at_0").fill("")
    admin.locator("#id_published_at_1").fill("")
    admin.locator("input[name=_save]").click()
    assert "was added successfully" in admin.locator(".messagelist").inner_text()
    story = Story.objects.get()

    # Ada reads the story as written and consents on the program's pages.
    member = page_at()
    sign_in(member, w["ada"])
    member.goto(f"{live_server.url}/dcp/{slug}/stories/{story.pk}/consent/")
    expect(member.get_by_role("heading", level=1)).to_have_text("A story about you: consent to publish")
    check_page(member, "stories-consent")
    member.get_by_role("button", name="I consent to publishing this story").click()
    assert "you consented to publishing this story" in member.locator(".dcp-main").inner_text()
    check_page(member, "stories-consent-given")

    # Staff publish it in admin.
    admin.goto(f"{live_server.url}/admin/openedx_dcp/story/{story.pk}/change/")
    _set_publication(admin, timezone.localtime() - timezone.timedelta(minutes=1))
    admin.locator("input[name=_save]").click()
    assert "was changed successfully" in admin.locator(".messagelist").inner_text()
    screenshot(admin, "stories-admin-published")

    # A visitor finds it from the program's navigation, reads it, and follows it to Ada's page.
    visitor = page_at()
    visitor.goto(f"{live_server.url}/dcp/{slug}/")
    visitor.get_by_role("navigation", name="Program").get_by_role("link", name="Stories").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Stories and spotlights")
    check_page(visitor, "stories-list")
    visitor.get_by_role("link", name="Ada keeps the authoring MFE moving").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Ada keeps the authoring MFE moving")
    expect(visitor.get_by_role("heading", level=2, name="What changed")).to_be_visible()
    expect(visitor.locator(".dcp-story__body strong")).to_have_text("course authoring MFE")
    assert visitor.evaluate("() => window.__xss") is None  # nothing in the body ran
    assert visitor.locator(".dcp-story__body script, .dcp-story__body img").count() == 0
    check_page(visitor, "stories-story")
    visitor.get_by_role("link", name="Ada Lovelace").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    stories = visitor.get_by_role("region", name="Stories")
    expect(stories.get_by_role("link", name="Ada keeps the authoring MFE moving")).to_be_visible()
    check_page(visitor, "stories-member-page")

    # At 360 px nothing is cut off.
    narrow = page_at(width=360)
    for path, name in ((f"/dcp/{slug}/stories/", "stories-list-360"),
                       (f"/dcp/{slug}/stories/{story.pk}/", "stories-story-360")):
        narrow.goto(f"{live_server.url}{path}")
        assert no_horizontal_overflow(narrow), path
        screenshot(narrow, name)


def test_a_learner_says_the_program_motivated_them_and_staff_open_the_report(story_world, live_server, page_at,
                                                                               sign_in):
    w = story_world
    slug = w["program"].slug
    learner = page_at()
    sign_in(learner, w["learner"])
    learner.goto(f"{live_server.url}/dcp/{slug}/stories/")
    learner.get_by_label("How did the program motivate you? (optional)").fill("A spotlight got me to contribute.")
    learner.get_by_role("button", name="The program motivated me").click()
    assert "Thank you for telling us" in learner.locator(".dcp-main").inner_text()
    check_page(learner, "stories-motivated")
    assert Citation.objects.get().statement == "A spotlight got me to contribute."

    story = stories_api.create_story(program=w["program"], actor=w["staff"], subject_user=w["ada"],
                                     title="Ada's year", body="Reviews.")
    stories_api.give_consent(story=story, actor=w["ada"])
    stories_api.publish_story(story=story, actor=w["staff"])
    staff = page_at()
    sign_in(staff, w["staff"])
    staff.goto(f"{live_server.url}/dcp/{slug}/")
    staff.get_by_role("navigation", name="Program").get_by_role("link", name="Program report").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Program report")
    expect(staff.get_by_role("heading", level=2, name="New contributors citing the program")).to_be_visible()
    expect(staff.get_by_role("img", name="Stories published, by quarter")).to_be_visible()
    check_page(staff, "program-report")
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Download the report (HTML file)").click()
    assert download.value.suggested_filename.startswith(f"{slug}-report-")
    narrow = page_at(width=360)
    sign_in(narrow, w["staff"])
    narrow.goto(f"{live_server.url}/dcp/{slug}/report/")
    assert no_horizontal_overflow(narrow)
    screenshot(narrow, "program-report-360")
