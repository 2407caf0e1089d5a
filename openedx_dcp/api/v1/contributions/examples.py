"""
The OpenAPI document's words on the REST operations of contribution signals: a description per operation and
realistic examples (request and answer), keyed by operationId (``openedx_dcp.api.v1.schema.operation``).

The examples are the dev host's demo data as ``make dev`` loads it on a fresh database (``dcp_load_demo``: program 1
``dcp``, cycle 1 open for nominations, cycle 4 in evaluation, cycle 5 awaiting approval, ...), so a developer can
send them from the docs page; tests/api/test_schemathesis.py sends them against that data, and
tests/api/test_schema_docs.py fails when an operation lacks a description or an example.
"""

from openedx_dcp.api.v1.schema import operation

OPERATIONS = {
    "signals_create": operation(
        "Program staff (or an integration user made program staff) store a batch of external contribution signals "
        "(code contributions, talks, posts, working groups): a list, or `{\"signals\": [...]}`; each has `kind`, "
        "`source`, `source_id`, `occurred_at`, `user` (username) or `organization` (slug), optional `weight` and "
        "`url`. Good items are stored, bad ones answered with their index and reasons; replaying a batch changes "
        "nothing.",
        request={
            "signals": [
                {
                    "kind": "code_contribution",
                    "source": "github",
                    "source_id": "openedx/edx-platform#35001",
                    "occurred_at": "2026-11-20T14:03:00Z",
                    "user": "ada",
                    "url": "https://github.com/openedx/edx-platform/pull/35001",
                },
            ],
        },
        response={"received": 1, "accepted": 1, "inserted": 1, "duplicates": 0, "errors": []},
    ),
    "signals_evidence_retrieve": operation(
        ("A person's evidence on the tenant's programs: counts per kind and track, first contribution, recent "
         "signals. Program staff, or the person."),
        parameters={"username": "ada"},
        response={
            "username": "ada",
            "program": "dcp",
            "tracks": {
                "engineer": {
                    "first": "2023-12-02T10:47:43.796991+00:00",
                    "last": "2023-12-02T10:47:43.796991+00:00",
                    "count": 1,
                },
                "advocate": {"first": None, "last": None, "count": 0},
                "innovator": {
                    "first": "2023-12-02T10:47:43.796991+00:00",
                    "last": "2023-12-02T10:47:43.796991+00:00",
                    "count": 1,
                },
                "partner": {
                    "first": "2023-12-02T10:47:43.796991+00:00",
                    "last": "2023-12-02T10:47:43.796991+00:00",
                    "count": 1,
                },
            },
            "active_months": ["2023-12"],
            "active_month_count": 1,
            "counts_by_kind": {"code_contribution": 1},
            "recent_counts_by_kind": {},
            "window_days": 365,
        },
    ),
    "signals_evidence_organizations_retrieve": operation(
        "An organization's evidence on the tenant's programs (partner track, R13). Program staff.",
        parameters={"slug": "acme"},
        response={
            "organization": "acme",
            "program": "dcp",
            "tracks": {
                "engineer": {"first": None, "last": None, "count": 0},
                "advocate": {"first": None, "last": None, "count": 0},
                "innovator": {"first": None, "last": None, "count": 0},
                "partner": {"first": None, "last": None, "count": 0},
            },
            "active_months": [],
            "active_month_count": 0,
            "counts_by_kind": {},
            "recent_counts_by_kind": {},
            "window_days": 365,
        },
    ),
    "signals_cohorts_retrieve": operation(
        "Retention and activity of a cycle's announced cohort, period by period. Program staff.",
        parameters={"cycle_id": 3},
        response={
            "retention": {
                "cycle": "2025",
                "members": 2,
                "due": 2,
                "engaged": 0,
                "retention": 0.0,
                "target": 0.7,
                "met": False,
                "window_days": 90,
                "min_signals": 1,
            },
            "survival": [
                {"months": 3, "members": 2, "due": 2, "engaged": 0, "rate": 0.0},
                {"months": 6, "members": 2, "due": 2, "engaged": 0, "rate": 0.0},
                {"months": 9, "members": 2, "due": 2, "engaged": 0, "rate": 0.0},
                {"months": 12, "members": 2, "due": 2, "engaged": 0, "rate": 0.0},
            ],
        },
    ),
    "signals_contributors_retrieve": operation(
        "Active contributors per period (`?periods=`, `?period_months=`). Program staff.",
        response={
            "periods": [
                {
                    "start": "2025-12-01T00:00:00+00:00",
                    "end": "2026-01-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-01-01T00:00:00+00:00",
                    "end": "2026-02-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-02-01T00:00:00+00:00",
                    "end": "2026-03-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-03-01T00:00:00+00:00",
                    "end": "2026-04-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-04-01T00:00:00+00:00",
                    "end": "2026-05-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-05-01T00:00:00+00:00",
                    "end": "2026-06-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-06-01T00:00:00+00:00",
                    "end": "2026-07-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-07-01T00:00:00+00:00",
                    "end": "2026-08-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-08-01T00:00:00+00:00",
                    "end": "2026-09-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-09-01T00:00:00+00:00",
                    "end": "2026-10-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-10-01T00:00:00+00:00",
                    "end": "2026-11-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
                {
                    "start": "2026-11-01T00:00:00+00:00",
                    "end": "2026-12-01T00:00:00+00:00",
                    "active": 0,
                    "new": 0,
                    "inactive": 0,
                },
            ],
        },
    ),
    "signals_opt_in_retrieve": operation(
        "The caller's choice to have their LMS activity counted as contribution signals.",
        response={"opted_in": False},
    ),
    "signals_opt_in_update": operation(
        "The caller opts in to having their LMS activity counted.",
        response={"opted_in": True},
    ),
    "signals_opt_in_destroy": operation(
        "The caller opts out; their LMS-derived signals stop counting.",
        response={"opted_in": False},
    ),
}
