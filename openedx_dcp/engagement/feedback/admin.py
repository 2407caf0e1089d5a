"""
Admin of feedback rounds for program staff, scoped to their programs (R1): write a round and its questions while
it is a draft, open and close it (actions), read its results with their charts on the round's page, and record
which rules change a round motivated (KR 3.3).

Every write goes through ``openedx_dcp.engagement.feedback.api``. Responses, answers and participations have no
admin at all: the results (aggregates, and in an anonymous round texts without any person) are the only view of
them, so admin cannot link an anonymous answer to anybody (ADR 0019).
"""

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from openedx_dcp.engagement.feedback import api
from openedx_dcp.engagement.feedback.models import (
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackRound,
    ProgramChangeFromFeedback,
    RoundState,
)
from openedx_dcp.exceptions import DcpError
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.admin_base import ProgramScopedAdmin, ProgramScopedInline, run_domain_action
from openedx_dcp.tenancy import current_site

_QUESTION_FIELDS = ["order", "kind", "prompt", "help_text", "required", "choices", "scale_min", "scale_max",
                    "measures_awareness", "not_aware_choice"]
_ROUND_FIELDS = ["title", "description", "audience", "anonymous", "opens_at", "closes_at"]


class QuestionInline(ProgramScopedInline, admin.StackedInline):
    """The round's questions; they change only while the round is a draft (people may have answered)."""

    model = FeedbackQuestion
    program_path = "round__program"
    fields = _QUESTION_FIELDS
    extra = 0

    def _draft(self, obj):
        return obj is None or obj.state == RoundState.DRAFT

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._draft(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._draft(obj)

    def has_delete_permission(self, request, obj=None):
        return self._is_program_staff(request) and self._draft(obj)


@admin.register(FeedbackRound)
class FeedbackRoundAdmin(ProgramScopedAdmin):
    list_display = ["title", "program", "audience", "anonymous", "state", "opens_at", "closes_at"]
    list_filter = ["program", "state", "audience", "anonymous"]
    search_fields = ["title", "slug"]
    readonly_fields = ["state", "results"]
    inlines = [QuestionInline]
    actions = ["open_rounds", "close_rounds"]

    def get_fields(self, request, obj=None):
        head = ["program", "slug"] if obj is None else []
        return [*head, *_ROUND_FIELDS, "state", *(["results"] if obj is not None else [])]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["anonymous", "audience"] if obj is not None and obj.state != RoundState.DRAFT else []
        return [*self.readonly_fields, *fixed]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._dcp_viewer = request.user  # for ``results``: the admin instance is shared between requests
        return obj

    @admin.display(description=_("Results"))
    def results(self, obj):
        viewer = getattr(obj, "_dcp_viewer", None)
        if obj is None or obj.pk is None or viewer is None:
            return "—"
        try:
            summary = api.results(feedback_round=obj, user=viewer)
        except DcpError as exc:
            return exc.message
        html = render_to_string("openedx_dcp/feedback/results.html", {"summary": summary})
        try:
            export = reverse("dcp:feedback-results-csv", kwargs={"program": obj.program.slug, "round": obj.slug})
        except NoReverseMatch:
            export = ""
        if export and not summary["hidden"]:
            return format_html('{}<p><a href="{}">{}</a></p>', html, export, _("Export the answers (CSV)"))
        return format_html("{}", html)

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in _ROUND_FIELDS if name in form.cleaned_data}
        try:
            if change:
                changed = {name: value for name, value in fields.items() if name in form.changed_data}
                api.update_round(feedback_round=FeedbackRound.objects.get(pk=obj.pk), actor=request.user, **changed)
            else:
                created = api.create_round(program=obj.program, actor=request.user, slug=obj.slug, **fields)
                obj.pk = created.pk
        except DcpError as exc:
            # Django admin validated the form already; a domain refusal is shown and the round is unchanged.
            messages.error(request, exc.message)

    def save_formset(self, request, form, formset, change):
        if formset.model is not FeedbackQuestion:
            return super().save_formset(request, form, formset, change)
        feedback_round = form.instance
        if feedback_round.pk is None:
            return None
        for inline_form in formset.forms:
            if not inline_form.has_changed() and inline_form.instance.pk is None:
                continue
            try:
                if inline_form in formset.deleted_forms:
                    if inline_form.instance.pk is not None:
                        api.delete_question(question=inline_form.instance, actor=request.user)
                    continue
                fields = {name: inline_form.cleaned_data[name] for name in _QUESTION_FIELDS
                          if name in inline_form.cleaned_data}
                existing = (FeedbackQuestion.objects.get(pk=inline_form.instance.pk)
                            if inline_form.instance.pk is not None else None)
                api.save_question(feedback_round=feedback_round, actor=request.user, question=existing, **fields)
            except DcpError as exc:
                messages.error(request, f"{fields.get('prompt', '')}: {exc.message}")
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None

    @admin.action(description=_("Open the selected rounds (invites their audience)"))
    def open_rounds(self, request, queryset):
        run_domain_action(self, request, queryset,
                          lambda r: api.open_round(feedback_round=r, actor=request.user),
                          lambda count: ngettext("{count} round opened.", "{count} rounds opened.",
                                                 count).format(count=count))

    @admin.action(description=_("Close the selected rounds"))
    def close_rounds(self, request, queryset):
        run_domain_action(self, request, queryset,
                          lambda r: api.close_round(feedback_round=r, actor=request.user),
                          lambda count: ngettext("{count} round closed.", "{count} rounds closed.",
                                                 count).format(count=count))


