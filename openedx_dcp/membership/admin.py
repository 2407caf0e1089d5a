"""
Admin of memberships (R14–R17). Staff see the memberships of the programs they run (R1); state changes go
through the membership workflow (admin actions), never through the form.
"""

from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openedx_dcp.exceptions import DcpError
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import (
    EngagementOptIn,
    EngagementParticipation,
    Membership,
    MembershipTerm,
)
from openedx_dcp.programs.admin_base import ProgramScopedAdmin


class MembershipTermInline(admin.TabularInline):
    model = MembershipTerm
    extra = 0
    can_delete = False
    fields = ["number", "start", "end", "rules", "outcome", "renewed_in_grace", "evidence_count",
              "required_signals", "decided_by", "decided_at", "decision_note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EngagementOptInInline(admin.TabularInline):
    model = EngagementOptIn
    extra = 0
    can_delete = False
    fields = ["kind", "opted_in", "changed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


def _workflow_action(name, description):
    def run(modeladmin, request, queryset):
        done = 0
        for membership in queryset:
            try:
                membership_api.perform_action(membership=membership, action=name, actor=request.user,
                                              note=gettext("From admin"))
                done += 1
            except DcpError as exc:
                modeladmin.message_user(request, gettext("{object}: {message}").format(
                    object=membership, message=exc.message), messages.ERROR)
        if done:
            modeladmin.message_user(request, ngettext("{action}: {count} membership.", "{action}: {count} memberships.",
                                                      done).format(action=description, count=done), messages.SUCCESS)

    run.short_description = description
    run.__name__ = f"action_{name}"
    return run


@admin.register(Membership)
class MembershipAdmin(ProgramScopedAdmin):
    """Memberships with their terms and engagement; the committee renews or defers with the actions."""

    list_display = ["id", "member", "program", "track", "state", "term_number", "term_end",
                    "review_opens_on", "grace_until", "lapsed_on"]
    list_filter = ["state", "track"]
    list_select_related = ["program__site", "track", "user", "organization"]
    search_fields = ["user__username", "user__email", "organization__name"]
    date_hierarchy = "term_end"
    inlines = [MembershipTermInline, EngagementOptInInline]

    @admin.display(description=_("Member"))
    def member(self, obj):
        return obj.member_display
    readonly_fields = [
        "program", "track", "cycle", "nomination", "user", "organization", "state", "term_number", "term_start",
        "term_end", "review_opens_on", "next_term_start", "grace_until", "lapsed_on", "lifetime_since",
        "created", "modified",
    ]
    fields = readonly_fields
    actions = [
        _workflow_action("open_review", _("Open the renewal review")),
        _workflow_action("renew", _("Renew (renewal criteria met)")),
        _workflow_action("defer_renewal", _("Give a grace period (criteria not yet met)")),
    ]

    staff_may_add = False  # memberships begin at announcement (openedx_dcp.membership.api.start_membership)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EngagementParticipation)
class EngagementParticipationAdmin(ProgramScopedAdmin):
    """Staff record the follow-on engagement members took part in (R17); records are not edited afterwards."""

    program_path = "membership__program"
    list_display = ["membership", "kind", "date", "recorded_by"]
    list_filter = ["kind"]
    list_select_related = ["membership__track", "membership__user", "membership__organization", "recorded_by"]
    fields = ["membership", "kind", "date", "note"]
    raw_id_fields = ["membership"]

    def has_change_permission(self, request, obj=None):
        # Recorded participation is history: it is added, never edited.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)

        class ParticipationForm(form_class):
            """Applies the domain's check, so the admin refuses what the API refuses, field by field."""

            def clean(self):
                data = super().clean()
                if data.get("membership") is not None:
                    try:
                        membership_api.check_participation(membership=data["membership"], actor=request.user,
                                                           kind=data.get("kind"),
                                                           date=data.get("date"))
                    except DcpError as exc:
                        raise ValidationError({exc.field or NON_FIELD_ERRORS: exc.message}) from exc
                return data

        return ParticipationForm

    def save_model(self, request, obj, form, change):
        # Through the domain function, which audits the record.
        created = membership_api.record_participation(membership=obj.membership, actor=request.user, kind=obj.kind,
                                                      date=obj.date, note=obj.note)
        obj.pk = created.pk
