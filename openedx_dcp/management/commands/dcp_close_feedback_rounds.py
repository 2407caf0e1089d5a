"""
``manage.py dcp_close_feedback_rounds``: close every open feedback round whose closing date has passed (R20).
"""

from django.core.management.base import BaseCommand

from openedx_dcp.engagement.feedback import api


class Command(BaseCommand):
    """
    Answers are refused from a round's ``closes_at`` on whether or not this runs; it moves the rounds to
    ``closed`` so that lists show them closed. Run it from cron (daily is enough); safe to run twice.
    """

    help = "Close the open feedback rounds whose closing date has passed."

    def handle(self, *args, **options):
        closed = api.close_due_rounds()
        self.stdout.write(f"Feedback rounds closed: {closed}")