class ProgramChangeForm(forms.ModelForm):
    class Meta:
        model = ProgramChangeFromFeedback
        fields = ["rules_version", "round", "answers", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "answers" in self.fields:
            self.fields["answers"].required = False
            self.fields["answers"].label_from_instance = (
                lambda a: f"{a.response.respondent.username}: {a.question.prompt[:60]} → "
                          f"{(a.text or a.choice or a.number)!s:.80}")

    def clean(self):
        cleaned = super().clean()
        if all(cleaned.get(name) for name in ("rules_version", "round", "reason")):
            problems = api.citation_problems(rules_version=cleaned["rules_version"], feedback_round=cleaned["round"],
                                             reason=cleaned["reason"], answers=cleaned.get("answers") or [])
            for field, messages_of in problems.items():
                for message in messages_of:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(ProgramChangeFromFeedback)
class ProgramChangeFromFeedbackAdmin(ProgramScopedAdmin):
    """Which rules change (a version of the program's rules) a feedback round motivated, and why (KR 3.3)."""

    program_path = "round__program"
    form = ProgramChangeForm
    list_display = ["rules_version", "round", "recorded_at", "recorded_by"]
    list_filter = ["round__program"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def has_change_permission(self, request, obj=None):
        # Recorded once: a citation is added, never rewritten.
        return obj is None and super().has_change_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "answers":
            # Named answers only: an anonymous answer is never cited one by one (nor listed with anything).
            answers = FeedbackAnswer.objects.filter(response__anonymous=False).select_related(
                "question", "response__respondent")
            if not request.user.is_superuser:
                answers = answers.filter(response__round__program_id__in=programs_api.staff_program_ids(
                    user=request.user, site=current_site(request)))
            field.queryset = answers
        return field

    def save_model(self, request, obj, form, change):
        try:
            created = api.record_change_from_feedback(
                rules_version=form.cleaned_data["rules_version"], feedback_round=form.cleaned_data["round"],
                reason=form.cleaned_data["reason"], actor=request.user,
                answers=form.cleaned_data.get("answers") or [])
        except DcpError as exc:  # only a concurrent citation gets here; the form checked the rest
            messages.error(request, exc.message)
            return
        obj.pk = created.pk

    def save_related(self, request, form, formsets, change):
        """The answers were saved by the domain function."""
