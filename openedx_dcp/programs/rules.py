"""
Validation of a program's rules data (R24) with JSON Schema, so a bad change is refused before it is stored.
"""

import jsonschema

from openedx_dcp.exceptions import ValidationFailed

_POSITIVE_INT = {"type": "integer", "minimum": 0}
_QUOTA = {"type": "array", "items": _POSITIVE_INT, "minItems": 2, "maxItems": 2}

RULES_SCHEMA = {
    "type": "object",
    "required": ["thresholds", "tracks"],
    "properties": {
        "thresholds": {
            "type": "object",
            "required": [
                "min_endorsements", "min_steward_endorsements", "endorser_roles", "min_contribution_years",
                "renomination_wait_years", "panel_quotas", "min_reviews_per_nomination", "partner_large_size",
                "term_years", "grace_months", "lifetime_years", "renewal_review_lead_days",
                "engagement_window_days", "engagement_min_signals", "retention_target",
            ],
            "properties": {
                "min_endorsements": _POSITIVE_INT,
                "min_steward_endorsements": _POSITIVE_INT,
                "endorser_roles": {"type": "array", "items": {"type": "string"}},
                "min_contribution_years": {"type": "number", "minimum": 0},
                "renomination_wait_years": {"type": "number", "minimum": 0},
                "panel_quotas": {"type": "object", "additionalProperties": _QUOTA},
                "min_reviews_per_nomination": {"type": "integer", "minimum": 1},
                "partner_large_size": {"type": "integer", "minimum": 1},
                "term_years": {"type": "integer", "minimum": 1},
                "grace_months": {"type": "integer", "minimum": 0},
                "lifetime_years": {"type": "integer", "minimum": 1},
                "renewal_review_lead_days": {"type": "integer", "minimum": 0},
                "engagement_window_days": {"type": "integer", "minimum": 1},
                "engagement_min_signals": {"type": "integer", "minimum": 1},
                "retention_target": {"type": "number", "minimum": 0, "maximum": 1},
            },
        },
        "tracks": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["slug", "name", "nominee_kind", "rubric", "renewal_criteria"],
                "properties": {
                    "slug": {"type": "string", "minLength": 1},
                    "nominee_kind": {"enum": ["person", "organization"]},
                    "rubric": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["key", "label", "weight", "max_score"],
                            "properties": {
                                "key": {"type": "string"},
                                "weight": {"type": "number", "exclusiveMinimum": 0},
                                "max_score": {"type": "integer", "minimum": 1},
                            },
                        },
                    },
                    "renewal_criteria": {"type": "object"},
                },
            },
        },
    },
}


def validate_rules(data):
    """
    Raise ``ValidationFailed`` naming the first problem when ``data`` is not a valid rules document.
    """
    validator = jsonschema.Draft202012Validator(RULES_SCHEMA)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "rules"
        raise ValidationFailed(f"Invalid program rules at {where}: {error.message}", field="rules")
    quotas = data["thresholds"]["panel_quotas"]
    for role, (low, high) in quotas.items():
        if low > high:
            raise ValidationFailed(f"Panel quota for {role} has a minimum above its maximum.", field="rules")
    if data["thresholds"]["min_steward_endorsements"] > data["thresholds"]["min_endorsements"]:
        raise ValidationFailed("Steward endorsements cannot exceed the total endorsements required.", field="rules")
