"""
Issue the Open Badges credentials that live memberships lack for their current term (after configuring a key,
or when a worker missed the membership signal). Safe to run any time: issuance is idempotent per term.
"""

from django.core.management.base import BaseCommand, CommandError

from openedx_dcp.credentials import api
from openedx_dcp.programs.models import Program


class Command(BaseCommand):
    help = "Issue missing Open Badges credentials of live memberships."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="Domain of the program's site (with --program).")
        parser.add_argument("--program", help="Slug of the program; all programs when omitted.")

    def handle(self, *args, site=None, program=None, **options):
        target = None
        if program:
            target = Program.objects.filter(slug=program, site__domain=site).first() if site else None
            if target is None:
                raise CommandError("Name an existing program with --site <domain> --program <slug>.")
        issued = api.issue_missing_credentials(program=target)
        self.stdout.write(f"Issued {issued} credential(s).")
