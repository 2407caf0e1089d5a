"""
Contribution signals under concurrency and MariaDB's collations (MariaDB only).

A receiver never touches the caller's transaction (it takes InnoDB's row locks and deadlock detection to show
it).

The LMS updates a row, then a forum event of a tracked user fires while another transaction holds the same
signal key and then wants the LMS's row. Written inside the LMS's transaction, the signal's INSERT waited for the
key, InnoDB chose the LMS's (lighter) transaction as the deadlock victim and rolled it back, the receiver
swallowed the error, and the LMS committed its later writes without its earlier ones.
"""

import datetime
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.db import connection, transaction
from openedx_events.learning.signals import FORUM_THREAD_CREATED

from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.contributions import tracking
from openedx_dcp.contributions.models import ContributionSignal, TenantCourseOrg
from openedx_dcp.programs.models import CommunityRole
from tests.concurrency import race
from tests.contributions.factories import thread_data
from tests.factories import OrganizationFactory, SiteFactory, UserFactory, grant_role, make_program

pytestmark = [
    pytest.mark.mysql_only,
    pytest.mark.skipif(connection.vendor != "mysql", reason="Deadlocks need MariaDB/MySQL (DCP_DB=mysql)."),
]


@pytest.mark.django_db(transaction=True)
def test_p1_a_deadlock_over_a_signal_key_never_costs_the_lms_its_writes():
    program = make_program(SiteFactory(domain="community.example.com"))
    TenantCourseOrg.objects.create(site=program.site, org="OpenedX")
    contributor = UserFactory(username="contributor")
    grant_role(program, contributor, CommunityRole.CORE_CONTRIBUTOR)
    shared = UserFactory(username="shared", first_name="", last_name="")
    tracking.invalidate_tracked_users()
    assert tracking.is_tracked(contributor.pk)
    other_holds_the_key = threading.Event()
    now = datetime.datetime.now(datetime.timezone.utc)

    def lms_request():
        with transaction.atomic():
            get_user_model().objects.filter(pk=shared.pk).update(first_name="by-lms")
            other_holds_the_key.wait(10)
            FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t1"))
            Site.objects.create(domain="later-write.example.com", name="later")
        return "committed"

    def other_transaction():
        with transaction.atomic():
            # The same key, and more rows than the LMS's transaction, so InnoDB picks the LMS as the victim.
            for n in range(30):
                contributions_api.record_signal(
                    site_id=program.site_id, kind="forum_thread", source_id="forum_thread:t1" if n == 0 else f"x:{n}",
                    occurred_at=now, user_id=contributor.pk,
                )
            other_holds_the_key.set()
            time.sleep(1)  # the LMS reaches the event meanwhile
            get_user_model().objects.filter(pk=shared.pk).update(last_name="by-other")
        return "committed"

    outcomes = race(lms_request, other_transaction)

    assert outcomes == ["committed", "committed"]
    shared.refresh_from_db()
    assert (shared.first_name, shared.last_name) == ("by-lms", "by-other")
    assert Site.objects.filter(domain="later-write.example.com").exists()
    assert ContributionSignal.objects.filter(source_id="forum_thread:t1").count() == 1


def batch(size=100):
    return [
        {"kind": "code_contribution", "source": "github", "source_id": f"openedx/edx-platform#{n}",
         "occurred_at": "2025-03-01T10:00:00Z", "user": "ada"}
        for n in range(size)
    ]


@pytest.mark.django_db(transaction=True)
def test_r21_concurrent_identical_batches_report_what_was_stored():
    site = SiteFactory(domain="import.example.com")
    UserFactory(username="ada")
    reports = race(*[lambda: contributions_api.ingest_signals(site=site, items=batch()) for _ in range(50)])

    assert not [r for r in reports if isinstance(r, Exception)], reports
    assert ContributionSignal.objects.filter(site=site).count() == 100
    assert sum(r["inserted"] for r in reports) == 100
    assert sum(r["duplicates"] for r in reports) == 49 * 100


@pytest.mark.django_db
def test_r21_keys_compare_exactly_on_mariadb():
    site = SiteFactory(domain="import.example.com")
    UserFactory(username="ada")
    OrganizationFactory(site=site, slug="acme")
    items = batch(1)
    items = [dict(items[0], source_id=source_id) for source_id in ("Case-PR-1", "case-pr-1", "case-pr-1 ")]
    items.append(dict(items[0], source="GitHub"))
    report = contributions_api.ingest_signals(site=site, items=items)
    assert (report["inserted"], report["duplicates"]) == (3, 1)  # the trailing space is stripped: a duplicate
    assert ContributionSignal.objects.filter(site=site).count() == 3
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = %s AND COLUMN_NAME IN ('source', 'source_id')",
            [ContributionSignal._meta.db_table],
        )
        collations = dict(cursor.fetchall())
    assert set(collations) == {"source", "source_id"}
    assert all(collation.endswith("_bin") for collation in collations.values()), collations
