"""
Admin of mentoring pairs and validation requests (R17): program staff see their programs' rows (R1), read-only;
a pair is ended through the workflow (an admin action).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.mentoring.models import MentoringPair, ValidationRequest
from openedx_dcp.programs.admin_base import ProgramScopedAdmin, run_domain_action


def _end(modeladmin, request, queryset):
    run_domain_action(modeladmin, request, queryset,
                      lambda pair: mentoring_api.end(pair, request.user, str(_("Ended from admin"))),
                      lambda count: ngettext("{count} mentoring pair ended.", "{count} mentoring pairs ended.",
                                            count).format(count=count))


_end.short_description = _("End the mentoring")


@admin.register(MentoringPair)
class MentoringPairAdmin(ProgramScopedAdmin):
    staff_may_add = False
    list_display = ["mentor", "mentee", "state", "accepted_at", "ended_at", "created"]
    list_filter = ["program", "state"]
    fields = ["program", "mentor", "mentee", "requested_by", "message", "state", "accepted_at", "ended_at",
              "created"]
    readonly_fields = fields
    actions = [_end]


@admin.register(ValidationRequest)
class ValidationRequestAdmin(ProgramScopedAdmin):
    program_path = "nomination__cycle__program"
    staff_may_add = False
    list_display = ["nomination", "validator", "state", "verdict", "submitted_at"]
    list_filter = ["state", "verdict"]
    fields = ["nomination", "validator", "requested_by", "state", "verdict", "note", "submitted_at", "created"]
    readonly_fields = fields
