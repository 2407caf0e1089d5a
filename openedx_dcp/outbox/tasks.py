"""
Celery tasks of the outbox: deliver one message after its transaction committed, and the periodic drain
(``DCP_OUTBOX_DRAIN_INTERVAL_SECONDS``) that delivers what the broker lost or a handler failed to do.
"""

from celery import shared_task

from openedx_dcp.outbox import delivery

__all__ = ["deliver_outbox_message", "drain_outbox"]


@shared_task(name="openedx_dcp.outbox.deliver")
def deliver_outbox_message(message_id):
    """Deliver the outbox message ``message_id`` (a no-op if it was delivered meanwhile)."""
    return delivery.deliver(message_id=message_id)


@shared_task(name="openedx_dcp.outbox.drain")
def drain_outbox(limit=1000):
    """Periodic: deliver the owed messages whose retry time has come, oldest first."""
    result = delivery.drain(limit=limit)
    return {"delivered": result.delivered, "failed": result.failed, "pending": result.pending}
