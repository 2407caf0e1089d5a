"""
Celery tasks of credentials: issuance and revocation run in workers, away from the request that ended or began
a membership (signing and status list allocation take a lock and an RSA signature).
"""

import logging

from celery import shared_task

from openedx_dcp.credentials import api
from openedx_dcp.membership.models import Membership

__all__ = ["issue_membership_credential", "revoke_membership_credentials", "issue_missing_credentials",
           "reconcile_credentials"]

log = logging.getLogger(__name__)


@shared_task(name="openedx_dcp.credentials.issue_membership_credential")
def issue_membership_credential(membership_id):
    """
    Issue the credential of the membership's current term. Idempotent per term, so a redelivered task or a
    second worker issues nothing more. Returns the credential's public id, or None.
    """
    membership = Membership.objects.filter(pk=membership_id).first()
    if membership is None:
        log.warning("Membership %s is gone; no credential issued.", membership_id)
        return None
    credential = api.issue_credential(membership=membership)
    return str(credential.public_id) if credential else None


@shared_task(name="openedx_dcp.credentials.revoke_membership_credentials")
def revoke_membership_credentials(membership_id, reason):
    """Revoke every credential of the membership (lapse or withdrawn decision). Returns how many."""
    membership = Membership.objects.filter(pk=membership_id).first()
    if membership is None:
        return 0
    return api.revoke_membership_credentials(membership=membership, reason=reason)


@shared_task(name="openedx_dcp.credentials.issue_missing_credentials")
def issue_missing_credentials():
    """Periodic sweep: issue the credentials live memberships lack (e.g. a key was configured late)."""
    return api.issue_missing_credentials()


@shared_task(name="openedx_dcp.credentials.reconcile_credentials")
def reconcile_credentials():
    """
    Periodic (``DCP_CREDENTIALS_RECONCILE_INTERVAL_MINUTES``): revoke the credentials of ended memberships and
    issue the missing ones of live memberships, so credentials agree with memberships whatever was lost.
    """
    return api.reconcile_credentials()
