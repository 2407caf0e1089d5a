"""
The seeds' numbers, as the defaults of every new program's rules (R24).

Everything here is copied into a program's first ``ProgramRules`` version; staff change it as data afterwards.
"""

# Thresholds and durations. Keys are documented in docs/rules.md.
DEFAULT_THRESHOLDS = {
    # R6: endorsements from recognized community members, at least this many from steward representatives.
    "min_endorsements": 3,
    "min_steward_endorsements": 1,
    # Roles whose holders may endorse (R3, R6).
    "endorser_roles": [
        "core_contributor",
        "partner_representative",
        "steward_representative",
        "toc_member",
        "community_leader",
        "bizdev_wg_member",
        "distinguished_contributor",
    ],
    # R7: years of active contribution on the track before the cycle's nominations close.
    "min_contribution_years": 2,
    # R8: years of new contributions after a lapse before a new nomination.
    "renomination_wait_years": 1,
    # R9: panel seat quotas (min, max) by seat role.
    "panel_quotas": {
        "toc_member": [1, 2],
        "steward_representative": [2, 3],
        "core_contributor": [2, 3],
        "partner_representative": [2, 3],
        "community_leader": [2, 3],
        "bizdev_wg_member": [1, 2],
    },
    # R11: panelists who must score each nomination.
    "min_reviews_per_nomination": 3,
    # R13: partners with at least this many employees are assessed on absolute metrics, smaller ones per employee.
    "partner_large_size": 250,
    # R14–R16: membership term, grace, lifetime milestone, and how early renewal review opens.
    "term_years": 2,
    "grace_months": 6,
    "lifetime_years": 4,
    "renewal_review_lead_days": 60,
    # R18 / KR 1.3: engaged at 12 months = at least N qualifying signals in the window before the anniversary.
    "engagement_window_days": 90,
    "engagement_min_signals": 1,
    "retention_target": 0.7,
}

# R2, R12, R14: the four tracks of the seeds.
DEFAULT_TRACKS = [
    {
        "slug": "engineer",
        "name": "Distinguished Engineer",
        "nominee_kind": "person",
        "description": "Developers, software architects and engineers advancing Open edX's core architecture and "
        "infrastructure.",
        "criteria_narrative": "Sustained technical contributions to Open edX (at least two years): platform "
        "enhancements, architecture improvements, mentorship of new contributors; assessed on depth, originality "
        "and adoption within the ecosystem.",
        "rubric": [
            {"key": "depth", "label": "Depth", "weight": 1.0, "max_score": 5},
            {"key": "originality", "label": "Originality", "weight": 1.0, "max_score": 5},
            {"key": "adoption", "label": "Adoption in the ecosystem", "weight": 1.0, "max_score": 5},
        ],
        "renewal_criteria": {
            "narrative": "Technical contributions, such as platform enhancements or architecture improvements, or "
            "mentorship of new contributors.",
            "signal_kinds": ["code_contribution", "code_review", "mentoring", "forum_response", "xblock_published"],
            "min_signals": 1,
        },
        "qualifying_signal_kinds": [
            "code_contribution", "code_review", "mentoring", "forum_thread", "forum_response", "forum_comment",
            "xblock_published", "course_published", "library_published",
        ],
    },
    {
        "slug": "advocate",
        "name": "Distinguished Advocate",
        "nominee_kind": "person",
        "description": "Educators, trainers and evangelists who expand Open edX awareness and adoption.",
        "criteria_narrative": "Sustained advocacy of Open edX (at least two years), measured by market penetration "
        "efforts, partner enablement and community-building initiatives.",
        "rubric": [
            {"key": "market_penetration", "label": "Market penetration", "weight": 1.0, "max_score": 5},
            {"key": "partner_enablement", "label": "Partner enablement", "weight": 1.0, "max_score": 5},
            {"key": "community_building", "label": "Community building", "weight": 1.0, "max_score": 5},
        ],
        "renewal_criteria": {
            "narrative": "Continued promotion of Open edX through speaking engagements, publications, working groups "
            "or measurable impact on platform adoption.",
            "signal_kinds": ["talk", "publication", "working_group", "adoption"],
            "min_signals": 1,
        },
        "qualifying_signal_kinds": [
            "talk", "publication", "working_group", "adoption", "forum_thread", "forum_response", "forum_comment",
        ],
    },
    {
        "slug": "innovator",
        "name": "Distinguished Innovator",
        "nominee_kind": "person",
        "description": "Visionaries introducing new business models, integrations and creative solutions for "
        "Open edX.",
        "criteria_narrative": "Groundbreaking ideas, new use cases or integrations that enhance Open edX's "
        "competitive positioning; assessed on depth, originality and adoption within the ecosystem.",
        "rubric": [
            {"key": "depth", "label": "Depth", "weight": 1.0, "max_score": 5},
            {"key": "originality", "label": "Originality", "weight": 1.0, "max_score": 5},
            {"key": "adoption", "label": "Adoption in the ecosystem", "weight": 1.0, "max_score": 5},
        ],
        "renewal_criteria": {
            "narrative": "At least one major feature, integration or innovation initiative proposed or led per term.",
            "signal_kinds": ["major_initiative"],
            "min_signals": 1,
        },
        "qualifying_signal_kinds": [
            "major_initiative", "code_contribution", "talk", "publication", "course_published", "xblock_published",
        ],
    },
    {
        "slug": "partner",
        "name": "Distinguished Partner",
        "nominee_kind": "organization",
        "description": "Organizations demonstrating leadership, innovation and investment in Open edX.",
        "criteria_narrative": "Technical OR financial/infrastructure contributions to the Open edX ecosystem, "
        "assessed on number and scale of contributions, financial commitment and engagement relative to company "
        "size.",
        "rubric": [
            {"key": "contributions", "label": "Number and scale of contributions", "weight": 1.0, "max_score": 5},
            {"key": "financial_commitment", "label": "Financial commitment", "weight": 1.0, "max_score": 5},
            {"key": "relative_engagement", "label": "Engagement relative to company size", "weight": 1.0,
             "max_score": 5},
        ],
        "renewal_criteria": {
            "narrative": "Technical, financial or governance contributions, assessed in proportion to the "
            "organization's size and capacity.",
            "signal_kinds": ["code_contribution", "financial_contribution", "governance", "infrastructure"],
            "min_signals": 1,
        },
        "qualifying_signal_kinds": [
            "code_contribution", "financial_contribution", "governance", "infrastructure", "working_group",
        ],
    },
]
