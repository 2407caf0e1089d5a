"""
Open edX events that become contribution signals (R21).

Each receiver follows the same path. Program switched off: return. The event's user is not tracked (see
``openedx_dcp.contributions.tracking``): return, without a database query (P1). Otherwise: resolve the tenant
from the course key's organization (a cached map, no query) and store one signal with a single
``INSERT ... IGNORE`` keyed on the event's natural identifier, so a redelivered event (event bus) is a no-op.
Any failure is logged and counted (``FAILURES`` and the ``dcp_signal_receiver_failures`` custom attribute)
and never raised into the caller: with ``DEBUG`` on, a receiver's exception would break the LMS request.

The write never happens inside the caller's transaction: it runs once that transaction commits
(``transaction.on_commit``; at once when there is none). Inside it, a failed write (on MariaDB: the LMS's
transaction chosen as a deadlock victim over the signal's unique key) would roll back the LMS's own earlier
writes while the LMS, which never saw the error, commits the rest. After the commit, a failure only loses the
signal, and is counted.

Receivers take what the platform really sends, not only what the event's data class declares: the forum views
send ``course_id`` as a string (``str(course.id)``), optional fields may be None, and the user may have been
retired (the row stays) or deleted since (nothing is stored: the ``INSERT`` selects from the user table).

Studio authoring events carry no user: they are attributed to the request's user (``crum``) when there is one.
Events consumed from the event bus run outside any request, so Studio events that arrive that way, and Studio
events sent by background tasks (imports, reruns, publishing by Celery), are not attributed and only counted
in ``UNATTRIBUTED``. Anonymous forum posts are not recorded at all.

Signal names are looked up with ``getattr`` so the module loads on openedx-events 10 (Teak) and 11
(Ulmo/Verawood) alike; a signal missing from the installed version is simply not received.
"""

import collections
import datetime
import logging

import crum
from django.db import transaction
from django.dispatch import receiver
from edx_django_utils import monitoring
from opaque_keys.edx.keys import CourseKey
from openedx_events.content_authoring import signals as authoring
from openedx_events.learning import signals as learning

from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.contributions.tracking import is_tracked, site_id_for_org
from openedx_dcp.toggles import program_enabled

log = logging.getLogger(__name__)

# Per-process counters, for tests and a quick look from a shell; monitoring gets the same numbers.
FAILURES = collections.Counter()
UNATTRIBUTED = collections.Counter()
RECEIVED = []  # names of the signals this process listens to


def _on(module, name):
    """``@receiver`` for ``module.name`` when the installed openedx-events defines it; a no-op otherwise."""
    signal = getattr(module, name, None)

    def decorate(fn):
        if signal is None:
            return fn
        RECEIVED.append(name)
        return receiver(signal, dispatch_uid=f"openedx_dcp.handlers.{name}")(fn)

    return decorate


def _failed(where):
    FAILURES[where] += 1
    try:
        monitoring.increment("dcp_signal_receiver_failures")
    except Exception:
        pass
    log.exception("Could not record a contribution signal from %s; the event is ignored.", where)


def _occurred_at(metadata):
    when = getattr(metadata, "time", None)
    return when or datetime.datetime.now(datetime.timezone.utc)


def _store(kind, user_id, org, source_id, metadata, url=""):
    """Record one signal once the caller's transaction commits (at once outside a transaction)."""
    site_id = site_id_for_org(org)
    occurred_at = _occurred_at(metadata)

    def write():
        try:
            contributions_api.record_signal(
                site_id=site_id, kind=kind, source_id=f"{kind}:{source_id}", occurred_at=occurred_at,
                user_id=user_id, url=url or "",
            )
        except Exception:
            _failed(kind)

    transaction.on_commit(write)


def _user_id(user):
    """The id of the event's ``UserData`` as an int, or None when the event names nobody usable."""
    user_id = getattr(user, "id", None)
    if user_id.__class__ is int:
        return user_id
    try:
        return int(user_id)
    except (TypeError, ValueError):
        return None


def _course_key(value):
    """
    A course (or CCX) key from what a sender put in the event: a key object, or its string (the LMS's forum
    views send ``course_id=str(course.id)``). Raises for anything else, which the receiver counts.
    """
    if isinstance(value, str):
        return CourseKey.from_string(value)
    if getattr(value, "org", None) is None:
        raise ValueError(f"The event names no course key: {value!r}.")
    return value


# -- Forum ------------------------------------------------------------------------------------------------

def _forum(kind, thread, metadata):
    try:
        if not program_enabled():
            return
        user_id = _user_id(thread.user)
        if user_id is None or not is_tracked(user_id):
            return
        if thread.anonymous or thread.anonymous_to_peers:
            return
        if not thread.id:
            raise ValueError("The forum event names no post id.")
        course_key = _course_key(thread.course_id)
        url = thread.url if isinstance(thread.url, str) and thread.url.startswith(("http://", "https://")) else ""
        if thread.anonymous is None or thread.anonymous_to_peers is None:
            # The LMS leaves the flags out of response and comment events: the post may be anonymous, so the
            # signal counts it without pointing at it.
            url = ""
        _store(kind, user_id, course_key.org, thread.id, metadata, url[:500])
    except Exception:
        _failed(kind)


@_on(learning, "FORUM_THREAD_CREATED")
def record_forum_thread(signal, sender, thread=None, metadata=None, **kwargs):
    """A tracked user started a discussion thread."""
    _forum("forum_thread", thread, metadata)


@_on(learning, "FORUM_THREAD_RESPONSE_CREATED")
def record_forum_response(signal, sender, thread=None, metadata=None, **kwargs):
    """A tracked user responded to a thread."""
    _forum("forum_response", thread, metadata)


