"""
A review world: a program on tenant A with an open cycle, staff, a panel that meets the seeds' quotas (not yet
seated), endorsers, and three submitted engineer nominations; and tenant B with its own program and staff.
"""

import pytest
from rest_framework.test import APIClient

from openedx_dcp.review import api
from tests.factories import SiteFactory, UserFactory, make_cycle, make_program, make_staff
from tests.review.factories import after_close, endorsers, panel_users, seat_panel, submitted_nomination

HOST_A = "review-a.example.com"
HOST_B = "review-b.example.com"


class ReviewWorld:
    """Everything a review test needs, by name."""

    def __init__(self):
        self.site = SiteFactory(domain=HOST_A)
        self.site_b = SiteFactory(domain=HOST_B)
        self.program = make_program(self.site)
        self.program_b = make_program(self.site_b)
        self.cycle = make_cycle(self.program)
        self.cycle_b = make_cycle(self.program_b)
        self.track = self.program.tracks.get(slug="engineer")
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
            api.screen_cycle(self.cycle, self.staff)
            api.start_evaluation(self.cycle, self.staff)
        self.refresh()

    def review_all(self):
        """Assign reviewers and have each assigned panelist submit a review."""
        with after_close(self.cycle):
            api.assign_reviewers(self.cycle, self.staff)
            for nomination in self.nominations:
                for assignment in nomination.review_assignments.select_related("panelist__user"):
                    api.submit_review(nomination, assignment.panelist.user,
                                      {"depth": 4, "originality": 3, "adoption": 5}, "Solid.")

    def to_deliberation(self):
        self.to_evaluation()
        self.review_all()
        with after_close(self.cycle):
            api.start_deliberation(self.cycle, self.staff)
        self.refresh()

    def stage_all(self, outcomes=("selected", "selected", "not_selected")):
        with after_close(self.cycle):
            for nomination, outcome in zip(self.nominations, outcomes):
                api.stage_decision(nomination, self.staff, outcome, f"Panel consensus: {outcome}.")

    def to_approved(self):
        self.to_deliberation()
        self.stage_all()
        with after_close(self.cycle):
            api.request_approval(self.cycle, self.staff)
            api.approve(self.cycle, self.steward_panelist_user)
        self.refresh()

    def refresh(self):
        self.cycle.refresh_from_db()
        for nomination in self.nominations:
            nomination.refresh_from_db()

    def client(self, user, host=HOST_A):
        client = APIClient(HTTP_HOST=host)
        if user is not None:
            client.force_authenticate(user)
        return client


@pytest.fixture
def world(db):
    return ReviewWorld()


@pytest.fixture
def committed_world(transactional_db):
    """The review world with real commits, so on-commit emails, signals and events happen as in production."""
    return ReviewWorld()
