"""
Admin of citations (KR 5.2): staff see who said the program motivated them, and record one they were told of.
"""

from django.contrib import admin

from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.citations.models import Citation, CitationSource
from openedx_dcp.programs.admin_base import ProgramScopedAdmin


@admin.register(Citation)
class CitationAdmin(ProgramScopedAdmin):
    list_display = ["user", "program", "source", "cited_at"]
    list_filter = ["program", "source"]
    list_select_related = ["program__site", "user"]
    search_fields = ["user__username", "statement"]
    raw_id_fields = ["user"]
    fields = ["program", "user", "statement"]
    staff_may_delete = True

    def get_readonly_fields(self, request, obj=None):
        return ["program", "user", "source", "cited_at", "recorded_by"] if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["program", "user", "source", "statement", "cited_at", "recorded_by"] if obj is not None \
            else self.fields

    def has_change_permission(self, request, obj=None):
        # A citation is the person's statement: recorded, never rewritten by staff.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        citation = citations_api.record_citation(program=obj.program, user=obj.user, source=CitationSource.STAFF,
                                                 statement=obj.statement, actor=request.user)
        obj.pk = citation.pk
