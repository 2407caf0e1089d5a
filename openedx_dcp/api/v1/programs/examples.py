"""
The OpenAPI document's words on the REST operations of programs, rules, tracks, cycles, organizations, affiliations
and community roles: a description per operation and realistic examples (request and answer), keyed by operationId
(``openedx_dcp.api.v1.schema.operation``).

The examples are the dev host's demo data as ``make dev`` loads it on a fresh database (``dcp_load_demo``: program 1
``dcp``, cycle 1 open for nominations, cycle 4 in evaluation, cycle 5 awaiting approval, ...), so a developer can
send them from the docs page; tests/api/test_schemathesis.py sends them against that data, and
tests/api/test_schema_docs.py fails when an operation lacks a description or an example.
"""

from openedx_dcp.api.v1.schema import operation
from openedx_dcp.programs.defaults import DEFAULT_THRESHOLDS, DEFAULT_TRACKS

OPERATIONS = {
    "programs_list": operation(
        "The programs of the request's tenant (R1), by slug. Any signed-in user of the tenant.",
        response={
            "id": 1,
            "slug": "dcp",
            "name": "Open edX Distinguished Contributor Program",
            "description": "Recognizes the people and organizations who push Open edX forward.",
            "organization_name": "Open edX community",
            "url": "http://127.0.0.1:8000/",
            "image_url": "",
            "is_active": True,
            "rules_version": 1,
        },
    ),
    "programs_retrieve": operation(
        "One program of the tenant with its current rules version.",
        parameters={"id": 1},
        response={
            "id": 1,
            "slug": "dcp",
            "name": "Open edX Distinguished Contributor Program",
            "description": "Recognizes the people and organizations who push Open edX forward.",
            "organization_name": "Open edX community",
            "url": "http://127.0.0.1:8000/",
            "image_url": "",
            "is_active": True,
            "rules_version": 1,
        },
    ),
    "programs_partial_update": operation(
        ("Program staff edit their program's description, URL and image. Name, organization and `is_active` "
         "are read-only here (admin only); `PUT` answers 405."),
        parameters={"id": 1},
        request={"description": "Recognizes the people and organizations who push Open edX forward."},
        response={
            "id": 1,
            "slug": "dcp",
            "name": "Open edX Distinguished Contributor Program",
            "description": "Recognizes the people and organizations who push Open edX forward.",
            "organization_name": "Open edX community",
            "url": "http://127.0.0.1:8000/",
            "image_url": "",
            "is_active": True,
            "rules_version": 1,
        },
    ),
    "programs_rules_list": operation(
        ("The program's rules versions (R24), newest first: thresholds and tracks as they were, who changed "
         "them and why."),
        parameters={"id": 1},
        response={
            "version": 1,
            "data": {
                "thresholds": DEFAULT_THRESHOLDS,
                "tracks": DEFAULT_TRACKS,
            },
            "changed_by": "admin",
            "changed_at": "2026-12-01T10:47:43.750651Z",
            "reason": "Program created with the seeds' defaults.",
        },
    ),
    "programs_rules_create": operation(
        ("Program staff change thresholds with a reason; answers 201 with the new rules version. Cycles "
         "already open keep theirs (R24). Unknown keys answer 400 `unknown_field`."),
        parameters={"id": 1},
        request={
            "thresholds": {"min_endorsements": 3},
            "reason": "The steering committee asked for three endorsements.",
        },
        response={
            "version": 2,
            "data": {
                "thresholds": DEFAULT_THRESHOLDS,
                "tracks": DEFAULT_TRACKS,
            },
            "changed_by": "staff",
            "changed_at": "2026-12-01T10:47:57.482599Z",
            "reason": "The steering committee asked for three endorsements.",
        },
        status=201,
    ),
    "tracks_list": operation(
        ("Tracks of the tenant's programs; filter with `?program=<id>`, `?nominee_kind=person|organization`, "
         "`?is_active=true`."),
        parameters={"program": 1},
        response={
            "id": 1,
            "program": 1,
            "slug": "engineer",
            "name": "Distinguished Engineer",
            "nominee_kind": "person",
            "description": ("Developers, software architects and engineers advancing Open edX's core architecture and "
             "infrastructure."),
            "criteria_narrative": ("Sustained technical contributions to Open edX (at least two years): platform enhancements, "
             "architecture improvements, mentorship of new contributors; assessed on depth, originality and "
             "adoption within the ecosystem."),
            "rubric": [
                {"key": "depth", "label": "Depth", "weight": 1.0, "max_score": 5},
                {"key": "originality", "label": "Originality", "weight": 1.0, "max_score": 5},
                {"key": "adoption", "label": "Adoption in the ecosystem", "weight": 1.0, "max_score": 5},
            ],
            "renewal_criteria": {
                "narrative": ("Technical contributions, such as platform enhancements or architecture improvements, or "
                 "mentorship of new contributors."),
                "signal_kinds": [
                    "code_contribution",
                    "code_review",
                    "mentoring",
                    "forum_response",
                    "xblock_published",
                ],
                "min_signals": 1,
            },
            "qualifying_signal_kinds": [
                "code_contribution",
                "code_review",
                "mentoring",
                "forum_thread",
                "forum_response",
                "forum_comment",
                "xblock_published",
                "course_published",
                "library_published",
            ],
            "image_url": "",
            "is_active": True,
            "order": 0,
        },
    ),
    "tracks_retrieve": operation(
        "One track: its rubric (criteria and weights), renewal criteria and the signal kinds that qualify.",
        parameters={"id": 1},
        response={
            "id": 1,
            "program": 1,
            "slug": "engineer",
            "name": "Distinguished Engineer",
            "nominee_kind": "person",
            "description": ("Developers, software architects and engineers advancing Open edX's core architecture and "
             "infrastructure."),
            "criteria_narrative": ("Sustained technical contributions to Open edX (at least two years): platform enhancements, "
             "architecture improvements, mentorship of new contributors; assessed on depth, originality and "
             "adoption within the ecosystem."),
            "rubric": [
                {"key": "depth", "label": "Depth", "weight": 1.0, "max_score": 5},
                {"key": "originality", "label": "Originality", "weight": 1.0, "max_score": 5},
                {"key": "adoption", "label": "Adoption in the ecosystem", "weight": 1.0, "max_score": 5},
            ],
            "renewal_criteria": {
                "narrative": ("Technical contributions, such as platform enhancements or architecture improvements, or "
                 "mentorship of new contributors."),
                "signal_kinds": [
                    "code_contribution",
                    "code_review",
                    "mentoring",
                    "forum_response",
                    "xblock_published",
                ],
                "min_signals": 1,
            },
            "qualifying_signal_kinds": [
                "code_contribution",
                "code_review",
                "mentoring",
                "forum_thread",
                "forum_response",
                "forum_comment",
                "xblock_published",
                "course_published",
                "library_published",
            ],
            "image_url": "",
            "is_active": True,
            "order": 0,
        },
    ),
    "tracks_create": operation(
        ("Program staff add a track; `reason` is required and the change makes a new rules version (R24). The "
         "track opens with the next cycle."),
        request={
            "program": 1,
            "slug": "mentor",
            "name": "Distinguished Mentor",
            "nominee_kind": "person",
            "description": "Mentors new contributors.",
            "rubric": [
                {"key": "depth", "label": "Depth", "weight": 2, "max_score": 5},
                {"key": "reach", "label": "Reach", "weight": 1, "max_score": 5},
            ],
            "reason": "Approved by the steering committee.",
        },
        response={
            "id": 9,
            "program": 1,
            "slug": "mentor",
            "name": "Distinguished Mentor",
            "nominee_kind": "person",
            "description": "Mentors new contributors.",
            "criteria_narrative": "",
            "rubric": [
                {"key": "depth", "label": "Depth", "weight": 2, "max_score": 5},
                {"key": "reach", "label": "Reach", "weight": 1, "max_score": 5},
            ],
            "renewal_criteria": {},
            "qualifying_signal_kinds": [],
            "image_url": "",
            "is_active": True,
            "order": 0,
        },
        status=201,
    ),
    "tracks_update": operation(
        ("Program staff replace a track's editable fields (slug and program stay); `reason` required; a new "
         "rules version (R24)."),
        parameters={"id": 2},
        request={
            "program": 1,
            "slug": "advocate",
            "name": "Distinguished Advocate",
            "description": "Advocates Open edX in talks, posts and events.",
            "reason": "Clearer description.",
        },
        response={
            "id": 2,
            "program": 1,
            "slug": "advocate",
            "name": "Distinguished Advocate",
            "nominee_kind": "person",
            "description": "Advocates Open edX in talks, posts and events.",
            "criteria_narrative": ("Sustained advocacy of Open edX (at least two years), measured by market penetration efforts, "
             "partner enablement and community-building initiatives."),
            "rubric": [
                {"key": "market_penetration", "label": "Market penetration", "weight": 1.0, "max_score": 5},
                {"key": "partner_enablement", "label": "Partner enablement", "weight": 1.0, "max_score": 5},
                {"key": "community_building", "label": "Community building", "weight": 1.0, "max_score": 5},
            ],
            "renewal_criteria": {
                "narrative": ("Continued promotion of Open edX through speaking engagements, publications, working groups "
                 "or measurable impact on platform adoption."),
                "signal_kinds": ["talk", "publication", "working_group", "adoption"],
                "min_signals": 1,
            },
            "qualifying_signal_kinds": [
                "talk",
                "publication",
                "working_group",
                "adoption",
                "forum_thread",
                "forum_response",
                "forum_comment",
            ],
            "image_url": "",
            "is_active": True,
            "order": 1,
        },
    ),
    "tracks_partial_update": operation(
        ("Program staff change some of a track's fields; `reason` required; a new rules version (R24). `null` "
         "for a JSON field answers 400 `null`."),
        parameters={"id": 2},
        request={"description": "Advocates Open edX in talks, posts and events.", "reason": "Clearer description."},
        response={
            "id": 2,
            "program": 1,
            "slug": "advocate",
            "name": "Distinguished Advocate",
            "nominee_kind": "person",
            "description": "Advocates Open edX in talks, posts and events.",
            "criteria_narrative": ("Sustained advocacy of Open edX (at least two years), measured by market penetration efforts, "
             "partner enablement and community-building initiatives."),
            "rubric": [
                {"key": "market_penetration", "label": "Market penetration", "weight": 1.0, "max_score": 5},
                {"key": "partner_enablement", "label": "Partner enablement", "weight": 1.0, "max_score": 5},
                {"key": "community_building", "label": "Community building", "weight": 1.0, "max_score": 5},
            ],
            "renewal_criteria": {
                "narrative": ("Continued promotion of Open edX through speaking engagements, publications, working groups "
                 "or measurable impact on platform adoption."),
                "signal_kinds": ["talk", "publication", "working_group", "adoption"],
                "min_signals": 1,
            },
            "qualifying_signal_kinds": [
                "talk",
                "publication",
                "working_group",
                "adoption",
                "forum_thread",
                "forum_response",
                "forum_comment",
            ],
            "image_url": "",
            "is_active": True,
            "order": 1,
        },
    ),
    "cycles_list": operation(
        ("Cycles of the tenant's programs with their dated phases and stage (R4); filter with `?program=<id>`, "
         "`?stage=`."),
        parameters={"program": 1},
        response={
            "id": 1,
            "program": 1,
            "slug": "2026",
            "name": "2026 cohort",
            "nominations_open": "2026-11-24T10:47:43.796991Z",
            "nominations_close": "2027-01-15T10:47:43.796991Z",
            "review_start": "2027-01-16T10:47:43.796991Z",
            "review_end": "2027-01-30T10:47:43.796991Z",
            "announcement_at": "2027-02-15T10:47:43.796991Z",
            "stage": "nominations",
            "rules_version": 1,
            "nominations_are_open": True,
        },
    ),
    "cycles_retrieve": operation(
        "One cycle: its dates, stage, whether nominations are open, and its rules version.",
        parameters={"id": 1},
        response={
            "id": 1,
            "program": 1,
            "slug": "2026",
            "name": "2026 cohort",
            "nominations_open": "2026-11-24T10:47:43.796991Z",
            "nominations_close": "2027-01-15T10:47:43.796991Z",
            "review_start": "2027-01-16T10:47:43.796991Z",
            "review_end": "2027-01-30T10:47:43.796991Z",
            "announcement_at": "2027-02-15T10:47:43.796991Z",
            "stage": "nominations",
            "rules_version": 1,
            "nominations_are_open": True,
        },
    ),
    "cycles_create": operation(
        ("Program staff open a cycle; it keeps the program's current rules version. Dates in R4's order "
         "(`dates_out_of_order`, keyed by the date that comes too early)."),
        request={
            "program": 1,
            "slug": "2027",
            "name": "2027 cohort",
            "nominations_open": "2027-03-01T00:00:00Z",
            "nominations_close": "2027-04-15T00:00:00Z",
            "review_start": "2027-04-16T00:00:00Z",
            "review_end": "2027-05-31T00:00:00Z",
            "announcement_at": "2027-06-15T09:00:00Z",
        },
        response={
            "id": 6,
            "program": 1,
            "slug": "2027",
            "name": "2027 cohort",
            "nominations_open": "2027-03-01T00:00:00Z",
            "nominations_close": "2027-04-15T00:00:00Z",
            "review_start": "2027-04-16T00:00:00Z",
            "review_end": "2027-05-31T00:00:00Z",
            "announcement_at": "2027-06-15T09:00:00Z",
            "stage": "nominations",
            "rules_version": 5,
            "nominations_are_open": False,
        },
        status=201,
    ),
    "cycles_partial_update": operation(
        ("Program staff correct or move a cycle's dates: a date whose moment has passed stays (409 "
         "`phase_started`), a new date is not in the past (`date_in_past`), R4's order holds "
         "(`dates_out_of_order`); audited with old and new dates."),
        parameters={"id": 1},
        request={"announcement_at": "2027-02-01T09:00:00Z"},
        response={
            "id": 1,
            "program": 1,
            "slug": "2026",
            "name": "2026 cohort",
            "nominations_open": "2026-11-24T10:47:43.796991Z",
            "nominations_close": "2027-01-15T10:47:43.796991Z",
            "review_start": "2027-01-16T10:47:43.796991Z",
            "review_end": "2027-01-30T10:47:43.796991Z",
            "announcement_at": "2027-02-01T09:00:00Z",
            "stage": "nominations",
            "rules_version": 1,
            "nominations_are_open": True,
        },
    ),
    "organizations_list": operation(
        ("The tenant's organizations with their size (employees, R13); `?slug=` finds one. Any signed-in user "
         "of the tenant: a Partner-track nomination names one by id."),
        parameters={"slug": "acme"},
        response={"id": 1, "slug": "acme", "name": "Acme Learning", "url": "", "size": 40},
    ),
    "organizations_retrieve": operation(
        "One organization of the tenant.",
        parameters={"id": 1},
        response={"id": 1, "slug": "acme", "name": "Acme Learning", "url": "", "size": 40},
    ),
    "organizations_create": operation(
        "Program staff of the tenant add an organization; `slug` is unique on the tenant (400 `unique`).",
        request={"slug": "open-craft", "name": "OpenCraft", "url": "https://opencraft.com/", "size": 45},
        response={"id": 2, "slug": "open-craft", "name": "OpenCraft", "url": "https://opencraft.com/", "size": 45},
        status=201,
    ),
    "organizations_partial_update": operation(
        "Program staff of the tenant correct an organization's name, URL or size.",
        parameters={"id": 1},
        request={"size": 42},
        response={"id": 1, "slug": "acme", "name": "Acme Learning", "url": "", "size": 42},
    ),
    "affiliations_list": operation(
        ("People's dated affiliations with the tenant's organizations; they decide conflicts of interest "
         "(R10). Program staff of the tenant only (others: an empty list). Filter with `?username=`, "
         "`?organization=<id>`."),
        parameters={"organization": 1},
        response={
            "id": 1,
            "username": "partner_rep",
            "organization": 1,
            "organization_name": "Acme Learning",
            "start": "2025-12-01",
            "end": None,
        },
    ),
    "affiliations_retrieve": operation(
        "One affiliation (program staff of the tenant; others 404).",
        parameters={"id": 1},
        response={
            "id": 1,
            "username": "partner_rep",
            "organization": 1,
            "organization_name": "Acme Learning",
            "start": "2025-12-01",
            "end": None,
        },
    ),
    "affiliations_create": operation(
        ("Program staff record an affiliation by `username` and `organization`; `start` defaults to today; "
         "`end` before `start` answers 400 `dates_out_of_order`."),
        request={"username": "core2", "organization": 1, "start": "2024-01-01"},
        response={
            "id": 2,
            "username": "core2",
            "organization": 1,
            "organization_name": "Acme Learning",
            "start": "2024-01-01",
            "end": None,
        },
        status=201,
    ),
    "affiliations_partial_update": operation(
        ("Program staff correct an affiliation's `start` or `end` (person and organization stay); `end: null` "
         "means still affiliated."),
        parameters={"id": 1},
        request={"end": "2026-06-30"},
        response={
            "id": 1,
            "username": "partner_rep",
            "organization": 1,
            "organization_name": "Acme Learning",
            "start": "2025-12-01",
            "end": "2026-06-30",
        },
    ),
    "community_roles_list": operation(
        ("Dated community roles (R3) of the programs the caller runs: who endorses (R6) and who may sit on "
         "which panel seat (R9). Filter with `?program=`, `?username=`, `?role=`, `?active=true|false`. Others "
         "get an empty list."),
        parameters={"program": 1, "role": "core_contributor"},
        response={
            "id": 1,
            "program": 1,
            "username": "core1",
            "role": "core_contributor",
            "organization": None,
            "start": "2025-12-01",
            "end": None,
            "note": "",
            "is_active": True,
        },
    ),
    "community_roles_retrieve": operation(
        "One community role (program staff of its program; others 404).",
        parameters={"id": 1},
        response={
            "id": 1,
            "program": 1,
            "username": "core1",
            "role": "core_contributor",
            "organization": None,
            "start": "2025-12-01",
            "end": None,
            "note": "",
            "is_active": True,
        },
    ),
    "community_roles_create": operation(
        ("Program staff grant a role by `username`; `start` defaults to today; a `partner_representative` "
         "names its `organization`; `distinguished_contributor` is granted at announcement only (400 "
         "`invalid_choice`). Audited."),
        request={
            "program": 1,
            "username": "ada",
            "role": "core_contributor",
            "start": "2025-01-01",
            "note": "Maintainer of the authoring MFE.",
        },
        response={
            "id": 18,
            "program": 1,
            "username": "ada",
            "role": "core_contributor",
            "organization": None,
            "start": "2025-01-01",
            "end": None,
            "note": "Maintainer of the authoring MFE.",
            "is_active": True,
        },
        status=201,
    ),
    "community_roles_partial_update": operation(
        "Program staff correct a role's dates, organization or note (program, person and role stay). Audited.",
        parameters={"id": 1},
        request={"end": "2026-12-31", "note": "Stepped down as maintainer."},
        response={
            "id": 1,
            "program": 1,
            "username": "core1",
            "role": "core_contributor",
            "organization": None,
            "start": "2025-12-01",
            "end": "2026-12-31",
            "note": "Stepped down as maintainer.",
            "is_active": True,
        },
    ),
}
