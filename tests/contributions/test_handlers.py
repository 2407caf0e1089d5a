"""
Open edX events → contribution signals (R21) and the receivers' cost rules (P1).

The tests run outside a test transaction (``transaction=True``), as an LMS request without ``ATOMIC_REQUESTS``
does: receivers write when the caller's transaction commits, so inside the usual test transaction nothing would
ever be written.
"""

import crum
import pytest
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from opaque_keys.edx.keys import CourseKey, UsageKey
from openedx_events.content_authoring.data import CourseData as AuthoringCourseData
from openedx_events.content_authoring.data import XBlockData
from openedx_events.content_authoring.signals import COURSE_CREATED, XBLOCK_PUBLISHED
from openedx_events.learning.signals import (
    CCX_COURSE_PASSING_STATUS_UPDATED,
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
from tests.contributions.factories import (
    certificate_data,
    lms_certificate,
    lms_forum_event,
    lms_passing_status,
    passing_data,
    thread_data,
)
from tests.factories import SiteFactory, UserFactory, grant_role, make_program

pytestmark = pytest.mark.django_db(transaction=True)


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
    contributions_api.opt_in(site=tenant.site, user=person)
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


# -- What the LMS really sends (issue 19) --------------------------------------------------------------------

def test_r21_forum_events_sent_as_the_lms_forum_views_send_them_become_signals(tenant, contributor):
    """``track_forum_event`` sends ``course_id=str(course.id)`` and leaves unset fields None."""
    FORUM_THREAD_CREATED.send_event(thread=lms_forum_event(
        contributor, "t1", referer="https://lms.example.com/courses/course-v1:OpenedX+DCP101+2025/discussion/forum/"))
    FORUM_THREAD_RESPONSE_CREATED.send_event(thread=lms_forum_event(
        contributor, "r1", obj_type="response", referer="https://lms.example.com/discussions/r1"))
    FORUM_RESPONSE_COMMENT_CREATED.send_event(thread=lms_forum_event(contributor, "c1", obj_type="comment"))

    assert handlers.FAILURES == {}
    signals = {s.kind: s for s in ContributionSignal.objects.filter(user=contributor, site=tenant.site)}
    assert sorted((s.kind, s.source_id) for s in signals.values()) == [
        ("forum_comment", "forum_comment:c1"), ("forum_response", "forum_response:r1"),
        ("forum_thread", "forum_thread:t1"),
    ]
    assert signals["forum_thread"].url.startswith("https://lms.example.com/courses/")
    # A response's event does not say whether it was anonymous: counted, but never pointing at the post.
    assert signals["forum_response"].url == ""


def test_r21_forum_event_with_a_key_object_or_a_string_is_the_same_signal(tenant, contributor):
    FORUM_THREAD_CREATED.send_event(thread=lms_forum_event(contributor, "t1"))
    FORUM_THREAD_CREATED.send_event(thread=thread_data(contributor, "t1"))
    assert ContributionSignal.objects.get(user=contributor).site_id == tenant.site_id
    assert handlers.FAILURES == {}


def test_r21_certificate_and_passing_events_as_the_lms_sends_them(tenant, contributor):
    CERTIFICATE_CREATED.send_event(certificate=lms_certificate(contributor))
    COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=lms_passing_status(contributor))
    assert sorted(ContributionSignal.objects.filter(site=tenant.site).values_list("kind", "source_id")) == [
        ("certificate", f"certificate:{contributor.pk}:course-v1:OpenedX+DCP101+2025"),
        ("course_passed", f"course_passed:{contributor.pk}:course-v1:OpenedX+DCP101+2025"),
    ]
    assert handlers.FAILURES == {}


def test_r21_a_ccx_pass_is_keyed_by_the_ccx_and_belongs_to_the_master_course_tenant(tenant, contributor):
    """docs/signals.md: a CCX is a course run of its own; its tenant is the master course's org."""
    ccx = "ccx-v1:OpenedX+DCP101+2025+ccx@3"
    CCX_COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=lms_passing_status(contributor, ccx))
    CCX_COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=lms_passing_status(contributor, ccx))
    COURSE_PASSING_STATUS_UPDATED.send_event(course_passing_status=lms_passing_status(contributor))
    assert sorted(ContributionSignal.objects.filter(site=tenant.site).values_list("source_id", flat=True)) == [
        f"course_passed:{contributor.pk}:{ccx}",
        f"course_passed:{contributor.pk}:course-v1:OpenedX+DCP101+2025",
    ]


