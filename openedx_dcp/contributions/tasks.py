"""
Celery tasks of contribution signals: the scheduled refresh of the daily rollups the dashboard reads.
"""

from celery import shared_task

from openedx_dcp.contributions import rollups

__all__ = ["refresh_signal_rollups"]


@shared_task(name="openedx_dcp.contributions.refresh_signal_rollups")
def refresh_signal_rollups(full=False):
    """Recount the days new signals touched (every day with ``full``); see ``contributions.rollups``."""
    return rollups.refresh_signal_rollups(full=full)
