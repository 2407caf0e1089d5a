"""
Endorsing (R6): the inbox of nominations one was asked to endorse, the endorse page with the nomination and a
statement field, withdrawing one's endorsement while screening has not started, and giving or withdrawing one's
consent to publishing it as a credential (R6) at any time.
"""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.exceptions import DcpError, ValidationFailed
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Endorsement
from openedx_dcp.pages import labels
from openedx_dcp.pages.base import PageView
from openedx_dcp.pages.forms import EndorseForm
from openedx_dcp.pages.views.nominations import nomination_by_id, nominations_of_program, summary_row
from openedx_dcp.review import api as review_api


def endorsable_nomination(view, pk):
    """
    The nomination ``pk`` if the user may read it to endorse it: one they may see anyway, or one whose
    nominator asked them by name (the domain's ``endorsement_requests_for``). Otherwise 404 (R26).
    """
    user = view.request.user
    if nominations_of_program(user, view).filter(pk=pk).exists():
        return nomination_by_id(pk)
    asked = {
        n.pk: n for n in review_api.endorsement_requests_for(user=user,
                                                             site=view.site) if n.cycle.program_id == view.program.pk
    }
    if pk in asked:
        return asked[pk]
    raise Http404("No such nomination.")


class EndorseView(PageView):
    """``/dcp/<program>/nominations/<pk>/endorse/``: read the nomination, write a statement, endorse."""

    template_name = "openedx_dcp/pages/endorse.html"
    nav = "endorse"

    def get_context_data(self, **kwargs):
        nomination, user = self.nomination, self.request.user
        problem = nominations_api.endorsement_problem(nomination=nomination, endorser=user)
        mine = Endorsement.objects.filter(nomination=nomination, endorser=user, withdrawn_at__isnull=True).first()
        progress = nominations_api.endorsement_progress(nominations=[nomination])[nomination.pk]
        kwargs.setdefault("form", EndorseForm())
        return super().get_context_data(
            page_title=_("Endorse the nomination of %(nominee)s") % {"nominee": nomination.nominee_display},
            nomination=nomination, row=summary_row(nomination, progress),
            problem=problem.message if problem is not None and mine is None else None,
            my_endorsement=mine, **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.nomination = endorsable_nomination(self, kwargs["pk"])
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.nomination = endorsable_nomination(self, kwargs["pk"])
        form = EndorseForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            with transaction.atomic():
                endorsement = nominations_api.endorse(nomination=self.nomination, endorser=request.user,
                                                      statement=form.cleaned_data["statement"])
                if form.cleaned_data["publish_as_credential"]:
                    credentials_api.set_endorsement_consent(endorsement=endorsement, actor=request.user, consent=True)
        except DcpError as exc:
            return self.refuse(exc, form=form, context={"form": form})
        messages.success(request, _("Thank you: your endorsement is recorded."))
        return self.redirect_to("endorse-inbox", program=self.program.slug)


class EndorsementWithdrawView(PageView):
    """POST ``/dcp/<program>/endorsements/<pk>/withdraw/``: the endorser withdraws their endorsement."""

    http_method_names = ["post"]
    template_name = "openedx_dcp/pages/endorse_inbox.html"
    nav = "endorse"

    def post(self, request, *args, **kwargs):
        endorsement = Endorsement.objects.filter(
            pk=kwargs["pk"], endorser=request.user, nomination__cycle__program=self.program
        ).first()
        if endorsement is None:
            raise Http404("No such endorsement.")
        try:
            nominations_api.withdraw_endorsement(endorsement=endorsement, actor=request.user)
        except DcpError as exc:
            return self.refuse(exc, context=EndorseInboxView.inbox(self))
        messages.success(request, _("Your endorsement is withdrawn."))
        return self.redirect_to("endorse-inbox", program=self.program.slug)


class EndorsementConsentView(PageView):
    """
    POST ``/dcp/<program>/endorsements/<pk>/credential-consent/`` with ``consent`` 1 or 0: the endorser gives or
    withdraws their consent to publishing the endorsement as a credential on the badge (withdrawing revokes what
    was issued). Anyone else's endorsement is not found.
    """

    http_method_names = ["post"]
    template_name = "openedx_dcp/pages/endorse_inbox.html"
    nav = "endorse"

    def post(self, request, *args, **kwargs):
        endorsement = Endorsement.objects.filter(
            pk=kwargs["pk"], endorser=request.user, nomination__cycle__program=self.program
        ).first()
        if endorsement is None:
            raise Http404("No such endorsement.")
        consent = request.POST.get("consent")
        if consent not in ("0", "1"):
            return self.refuse(ValidationFailed(_("Say whether your endorsement may be published.")),
                               context=EndorseInboxView.inbox(self))
        credentials_api.set_endorsement_consent(endorsement=endorsement, actor=request.user, consent=consent == "1")
        if consent == "1":
            messages.success(request, _("Your endorsement will be published as a credential on the badge."))
        else:
            messages.success(request, _("Your endorsement is no longer published; what was issued is revoked."))
        return self.redirect_to("endorse-inbox", program=self.program.slug)


class EndorseInboxView(PageView):
    """
    ``/dcp/<program>/endorse/``: "asked to endorse" (requests by name not yet answered) and the person's own
    endorsements, with a withdraw button while withdrawing is allowed.
    """

    template_name = "openedx_dcp/pages/endorse_inbox.html"
    nav = "endorse"

    def inbox(self):
        user = self.request.user
        asked = [
            n for n in review_api.endorsement_requests_for(user=user,
                                                           site=self.site) if n.cycle.program_id == self.program.pk
        ]
        given = list(
            Endorsement.objects.filter(endorser=user, nomination__cycle__program=self.program)
            .select_related("nomination__cycle__rules", "nomination__cycle__program", "nomination__track",
                            "nomination__nominee_user", "nomination__nominee_organization")
            .order_by("-created", "-id")
        )
        progress = nominations_api.endorsement_progress(nominations=asked + [e.nomination for e in given])
        published = credentials_api.endorsements_with_consent(endorsements=given)
        return {
            "page_title": _("Asked to endorse"),
            "asked": [summary_row(n, progress[n.pk]) for n in asked],
            "given": [
                {"endorsement": e, "row": summary_row(e.nomination, progress[e.nomination_id]),
                 "role": labels.label(labels.ROLES, e.role),
                 "may_withdraw": e.is_active and e.nomination.state in nominations_api.ENDORSABLE_STATES,
                 "published": e.pk in published}
                for e in given
            ],
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{**self.inbox(), **kwargs})
