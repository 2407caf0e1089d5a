"""
Admin of panel review: the panelist workspace ("My review assignments": the assigned nominations, the score
form on the track's rubric, and the aggregate and others' reviews once one's own review is in), and read-only
lists of panels, conflicts and decisions for program staff, scoped to their programs (R1).

Everything that changes state goes through ``openedx_dcp.review.api``. A conflicted panelist never sees the
nomination here (R10). Panelists reach Django admin with the platform's staff flag (``is_staff``); model
permissions are not needed, the workspace decides from the panel seat.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from openedx_dcp.exceptions import DcpError
from openedx_dcp.programs.admin_base import ProgramScopedAdmin
from openedx_dcp.review import api, conflicts, equity
from openedx_dcp.review.models import ConflictOfInterest, Decision, Panelist, ReviewWorkspaceItem


class StaffReadOnlyAdmin(ProgramScopedAdmin):
    """Program staff read their programs' rows; changes happen through the API and the workflow."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Panelist)
class PanelistAdmin(StaffReadOnlyAdmin):
    program_path = "cycle__program"
    list_display = ["user", "seat", "cycle", "created", "added_by"]
    list_filter = ["cycle__program", "cycle", "seat"]
    list_select_related = ["user", "cycle", "added_by"]
    search_fields = ["user__username"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(StaffReadOnlyAdmin):
    program_path = "nomination__cycle__program"
    list_display = ["panelist", "nomination", "kind", "reason", "recorded_by", "created"]
    list_filter = ["kind", "panelist__cycle"]
    list_select_related = ["panelist__user", "panelist__cycle", "nomination__track", "recorded_by"]

    def get_queryset(self, request):
        # A staff member who sits on a panel does not read about nominations they are conflicted on (R10).
        return super().get_queryset(request).exclude(nomination_id__in=conflicts.hidden_from(request.user))


@admin.register(Decision)
class DecisionAdmin(StaffReadOnlyAdmin):
    program_path = "nomination__cycle__program"
    list_display = ["nomination", "outcome", "votes_selected", "votes_not_selected", "votes_abstained",
                    "recorded_by", "recorded_at", "released_at"]
    list_filter = ["outcome", "nomination__cycle"]
    list_select_related = ["nomination__track", "recorded_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(nomination_id__in=conflicts.hidden_from(request.user))


class ScoreForm(forms.ModelForm):
    """The score form: one field per criterion of the nomination's rubric (R12), and a comment."""

    comment = forms.CharField(widget=forms.Textarea, required=False)

    class Meta:
        model = ReviewWorkspaceItem
        fields = []


def _score_form(rubric):
    fields = {
        f"score_{criterion['key']}": forms.IntegerField(
            label=_("{criterion} (0–{max}, weight {weight})").format(
                criterion=criterion["label"], max=criterion["max_score"], weight=f"{criterion['weight']:g}"),
            min_value=0, max_value=criterion["max_score"],
        )
        for criterion in rubric
    }
    return type("RubricScoreForm", (ScoreForm,), fields)


@admin.register(ReviewWorkspaceItem)
class ReviewWorkspaceAdmin(admin.ModelAdmin):
    """My review assignments: what a panelist scores, on their own panel seats only."""

    list_display = ["nomination_label", "track", "cycle", "state", "my_review", "aggregate"]
    list_select_related = ["nomination__track", "nomination__cycle", "nomination__nominee_user",
                           "nomination__nominee_organization", "panelist__cycle"]
    readonly_fields = ["nomination_label", "track", "summary", "impact_statement", "evidence", "partner",
                       "my_review", "aggregate", "other_reviews"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request)
            .filter(panelist__user_id=request.user.pk)
            .exclude(nomination_id__in=conflicts.hidden_from(request.user))
        )

    def has_module_permission(self, request):
        return Panelist.objects.filter(user_id=request.user.pk).exists()

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or obj.panelist.user_id == request.user.pk)

    def has_change_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_fields(self, request, obj=None):
        scores = [] if obj is None or self._own_review(obj) else [
            f"score_{criterion['key']}" for criterion in api.rubric_of(nomination=obj.nomination)
        ] + ["comment"]
        return self.readonly_fields + scores

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or self._own_review(obj):
            kwargs["form"] = ScoreForm
        else:
            kwargs["form"] = _score_form(api.rubric_of(nomination=obj.nomination))
        kwargs["fields"] = None
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        if self._own_review(obj):
            return
        scores = {key[len("score_"):]: value for key, value in form.cleaned_data.items() if key.startswith("score_")}
        try:
            api.submit_review(nomination=obj.nomination, user=request.user, scores=scores,
                              comment=form.cleaned_data.get("comment", ""))
        except DcpError as exc:
            messages.error(request, exc.message)

    @staticmethod
    def _own_review(obj):
        return getattr(obj, "review", None) if obj.pk else None

    def _may_see_aggregate(self, obj):
        return api.may_see_panel_scores(stage=obj.panelist.cycle.stage, reviewed_it=self._own_review(obj) is not None)

    @admin.display(description=_("Nomination"))
    def nomination_label(self, obj):
        return str(obj.nomination)

    @admin.display(description=_("Track"))
    def track(self, obj):
        return obj.nomination.track.name

    @admin.display(description=_("Cycle"))
    def cycle(self, obj):
        return obj.nomination.cycle.name

    @admin.display(description=_("State"))
    def state(self, obj):
        return obj.nomination.get_state_display()

    @admin.display(description=_("Summary"))
    def summary(self, obj):
        return obj.nomination.summary

    @admin.display(description=_("Impact"))
    def impact_statement(self, obj):
        return obj.nomination.impact_statement

    @admin.display(description=_("Evidence"))
    def evidence(self, obj):
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a>',
                                ((url, url) for url in obj.nomination.evidence_links or []))

    @admin.display(description=_("Partner metrics"))
    def partner(self, obj):
        seen = equity.for_reviewer(equity.partner_metrics(obj.nomination))
        if seen is None:
            return "—"
        values = ", ".join(f"{metric}: {data['count']:g} ({data['weight']:g} weighted)"
                           for metric, data in (seen["metrics"] or {}).items())
        return f"{seen['assessed_on'].replace('_', ' ')} (size {seen['organization_size']}): {values}"

    @admin.display(description=_("My review"))
    def my_review(self, obj):
        review = self._own_review(obj)
        return f"{review.weighted_score:g}% on {review.submitted_at:%Y-%m-%d}" if review else "Not submitted"

    @admin.display(description=_("Panel aggregate"))
    def aggregate(self, obj):
        if not self._may_see_aggregate(obj):
            return "After your own review"
        score = api.aggregate_scores(nominations=[obj.nomination])[obj.nomination_id]
        if not score["reviews"]:
            return "No reviews yet"
        return f"{score['mean']:g}% over {score['reviews']} review(s)"

    @admin.display(description=_("Reviews of the panel"))
    def other_reviews(self, obj):
        if not self._may_see_aggregate(obj):
            return "After your own review"
        return format_html_join(
            mark_safe("<br>"), "{}: {}% — {}",
            ((r.panelist.user.get_username(), f"{r.weighted_score:g}", r.comment)
             for r in api.reviews_visible_to(user=obj.panelist.user, nomination=obj.nomination)),
        )
