"""
Re-sign, with the program's current key, every credential signed with a key marked ``compromised`` in
``DCP_CREDENTIAL_KEYS``. Until then those credentials fail verification (status ``key_compromised``). Safe to run
again: a credential already re-signed is no longer signed with a compromised key.
"""

from django.core.management.base import BaseCommand, CommandError

from openedx_dcp.credentials import api, keys
from openedx_dcp.programs.models import Program


class Command(BaseCommand):
    help = "Re-sign the credentials signed with a compromised key, with the program's current key."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="Domain of the program's site (with --program).")
        parser.add_argument("--program", help="Slug of the program; all programs when omitted.")

    def handle(self, *args, site=None, program=None, **options):
        target = None
        if program:
            target = Program.objects.filter(slug=program, site__domain=site).first() if site else None
            if target is None:
                raise CommandError("Name an existing program with --site <domain> --program <slug>.")
        try:
            resigned = api.resign_credentials_of_compromised_keys(program=target)
        except keys.CredentialKeyMissing as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Re-signed {resigned} credential(s) with the current key.")
