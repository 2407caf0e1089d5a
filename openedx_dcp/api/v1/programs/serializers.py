"""
Serializers of programs, their rules, tracks and cycles: they validate input and shape output; the domain
functions decide.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from openedx_dcp.api.v1.base import TenantScopedFieldsMixin
from openedx_dcp.api.v1.filters import IdRelatedField
from openedx_dcp.programs.models import Cycle, Program, ProgramRules, Track


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
