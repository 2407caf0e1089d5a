"""
Add the embedded Data Integrity proof (eddsa-rdfc-2022) to the credentials issued before proofs existed, signed
with the key that signed each one, so the Learner Credential Wallet and the DCC verifier accept them. Safe to run
again: a credential that has its proof is left alone.
"""

from django.core.management.base import BaseCommand, CommandError

from openedx_dcp.credentials import api
from openedx_dcp.programs.models import Program


class Command(BaseCommand):
    help = "Add Data Integrity proofs to the credentials issued before they existed."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="Domain of the program's site (with --program).")
        parser.add_argument("--program", help="Slug of the program; all programs when omitted.")

    def handle(self, *args, site=None, program=None, **options):
        target = None
        if program:
            target = Program.objects.filter(slug=program, site__domain=site).first() if site else None
            if target is None:
                raise CommandError("Name an existing program with --site <domain> --program <slug>.")
        result = api.backfill_data_integrity_proofs(program=target)
        self.stdout.write(f"Added a Data Integrity proof to {result['added']} credential(s).")
        if result["skipped"]:
            self.stdout.write(
                f"Left {result['skipped']} credential(s) without one: issued before did:web, or signed with a key "
                "that is no longer configured or is compromised (run dcp_reissue_credentials for those)."
            )
