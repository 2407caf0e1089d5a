"""
What the review panel adds to the one workflow module (``openedx_dcp.nominations.workflow``), registered at
app ready (imported by ``openedx_dcp.review.receivers``) without editing its tables:

- cycle ``start_evaluation``: the panel meets its quotas (R9) and no nomination is still waiting for screening;
- cycle ``start_deliberation``: every nomination in evaluation has its minimum number of reviews (R11);
- cycle ``request_approval``: every nomination in deliberation has a staged decision (R11);
- cycle ``approve``: only a steward representative approves the final list (R11), and any may;
- cycle ``send_back``: only a steward representative sends the final list back to deliberation, with a note;
- cycle and nomination ``announce``: not before the cycle's announcement date (R4);
- nomination ``select`` / ``reject``: only once the list is approved, and as the staged decision says (R11);
- nomination ``pass_screening``: the partner qualifies (R13) and other plugins' eligibility rules pass.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp.nominations import workflow
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import api, permissions, screening
from openedx_dcp.review.models import Decision
from openedx_dcp.review.permissions import is_steward


def _panel_meets_quotas(cycle, actor, context):
    return api.quota_problems(cycle=cycle)


def _screening_done(cycle, actor, context):
    pending = Nomination.objects.filter(cycle=cycle, state__in=NominationState.AWAITING_SCREENING).count()
    return [_("{pending} nomination(s) still wait for screening.").format(pending=pending)] if pending else []


def _minimum_reviews(cycle, actor, context):
    return api.review_shortfall(cycle=cycle)


def _decisions_staged(cycle, actor, context):
    undecided = Nomination.objects.filter(
        cycle=cycle, state=NominationState.DELIBERATION, panel_decision__isnull=True
    ).order_by("pk").values_list("pk", flat=True)
    return [_("Nomination #{pk} has no staged decision.").format(pk=pk) for pk in undecided]


def _approver_is_steward(cycle, actor, context):
    # The workflow lets staff and the system through its own check; approval is the steward's alone.
    permissions.require_steward(actor, cycle, permissions.APPROVE_REFUSAL)
    return []


def _sender_is_steward(cycle, actor, context):
    permissions.require_steward(actor, cycle, permissions.SEND_BACK_REFUSAL)
    return []


def _steward(actor, cycle):
    # The engine asks its actor checks (actor, subject); the predicate is the permissions module's.
    return is_steward(actor=actor, cycle=cycle)


def _announcement_date_reached(subject, actor, context):
    cycle = subject if isinstance(subject, Cycle) else subject.cycle
    if timezone.now() < cycle.announcement_at:
        return [_("The cohort of {cycle} is announced on {announcement_at:%Y-%m-%d %H:%M} UTC, not before.").format(
            cycle=cycle.name, announcement_at=cycle.announcement_at)]
    return []


def _decision_matches(outcome):
    def guard(nomination, actor, context):
        if nomination.cycle.stage != Cycle.APPROVED:
            return [_("Decisions are released only after the steward's approval of the final list.")]
        decision = Decision.objects.filter(nomination=nomination).first()
        if decision is None or decision.outcome != outcome:
            return [_("The staged decision on this nomination is not '{outcome}'.").format(outcome=outcome)]
        return []
    return guard


def _review_screening(nomination, actor, context):
    # The review's part of screening (review.screening): ``screen`` hands over the base problems it just found.
    base = context.get("screening_base")
    if base is None:
        base = screening.nomination_problems(nomination)
    return screening.review_screening_problems(nomination, base=base)


def register():
    """Register the review guards and actor checks with the workflow (idempotent)."""
    workflow.register_guard("start_evaluation", _panel_meets_quotas, cycle=True)
    workflow.register_guard("start_evaluation", _screening_done, cycle=True)
    workflow.register_guard("start_deliberation", _minimum_reviews, cycle=True)
    workflow.register_guard("request_approval", _decisions_staged, cycle=True)
    workflow.register_actor_check("approve", _steward, cycle=True)
    workflow.register_guard("approve", _approver_is_steward, cycle=True)
    workflow.register_actor_check("send_back", _steward, cycle=True)
    workflow.register_guard("send_back", _sender_is_steward, cycle=True)
    workflow.register_guard("announce", _announcement_date_reached, cycle=True)
    workflow.register_guard("announce", _announcement_date_reached)
    workflow.register_guard("select", _decision_matches(Decision.SELECTED))
    workflow.register_guard("reject", _decision_matches(Decision.NOT_SELECTED))
    workflow.register_guard("pass_screening", _review_screening)


register()
