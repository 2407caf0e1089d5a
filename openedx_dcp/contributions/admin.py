"""
Admin of this package: signals are read-only evidence; opt-ins and the course-org → tenant map are editable.
"""

from django.contrib import admin

from openedx_dcp.contributions.models import ContributionSignal, ContributorOptIn, TenantCourseOrg


@admin.register(ContributionSignal)
class ContributionSignalAdmin(admin.ModelAdmin):
    """Signals are evidence: listed and searchable, never edited by hand."""

    list_display = ("occurred_at", "kind", "source", "user", "organization", "site", "weight")
    list_filter = ("site", "source", "kind")
    search_fields = ("source_id", "user__username", "organization__slug")
    date_hierarchy = "occurred_at"
    raw_id_fields = ("user", "organization")
    list_select_related = ("user", "organization", "site")

    def get_queryset(self, request):
        """Superusers see every tenant; program staff only the sites of their programs (R1)."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(site__dcp_programs__staff__user=request.user).distinct()

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ContributorOptIn)
class ContributorOptInAdmin(admin.ModelAdmin):
    list_display = ("user", "site", "created")
    list_filter = ("site",)
    raw_id_fields = ("user",)


@admin.register(TenantCourseOrg)
class TenantCourseOrgAdmin(admin.ModelAdmin):
    list_display = ("org", "site")
    list_filter = ("site",)
    search_fields = ("org",)
