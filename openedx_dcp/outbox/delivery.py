"""
Delivering what the outbox owes: the handlers each package registers, one message's delivery (locked, retried
with a growing delay) and the drain. The Celery tasks (``outbox.tasks``) and ``outbox.api`` call it; callers use
``outbox.api``, which re-exports it.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import attr
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from openedx_events.tooling import OpenEdxPublicSignal

from openedx_dcp.outbox.models import OutboxMessage

if TYPE_CHECKING:  # names in type hints only
    from django.db.models import QuerySet

__all__ = ["register_handler", "handles", "deliver", "drain", "DrainResult", "pending", "EVENT"]

log = logging.getLogger(__name__)

# Kind of the messages that carry an outbound Open edX event.
EVENT = "openedx_event"

_HANDLERS: dict[str, Callable[..., object]] = {}


def register_handler(*, kind: str, handler: Callable[..., object]) -> None:
    """
    Make ``handler(**payload)`` deliver messages of ``kind``. The package that owns an effect registers it at
    import (its receivers module, imported at app ready). It must be idempotent and raise when it failed.
    """
    _HANDLERS[kind] = handler


def handles(kind: str) -> bool:
    """Whether a handler delivers messages of ``kind``."""
    return kind in _HANDLERS


def _from_json(kind, value):
    if attr.has(kind):
        return kind(**{field.name: _from_json(field.type, value[field.name]) for field in attr.fields(kind)})
    if kind is datetime.datetime:
        return datetime.datetime.fromisoformat(value)
    return value


def _send_event(event_type: str, time: str, data: dict) -> int:
    signal = OpenEdxPublicSignal.get_signal_by_type(event_type)
    kwargs = {name: _from_json(kind, data[name]) for name, kind in signal.init_data.items()}
    responses = signal.send_event(time=datetime.datetime.fromisoformat(time), **kwargs) or []
    failed = [(receiver, response) for receiver, response in responses if isinstance(response, Exception)]
    if failed:
        receiver, error = failed[0]
        raise RuntimeError(f"{len(failed)} receiver(s) of {event_type} failed, first {receiver!r}: {error!r}")
    return len(responses)


register_handler(kind=EVENT, handler=_send_event)


def _retry_delay(attempts: int) -> datetime.timedelta:
    base = getattr(settings, "DCP_OUTBOX_RETRY_SECONDS", 60)
    ceiling = getattr(settings, "DCP_OUTBOX_RETRY_MAX_SECONDS", 3600)
    return datetime.timedelta(seconds=min(ceiling, base * 2 ** max(0, attempts - 1)))


def deliver(*, message_id: int) -> bool:
    """
    Deliver one message if it is still owed: run its handler and mark it delivered, or record the failure and
    when to try again. Concurrent workers never deliver the same message twice (the row is locked; a locked
    row is skipped). Returns whether it was delivered by this call.
    """
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(
            pk=message_id, delivered_at__isnull=True
        ).first()
        if message is None:
            return False
        message.attempts += 1
        handler = _HANDLERS.get(message.kind)
        try:
            if handler is None:
                raise LookupError(f"No outbox handler is registered for {message.kind!r}.")
            # A savepoint: a handler's database error must not cost the record of its failure.
            with transaction.atomic():
                handler(**message.payload)
        except Exception as exc:
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = timezone.now() + _retry_delay(message.attempts)
            message.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            log.warning("Outbox message %s (%s) failed, attempt %s: %s", message.pk, message.kind,
                        message.attempts, message.last_error)
            return False
        message.delivered_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "delivered_at", "last_error"])
        return True


@dataclass
class DrainResult:
    """What one drain did: messages delivered, messages that failed again, messages still owed."""

    delivered: int
    failed: int
    pending: int


def pending() -> QuerySet:
    """The messages not delivered yet, oldest first."""
    return OutboxMessage.objects.filter(delivered_at__isnull=True).order_by("pk")


def drain(*, limit: int | None = None, include_not_due: bool = False) -> DrainResult:
    """
    Deliver the messages that are owed and due (``include_not_due``: also those waiting for their retry
    delay, as an operator does once the broker or mail server is back), at most ``limit``, oldest first.
    Runs in the calling process: it needs no broker.
    """
    due = pending()
    if not include_not_due:
        due = due.filter(next_attempt_at__lte=timezone.now())
    ids = list(due.values_list("pk", flat=True)[:limit] if limit else due.values_list("pk", flat=True))
    delivered = sum(1 for message_id in ids if deliver(message_id=message_id))
    return DrainResult(delivered=delivered, failed=len(ids) - delivered, pending=pending().count())
