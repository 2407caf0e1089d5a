"""
The browser test harness: Debian's Chromium driven by playwright-python against pytest-django's live server.

- ``chromium_path``: ``$DCP_CHROMIUM`` or ``chromium`` on PATH. A missing Chromium FAILS the test (never a skip):
  ``make test`` installs it where it can (as ``.ci/run`` does) or stops with a sentence.
- ``browser`` (one per session) and ``page`` (a fresh context per test, 1280 px wide; ``page_at(width, locale)``
  for other widths and languages).
- ``sign_in(page, user)``: signs ``user`` in by giving the browser a real session cookie (made by Django's test
  client ``force_login``); ``sign_in_with_form`` goes through the dev host's sign-in page instead.
- ``check_page(page, name)``: injects the vendored axe-core (tests/browser/vendor/axe.min.js), asserts 0
  violations of the WCAG 2.1 A and AA rules, and saves a full-page screenshot to
  ``test-artifacts/screenshots/<name>.png``.

playwright's sync API runs an asyncio loop in the test's thread, so Django's guard against ORM calls from async
code would refuse the test's own ORM calls; ``DJANGO_ALLOW_ASYNC_UNSAFE`` lifts it for this directory only (the
live server answers from its own thread as usual).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def find_chromium():
    """The Chromium binary the tests drive, or None."""
    return os.environ.get("DCP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        pytest.fail(
            "Chromium is not installed: the browser tests need Debian's chromium (scripts/setup-machine installs "
            "it as root, as `make test` and .ci/run do) or DCP_CHROMIUM=/path/to/chromium. They never skip.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_at(browser):
    """``page_at(width=1280, locale="en")``: a new page in a fresh context (its own cookies)."""
    contexts = []

    def make(width=1280, height=900, locale="en"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale=locale,
            extra_http_headers={"Accept-Language": locale},
        )
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(page_at):
    return page_at()


@pytest.fixture
def live_site(live_server, transactional_db):
    """The live server's tenant: the Site whose domain is the live server's host (R1 resolves it by host)."""
    site, _ = Site.objects.update_or_create(pk=1, defaults={"domain": "localhost", "name": "Live test tenant"})
    return site


@pytest.fixture
def sign_in(live_server):
    """``sign_in(page, user)``: the browser of ``page`` is signed in as ``user`` (a real session cookie)."""

    def do(page, user):
        client = Client()
        client.force_login(user)
        page.context.clear_cookies()
        page.context.add_cookies([{
            "name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url,
        }])

    return do


def sign_in_with_form(page, live_server, username, password, next_path):
    """Sign in through the dev host's sign-in page, as a person would, and land on ``next_path``."""
    page.goto(f"{live_server.url}/sign-in/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def run_axe(page):
    """The WCAG 2.1 A/AA violations axe-core finds on ``page`` (a list of axe's result objects)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} -> {targets}")
    return "\n".join(lines)


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_page(page, name):
    """Screenshot ``page`` as ``name`` and assert axe-core finds no WCAG 2.1 A/AA violation on it."""
    screenshot(page, name)
    violations = run_axe(page)
    assert violations == [], f"axe-core: {len(violations)} WCAG 2.1 A/AA violation(s) on {page.url}:\n" + describe(
        violations
    )


def no_horizontal_overflow(page):
    """Whether the page fits its viewport's width (nothing cut off or scrolling sideways at 360 px)."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
