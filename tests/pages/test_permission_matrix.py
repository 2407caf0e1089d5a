"""
Every page under ``/dcp/`` against every role (R26, issue 11): anonymous, a signed-in learner, the nominee, the
nominator, an endorser of the nomination, a community member who has nothing to do with it, the steward
representative (an endorser too), the program's staff, program staff who sit on the panel and declared a conflict
on the nomination (HotCRP's rule: the nomination is nowhere for them), another tenant's staff on this tenant's
host, and the nominator on tenant B's host. Each cell is the status code
the person gets; what a person may not see reads like "not found" (404), a page that needs a user sends an
anonymous visitor to sign in (302), and a refusal by the domain is a page that says why (400/403/409).

POSTs run in a savepoint rolled back after each cell, so one role's change does not decide the next role's
answer. ``test_every_page_is_in_the_matrix`` fails when a page is added without its row here (the review
pages have theirs in tests/pages/test_review_pages.py).
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver

from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api as review_api
from tests.credentials.factories import configure_keys, start_member
from tests.factories import UserFactory, grant_role, make_staff
from tests.world import HOST_A, HOST_B, World

ROLES = ("anonymous", "learner", "nominee", "nominator", "endorser", "member", "steward", "staff", "conflicted",
         "other_staff", "host_b")

# Pages whose matrix lives elsewhere.
COVERED_ELSEWHERE = {
    "review-queue": "tests/pages/test_review_pages.py",
    "review-nomination": "tests/pages/test_review_pages.py",
    "accomplishment-public-list": "tests/engagement/test_pages.py",
    "accomplishment-submit": "tests/engagement/test_pages.py",
    "accomplishments-mine": "tests/engagement/test_pages.py",
    "accomplishments-manage": "tests/engagement/test_pages.py",
    "accomplishment-manage": "tests/engagement/test_pages.py",
    "my-mentoring": "tests/engagement/test_pages.py",
    "mentoring-pair-action": "tests/engagement/test_pages.py",
    "validation-action": "tests/engagement/test_pages.py",
    "stories": "tests/engagement/stories/test_permissions.py",
    "story": "tests/engagement/stories/test_permissions.py",
    "story-cite": "tests/engagement/stories/test_permissions.py",
    "story-consent": "tests/engagement/stories/test_permissions.py",
    "story-feed": "tests/engagement/stories/test_permissions.py",
    "report": "tests/engagement/stories/test_permissions.py",
    "feedback": "tests/engagement/feedback/test_pages_and_api.py",
    "feedback-answer": "tests/engagement/feedback/test_pages_and_api.py",
    "feedback-results": "tests/engagement/feedback/test_pages_and_api.py",
    "feedback-results-csv": "tests/engagement/feedback/test_pages_and_api.py",
}


@pytest.fixture
def world(db, settings):
    world = World()
    configure_keys(settings, world.program, {"kid": "k1"})
    world.membership = start_member(world.cycle, world.track)
    world.credential = world.membership.badge_credentials.get()
    conflicted = make_staff(world.program, UserFactory(username="conflicted", is_staff=True))
    grant_role(world.program, conflicted, CommunityRole.CORE_CONTRIBUTOR)
    review_api.add_panelist(cycle=world.cycle, user=conflicted, seat=CommunityRole.CORE_CONTRIBUTOR,
                            actor=world.users["staff"])
    review_api.declare_conflict(nomination=world.nomination, user=conflicted, reason="Works for the nominee.")
    world.users["conflicted"] = conflicted
    return world


def _client(world, role):
    if role == "host_b":
        client = Client(HTTP_HOST=HOST_B)
        client.force_login(world.users["nominator"])
        return client
    client = Client(HTTP_HOST=HOST_A)
    user = {"steward": world.steward}.get(role) or world.users.get(role)
    if role != "anonymous":
        client.force_login(user)
    return client


# name -> (method, path from the world, POST data)
def _pages(world):
    p = f"/dcp/{world.program.slug}"
    n = world.nomination.pk
    return {
        "index": ("get", "/dcp/", None),
        "home": ("get", f"{p}/", None),
        "nominate": ("get", f"{p}/nominate/", None),
        "nominate (post)": ("post", f"{p}/nominate/", {}),
        "my-nominations": ("get", f"{p}/my-nominations/", None),
        "nomination": ("get", f"{p}/nominations/{n}/", None),
        "nomination-edit": ("get", f"{p}/nominations/{n}/edit/", None),
        "consent": ("get", f"{p}/nominations/{n}/consent/", None),
        "consent (post)": ("post", f"{p}/nominations/{n}/consent/", {"decision": "accept"}),
        "endorse": ("get", f"{p}/nominations/{n}/endorse/", None),
        "nomination-action": ("post", f"{p}/nominations/{n}/withdraw/", {}),
        "endorse-inbox": ("get", f"{p}/endorse/", None),
        "endorsement-withdraw": ("post", f"{p}/endorsements/{world.endorsement.pk}/withdraw/", {}),
        "endorsement-consent": ("post", f"{p}/endorsements/{world.endorsement.pk}/credential-consent/",
                                {"consent": "1"}),
        "cohort-approval": ("get", f"{p}/cycles/{world.cycle.slug}/approval/", None),
        "directory": ("get", f"{p}/members/", None),
        "member": ("get", f"{p}/members/{world.membership.user.username}/", None),
        "member-organization": ("get", f"{p}/organizations/no-such-organization/", None),
        "credential-json": ("get", f"{p}/credentials/{world.credential.public_id}/badge.json", None),
        "credential-jwt": ("get", f"{p}/credentials/{world.credential.public_id}/badge.jwt", None),
        "verify": ("get", f"{p}/verify/", None),
        "dashboard": ("get", f"{p}/dashboard/", None),
    }


def _answer(world, role, method, path, data):
    with transaction.atomic():
        response = getattr(_client(world, role), method)(path, data or {})
        transaction.set_rollback(True)
    return response.status_code


def _row(*cells):
    return dict(zip(ROLES, cells))


#                    anon learner nominee nominator endorser member steward staff conflicted other_staff host_b
EXPECTED = {
    "index": _row(302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    "home": _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "nominate": _row(302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "nominate (post)": _row(302, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400),
    "my-nominations": _row(302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "nomination": _row(302, 404, 200, 200, 200, 404, 200, 200, 404, 404, 404),
    "nomination-edit": _row(302, 404, 403, 200, 403, 404, 403, 403, 404, 404, 404),
    "consent": _row(302, 404, 200, 403, 403, 404, 403, 403, 404, 404, 404),
    "consent (post)": _row(302, 404, 303, 403, 403, 404, 403, 403, 404, 404, 404),
    "endorse": _row(302, 404, 200, 200, 200, 404, 200, 200, 404, 404, 404),
    "nomination-action": _row(302, 404, 303, 303, 403, 404, 403, 303, 404, 404, 404),
    "endorse-inbox": _row(302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "endorsement-withdraw": _row(302, 404, 404, 404, 303, 404, 404, 404, 404, 404, 404),
    "endorsement-consent": _row(302, 404, 404, 404, 303, 404, 404, 404, 404, 404, 404),
    "cohort-approval": _row(302, 404, 404, 404, 404, 404, 200, 200, 200, 404, 404),
    "directory": _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "member": _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404),
    "member-organization": _row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "credential-json": _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404),
    "credential-jwt": _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404),
    "verify": _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "dashboard": _row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_role_gets_what_it_may(world, page):
    method, path, data = _pages(world)[page]
    answered = {role: _answer(world, role, method, path, data) for role in ROLES}
    assert answered == EXPECTED[page], {role: (answered[role], EXPECTED[page][role])
                                        for role in ROLES if answered[role] != EXPECTED[page][role]}


def test_every_page_is_in_the_matrix():
    """A page added under /dcp/ without its row here (or a note of where its matrix is) fails."""
    pages = get_resolver().namespace_dict["dcp"][1]
    names = {name for name in pages.reverse_dict if isinstance(name, str)}
    covered = {name.split(" ")[0] for name in EXPECTED} | set(COVERED_ELSEWHERE)
    assert names - covered == set()
