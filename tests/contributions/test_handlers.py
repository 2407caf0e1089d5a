"""
Open edX events → contribution signals (R21) and the receivers' cost rules (P1).
"""

import crum
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from opaque_keys.edx.keys import CourseKey, UsageKey
from openedx_events.content_authoring.data import CourseData as AuthoringCourseData
from openedx_events.content_authoring.data import XBlockData
from openedx_events.content_authoring.signals import COURSE_CREATED, XBLOCK_PUBLISHED
from openedx_events.learning.signals import (
    CERTIFICATE_CREATED,
    COURSE_PASSING_STATUS_UPDATED,
    FORUM_RESPONSE_COMMENT_CREATED,
    FORUM_THREAD_CREATED,
    FORUM_THREAD_RESPONSE_CREATED,
)

from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.contributions import tracking
from openedx_dcp.contributions.models import ContributionSignal, ContributorOptIn, TenantCourseOrg
from openedx_dcp.handlers import contributions as handlers
from openedx_dcp.programs.models import CommunityRole
from tests.contributions.factories import certificate_data, passing_data, thread_data
from tests.factories import SiteFactory, UserFactory, grant_role, make_program


@pytest.fixture
def tenant(db):
    """A program whose site owns the course org ``OpenedX``."""
    program = make_program(SiteFactory(domain="community.example.com"))
    TenantCourseOrg.objects.create(site=program.site, org="OpenedX")
    return program


@pytest.fixture
def contributor(tenant):
    user = UserFactory(username="contributor")
    grant_role(tenant, user, CommunityRole.CORE_CONTRIBUTOR)
    return user


def warm():
    """Load the process snapshot, as the first event after a change would."""
    tracking.tracked_user_ids()


def test_r21_forum_events_of_a_tracked_user_become_signals_of_the_course_org_tenant(tenant, contributor):
    FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t1"))
    FORUM_THREAD_RESPONSE_CREATED.send_event(thread=thread_data(contributor, "r1"))
    FORUM_RESPONSE_COMMENT_CREATED.send_event(thread=thread_data(contributor, "c1"))

    signals = ContributionSignal.objects.filter(user=contributor).order_by("kind")
    assert [(s.kind, s.source, s.source_id, s.site_id) for s in signals] == [
        ("forum_comment", "openedx", "forum_comment:c1", tenant.site_id),
        ("forum_response", "openedx", "forum_response:r1", tenant.site_id),
        ("forum_thread", "openedx", "forum_thread:t1", tenant.site_id),
    ]
    assert handlers.FAILURES == {}


def test_r21_replaying_an_event_counts_it_once(tenant, contributor):
    for _ in range(3):
        FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t1"))
    assert ContributionSignal.objects.filter(user=contributor).count() == 1


def test_r21_course_of_an_unmapped_org_goes_to_the_default_site(tenant, contributor, settings):
    CERTIFICATE_CREATED.send_event(certificate=certificate_data(contributor, "course-v1:Other+X+1"))
    signal = ContributionSignal.objects.get(user=contributor)
    assert (signal.kind, signal.site_id) == ("certificate", settings.SITE_ID)


def test_r21_only_a_passing_status_is_a_signal(tenant, contributor):
    COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=passing_data(contributor, is_passing=False))
    assert not ContributionSignal.objects.exists()
    COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=passing_data(contributor, is_passing=True))
    assert ContributionSignal.objects.get().kind == "course_passed"


def test_r21_anonymous_posts_are_not_recorded(tenant, contributor):
    FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t1", anonymous=True))
    FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t2", anonymous_to_peers=True))
    assert not ContributionSignal.objects.exists()


def test_p1_untracked_user_costs_no_query(tenant, contributor):
    stranger = UserFactory(username="stranger")
    warm()
    with CaptureQueriesContext(connection) as queries:
        FORUM_THREAD_CREATED.send_event(thread=thread_data(stranger, "t1"))
        COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=passing_data(stranger))
    assert len(queries) == 0
    assert not ContributionSignal.objects.exists()


def test_p1_tracked_user_costs_one_write(tenant, contributor):
    warm()
    with CaptureQueriesContext(connection) as queries:
        FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t1"))
    assert len(queries) == 1
    assert queries[0]["sql"].upper().startswith("INSERT")
    with CaptureQueriesContext(connection) as queries:
        FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t1"))
    assert len(queries) == 1


