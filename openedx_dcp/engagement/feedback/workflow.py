"""
The feedback round's workflow, as rows of the one engine (``openedx_dcp.engine``): ``draft`` → ``open`` →
``closed``. Opening needs at least one question and a closing date still ahead, and invites the audience by
email; closing is staff's, or the system's once ``closes_at`` has passed (``close_due_rounds``).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp import engine, notifications
from openedx_dcp.engagement.feedback.audience import audience_users
from openedx_dcp.engagement.feedback.models import FeedbackRound
from openedx_dcp.engagement.feedback.models import RoundState as S
from openedx_dcp.engine import Transition
from openedx_dcp.programs import api as programs_api

__all__ = ["ROUNDS", "INVITED"]


def _staff(actor, feedback_round):
    return actor is not None and programs_api.is_program_staff(user=actor, program=feedback_round.program)


def _staff_or_system(actor, feedback_round):
    return engine.is_system(actor) or _staff(actor, feedback_round)


def _has_questions(feedback_round, actor, context):
    if not feedback_round.questions.exists():
        return [_("Add at least one question before opening the round.")]
    return []


def _closes_ahead(feedback_round, actor, context):
    if feedback_round.closes_at <= (context.get("now") or timezone.now()):
        return [_("The round's closing date has passed; set a later one before opening it.")]
    return []


def _invitation_context(feedback_round, **params):
    return {"program": feedback_round.program,
            "answer_url": notifications.page_url(feedback_round.program, "feedback-answer",
                                                 round=feedback_round.slug)}


# The round's audience (members, panelists, nominators or endorsers of the program; nobody for "everyone
# signed in"), invited when the round opens.
INVITED = notifications.register_audience("feedback.round_audience", recipients=audience_users,
                                          context=_invitation_context)

ROUNDS = engine.Workflow(
    subject="feedbackround",
    name=gettext_lazy("feedback round"),
    model=FeedbackRound,
    program_of=lambda feedback_round: feedback_round.program,
    select_related=("program__site",),
    transitions=[
        Transition("open", gettext_lazy("open"), frozenset({S.DRAFT}), S.OPEN, _staff,
                   guards=(_has_questions, _closes_ahead), email="feedback_round_opened", recipients=INVITED),
        Transition("close", gettext_lazy("close"), frozenset({S.OPEN}), S.CLOSED, _staff_or_system),
    ],
)
