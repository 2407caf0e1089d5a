"""
Receivers of the plugin's own membership signals for this package, connected at app ready.

Membership signals are sent inside the transaction of the change (``openedx_dcp.membership.signals``), so
what credentials owe the change is decided there and commits with it:

- a membership that began, was renewed or became lifetime gets its credential issued through the outbox
  (signing waits for a worker, and is retried until it succeeds; ``reconcile_credentials`` also catches up);
- a membership that lapsed or whose decision was withdrawn has its credentials revoked in the same
  transaction, so the verifier says "revoked" as soon as the change is visible, whatever the broker does.
"""

import logging

from django.dispatch import receiver

from openedx_dcp.credentials import api, keys
from openedx_dcp.membership import signals
from openedx_dcp.membership.models import Membership
from openedx_dcp.outbox import api as outbox

log = logging.getLogger(__name__)

ISSUE = "credentials.issue"


def _issue(membership_id):
    """
    Outbox handler: issue the credential of the membership's current term (idempotent per term). A program
    without a signing key is the operator's to fix, not a delivery to retry: it is logged, and the
    reconciliation (``reconcile_credentials``, ``dcp_issue_credentials``) issues once the key is configured.
    """
    membership = Membership.objects.filter(pk=membership_id).first()
    if membership is None:
        return
    try:
        api.issue_credential(membership=membership)
    except keys.CredentialKeyMissing as exc:
        log.error("Credential of membership %s not issued: %s", membership_id, exc.message)


outbox.register_handler(kind=ISSUE, handler=_issue)


@receiver(signals.membership_started, dispatch_uid="dcp_credentials_issue_on_start")
@receiver(signals.membership_renewed, dispatch_uid="dcp_credentials_issue_on_renewal")
@receiver(signals.membership_lifetime_granted, dispatch_uid="dcp_credentials_issue_on_lifetime")
def issue_on_membership_term(sender, membership, **kwargs):
    """A membership began, was renewed for a new term or became lifetime: its credential is owed (R16, R22)."""
    outbox.enqueue(kind=ISSUE, membership_id=membership.pk)


@receiver(signals.membership_lapsed, dispatch_uid="dcp_credentials_revoke_on_lapse")
def revoke_on_lapse(sender, membership, **kwargs):
    """The membership lapsed after its grace period (R15): its credentials stop verifying, in this transaction."""
    api.revoke_membership_credentials(membership=membership, reason="The membership lapsed.")


@receiver(signals.membership_revoked, dispatch_uid="dcp_credentials_revoke_on_withdrawal")
def revoke_on_withdrawn_decision(sender, membership, **kwargs):
    """The decision that made the member was withdrawn: its credentials stop verifying, in this transaction."""
    api.revoke_membership_credentials(membership=membership, reason="The membership decision was withdrawn.")
