"""
Accomplishment-first intake (R25) on the people's pages: the public list of what the program chose to show,
the survey's form (links added one by one without JavaScript), one's own submissions, and the curators'
workspace (program staff and the cycle's panelists, never on what they are conflicted on) where duplicates are
merged, people or organizations linked, links turned into peer nomination drafts, and accomplishments shown.

Views read input with forms, call ``engagement.intake.api`` and render; a domain refusal is shown as its
sentence. What a person may not curate reads as not found (R26).
"""

import json

from django import forms
from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.exceptions import DcpError, NotFound, ValidationFailed
from openedx_dcp.pages.base import PageView
from openedx_dcp.pages.forms import PageForm
from openedx_dcp.programs.models import Track


class AccomplishmentForm(PageForm):
    """What a community member reports: the track, what was accomplished, why it mattered, and links."""

    track = forms.ModelChoiceField(queryset=Track.objects.none(), label=gettext_lazy("Track"),
                                   widget=forms.RadioSelect, to_field_name="slug", empty_label=None)
    title = forms.CharField(label=gettext_lazy("What was accomplished"), max_length=200,
                            help_text=gettext_lazy("One line: the feature, the talk, the initiative, the release."))
    why = forms.CharField(label=gettext_lazy("Why it mattered"), max_length=5000,
                          widget=forms.Textarea(attrs={"rows": 5}),
                          help_text=gettext_lazy("Who it helped and how: adoption, community, ecosystem."))

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = program.tracks.filter(is_active=True).order_by("order", "slug")


class LinkPartyForm(PageForm):
    username = forms.CharField(label=gettext_lazy("Person's exact username"), required=False, max_length=150)
    organization = forms.SlugField(label=gettext_lazy("Or the organization's slug"), required=False, max_length=64)


def links_from(data):
    """The links carried in the form's hidden field."""
    try:
        links = json.loads(data.get("links") or "[]")
    except ValueError:
        links = []
    return [link for link in links if isinstance(link, str)]


class AccomplishmentsView(PageView):
    """``/dcp/<program>/accomplishments/``: the accomplishments the program chose to show (anonymous)."""

    template_name = "openedx_dcp/pages/accomplishments/public.html"
    login_required = False
    nav = "accomplishments"

    def get_context_data(self, **kwargs):
        survey = intake_api.current_survey(self.program)
        return super().get_context_data(
            page_title=_("Accomplishments of the community"), survey=survey,
            survey_open=bool(survey and survey.is_open()),
            accomplishments=list(intake_api.public_accomplishments(self.program)),
            may_curate=bool(survey and intake_api.may_curate(self.request.user, survey)), **kwargs)


class SubmitAccomplishmentView(PageView):
    """``/dcp/<program>/accomplishments/submit/``: the survey's form."""

    template_name = "openedx_dcp/pages/accomplishments/submit.html"
    nav = "accomplishments"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("links", [])
        return super().get_context_data(
            page_title=_("Submit an accomplishment"), survey=self.survey,
            survey_open=bool(self.survey and self.survey.is_open()), links_json=json.dumps(kwargs["links"]),
            **kwargs)

    def get(self, request, *args, **kwargs):
        self.survey = intake_api.current_survey(self.program)
        return self.render_to_response(self.get_context_data(form=AccomplishmentForm(program=self.program)))

    def post(self, request, *args, **kwargs):
        self.survey = intake_api.current_survey(self.program)
        if self.survey is None:
            raise Http404("No survey.")
        data = request.POST.copy()
        links = links_from(data)
        link_error = None
        if "add_link" in data or "remove_link" in data:
            if "add_link" in data:
                new = forms.URLField(required=False)
                try:
                    url = new.clean(data.get("new_link", ""))
                except forms.ValidationError:
                    url = ""
                if url:
                    links.append(url)
                    data["new_link"] = ""
                else:
                    link_error = _("Enter a valid URL to add it, such as https://github.com/openedx/…")
            else:
                try:
                    del links[int(data["remove_link"])]
                except (ValueError, IndexError):
                    pass
            form = AccomplishmentForm(initial=data.dict(), program=self.program)
            return self.render_to_response(self.get_context_data(
                form=form, links=links, link_error=link_error, new_link=data.get("new_link", "")),
                status=400 if link_error else 200)
        form = AccomplishmentForm(data, program=self.program)
        context = {"form": form, "links": links}
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**context), status=400)
        try:
            intake_api.submit_accomplishment(survey=self.survey, actor=request.user, links=links,
                                             **form.cleaned_data)
        except DcpError as exc:
            # A refusal about a field is shown on it; one about the survey (its window) above the page.
            return self.refuse(exc, context=context, form=form if exc.field in form.fields else None)
        messages.success(request, _("Thank you: your accomplishment is submitted. The program reads every one."))
        return self.redirect_to("accomplishments-mine", program=self.program.slug)


class MyAccomplishmentsView(PageView):
    """``/dcp/<program>/accomplishments/mine/``: what I submitted, and what became of it."""

    template_name = "openedx_dcp/pages/accomplishments/mine.html"
    nav = "accomplishments"

    def get_context_data(self, **kwargs):
        survey = intake_api.current_survey(self.program)
        return super().get_context_data(
            page_title=_("My accomplishments"), survey=survey, survey_open=bool(survey and survey.is_open()),
            accomplishments=list(intake_api.submitted_by(self.request.user, self.program)), **kwargs)


