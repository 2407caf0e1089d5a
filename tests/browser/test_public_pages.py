"""
The program's public face in Chromium (issue 18 item 6): a visitor's journey from the directory through a filter
to a member's badge page, its Verify button and its downloads; the verification page with a pasted JWT, a revoked
credential, a credential file and bad input; the dashboard's charts. axe-core finds no WCAG 2.1 A/AA violation on
any of them, each fits 360 px, and screenshots are kept in test-artifacts/screenshots/.
"""

import datetime
import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.membership.models import MembershipState
from openedx_dcp.programs.models import Cycle
from tests.browser.conftest import check_page, no_horizontal_overflow
from tests.credentials.factories import configure_keys, start_member
from tests.factories import OrganizationFactory, UserFactory, affiliate, make_cycle, make_program


def announce(cycle, when):
    day = datetime.timedelta(days=1)
    Cycle.objects.filter(pk=cycle.pk).update(
        nominations_open=when - 80 * day, nominations_close=when - 50 * day, review_start=when - 45 * day,
        review_end=when - 35 * day, announcement_at=when, stage=Cycle.ANNOUNCED,
    )


@pytest.fixture
def program(live_site, settings):
    settings.DCP_PUBLIC_BASE_URL = f"http://{live_site.domain}"  # the live server, as the dev host sets it
    program = make_program(site=live_site, name="Open edX Distinguished Contributor Program",
                           organization_name="Open edX Community")
    configure_keys(settings, program, {"kid": "k1"})
    return program


@pytest.fixture
def members(program):
    """An announced cohort of last year and this year's: people on two tracks, one organization, one alumna."""
    old = make_cycle(program, slug="2025")
    acme = OrganizationFactory(site=program.site, slug="acme", name="Acme Learning")
    people = {}
    for username, first, last, track in [
        ("ada", "Ada", "Lovelace", "engineer"), ("grace", "Grace", "Hopper", "advocate"),
        ("alan", "Alan", "Kay", "innovator"), ("barbara", "Barbara", "Liskov", "engineer"),
    ]:
        user = UserFactory(username=username, first_name=first, last_name=last)
        people[username] = start_member(old, program.tracks.get(slug=track), nominee=user,
                                        start=timezone.now().date() - datetime.timedelta(days=380))
    affiliate(people["ada"].user, acme)
    people["grace"].state = MembershipState.LAPSED
    people["grace"].save()
    credentials_api.revoke_credential(credential=people["grace"].badge_credentials.get(), actor=None,
                                      reason="The membership lapsed.")
    announce(old, timezone.now() - datetime.timedelta(days=380))
    new = make_cycle(program, slug="2026")
    for username, track in [("edsger", "engineer"), ("frances", "advocate")]:
        people[username] = start_member(new, program.tracks.get(slug=track), nominee=UserFactory(username=username))
    announce(new, timezone.now() - datetime.timedelta(days=20))
    return people


def test_a_visitors_journey_from_the_directory_to_a_verified_download(program, members, live_server, page_at):
    page = page_at()
    page.goto(f"{live_server.url}/dcp/{program.slug}/")
    page.get_by_role("navigation", name="Program").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members and alumni")
    expect(page.get_by_role("heading", name="6 members found")).to_be_visible()
    check_page(page, "public-directory")

    page.get_by_label("Track", exact=True).select_option("engineer")
    page.get_by_label("Organization", exact=True).select_option("acme")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="1 member found")).to_be_visible()  # waits for the new page
    assert "track=engineer" in page.url and "organization=acme" in page.url
    check_page(page, "public-directory-filtered")

    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    assert "Active, valid until" in page.locator(".dcp-badge").inner_text()
    image = page.get_by_role("img", name="Badge of the Distinguished Engineer track")
    # The badge image loaded: waited for (the heading can show before the image arrives on a busy machine); an
    # image that fails to load never gets a width, and the wait fails.
    page.wait_for_function("node => node.complete && node.naturalWidth > 0", arg=image.element_handle(),
                           timeout=15_000)
    assert page.locator('meta[property="og:title"]').get_attribute("content").startswith("Ada Lovelace: ")
    linkedin = page.get_by_role("link", name="Add to LinkedIn profile").get_attribute("href")
    assert linkedin.startswith("https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&")
    check_page(page, "public-member")

    page.get_by_role("button", name="Verify this badge").click()
    verification = page.locator(".dcp-verification")
    assert "Verified: this badge is genuine, current and not revoked." in verification.inner_text()
    assert verification.locator(".dcp-check--passed").count() == 4
    check_page(page, "public-member-verified")

    with page.expect_download() as download:
        page.get_by_role("link", name="Credential (JSON with its proof)").click()
    document = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert document["proof"] and document["credentialSubject"]["achievement"]["name"]
    with page.expect_download() as download:
        page.get_by_role("link", name="Credential (JWT)").click()
    token = open(download.value.path(), encoding="ascii").read()
    assert token == members["ada"].badge_credentials.get().jwt
    for name, magic in (("Badge image with the credential inside (SVG)", b"<svg"),
                        ("Badge image with the credential inside (PNG)", b"\x89PNG")):
        with page.expect_download() as download:
            page.get_by_role("link", name=name).click()
        baked = open(download.value.path(), "rb").read()
        assert magic in baked[:200] and credentials_api.unbake(data=baked)


