"""
Admin of this package: staff see issuance and revocation of credentials, and revoke (R22).

Non-superusers see the credentials of the programs they run only (R1). Nothing is edited by hand: a credential
is signed, so it is issued by the membership lifecycle and only revoked here, through the credentials API.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from openedx_dcp.credentials import api
from openedx_dcp.credentials.models import BadgeCredential, StatusList
from openedx_dcp.programs.admin_base import ProgramScopedAdmin, run_domain_action


class TenantScopedAdmin(ProgramScopedAdmin):
    """Read-only admin limited to the programs the user runs (ProgramStaff, as every admin of the plugin)."""

    staff_may_add = False

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BadgeCredential)
class BadgeCredentialAdmin(TenantScopedAdmin):
    """Issued credentials: who, which track and term, validity, signing key, revocation."""

    list_display = ("public_id", "member", "program", "track", "term_number", "valid_from", "valid_until",
                    "issued_at", "revoked_at")
    list_filter = ("program", "track", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("public_id", "membership__user__username", "membership__organization__name")
    list_select_related = ("program__site", "track", "membership__user", "membership__organization")
    readonly_fields = ("public_id", "program", "track", "membership", "term_number", "valid_from", "valid_until",
                       "kid", "alg", "status_list", "status_index", "issued_at", "revoked_at", "revocation_reason",
                       "revocation_reason_published", "document", "jwt")
    fields = readonly_fields
    actions = ["revoke_selected"]

    @admin.display(description=_("Member"))
    def member(self, credential):
        membership = credential.membership
        return membership.user or membership.organization

    @admin.action(description="Revoke the selected credentials")
    def revoke_selected(self, request, queryset):
        """Revoke through the credentials API, which checks the user runs the program and audits it."""
        run_domain_action(
            self, request, queryset.filter(revoked_at__isnull=True),
            lambda credential: api.revoke_credential(
                credential, request.user, f"Revoked in admin by {request.user.get_username()}"),
            "Revoked {count} credential(s).",
        )


@admin.register(StatusList)
class StatusListAdmin(TenantScopedAdmin):
    """The published revocation lists of each program."""

    list_display = ("program", "number", "purpose", "size", "created")
    readonly_fields = ("program", "number", "purpose", "size", "created")
    fields = readonly_fields
