"""
Admin of this package: signals are read-only evidence; opt-ins and the course-org → tenant map are editable.
"""

from django.contrib import admin

from openedx_dcp.contributions.models import ContributionSignal, ContributorOptIn, TenantCourseOrg
from openedx_dcp.programs.admin_base import ProgramScopedAdmin


@admin.register(ContributionSignal)
class ContributionSignalAdmin(ProgramScopedAdmin):
    """Signals are evidence: listed and searchable, never edited by hand."""

    list_display = ("occurred_at", "kind", "source", "user", "organization", "site", "weight")
    list_filter = ("site", "source", "kind")
    search_fields = ("source_id", "user__username", "organization__slug")
    date_hierarchy = "occurred_at"
    raw_id_fields = ("user", "organization")
    list_select_related = ("user", "organization", "site")

    program_path = "site"

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, *args):
        return False


@admin.register(ContributorOptIn)
class ContributorOptInAdmin(ProgramScopedAdmin):
    """Who asked a tenant's program to record their contributions; people manage it through the API."""

    list_display = ("user", "site", "created")
    list_filter = ("site",)
    raw_id_fields = ("user",)

    program_path = "site"

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TenantCourseOrg)
class TenantCourseOrgAdmin(admin.ModelAdmin):
    """
    Which course organizations' events belong to which tenant: deployment configuration (like the platform's
    ``SiteConfiguration.course_org_filter``), so superusers only.
    """

    list_display = ("org", "site")
    list_filter = ("site",)
    search_fields = ("org",)

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
