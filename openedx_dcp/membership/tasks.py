"""
Celery tasks of memberships: the scheduled sweep (R14–R16) and member emails.
"""

import datetime

from celery import shared_task

from openedx_dcp import notifications
from openedx_dcp.membership import api
from openedx_dcp.membership.notifications import MEMBER

__all__ = ["sweep_memberships", "send_membership_email"]


@shared_task(name="openedx_dcp.membership.tasks.sweep_memberships")
def sweep_memberships(date=None):
    """
    Run the membership sweep for ``date`` (``YYYY-MM-DD``, today by default). Scheduled by Celery beat (see
    ``DCP_MEMBERSHIP_SWEEP_SCHEDULE``); idempotent, so running it more often than daily is harmless.
    """
    today = datetime.date.fromisoformat(date) if date else None
    return api.sweep_memberships(today=today)


@shared_task(name="openedx_dcp.membership.tasks.send_membership_email")
def send_membership_email(membership_id, name):
    """
    Email the member about a change of their membership (template ``openedx_dcp/email/<name>.txt``), through
    the one email sender. Kept for tasks queued by earlier versions; emails are owed through the outbox now.
    """
    return notifications.deliver(template=name, audience=MEMBER.name, model="openedx_dcp.membership",
                                 pk=membership_id)
