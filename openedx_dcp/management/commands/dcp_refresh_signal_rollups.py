"""
``manage.py dcp_refresh_signal_rollups [--full]``: bring the daily signal rollups the dashboard reads up to date.
"""

from django.core.management.base import BaseCommand

from openedx_dcp.contributions import rollups


class Command(BaseCommand):
    """
    Recount the days that signals stored since the last refresh fall on; ``--full`` rebuilds every day (after
    a restore, or to be sure nothing was missed). The Celery beat task does the incremental refresh on
    schedule; safe to run alongside it (the refreshes take turns).
    """

    help = "Recount the daily signal rollups of the days new signals touched (--full: every day)."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="Rebuild the rollups of every day.")

    def handle(self, *args, **options):
        result = rollups.refresh_signal_rollups(full=options["full"])
        self.stdout.write(
            f"{result['days']} days recounted, {result['rows']} rollup rows written; "
            f"signals counted up to id {result['last_signal_id']}."
        )
