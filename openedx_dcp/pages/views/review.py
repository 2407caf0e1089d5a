"""
The panelists' pages: the review queue, and one nomination's dossier with the rubric form, the panel's work
once one's own review is final, declaring a conflict, deliberation comments and votes.

Panelists are community members; they never need the platform's ``is_staff``. Every change calls
``openedx_dcp.review.api``; a refusal is shown with the domain's sentence and changes nothing. A nomination a
panelist is conflicted on, or may not see, answers 404 like one that does not exist (R10, R26).
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.exceptions import DcpError
from openedx_dcp.pages import labels
from openedx_dcp.pages.base import PageView
from openedx_dcp.review import api as review_api
from openedx_dcp.review.models import Vote


class RubricForm(forms.Form):
    """One whole-number field per criterion of the track's rubric (R12), with its weight and range, and a comment."""

    comment = forms.CharField(label=gettext_lazy("Comment for the panel"), required=False,
                              widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))

    def __init__(self, *args, rubric, **kwargs):
        super().__init__(*args, **kwargs)
        self.rubric = rubric
        for criterion in rubric:
            help_text = _("0 to %(max)s; weight %(weight)s.") % {"max": criterion["max_score"],
                                                                    "weight": f"{criterion['weight']:g}"}
            if criterion.get("description"):
                help_text = f"{criterion['description']} {help_text}"
            self.fields[f"score_{criterion['key']}"] = forms.IntegerField(
                label=criterion["label"], required=False, min_value=0, max_value=criterion["max_score"],
                help_text=help_text, widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
        # The comment comes after the scores.
        self.order_fields([f"score_{c['key']}" for c in rubric] + ["comment"])

    def scores(self):
        """The scores given, by rubric key (criteria left empty are omitted)."""
        return {key[len("score_"):]: value for key, value in self.cleaned_data.items()
                if key.startswith("score_") and value is not None}


class ConflictForm(forms.Form):
    """A panelist's recusal (R10)."""

    reason = forms.CharField(label=gettext_lazy("Why you have a conflict of interest"),
                             widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))


class CommentForm(forms.Form):
    """A deliberation comment (R11)."""

    body = forms.CharField(label=gettext_lazy("Your comment"),
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))


class VoteForm(forms.Form):
    """A panelist's vote while the cycle deliberates (R11)."""

    choice = forms.ChoiceField(label=gettext_lazy("Your vote"), widget=forms.RadioSelect, choices=[
        (Vote.SELECTED, gettext_lazy("Select")), (Vote.NOT_SELECTED, gettext_lazy("Do not select")),
        (Vote.ABSTAIN, gettext_lazy("Abstain")),
    ])


class ReviewQueueView(PageView):
    """My reviews: assigned, in progress, done, nominations in deliberation, and the conflicts I declared."""

    template_name = "openedx_dcp/pages/review/queue.html"
    nav = "review"

    def get_context_data(self, **kwargs):
        queue = review_api.review_queue(user=self.request.user, program=self.program)
        sections = [
            ("assigned", _("To review"), queue["assigned"]),
            ("in_progress", _("In progress"), queue["in_progress"]),
            ("done", _("Reviewed (final)"), queue["done"]),
            ("deliberating", _("In deliberation and after"), queue["deliberating"]),
        ]
        return super().get_context_data(
            page_title=_("My reviews"), sections=sections, declared=queue["declared"], seats=queue["seats"],
            stage_label=lambda cycle: labels.label(labels.CYCLE_STAGES, cycle.stage), **kwargs)


