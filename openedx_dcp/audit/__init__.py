"""
The append-only audit trail every workflow writes to (R11, R24), with who may read each line (R26).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from openedx_dcp.audit.models import AuditRecord, AuditVisibility

__all__ = ["record", "trail", "visibility_of", "NOMINATION_ACTION_VISIBILITY"]

V = AuditVisibility

# Who reads each kind of line about a nomination (R26). A line of a kind not listed here is for program staff
# only, so that a new kind of line never leaks before someone decides who may read it.
NOMINATION_ACTION_VISIBILITY = {
    # The nomination's own moves, seen by its nominator and nominee.
    "create": V.PARTICIPANTS,
    "edit": V.PARTICIPANTS,
    "consent": V.PARTICIPANTS,
    "submit": V.PARTICIPANTS,
    "withdraw": V.PARTICIPANTS,
    "endorsement_requested": V.PARTICIPANTS,
    "start_screening": V.PARTICIPANTS,
    "pass_screening": V.PARTICIPANTS,
    "fail_screening": V.PARTICIPANTS,
    "start_deliberation": V.PARTICIPANTS,
    # An endorsement: its endorser (and the nominator and nominee, whose quorum it counts toward).
    "endorse": V.ENDORSER,
    "withdraw_endorsement": V.ENDORSER,
    # The panel's work.
    "assign": V.PANEL,
    "review_submitted": V.PANEL,
    "conflict_declared": V.PANEL,
    "decision_staged": V.PANEL,
    "decision_unstaged": V.PANEL,
    # Staff's own judgement about a panelist's relation to a nominee.
    "conflict_cleared": V.STAFF,
    # The outcome, written when decisions are released (never before the steward's approval).
    "select": V.OUTCOME,
    "reject": V.OUTCOME,
    "announce": V.OUTCOME,
    "rescind": V.OUTCOME,
}


def visibility_of(subject, action):
    """The visibility a line about ``subject`` recording ``action`` gets when none is given (R26)."""
    if subject._meta.model_name == "nomination":
        return NOMINATION_ACTION_VISIBILITY.get(action, V.STAFF)
    return V.STAFF


def record(subject, program, action, actor=None, from_state="", to_state="", note="", visibility=None):
    """
    Append one audit line about ``subject`` (any model instance) within ``program``; ``visibility`` defaults to
    what ``visibility_of`` says for the action.
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
        visibility=visibility or visibility_of(subject, action),
    )


def trail(subject):
    """Every audit line of ``subject``, oldest first, whoever may read it (staff and internal use)."""
    return AuditRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).select_related("actor")
