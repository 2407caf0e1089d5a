"""
The append-only audit trail every package writes to (R11, R24), with who may read each line (R26).

It belongs to the shared base, under every domain package: it names the program by the app's model label
(``"openedx_dcp.Program"``) rather than importing it, so writing an audit line never pulls a domain package in.
The model kept its app label and table when it moved here from ``openedx_dcp.nominations.models``: no migration.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AuditVisibility", "AuditRecord"]


class AuditVisibility(models.TextChoices):
    """
    Who may read an audit line of a nomination, set when the line is written (R26). Program staff and
    panelists are never shown a line of a nomination they are conflicted on, whatever its visibility.
    """

    #: The nomination's own moves: the nominator, the nominee, the panel and program staff.
    PARTICIPANTS = "participants", _("Nominator, nominee, panel and staff")
    #: An endorsement: its endorser, the nominator, the nominee, the panel and program staff.
    ENDORSER = "endorser", _("The endorser, nominator, nominee, panel and staff")
    #: The panel's work (assignments, reviews, recusals, staged decisions): the panel and program staff.
    PANEL = "panel", _("Panel and program staff")
    #: Program staff only.
    STAFF = "staff", _("Program staff")
    #: A released outcome: also the nominator and nominee, its note only when staff publish the rationale.
    OUTCOME = "outcome", _("Released outcome")


class AuditRecord(models.Model):
    """
    One append-only line of the audit trail: who moved what from which state to which, when and why (R11).

    Every workflow transition writes one, for nominations, cycles, memberships and whatever else gets a
    workflow. Rows are never updated or deleted through the ORM, and admin shows them read-only; user
    retirement alone redacts notes (with a queryset update). ``visibility`` says who may read the line (R26);
    ``openedx_dcp.review.confidentiality.visible_history`` applies it.

    .. pii: The note is free text (reasons, rationale) and may name people.
    .. pii_types: name, other
    .. pii_retirement: local_api
    """

    program = models.ForeignKey("openedx_dcp.Program", on_delete=models.CASCADE, related_name="audit_records")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(max_length=64)
    from_state = models.CharField(max_length=32, blank=True)
    to_state = models.CharField(max_length=32, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=16, choices=AuditVisibility.choices, default=AuditVisibility.STAFF,
        help_text=_("Who may read this line; set when it is written."),
    )

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action}: {self.from_state} -> {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit records are append-only.")
