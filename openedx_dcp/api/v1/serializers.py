"""
Serializers of the foundation's REST API: they validate input and shape output; the domain functions decide.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from openedx_dcp.api.v1.filters import IdRelatedField, StrictIdField
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.programs.models import Cycle, Organization, Program, ProgramRules, Track


class TenantScopedFieldsMixin:
    """
    Limit related-object fields to the request's tenant (R1): an id from another tenant reads as unknown.

    ``tenant_scoped`` maps a field name to the lookup from its model to the Site.
    """

    tenant_scoped = {}

    def get_fields(self):
        fields = super().get_fields()
        site = self.context.get("site")
        for name, lookup in self.tenant_scoped.items():
            field = fields.get(name)
            if field is not None and not field.read_only and site is not None:
                field.queryset = field.queryset.filter(**{lookup: site})
        return fields


class ProgramSerializer(serializers.ModelSerializer):
    """A program of the request's tenant, with the version number of its current rules."""

    rules_version = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = ["id", "slug", "name", "description", "organization_name", "url", "image_url", "is_active",
                  "rules_version"]
        # Staff edit what the program says about itself; its name and whether it runs are the operator's (admin).
        read_only_fields = ["id", "slug", "name", "organization_name", "is_active", "rules_version"]

    def get_rules_version(self, program) -> int:
        versions = getattr(program, "rules_version_max", None)
        return versions if versions is not None else program.current_rules.version


class RulesVersionSerializer(serializers.ModelSerializer):
    """One version of a program's rules (R24)."""

    changed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = ProgramRules
        fields = ["version", "data", "changed_by", "changed_at", "reason"]
        read_only_fields = fields


class ThresholdChangeSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A change of thresholds: the new values and why."""

    thresholds = serializers.DictField(help_text="Thresholds to change, e.g. {\"min_endorsements\": 4}.")
    reason = serializers.CharField(max_length=2000, help_text="Why the rules change (recorded with the version).")


class TrackSerializer(TenantScopedFieldsMixin, serializers.ModelSerializer):
    """A track; writing one records a new rules version, so ``reason`` is required on writes."""

    program = IdRelatedField(queryset=Program.objects.all())
    reason = serializers.CharField(
        max_length=2000,
        write_only=True, help_text=_("Why the track changes; recorded with the new version of the rules.")
    )
    tenant_scoped = {"program": "site"}

    class Meta:
        model = Track
        fields = ["id", "program", "slug", "name", "nominee_kind", "description", "criteria_narrative", "rubric",
                  "renewal_criteria", "qualifying_signal_kinds", "image_url", "is_active", "order", "reason"]
        read_only_fields = ["id"]
        validators = []  # uniqueness is the domain function's to report

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["program"].read_only = True
            fields["slug"].read_only = True
        return fields


class CycleSerializer(TenantScopedFieldsMixin, serializers.ModelSerializer):
    """A cycle with its dated phases (R4) and review stage (R11)."""

    program = IdRelatedField(queryset=Program.objects.all())
    rules_version = serializers.IntegerField(source="rules.version", read_only=True)
    nominations_are_open = serializers.SerializerMethodField()
    tenant_scoped = {"program": "site"}

    class Meta:
        model = Cycle
        fields = ["id", "program", "slug", "name", "nominations_open", "nominations_close", "review_start",
                  "review_end", "announcement_at", "stage", "rules_version", "nominations_are_open"]
        read_only_fields = ["id", "stage", "rules_version", "nominations_are_open"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:  # a cycle's dates are what changes once it is open
            for name in ("program", "slug", "name"):
                fields[name].read_only = True
        return fields

    def get_nominations_are_open(self, cycle) -> bool:
        return cycle.nominations_are_open()


class NominationSerializer(TenantScopedFieldsMixin, serializers.ModelSerializer):
    """
    A nomination (R5). The nominator is the caller; a peer nominee is named by username (people) or an
    organization id (Partner track).
    """

    cycle = IdRelatedField(queryset=Cycle.objects.all())
    track = IdRelatedField(queryset=Track.objects.all())
    nominator = serializers.SlugRelatedField(slug_field="username", read_only=True)
    nominee_username = serializers.SlugRelatedField(
        source="nominee_user", slug_field="username", queryset=get_user_model().objects.all(), required=False,
        allow_null=True,
    )
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
    querysets, so building it per request copies no queryset (P3: most of a list's serializer cost).
    """

    cycle = serializers.IntegerField(source="cycle_id", read_only=True)
    track = serializers.IntegerField(source="track_id", read_only=True)
    nominee_username = serializers.CharField(source="nominee_user.username", read_only=True, default=None)
    nominee_organization = serializers.IntegerField(source="nominee_organization_id", read_only=True)
    tenant_scoped = {}

    class Meta(NominationSerializer.Meta):
        read_only_fields = NominationSerializer.Meta.fields


class TransitionSerializer(serializers.Serializer):  # pylint: disable=abstract-method
    """A workflow action's optional note (a reason, where the action requires one)."""

    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AuditRecordSerializer(serializers.Serializer):  # pylint: disable=abstract-method
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
