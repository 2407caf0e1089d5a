"""
Who the program tracks, cached per process so event receivers cost nothing for everybody else (P1).

Receivers run inside other people's requests, for every forum post and certificate of the platform. For a user
the program has no interest in they must answer without touching the database, so each process keeps a
snapshot: the ids of the people the program tracks (members, nominees, nominators, endorsers, community-role
holders, opted-in contributors, and whatever other packages register, e.g. panelists) and the course
organization → tenant map. Every change to those models bumps a version key in the Django cache (the shared
cache, e.g. memcached or Redis, in a deployment); each process reads that key at most every
``DCP_TRACKED_USERS_CHECK_SECONDS`` and reloads when it moved, and reloads anyway after
``DCP_TRACKED_USERS_CACHE_SECONDS``. Processes therefore converge within the check interval, and nothing
assumes a single process. With the cache down, each process reloads from the database at every check instead.
"""

import collections
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from edx_django_utils import monitoring

from openedx_dcp.contributions.models import ContributorOptIn, TenantCourseOrg
from openedx_dcp.programs.models import CommunityRole

log = logging.getLogger(__name__)

__all__ = [
    "is_tracked",
    "site_id_for_org",
    "tracked_user_ids",
    "register_tracked_users_source",
    "invalidate_tracked_users",
    "VERSION_KEY",
    "CACHE_FAILURES",
]

VERSION_KEY = "openedx_dcp:tracked_users:version"

# The process's snapshot. Replaced as a whole (never mutated), so readers in other threads see either the old
# or the new one.
_user_ids = frozenset()
_org_sites = {}
_version = None
_next_check = float("-inf")
_expires_at = float("-inf")
_lock = threading.Lock()

_SOURCES = []
# Per-process count of failed reads of the shared version (the cache was down), for tests and a shell.
CACHE_FAILURES = collections.Counter()


def _builtin_sources():
    """
    The tracked people this package and the programs package know of: a query each, returning user ids. The
    packages above add theirs with ``register_tracked_users_source`` when the app is ready (members, nominees,
    nominators and endorsers, panelists), since this package may not import them.
    """
    return [
        CommunityRole.objects.values_list("user_id", flat=True),
        ContributorOptIn.objects.values_list("user_id", flat=True),
    ]


def is_tracked(user_id):
    """
    Whether the program records signals of ``user_id``. No database query unless the snapshot is due for a
    reload (at most once per check interval and process, and only when something changed).
    """
    if time.monotonic() >= _next_check:
        _refresh()
    return user_id in _user_ids


def site_id_for_org(org):
    """The tenant (site id) of a course organization: the ``TenantCourseOrg`` map, else ``settings.SITE_ID``."""
    if time.monotonic() >= _next_check:
        _refresh()
    return _org_sites.get(org) or settings.SITE_ID


def tracked_user_ids():
    """The current snapshot of tracked user ids (refreshed if due)."""
    if time.monotonic() >= _next_check:
        _refresh()
    return _user_ids


def register_tracked_users_source(source, senders=()):
    """
    Add people to the tracked set: ``source()`` returns an iterable of user ids (a ``values_list`` query is
    best). Saving or deleting an instance of any model in ``senders`` invalidates the snapshot in every process.
    The membership, nominations and review packages register their people this way (their ``receivers``).
    """
    if source not in _SOURCES:
        _SOURCES.append(source)
    for sender in senders:
        _connect_invalidation(sender)
    invalidate_tracked_users()


def invalidate_tracked_users():
    """
    Make every process reload its snapshot: bump the shared version key now and, when inside a transaction,
    again after it commits (so no process reloads before the change is visible and then keeps a stale set).
    """
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def _bump():
    global _next_check
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:
        log.exception("Could not bump the tracked-users version in the cache; other processes reload later.")
    _next_check = float("-inf")


def _refresh():
    """
    Read the shared version; reload the snapshot when it moved or expired. Never raises.

    When the cache cannot be read (Redis or memcached down), the version is unknown: the snapshot is reloaded
    from the database at every check instead (a handful of queries per process every
    ``DCP_TRACKED_USERS_CHECK_SECONDS``), so events are still recorded while the cache is away.
    """
    global _user_ids, _org_sites, _version, _next_check, _expires_at
    with _lock:
        now = time.monotonic()
        if now < _next_check:
            return
        check_seconds = getattr(settings, "DCP_TRACKED_USERS_CHECK_SECONDS", 10)
        try:
            version = _shared_version()
        except Exception:
            CACHE_FAILURES["version"] += 1
            _count("dcp_tracked_users_cache_failures")
            log.warning("Could not read the tracked-users version from the cache; reloading from the database.",
                        exc_info=True)
            version = None
        try:
            if version is None or version != _version or now >= _expires_at:
                user_ids = set()
                for source in _builtin_sources() + [source() for source in _SOURCES]:
                    user_ids.update(source)
                user_ids.discard(None)
                org_sites = dict(TenantCourseOrg.objects.values_list("org", "site_id"))
                _user_ids, _org_sites, _version = frozenset(user_ids), org_sites, version
                _expires_at = now + getattr(settings, "DCP_TRACKED_USERS_CACHE_SECONDS", 300)
        except Exception:
            # Keep serving the old snapshot; try again after the check interval.
            log.exception("Could not refresh the set of tracked users.")
        _next_check = now + check_seconds


def _shared_version():
    """The version every process compares with, created when the cache has none (raises when it is down)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def _count(name):
    try:
        monitoring.increment(name)
    except Exception:
        pass


def _on_change(sender, **kwargs):
    invalidate_tracked_users()


def _connect_invalidation(model):
    uid = f"openedx_dcp.tracking.{model._meta.label}"
    post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}.save", weak=False)
    post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}.delete", weak=False)


for _model in (CommunityRole, ContributorOptIn, TenantCourseOrg):
    _connect_invalidation(_model)
