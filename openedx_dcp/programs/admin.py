"""
Admin for programs, rules, tracks, organizations, roles and cycles. Changes to rules and tracks go through
``programs.api`` so that each one is a new rules version with who, when and why (R24).
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from openedx_dcp.exceptions import DcpError
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.admin_base import ProgramScopedAdmin
from openedx_dcp.programs.models import (
    Affiliation,
    CommunityRole,
    Cycle,
    Organization,
    Program,
    ProgramRules,
    ProgramStaff,
    Track,
)
from openedx_dcp.programs.rules import validate_thresholds


@admin.register(Program)
class ProgramAdmin(ProgramScopedAdmin):
    program_path = ""
    staff_may_add = False
    list_display = ["name", "slug", "site", "is_active", "created"]
    list_filter = ["is_active", "site"]
    search_fields = ["name", "slug", "site__domain"]

    def get_readonly_fields(self, request, obj=None):
        return ["site", "slug"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new program gets the seeds' tracks and its first rules version.
        created = programs_api.create_program(site=obj.site, slug=obj.slug, name=obj.name, actor=request.user,
                                              description=obj.description, organization_name=obj.organization_name,
                                              url=obj.url, image_url=obj.image_url, is_active=obj.is_active)
        obj.pk = created.pk


@admin.register(ProgramStaff)
class ProgramStaffAdmin(ProgramScopedAdmin):
    list_display = ["user", "program", "created"]
    list_filter = ["program"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]
    staff_may_delete = True


class RulesChangeForm(forms.ModelForm):
    """Record a new rules version: the thresholds as JSON and the reason."""

    thresholds = forms.JSONField(help_text=_("All thresholds of the new version (see docs/rules.md)."))

    class Meta:
        model = ProgramRules
        fields = ["program", "thresholds", "reason"]

    def clean(self):
        cleaned = super().clean()
        program = cleaned.get("program")
        if program is not None and cleaned.get("thresholds") is not None and cleaned.get("reason"):
            try:
                # Validate now so the admin shows the problem on the form; the save records it.
                validate_thresholds(cleaned["thresholds"])
            except DcpError as exc:
                raise forms.ValidationError(
                    {"thresholds": [f"{field}: {message}" for field, messages in exc.errors.items()
                                    for message in messages] or [exc.message]}
                ) from exc
        return cleaned


@admin.register(ProgramRules)
class ProgramRulesAdmin(ProgramScopedAdmin):
    """Rules versions are append-only: staff add a version (with a reason); existing ones are read-only."""

    list_display = ["program", "version", "changed_by", "changed_at", "reason"]
    list_filter = ["program"]
    form = RulesChangeForm

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["program", "thresholds", "reason"]
        return ["program", "version", "data", "changed_by", "changed_at", "reason"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["program", "version", "data", "changed_by", "changed_at", "reason"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        version = programs_api.change_thresholds(program=obj.program, actor=request.user,
                                                 reason=form.cleaned_data["reason"],
                                                 **form.cleaned_data["thresholds"])
        obj.pk = version.pk


class TrackForm(forms.ModelForm):
    change_reason = forms.CharField(help_text=_("Why the track changes; recorded with the new version of the rules."))

    class Meta:
        model = Track
        fields = "__all__"


@admin.register(Track)
class TrackAdmin(ProgramScopedAdmin):
    form = TrackForm
    list_display = ["name", "slug", "program", "nominee_kind", "is_active", "order"]
    list_filter = ["program", "nominee_kind", "is_active"]
    search_fields = ["name", "slug"]

    def get_readonly_fields(self, request, obj=None):
        # A track's slug is how each cycle's rules version names it (R24), and a track stays in its program:
        # neither changes once the track exists.
        return ["program", "slug"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data["change_reason"]
        fields = {name: form.cleaned_data[name] for name in form.changed_data if name not in ("change_reason",)}
        if change:
            programs_api.update_track(track=Track.objects.get(pk=obj.pk), actor=request.user, reason=reason, **fields)
        else:
            fields.pop("program", None)
            created = programs_api.add_track(program=obj.program, actor=request.user, reason=reason,
                                             slug=fields.pop("slug", obj.slug),
                                             name=fields.pop("name", obj.name), **fields)
            obj.pk = created.pk


@admin.register(Organization)
class OrganizationAdmin(ProgramScopedAdmin):
    program_path = "site"
    list_display = ["name", "slug", "site", "size"]
    list_filter = ["site"]
    search_fields = ["name", "slug"]


@admin.register(Affiliation)
class AffiliationAdmin(ProgramScopedAdmin):
    program_path = "organization__site"
    list_display = ["user", "organization", "start", "end"]
    search_fields = ["user__username", "organization__name"]
    raw_id_fields = ["user"]


@admin.register(CommunityRole)
class CommunityRoleAdmin(ProgramScopedAdmin):
    list_display = ["user", "role", "program", "organization", "start", "end"]
    list_filter = ["program", "role"]
    search_fields = ["user__username", "user__email", "organization__name"]
    raw_id_fields = ["user"]
    staff_may_delete = True


@admin.register(Cycle)
class CycleAdmin(ProgramScopedAdmin):
    list_display = ["name", "program", "stage", "nominations_open", "nominations_close", "announcement_at"]
    list_filter = ["program", "stage"]
    search_fields = ["name", "slug"]

    def get_readonly_fields(self, request, obj=None):
        return ["stage", "rules"] if obj is None else ["program", "slug", "stage", "rules"]

    def get_fields(self, request, obj=None):
        fields = ["program", "slug", "name", "nominations_open", "nominations_close", "review_start", "review_end",
                  "announcement_at", "stage"]
        return fields + (["rules"] if obj is not None else [])

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = programs_api.create_cycle(
            program=obj.program, slug=obj.slug, name=obj.name, nominations_open=obj.nominations_open,
            nominations_close=obj.nominations_close, review_start=obj.review_start,
            review_end=obj.review_end, announcement_at=obj.announcement_at, actor=request.user,
        )
        obj.pk = created.pk
