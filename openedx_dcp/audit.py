"""
The append-only audit trail every workflow writes to (R11, R24).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from openedx_dcp.nominations.models import AuditRecord

__all__ = ["record", "trail"]


def record(subject, program, action, actor=None, from_state="", to_state="", note=""):
    """
    Append one audit line about ``subject`` (any model instance) within ``program``.
    """
    return AuditRecord.objects.create(
        program=program,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        action=action,
        from_state=from_state or "",
        to_state=to_state or "",
        actor=actor if getattr(actor, "pk", None) else None,
        at=timezone.now(),
        note=note or "",
    )


def trail(subject):
    """The audit lines of ``subject``, oldest first."""
    return AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")
