"""
Admin for nominations and endorsements: filters, search, the endorsements and the read-only audit trail
inline, and workflow actions that go through ``nominations.workflow`` like every other caller.
"""

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openedx_dcp.audit.models import AuditRecord
from openedx_dcp.nominations import eligibility, workflow
from openedx_dcp.nominations.conflicts import hidden_from
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.programs.admin import CycleAdmin
from openedx_dcp.programs.admin_base import ProgramScopedAdmin, ProgramScopedInline, run_domain_action
from openedx_dcp.programs.models import Cycle


class EndorsementInline(ProgramScopedInline, admin.TabularInline):
    model = Endorsement
    program_path = "nomination__cycle__program"
    extra = 0
    fields = ["endorser", "role", "statement", "created", "withdrawn_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Endorsements are given by the endorsers themselves (R6), through the API.
        return False


class AuditTrailInline(GenericTabularInline):
    model = AuditRecord
    extra = 0
    fields = ["at", "action", "from_state", "to_state", "actor", "note"]
    readonly_fields = fields
    can_delete = False
    ordering = ["at", "id"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _nomination_action(name, label):
    def action(modeladmin, request, queryset):
        run_domain_action(modeladmin, request, queryset,
                          lambda nomination: workflow.perform(
                              nomination, name, request.user,
                              note=gettext("From admin by {user}").format(user=request.user)),
                          lambda count: ngettext("{action}: {count} nomination.", "{action}: {count} nominations.",
                                                 count).format(action=label, count=count))
    action.short_description = label
    action.__name__ = f"nomination_{name}"
    return action


@admin.register(Nomination)
class NominationAdmin(ProgramScopedAdmin):
    program_path = "cycle__program"
    staff_may_add = False
    list_display = ["id", "nominee", "track", "cycle", "kind", "state", "nominator", "submitted_at"]
    list_filter = ["cycle__program", "cycle", "track", "state", "kind"]
    search_fields = ["nominee_user__username", "nominee_user__email", "nominee_organization__name",
                     "nominator__username", "summary"]
    list_select_related = ["cycle", "track", "nominee_user", "nominee_organization", "nominator"]
    readonly_fields = ["cycle", "track", "kind", "nominator", "nominee_user", "nominee_organization", "state",
                       "closed_reason", "consent_given_at", "consent_given_by", "submitted_at", "created",
                       "modified", "endorsement_summary"]
    fields = readonly_fields[:7] + ["summary", "impact_statement", "references", "evidence_links",
                                    "first_contribution_date", "first_contribution_evidence"] + \
        readonly_fields[7:]
    inlines = [EndorsementInline, AuditTrailInline]
    actions = [_nomination_action("start_screening", _("Start screening of the selected nominations")),
               _nomination_action("withdraw", _("Withdraw the selected nominations"))]

    def get_queryset(self, request):
        # R10: a conflicted panelist never sees the nomination, in admin either (program staff who sit on a
        # panel included).
        return super().get_queryset(request).exclude(pk__in=hidden_from(request.user))

    @admin.display(description=_("Nominee"))
    def nominee(self, obj):
        return obj.nominee_display

    @admin.display(description=_("Endorsements"))
    def endorsement_summary(self, obj):
        problems = eligibility.endorsement_shortfall(obj)
        return "; ".join(problems) if problems else _("Enough endorsements")

    def has_change_permission(self, request, obj=None):
        # Content belongs to the nominator; staff read it here and act through the workflow actions.
        return False


@admin.register(Endorsement)
class EndorsementAdmin(ProgramScopedAdmin):
    program_path = "nomination__cycle__program"
    staff_may_add = False
    list_display = ["nomination", "endorser", "role", "created", "withdrawn_at"]
    list_filter = ["role", "nomination__cycle"]
    search_fields = ["endorser__username", "nomination__nominee_user__username"]
    readonly_fields = ["nomination", "endorser", "role", "statement", "created", "withdrawn_at"]

    def get_queryset(self, request):
        # R10, R26: not the endorsements of a nomination the staff member is conflicted on as a panelist.
        return super().get_queryset(request).exclude(nomination_id__in=hidden_from(request.user))

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ProgramScopedAdmin):
    """The audit trail, read-only (append-only records)."""

    staff_may_add = False
    list_display = ["at", "program", "content_type", "object_id", "action", "from_state", "to_state", "actor",
                    "visibility"]
    list_filter = ["program", "content_type", "action", "visibility"]
    search_fields = ["actor__username", "note", "action"]
    readonly_fields = ["program", "content_type", "object_id", "action", "from_state", "to_state", "actor", "at",
                       "note", "visibility"]

    def get_queryset(self, request):
        # Program staff read every line of their programs (``review.api.visible_history`` gives staff all of a
        # nomination's lines) except those of a nomination they are conflicted on as a panelist (R10, R26).
        nomination_type = ContentType.objects.get_for_model(Nomination)
        return super().get_queryset(request).exclude(
            content_type=nomination_type, object_id__in=hidden_from(request.user)
        )

    def has_change_permission(self, request, obj=None):
        return False


# The cycle's stages move through the workflow this package holds (``workflow.CYCLE_TRANSITIONS``); the programs
# package, below this one, registers the cycle admin without them, and this package adds them.
def _cycle_action(name, label):
    def action(modeladmin, request, queryset):
        run_domain_action(modeladmin, request, queryset,
                          lambda cycle: workflow.advance_cycle(cycle, name, request.user),
                          lambda count: ngettext("{action}: {count} cycle.", "{action}: {count} cycles.",
                                                 count).format(action=label, count=count))
    action.short_description = label
    action.__name__ = f"cycle_{name}"
    return action


admin.site.unregister(Cycle)


@admin.register(Cycle)
class CycleWorkflowAdmin(CycleAdmin):
    """The programs package's cycle admin, with an action per cycle transition."""

    actions = [_cycle_action(name, capfirst(transition.label))
               for name, transition in workflow.CYCLE_TRANSITIONS.items()]