def test_p1_program_switched_off_returns_at_once(tenant, contributor, settings):
    settings.DCP_PROGRAM_ENABLED = False
    warm()
    with CaptureQueriesContext(connection) as queries:
        FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t1"))
    assert len(queries) == 0
    assert not ContributionSignal.objects.exists()


def test_p1_a_failure_is_logged_and_counted_never_raised(tenant, contributor, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database is down")

    monkeypatch.setattr(contributions_api, "record_signal", broken)
    results = FORUM_THREAD_CREATED.send_event(send_robust=False, thread=thread_data(contributor, "t1"))
    assert [response for fn, response in results if fn is handlers.record_forum_thread] == [None]
    assert handlers.FAILURES["forum_thread"] == 1
    assert "Could not record a contribution signal" in caplog.text


def test_p1_a_malformed_event_is_counted_never_raised(tenant):
    handlers.record_forum_thread(signal=None, sender=None, thread=object(), metadata=None)
    assert handlers.FAILURES["forum_thread"] == 1


def test_p1_opting_in_starts_tracking_without_waiting(tenant):
    person = UserFactory(username="newcomer")
    warm()
    FORUM_THREAD_CREATED.send_event(thread=thread_data(person, "t1"))
    assert not ContributionSignal.objects.exists()
    contributions_api.opt_in(tenant.site, person)
    FORUM_THREAD_CREATED.send_event(thread=thread_data(person, "t2"))
    assert ContributionSignal.objects.get().source_id == "forum_thread:t2"


def test_p1_other_processes_converge_through_the_shared_version(tenant):
    """A change made in another process (no signal here) is seen once the version moved and the check is due."""
    person = UserFactory(username="elsewhere")
    warm()
    ContributorOptIn.objects.bulk_create([ContributorOptIn(site=tenant.site, user=person)])  # no post_save
    assert not tracking.is_tracked(person.pk)  # this process has not checked yet
    tracking._next_check = float("-inf")  # the check interval elapsed, but nobody bumped: same snapshot
    assert not tracking.is_tracked(person.pk)
    cache.set(tracking.VERSION_KEY, "bumped-by-another-process", None)
    tracking._next_check = float("-inf")
    assert tracking.is_tracked(person.pk)


def test_p1_other_packages_register_tracked_people(tenant):
    person = UserFactory(username="panelist")
    def source():
        return [person.pk]

    tracking.register_tracked_users_source(source)
    try:
        FORUM_THREAD_CREATED.send_event(thread=thread_data(person, "t1"))
        assert ContributionSignal.objects.filter(user=person).count() == 1
    finally:
        # Only this test's source: the review package's panelists stay registered for the other tests.
        tracking._SOURCES.remove(source)
        tracking.invalidate_tracked_users()


def test_r21_studio_events_are_attributed_to_the_request_user(tenant, contributor):
    usage_key = UsageKey.from_string("block-v1:OpenedX+DCP101+2025+type@problem+block@p1")
    with crum.impersonate(contributor):
        XBLOCK_PUBLISHED.send_event(xblock_info=XBlockData(usage_key=usage_key, block_type="problem"))
        XBLOCK_PUBLISHED.send_event(xblock_info=XBlockData(usage_key=usage_key, block_type="problem"))
        COURSE_CREATED.send_event(
            course=AuthoringCourseData(course_key=CourseKey.from_string("course-v1:OpenedX+New+2026"))
        )
    kinds = sorted(ContributionSignal.objects.filter(user=contributor, site=tenant.site).values_list("kind", flat=True))
    assert kinds == ["course_created", "xblock_published"]  # the same block twice a day is one contribution


def test_r21_studio_events_without_a_request_user_are_not_attributed(tenant, contributor):
    usage_key = UsageKey.from_string("block-v1:OpenedX+DCP101+2025+type@course+block@course")
    XBLOCK_PUBLISHED.send_event(xblock_info=XBlockData(usage_key=usage_key, block_type="course"))
    assert not ContributionSignal.objects.exists()
    assert handlers.UNATTRIBUTED["course_published"] == 1


def test_p1_studio_events_return_at_once_while_the_program_is_off(tenant, settings):
    settings.DCP_PROGRAM_ENABLED = False
    usage_key = UsageKey.from_string("block-v1:OpenedX+DCP101+2025+type@problem+block@p1")
    XBLOCK_PUBLISHED.send_event(xblock_info=XBlockData(usage_key=usage_key, block_type="problem"))
    assert handlers.UNATTRIBUTED == {} and handlers.FAILURES == {}
