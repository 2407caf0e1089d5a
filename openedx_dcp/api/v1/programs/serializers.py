"""
Serializers of programs, their rules, tracks and cycles: they validate input and shape output; the domain
functions decide.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from openedx_dcp.api.v1.base import TenantScopedFieldsMixin
from openedx_dcp.api.v1.filters import IdRelatedField, StrictJSONField, UsernameField
from openedx_dcp.programs.models import (
    Affiliation,
    CommunityRole,
    Cycle,
    Organization,
    Program,
    ProgramRules,
    Track,
)


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


class ThresholdChangeSerializer(serializers.Serializer):
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
    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping,
                                models.JSONField: StrictJSONField}

    class Meta:
        model = Track
        fields = ["id", "program", "slug", "name", "nominee_kind", "description", "criteria_narrative", "rubric",
                  "renewal_criteria", "qualifying_signal_kinds", "is_active", "order", "reason"]
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


class OrganizationSerializer(serializers.ModelSerializer):
    """
    An organization of the tenant's community: a partner, a Partner-track nominee, a panelist's employer.
    ``size`` (employees) decides how a partner is assessed (R13); nominations read it from here.
    """

    size = serializers.IntegerField(min_value=0, max_value=2_147_483_647, required=False, allow_null=True,
                                    help_text=_("Number of employees (R13); null when unknown."))

    class Meta:
        model = Organization
        fields = ["id", "slug", "name", "url", "size"]
        read_only_fields = ["id"]
        validators = []  # the slug's uniqueness per site is the domain's check (code "unique")


class AffiliationSerializer(TenantScopedFieldsMixin, serializers.ModelSerializer):
    """
    A person's dated affiliation with an organization of the tenant (R10: conflicts of interest; who consents
    for an organization nominee). ``end`` null: still affiliated. The person and the organization are fixed
    once recorded; ``start`` and ``end`` can be corrected.
    """

    username = UsernameField(source="user", help_text=_("The affiliated person's username."))
    organization = IdRelatedField(queryset=Organization.objects.all())
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    tenant_scoped = {"organization": "site"}

    class Meta:
        model = Affiliation
        fields = ["id", "username", "organization", "organization_name", "start", "end"]
        read_only_fields = ["id"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in ("username", "organization"):
                fields[name].read_only = True
        return fields


class CommunityRoleSerializer(TenantScopedFieldsMixin, serializers.ModelSerializer):
    """
    A dated community role (R3) held by a person in a program: roles decide who endorses (R6) and who sits on
    which panel seat (R9). ``end`` null: held until further notice. The program, person and role are fixed once
    granted; dates, organization (of a partner representative) and note can be corrected.
    """

    program = IdRelatedField(queryset=Program.objects.all())
    username = UsernameField(source="user", help_text=_("The role holder's username."))
    organization = IdRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True,
                                  help_text=_("The organization a partner representative represents."))
    is_active = serializers.SerializerMethodField()
    tenant_scoped = {"program": "site", "organization": "site"}

    class Meta:
        model = CommunityRole
        fields = ["id", "program", "username", "role", "organization", "start", "end", "note", "is_active"]
        read_only_fields = ["id", "is_active"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            for name in ("program", "username", "role"):
                fields[name].read_only = True
        return fields

    def get_is_active(self, role) -> bool:
        """Whether the role is held today."""
        today = timezone.now().date()
        return role.start <= today and (role.end is None or role.end >= today)

