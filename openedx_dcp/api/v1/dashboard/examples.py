"""
The OpenAPI document's words on the REST operations of the dashboards: a description per operation and realistic
examples (request and answer), keyed by operationId (``openedx_dcp.api.v1.schema.operation``).

The examples are the dev host's demo data as ``make dev`` loads it on a fresh database (``dcp_load_demo``: program 1
``dcp``, cycle 1 open for nominations, cycle 4 in evaluation, cycle 5 awaiting approval, ...), so a developer can
send them from the docs page; tests/api/test_schemathesis.py sends them against that data, and
tests/api/test_schema_docs.py fails when an operation lacks a description or an example.
"""

from openedx_dcp.api.v1.schema import operation

# What the public and the staff dashboards both answer: the key results and the retention curve.
_FIGURES = {
    "key_results": [
        {
            "key": "nominations_per_cycle",
            "label": "Nominations per cycle (latest cycle)",
            "target": 50,
            "value": 1,
            "status": "not_met",
            "detail": None,
        },
        {
            "key": "selections_first_year",
            "label": "Distinguished Contributors recognized in the first year",
            "target": 10,
            "value": 2,
            "status": "not_met",
            "detail": None,
        },
        {
            "key": "follow_on_opt_in",
            "label": "Members opted in to follow-on engagement",
            "target": 0.5,
            "value": 0.0,
            "status": "not_met",
            "detail": {"members": 2, "opted_in": 0},
        },
        {
            "key": "mentors_or_validators",
            "label": "Members serving as mentors or validators",
            "target": 5,
            "value": 0,
            "status": "not_met",
            "detail": None,
        },
        {
            "key": "retention_12_months",
            "label": "Members still engaged 12 months after recognition",
            "target": 0.7,
            "value": 0.0,
            "status": "not_met",
            "detail": {"cycle": "2025", "due": 2, "engaged": 0},
        },
        {
            "key": "stories_and_spotlights",
            "label": "Stories and spotlights published",
            "target": 10,
            "value": None,
            "status": "not_tracked",
            "detail": None,
        },
        {
            "key": "feedback_rounds",
            "label": "Feedback rounds a year",
            "target": 2,
            "value": None,
            "status": "not_tracked",
            "detail": None,
        },
        {
            "key": "program_changes",
            "label": "Program changes in the last 12 months (KR 3.3)",
            "target": 1,
            "value": 0,
            "status": "not_met",
            "detail": None,
        },
        {
            "key": "panel_rotation",
            "label": "Panelists who also sat on the previous cycle's panel (KR 3.1)",
            "target": None,
            "value": 1.0,
            "status": "reported",
            "detail": {
                "cycle": "2026-spring",
                "previous_cycle": "2025-autumn",
                "panelists": 10,
                "returning": 10,
                "new": 0,
                "returning_share": 1.0,
            },
        },
        {
            "key": "new_contributors_citing_program",
            "label": "New contributors citing the program",
            "target": 3,
            "value": None,
            "status": "not_tracked",
            "detail": None,
        },
    ],
    "cohorts": {
        "years": [2025],
        "tracks": [
            {"slug": "engineer", "name": "Distinguished Engineer"},
            {"slug": "advocate", "name": "Distinguished Advocate"},
            {"slug": "innovator", "name": "Distinguished Innovator"},
            {"slug": "partner", "name": "Distinguished Partner"},
        ],
        "counts": [{"year": 2025, "track": "engineer", "members": 2}],
    },
    "retention_curve": {
        "cycle": "2025",
        "cycle_name": "First cohort (2025)",
        "points": [
            {"months": 3, "due": 2, "engaged": 0, "rate": 0.0},
            {"months": 6, "due": 2, "engaged": 0, "rate": 0.0},
            {"months": 9, "due": 2, "engaged": 0, "rate": 0.0},
            {"months": 12, "due": 2, "engaged": 0, "rate": 0.0},
        ],
    },
}


OPERATIONS = {
    "programs_dashboard_retrieve": operation(
        "Program staff: the dashboard with per-cycle figures and key results.",
        parameters={"id": 1},
        response={
            "program": "dcp",
            "as_of": "2026-12-01T10:47:56.001075Z",
            **_FIGURES,
            "cycles": [
                {"cycle": "2026", "stage": "nominations", "submitted": 1, "announced": 0},
                {"cycle": "2026-spring", "stage": "evaluation", "submitted": 3, "announced": 0},
                {"cycle": "2025-autumn", "stage": "approval", "submitted": 3, "announced": 0},
                {"cycle": "2025", "stage": "announced", "submitted": 3, "announced": 2},
            ],
            "live_members": 2,
            "nominations_in_flight": 7,
        },
    ),
    "public_programs_dashboard_retrieve": operation(
        "Anonymous: each key result of a program of this site with its figure and target.",
        parameters={"program_slug": "dcp"},
        response={
            "program": "dcp",
            "as_of": "2026-12-01T10:47:56.346424Z",
            **_FIGURES,
        },
    ),
}
