"""
Issue 10, item 5: nothing is lost when the Celery broker is down.

A real Redis broker (a private ``redis-server`` on its own port, no persistence) is stopped in the middle of a
cohort's release; the announcement and a rescind happen while it is down; it comes back and the outbox is
drained. Every request whose change committed answers success, the rescinded member's credential verifies as
revoked at once, and every credential, revocation, email and outbound event is counted exactly once.
"""

import datetime
import shutil
import socket
import subprocess
import time
from collections import Counter

import pytest
from celery import current_app
from celery.signals import after_task_publish
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from kombu import pools

from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.credentials.models import BadgeCredential
from openedx_dcp.events import signals as events
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations.models import NominationState
from openedx_dcp.outbox.models import OutboxMessage
from openedx_dcp.programs.models import Cycle
from tests.credentials.factories import configure_keys
from tests.world import ReviewWorld

BROKER_PORT = 8141  # helper ports: 8100 + 10 * n and up (docs/development.md)
OUTBOUND = (events.DECISION_RELEASED, events.COHORT_ANNOUNCED, events.MEMBERSHIP_STARTED, events.MEMBERSHIP_REVOKED,
            events.NOMINATION_SUBMITTED)


class Broker:
    """A throw-away Redis server to use as Celery's broker, which a test can kill and start again."""

    def __init__(self, port):
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603  (a fixed local command)
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


def _use_celery(*, eager, broker_url=None):
    """Point the Celery app at ``broker_url`` (eager or not), dropping its pooled connections."""
    app = current_app
    app.conf.task_always_eager = eager
    if broker_url:
        app.conf.broker_url = broker_url
    pools.reset()  # kombu's process-wide connection and producer pools
    app._after_fork()  # Celery's own "forget the pools".


@pytest.fixture
def committed_world(transactional_db):
    """The review world with real commits: on-commit hand-offs happen as in production."""
    return ReviewWorld()


@pytest.fixture
def broker():
    assert shutil.which("redis-server"), "redis-server is needed (scripts/setup-machine installs it)"
    server = Broker(BROKER_PORT)
    server.start()
    before = (current_app.conf.task_always_eager, current_app.conf.broker_url)
    _use_celery(eager=False, broker_url=server.url)
    yield server
    server.stop()
    _use_celery(eager=before[0], broker_url=before[1])


@pytest.fixture
def published():
    """Names of the tasks Celery actually published to the broker."""
    names = []

    def count(sender=None, **kwargs):
        names.append(sender)

    after_task_publish.connect(count, weak=False)
    yield names
    after_task_publish.disconnect(count)


@pytest.fixture
def outbound():
    """The plugin's outbound Open edX events, as receivers saw them: Counter of event types."""
    seen = Counter()

    def receive(signal, sender, metadata, **kwargs):
        seen[metadata.event_type] += 1

    for event in OUTBOUND:
        event.connect(receive, weak=False)
    yield seen
    for event in OUTBOUND:
        event.disconnect(receive)


def _emails():
    return Counter((message.to[0], message.subject) for message in mail.outbox)


def test_a_cohort_released_and_announced_while_the_broker_dies_loses_nothing(
    committed_world, settings, broker, published, outbound
):
    world = committed_world
    _use_celery(eager=True)  # the set-up (submissions, screening, review) as a healthy system does it
    world.to_approved()
    configure_keys(settings, world.program, {"kid": "k1"})
    # The announcement date has come: move every date of the cycle three months back, keeping their order.
    Cycle.objects.filter(pk=world.cycle.pk).update(**{
        name: F(name) - datetime.timedelta(days=90)
        for name in ("nominations_open", "nominations_close", "review_start", "review_end", "announcement_at")
    })
    _use_celery(eager=False, broker_url=broker.url)
    mail.outbox.clear()
    outbound.clear()
    selected, _, rejected = world.nominations
    staff = world.client(world.staff)
    actions = f"/api/dcp/v1/review/cycles/{world.cycle.pk}/actions"

    # The broker dies after taking two hand-offs of the release (lost with it: no persistence).
    def kill_after_two(sender=None, **kwargs):
        if len(published) == 2:
            broker.stop()

    after_task_publish.connect(kill_after_two, weak=False)
    try:
        response = staff.post(f"{actions}/release/", {}, format="json")
    finally:
        after_task_publish.disconnect(kill_after_two)
    assert response.status_code == 200, response.content
    assert response.json()["released"] == 3
    assert broker.process is None and len(published) == 2
    # Every effect of the release is owed, in the database, none delivered: the worker never ran.
    assert OutboxMessage.objects.filter(delivered_at__isnull=True).count() == 6
    assert not mail.outbox

    # The announcement, with the broker down: success, and its effects recorded.
    response = staff.post(f"{actions}/announce/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == Cycle.ANNOUNCED
    assert Membership.objects.filter(cycle=world.cycle).count() == 2
    assert not BadgeCredential.objects.exists()
    # A retry of a committed action is refused as what it is (already done), not as a failure.
    assert staff.post(f"{actions}/announce/", {}, format="json").status_code == 409
    assert len(published) == 2 and not mail.outbox and not outbound

    # The broker is back: its hand-offs work again, and the drain delivers what the broker lost or refused.
    broker.start()
    _use_celery(eager=False, broker_url=broker.url)
    call_command("dcp_drain_outbox", "--reconcile")
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
    credentials = BadgeCredential.objects.filter(membership__cycle=world.cycle)
    assert credentials.count() == 2 and not credentials.filter(revoked_at__isnull=False).exists()
    first = credentials.get(membership__nomination=selected)

    # Rescind one selection with the broker down again: success, and the credential is revoked at once.
    broker.stop()
    response = staff.post(f"/api/dcp/v1/review/nominations/{selected.pk}/rescind/", {"note": "Plagiarism found."},
                          format="json")
    assert response.status_code == 200, response.content
    assert credentials_api.verify_credential_id(site=world.site, credential_id=str(first.public_id)).status == "revoked"
    assert staff.post(f"/api/dcp/v1/review/nominations/{selected.pk}/rescind/", {"note": "Again."},
                      format="json").status_code == 409
    broker.start()
    _use_celery(eager=False, broker_url=broker.url)
    call_command("dcp_drain_outbox", "--reconcile")

    # Count everything, once each.
    assert not OutboxMessage.objects.filter(delivered_at__isnull=True).exists()
    assert credentials.count() == 2
    assert list(credentials.filter(revoked_at__isnull=False)) == [first]
    assert Membership.objects.get(nomination=selected).state == MembershipState.REVOKED
    people = {n: (n.nominator.email, n.nominee_user.email) for n in world.nominations}
    emails = _emails()
    assert all(count == 1 for count in emails.values()), emails  # no email twice
    by_recipient = Counter(address for address, _ in emails)
    # Released: selected x2 and not selected x1, to nominee and nominator; started: 2 members; revoked: 1.
    assert by_recipient == Counter({
        people[selected][0]: 1, people[selected][1]: 3,
        people[world.nominations[1]][0]: 1, people[world.nominations[1]][1]: 2,
        people[rejected][0]: 1, people[rejected][1]: 1,
    }), by_recipient
    assert outbound == Counter({
        "org.openedx_dcp.decision.released.v1": 3,
        "org.openedx_dcp.membership.started.v1": 2,
        "org.openedx_dcp.cohort.announced.v1": 1,
        "org.openedx_dcp.membership.revoked.v1": 1,
    }), outbound
    assert world.cycle.nominations.filter(state=NominationState.ANNOUNCED).count() == 1