class ReviewNominationView(PageView):
    """One nomination as its panelist reviews it."""

    template_name = "openedx_dcp/pages/review/nomination.html"
    nav = "review"
    ACTIONS = ("save", "submit", "conflict", "comment", "vote")

    def nomination(self):
        if not hasattr(self, "_nomination"):
            nomination = (
                review_api.panel_nominations(user=self.request.user, program=self.program)
                .select_related("cycle__program", "cycle__rules", "track", "nominee_user", "nominee_organization",
                                "nominator")
                .filter(pk=self.kwargs["pk"]).first()
            )
            if nomination is None:
                raise Http404(_("No such nomination among your reviews."))
            self._nomination = nomination
        return self._nomination

    def get_context_data(self, **kwargs):
        nomination = self.nomination()
        view = review_api.panel_view_of(nomination=nomination, user=self.request.user)
        rubric = review_api.rubric_of(nomination=nomination)
        initial = {}
        if view["draft"] is not None:
            initial = {f"score_{key}": value for key, value in view["draft"].scores.items()}
            initial["comment"] = view["draft"].comment
        own = view["own_review"]
        context = {
            "page_title": str(nomination.nominee_display),
            "nomination": nomination,
            "state_label": labels.label(labels.NOMINATION_STATES, nomination.state),
            "stage_label": labels.label(labels.CYCLE_STAGES, nomination.cycle.stage),
            "dossier": review_api.dossier(nomination=nomination),
            # R17: validators' verdicts on the evidence, read beside the dossier.
            "validations": mentoring_api.validations_for_panel(nomination),
            "view": view,
            "rubric": rubric,
            "own_scores": [(c["label"], own.scores.get(c["key"])) for c in rubric] if own else [],
            "reviews": [{"review": r, "scores": [(c["label"], r.scores.get(c["key"])) for c in rubric]}
                        for r in view["reviews"]],
            "criteria_means": [(c["label"], view["aggregate"]["criteria"].get(c["key"])) for c in rubric]
            if view["aggregate"] else [],
            "form": kwargs.pop("form", None) or RubricForm(initial=initial, rubric=rubric),
            "conflict_form": kwargs.pop("conflict_form", None) or ConflictForm(),
            "comment_form": kwargs.pop("comment_form", None) or CommentForm(),
            "vote_form": kwargs.pop("vote_form", None) or VoteForm(
                initial={"choice": view["my_vote"].choice} if view["my_vote"] else None),
        }
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        nomination = self.nomination()
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            raise Http404(_("Unknown action."))
        return getattr(self, f"_{action}")(request, nomination)

    def _invalid(self, name, form):
        return self.render_to_response(self.get_context_data(**{name: form}), status=400)

    def _done(self, message, to_queue=False):
        messages.success(self.request, message)
        if to_queue:
            return self.redirect_to("review-queue", program=self.program.slug)
        return self.redirect_to("review-nomination", program=self.program.slug, pk=self.nomination().pk)

    def _rubric_form(self, request, nomination):
        return RubricForm(request.POST, rubric=review_api.rubric_of(nomination=nomination))

    def _save(self, request, nomination):
        form = self._rubric_form(request, nomination)
        if not form.is_valid():
            return self._invalid("form", form)
        try:
            review_api.save_review_draft(nomination=nomination, user=request.user, scores=form.scores(),
                                         comment=form.cleaned_data["comment"])
        except DcpError as exc:
            # Shown at the top of the page: once the review is final the form itself is no longer there.
            return self.refuse(exc, context={"form": form})
        return self._done(_("Your review is saved as in progress. Submit it when it is complete."))

    def _submit(self, request, nomination):
        form = self._rubric_form(request, nomination)
        if not form.is_valid():
            return self._invalid("form", form)
        try:
            review_api.submit_review(nomination=nomination, user=request.user, scores=form.scores(),
                                     comment=form.cleaned_data["comment"])
        except DcpError as exc:
            return self.refuse(exc, context={"form": form})
        return self._done(_("Your review is submitted and final."))

    def _conflict(self, request, nomination):
        form = ConflictForm(request.POST)
        if not form.is_valid():
            return self._invalid("conflict_form", form)
        try:
            review_api.declare_conflict(nomination=nomination, user=request.user, reason=form.cleaned_data["reason"])
        except DcpError as exc:
            return self.refuse(exc, context={"conflict_form": form})
        # The nomination is now hidden from this panelist (R10): back to the queue.
        return self._done(_("Your conflict of interest is recorded; the nomination is no longer shown to you."),
                          to_queue=True)

    def _comment(self, request, nomination):
        form = CommentForm(request.POST)
        if not form.is_valid():
            return self._invalid("comment_form", form)
        try:
            review_api.add_comment(nomination=nomination, user=request.user, body=form.cleaned_data["body"])
        except DcpError as exc:
            return self.refuse(exc, context={"comment_form": form})
        return self._done(_("Your comment is posted."))

    def _vote(self, request, nomination):
        form = VoteForm(request.POST)
        if not form.is_valid():
            return self._invalid("vote_form", form)
        try:
            review_api.cast_vote(nomination=nomination, user=request.user, choice=form.cleaned_data["choice"])
        except DcpError as exc:
            return self.refuse(exc, context={"vote_form": form})
        return self._done(_("Your vote is recorded."))
