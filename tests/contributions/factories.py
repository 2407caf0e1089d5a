"""
Factories and event builders for contribution-signal tests.
"""

import datetime

import factory
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import (
    CertificateData,
    CourseData,
    CoursePassingStatusData,
    DiscussionThreadData,
    UserData,
    UserPersonalData,
)

from openedx_dcp.contributions.models import ContributionSignal
from tests.factories import SiteFactory, UserFactory


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContributionSignal

    site = factory.SubFactory(SiteFactory)
    user = factory.SubFactory(UserFactory)
    kind = "code_contribution"
    source = "github"
    source_id = factory.Sequence(lambda n: f"pr-{n}")
    occurred_at = factory.LazyFunction(timezone.now)


def at(year, month, day, hour=12):
    """An aware UTC datetime."""
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.timezone.utc)


def user_data(user):
    return UserData(
        id=user.pk, is_active=True,
        pii=UserPersonalData(username=user.username, email=user.email, name=user.username),
    )


def thread_data(user, thread_id="t1", course="course-v1:OpenedX+DCP101+2025", **overrides):
    """A DiscussionThreadData valid on openedx-events 10 and 11 (every field given)."""
    fields = {
        "body": "Hello", "commentable_id": "general", "id": thread_id, "truncated": False,
        "url": "https://lms.example.com/courses/x/discussion/t1", "user": user_data(user),
        "course_id": CourseKey.from_string(course), "thread_type": "discussion", "anonymous": False,
        "anonymous_to_peers": False, "title": "Hi", "title_truncated": False, "group_id": None, "team_id": None,
        "category_id": None, "category_name": None, "discussion": {}, "options": {},
    }
    fields.update(overrides)
    return DiscussionThreadData(**fields)


def course_data(course="course-v1:OpenedX+DCP101+2025"):
    return CourseData(course_key=CourseKey.from_string(course), display_name="DCP 101")


def passing_data(user, course="course-v1:OpenedX+DCP101+2025", is_passing=True):
    return CoursePassingStatusData(is_passing=is_passing, course=course_data(course), user=user_data(user))


def certificate_data(user, course="course-v1:OpenedX+DCP101+2025"):
    return CertificateData(
        user=user_data(user), course=course_data(course), mode="verified", grade="0.9", download_url="",
        name="", current_status="downloadable",
    )
