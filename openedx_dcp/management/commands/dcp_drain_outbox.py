"""
Deliver what the outbox still owes (credentials to issue, emails, outbound events), in this process: no broker
needed. Use it once the broker or the mail server is back, or from cron where Celery beat does not run.
``--reconcile`` also makes credentials agree with memberships (revoke those of ended memberships, issue the
missing ones). Exits non-zero when some message could not be delivered, saying how many and why.
"""

from django.core.management.base import BaseCommand, CommandError

from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.outbox import api as outbox


class Command(BaseCommand):
    help = "Deliver the outbox's pending messages now (and, with --reconcile, reconcile credentials)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Deliver at most this many messages.")
        parser.add_argument("--due-only", action="store_true",
                            help="Skip the messages still waiting for their retry delay.")
        parser.add_argument("--reconcile", action="store_true",
                            help="Also revoke the credentials of ended memberships and issue missing ones.")

    def handle(self, *args, limit=None, due_only=False, reconcile=False, **options):
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number of messages.")
        result = outbox.drain(limit=limit, include_not_due=not due_only)
        self.stdout.write(f"Delivered {result.delivered} message(s); {result.failed} failed; "
                          f"{result.pending} still pending.")
        if reconcile:
            counts = credentials_api.reconcile_credentials()
            self.stdout.write(f"Reconciled credentials: {counts['revoked']} revoked, {counts['issued']} issued.")
        if result.failed:
            last = outbox.pending().exclude(last_error="").order_by("-pk").values_list("kind", "last_error").first()
            detail = f" Last error ({last[0]}): {last[1]}" if last else ""
            raise CommandError(f"{result.failed} message(s) could not be delivered; they stay in the outbox and "
                               f"are retried.{detail}")
