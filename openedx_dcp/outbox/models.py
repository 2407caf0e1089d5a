"""
The outbox table: one row per side effect owed to the world, written in the transaction of its cause.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["OutboxMessage"]


class OutboxMessage(models.Model):
    """
    A side effect to deliver: a credential to issue, an email to send, an outbound event to emit.

    It is written in the same transaction as the change that causes it, so it exists exactly when the change
    committed, whatever happens to the Celery broker, the mail server or the event bus afterwards. ``kind``
    names the handler that delivers it (registered by the package that owns the effect) and ``payload`` holds
    what the handler needs: ids and event data, never a rendered email. ``delivered_at`` is set once the
    handler succeeded; until then ``attempts``, ``next_attempt_at`` and ``last_error`` say how delivery is
    going, and the drain (Celery beat and ``dcp_drain_outbox``) retries with a growing delay.

    .. no_pii:
    """

    kind = models.CharField(max_length=64, help_text=_("Handler that delivers it, e.g. 'credentials.issue'."))
    payload = models.JSONField(default=dict, help_text=_("Arguments of the handler: ids and event data."))
    created = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0, help_text=_("Delivery attempts so far."))
    next_attempt_at = models.DateTimeField(default=timezone.now, help_text=_("Not retried before this time."))
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, help_text=_("Why the last attempt failed."))

    class Meta:
        indexes = [models.Index(fields=["delivered_at", "next_attempt_at"], name="dcp_outbox_due")]
        ordering = ["pk"]

    def __str__(self):
        return f"{self.kind} #{self.pk}"
