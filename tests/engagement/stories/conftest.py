"""
The engagement World: two tenants, a Distinguished Contributor (a person) and a member organization of tenant A,
people in every role (anonymous, learner, member, panelist, program staff of A and of B, superuser), and a
builder of stories in any state.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.review.models import Panelist
from tests.factories import OrganizationFactory, UserFactory, affiliate, make_staff
from tests.membership.factories import announced_cycle, make_membership
from tests.world import TwoTenants

ROLES = ["anonymous", "learner", "member", "panelist", "staff", "other_staff"]


class EngagementWorld(TwoTenants):
    host_a = "eng-a.example.com"
    host_b = "eng-b.example.com"

    def __init__(self):
        super().__init__()
        announced = announced_cycle(self.program, slug="2024")
        self.users = {
            "learner": UserFactory(username="learner"),
            "member": UserFactory(username="mary", first_name="Mary", last_name="Maintainer"),
            "panelist": UserFactory(username="panelist"),
            "staff": make_staff(self.program, UserFactory(username="staff", is_staff=True)),
            "other_staff": make_staff(self.program_b, UserFactory(username="other_staff", is_staff=True)),
        }
        self.membership = make_membership(announced, user=self.users["member"])
        self.acme = OrganizationFactory(site=self.site_a, slug="acme", name="Acme Learning")
        self.org_membership = make_membership(announced, organization=self.acme, track="partner")
        self.acme_rep = UserFactory(username="acme_rep")
        affiliate(self.acme_rep, self.acme)
        Panelist.objects.create(cycle=self.cycle, user=self.users["panelist"], seat="toc_member")
        self.member_b = make_membership(announced_cycle(self.program_b, slug="2024"),
                                        user=UserFactory(username="bob_b")).user

    @property
    def staff(self):
        return self.users["staff"]

    @property
    def member(self):
        return self.users["member"]

    def story(self, *, consent=False, publish=False, publish_at=None, subject=None, program=None, actor=None,
              **content):
        """A story about the member (or ``subject``), consented and published as asked."""
        program = program or self.program
        actor = actor or (self.staff if program == self.program else self.users["other_staff"])
        subject = subject or (self.member if program == self.program else self.member_b)
        fields = {"title": "Mary keeps the forum alive", "summary": "A maintainer's year.",
                  "body": "Mary answered **400** questions.\n\n## Why it matters\n\nNew people stay."}
        fields.update(content)
        about = ({"subject_organization": subject} if hasattr(subject, "slug") else {"subject_user": subject})
        story = stories_api.create_story(program=program, actor=actor, **about, **fields)
        if consent or publish or publish_at:
            speaker = self.acme_rep if hasattr(subject, "slug") else subject
            story = stories_api.give_consent(story=story, actor=speaker)
        if publish or publish_at:
            story = stories_api.publish_story(story=story, actor=actor, publish_at=publish_at)
        return story

    def page_client(self, role, host=None):
        """A Django test client for the pages, signed in as ``role`` (anonymous when None)."""
        client = Client(HTTP_HOST=host or self.host_a)
        if role is not None:
            client.force_login(self.users[role])
        return client

    def client(self, role, host=None):
        return self.api_client(None if role in (None, "anonymous") else self.users[role], host)


@pytest.fixture
def eworld(db):
    return EngagementWorld()


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)