class _CuratorMixin:
    def setup_survey(self):
        pk = self.request.GET.get("survey") or self.request.POST.get("survey")
        survey = (intake_api.survey_of(self.program, int(pk)) if pk and str(pk).isdigit()
                  else intake_api.current_survey(self.program))
        # R26: who may not curate sees no workspace at all.
        if survey is None or not intake_api.may_curate(self.request.user, survey):
            raise Http404("No such page.")
        self.survey = survey


class CurateListView(_CuratorMixin, PageView):
    """``/dcp/<program>/accomplishments/manage/``: the survey's accomplishments for staff and the panel."""

    template_name = "openedx_dcp/pages/accomplishments/manage_list.html"
    nav = "accomplishments"

    def get(self, request, *args, **kwargs):
        self.setup_survey()
        rows = list(intake_api.curated_by(request.user, self.survey)
                    .select_related("track", "submitted_by", "merged_into")
                    .prefetch_related("people__user", "people__organization", "people__nomination")
                    .order_by("track__order", "-created", "-id"))
        return self.render_to_response(self.get_context_data(
            page_title=_("Curate accomplishments"), survey=self.survey, accomplishments=rows))


class CurateView(_CuratorMixin, PageView):
    """``/dcp/<program>/accomplishments/<pk>/manage/``: merge, link, nominate, show."""

    template_name = "openedx_dcp/pages/accomplishments/manage.html"
    nav = "accomplishments"
    ACTIONS = ("link", "unlink", "merge", "nominate", "show", "hide")

    def accomplishment(self):
        try:
            return intake_api.curated_accomplishment(self.request.user, self.survey, self.kwargs["pk"])
        except NotFound:
            raise Http404("No such accomplishment.") from None

    def get_context_data(self, **kwargs):
        accomplishment = self.current
        others = (intake_api.curated_by(self.request.user, self.survey)
                  .filter(merged_into__isnull=True).exclude(pk=accomplishment.pk).order_by("title", "id"))
        return super().get_context_data(
            page_title=accomplishment.title, survey=self.survey, accomplishment=accomplishment,
            people=list(accomplishment.people.select_related("user", "organization", "nomination")),
            duplicates=list(accomplishment.duplicates.order_by("created", "id")),
            merge_choices=list(others.values_list("pk", "title")[:200]),
            may_show=intake_api.may_show(self.request.user, self.survey),
            link_form=kwargs.pop("link_form", None) or LinkPartyForm(), **kwargs)

    def get(self, request, *args, **kwargs):
        self.setup_survey()
        self.current = self.accomplishment()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.setup_survey()
        self.current = self.accomplishment()
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            raise Http404("Unknown action.")
        try:
            return getattr(self, f"_{action}")(request)
        except DcpError as exc:
            if isinstance(exc, NotFound):
                raise Http404("Not found.") from None
            return self.refuse(exc)

    def _back(self, message, pk=None):
        messages.success(self.request, message)
        response = self.redirect_to("accomplishment-manage", program=self.program.slug, pk=pk or self.current.pk)
        response["Location"] += f"?survey={self.survey.pk}"
        return response

    def _link(self, request):
        form = LinkPartyForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(link_form=form), status=400)
        try:
            intake_api.link_party(accomplishment=self.current, actor=request.user,
                                  username=form.cleaned_data["username"],
                                  organization_slug=form.cleaned_data["organization"])
        except DcpError as exc:
            if isinstance(exc, NotFound):
                raise
            exc.field = exc.field if exc.field in form.fields else None
            return self.refuse(exc, form=form, context={"link_form": form})
        return self._back(_("Linked."))

    def _link_row(self, request):
        link = self.current.people.filter(pk=request.POST.get("link") or 0).first() if str(
            request.POST.get("link", "")).isdigit() else None
        if link is None:
            raise Http404("No such link.")
        return link

    def _unlink(self, request):
        intake_api.unlink(link=self._link_row(request), actor=request.user)
        return self._back(_("The link is removed."))

    def _nominate(self, request):
        nomination = intake_api.nominate_from_link(link=self._link_row(request), actor=request.user)
        messages.success(request, _("A peer nomination draft is created; the nominee is asked for consent."))
        return self.redirect_to("nomination", program=self.program.slug, pk=nomination.pk)

    def _merge(self, request):
        kept_pk = request.POST.get("kept", "")
        if not kept_pk.isdigit():
            return self.refuse(ValidationFailed(_("Choose the accomplishment to keep."), field="kept"))
        kept = intake_api.curated_accomplishment(request.user, self.survey, int(kept_pk))
        intake_api.merge(duplicate=self.current, kept=kept, actor=request.user)
        return self._back(_("Merged: this duplicate now points to the accomplishment kept."), pk=kept.pk)

    def _show(self, request):
        intake_api.set_shown(accomplishment=self.current, actor=request.user, shown=True)
        return self._back(_("Shown on the public page."))

    def _hide(self, request):
        intake_api.set_shown(accomplishment=self.current, actor=request.user, shown=False)
        return self._back(_("Hidden from the public page."))