def test_r21_events_of_a_retired_user_are_recorded_and_of_a_deleted_user_are_not(tenant, contributor):
    contributor.username, contributor.email = "retired__user_abc", "retired@retired.invalid"
    contributor.is_active = False
    contributor.save()
    FORUM_THREAD_CREATED.send_event(thread=lms_forum_event(contributor, "t1"))
    assert ContributionSignal.objects.filter(user=contributor).count() == 1

    gone = UserFactory(username="gone")
    grant_role(tenant, gone, CommunityRole.CORE_CONTRIBUTOR)
    warm()
    event = lms_forum_event(gone, "t2")
    type(gone).objects.filter(pk=gone.pk).delete()  # elsewhere: this process's snapshot still tracks the id
    FORUM_THREAD_CREATED.send_event(thread=event)
    assert not ContributionSignal.objects.filter(source_id="forum_thread:t2").exists()
    assert handlers.FAILURES == {}


@pytest.mark.parametrize("course_id", [None, "not a course key", 42])
def test_p1_an_event_without_a_usable_course_key_is_counted_never_raised(tenant, contributor, course_id):
    event = lms_forum_event(contributor, "t1", course=course_id)
    results = FORUM_THREAD_CREATED.send_event(send_robust=False, thread=event)
    assert [response for fn, response in results if fn is handlers.record_forum_thread] == [None]
    assert handlers.FAILURES["forum_thread"] == 1
    assert not ContributionSignal.objects.exists()


# -- Never inside the caller's transaction (issue 10, item 6) -------------------------------------------------

def test_p1_the_signal_is_written_after_the_callers_transaction_commits(tenant, contributor):
    warm()
    with transaction.atomic():
        Site.objects.filter(pk=tenant.site_id).update(name="written by the LMS")
        with CaptureQueriesContext(connection) as queries:
            FORUM_THREAD_CREATED.send_event(thread=lms_forum_event(contributor, "t1"))
        assert len(queries) == 0  # nothing in the LMS's transaction
        assert not ContributionSignal.objects.exists()
    assert ContributionSignal.objects.get().source_id == "forum_thread:t1"


def test_p1_nothing_is_written_when_the_callers_transaction_rolls_back(tenant, contributor):
    with pytest.raises(RuntimeError), transaction.atomic():
        FORUM_THREAD_CREATED.send_event(thread=lms_forum_event(contributor, "t1"))
        raise RuntimeError("the LMS request failed")
    assert not ContributionSignal.objects.exists()


def test_p1_a_failed_write_after_commit_is_counted_and_leaves_the_callers_writes(tenant, contributor, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("Deadlock found when trying to get lock")

    monkeypatch.setattr(contributions_api, "record_signal", broken)
    with transaction.atomic():
        Site.objects.filter(pk=tenant.site_id).update(name="written by the LMS")
        FORUM_THREAD_CREATED.send_event(send_robust=False, thread=lms_forum_event(contributor, "t1"))
    assert Site.objects.get(pk=tenant.site_id).name == "written by the LMS"
    assert handlers.FAILURES["forum_thread"] == 1


# -- The cache down (issue 10, item 7) --------------------------------------------------------------------------

def test_p1_with_the_cache_down_tracked_users_are_still_recorded_at_bounded_cost(tenant, contributor, settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0",
    }}
    with pytest.raises(Exception, match="(?i)connect"):
        cache.get(tracking.VERSION_KEY)  # the cache really is down
    tracking._next_check = float("-inf")

    FORUM_THREAD_CREATED.send_event(thread=lms_forum_event(contributor, "t1"))

    assert ContributionSignal.objects.get(user=contributor).source_id == "forum_thread:t1"
    assert tracking.CACHE_FAILURES["version"] == 1
    # Until the next check the snapshot serves without asking the cache or the database again.
    stranger = UserFactory(username="stranger")
    with CaptureQueriesContext(connection) as queries:
        for n in range(5):
            FORUM_THREAD_CREATED.send_event(thread=lms_forum_event(stranger, f"s{n}"))
    assert len(queries) == 0
    assert tracking.CACHE_FAILURES["version"] == 1
    # The next check reloads from the database (a bounded handful of queries), still without the cache.
    tracking._next_check = float("-inf")
    with CaptureQueriesContext(connection) as queries:
        assert tracking.is_tracked(contributor.pk)
    assert 0 < len(queries) <= 10
    assert tracking.CACHE_FAILURES["version"] == 2
