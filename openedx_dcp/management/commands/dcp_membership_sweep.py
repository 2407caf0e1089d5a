"""
``manage.py dcp_membership_sweep [--date YYYY-MM-DD]``: run the membership sweep now (R14–R16).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from openedx_dcp.membership import api
from openedx_dcp.toggles import program_enabled


class Command(BaseCommand):
    """
    Open renewal reviews, start grace periods, lapse, start next terms and grant lifetime status due on the
    date. The Celery beat task does the same on schedule; this command is for operators and tests. Safe to run
    twice or alongside the task.
    """

    help = "Move memberships whose renewal review, grace period, lapse, next term or lifetime status is due."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Day to sweep for, YYYY-MM-DD (today by default).")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {options['date']!r}.") from exc
        moved = api.sweep_memberships(today=today)
        if not program_enabled():
            self.stdout.write("The program is switched off (DCP_PROGRAM_ENABLED): nothing moved.")
        elif not moved:
            self.stdout.write("No membership was due.")
        for name, count in sorted(moved.items()):
            self.stdout.write(f"{name}: {count}")
