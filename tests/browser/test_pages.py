"""
The pages a person opens, rendered by a real headless Chromium against the live dev host.
"""

import shutil
import subprocess
import tempfile

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def render(url):
    """The DOM of ``url`` after its scripts ran, as Chromium serializes it."""
    # Never a skip: a machine without Chromium fails here, and scripts/setup-machine installs it.
    if CHROMIUM is None:
        pytest.fail("Chromium is not installed: run scripts/setup-machine (as root it installs Debian's chromium).")
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", url],
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
