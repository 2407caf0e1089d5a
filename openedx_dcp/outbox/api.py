"""
Public functions of the outbox: record a side effect in the caller's transaction, deliver it after commit, and
drain what is still owed (docs/decisions/0010-outbox.rst). Delivering lives in ``outbox.delivery`` (the Celery
tasks call it; this module hands messages to them) and is re-exported here.

Every effect that must happen after a change (a credential issued, an email, an outbound Open edX event) goes
through ``enqueue`` (or ``enqueue_event``) inside the transaction of the change. After the commit, the message
is handed to a Celery worker; if the broker is down, nothing is raised and nothing is lost: the row stays and
the drain (Celery beat, or ``dcp_drain_outbox``) delivers it later. Delivery is at least once: a handler must
be idempotent (issuing a credential is; an email or event may, rarely, go out twice after a crash).
"""

from __future__ import annotations

import datetime
import logging
from functools import partial
from typing import TYPE_CHECKING

import attr
from django.db import transaction
from django.utils import timezone
from openedx_events.tooling import OpenEdxPublicSignal

from openedx_dcp.outbox import tasks
from openedx_dcp.outbox.delivery import EVENT, DrainResult, deliver, drain, pending, register_handler
from openedx_dcp.outbox.delivery import handles as _handles
from openedx_dcp.outbox.models import OutboxMessage

if TYPE_CHECKING:  # names in type hints only
    from typing import Any

__all__ = [
    "register_handler",
    "enqueue",
    "enqueue_event",
    "deliver",
    "drain",
    "DrainResult",
    "pending",
    "EVENT",
]

log = logging.getLogger(__name__)

def enqueue(*, kind: str, **payload: Any) -> OutboxMessage:
    """
    Record the side effect ``kind`` with ``payload`` (JSON: ids and plain values) in the current transaction,
    and hand it to a worker once the transaction commits. Nothing is recorded if the transaction rolls back.
    """
    if not _handles(kind):
        raise ValueError(f"No outbox handler is registered for {kind!r}.")
    message = OutboxMessage.objects.create(kind=kind, payload=payload)
    # robust: a failing hand-off must neither answer 500 for a change that committed nor stop later hooks.
    transaction.on_commit(partial(_hand_off, message.pk), robust=True)
    return message


def _to_json(value):
    if attr.has(type(value)):
        return {field.name: _to_json(getattr(value, field.name)) for field in attr.fields(type(value))}
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def enqueue_event(*, signal: OpenEdxPublicSignal, **data: Any) -> OutboxMessage:
    """
    Record the outbound Open edX event ``signal`` with its ``data`` (the attrs payload, as the change left
    it) in the current transaction; it is sent after commit, and again later if a receiver (say, the event
    bus producer) failed.
    """
    return enqueue(kind=EVENT, event_type=signal.event_type, time=timezone.now().isoformat(),
                   data={name: _to_json(value) for name, value in data.items()})


_HAND_OFF_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def _hand_off(message_id: int) -> None:
    """After commit: queue the delivery in a worker. A broker that is down leaves the message to the drain."""
    try:
        # One quick reconnection at most: a request must not wait for a broker that is down (kombu's default
        # connection retries take seconds per message); the drain catches up.
        tasks.deliver_outbox_message.apply_async((message_id,), retry=True, retry_policy=_HAND_OFF_RETRY)
    except Exception as exc:
        log.warning("Outbox message %s not handed to Celery (%s); the outbox drain will deliver it.",
                    message_id, exc)
