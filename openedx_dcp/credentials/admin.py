"""
Admin of this package: staff see issuance and revocation of credentials, and revoke (R22).

Non-superusers see the credentials of the programs they run only (R1). Nothing is edited by hand: a credential
is signed, so it is issued by the membership lifecycle and only revoked here, through the credentials API.
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openedx_dcp.credentials import api
from openedx_dcp.credentials.models import BadgeCredential, StatusList, TrackBadgeImage
from openedx_dcp.exceptions import ValidationFailed
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

    @admin.action(description=_("Revoke the selected credentials"))
    def revoke_selected(self, request, queryset):
        """Revoke through the credentials API, which checks the user runs the program and audits it."""
        run_domain_action(
            self, request, queryset.filter(revoked_at__isnull=True),
            lambda credential: api.revoke_credential(
                credential=credential, actor=request.user,
                reason=gettext("Revoked in admin by {username}").format(username=request.user.get_username())),
            lambda count: ngettext("Revoked {count} credential.", "Revoked {count} credentials.", count).format(
                count=count),
        )


@admin.register(StatusList)
class StatusListAdmin(TenantScopedAdmin):
    """The published revocation lists of each program."""

    list_display = ("program", "number", "purpose", "size", "created")
    readonly_fields = ("program", "number", "purpose", "size", "created")
    fields = readonly_fields


class TrackBadgeImageForm(forms.ModelForm):
    """Upload of a track's badge image: checked and re-encoded as PNG by ``credentials.api.normalize_upload``."""

    image = forms.FileField(
        label=_("Image"),
        help_text=_("A PNG, JPEG or WebP image, square for the best result, at most 1 MB and 4096 pixels a side; "
                    "it is reduced to 512×512 and stored as PNG. Badges and their downloads use it at once."),
    )

    class Meta:
        model = TrackBadgeImage
        fields = ["track"]

    def clean_image(self):
        upload = self.cleaned_data["image"]
        if upload.size > api.badge_image_max_bytes():
            # Not read into memory at all when the size already says no.
            raise forms.ValidationError(
                _("The image is %(size)s KB; upload one of at most %(limit)s KB.")
                % {"size": -(-upload.size // 1024), "limit": api.badge_image_max_bytes() // 1024})
        try:
            return api.normalize_upload(data=upload.read())
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc

    def save(self, commit=True):
        self.instance.png, self.instance.width, self.instance.height = self.cleaned_data["image"]
        return super().save(commit)


@admin.register(TrackBadgeImage)
class TrackBadgeImageAdmin(ProgramScopedAdmin):
    """
    Staff replace a track's generated badge image with their own; deleting the upload brings the generated
    image back. Staff see and choose only the tracks of the programs they run.
    """

    program_path = "track__program"
    staff_may_delete = True
    form = TrackBadgeImageForm
    list_display = ("track", "program", "width", "height", "updated")
    list_select_related = ("track__program",)
    readonly_fields = ("preview", "width", "height", "updated")

    @admin.display(description=_("Program"))
    def program(self, badge_image):
        return badge_image.track.program

    @admin.display(description=_("Current image"))
    def preview(self, badge_image):
        if not badge_image.pk:
            return "-"
        track = badge_image.track
        url = api.achievement_image_url(program=track.program, track_slug=track.slug)
        return format_html('<img src="{}" alt="{}" width="128" height="128">', url,
                           _("Badge image of %(track)s") % {"track": track.name})
