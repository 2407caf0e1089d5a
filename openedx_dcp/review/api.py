"""
Public functions of panel review and selection (R9–R13). The REST layer, admin, commands, tasks and the other
packages call these, and import only this front; the functions live in a module per concern:
``review.panel`` (the panel, conflicts), ``review.screening``, ``review.scoring`` (assignments, reviews),
``review.decisions`` (deliberation to announcement), ``review.selectors`` (what each person reads) and
``review.permissions`` (who may take each step), with ``review.common`` for the checks they share and
``review.board`` for the staff's board.

Nominations and cycles change state only through ``openedx_dcp.nominations.workflow`` (``perform`` and
``advance_cycle``); the guards this package adds to it live in ``openedx_dcp.review.workflow``. The order of a
cycle is: ``screen_cycle`` → ``start_evaluation`` (quotas) → ``assign_reviewers`` / ``submit_review`` →
``start_deliberation`` (minimum reviews) → ``cast_vote`` / ``stage_decision`` → ``request_approval`` →
``approve`` (a steward representative) → ``release_decisions`` → ``announce_cohort`` (on the date).
"""

from openedx_dcp.review.board import BOARD_ORDERS, review_board
from openedx_dcp.review.common import (
    SEAT_ROLES,
    is_conflicted_on,
    may_see_panel_scores,
    seat_roles,
)
from openedx_dcp.review.decisions import (
    add_comment,
    announce_cohort,
    announce_due_cohorts,
    approve,
    cast_vote,
    publish_rationale,
    release_decisions,
    request_approval,
    rescind_decision,
    send_back,
    stage_decision,
    unstage_decision,
)
from openedx_dcp.review.panel import (
    add_panelist,
    clear_suggested_conflict,
    declare_conflict,
    is_conflicted,
    panel_history,
    panelist_of,
    quota_problems,
    quota_status,
    remove_panelist,
    require_panelist,
    rotation_report,
    seat_candidates,
    seat_warnings,
)
from openedx_dcp.review.permissions import (
    CYCLE_ACTIONS,
    is_program_steward,
    is_steward,
    may_read_final_list,
    may_read_panel,
    may_run_review,
    require_cycle_action,
)
from openedx_dcp.review.scoring import (
    aggregate_scores,
    apply_assignments,
    assign,
    assign_reviewers,
    plan_assignments,
    review_shortfall,
    rubric_of,
    save_review_draft,
    start_deliberation,
    submit_review,
    weighted_score,
)
from openedx_dcp.review.screening import (
    request_endorsement,
    screen,
    screen_cycle,
    screening_problems,
    start_evaluation,
)
from openedx_dcp.review.selectors import (
    cohort_for_approval,
    dossier,
    endorsement_requests_for,
    endorsements_visible_to,
    final_lists_awaiting,
    nominations_for_review,
    panel_nominations,
    panel_view_of,
    review_queue,
    reviews_visible_to,
    sees_panel_work,
    visible_history,
)

__all__ = [
    "SEAT_ROLES",
    "may_see_panel_scores",
    "is_steward",
    "is_program_steward",
    "may_run_review",
    "may_read_panel",
    "may_read_final_list",
    "CYCLE_ACTIONS",
    "require_cycle_action",
    "seat_roles",
    "add_panelist",
    "remove_panelist",
    "quota_status",
    "quota_problems",
    "rotation_report",
    "panel_history",
    "seat_candidates",
    "seat_warnings",
    "panelist_of",
    "require_panelist",
    "is_conflicted",
    "declare_conflict",
    "clear_suggested_conflict",
    "screening_problems",
    "screen",
    "screen_cycle",
    "start_evaluation",
    "assign",
    "assign_reviewers",
    "plan_assignments",
    "apply_assignments",
    "rubric_of",
    "weighted_score",
    "submit_review",
    "reviews_visible_to",
    "review_shortfall",
    "aggregate_scores",
    "start_deliberation",
    "add_comment",
    "cast_vote",
    "stage_decision",
    "unstage_decision",
    "request_approval",
    "approve",
    "send_back",
    "cohort_for_approval",
    "final_lists_awaiting",
    "endorsement_requests_for",
    "release_decisions",
    "announce_cohort",
    "announce_due_cohorts",
    "rescind_decision",
    "request_endorsement",
    "nominations_for_review",
    "is_conflicted_on",
    "sees_panel_work",
    "visible_history",
    "endorsements_visible_to",
    "publish_rationale",
    "review_board",
    "BOARD_ORDERS",
    "save_review_draft",
    "panel_nominations",
    "review_queue",
    "dossier",
    "panel_view_of",
]
