"""
Celery tasks of memberships: the scheduled sweep (R14–R16) and member emails.
"""

import datetime

from celery import shared_task

from openedx_dcp.membership import notifications

__all__ = ["sweep_memberships", "send_membership_email"]


@shared_task(name="openedx_dcp.membership.tasks.sweep_memberships")
def sweep_memberships(date=None):
    """
    Run the membership sweep for ``date`` (``YYYY-MM-DD``, today by default). Scheduled by Celery beat (see
    ``DCP_MEMBERSHIP_SWEEP_SCHEDULE``); idempotent, so running it more often than daily is harmless.
    """
    # Imported here: the api imports the workflow, which imports this module's email task lazily.
    from openedx_dcp.membership import api  # pylint: disable=import-outside-toplevel

    today = datetime.date.fromisoformat(date) if date else None
    return api.sweep_memberships(today)


@shared_task(name="openedx_dcp.membership.tasks.send_membership_email")
def send_membership_email(membership_id, name):
    """Email the member about a change of their membership (template ``openedx_dcp/email/<name>.txt``)."""
    return notifications.send_membership_email(membership_id, name)
