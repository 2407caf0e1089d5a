"""
Translatable names of the domain's states and roles, as the pages show them. The models' choices are plain
English for the API and admin; a page shows the person's language, so each label goes through gettext here.
"""

from django.utils.translation import gettext_lazy as _

from openedx_dcp.nominations.models import NominationState
from openedx_dcp.programs.models import CommunityRole, Cycle

CYCLE_STAGES = {
    Cycle.NOMINATIONS: _("Nominations"),
    Cycle.SCREENING: _("Screening"),
    Cycle.EVALUATION: _("Impact evaluation"),
    Cycle.DELIBERATION: _("Deliberation"),
    Cycle.APPROVAL: _("Awaiting approval"),
    Cycle.APPROVED: _("Approved"),
    Cycle.ANNOUNCED: _("Announced"),
}

NOMINATION_STATES = {
    NominationState.DRAFT: _("Draft"),
    NominationState.SUBMITTED: _("Submitted for screening"),
    NominationState.SCREENING: _("In screening"),
    NominationState.SCREENED_OUT: _("Closed at screening"),
    NominationState.EVALUATION: _("In impact evaluation"),
    NominationState.DELIBERATION: _("In deliberation"),
    NominationState.SELECTED: _("Selected"),
    NominationState.NOT_SELECTED: _("Not selected"),
    NominationState.ANNOUNCED: _("Announced"),
    NominationState.RESCINDED: _("Decision withdrawn"),
    NominationState.WITHDRAWN: _("Withdrawn"),
}

ROLES = {
    CommunityRole.CORE_CONTRIBUTOR: _("Core contributor"),
    CommunityRole.PARTNER_REPRESENTATIVE: _("Partner representative"),
    CommunityRole.STEWARD_REPRESENTATIVE: _("Steward representative"),
    CommunityRole.TOC_MEMBER: _("TOC member"),
    CommunityRole.COMMUNITY_LEADER: _("Community leader"),
    CommunityRole.BIZDEV_WG_MEMBER: _("Biz Dev WG member"),
    CommunityRole.DISTINGUISHED_CONTRIBUTOR: _("Distinguished Contributor"),
}


def label(mapping, value):
    """The translated label of ``value`` in ``mapping``, or the value itself for one the pages do not know."""
    return mapping.get(value, value)

KINDS = {
    "self": _("Self-nomination"),
    "peer": _("Peer nomination"),
}

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
    if role in ROLES:
        return _("as %(role)s") % {"role": ROLES[role]}
    return note
