"""
Django signals about memberships, sent inside the transaction of the change, just before it commits: receivers
record what must follow the change in the outbox (``openedx_dcp.outbox.api.enqueue``) or do it in the same
transaction (credentials revoke at once), so it happens exactly when the change commits. A receiver must be
quick and must not call the network; if it raises, the change is rolled back. To act after commit, listen to
``membership.workflow.membership_transitioned`` or to the outbound Open edX events.

Each is sent with ``sender=Membership`` and ``membership=<Membership>``.
"""

import django.dispatch

# A membership began (announcement of the cycle that selected the member).
membership_started = django.dispatch.Signal()
# A member was renewed for a new term.
membership_renewed = django.dispatch.Signal()
# A membership lapsed after its grace period.
membership_lapsed = django.dispatch.Signal()
# A membership was revoked because its decision was withdrawn.
membership_revoked = django.dispatch.Signal()
# A member reached lifetime status.
membership_lifetime_granted = django.dispatch.Signal()
# The renewal review of a member's term opened.
membership_review_opened = django.dispatch.Signal()
# The committee found the renewal criteria met; the next term (or lifetime status) begins at the term's end.
membership_renewal_approved = django.dispatch.Signal()
# A member entered the grace period (criteria not met by the term's end, or deferred by the committee).
membership_grace_started = django.dispatch.Signal()
