"""
Receivers of the plugin's own Django signals for this package, connected at app ready.

Membership signals are sent after their change commits; each receiver only queues a Celery task. A failure to
queue is logged, never raised: the membership change has already happened and ``issue_missing_credentials``
(task and ``dcp_issue_credentials`` command) catches up.
"""

import logging

from django.dispatch import receiver

from openedx_dcp.credentials import tasks
from openedx_dcp.membership import signals

log = logging.getLogger(__name__)


def _queue(task, *args):
    try:
        task.delay(*args)
    except Exception:  # pylint: disable=broad-except
        log.exception("Could not run %s%r; the credential sweep will catch up.", task.name, args)


@receiver(signals.membership_started, dispatch_uid="dcp_credentials_issue_on_start")
@receiver(signals.membership_renewed, dispatch_uid="dcp_credentials_issue_on_renewal")
@receiver(signals.membership_lifetime_granted, dispatch_uid="dcp_credentials_issue_on_lifetime")
def issue_on_membership_term(sender, membership, **kwargs):
    """A membership began, was renewed for a new term or became lifetime: issue its credential (R16, R22)."""
    _queue(tasks.issue_membership_credential, membership.pk)


@receiver(signals.membership_lapsed, dispatch_uid="dcp_credentials_revoke_on_lapse")
def revoke_on_lapse(sender, membership, **kwargs):
    """The membership lapsed after its grace period (R15): its credentials stop verifying."""
    _queue(tasks.revoke_membership_credentials, membership.pk, "The membership lapsed.")


@receiver(signals.membership_revoked, dispatch_uid="dcp_credentials_revoke_on_withdrawal")
def revoke_on_withdrawn_decision(sender, membership, **kwargs):
    """The decision that made the member was withdrawn: its credentials stop verifying."""
    _queue(tasks.revoke_membership_credentials, membership.pk, "The membership decision was withdrawn.")
