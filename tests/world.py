"""
A two-tenant world for API tests: tenant A with a program, an open cycle and a peer nomination in draft with
three endorsements (one from a steward representative), and tenant B with its own program and staff.
"""

from rest_framework.test import APIClient

from openedx_dcp.programs.models import CommunityRole
from tests.conftest import endorse, nominate
from tests.factories import SiteFactory, UserFactory, grant_role, make_cycle, make_program, make_staff

HOST_A = "a.example.com"
HOST_B = "b.example.com"


class World:
    """Everything a permission or flow test needs, by name."""

    def __init__(self):
        self.site_a = SiteFactory(domain=HOST_A)
        self.site_b = SiteFactory(domain=HOST_B)
        self.program = make_program(self.site_a)
        self.program_b = make_program(self.site_b)
        self.cycle = make_cycle(self.program)
        self.cycle_b = make_cycle(self.program_b)
        self.track = self.program.tracks.get(slug="engineer")
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
        client = APIClient(HTTP_HOST=host)
        if role is not None:
            client.force_authenticate(self.users[role])
        return client