@_on(learning, "FORUM_RESPONSE_COMMENT_CREATED")
def record_forum_comment(signal, sender, thread=None, metadata=None, **kwargs):
    """A tracked user commented on a response."""
    _forum("forum_comment", thread, metadata)


# -- Certificates and grades ------------------------------------------------------------------------------

@_on(learning, "CERTIFICATE_CREATED")
def record_certificate(signal, sender, certificate=None, metadata=None, **kwargs):
    """A tracked user earned a course certificate (engagement)."""
    try:
        if not program_enabled():
            return
        user_id = _user_id(certificate.user)
        if user_id is None or not is_tracked(user_id):
            return
        course_key = _course_key(certificate.course.course_key)
        _store("certificate", user_id, course_key.org, f"{user_id}:{course_key}", metadata)
    except Exception:
        _failed("certificate")


def _passing(course_passing_status, metadata, keys_of):
    """``keys_of(course)`` answers ``(key whose org is the tenant, key the signal is about)``."""
    try:
        if not program_enabled():
            return
        user_id = _user_id(course_passing_status.user)
        if user_id is None or not is_tracked(user_id) or not course_passing_status.is_passing:
            return
        tenant_key, course_key = keys_of(course_passing_status.course)
        _store("course_passed", user_id, tenant_key.org, f"{user_id}:{course_key}", metadata)
    except Exception:
        _failed("course_passed")


@_on(learning, "COURSE_PASSING_STATUS_UPDATED")
def record_course_passed(signal, sender, course_passing_status=None, metadata=None,
                         **kwargs):
    """A tracked user passed a course (engagement); a failing status is not a signal."""
    _passing(course_passing_status, metadata, _course_keys)


@_on(learning, "CCX_COURSE_PASSING_STATUS_UPDATED")
def record_ccx_course_passed(signal, sender, course_passing_status=None, metadata=None,
                             **kwargs):
    """
    A tracked user passed a CCX course. The signal is about the CCX (its key is in the ``source_id``): a CCX is
    a course run of its own, with its own enrollment, coach and grades, so passing it and passing its master
    course, or two CCXs of one master, are separate signals; replays of the same pass stay one. The tenant is
    the master course's organization.
    """
    _passing(course_passing_status, metadata, _ccx_course_keys)


def _course_keys(course):
    key = _course_key(course.course_key)
    return key, key


def _ccx_course_keys(course):
    master = _course_key(course.master_course_key)
    ccx = course.ccx_course_key
    return master, (_course_key(ccx) if ccx else master)


# -- Studio authoring (no user in the event) --------------------------------------------------------------

def _request_user_id(kind):
    """The id of the authenticated user of the current request, or None (counted as unattributed)."""
    user = crum.get_current_user()
    if user is None or not getattr(user, "is_authenticated", False):
        UNATTRIBUTED[kind] += 1
        return None
    return user.pk


def _authoring(kind, org, source_id, metadata, per_day=False):
    try:
        if not program_enabled():
            return
        user_id = _request_user_id(kind)
        if user_id is None or not is_tracked(user_id):
            return
        if per_day:
            # Publishing the same block again the same day is one contribution, not many.
            source_id = f"{source_id}:{user_id}:{_occurred_at(metadata):%Y-%m-%d}"
        _store(kind, user_id, org, source_id, metadata)
    except Exception:
        _failed(kind)


@_on(authoring, "XBLOCK_PUBLISHED")
def record_xblock_published(signal, sender, xblock_info=None, metadata=None,
                            **kwargs):
    """A tracked author published a block in Studio (a whole course when the block is the course)."""
    if not program_enabled():
        return
    try:
        kind = "course_published" if xblock_info.block_type == "course" else "xblock_published"
        usage_key = xblock_info.usage_key
        org = usage_key.course_key.org
    except Exception:
        _failed("xblock_published")
        return
    _authoring(kind, org, str(usage_key), metadata, per_day=True)


@_on(authoring, "COURSE_CREATED")
def record_course_created(signal, sender, course=None, metadata=None, **kwargs):
    """A tracked author created a course in Studio."""
    if not program_enabled():
        return
    try:
        course_key = course.course_key
    except Exception:
        _failed("course_created")
        return
    _authoring("course_created", course_key.org, str(course_key), metadata)


@_on(authoring, "CONTENT_LIBRARY_CREATED")
def record_library_created(signal, sender, content_library=None, metadata=None,
                           **kwargs):
    """A tracked author created a content library."""
    if not program_enabled():
        return
    try:
        library_key = content_library.library_key
    except Exception:
        _failed("library_created")
        return
    _authoring("library_created", library_key.org, str(library_key), metadata)


@_on(authoring, "LIBRARY_BLOCK_PUBLISHED")
def record_library_block_published(signal, sender, library_block=None, metadata=None,
                                   **kwargs):
    """A tracked author published a library block."""
    if not program_enabled():
        return
    try:
        org, usage_key = library_block.library_key.org, str(library_block.usage_key)
    except Exception:
        _failed("library_published")
        return
    _authoring("library_published", org, usage_key, metadata, per_day=True)


@_on(authoring, "LIBRARY_CONTAINER_PUBLISHED")
def record_library_container_published(signal, sender, library_container=None, metadata=None,
                                       **kwargs):
    """A tracked author published a library container (unit, section …)."""
    if not program_enabled():
        return
    try:
        container_key = library_container.container_key
        org = container_key.lib_key.org
    except Exception:
        _failed("library_published")
        return
    _authoring("library_published", org, str(container_key), metadata, per_day=True)
