"""
The OpenAPI document's words on the REST operations of panel review and endorsement requests: a description per
operation and realistic examples (request and answer), keyed by operationId
(``openedx_dcp.api.v1.schema.operation``).

The examples are the dev host's demo data as ``make dev`` loads it on a fresh database (``dcp_load_demo``: program 1
``dcp``, cycle 1 open for nominations, cycle 4 in evaluation, cycle 5 awaiting approval, ...), so a developer can
send them from the docs page; tests/api/test_schemathesis.py sends them against that data, and
tests/api/test_schema_docs.py fails when an operation lacks a description or an example.
"""

from openedx_dcp.api.v1.schema import operation

OPERATIONS = {
    "nominations_endorsement_requests_create": operation(
        ("The nominator asks a recognized community member, by username, to endorse; they are emailed (202). "
         "Rate limited (`DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS`)."),
        parameters={"id": 2},
        request={"endorser": "toc"},
        status=202,
    ),
    "review_cycles_panel_list": operation(
        "The panel of a cycle (R9): seats and their holders. Program staff and the cycle's panelists.",
        parameters={"cycle_id": 4},
        response={
            "id": 21,
            "cycle": 4,
            "user": "panel_bizdev_wg_member_0",
            "username": "panel_bizdev_wg_member_0",
            "seat": "bizdev_wg_member",
            "created": "2026-12-01T10:47:48.056760Z",
        },
    ),
    "review_cycles_panel_create": operation(
        ("Program staff seat a panelist by username on a seat their community role allows (R9); the answer "
         "carries `warnings` to act on (e.g. no email address)."),
        parameters={"cycle_id": 1},
        request={"user": "toc", "seat": "toc_member"},
        response={
            "id": 41,
            "cycle": 1,
            "user": "toc",
            "username": "toc",
            "seat": "toc_member",
            "created": "2026-12-01T10:47:58.721528Z",
            "warnings": [],
        },
        status=201,
    ),
    "review_cycles_panel_destroy": operation(
        ("Program staff take a panelist off the panel before evaluation, saying why (`reason` in the body or "
         "`?reason=`)."),
        parameters={"cycle_id": 1, "id": 20, "reason": "Steps down for the year."},
        status=204,
    ),
    "review_cycles_report_retrieve": operation(
        "The panel's quota status (R9) and the rotation report: program staff and panelists.",
        parameters={"cycle_id": 4},
        response={
            "quotas": [
                {"seat": "bizdev_wg_member", "min": 1, "max": 2, "filled": 1, "ok": True},
                {"seat": "community_leader", "min": 2, "max": 3, "filled": 2, "ok": True},
                {"seat": "core_contributor", "min": 2, "max": 3, "filled": 2, "ok": True},
                {"seat": "partner_representative", "min": 2, "max": 3, "filled": 2, "ok": True},
                {"seat": "steward_representative", "min": 2, "max": 3, "filled": 2, "ok": True},
                {"seat": "toc_member", "min": 1, "max": 2, "filled": 1, "ok": True},
            ],
            "quota_problems": [],
            "rotation": {
                "cycle": "2026-spring",
                "previous_cycle": "2025-autumn",
                "panelists": 10,
                "returning": 10,
                "new": 0,
                "returning_share": 1.0,
            },
        },
    ),
    "review_cycles_actions_create": operation(
        ("One step of the cycle's review through the workflow (R11): `screen`, `start_evaluation`, "
         "`assign_reviewers`, `start_deliberation`, `request_approval`, `release`, `announce` (program staff), "
         "`approve` (a steward representative). A step the workflow refuses answers 409."),
        parameters={"cycle_id": 4, "action": "assign_reviewers"},
        request={"note": "Second round of assignments."},
        response={"cycle": 4, "stage": "evaluation", "assigned": 0},
    ),
    "review_cycles_export.csv_retrieve": operation(
        "Program staff download the cycle's nominations with their aggregate scores as CSV.",
        parameters={"cycle_id": 5},
        response=('nomination_id,track,nominee,kind,state,endorsements,reviews,mean_weighted_score,criteria_means,organization_size,assessed_on,absolute_metrics,per_employee_metrics,decision,votes_selected,votes_not_selected,votes_abstained,decision_released\r\n11,engineer,hedy,peer,deliberation,3,3,100.00,adoption=5; '
         "depth=5; "
         'originality=5,,,,,selected,0,0,0,\r\n12,engineer,dennis,peer,deliberation,3,3,80.00,adoption=4; '
         "depth=4; "
         'originality=4,,,,,selected,0,0,0,\r\n13,engineer,frances,peer,deliberation,3,3,60.00,adoption=3; '
         'depth=3; originality=3,,,,,not_selected,0,0,0,\r\n'),
        media_type="text/csv",
    ),
    "review_nominations_list": operation(
        ("The nominations the caller works on in review, `?cycle=<id>`: a panelist's assigned ones (all of the "
         "cycle in deliberation), never a conflicted one (R10); aggregates after the panelist's own review "
         "(R11)."),
        parameters={"cycle": 4},
        response={
            "id": 8,
            "cycle": 4,
            "track": "engineer",
            "kind": "peer",
            "nominee": "alan",
            "state": "evaluation",
            "summary": "Maintains the course authoring MFE and reviews platform pull requests.",
            "impact_statement": "Her work is deployed by most Tutor operators; 120 merged pull requests.",
            "references": "Acme Learning; the Build-Test-Release working group",
            "evidence_links": ["https://github.com/openedx/frontend-app-authoring/pulls"],
            "rubric": [
                {"key": "depth", "label": "Depth", "weight": 1.0, "max_score": 5},
                {"key": "originality", "label": "Originality", "weight": 1.0, "max_score": 5},
                {"key": "adoption", "label": "Adoption in the ecosystem", "weight": 1.0, "max_score": 5},
            ],
            "partner": None,
            "assigned_to_me": False,
            "my_review_submitted": False,
            "aggregate": {"reviews": 0, "mean": None, "criteria": {}},
            "decision": None,
        },
    ),
    "review_nominations_retrieve": operation(
        "One nomination as the caller may see it in review (404 when conflicted).",
        parameters={"id": 8},
        response={
            "id": 8,
            "cycle": 4,
            "track": "engineer",
            "kind": "peer",
            "nominee": "alan",
            "state": "evaluation",
            "summary": "Maintains the course authoring MFE and reviews platform pull requests.",
            "impact_statement": "Her work is deployed by most Tutor operators; 120 merged pull requests.",
            "references": "Acme Learning; the Build-Test-Release working group",
            "evidence_links": ["https://github.com/openedx/frontend-app-authoring/pulls"],
            "rubric": [
                {"key": "depth", "label": "Depth", "weight": 1.0, "max_score": 5},
                {"key": "originality", "label": "Originality", "weight": 1.0, "max_score": 5},
                {"key": "adoption", "label": "Adoption in the ecosystem", "weight": 1.0, "max_score": 5},
            ],
            "partner": None,
            "assigned_to_me": False,
            "my_review_submitted": False,
            "aggregate": {"reviews": 0, "mean": None, "criteria": {}},
            "decision": None,
        },
    ),
    "review_nominations_reviews_list": operation(
        ("The reviews of a nomination the caller may read: staff all, a panelist their own and, after it or in "
         "deliberation, the others' (R10, R11)."),
        parameters={"id": 11},
        response={
            "id": 10,
            "nomination": 11,
            "panelist": 31,
            "username": "panel_bizdev_wg_member_0",
            "scores": {"depth": 5, "originality": 5, "adoption": 5},
            "weighted_score": 100.0,
            "comment": "Demo review.",
            "submitted_at": "2026-12-01T10:47:50.464808Z",
        },
    ),
    "review_nominations_reviews_create": operation(
        ("An assigned panelist submits their review: a score per rubric criterion and a comment; checked "
         "against the track's rubric."),
        parameters={"id": 10},
        request={
            "scores": {"depth": 4, "originality": 3, "adoption": 5},
            "comment": "Strong record of reviews and releases.",
        },
        response={
            "id": 19,
            "nomination": 10,
            "panelist": 30,
            "username": "panel_toc_member_0",
            "scores": {"depth": 4, "originality": 3, "adoption": 5},
            "weighted_score": 80.0,
            "comment": "Strong record of reviews and releases.",
            "submitted_at": "2026-12-01T10:47:59.055664Z",
        },
        status=201,
    ),
    "review_nominations_assignments_list": operation(
        "Program staff list the panelists assigned to review the nomination.",
        parameters={"id": 8},
        response={
            "id": 10,
            "nomination": 8,
            "panelist": 21,
            "username": "panel_bizdev_wg_member_0",
            "seat": "bizdev_wg_member",
            "assigned_by": "staff",
            "created": "2026-12-01T10:47:48.585561Z",
        },
    ),
    "review_nominations_assignments_create": operation(
        ("Program staff assign a panelist of the cycle's panel by username (400 `not_a_panelist` for anyone "
         "else); never a conflicted one (R10): refusals are keyed `username`."),
        parameters={"id": 8},
        request={"username": "panel_toc_member_0"},
        response={
            "id": 28,
            "nomination": 8,
            "panelist": 30,
            "username": "panel_toc_member_0",
            "seat": "toc_member",
            "assigned_by": "staff",
            "created": "2026-12-01T10:47:59.131872Z",
        },
        status=201,
    ),
    "review_nominations_conflicts_list": operation(
        "Program staff list every panelist's conflicts of interest on the nomination, with their kinds (R10).",
        parameters={"id": 8},
        response={"panelist": 25, "username": "core1", "kinds": ["endorser"]},
    ),
    "review_nominations_conflicts_create": operation(
        "A panelist of the cycle recuses from a nomination, with a reason (R10).",
        parameters={"id": 9},
        request={"reason": "I mentor the nominee."},
        response={"id": 1, "kind": "declared"},
        status=201,
    ),
    "review_nominations_conflicts_clear_create": operation(
        ("Program staff clear a suggested conflict (a colleague of the nominee) with a reason; an endorser's "
         "or nominator's conflict cannot be cleared (R10)."),
        parameters={"id": 8},
        request={
            "username": "panel_partner_representative_0",
            "reason": "Left the organization's project team years ago.",
        },
        response={"id": 7, "kind": "cleared"},
        status=201,
    ),
    "review_nominations_comments_list": operation(
        "The deliberation on a nomination (R11), oldest first.",
        parameters={"id": 11},
        response={
            "id": 1,
            "nomination": 11,
            "author": "staff",
            "body": "Impact on the authoring MFE is clear.",
            "created": "2026-12-01T10:46:03.120000Z",
        },
    ),
    "review_nominations_comments_create": operation(
        "A non-conflicted panelist or program staff comment in deliberation.",
        parameters={"id": 11},
        request={"body": "Impact on the authoring MFE is clear."},
        response={
            "id": 1,
            "nomination": 11,
            "author": "staff",
            "body": "Impact on the authoring MFE is clear.",
            "created": "2026-12-01T10:46:03.120000Z",
        },
        status=201,
    ),
    "review_nominations_votes_create": operation(
        ("A non-conflicted panelist votes on a nomination in deliberation: `selected`, `not_selected` or "
         "`abstain`; voting again changes the vote."),
        parameters={"id": 11},
        request={"choice": "selected"},
        response={"id": 1, "nomination": 11, "choice": "selected", "modified": "2026-12-01T10:47:10.500000Z"},
        status=201,
    ),
    "review_nominations_decision_retrieve": operation(
        "The staged or released decision on a nomination, with the vote counts; 404 while none is staged.",
        parameters={"id": 11},
        response={
            "nomination": 11,
            "outcome": "selected",
            "rationale": "Panel consensus: selected (demo).",
            "votes_selected": 0,
            "votes_not_selected": 0,
            "votes_abstained": 0,
            "recorded_by": "staff",
            "recorded_at": "2026-12-01T10:47:50.783627Z",
            "released_at": None,
            "rationale_published": False,
        },
    ),
    "review_nominations_decision_create": operation(
        "Program staff stage the panel's decision with its rationale during deliberation (R11).",
        parameters={"id": 11},
        request={"outcome": "selected", "rationale": "Panel consensus: sustained impact on the authoring MFE."},
        response={
            "nomination": 11,
            "outcome": "selected",
            "rationale": "Panel consensus: sustained impact on the authoring MFE.",
            "votes_selected": 5,
            "votes_not_selected": 0,
            "votes_abstained": 0,
            "recorded_by": "staff",
            "recorded_at": "2026-12-01T10:47:50.783627Z",
            "released_at": None,
            "rationale_published": False,
        },
        status=201,
    ),
    "review_nominations_decision_destroy": operation(
        "Program staff unstage the decision during deliberation (R11).",
        parameters={"id": 11},
        status=204,
    ),
    "review_nominations_decision_publication_create": operation(
        "Program staff publish (or withdraw) the decision's rationale to the nominator and nominee (R26).",
        parameters={"id": 5},
        request={"published": True},
        response={
            "nomination": 5,
            "outcome": "selected",
            "rationale": "Panel consensus: selected.",
            "votes_selected": 0,
            "votes_not_selected": 0,
            "votes_abstained": 0,
            "recorded_by": "staff",
            "recorded_at": "2026-12-01T10:47:46.272971Z",
            "released_at": "2026-12-01T10:47:46.348837Z",
            "rationale_published": True,
        },
    ),
    "review_nominations_rescind_create": operation(
        "Program staff withdraw a selection with a note, revoking a started membership.",
        parameters={"id": 6},
        request={"note": "The nominee asked to withdraw."},
        response={"id": 6, "state": "rescinded"},
    ),
}
