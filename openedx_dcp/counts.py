"""
Counts kept until their tables change (P3, ADR 0029): a list's exact ``COUNT`` read once, then answered from
the cache until a row of a table the count reads is inserted, updated or deleted.

A page-numbered list must count the rows it pages (``count`` in the answer, the last page's number), and the
database counts by walking every index entry of the list: 3 to 5 ms at 10,000 nominations, as much as the whole
trivial request takes. The plugin's lists change rarely (a nomination is written a few times in its life) and
are read often, so the count is worth keeping, provided it is never stale:

- Every connection gets an execute wrapper (installed when it is created) that notices a statement writing a
  plugin table (``INSERT``, ``UPDATE``, ``DELETE``, ``REPLACE``, ``TRUNCATE`` naming ``openedx_dcp_...``,
  whatever wrote it: the ORM, ``bulk_create``, ``QuerySet.update``, a cascade, raw SQL through Django) and
  gives the table a new token in the cache: at once in autocommit, when the transaction commits inside one (a
  rollback changes nothing). The contribution signals and their rollups, written by every tracked event (P1),
  and the outbox are not counted by any list and never pay for a token.
- A count is kept with the tokens of every table its SQL reads, read *before* it was counted, and answered only
  while those tokens are still the tables' tokens. A write that lands between reading the tokens and counting
  changes the tokens, so the count kept under the old ones is never read again (between a write's commit and
  its new token, microseconds, a reader may still get the count from before it, as if it had read a moment
  earlier). A token missing from the cache
  (evicted, never written) is replaced by a new one before counting: a count is never kept under no token.
- Counts are neither read nor kept inside a transaction (``atomic``): the transaction may see its own
  uncommitted rows, or a snapshot older than the tokens. Nor for SQL reading a table that is not the plugin's
  (a username filter joining ``auth_user``): only the plugin's tables have tokens.
- Kept counts expire after ``DCP_COUNT_CACHE_SECONDS`` (300; ``0`` counts every time and installs no
  wrapper), a bound for writes made outside Django (a database console).

The cache is ``DCP_COUNT_CACHE`` (``"default"``): shared by the LMS's processes (memcached or Redis), so a
write in one process is seen by the counts of all.
"""

import functools
import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.paginator import Paginator
from django.db import transaction
from django.db.backends.signals import connection_created
from django.db.models import Model, QuerySet
from django.dispatch import receiver
from django.utils.functional import cached_property

log = logging.getLogger(__name__)

__all__ = ["EXCLUDED_TABLES", "TABLE_PREFIX", "KeptCountPaginator", "kept", "kept_count", "kept_value", "table_written"]

