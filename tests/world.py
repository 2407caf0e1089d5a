"""
The test World: two tenants built with the factories (tests/factories.py), each with a program, an open cycle and
its own program staff, and what a kind of test needs on top, by name.

- ``World`` (the ``world`` fixture of tests/conftest.py): people in every role and a peer nomination in draft
  with three endorsements (one from a steward representative), for permission and flow tests.
- ``ReviewWorld`` (the ``world`` fixture of tests/review/conftest.py): a panel that meets the seeds' quotas (not
  yet seated), endorsers and three submitted engineer nominations, with steps that walk the cycle onwards.
"""

from rest_framework.test import APIClient

from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api as review_api
from tests.factories import (
    SiteFactory,
    UserFactory,
    endorse,
    grant_role,
    make_cycle,
    make_program,
    make_staff,
    nominate,
)
from tests.review.factories import after_close, endorsers, panel_users, seat_panel, submitted_nomination

HOST_A = "a.example.com"
HOST_B = "b.example.com"
REVIEW_HOST_A = "review-a.example.com"
REVIEW_HOST_B = "review-b.example.com"


class TwoTenants:
    """Tenant A and tenant B, each with a program of the seeds' defaults and a cycle open for nominations."""

    host_a = HOST_A
    host_b = HOST_B

    def __init__(self):
        self.site_a = SiteFactory(domain=self.host_a)
        self.site_b = SiteFactory(domain=self.host_b)
        self.program = make_program(self.site_a)
        self.program_b = make_program(self.site_b)
        self.cycle = make_cycle(self.program)
        self.cycle_b = make_cycle(self.program_b)
        self.track = self.program.tracks.get(slug="engineer")

    @property
    def site(self):
        """Tenant A's site."""
        return self.site_a

    def api_client(self, user, host=None):
        """An API client signed in as ``user`` (anonymous when None), calling ``host`` (tenant A by default)."""
        client = APIClient(HTTP_HOST=host or self.host_a)
        if user is not None:
            client.force_authenticate(user)
        return client


class World(TwoTenants):
    """Everything a permission or flow test needs, by name."""

    def __init__(self):
        super().__init__()
        self.users = {
            "learner": UserFactory(username="learner"),
            "nominee": UserFactory(username="nominee"),
            "nominator": UserFactory(username="nominator"),
            "endorser": UserFactory(username="endorser"),
            "member": UserFactory(username="member"),
            "staff": make_staff(self.program, UserFactory(username="staff", is_staff=True)),
            "other_staff": make_staff(self.program_b, UserFactory(username="other_staff", is_staff=True)),
            "superuser": UserFactory(username="superuser", is_staff=True, is_superuser=True),
        }
        self.core2 = UserFactory(username="core2")
        self.steward = UserFactory(username="steward")
        for user in (self.users["endorser"], self.users["member"], self.core2):
            grant_role(self.program, user, CommunityRole.CORE_CONTRIBUTOR)
        grant_role(self.program, self.steward, CommunityRole.STEWARD_REPRESENTATIVE)
        self.nomination = nominate(self.cycle, self.track, self.users["nominator"], self.users["nominee"])
        self.endorsement = endorse(self.nomination, self.users["endorser"])
        endorse(self.nomination, self.core2)
        endorse(self.nomination, self.steward)

    def client(self, role, host=HOST_A):
        """An API client signed in as ``role`` (anonymous when None), calling ``host``."""
        return self.api_client(None if role is None else self.users[role], host)


class ReviewWorld(TwoTenants):
    """Everything a review test needs, by name."""

    host_a = REVIEW_HOST_A
    host_b = REVIEW_HOST_B

    def __init__(self):
        super().__init__()
        self.staff = make_staff(self.program, UserFactory(username="review_staff", is_staff=True))
        self.other_staff = make_staff(self.program_b, UserFactory(username="other_staff", is_staff=True))
        self.superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
        self.learner = UserFactory(username="learner")
        self.panel_users = panel_users(self.program)
        self.endorsers = endorsers(self.program)
        self.nominators = [UserFactory(username=f"nominator{i}") for i in range(3)]
        self.nominees = [UserFactory(username=f"nominee{i}") for i in range(3)]
        self.nominations = [
            submitted_nomination(self.cycle, self.track, nominator, nominee, self.endorsers)
            for nominator, nominee in zip(self.nominators, self.nominees)
        ]
        self.panelists = []

    @property
    def steward_panelist_user(self):
        return self.panel_users["steward_representative"][0]

    def panel_user_list(self):
        return [user for group in self.panel_users.values() for user in group]

    def seat_panel(self):
        self.panelists = seat_panel(self.cycle, self.staff, self.panel_users)
        return self.panelists

    def to_evaluation(self):
        """Seat the panel, screen (after nominations close) and start evaluation."""
        if not self.panelists:
            self.seat_panel()
        with after_close(self.cycle):
            review_api.screen_cycle(cycle=self.cycle, actor=self.staff)
            review_api.start_evaluation(cycle=self.cycle, actor=self.staff)
        self.refresh()

    def review_all(self):
        """Assign reviewers and have each assigned panelist submit a review."""
        with after_close(self.cycle):
            review_api.assign_reviewers(cycle=self.cycle, actor=self.staff)
            for nomination in self.nominations:
                for assignment in nomination.review_assignments.select_related("panelist__user"):
                    review_api.submit_review(nomination=nomination, user=assignment.panelist.user,
                                      scores={"depth": 4, "originality": 3, "adoption": 5}, comment="Solid.")

    def to_deliberation(self):
        self.to_evaluation()
        self.review_all()
        with after_close(self.cycle):
            review_api.start_deliberation(cycle=self.cycle, actor=self.staff)
        self.refresh()

    def stage_all(self, outcomes=("selected", "selected", "not_selected")):
        with after_close(self.cycle):
            for nomination, outcome in zip(self.nominations, outcomes):
                review_api.stage_decision(nomination=nomination, actor=self.staff, outcome=outcome,
                                          rationale=f"Panel consensus: {outcome}.")

    def to_approved(self):
        self.to_deliberation()
        self.stage_all()
        with after_close(self.cycle):
            review_api.request_approval(cycle=self.cycle, actor=self.staff)
            review_api.approve(cycle=self.cycle, actor=self.steward_panelist_user)
        self.refresh()

    def refresh(self):
        self.cycle.refresh_from_db()
        for nomination in self.nominations:
            nomination.refresh_from_db()

    def client(self, user, host=REVIEW_HOST_A):
        """An API client signed in as ``user`` (anonymous when None), calling ``host``."""
        return self.api_client(user, host)
