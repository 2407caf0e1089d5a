"""
Management commands of credentials: generating a signing key for operators, issuing missing credentials.
"""

import io
import json
import os

import pytest
from django.core.management import CommandError, call_command

from openedx_dcp.credentials import api
from openedx_dcp.credentials.models import BadgeCredential
from tests.credentials.factories import configure_keys, start_member


@pytest.mark.parametrize("alg", ["RS256", "ES256", "EdDSA"])
def test_dcp_credential_keys_writes_a_usable_private_key(tmp_path, settings, program, cycle, track, alg):
    out = tmp_path / "key.pem"
    stdout = io.StringIO()
    call_command("dcp_credential_keys", f"{program.site.domain}/dcp", "--kid", "gen", "--alg", alg, "--out",
                 str(out), stdout=stdout)
    assert oct(os.stat(out).st_mode & 0o777) == "0o600"
    entry = json.loads(stdout.getvalue().split("\n", 1)[1])
    assert entry == {f"{program.site.domain}/dcp": [{"kid": "gen", "alg": alg, "private_key_path": str(out)}]}
    settings.DCP_CREDENTIAL_KEYS = entry
    credential = api.issue_credential(membership=start_member(cycle, track))
    assert api.verify_jwt(site=program.site, token=credential.jwt).status == "valid"


def test_dcp_credential_keys_never_overwrites(tmp_path, program):
    out = tmp_path / "key.pem"
    out.write_text("existing")
    with pytest.raises(CommandError, match="not overwriting"):
        call_command("dcp_credential_keys", "x/dcp", "--kid", "k", "--out", str(out), stdout=io.StringIO())
    assert out.read_text() == "existing"


def test_dcp_credential_keys_prints_the_pem_without_out(program):
    stdout = io.StringIO()
    call_command("dcp_credential_keys", "example.com/dcp", "--kid", "k", stdout=stdout)
    assert "BEGIN PRIVATE KEY" in stdout.getvalue()


def test_dcp_issue_credentials_catches_up(program, cycle, track, settings):
    membership = start_member(cycle, track)
    configure_keys(settings, program, {"kid": "k1"})
    stdout = io.StringIO()
    call_command("dcp_issue_credentials", "--site", program.site.domain, "--program", "dcp", stdout=stdout)
    assert stdout.getvalue().strip() == "Issued 1 credential(s)."
    assert membership.badge_credentials.count() == 1
    with pytest.raises(CommandError):
        call_command("dcp_issue_credentials", "--program", "dcp", stdout=io.StringIO())


def test_dcp_backfill_proofs_gives_older_credentials_their_data_integrity_proof(credential, other_tenant, settings):
    program = credential.program
    issued_proof = credential.proof
    # As issued before Data Integrity proofs existed: the VC-JWT only. One more issued before did:web (its issuer
    # is the Profile URL) cannot get a proof a verifier could tie to the issuer.
    BadgeCredential.objects.filter(pk=credential.pk).update(proof={})
    old = other_tenant["credential"]
    BadgeCredential.objects.filter(pk=old.pk).update(
        proof={}, document={**old.document, "issuer": {**old.document["issuer"], "id": "https://old.example/issuer"}})
    credential.refresh_from_db()
    assert api.verify_data_integrity(site=program.site,
                                     document=api.secured_document(credential=credential)).status != "valid"

    stdout = io.StringIO()
    call_command("dcp_backfill_proofs", stdout=stdout)
    assert "Added a Data Integrity proof to 1 credential(s)." in stdout.getvalue()
    assert "Left 1 credential(s) without one" in stdout.getvalue()
    credential.refresh_from_db()
    assert credential.proof["verificationMethod"] == issued_proof["verificationMethod"]
    assert api.verify_data_integrity(site=program.site,
                                     document=api.secured_document(credential=credential)).status == "valid"
    jwt_before = credential.jwt
    # Idempotent: nothing more to add.
    call_command("dcp_backfill_proofs", stdout=io.StringIO())
    credential.refresh_from_db()
    assert credential.jwt == jwt_before and credential.proof["proofValue"]


def test_dcp_backfill_proofs_names_an_existing_program():
    with pytest.raises(CommandError, match="--site <domain> --program <slug>"):
        call_command("dcp_backfill_proofs", "--program", "nope")
