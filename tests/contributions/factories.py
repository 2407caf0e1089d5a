"""
Factories and event builders for contribution-signal tests.
"""

import datetime

import factory
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey
from openedx_events.learning.data import (
    CcxCourseData,
    CcxCoursePassingStatusData,
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


# -- Events as the LMS's own code builds them (edx-platform, Teak) -------------------------------------------
# The forum views' ``track_forum_event`` fills ``DiscussionThreadData`` from its tracking-log dict with
# ``data.get(...)`` (so a key the view did not set is None), passes ``course_id=str(course.id)`` and the team's
# ``team_id`` slug, and the discussion REST API goes through the same function. Certificates
# (``GeneratedCertificate``) and grades (``emit_course_passing_status_update``) send key objects, with a
# ``CourseData`` holding only ``course_key``.

def lms_user_data(user, name=""):
    return UserData(
        pii=UserPersonalData(username=user.username, email=user.email, name=name), id=user.id,
        is_active=user.is_active,
    )


def lms_forum_event(user, obj_id, course="course-v1:OpenedX+DCP101+2025", obj_type="thread", referer=""):
    """The ``thread`` argument of a forum event, built the way ``track_forum_event`` builds it."""
    if obj_type == "thread":
        data = {
            "commentable_id": "course", "group_id": None, "thread_type": "discussion", "anonymous": False,
            "anonymous_to_peers": False, "options": {"followed": False}, "title_truncated": False, "title": "Hi",
        }
    else:  # a response, or a comment on one: the view leaves out the anonymity flags, the title and the type
        data = {"discussion": {"id": "thread-1"}, "commentable_id": "course", "options": {"followed": True}}
        if obj_type == "comment":
            data["response"] = {"id": "response-1"}
    data.update(truncated=False, body="Hello", id=obj_id, team_id="team-slug", category_id="course",
                category_name="General", url=referer, user_forums_roles=["Student"], user_course_roles=[])
    return DiscussionThreadData(
        anonymous=data.get("anonymous"), anonymous_to_peers=data.get("anonymous_to_peers"), body=data.get("body"),
        category_id=data.get("category_id"), category_name=data.get("category_name"),
        commentable_id=data.get("commentable_id"), group_id=data.get("group_id"), id=data.get("id"),
        team_id=data.get("team_id"), thread_type=data.get("thread_type"), title=data.get("title"),
        title_truncated=data.get("title_truncated"), truncated=data.get("truncated"), url=data.get("url"),
        discussion=data.get("discussion"), user_course_roles=data.get("user_course_roles"),
        user_forums_roles=data.get("user_forums_roles"), user=lms_user_data(user), course_id=course,
        options=data.get("options"),
    )


def lms_certificate(user, course="course-v1:OpenedX+DCP101+2025"):
    return CertificateData(
        user=lms_user_data(user), course=CourseData(course_key=CourseKey.from_string(course)), mode="verified",
        grade="0.91", current_status="downloadable", download_url="", name="",
    )


def lms_passing_status(user, course="course-v1:OpenedX+DCP101+2025", is_passing=True):
    """What ``emit_course_passing_status_update`` sends: the CCX event for a CCX key, the course event otherwise."""
    course_id = CourseKey.from_string(course)
    if hasattr(course_id, "ccx"):
        return CcxCoursePassingStatusData(
            is_passing=is_passing, user=lms_user_data(user),
            course=CcxCourseData(ccx_course_key=course_id, master_course_key=course_id.to_course_locator()),
        )
    return CoursePassingStatusData(
        is_passing=is_passing, user=lms_user_data(user), course=CourseData(course_key=course_id),
    )