TABLE_PREFIX = "openedx_dcp_"
# Written by every tracked event and by bulk imports (P1, P2), or by every change's side effects (the outbox),
# and counted by no list (the signals list is paged by cursor; the dashboard reads rollups; the outbox has no
# list): their writes never touch the cache.
EXCLUDED_TABLES = frozenset({
    "openedx_dcp_contributionsignal", "openedx_dcp_signaldaycount", "openedx_dcp_signalrollupstate",
    "openedx_dcp_outboxmessage",
})
_WRITE = re.compile(
    r"^\s*(?:INSERT\s+(?:IGNORE\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+IGNORE)?|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)"
    r"\s+[`\"]?(\w+)",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[`\"](\w+)[`\"]")
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE")


@functools.cache
def _known_tables():
    """Every model's table (of every app): the quoted names in a query's SQL that are tables it reads."""
    return frozenset(model._meta.db_table for model in apps.get_models(include_auto_created=True))


def _seconds():
    return getattr(settings, "DCP_COUNT_CACHE_SECONDS", 300)


def _cache():
    return caches[getattr(settings, "DCP_COUNT_CACHE", "default")]


def _token_key(table):
    return f"dcp:count-token:{table}"


def table_written(table):
    """Give ``table`` a new token: every count kept of it is forgotten."""
    _cache().set(_token_key(table), uuid.uuid4().hex, None)


def _renew(table):
    """
    ``table_written`` for a write that already happened: a cache that does not answer must not turn a stored
    change into an error; the counts kept of the table then expire within ``DCP_COUNT_CACHE_SECONDS``.
    """
    try:
        table_written(table)
    except Exception:  # the cache's own errors: the backends raise their client's exceptions
        log.exception("Could not renew the count token of %s; its kept counts expire on their own.", table)


def _written_table(sql):
    """The plugin table a write statement names (None for a read or another app's table)."""
    if not sql[:12].lstrip().upper().startswith(_WRITE_VERBS):
        return None
    match = _WRITE.match(sql)
    table = match.group(1) if match else None
    if table and table.startswith(TABLE_PREFIX) and table not in EXCLUDED_TABLES:
        return table
    return None


class _Renewal:
    """A table's new token, run once its transaction commits (one per table and transaction)."""

    def __init__(self, table):
        self.table = table

    def __call__(self):
        _renew(self.table)


class _WriteWatcher:
    """The execute wrapper of one connection: tokens renewed for the plugin tables its statements write."""

    def __init__(self, connection):
        self.connection = connection

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        table = _written_table(sql) if isinstance(sql, str) else None
        if table is not None:
            if not self.connection.in_atomic_block:
                _renew(table)
            elif not any(isinstance(entry[1], _Renewal) and entry[1].table == table
                         for entry in self.connection.run_on_commit):
                # Once per table however many rows the transaction writes; a rolled-back savepoint drops its
                # callbacks, and a later write registers the table again.
                transaction.on_commit(_Renewal(table), using=self.connection.alias)
        return result


@receiver(connection_created, dispatch_uid="openedx_dcp.counts.watch_writes")
def watch_writes(sender, connection, **kwargs):
    """Install the write watcher on each new connection (once), unless kept counts are switched off."""
    if _seconds() and not any(isinstance(wrapper, _WriteWatcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_WriteWatcher(connection))


def kept_count(queryset) -> int:
    """``queryset.count()``, kept until a table it reads is written (see the module's docstring)."""
    return kept(queryset, queryset.count)


def kept(queryset, compute: Callable[[], Any], *, also: Iterable[type[Model]] = ()) -> Any:
    """
    ``compute()``, a figure of ``queryset``'s rows (its count, its groups' sizes), kept until a table the
    queryset reads, or a table of the models ``also`` (read by ``compute`` beside it), is written. Computed
    every time inside a transaction, for a table that is not the plugin's, or with kept counts switched off.
    """
    connection = transaction.get_connection(queryset.db)
    if not _watched(connection) or queryset._result_cache is not None:
        return compute()
    try:
        sql, params = queryset.query.chain().get_compiler(queryset.db).as_sql()
    except (EmptyResultSet, FullResultSet):  # an empty list of ids and the like: nothing worth keeping
        return compute()
    tables = set(_QUOTED.findall(sql)) & _known_tables() | {model._meta.db_table for model in also}
    return _kept((compute.__qualname__, sql, tuple(params)), tables, compute, connection)


def kept_value(key: tuple, *, models: Iterable[type[Model]], compute: Callable[[], Any], using: str = "default"):
    """
    ``compute()``, kept under ``key`` (what it depends on besides the tables: a program's id, today) until a
    table of ``models`` (every table ``compute`` reads) is written; without building a query to learn them.
    """
    connection = transaction.get_connection(using)
    if not _watched(connection):
        return compute()
    return _kept(key, {model._meta.db_table for model in models}, compute, connection)


def _watched(connection):
    """Whether figures may be kept on ``connection``: switched on, outside a transaction, writes watched."""
    return bool(_seconds()) and not connection.in_atomic_block and any(
        isinstance(wrapper, _WriteWatcher) for wrapper in connection.execute_wrappers)


def _kept(key, tables, compute, connection):
    tables = sorted(tables)
    if not tables or not all(table.startswith(TABLE_PREFIX) and table not in EXCLUDED_TABLES for table in tables):
        return compute()
    digest = hashlib.sha256(repr((connection.alias, connection.settings_dict.get("NAME"), key,
                                  tables)).encode()).hexdigest()
    entry_key = f"dcp:count:{digest}"
    try:
        tokens, entry = _tokens_and_entry(_cache(), [_token_key(table) for table in tables], entry_key)
    except Exception:  # a cache that does not answer: count as if nothing were kept
        log.warning("The count cache does not answer; counting.", exc_info=True)
        return compute()
    if tokens is None:
        return compute()
    if entry is not None and entry[0] == tokens:
        return entry[1]
    value = compute()
    try:
        _cache().set(entry_key, (tokens, value), _seconds())
    except Exception:
        log.warning("The count cache does not answer; the count is not kept.", exc_info=True)
    return value


def _tokens_and_entry(cache, token_keys, entry_key):
    """The tables' tokens (a missing one replaced by a new one; None if that fails) and the kept entry."""
    found = cache.get_many([*token_keys, entry_key])
    tokens = []
    for token_key in token_keys:
        token = found.get(token_key)
        if token is None:  # never written since the cache started, or evicted: a new token, then compute
            token = uuid.uuid4().hex
            if not cache.add(token_key, token, None):
                token = cache.get(token_key)
                if token is None:
                    return None, None
        tokens.append(token)
    return tokens, found.get(entry_key)


class KeptCountPaginator(Paginator):
    """Django's paginator, with a queryset's count kept until a table it reads is written."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return kept_count(self.object_list)
        return super().count
