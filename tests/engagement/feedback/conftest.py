"""
The feedback world: the two tenants of ``tests.world.World`` plus a live member, a panelist and rounds of
tenant A's program (an open anonymous one for members, an open named one for the panel, a draft, a closed one).
"""

import datetime

import pytest
from django.utils import timezone

from openedx_dcp.engagement.feedback import api
from openedx_dcp.engagement.feedback.models import Audience, QuestionKind
from openedx_dcp.review.models import Panelist
from tests.factories import UserFactory
from tests.membership.factories import announced_cycle, make_membership
from tests.world import World

AWARE_CHOICES = ["I had not heard of it", "Newsletter", "Slack", "Conference"]


def add_questions(feedback_round, awareness=True):
    """A scale, a choice (the awareness question when ``awareness``) and a free-text question."""
    scale = api.save_question(feedback_round=feedback_round, actor=None, order=1, kind=QuestionKind.SCALE,
                              prompt="How useful is the program to you?")
    choice = api.save_question(feedback_round=feedback_round, actor=None, order=2, kind=QuestionKind.CHOICE,
                               prompt="Have you heard of the program before, and where?", choices=AWARE_CHOICES,
                               measures_awareness=awareness, not_aware_choice=AWARE_CHOICES[0] if awareness else "")
    text = api.save_question(feedback_round=feedback_round, actor=None, order=3, kind=QuestionKind.TEXT,
                             prompt="What should change?", required=False)
    return scale, choice, text


def make_round(program, slug, *, audience=Audience.MEMBERS, anonymous=True, state="open", awareness=True,
               opens_at=None, closes_at=None):
    now = timezone.now()
    feedback_round = api.create_round(
        program=program, actor=None, slug=slug, title=f"Round {slug}", description="Tell us how we are doing.",
        audience=audience, anonymous=anonymous, opens_at=opens_at or now - datetime.timedelta(days=1),
        closes_at=closes_at or now + datetime.timedelta(days=14))
    add_questions(feedback_round, awareness=awareness)
    if state in ("open", "closed"):
        _open(feedback_round)
    if state == "closed":
        api.close_round(feedback_round=feedback_round, actor=None)
    feedback_round.refresh_from_db()
    return feedback_round


def _open(feedback_round):
    # The system may not open a round (staff do): tests open it as one of the program's staff.
    staff = feedback_round.program.staff.select_related("user").first()
    api.open_round(feedback_round=feedback_round, actor=staff.user)


def answers_for(feedback_round, number=4, choice="Newsletter", text="More mentoring."):
    scale, awareness, free = feedback_round.questions.order_by("order")
    return {scale.pk: number, awareness.pk: choice, free.pk: text}


class FeedbackWorld(World):
    """``World`` plus a live member, a panelist (not a member) and rounds of tenant A's program."""

    def __init__(self):
        super().__init__()
        announced = announced_cycle(self.program, slug="2024")
        make_membership(announced, user=self.users["member"])
        self.users["panelist"] = UserFactory(username="panelist")
        Panelist.objects.create(cycle=self.cycle, user=self.users["panelist"], seat="toc_member")
        self.members_round = make_round(self.program, "members-2026")
        self.panel_round = make_round(self.program, "panel-2026", audience=Audience.PANEL, anonymous=False,
                                      awareness=False)
        self.draft_round = make_round(self.program, "draft", state="draft")
        self.round_b = make_round(self.program_b, "members-b")

    def member_of_b(self):
        """A member of tenant B's program."""
        user = UserFactory()
        make_membership(announced_cycle(self.program_b, slug="2024b"), user=user)
        return user


@pytest.fixture
def fw(db):
    return FeedbackWorld()
