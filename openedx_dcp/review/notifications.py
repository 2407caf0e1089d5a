"""
Who receives the emails of panel review, as audiences of the one email sender (``openedx_dcp.notifications``):
a member asked to endorse a nomination, and a panelist told of new assignments (with links to the panelists'
pages). The emails of the nomination's and cycle's moves are rows of their workflow
(``openedx_dcp.nominations.workflow``).

The outbox kinds below are how review owed its emails before the one sender; their handlers remain so that a
message recorded under one of them is still delivered, by the one sender.
"""

from django.contrib.auth import get_user_model

from openedx_dcp import notifications
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.nominations.workflow import NOMINATION_PEOPLE, NOMINEE, STEWARDS
from openedx_dcp.outbox import api as outbox

__all__ = [
    "ENDORSER", "PANELIST", "NOMINATION", "ENDORSEMENT_REQUESTED", "PANELIST_ASSIGNED", "CONSENT_REQUESTED",
    "APPROVAL_REQUESTED",
]


def _endorser(nomination, endorser_id):
    return list(get_user_model().objects.filter(pk=endorser_id))


def _nomination_context(nomination, **params):
    return {"program": nomination.cycle.program}


def _panelist(panelist, nomination_ids):
    return [panelist.user]


def _assignments(panelist, nomination_ids):
    program = panelist.cycle.program
    nominations = list(Nomination.objects.filter(pk__in=nomination_ids).select_related("track").order_by("pk"))
    for nomination in nominations:
        nomination.review_url = notifications.page_url(program, "review-nomination", pk=nomination.pk)
    return {"cycle": panelist.cycle, "nominations": nominations, "program": program,
            "queue_url": notifications.page_url(program, "review-queue")}


# A member the nominator asked to endorse a nomination (params: endorser_id).
ENDORSER = notifications.register_audience("nomination.endorser", recipients=_endorser,
                                           context=_nomination_context)
# A panelist, told of the nominations just assigned to them (params: nomination_ids).
PANELIST = notifications.register_audience("panelist.assignments", recipients=_panelist, context=_assignments)


# ---- outbox kinds recorded before the one sender --------------------------------------------------------------

NOMINATION = "review.email.nomination"
ENDORSEMENT_REQUESTED = "review.email.endorsement_requested"
PANELIST_ASSIGNED = "review.email.panelist_assigned"
CONSENT_REQUESTED = "review.email.consent_requested"
APPROVAL_REQUESTED = "review.email.approval_requested"


def _deliver(template, audience, model, pk, **params):
    return notifications.deliver(template=template, audience=audience.name, model=model, pk=pk, **params)


outbox.register_handler(kind=NOMINATION, handler=lambda nomination_id, message: _deliver(
    message, NOMINATION_PEOPLE, "openedx_dcp.nomination", nomination_id))
outbox.register_handler(kind=CONSENT_REQUESTED, handler=lambda nomination_id: _deliver(
    "consent_requested", NOMINEE, "openedx_dcp.nomination", nomination_id))
outbox.register_handler(kind=APPROVAL_REQUESTED, handler=lambda cycle_id: _deliver(
    "approval_requested", STEWARDS, "openedx_dcp.cycle", cycle_id))
outbox.register_handler(kind=ENDORSEMENT_REQUESTED, handler=lambda nomination_id, endorser_id: _deliver(
    "endorsement_requested", ENDORSER, "openedx_dcp.nomination", nomination_id, endorser_id=endorser_id))
outbox.register_handler(kind=PANELIST_ASSIGNED, handler=lambda panelist_id, nomination_ids: _deliver(
    "panelist_assigned", PANELIST, "openedx_dcp.panelist", panelist_id, nomination_ids=nomination_ids))
