"""
Admin of accomplishment-first intake (R25): program staff see their programs' surveys and accomplishments (R1);
a survey is opened and an accomplishment shown or hidden through ``intake.api`` (the form never writes them).
Curating (merging, linking, nominating) happens on the pages' workspace, where the panel's conflicts apply.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.engagement.intake.models import Accomplishment, AccomplishmentLink, AccomplishmentSurvey
from openedx_dcp.exceptions import DcpError
from openedx_dcp.programs.admin_base import ProgramScopedAdmin, run_domain_action


@admin.register(AccomplishmentSurvey)
class AccomplishmentSurveyAdmin(ProgramScopedAdmin):
    list_display = ["title", "program", "cycle", "opens_at", "closes_at"]
    list_filter = ["program"]
    fields = ["program", "cycle", "title", "introduction", "opens_at", "closes_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            survey = intake_api.open_survey(program=obj.program, cycle=obj.cycle, actor=request.user, title=obj.title,
                                            opens_at=obj.opens_at, closes_at=obj.closes_at,
                                            introduction=obj.introduction)
        except DcpError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            raise ValidationError(exc.message) from exc
        obj.pk = survey.pk


class AccomplishmentLinkInline(admin.TabularInline):
    model = AccomplishmentLink
    extra = 0
    can_delete = False
    fields = ["user", "organization", "nomination", "linked_by", "created"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _show(modeladmin, request, queryset):
    run_domain_action(modeladmin, request, queryset,
                      lambda item: intake_api.set_shown(accomplishment=item, actor=request.user, shown=True),
                      lambda count: ngettext("{count} accomplishment shown on the public page.",
                                            "{count} accomplishments shown on the public page.",
                                            count).format(count=count))


def _hide(modeladmin, request, queryset):
    run_domain_action(modeladmin, request, queryset,
                      lambda item: intake_api.set_shown(accomplishment=item, actor=request.user, shown=False),
                      lambda count: ngettext("{count} accomplishment hidden.", "{count} accomplishments hidden.",
                                            count).format(count=count))


_show.short_description = _("Show on the public page")
_hide.short_description = _("Hide from the public page")


@admin.register(Accomplishment)
class AccomplishmentAdmin(ProgramScopedAdmin):
    program_path = "survey__program"
    staff_may_add = False
    list_display = ["title", "survey", "track", "submitted_by", "merged_into", "shown", "created"]
    list_filter = ["survey", "shown"]
    search_fields = ["title"]
    fields = ["survey", "track", "submitted_by", "title", "why", "links", "merged_into", "shown", "created"]
    readonly_fields = fields
    inlines = [AccomplishmentLinkInline]
    actions = [_show, _hide]