def test_an_alumnas_page_says_revoked_in_words(program, members, live_server, page_at):
    page = page_at()
    page.goto(f"{live_server.url}/dcp/{program.slug}/members/grace/")
    assert "Revoked on" in page.locator(".dcp-badge .dcp-status").inner_text()
    page.get_by_role("button", name="Verify this badge").click()
    text = page.locator(".dcp-verification").inner_text()
    assert "Not valid: this badge was revoked by its issuer." in text
    assert "Status: failed." in text
    check_page(page, "public-member-revoked")


@pytest.mark.parametrize("path", ["members/", "members/ada/", "verify/", "dashboard/"])
def test_the_public_pages_fit_360_px(program, members, live_server, page_at, path):
    page = page_at(width=360)
    page.goto(f"{live_server.url}/dcp/{program.slug}/{path}")
    assert no_horizontal_overflow(page), f"{path} scrolls sideways at 360 px"
    check_page(page, f"public-{path.strip('/').replace('/', '-')}-360")


def test_the_verification_page_with_a_pasted_jwt_a_revoked_one_and_bad_input(program, members, live_server,
                                                                             page_at):
    page = page_at()
    page.goto(f"{live_server.url}/dcp/{program.slug}/")
    page.get_by_role("navigation", name="Program").get_by_role("link", name="Verify a badge").click()
    check_page(page, "public-verify")

    page.get_by_label("Paste a credential").fill(members["ada"].badge_credentials.get().jwt)
    page.get_by_role("button", name="Verify", exact=True).click()
    result = page.locator(".dcp-verification")
    assert "Verified: this badge is genuine, current and not revoked." in result.inner_text()
    assert result.locator(".dcp-check--passed").count() == 4
    check_page(page, "public-verify-valid")

    page.get_by_label("Paste a credential").fill(members["grace"].badge_credentials.get().jwt)
    page.get_by_role("button", name="Verify", exact=True).click()
    result = page.locator(".dcp-verification")
    assert "Not valid: this badge was revoked by its issuer." in result.inner_text()
    assert result.locator(".dcp-check--failed").inner_text().startswith("✗")
    check_page(page, "public-verify-revoked")

    page.get_by_label("Paste a credential").fill("my badge is real, promise")
    page.get_by_role("button", name="Verify", exact=True).click()
    assert "This is neither a JWT nor a JSON credential." in page.get_by_role("alert").inner_text()
    check_page(page, "public-verify-bad-input")


def test_the_verification_page_takes_a_credential_file_and_a_baked_image(program, members, live_server, page_at,
                                                                         tmp_path):
    credential = members["edsger"].badge_credentials.get()
    json_file = tmp_path / "badge.json"
    json_file.write_text(json.dumps(credentials_api.secured_document(credential=credential)))
    png_file = tmp_path / "badge.png"
    png_file.write_bytes(credentials_api.baked_png(credential=credential))
    page = page_at()
    for path in (json_file, png_file):
        page.goto(f"{live_server.url}/dcp/{program.slug}/verify/")
        page.get_by_label("Or choose a file").set_input_files(str(path))
        page.get_by_role("button", name="Verify", exact=True).click()
        assert "Verified" in page.locator(".dcp-verification__headline").inner_text()
    check_page(page, "public-verify-baked-png")


def test_the_dashboard_charts_and_tables(program, members, live_server, page_at):
    page = page_at()
    page.goto(f"{live_server.url}/dcp/{program.slug}/dashboard/")
    expect(page.get_by_role("img", name="Members recognized each year, by track")).to_be_visible()
    expect(page.get_by_role("img", name="Retention curve")).to_be_visible()
    table = page.get_by_role("table", name="Members recognized each year, by track")
    assert table.get_by_role("row").count() == 5  # the years, three tracks, the totals
    expect(page.get_by_role("table", name="Key results: target, value and status")).to_be_visible()
    check_page(page, "public-dashboard")


def test_the_dashboard_and_a_badge_page_in_a_right_to_left_language(program, members, live_server, page_at):
    page = page_at(width=360, locale="ar")
    for path, name in [("dashboard/", "public-dashboard-ar-360"), ("members/ada/", "public-member-ar-360")]:
        page.goto(f"{live_server.url}/dcp/{program.slug}/{path}")
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert no_horizontal_overflow(page), f"{path} scrolls sideways at 360 px in Arabic"
        check_page(page, name)
