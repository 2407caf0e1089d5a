"""
My mentoring (R17, KR 5.1): ask a member who offers mentoring to mentor you; as a mentor, accept or decline
requests and end a pair; as a validator, record a verdict and a note on a nomination's evidence, or decline.
Every move calls ``engagement.mentoring.api``; a refusal is shown with the domain's sentence.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.mentoring.models import ValidationState, Verdict
from openedx_dcp.exceptions import DcpError, NotFound
from openedx_dcp.pages.base import PageView
from openedx_dcp.pages.forms import PageForm


class AskMentorForm(PageForm):
    mentor_username = forms.CharField(
        label=gettext_lazy("The mentor's exact username"), max_length=150,
        help_text=gettext_lazy("A Distinguished Contributor who offers mentoring in this program."))
    message = forms.CharField(label=gettext_lazy("What you hope to learn (optional)"), required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ValidationForm(PageForm):
    verdict = forms.ChoiceField(label=gettext_lazy("Your verdict"), widget=forms.RadioSelect, choices=Verdict.choices)
    note = forms.CharField(label=gettext_lazy("Your note for the panel"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class MyMentoringView(PageView):
    """``/dcp/<program>/mentoring/``: my pairs as mentor and mentee, and the validations asked of me."""

    template_name = "openedx_dcp/pages/mentoring.html"
    nav = "mentoring"

    def get_context_data(self, **kwargs):
        user = self.request.user
        pairs = list(mentoring_api.pairs_of(user, self.program))
        rows = [{"pair": pair, "actions": mentoring_api.available_actions(pair, user),
                 "as_mentor": pair.mentor_id == user.pk} for pair in pairs]
        validations = list(mentoring_api.validations_of(user, self.program))
        return super().get_context_data(
            page_title=_("My mentoring"),
            mentoring=[row for row in rows if row["as_mentor"]],
            mentored=[row for row in rows if not row["as_mentor"]],
            validations=[{"request": request, "open": request.state == ValidationState.REQUESTED}
                         for request in validations],
            ask_form=kwargs.pop("ask_form", None) or AskMentorForm(),
            validation_form=kwargs.pop("validation_form", None) or ValidationForm(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = AskMentorForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(ask_form=form), status=400)
        try:
            mentoring_api.request_mentoring(program=self.program, actor=request.user, **form.cleaned_data)
        except DcpError as exc:
            return self.refuse(exc, form=form, context={"ask_form": form})
        messages.success(request, _("Your request is sent; the mentor answers on their mentoring page."))
        return self.redirect_to("my-mentoring", program=self.program.slug)


class PairActionView(MyMentoringView):
    """POST ``/dcp/<program>/mentoring/pairs/<pk>/<action>/``: accept, decline, withdraw or end."""

    http_method_names = ["post"]
    SUCCESS = {
        "accept": gettext_lazy("You accepted: the mentee is told."),
        "decline": gettext_lazy("You declined the request."),
        "withdraw": gettext_lazy("Your request is withdrawn."),
        "end": gettext_lazy("The mentoring has ended."),
    }

    def post(self, request, *args, **kwargs):
        action = kwargs["action"]
        if action not in mentoring_api.PAIR_ACTIONS:
            raise Http404("Unknown action.")
        try:
            pair = mentoring_api.pair_visible_to(request.user, self.program, kwargs["pk"])
            mentoring_api.perform(pair, action, request.user, request.POST.get("note", ""))
        except NotFound:
            raise Http404("No such pair.") from None
        except DcpError as exc:
            return self.refuse(exc)
        messages.success(request, self.SUCCESS[action])
        return self.redirect_to("my-mentoring", program=self.program.slug)


class ValidationActionView(MyMentoringView):
    """POST ``/dcp/<program>/mentoring/validations/<pk>/``: submit the verdict, or decline."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        validation = mentoring_api.validations_of(request.user, self.program).filter(pk=kwargs["pk"]).first()
        if validation is None:
            raise Http404("No such request.")
        try:
            if request.POST.get("decision") == "decline":
                mentoring_api.decline_validation(validation, request.user, request.POST.get("note", ""))
                messages.success(request, _("You declined to validate this nomination."))
            else:
                form = ValidationForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(validation_form=form), status=400)
                mentoring_api.submit_validation(validation, request.user, **form.cleaned_data)
                messages.success(request, _("Thank you: your validation is recorded for the panel."))
        except DcpError as exc:
            return self.refuse(exc)
        return self.redirect_to("my-mentoring", program=self.program.slug)
