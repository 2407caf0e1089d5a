"""
Admin of stories (R19): program staff write, publish and unpublish their programs' stories here. Every save goes
through ``stories.api`` (the form first tries it and rolls back, so a refusal shows on the form, field by field,
and nothing is written); consent is given by the member on the program's pages, never here.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.engagement.stories.models import Story
from openedx_dcp.exceptions import DcpError
from openedx_dcp.programs.admin_base import ProgramScopedAdmin, run_domain_action


class _DryRun(Exception):
    """Raised inside the form's check to roll back what the check wrote."""


def save_story(form, actor, instance_pk):
    """Create or change the story from ``form.cleaned_data`` through the domain, then publish or unpublish it."""
    data = form.cleaned_data
    content = {name: data.get(name, "") for name in ("title", "summary", "body", "image_url", "image_alt")}
    content["links"] = [line.strip() for line in (data.get("links_text") or "").splitlines() if line.strip()]
    subject = {"subject_user": data.get("subject_user"), "subject_organization": data.get("subject_organization")}
    if instance_pk is None:
        story = stories_api.create_story(program=data["program"], actor=actor, **subject, **content)
    else:
        story = stories_api.update_story(story=Story.objects.get(pk=instance_pk), actor=actor, **subject, **content)
    wanted = data.get("published_at")
    if wanted is not None and wanted != story.published_at:
        story = stories_api.publish_story(story=story, actor=actor, publish_at=wanted)
    elif wanted is None and story.published_at is not None:
        story = stories_api.unpublish_story(story=story, actor=actor)
    return story


class StoryForm(forms.ModelForm):
    links_text = forms.CharField(
        label=_("Links"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Further reading: one web address (https://...) a line."),
    )

    class Meta:
        model = Story
        fields = ["program", "subject_user", "subject_organization", "title", "summary", "body", "image_url",
                  "image_alt", "published_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["links_text"].initial = "\n".join(self.instance.links or [])

    def clean(self):
        data = super().clean()
        if self.errors or getattr(self, "actor", None) is None:
            return data
        try:
            with transaction.atomic():
                save_story(self, self.actor, self.instance.pk)
                raise _DryRun
        except _DryRun:
            pass
        except DcpError as exc:
            errors = {}
            for field, messages in (exc.errors or {None: [exc.message]}).items():
                errors[field if field in self.fields else NON_FIELD_ERRORS] = messages
            if "published_at" in errors or exc.code == "consent_required":
                errors.pop("published_at", None)
                errors["published_at"] = [exc.message]
            raise ValidationError(errors) from exc
        return data


@admin.register(Story)
class StoryAdmin(ProgramScopedAdmin):
    form = StoryForm
    list_display = ["title", "program", "subject", "consent", "published_at", "created"]
    list_filter = ["program"]
    list_select_related = ["program__site", "subject_user", "subject_organization"]
    search_fields = ["title", "subject_user__username", "subject_organization__name"]
    raw_id_fields = ["subject_user"]
    readonly_fields = ["consent_given_at", "consent_given_by", "created_by", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["program", "subject_user", "subject_organization"]}),
        (_("Story"), {"fields": ["title", "summary", "body", "links_text", "image_url", "image_alt"]}),
        (_("Consent and publication"), {
            "fields": ["consent_given_at", "consent_given_by", "published_at"],
            "description": _("The member consents on the program's pages (use the action \"Ask for consent\"). "
                             "A story is public from its publication date, and only with consent; changing "
                             "what it says takes the consent back."),
        }),
        (_("History"), {"fields": ["created_by", "created", "updated"]}),
    ]
    actions = ["ask_for_consent", "unpublish"]
    staff_may_delete = True

    @admin.display(description=_("About"))
    def subject(self, obj):
        return stories_api.subject_name(obj)

    @admin.display(description=_("Consent"), boolean=True)
    def consent(self, obj):
        return obj.consent_given_at is not None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        form_class.actor = request.user
        return form_class

    def save_model(self, request, obj, form, change):
        story = save_story(form, request.user, obj.pk if change else None)
        obj.pk = story.pk

    def delete_model(self, request, obj):
        stories_api.delete_story(story=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for story in queryset:
            stories_api.delete_story(story=story, actor=request.user)

    @admin.action(description=_("Ask the member for consent (email)"))
    def ask_for_consent(self, request, queryset):
        run_domain_action(self, request, queryset,
                          lambda story: stories_api.ask_for_consent(story=story, actor=request.user),
                          lambda count: ngettext("Consent asked for {count} story.",
                                                 "Consent asked for {count} stories.", count).format(count=count))

    @admin.action(description=_("Unpublish"))
    def unpublish(self, request, queryset):
        run_domain_action(self, request, queryset,
                          lambda story: stories_api.unpublish_story(story=story, actor=request.user),
                          lambda count: ngettext("{count} story unpublished.", "{count} stories unpublished.",
                                                  count).format(count=count))
