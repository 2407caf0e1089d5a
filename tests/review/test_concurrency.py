"""
Concurrent panelists and staff cannot corrupt review state (R11): each request runs in its own thread with its
own database connection against MariaDB, released together by a barrier.

Row locks (``SELECT ... FOR UPDATE``) are what serialize these requests; SQLite has no row locks and its
in-memory test database is not shared safely between threads, so these tests run on MySQL/MariaDB only.
"""


import pytest
from django.conf import settings
from django.db import connection

from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api
from openedx_dcp.review.models import Assignment, Decision, Panelist, Review
from tests.concurrency import race
from tests.factories import UserFactory, grant_role
from tests.review.factories import after_close

BASE = "/api/dcp/v1/review"
SCORES = {"depth": 4, "originality": 3, "adoption": 5}

pytestmark = [
    pytest.mark.mysql_only,
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("mysql"),
        reason="Needs MySQL/MariaDB row locks and one connection per thread (run with DCP_DB=mysql).",
    ),
]


def test_r11_double_submit_of_a_review_stores_one(committed_world):
    world = committed_world
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    assignment = Assignment.objects.select_related("panelist__user", "nomination").first()
    client = world.client(assignment.panelist.user)
    url = f"{BASE}/nominations/{assignment.nomination.pk}/reviews/"

    def submit():
        return client.post(url, {"scores": SCORES}, format="json").status_code

    assert connection.vendor == "mysql"
    statuses = race(submit, submit, submit)
    assert sorted(statuses) == [201, 409, 409]
    assert Review.objects.filter(assignment=assignment).count() == 1


def test_r11_two_concurrent_decisions_store_one(committed_world):
    world = committed_world
    world.to_deliberation()
    nomination = world.nominations[0]
    second_staff = UserFactory(username="second_staff", is_staff=True)
    world.program.staff.create(user=second_staff)
    url = f"{BASE}/nominations/{nomination.pk}/decision/"

    def decide(user, outcome):
        client = world.client(user)
        return lambda: client.post(url, {"outcome": outcome, "rationale": "Vote."}, format="json").status_code

    with after_close(world.cycle):
        statuses = race(decide(world.staff, "selected"), decide(second_staff, "not_selected"))
    assert sorted(statuses) == [201, 409]
    assert Decision.objects.filter(nomination=nomination).count() == 1


def test_r9_two_staff_filling_the_last_seat_seat_one(committed_world):
    world = committed_world
    tocs = [UserFactory(username=f"race_toc{i}") for i in range(3)]
    for user in tocs:
        grant_role(world.program, user, CommunityRole.TOC_MEMBER)
    api.add_panelist(cycle=world.cycle, user=tocs[0], seat="toc_member", actor=world.staff)
    client = world.client(world.staff)
    url = f"{BASE}/cycles/{world.cycle.pk}/panel/"

    def seat(user):
        return lambda: client.post(url, {"user": user.username, "seat": "toc_member"}, format="json").status_code

    statuses = race(seat(tocs[1]), seat(tocs[2]))
    assert sorted(statuses) == [201, 400]
    assert Panelist.objects.filter(cycle=world.cycle, seat="toc_member").count() == 2
