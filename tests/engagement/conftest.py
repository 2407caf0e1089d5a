"""
The engagement world of intake and mentoring tests: tenant A and B (tests/world.py ``World``), an open
accomplishment survey on tenant A's cycle, a panelist and a conflicted panelist of that cycle, and a
Distinguished Contributor opted in to mentoring and validating.
"""

import datetime

import pytest
from django.utils import timezone

from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import EngagementKind
from openedx_dcp.review.models import Panelist
from tests.factories import UserFactory
from tests.membership.factories import announced_cycle, make_membership
from tests.world import World


class EngagementWorld(World):
    def __init__(self):
        super().__init__()
        now = timezone.now()
        self.survey = intake_api.open_survey(
            program=self.program, cycle=self.cycle, actor=self.users["staff"], title="Accomplishments of 2025",
            opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=20))
        self.users["panelist"] = UserFactory(username="panelist")
        self.users["conflicted"] = UserFactory(username="conflicted")
        for user in (self.users["panelist"], self.users["conflicted"]):
            Panelist.objects.create(cycle=self.cycle, user=user, seat="core_contributor")
        self.users["mentor"] = UserFactory(username="mentor")
        self.past_cycle = announced_cycle(self.program, slug="2024")
        self.membership = make_membership(self.past_cycle, user=self.users["mentor"])
        for kind in (EngagementKind.MENTORING, EngagementKind.VALIDATING_NOMINATIONS):
            membership_api.set_engagement(membership=self.membership, actor=self.users["mentor"], kind=kind,
                                          opted_in=True)

    def submit(self, user="member", title="Released the Redwood theme", links=("https://github.com/openedx/x",),
               track=None):
        return intake_api.submit_accomplishment(
            survey=self.survey, actor=self.users[user], track=track or self.track, title=title,
            why="Operators adopted it everywhere.", links=list(links))


@pytest.fixture
def eworld(db):
    return EngagementWorld()
