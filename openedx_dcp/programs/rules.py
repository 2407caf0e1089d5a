"""
A program's rules data (R24): its JSON Schema, so a bad change is refused with the field it is about before it
is stored, and ``CycleRules``, the rules a cycle runs on for one of its tracks.
"""

from __future__ import annotations

import copy
import dataclasses

import jsonschema
from django.utils.translation import gettext as _

from openedx_dcp.exceptions import ValidationFailed
from openedx_dcp.programs.defaults import DEFAULT_THRESHOLDS

__all__ = ["RULES_SCHEMA", "THRESHOLDS_SCHEMA", "TRACK_SCHEMA", "CycleRules", "validate_rules",
           "validate_thresholds", "validate_track"]

# The community roles of R3 (``CommunityRole.Role``), repeated here so the schema stays plain data.
COMMUNITY_ROLES = [
    "core_contributor", "partner_representative", "steward_representative", "toc_member", "community_leader",
    "bizdev_wg_member", "distinguished_contributor",
]
_NON_NEGATIVE_INT = {"type": "integer", "minimum": 0}
_QUOTA = {"type": "array", "items": _NON_NEGATIVE_INT, "minItems": 2, "maxItems": 2}
_TEXT = {"type": "string", "maxLength": 2000}
_NAME = {"type": "string", "minLength": 1, "maxLength": 200}
_KEY = {"type": "string", "minLength": 1, "maxLength": 64}
_SIGNAL_KINDS = {"type": "array", "items": _KEY, "uniqueItems": True, "maxItems": 100}

