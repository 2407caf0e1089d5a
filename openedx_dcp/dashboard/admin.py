"""
Admin of the program reports generated (KR 4.2): a read-only record of who generated which report and when.
"""

from django.contrib import admin

from openedx_dcp.dashboard.models import ProgramReport
from openedx_dcp.programs.admin_base import ProgramScopedAdmin


@admin.register(ProgramReport)
class ProgramReportAdmin(ProgramScopedAdmin):
    list_display = ["program", "period_start", "period_end", "form", "generated_by", "generated_at"]
    list_filter = ["program", "form"]
    list_select_related = ["program__site", "generated_by"]
    readonly_fields = list_display
    fields = list_display
    staff_may_add = False

    def has_change_permission(self, request, obj=None):
        return False
