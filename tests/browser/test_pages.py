"""
The pages a person opens, rendered by a real headless Chromium against the live dev host.
"""

import subprocess
import tempfile

import pytest

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


def test_api_docs_page_renders_the_operations(live_server):
    dom = render(f"{live_server.url}/api/dcp/v1/docs/")
    assert "openedx-dcp API" in dom
    # Swagger UI fetched the schema and drew the operations: the schema is valid OpenAPI it can read.
    assert "/api/dcp/v1/nominations/{id}/submit/" in dom
    assert "/api/dcp/v1/endorsements/{id}/withdraw/" in dom


def test_admin_login_page_renders(live_server):
    dom = render(f"{live_server.url}/admin/login/?next=/admin/openedx_dcp/nomination/")
    assert 'name="username"' in dom and 'name="password"' in dom
