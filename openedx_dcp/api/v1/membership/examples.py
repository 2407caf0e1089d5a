"""
The OpenAPI document's words on the REST operations of memberships and the public directory: a description per
operation and realistic examples (request and answer), keyed by operationId
(``openedx_dcp.api.v1.schema.operation``).

The examples are the dev host's demo data as ``make dev`` loads it on a fresh database (``dcp_load_demo``: program 1
``dcp``, cycle 1 open for nominations, cycle 4 in evaluation, cycle 5 awaiting approval, ...), so a developer can
send them from the docs page; tests/api/test_schemathesis.py sends them against that data, and
tests/api/test_schema_docs.py fails when an operation lacks a description or an example.
"""

from openedx_dcp.api.v1.schema import operation

OPERATIONS = {
    "memberships_list": operation(
        ("Memberships of the tenant's programs: program staff see all of their programs', a member their own. "
         "Filter with `?state=`, `?track=<slug>`, `?program=<slug>`."),
        parameters={"program": "dcp"},
        response={
            "id": 1,
            "program": "dcp",
            "track": "engineer",
            "track_name": "Distinguished Engineer",
            "member": "grace",
            "member_kind": "person",
            "state": "active",
            "term_number": 1,
            "term_start": "2025-07-01",
            "term_end": "2027-07-01",
            "review_opens_on": "2027-05-02",
            "next_term_start": None,
            "grace_until": None,
            "lifetime_since": None,
            "lapsed_on": None,
            "eligible_again_from": None,
        },
    ),
    "memberships_retrieve": operation(
        ("One membership with its renewal status (R14), terms, engagement choices (R17) and the actions the "
         "caller may start."),
        parameters={"id": 1},
        response={
            "id": 1,
            "program": "dcp",
            "track": "engineer",
            "track_name": "Distinguished Engineer",
            "member": "grace",
            "member_kind": "person",
            "state": "active",
            "term_number": 1,
            "term_start": "2025-07-01",
            "term_end": "2027-07-01",
            "review_opens_on": "2027-05-02",
            "next_term_start": None,
            "grace_until": None,
            "lifetime_since": None,
            "lapsed_on": None,
            "eligible_again_from": None,
            "renewal": {
                "criteria": {
                    "narrative": ("Technical contributions, such as platform enhancements or architecture improvements, or "
                     "mentorship of new contributors."),
                    "signal_kinds": [
                        "code_contribution",
                        "code_review",
                        "mentoring",
                        "forum_response",
                        "xblock_published",
                    ],
                    "required": 1,
                },
                "evidence_since": "2025-07-01",
                "evidence_count": 0,
                "criteria_met": False,
            },
            "terms": [
                {
                    "number": 1,
                    "start": "2025-07-01",
                    "end": "2027-07-01",
                    "outcome": "",
                    "renewed_in_grace": False,
                    "evidence_count": None,
                    "required_signals": None,
                    "decided_at": None,
                    "decision_note": "",
                },
            ],
            "engagement": {
                "mentoring": False,
                "validating_nominations": False,
                "speaking": False,
                "working_groups": False,
                "roadmap_discussions": False,
                "knowledge_sharing": False,
            },
            "actions": ["open_review", "revoke"],
        },
    ),
    "memberships_actions_create": operation(
        ("Program staff open a renewal review, renew, defer to grace or revoke (`action`), with a note; a move "
         "the workflow refuses answers 409."),
        parameters={"id": 1},
        request={"action": "open_review", "note": "Term ends in July."},
        response={
            "id": 1,
            "program": "dcp",
            "track": "engineer",
            "track_name": "Distinguished Engineer",
            "member": "grace",
            "member_kind": "person",
            "state": "renewal_review",
            "term_number": 1,
            "term_start": "2025-07-01",
            "term_end": "2027-07-01",
            "review_opens_on": "2027-05-02",
            "next_term_start": None,
            "grace_until": None,
            "lifetime_since": None,
            "lapsed_on": None,
            "eligible_again_from": None,
        },
    ),
    "memberships_engagement_retrieve": operation(
        "The member's follow-on engagement choices (R17), one per kind.",
        parameters={"id": 1},
        response=[
            {"kind": "mentoring", "opted_in": False},
            {"kind": "validating_nominations", "opted_in": False},
            {"kind": "speaking", "opted_in": False},
            {"kind": "working_groups", "opted_in": False},
            {"kind": "roadmap_discussions", "opted_in": False},
            {"kind": "knowledge_sharing", "opted_in": False},
        ],
    ),
    "memberships_engagement_create": operation(
        "The member opts in to (or out of) a kind of follow-on engagement (R17).",
        parameters={"id": 1},
        request={"kind": "mentoring", "opted_in": True},
        response=[
            {"kind": "mentoring", "opted_in": True},
            {"kind": "validating_nominations", "opted_in": False},
            {"kind": "speaking", "opted_in": False},
            {"kind": "working_groups", "opted_in": False},
            {"kind": "roadmap_discussions", "opted_in": False},
            {"kind": "knowledge_sharing", "opted_in": False},
        ],
    ),
    "memberships_evidence_list": operation(
        "The member's contribution signals that count for renewing the current term (R14).",
        parameters={"id": 1},
        response={
            "id": 12,
            "kind": "code_review",
            "source": "github",
            "occurred_at": "2026-09-14T16:20:00Z",
            "weight": 1.0,
            "url": "https://github.com/openedx/edx-platform/pull/35210",
        },
    ),
    "memberships_participations_list": operation(
        "Follow-on engagement the member took part in (R17).",
        parameters={"id": 1},
        response={
            "id": 1,
            "kind": "speaking",
            "date": "2026-10-12",
            "note": "Talk at the Open edX conference.",
            "created": "2026-12-01T10:47:59.789263Z",
        },
    ),
    "memberships_participations_create": operation(
        "Program staff record the member's participation in follow-on engagement (201).",
        parameters={"id": 1},
        request={"kind": "speaking", "date": "2026-10-12", "note": "Talk at the Open edX conference."},
        response={
            "id": 1,
            "kind": "speaking",
            "date": "2026-10-12",
            "note": "Talk at the Open edX conference.",
            "created": "2026-12-01T10:47:59.789263Z",
        },
        status=201,
    ),
    "public_programs_members_list": operation(
        ("Anonymous: the public directory of a program of this site (R23): active members who chose to be "
         "listed."),
        parameters={"program_slug": "dcp"},
        response={
            "member": "grace",
            "kind": "person",
            "track": "engineer",
            "track_name": "Distinguished Engineer",
            "state": "active",
            "member_since": "2025-07-01",
            "lifetime": False,
            "badges_url": "http://127.0.0.1:8000/api/dcp/v1/public/badges/grace/",
        },
    ),
}
