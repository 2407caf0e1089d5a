"""
Two sweeps at once (two Celery workers, or the beat task and an operator's command) move each membership once:
row locks decide who moves it, never an in-process lock (MariaDB only: SQLite has no row locks).
"""

import datetime
import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from openedx_dcp.audit.models import AuditRecord
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership import workflow
from tests.factories import make_program
from tests.membership.factories import announced_cycle, make_membership

pytestmark = [
    pytest.mark.mysql_only,
    pytest.mark.skipif(connection.vendor != "mysql", reason="Row locks need MariaDB/MySQL (DCP_DB=mysql)."),
]


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_move_each_membership_once(monkeypatch):
    cycle = announced_cycle(make_program())
    memberships = [make_membership(cycle) for _ in range(12)]
    mail.outbox.clear()
    slow = workflow.due_transition

    def due_transition_slowly(membership, today):
        # Hold each row lock a little so the two sweeps really meet on the same rows.
        time.sleep(0.005)
        return slow(membership, today)

    monkeypatch.setattr(workflow, "due_transition", due_transition_slowly)
    start = threading.Barrier(2)
    results, errors = [], []

    def sweep():
        try:
            start.wait()
            results.append(membership_api.sweep_memberships(today=datetime.date(2028, 1, 1)))
        except Exception as exc:  # noqa: BLE001  reported below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = Counter()
    for result in results:
        total.update(result)
    assert total == {"open_review": 12, "start_grace": 12, "lapse": 12}
    for membership in memberships:
        actions = list(
            AuditRecord.objects.filter(content_type__model="membership", object_id=membership.pk)
            .order_by("id").values_list("action", flat=True)
        )
        assert actions == ["start", "open_review", "start_grace", "lapse"]
    assert len(mail.outbox) == 36
    assert membership_api.sweep_memberships(today=datetime.date(2028, 1, 1)) == {}
