"""
Celery tasks of panel review. (Its emails are owed through the one email sender, ``openedx_dcp.notifications``.)
"""

from celery import shared_task

from openedx_dcp.review import api

__all__ = ["announce_due_cohorts"]


@shared_task(name="openedx_dcp.review.announce_due_cohorts")
def announce_due_cohorts():
    """Periodic sweep: publish the cohort of every approved cycle whose announcement date has come."""
    return [cycle.pk for cycle in api.announce_due_cohorts()]
