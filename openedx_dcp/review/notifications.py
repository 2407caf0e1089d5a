"""
The emails of panel review as outbox messages: each is recorded in the transaction of the change that causes
it (``openedx_dcp.outbox.api.enqueue``) and sent after commit by the handlers registered here, which render and
send through ``openedx_dcp.review.tasks``. Retried while the mail server fails; never lost with the broker.
"""

from openedx_dcp.outbox import api as outbox
from openedx_dcp.review import tasks

__all__ = [
    "NOMINATION", "ENDORSEMENT_REQUESTED", "PANELIST_ASSIGNED", "CONSENT_REQUESTED", "APPROVAL_REQUESTED",
]

# Outbox kinds: the email to a nomination's nominee and nominator, to a member asked to endorse, to a panelist
# about their assignments.
NOMINATION = "review.email.nomination"
ENDORSEMENT_REQUESTED = "review.email.endorsement_requested"
PANELIST_ASSIGNED = "review.email.panelist_assigned"
# The peer nominee asked for consent (R5); the steward representatives asked to approve a final list (R11).
CONSENT_REQUESTED = "review.email.consent_requested"
APPROVAL_REQUESTED = "review.email.approval_requested"

outbox.register_handler(NOMINATION, tasks.notify_nomination)
outbox.register_handler(ENDORSEMENT_REQUESTED, tasks.notify_endorsement_requested)
outbox.register_handler(PANELIST_ASSIGNED, tasks.notify_panelist_assigned)
outbox.register_handler(CONSENT_REQUESTED, tasks.notify_consent_requested)
outbox.register_handler(APPROVAL_REQUESTED, tasks.notify_approval_requested)
