"""
The steward representative's approval of a cycle's final list (R11): the selected nominations with their
tracks and the panel's rationale, then approve, or send the list back to the panel with a note.
"""

from django.contrib import messages
from django.http import Http404
from django.utils.translation import gettext as _

from openedx_dcp.exceptions import DcpError
from openedx_dcp.pages import labels
from openedx_dcp.pages.base import PageView
from openedx_dcp.pages.forms import NoteForm, RequiredNoteForm
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import api as review_api
from openedx_dcp.review.models import Decision


class CohortApprovalView(PageView):
    """
    ``/dcp/<program>/cycles/<cycle>/approval/``: for steward representatives (and program staff, who read it);
    anyone else reads "not found" (R26).
    """

    template_name = "openedx_dcp/pages/cohort_approval.html"
    nav = "approval"

    def load(self, slug):
        user = self.request.user
        if not review_api.may_read_final_list(user=user, program=self.program):
            raise Http404("No such cycle.")
        self.cycle = Cycle.objects.select_related("program__site", "rules").filter(
            program=self.program, slug=slug).first()
        if self.cycle is None:
            raise Http404("No such cycle.")
        # Who may approve is the domain's to say (the workflow's guard asks the same predicate).
        self.is_steward = review_api.is_steward(actor=user, cycle=self.cycle)

    def get_context_data(self, **kwargs):
        awaiting = self.cycle.stage == Cycle.APPROVAL
        decisions = review_api.cohort_for_approval(cycle=self.cycle) if awaiting else []
        kwargs.setdefault("approve_form", NoteForm(prefix="approve"))
        kwargs.setdefault("send_back_form", RequiredNoteForm(prefix="send_back"))
        return super().get_context_data(
            page_title=_("Final list of %(cycle)s") % {"cycle": self.cycle.name},
            cycle=self.cycle, awaiting=awaiting, is_steward=self.is_steward,
            stage=labels.label(labels.CYCLE_STAGES, self.cycle.stage),
            selected=[d for d in decisions if d.outcome == Decision.SELECTED],
            not_selected=[d for d in decisions if d.outcome != Decision.SELECTED],
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.load(kwargs["cycle"])
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.load(kwargs["cycle"])
        if "send_back" in request.POST:
            form = RequiredNoteForm(request.POST, prefix="send_back")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(send_back_form=form), status=400)
            call, done = review_api.send_back, _("The final list is sent back to the panel with your note.")
            context = {"send_back_form": form}
        else:
            form = NoteForm(request.POST, prefix="approve")
            form.is_valid()
            call, done = review_api.approve, _("You approved the final list. Decisions are released next.")
            context = {"approve_form": form}
        try:
            call(cycle=self.cycle, actor=request.user, note=form.cleaned_data.get("note", ""))
        except DcpError as exc:
            return self.refuse(exc, context=context, form=form)
        messages.success(request, done)
        return self.redirect_to("cohort-approval", program=self.program.slug, cycle=self.cycle.slug)
