"""
Two workers (a redelivered task and the beat drain, say) deliver one outbox message at the same moment: the
handler runs once. Row locks between connections: runs in the MariaDB pass.
"""

import threading
import time

import pytest
from django.db import connection

from openedx_dcp.outbox import api as outbox
from openedx_dcp.outbox.models import OutboxMessage
from tests.concurrency import race

pytestmark = pytest.mark.skipif(
    connection.vendor != "mysql", reason="needs row locks between connections: runs in the MariaDB pass"
)

RUNS = []
_lock = threading.Lock()


def _slow(token):
    with _lock:
        RUNS.append(token)
    time.sleep(0.3)  # long enough for the other worker to reach the locked row


outbox.register_handler(kind="test.slow", handler=_slow)


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_deliver_a_message_once():
    message = OutboxMessage.objects.create(kind="test.slow", payload={"token": "x"})
    outcomes = race(*[lambda: outbox.deliver(message_id=message.pk)] * 4)
    assert sorted(outcomes) == [False, False, False, True]
    assert RUNS == ["x"]
    message.refresh_from_db()
    assert message.delivered_at is not None and message.attempts == 1
