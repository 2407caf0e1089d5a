"""
R22 with a verifier no one here wrote: the Digital Credentials Consortium's ``@digitalcredentials/verifier-core``
(npm; the verifier of the Learner Credential Wallet) verifies the Data Integrity form of the plugin's
credentials: the ``eddsa-rdfc-2022`` proof with the key it resolves from the issuer's did:web, expiry, and
revocation through the signed status list the credential names.

It runs in Node (``tests/verifiers``, installed by ``make test`` with ``npm ci``) against a live test server that
serves the DID document and the status list; the script only routes the credential's https://host:port URLs to
that server and refuses every other request, so nothing is fetched from the network.
"""

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from openedx_dcp.credentials import api
from tests.credentials.factories import configure_keys, start_member
from tests.factories import SiteFactory, UserFactory, make_cycle, make_program

VERIFIERS = Path(__file__).resolve().parents[1] / "verifiers"


def dcc_verify(live_server, document):
    """verifier-core's result for ``document``: ``{"errors": [...], "log": [{id, valid}], "fetched": [...]}``."""
    node = shutil.which("node")
    if node is None or not (VERIFIERS / "node_modules" / "@digitalcredentials" / "verifier-core").is_dir():
        pytest.fail("The outside verifiers are not installed: run `make verifiers` (npm ci in tests/verifiers).")
    host = urlsplit(live_server.url).netloc
    result = subprocess.run(
        [node, str(VERIFIERS / "verify-dcc.mjs")], input=json.dumps(document), capture_output=True, text=True,
        timeout=120, check=False, cwd=VERIFIERS,
        env={"PATH": "/usr/bin:/bin", "DCP_ORIGINS": f"https://{host}=http://{host}"},
    )
    assert result.returncode == 0, result.stderr
    # verifier-core logs to stdout too (its optional schema check cannot fetch the 1EdTech schema offline, and
    # says so); the script's answer is its last line.
    return json.loads(result.stdout.strip().splitlines()[-1])


def _steps(result):
    return {entry["id"]: entry.get("valid") for entry in result["log"]}


@pytest.fixture
def live_credential(live_server, settings, transactional_db):
    """A credential issued by a program whose Site is the live server's host (so did:web resolves to it)."""
    site = SiteFactory(domain=urlsplit(live_server.url).netloc)
    program = make_program(site=site)
    configure_keys(settings, program, {"kid": "k1"})
    membership = start_member(make_cycle(program), program.tracks.get(slug="engineer"),
                              nominee=UserFactory(username="dcc-member"))
    return membership.badge_credentials.get()


def test_r22_dcc_verifier_accepts_the_data_integrity_form_then_reports_revocation(live_server, live_credential):
    secured = api.secured_document(credential=live_credential)
    result = dcc_verify(live_server, secured)
    assert result["errors"] == [], result
    assert _steps(result) == {"valid_signature": True, "expiration": True, "revocation_status": True,
                              "registered_issuer": False}, result
    # It resolved the issuer's did:web (the port written %3A) and followed the credential's status list.
    assert any(url.endswith("/api/dcp/v1/public/programs/dcp/did.json") for url in result["fetched"])
    assert live_credential.document["credentialStatus"]["statusListCredential"] in result["fetched"]

    api.revoke_credential(credential=live_credential, actor=None, reason="The membership lapsed.")
    result = dcc_verify(live_server, secured)
    assert result["errors"] == [], result
    assert _steps(result)["valid_signature"] is True
    assert _steps(result)["revocation_status"] is False, result


def test_r22_dcc_verifier_rejects_a_changed_credential(live_server, live_credential):
    secured = api.secured_document(credential=live_credential)
    secured["credentialSubject"]["achievement"]["name"] = "Something the issuer never said"
    result = dcc_verify(live_server, secured)
    assert [error["name"] for error in result["errors"]] == ["invalid_signature"], result
