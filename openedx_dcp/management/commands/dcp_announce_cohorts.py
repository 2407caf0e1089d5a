"""
Publish the cohort of every approved cycle whose announcement date has come (R4, R11).

The same sweep as the Celery task ``openedx_dcp.review.announce_due_cohorts``; run it from cron when no Celery
beat is configured. Staged decisions still unreleased are released first, as the system.
"""

from django.core.management.base import BaseCommand

from openedx_dcp.review import api


class Command(BaseCommand):
    help = "Release staged decisions and announce the cohort of approved cycles whose announcement date has come."

    def handle(self, *args, **options):
        cycles = api.announce_due_cohorts()
        for cycle in cycles:
            self.stdout.write(f"Announced {cycle.program.slug}/{cycle.slug}.")
        if not cycles:
            self.stdout.write("No cohort is due.")
