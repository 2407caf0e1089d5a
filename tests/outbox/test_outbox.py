"""
The outbox (issue 10, item 5): recorded with the change or not at all, delivered once, retried with a growing
delay while its handler fails, drained by the beat task and the command; credentials reconciled with memberships.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import TestCase
from django.utils import timezone

from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.credentials.models import BadgeCredential
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.outbox import api as outbox
from openedx_dcp.outbox import tasks
from openedx_dcp.outbox.models import OutboxMessage
from tests.credentials.factories import configure_keys, start_member

CALLS = []


def _flaky(fail_times, token):
    CALLS.append(token)
    if CALLS.count(token) <= fail_times:
        raise ConnectionError("mail server down")


outbox.register_handler(kind="test.flaky", handler=_flaky)


@pytest.fixture(autouse=True)
def _clear_calls():
    CALLS.clear()


def test_nothing_is_owed_when_the_change_rolls_back(db):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            outbox.enqueue(kind="test.flaky", fail_times=0, token="rolled back")
            raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists() and CALLS == []


def test_an_unknown_kind_is_refused_when_recorded(db):
    with pytest.raises(ValueError, match="No outbox handler"):
        outbox.enqueue(kind="test.nobody", x=1)


def test_failed_delivery_is_retried_later_with_a_growing_delay(db, settings):
    settings.DCP_OUTBOX_RETRY_SECONDS = 60
    settings.DCP_OUTBOX_RETRY_MAX_SECONDS = 100
    with TestCase.captureOnCommitCallbacks(execute=True):  # handed off (eagerly) after commit
        message = outbox.enqueue(kind="test.flaky", fail_times=2, token="a")
    message.refresh_from_db()
    assert (message.attempts, message.delivered_at) == (1, None)
    assert message.last_error == "ConnectionError: mail server down"
    first_delay = message.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=55) < first_delay <= datetime.timedelta(seconds=60)
    # Not due yet: the beat drain leaves it alone.
    assert tasks.drain_outbox() == {"delivered": 0, "failed": 0, "pending": 1}
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert tasks.drain_outbox() == {"delivered": 0, "failed": 1, "pending": 1}
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at - timezone.now() > datetime.timedelta(seconds=95)  # doubled, capped at 100
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert tasks.drain_outbox() == {"delivered": 1, "failed": 0, "pending": 0}
    message.refresh_from_db()
    assert message.delivered_at is not None and message.last_error == "" and message.attempts == 3
    # Delivered once: neither a redelivered task nor another drain runs it again.
    assert outbox.deliver(message_id=message.pk) is False
    assert tasks.drain_outbox()["delivered"] == 0
    assert CALLS == ["a", "a", "a"]


def test_drain_command_says_what_failed_and_exits_non_zero(db):
    outbox.enqueue(kind="test.flaky", fail_times=5, token="b")
    with pytest.raises(CommandError, match="1 message\\(s\\) could not be delivered.*mail server down"):
        call_command("dcp_drain_outbox", stdout=io.StringIO())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("dcp_drain_outbox", "--limit", "0", stdout=out)
    OutboxMessage.objects.update(payload={"fail_times": 0, "token": "c"})
    call_command("dcp_drain_outbox", stdout=out)
    assert "Delivered 1 message(s); 0 failed; 0 still pending." in out.getvalue()


def test_a_member_email_waits_in_the_outbox_while_the_mail_server_is_down(cycle, track, people, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("openedx_dcp.notifications.send_mail", refuse)
    membership = start_member(cycle, track, nominee=people["nominee"])
    owed = OutboxMessage.objects.get(kind="email", payload__template="membership_started")
    assert owed.payload == {"template": "membership_started", "audience": "membership.member",
                            "model": "openedx_dcp.membership", "pk": membership.pk}
    assert owed.delivered_at is None and "SMTP down" in owed.last_error
    monkeypatch.undo()
    mail.outbox.clear()
    call_command("dcp_drain_outbox", stdout=io.StringIO())
    # The drain also delivers the consent request of the peer nomination behind the membership (still pending:
    # this test's transaction never commits); the membership's email went out once.
    started = [m for m in mail.outbox if not m.subject.startswith("You were nominated")]
    assert [m.to for m in started] == [[people["nominee"].email]]


def test_reconcile_revokes_credentials_of_ended_memberships_and_issues_missing_ones(
    program, cycle, track, settings, people
):
    configure_keys(settings, program, {"kid": "k1"})
    ended = start_member(cycle, track)
    credential = ended.badge_credentials.get()
    # What a lost revocation would leave: the membership ended, its credential still valid.
    Membership.objects.filter(pk=ended.pk).update(state=MembershipState.LAPSED)
    # And a lost issuance: a live membership without a credential.
    missing = start_member(cycle, program.tracks.get(slug="advocate"))
    missing.badge_credentials.all().delete()
    assert credentials_api.verify_credential_id(site=program.site,
                                                credential_id=str(credential.public_id)).status == "valid"
    out = io.StringIO()
    call_command("dcp_drain_outbox", "--reconcile", stdout=out)
    assert "Reconciled credentials: 1 revoked, 1 issued." in out.getvalue()
    credential.refresh_from_db()
    assert credential.revocation_reason == "The membership lapsed."
    assert credentials_api.verify_credential_id(site=program.site,
                                                credential_id=str(credential.public_id)).status == "revoked"
    assert BadgeCredential.objects.filter(membership=missing).count() == 1
    assert credentials_api.reconcile_credentials() == {"revoked": 0, "issued": 0}


def test_beat_runs_the_drain_and_the_reconciliation(settings):
    schedule = settings.CELERYBEAT_SCHEDULE
    assert schedule["dcp-outbox-drain"]["task"] == tasks.drain_outbox.name
    assert schedule["dcp-outbox-drain"]["schedule"] == datetime.timedelta(seconds=60)
    assert schedule["dcp-credentials-reconcile"]["task"] == "openedx_dcp.credentials.reconcile_credentials"
