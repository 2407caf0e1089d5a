"""
Feedback rounds on the people's pages (R20): the rounds that ask me, a round's questions as a form (works
without JavaScript; each refusal says what to do), and for program staff a round's results per question with
their charts and the CSV export. Everything goes through ``openedx_dcp.engagement.feedback.api``.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from openedx_dcp.engagement.feedback import api as feedback_api
from openedx_dcp.engagement.feedback.models import QuestionKind, RoundState
from openedx_dcp.exceptions import DcpError, NotFound
from openedx_dcp.pages.base import PageView
from openedx_dcp.pages.forms import PageForm

__all__ = ["FeedbackListView", "FeedbackAnswerView", "FeedbackResultsView", "FeedbackExportView",
           "FeedbackAnswerForm"]


class FeedbackAnswerForm(PageForm):
    """One field per question of the round (``q_<id>``): radio buttons for a scale or a choice, a text area."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            name = f"q_{question.pk}"
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
            else:
                values = (range(question.scale_min, question.scale_max + 1) if question.kind == QuestionKind.SCALE
                          else question.choices)
                field = forms.ChoiceField(widget=forms.RadioSelect,
                                          choices=[(str(value), str(value)) for value in values])
            field.label = question.prompt
            field.required = question.required
            field.error_messages["required"] = _("Answer this question: it is required.")
            field.error_messages["invalid_choice"] = _("Choose one of the answers offered.")
            field.help_text = question.help_text or (
                _("From {low} (lowest) to {high} (highest).").format(low=question.scale_min, high=question.scale_max)
                if question.kind == QuestionKind.SCALE else "")
            self.fields[name] = field
        # PageForm's classes and descriptions, now that the fields exist.
        self._style()

    def _style(self):
        for name, field in self._text_inputs():
            field.widget.attrs.setdefault("class", "form-control")
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % self.add_prefix(name)}_help"

    def answers(self):
        """The cleaned answers as the domain takes them: ``{question id: value}``."""
        return {question.pk: self.cleaned_data.get(f"q_{question.pk}") for question in self.questions}

    def add_domain_errors(self, exc: DcpError):
        """Put the domain's per-question messages (``answers.<id>``) on their fields, the rest on the form."""
        placed = False
        for path, messages_of in exc.errors.items():
            name = f"q_{path.split('.', 1)[1]}" if path.startswith("answers.") else None
            for message in messages_of:
                if name in self.fields:
                    self.add_error(name, message)
                    placed = True
        if not placed:
            self.add_error(None, exc.message)


class FeedbackListView(PageView):
    """``/dcp/<program>/feedback/``: the rounds that ask me (answered or not) and, for staff, every round."""

    template_name = "openedx_dcp/pages/feedback/list.html"
    nav = "feedback"

    def get_context_data(self, **kwargs):
        rounds = feedback_api.rounds_for(program=self.program, user=self.request.user)
        return super().get_context_data(page_title=_("Feedback rounds"), asked=rounds["asked"],
                                        staff_rounds=rounds["all"], **kwargs)


class _RoundView(PageView):
    nav = "feedback"

    def load(self):
        try:
            self.round = feedback_api.visible_round(program=self.program, slug=self.kwargs["round"],
                                                    user=self.request.user)
        except NotFound:
            raise Http404("No such feedback round.") from None


class FeedbackAnswerView(_RoundView):
    """
    ``/dcp/<program>/feedback/<round>/``: the round's questions as a form for a person in its audience; before
    it opens, after it closes, or once answered, the page says so instead. Others read "not found" (R26).
    """

    template_name = "openedx_dcp/pages/feedback/answer.html"

    def get_context_data(self, **kwargs):
        questions = list(self.round.questions.order_by("order", "id"))
        problem = feedback_api.answerable_problem(feedback_round=self.round, user=self.request.user)
        kwargs.setdefault("form", FeedbackAnswerForm(questions=questions) if problem is None else None)
        return super().get_context_data(
            page_title=self.round.title, feedback_round=self.round, problem=problem.message if problem else "",
            is_staff=feedback_api.may_see_results(feedback_round=self.round, user=self.request.user), **kwargs)

    def get(self, request, *args, **kwargs):
        self.load()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.load()
        form = FeedbackAnswerForm(request.POST, questions=list(self.round.questions.order_by("order", "id")))
        if not form.is_valid():
            problem = feedback_api.answerable_problem(feedback_round=self.round, user=request.user)
            if problem is not None:
                return self.refuse(problem)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            feedback_api.submit_response(feedback_round=self.round, user=request.user, answers=form.answers())
        except DcpError as exc:
            if exc.errors and any(path.startswith("answers.") for path in exc.errors):
                form.add_domain_errors(exc)
                return self.render_to_response(self.get_context_data(form=form), status=exc.status_code)
            return self.refuse(exc)
        messages.success(request, _("Thank you: your answers are recorded.") if not self.round.anonymous else
                         _("Thank you: your answers are recorded, anonymously."))
        return self.redirect_to("feedback-answer", program=self.program.slug, round=self.round.slug)

    def refuse(self, exc, context=None, form=None):
        context = dict(context or {})
        context.setdefault("form", None)
        return super().refuse(exc, context=context, form=form)


class FeedbackResultsView(_RoundView):
    """``/dcp/<program>/feedback/<round>/results/``: program staff read the results per question, with charts."""

    template_name = "openedx_dcp/pages/feedback/results.html"

    def get(self, request, *args, **kwargs):
        self.load()
        try:
            summary = feedback_api.results(feedback_round=self.round, user=request.user)
        except NotFound:
            raise Http404("No such feedback round.") from None
        return self.render_to_response(self.get_context_data(
            page_title=_("Results of %(round)s") % {"round": self.round.title}, feedback_round=self.round,
            summary=summary, state=self.round.get_state_display(), closed=self.round.state == RoundState.CLOSED))


class FeedbackExportView(_RoundView):
    """``/dcp/<program>/feedback/<round>/results.csv``: the answers as CSV, for program staff."""

    def get(self, request, *args, **kwargs):
        self.load()
        try:
            text = feedback_api.results_csv(feedback_round=self.round, user=request.user)
        except NotFound:
            raise Http404("No such feedback round.") from None
        except DcpError as exc:
            return HttpResponse(exc.message, status=exc.status_code, content_type="text/plain; charset=utf-8")
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.program.slug}-{self.round.slug}.csv"'
        return response
