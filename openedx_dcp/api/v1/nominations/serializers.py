"""
Serializers of nominations and endorsements: they validate input and shape output; the domain functions decide.
"""

from rest_framework import serializers

from openedx_dcp.api.v1.base import TenantScopedFieldsMixin
from openedx_dcp.api.v1.filters import IdRelatedField, StrictIdField, UsernameField
from openedx_dcp.api.v1.lists import datetime_text
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.prepared import PreparedQuery
from openedx_dcp.programs.models import Cycle, Organization, Track


class NominationSerializer(TenantScopedFieldsMixin, serializers.ModelSerializer):
    """
    A nomination (R5). The nominator is the caller; a peer nominee is named by username (people) or an
    organization id (Partner track).
    """

    cycle = IdRelatedField(queryset=Cycle.objects.all())
    track = IdRelatedField(queryset=Track.objects.all())
    nominator = serializers.SlugRelatedField(slug_field="username", read_only=True)
    nominee_username = UsernameField(source="nominee_user", required=False, allow_null=True)
    nominee_organization = IdRelatedField(
        queryset=Organization.objects.all(), required=False, allow_null=True
    )
    evidence_links = serializers.ListField(child=serializers.URLField(max_length=500), required=False,
                                           max_length=50)
    organization_size = serializers.IntegerField(
        source="nominee_organization.size", read_only=True, default=None, allow_null=True,
        help_text="Employees of the nominee organization, from the organization's record (R13); staff keep it.",
    )
    endorsements_active = serializers.IntegerField(read_only=True, required=False)
    endorsements_steward = serializers.IntegerField(read_only=True, required=False)
    tenant_scoped = {"cycle": "program__site", "track": "program__site", "nominee_organization": "site"}

    class Meta:
        model = Nomination
        fields = ["id", "cycle", "track", "kind", "nominator", "nominee_username", "nominee_organization", "summary",
                  "impact_statement", "references", "evidence_links", "first_contribution_date",
                  "first_contribution_evidence", "organization_size", "consent_given_at", "state", "closed_reason",
                  "submitted_at", "created", "modified", "endorsements_active", "endorsements_steward"]
        read_only_fields = ["id", "nominator", "consent_given_at", "state", "closed_reason", "submitted_at",
                            "created", "modified"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in ("cycle", "track", "kind", "nominee_username", "nominee_organization"):
                fields[name].read_only = True
        return fields


class NominationReadSerializer(NominationSerializer):
    """
    A nomination as the API answers it. The same fields as ``NominationSerializer``, all read-only and without
    querysets, so building it per request copies no queryset (P3: most of a list's serializer cost). The list
    answers the same dicts through ``nomination_list_items`` (a test holds the two equal).
    """

    cycle = serializers.IntegerField(source="cycle_id", read_only=True)
    track = serializers.IntegerField(source="track_id", read_only=True)
    nominee_username = serializers.CharField(source="nominee_user.username", read_only=True, default=None)
    nominee_organization = serializers.IntegerField(source="nominee_organization_id", read_only=True)
    tenant_scoped = {}

    class Meta(NominationSerializer.Meta):
        read_only_fields = NominationSerializer.Meta.fields


# DRF's own converter, so the fast reader writes dates exactly as the serializer does.
_DATE = serializers.DateField(read_only=True)
# What ``nomination_list_items`` reads of each nomination, in one ``values()`` query.
_LIST_COLUMNS = (
    "id", "cycle_id", "track_id", "kind", "nominator__username", "nominee_user__username", "nominee_organization_id",
    "summary", "impact_statement", "references", "evidence_links", "first_contribution_date",
    "first_contribution_evidence", "nominee_organization__size", "consent_given_at", "state", "closed_reason",
    "submitted_at", "created", "modified",
)


def _list_item(row):
    links = row["evidence_links"]
    size = row["nominee_organization__size"]
    return {
        "id": row["id"], "cycle": row["cycle_id"], "track": row["track_id"], "kind": row["kind"],
        "nominator": row["nominator__username"], "nominee_username": row["nominee_user__username"],
        "nominee_organization": row["nominee_organization_id"], "summary": row["summary"],
        "impact_statement": row["impact_statement"], "references": row["references"],
        "evidence_links": None if links is None else [None if link is None else str(link) for link in links],
        "first_contribution_date": _DATE.to_representation(row["first_contribution_date"]),
        "first_contribution_evidence": row["first_contribution_evidence"],
        "organization_size": None if size is None else int(size),
        "consent_given_at": datetime_text(row["consent_given_at"]), "state": row["state"],
        "closed_reason": row["closed_reason"], "submitted_at": datetime_text(row["submitted_at"]),
        "created": datetime_text(row["created"]),
        "modified": datetime_text(row["modified"]),
        "endorsements_active": row["endorsements_active"], "endorsements_steward": row["endorsements_steward"],
    }


def nomination_list_items(ids):
    """
    The nominations ``ids``, in that order, as ``NominationReadSerializer`` answers them with their endorsement
    counts: read as plain rows (one query, no model instances) and shaped without DRF's per-field machinery,
    the cost of a list page (P3). One query whatever the page. ``ids`` come from a list the caller may see
    (``nominations_visible_to``): they are not filtered again.
    """
    rows = {row["id"]: row for row in _LIST_ROWS.rows(None, int_lists={"ids": list(ids)})}
    return [_list_item(rows[pk]) for pk in ids if pk in rows]


def _list_rows(shape, *, ids):
    page = nominations_api.with_endorsement_counts(Nomination.objects.order_by().filter(pk__in=ids))
    return page.values(*_LIST_COLUMNS, "endorsements_active", "endorsements_steward")


# A list page's rows: the same query on every page, compiled once per process (openedx_dcp.prepared, P3).
_LIST_ROWS = PreparedQuery(_list_rows)


class TransitionSerializer(serializers.Serializer):
    """A workflow action's optional note (a reason, where the action requires one)."""

    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AuditRecordSerializer(serializers.Serializer):
    """One line of the audit trail."""

    action = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)
    at = serializers.DateTimeField()
    # What the caller may read of the note (``review.api.visible_history``: a rationale only once published).
    note = serializers.CharField(source="shown_note")


class EndorsementSerializer(serializers.ModelSerializer):
    """An endorsement (R6); the endorser is the caller and the qualifying role is recorded."""

    # An id read strictly, not looked up here: the view looks it up among what the caller may see, so an unknown
    # id and a hidden one answer the same 404 (R26) instead of telling "invalid pk" from a rule's refusal.
    nomination = StrictIdField(source="nomination_id")
    endorser = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Endorsement
        fields = ["id", "nomination", "endorser", "role", "statement", "created", "withdrawn_at"]
        read_only_fields = ["id", "endorser", "role", "created", "withdrawn_at"]
        validators = []
