"""
The pages a person opens, rendered by a real headless Chromium against the live dev host.
"""

import subprocess
import tempfile

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_FLAGS, find_chromium


@pytest.fixture(autouse=True)
def _chromium_is_there(chromium_path):
    """A missing Chromium fails these tests (conftest's chromium_path), never skips them."""


def render(url):
    """The DOM of ``url`` after its scripts ran, as Chromium serializes it."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [find_chromium(), "--headless", *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             "--virtual-time-budget=10000", "--dump-dom", url],
            capture_output=True, text=True, timeout=90, check=True,
        )
    return result.stdout


def test_api_docs_page_renders_the_operations(live_server, page):
    """
    Swagger UI fetched the schema and drew the operations: the schema is valid OpenAPI it can read. With 150
    operations and tags or more Swagger UI (5.2x) virtualizes the list: only the rows in view are in the DOM, so
    each operation is reached the way a reader reaches it, by its deep link (``#/<tag>/<operationId>``).
    """
    page.goto(f"{live_server.url}/api/dcp/v1/docs/")
    expect(page.locator(".info .title")).to_contain_text("openedx-dcp API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
    operations = (("nominations", "nominations_submit_create", "/api/dcp/v1/nominations/{id}/submit/"),
                  ("endorsements", "endorsements_withdraw_create", "/api/dcp/v1/endorsements/{id}/withdraw/"),
                  ("stories", "stories_publish_create", "/api/dcp/v1/stories/{id}/publish/"))
    for tag, operation_id, path in operations:
        page.goto("about:blank")
        page.goto(f"{live_server.url}/api/dcp/v1/docs/#/{tag}/{operation_id}")
        expect(page.locator(f"#operations-{tag}-{operation_id} .opblock-summary-path")).to_have_text(path)


def test_admin_login_page_renders(live_server):
    dom = render(f"{live_server.url}/admin/login/?next=/admin/openedx_dcp/nomination/")
    assert 'name="username"' in dom and 'name="password"' in dom
