"""
Translatable names of what the pages show: the domain's states, stages, roles and kinds read their labels from
the models' ``TextChoices`` (translatable there, one place for each label); the history's actions are named here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs.models import CommunityRole, Cycle

# The domain's choices, whose labels (translatable, on the TextChoices) the pages show: one place for each label.
CYCLE_STAGES = Cycle.Stage
NOMINATION_STATES = NominationState
ROLES = CommunityRole.Role
KINDS = Nomination.Kind


def label(choices, value):
    """
    The translated label of ``value`` among ``choices`` (a ``TextChoices`` class, or a mapping of values to labels),
    or the value itself for one the pages do not know.
    """
    if isinstance(choices, type) and issubclass(choices, models.Choices):
        # Looked up, not tested against ``choices.values`` (a list the enum builds anew at each call: a page
        # with a hundred history lines paid for it a hundred times).
        try:
            return choices(value).label
        except ValueError:
            return value
    return choices.get(value, value)


HISTORY_ACTIONS = {
    "create": _("Nomination created"),
    "edit": _("Nomination edited"),
    "consent": _("Consent given"),
    "submit": _("Submitted for screening"),
    "withdraw": _("Withdrawn"),
    "endorse": _("Endorsed"),
    "withdraw_endorsement": _("Endorsement withdrawn"),
    "endorsement_requested": _("Endorsement requested"),
    "start_screening": _("Screening started"),
    "pass_screening": _("Passed screening"),
    "fail_screening": _("Closed at screening"),
    "start_deliberation": _("Moved to deliberation"),
    "select": _("Selected"),
    "reject": _("Not selected"),
    "announce": _("Announced"),
    "rescind": _("Decision withdrawn"),
    "approve": _("Final list approved"),
    "send_back": _("Final list sent back to the panel"),
    "request_approval": _("Final list sent for approval"),
}


def history_note(record):
    """
    The note of a history line as the page shows it: an endorsement's line records the endorser's role by its
    code ("as core_contributor"), which the page names in words ("as Core contributor").
    """
    note = record.shown_note or ""
    role = note[3:] if record.action == "endorse" and note.startswith("as ") else None
    if role is not None and label(ROLES, role) != role:
        return _("as %(role)s") % {"role": label(ROLES, role)}
    return note
