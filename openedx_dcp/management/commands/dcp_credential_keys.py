"""
Generate a credential signing key for a program and print it with the ``DCP_CREDENTIAL_KEYS`` entry to add.

    ./manage.py lms dcp_credential_keys courses.example.com/dcp --kid dcp-2027 --alg RS256 --out /secure/dcp-2027.pem

The private key never goes to the database: it is written to ``--out`` (mode 0600) or printed for the
operator's secret store. Rotation: add the new key first in the list and mark the old one ``"retired": True``.
"""

import json
import os

from django.core.management.base import BaseCommand, CommandError

from openedx_dcp.credentials import keys


class Command(BaseCommand):
    help = "Generate a private key to sign a program's Open Badges credentials (RS256, ES256 or EdDSA)."

    def add_arguments(self, parser):
        parser.add_argument("program", help='"<site domain>/<program slug>", the key of DCP_CREDENTIAL_KEYS.')
        parser.add_argument("--kid", required=True, help="Key id: letters, digits, '-' and '_'.")
        parser.add_argument("--alg", default="RS256", choices=sorted(keys.ALGORITHMS))
        parser.add_argument("--out", help="Write the PEM to this file (mode 0600) instead of printing it.")

    def handle(self, *args, program, kid, alg, out=None, **options):
        if "/" not in program:
            raise CommandError('Name the program as "<site domain>/<program slug>".')
        pem = keys.generate_private_key_pem(alg)
        entry = {"kid": kid, "alg": alg}
        if out:
            if os.path.exists(out):
                raise CommandError(f"{out} exists; not overwriting a key.")
            descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as pem_file:
                pem_file.write(pem)
            entry["private_key_path"] = out
        else:
            entry["private_key_pem"] = pem
        self.stdout.write("Add this key first in the program's list (mark the previous key \"retired\": true):")
        self.stdout.write(json.dumps({program: [entry]}, indent=2))
