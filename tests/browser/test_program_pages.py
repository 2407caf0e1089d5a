"""
The program's home and the dev host's sign-in in Chromium: axe-core finds no WCAG 2.1 A/AA violation, the page
fits 360 px, a right-to-left language lays it out right to left, and a page that needs a user sends an
anonymous visitor to the sign-in and back.
"""

import pytest
from playwright.sync_api import expect

from openedx_dcp.programs.models import CommunityRole
from tests.browser.conftest import check_page, no_horizontal_overflow, sign_in_with_form
from tests.factories import UserFactory, grant_role, make_cycle, make_program


@pytest.fixture
def program(live_site):
    program = make_program(site=live_site, name="Open edX Distinguished Contributor Program",
                           description="Recognizes the people who push Open edX forward.")
    make_cycle(program, slug="2026")
    return program


def test_program_home_is_accessible_wide_and_narrow(program, live_server, page_at):
    for width in (1280, 360):
        page = page_at(width=width)
        page.goto(f"{live_server.url}/dcp/{program.slug}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(program.name)
        expect(page.get_by_role("heading", name="Tracks and their criteria")).to_be_visible()
        assert "Today" in page.locator(".dcp-timeline__now").inner_text()
        assert no_horizontal_overflow(page), f"the page scrolls sideways at {width} px"
        check_page(page, f"program-home-{width}")


def test_program_home_in_a_right_to_left_language(program, live_server, page_at):
    page = page_at(width=360, locale="ar")
    page.goto(f"{live_server.url}/dcp/{program.slug}/")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("main").evaluate("node => getComputedStyle(node).direction") == "rtl"
    # Right to left: the navigation's first entry starts at the right edge, not the left.
    box = page.locator(".dcp-nav__program").bounding_box()
    assert box["x"] + box["width"] > 360 / 2
    assert no_horizontal_overflow(page)
    check_page(page, "program-home-ar-360")


def test_index_redirects_to_the_tenants_one_program(program, live_server, page):
    page.goto(f"{live_server.url}/dcp/")
    assert page.url == f"{live_server.url}/dcp/{program.slug}/"


def test_dev_sign_in_lists_demo_users_and_returns_to_next(program, live_server, page):
    user = UserFactory(username="steward_rep")
    user.set_password("dcp-demo")
    user.save()
    grant_role(program, user, CommunityRole.STEWARD_REPRESENTATIVE)
    page.goto(f"{live_server.url}/sign-in/?next=/dcp/{program.slug}/")
    check_page(page, "dev-sign-in")
    sign_in_with_form(page, live_server, "steward_rep", "wrong", f"/dcp/{program.slug}/")
    expect(page.get_by_role("alert")).to_be_visible()  # the refusal says so on the page
    sign_in_with_form(page, live_server, "steward_rep", "dcp-demo", f"/dcp/{program.slug}/")
    page.wait_for_url(f"{live_server.url}/dcp/{program.slug}/")
    assert "Signed in as steward_rep" in page.locator("header").inner_text()


def test_the_nomination_form_in_a_right_to_left_language_at_360_px(program, live_server, page_at, sign_in):
    page = page_at(width=360, locale="he")
    sign_in(page, UserFactory(username="rtl_reader"))
    page.goto(f"{live_server.url}/dcp/{program.slug}/nominate/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_page(page, "nominate-he-360")
    # The radio sits at the right of its label's text in right-to-left, not on top of it.
    radio = page.locator("input[name=track]").first.bounding_box()
    label = page.locator(".dcp-track-choice .form-check-label").first
    text_right = label.evaluate(
        "node => { const r = document.createRange(); r.selectNodeContents(node);"
        " return r.getBoundingClientRect().right; }"
    )
    assert radio["x"] >= text_right
    assert no_horizontal_overflow(page)