THRESHOLDS_SCHEMA = {
    "type": "object",
    "required": [
        "min_endorsements", "min_steward_endorsements", "endorser_roles", "min_contribution_years",
        "renomination_wait_years", "panel_quotas", "min_reviews_per_nomination", "partner_large_size",
        "term_years", "grace_months", "lifetime_years", "renewal_review_lead_days",
        "engagement_window_days", "engagement_min_signals", "retention_target",
    ],
    "properties": {
        "min_endorsements": _NON_NEGATIVE_INT,
        "min_steward_endorsements": _NON_NEGATIVE_INT,
        # R3/R6: only community roles endorse; a learner (or any unknown role) is no recognized member.
        "endorser_roles": {"type": "array", "items": {"enum": COMMUNITY_ROLES}, "minItems": 1,
                           "uniqueItems": True},
        "min_contribution_years": {"type": "number", "minimum": 0},
        "renomination_wait_years": {"type": "number", "minimum": 0},
        # R9: a panel needs at least one seat role; seats are community roles.
        "panel_quotas": {"type": "object", "minProperties": 1, "propertyNames": {"enum": COMMUNITY_ROLES},
                         "additionalProperties": _QUOTA},
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
}

TRACK_SCHEMA = {
    "type": "object",
    "required": ["slug", "name", "nominee_kind", "rubric", "renewal_criteria"],
    "properties": {
        "slug": _KEY,
        "name": _NAME,
        "nominee_kind": {"enum": ["person", "organization"]},
        "description": _TEXT,
        "criteria_narrative": _TEXT,
        # R12: a score is a weighted mean over the rubric, so it needs at least one criterion of positive weight.
        "rubric": {
            "type": "array",
            "minItems": 1,
            "maxItems": 20,
            "items": {
                "type": "object",
                "required": ["key", "label", "weight", "max_score"],
                "properties": {
                    "key": _KEY,
                    "label": _NAME,
                    "weight": {"type": "number", "exclusiveMinimum": 0},
                    "max_score": {"type": "integer", "minimum": 1, "maximum": 100},
                },
            },
        },
        "renewal_criteria": {
            "type": "object",
            "properties": {
                "narrative": _TEXT,
                "signal_kinds": _SIGNAL_KINDS,
                "min_signals": {"type": "integer", "minimum": 0},
            },
        },
        "qualifying_signal_kinds": _SIGNAL_KINDS,
    },
}

RULES_SCHEMA = {
    "type": "object",
    "required": ["thresholds", "tracks"],
    "properties": {
        "thresholds": THRESHOLDS_SCHEMA,
        "tracks": {"type": "array", "items": TRACK_SCHEMA},
    },
}


def _errors(schema, data, prefix):
    """``{dotted field path: [messages]}`` of every schema error in ``data``, under ``prefix``."""
    errors = {}
    validator = jsonschema.Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        path = [prefix] if prefix else []
        path += [str(part) for part in error.absolute_path]
        # A missing key is reported on the object that lacks it; name the key itself.
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else None
            if missing:
                path.append(missing)
        field = ".".join(path) or "non_field_errors"
        errors.setdefault(field, []).append(error.message)
    return errors


def _raise(errors, what):
    if errors:
        first_field, messages = next(iter(errors.items()))
        raise ValidationFailed(_("Invalid {what} at {first_field}: {messages}").format(
            what=what, first_field=first_field, messages=messages[0]), field=first_field,
                               errors=errors)


def validate_thresholds(thresholds, *, prefix="thresholds"):
    """
    Raise ``ValidationFailed`` with every problem of a thresholds document, each under its field path
    (``thresholds.panel_quotas``), and the cross-field rules (quota bounds, steward share).
    """
    errors = _errors(THRESHOLDS_SCHEMA, thresholds, prefix)
    if not errors:
        for role, (low, high) in thresholds["panel_quotas"].items():
            if low > high:
                errors[f"{prefix}.panel_quotas.{role}"] = [
                    f"Panel quota for {role} has a minimum above its maximum."
                ]
        if thresholds["min_steward_endorsements"] > thresholds["min_endorsements"]:
            errors[f"{prefix}.min_steward_endorsements"] = [
                "Steward endorsements cannot exceed the total endorsements required."
            ]
    _raise(errors, "program rules")


def validate_track(snapshot):
    """Raise ``ValidationFailed`` with every problem of one track's data, keyed by the track's field names."""
    _raise(_errors(TRACK_SCHEMA, snapshot, ""), "track")


def validate_rules(data):
    """
    Raise ``ValidationFailed`` naming every problem (by field path) when ``data`` is not a valid rules document.
    """
    errors = _errors({"type": "object", "required": ["thresholds", "tracks"]}, data, "")
    _raise(errors, "program rules")
    validate_thresholds(data["thresholds"])
    _raise(_errors(RULES_SCHEMA["properties"]["tracks"], data["tracks"], "tracks"), "program rules")


@dataclasses.dataclass(frozen=True)
class CycleRules:
    """
    The rules a cycle runs on (R24): the thresholds of the version it started with and, when a track is given,
    that track as the version recorded it. A track the version does not know (added after the cycle started)
    has ``track`` None: it is not part of that cycle.

    Build it with ``openedx_dcp.programs.api.cycle_rules`` (or ``term_rules`` for a membership term).
    """

    version: object  # the ``ProgramRules`` row
    track: dict | None = None

    def threshold(self, key):
        """One threshold of the version (a key added after the version was written reads as its default)."""
        return self.version.threshold(key)

    def _track_value(self, key, default):
        if self.track is None:
            return default
        value = self.track.get(key)
        return default if value is None else value

    @property
    def rubric(self) -> list:
        """The track's rubric (R12) in this version."""
        return list(self._track_value("rubric", []))

    @property
    def renewal_criteria(self) -> dict:
        """The track's renewal criteria (R14) in this version."""
        return dict(self._track_value("renewal_criteria", {}))

    @property
    def qualifying_signal_kinds(self) -> list:
        """The signal kinds that count as evidence on the track (R7, R21) in this version."""
        return list(self._track_value("qualifying_signal_kinds", []))

    @property
    def nominee_kind(self) -> str | None:
        """``person`` or ``organization`` in this version."""
        return self._track_value("nominee_kind", None)

    @property
    def track_name(self) -> str:
        """The track's name in this version."""
        return self._track_value("name", "")

    @property
    def tracks(self) -> list:
        """Every track as this version recorded it (the tracks of the cycle that runs on it)."""
        return list((self.version.data or {}).get("tracks", []))

    @property
    def thresholds(self) -> dict:
        """Every threshold of the version, a key added after it was written at its default (as ``threshold``)."""
        from_version = (self.version.data or {}).get("thresholds") or {}
        return {**copy.deepcopy(DEFAULT_THRESHOLDS), **from_version}
