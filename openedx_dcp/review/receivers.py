"""
Receivers of the workflow's signals (sent inside the transaction of the move): the emails to nominees, nominators
and panelists and the plugin's outbound Open edX events are recorded in the outbox with the move, and delivered
after it commits (``openedx_dcp.outbox``). Importing this module also registers the review guards with the
workflow (``openedx_dcp.review.workflow``) and the email handlers with the outbox.
"""

from django.dispatch import receiver
from django.utils import timezone

from openedx_dcp.contributions.tracking import register_tracked_users_source
from openedx_dcp.events import signals as events
from openedx_dcp.events.data import CohortData, DecisionData, NominationData
from openedx_dcp.nominations.api import nomination_created
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.nominations.workflow import cycle_advanced, nomination_transitioned
from openedx_dcp.outbox import api as outbox
from openedx_dcp.review import notifications
from openedx_dcp.review import workflow as review_workflow  # noqa: F401  pylint: disable=unused-import
from openedx_dcp.review.models import Panelist

# Transition of a nomination -> the email its nominee and nominator receive.
NOMINATION_MESSAGES = {
    "submit": "nomination_submitted",
    "pass_screening": "screening_passed",
    "fail_screening": "screening_failed",
    "select": "decision_selected",
    "reject": "decision_not_selected",
    # The nominator acts next (gather endorsements, submit), the nominee learns it was recorded.
    "consent": "nomination_consented",
    "withdraw": "nomination_withdrawn",
}


def nomination_data(nomination):
    """The event payload describing ``nomination``."""
    program = nomination.cycle.program
    return NominationData(
        id=nomination.pk, site_domain=program.site.domain, program_slug=program.slug,
        cycle_slug=nomination.cycle.slug, track_slug=nomination.track.slug, kind=nomination.kind,
        nominee_key=(f"u{nomination.nominee_user_id}" if nomination.nominee_user_id
                     else f"o{nomination.nominee_organization_id}"),
        state=nomination.state,
    )


@receiver(nomination_transitioned, dispatch_uid="dcp_review_nomination_transitioned")
def on_nomination_transitioned(sender, nomination, transition, **kwargs):
    """Owe the email of the transition and the matching outbound event, in the transaction of the move."""
    message = NOMINATION_MESSAGES.get(transition)
    if message:
        outbox.enqueue(notifications.NOMINATION, nomination_id=nomination.pk, message=message)
    if transition == "submit":
        outbox.enqueue_event(events.NOMINATION_SUBMITTED, nomination=nomination_data(nomination))
    elif transition in ("select", "reject"):
        decision = getattr(nomination, "panel_decision", None)
        outbox.enqueue_event(events.DECISION_RELEASED, decision=DecisionData(
            nomination=nomination_data(nomination),
            outcome="selected" if nomination.state == NominationState.SELECTED else "not_selected",
            released_at=(decision.released_at if decision and decision.released_at else nomination.modified),
        ))


@receiver(nomination_created, dispatch_uid="dcp_review_nomination_created")
def on_nomination_created(sender, nomination, **kwargs):
    """A peer nominee is told and asked for consent (R5); a self-nomination needs none."""
    if nomination.kind == Nomination.PEER:
        outbox.enqueue(notifications.CONSENT_REQUESTED, nomination_id=nomination.pk)


@receiver(cycle_advanced, dispatch_uid="dcp_review_cycle_advanced")
def on_cycle_advanced(sender, cycle, transition, **kwargs):
    """
    Ask the steward representatives to approve when the final list awaits approval, and send
    ``org.openedx_dcp.cohort.announced.v1`` when a cycle's cohort is published.
    """
    if transition == "request_approval":
        outbox.enqueue(notifications.APPROVAL_REQUESTED, cycle_id=cycle.pk)
        return
    if transition != "announce":
        return
    program = cycle.program
    outbox.enqueue_event(events.COHORT_ANNOUNCED, cohort=CohortData(
        site_domain=program.site.domain, program_slug=program.slug, cycle_slug=cycle.slug,
        cycle_name=cycle.name, size=cycle.nominations.filter(state=NominationState.ANNOUNCED).count(),
        announced_at=timezone.now(),
    ))


def _panelist_ids():
    """Panelists are tracked people: their contribution signals are recorded (R21)."""
    return Panelist.objects.values_list("user_id", flat=True)


register_tracked_users_source(_panelist_ids, senders=[Panelist])
