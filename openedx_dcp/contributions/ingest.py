"""
Recording contribution signals: one from an Open edX event (``record_signal``), a validated batch from the REST API
(``ingest_signals``) and a streamed bulk import (``import_signals``, a writer thread with a multi-row raw ``INSERT``
that ignores duplicates, P2). Every path is idempotent on ``(site, source, source_id)``.
"""

from __future__ import annotations

import datetime
import math
import queue
import re
import threading
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, transaction
from django.db.models.constants import OnConflict
from django.utils.translation import gettext as _

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.exceptions import ValidationFailed
from openedx_dcp.programs.models import Organization

if TYPE_CHECKING:  # names in type hints only
    from collections.abc import Callable, Iterable
    from typing import Any

    from django.contrib.sites.models import Site

__all__ = [
    "EVENT_SOURCE",
    "MAX_BATCH",
    "record_signal",
    "clean_signal_item",
    "ingest_signals",
    "ImportSummary",
    "import_signals",
]


# Signals from Open edX events carry this source; external integrations may not use it, so an integration can
# never overwrite or pre-empt an event's idempotency key.
EVENT_SOURCE = "openedx"


# Most items one API request may carry.
MAX_BATCH = 1000


_ITEM_FIELDS = {"kind", "source", "source_id", "occurred_at", "user", "organization", "weight", "url"}


def record_signal(*, site_id: int, kind: str, source_id: str, occurred_at: datetime.datetime,
                  user_id: int | None = None, organization_id: int | None = None, weight: float = 1.0, url: str = "",
                  source: str = EVENT_SOURCE) -> int:
    """
    Store one signal with a single ``INSERT`` that ignores a duplicate ``(site, source, source_id)``: replaying
    an event (the event bus redelivers) changes nothing. Used by the event receivers: one statement, no read,
    no transaction of its own. A signal of a user selects its values from the user's row, so an event about a
    user deleted since stores nothing instead of failing on the foreign key. Returns the number of rows stored
    (0 or 1).
    """
    adapt = connection.ops.adapt_datetimefield_value
    row = (
        site_id, user_id, organization_id, kind, source, source_id, adapt(occurred_at), weight, url or "",
        adapt(datetime.datetime.now(datetime.timezone.utc)),
    )
    with connection.cursor() as cursor:
        if user_id is None:
            cursor.execute(_insert_sql(), row)
        else:
            cursor.execute(_insert_for_user_sql(), (*row, user_id))
        return cursor.rowcount


# C0 and C1 control characters (NUL among them) and lone surrogates (which no UTF-8 column can store).
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _text(item, key, max_length, required=True):
    value = item.get(key)
    if (
        value.__class__ is str and 0 < len(value) <= max_length and value.isprintable()
        and not (value[0].isspace() or value[-1].isspace())
    ):
        return value  # the common case, checked without building a new string
    if value is None or value == "":
        if required:
            raise ValidationFailed(_("This field is required."), field=key)
        return ""
    if not isinstance(value, str):
        value = str(value)
    value = value.strip()
    if required and not value:
        raise ValidationFailed(_("This field is required."), field=key)
    if len(value) > max_length:
        raise ValidationFailed(_("At most {count} characters.").format(count=max_length), field=key)
    if _CONTROL_CHARACTERS.search(value):
        # Never part of an identifier, a name or a URL; NUL cannot even be stored by PostgreSQL, and a lone
        # surrogate (a JSON "\ud800" escape) by no UTF-8 column.
        raise ValidationFailed(_("Control characters (such as NUL) and lone surrogates are not allowed."),
                               field=key)
    return value


def _occurred_at(item, now):
    raw = item.get("occurred_at")
    if isinstance(raw, datetime.datetime):
        value = raw
    else:
        if not raw or not isinstance(raw, str):
            raise ValidationFailed(_("This field is required (ISO 8601 date and time)."), field="occurred_at")
        try:
            value = datetime.datetime.fromisoformat(raw.strip())
        except ValueError as exc:
            raise ValidationFailed(_("Not an ISO 8601 date and time: {value}.").format(value=repr(raw)),
                                   field="occurred_at") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    if value > now + datetime.timedelta(days=1):
        raise ValidationFailed(_("A contribution cannot be dated in the future."), field="occurred_at")
    return value


def clean_signal_item(*, item: Any, now: datetime.datetime | None = None) -> dict:
    """
    Check one external signal (a dict from the API or one line of an import file) and return it normalized:
    ``{"kind", "source", "source_id", "occurred_at", "user"|"organization", "weight", "url"}`` with
    ``user`` a username and ``organization`` an organization slug, still to be resolved. Raises
    ``ValidationFailed`` naming the field. No database access, so a million lines stay cheap.
    """
    if not isinstance(item, dict):
        raise ValidationFailed(_("Each signal is an object."), field="non_field_errors")
    unknown = set(item) - _ITEM_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown field(s): {names}.").format(names=", ".join(sorted(unknown))),
                               field="non_field_errors")
    now = now or datetime.datetime.now(datetime.timezone.utc)
    source = _text(item, "source", 64)
    if source.casefold() == EVENT_SOURCE:  # "OpenEdX" would pass for the events' source to a reader
        raise ValidationFailed(_("The source '{source}' is reserved for Open edX events.").format(source=EVENT_SOURCE),
                               field="source")
    cleaned = {
        "kind": _text(item, "kind", 64),
        "source": source,
        "source_id": _text(item, "source_id", 255),
        "occurred_at": _occurred_at(item, now),
        "user": _text(item, "user", 150, required=False),
        "organization": _text(item, "organization", 64, required=False),
        "url": _text(item, "url", 500, required=False),
    }
    if bool(cleaned["user"]) == bool(cleaned["organization"]):
        raise ValidationFailed(_("Name exactly one of user (a username) or organization (a slug)."), field="user")
    weight = item.get("weight")
    if weight is None or weight == "":
        weight = 1.0
    try:
        weight = float(weight)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(_("A number is required."), field="weight") from exc
    if not math.isfinite(weight) or weight < 0:
        raise ValidationFailed(_("A finite number of at least 0 is required."), field="weight")
    cleaned["weight"] = weight
    if cleaned["url"] and not cleaned["url"].startswith(("https://", "http://")):
        raise ValidationFailed(_("Enter an http(s) URL."), field="url")
    return cleaned


class _Resolver:
    """Turns usernames and organization slugs into ids, one query per batch for users."""

    def __init__(self, site):
        self.site = site
        self.organizations = dict(Organization.objects.filter(site=site).values_list("slug", "id"))

    def user_ids(self, usernames):
        if not usernames:
            return {}
        return dict(get_user_model().objects.filter(username__in=usernames).values_list("username", "id"))


_COLUMNS = ("site_id", "user_id", "organization_id", "kind", "source", "source_id", "occurred_at", "weight", "url",
            "created")


def _build(site, cleaned_items, resolver):
    """
    ``(rows, errors)`` for ``[(position, cleaned), ...]``: value tuples in ``_COLUMNS`` order, ready for
    ``_insert_ignoring_duplicates``, and ``[(position, reason)]`` for items naming an unknown user or
    organization.
    """
    adapt = _datetime_adapter()
    created = adapt(datetime.datetime.now(datetime.timezone.utc))
    users = resolver.user_ids({c["user"] for _index, c in cleaned_items if c["user"]})
    rows, errors = [], []
    for position, cleaned in cleaned_items:
        user_id = organization_id = None
        if cleaned["user"]:
            user_id = users.get(cleaned["user"])
            if user_id is None:
                errors.append((position, {"user": [_("Unknown user '{username}'.").format(username=cleaned["user"])]}))
                continue
        else:
            organization_id = resolver.organizations.get(cleaned["organization"])
            if organization_id is None:
                errors.append((position, {"organization": [
                    _("Unknown organization '{slug}'.").format(slug=cleaned["organization"])]}))
                continue
        rows.append((
            site.pk, user_id, organization_id, cleaned["kind"], cleaned["source"], cleaned["source_id"],
            adapt(cleaned["occurred_at"]), cleaned["weight"], cleaned["url"], created,
        ))
    return rows, errors


def _datetime_adapter():
    """
    ``connection.ops.adapt_datetimefield_value`` for the aware datetimes ``clean_signal_item`` returns. On MySQL
    with ``USE_TZ`` the same text at a third of the cost (5.7 µs a value on a slow machine, a sixth of the
    import's Python work per signal): Django's asks the lazy settings object and the zone on every call, and a
    signal dated in the connection's zone (UTC, the ``Z`` of an import file) needs no conversion at all.
    """
    if connection.vendor != "mysql" or not settings.USE_TZ:
        return connection.ops.adapt_datetimefield_value
    zone = connection.timezone

    def adapt(value):
        if value.tzinfo is not zone:
            value = value.astimezone(zone)
        return str(value.replace(tzinfo=None))

    return adapt


def _insert_ignoring_duplicates(rows):
    """
    Insert value tuples with one multi-row ``INSERT IGNORE`` (MySQL), ``INSERT OR IGNORE`` (SQLite) or
    ``INSERT ... ON CONFLICT DO NOTHING`` (PostgreSQL), as Django's backend spells it.

    This is what ``bulk_create(ignore_conflicts=True)`` sends, without building a model instance and
    compiling every value through the ORM: on MariaDB that costs two thirds of the time of a bulk import
    (11,000 rows/s against 35,000 measured on the same machine), and the bulk import has to reach 20,000
    signals/s (P2). Values are already validated and adapted by ``_build``. On MySQL the statement's text is
    built by ``_mysql_statements`` rather than ``executemany``.

    Returns the number of rows stored: what the database reports as inserted, so duplicates (already stored,
    repeated in the batch, or stored meanwhile by a concurrent batch) are never counted as new.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "mysql":
            inserted = 0
            for statement in _mysql_statements(rows):
                cursor.execute(statement)
                inserted += max(cursor.rowcount, 0)
            return inserted
        cursor.executemany(_insert_sql(), rows)
        return max(cursor.rowcount, 0)


# Longest multi-row INSERT sent to MySQL: far below any max_allowed_packet in use (MariaDB's default is 16 MiB,
# MySQL 8's 64 MiB, MySQL 5.6's 4 MiB); mysqlclient's executemany sends 64 KiB statements.
_MYSQL_STATEMENT_BYTES = 1024 * 1024


def _mysql_statements(rows):
    """
    The rows (``_COLUMNS`` order, as ``_build`` makes them) as multi-row ``INSERT IGNORE`` statements of at most
    ``_MYSQL_STATEMENT_BYTES``, each string escaped and quoted by the driver's own C function
    (``string_literal``, what ``executemany`` calls too), numbers written as numbers and ``None`` as ``NULL``.

    mysqlclient's ``executemany`` spends 17 µs per row of ten values in its Python ``literal`` (a type dispatch
    per value); knowing each column's type, this spends 5 µs. A bulk import is Python-bound on two cores (the
    database's work overlaps with the parsing in ``_Writer``), so that is a third more signals per second (P2).
    """
    raw = connection.connection
    quote, encoding = raw.string_literal, raw.encoding
    quoted = {}  # kinds, sources and the batch's creation time repeat: each is escaped once per batch

    def text(value):
        literal = quoted.get(value)
        if literal is None:
            literal = quoted[value] = quote(value.encode(encoding))
        return literal

    prefix = f"{_insert_into()} VALUES ".encode(encoding)
    statement, size = [], len(prefix)
    for site_id, user_id, organization_id, kind, source, source_id, occurred_at, weight, url, created in rows:
        values = b"(%d,%s,%s,%s,%s,%s,%s,%a,%s,%s)" % (
            site_id,
            b"NULL" if user_id is None else b"%d" % user_id,
            b"NULL" if organization_id is None else b"%d" % organization_id,
            text(kind), text(source), quote(source_id.encode(encoding)), quote(occurred_at.encode(encoding)),
            float(weight), quote(url.encode(encoding)) if url else b"''", text(created),
        )
        if statement and size + len(values) + 1 > _MYSQL_STATEMENT_BYTES:
            yield prefix + b",".join(statement)
            statement, size = [], len(prefix)
        statement.append(values)
        size += len(values) + 1
    if statement:
        yield prefix + b",".join(statement)


def _insert_sql():
    """The backend's ``INSERT``-ignoring-conflicts statement for one row of ``_COLUMNS``."""
    return _insert_into() + f" VALUES ({', '.join(['%s'] * len(_COLUMNS))}){_on_conflict_suffix()}"


def _insert_for_user_sql():
    """
    ``_insert_sql`` for a user's signal: the values are selected from the user's row (the last parameter is the
    user id), so nothing is stored when that user no longer exists.
    """
    quote = connection.ops.quote_name
    user_table = get_user_model()._meta
    return (
        f"{_insert_into()} SELECT {', '.join(['%s'] * len(_COLUMNS))} FROM {quote(user_table.db_table)} "
        f"WHERE {quote(user_table.pk.column)} = %s{_on_conflict_suffix()}"
    )


def _insert_into():
    quote = connection.ops.quote_name
    return (
        f"{connection.ops.insert_statement(on_conflict=OnConflict.IGNORE)} "
        f"{quote(ContributionSignal._meta.db_table)} ({', '.join(quote(c) for c in _COLUMNS)})"
    )


def _on_conflict_suffix():
    suffix = connection.ops.on_conflict_suffix_sql(
        [ContributionSignal._meta.get_field("source_id")], OnConflict.IGNORE, None, None
    )
    return f" {suffix}" if suffix else ""


def _reason(exc):
    return {exc.field or "non_field_errors": [exc.message]}


def ingest_signals(*, site: Site, items: Any) -> dict:
    """
    Store a batch of external signals for ``site`` (``POST /api/dcp/v1/signals/``). Good items are kept even
    when others are bad; replaying a batch changes nothing (duplicates of ``(source, source_id)`` are ignored).

    Returns ``{"received", "accepted", "inserted", "duplicates", "errors": [{"index", "errors"}]}``.
    """
    if not isinstance(items, list):
        raise ValidationFailed(_("Send a list of signals."), field="signals")
    if len(items) > MAX_BATCH:
        raise ValidationFailed(_("At most {count} signals per request; split the batch.").format(count=MAX_BATCH),
                               field="signals")
    now = datetime.datetime.now(datetime.timezone.utc)
    cleaned_items, errors = [], []
    for index, item in enumerate(items):
        try:
            cleaned_items.append((index, clean_signal_item(item=item, now=now)))
        except ValidationFailed as exc:
            errors.append((index, _reason(exc)))
    rows, unresolved = _build(site, cleaned_items, _Resolver(site))
    errors.extend(unresolved)
    # What the INSERT reports, not a count read before it: a concurrent identical batch may store the same keys
    # between the two, and both would report them as new.
    inserted = _insert_ignoring_duplicates(rows) if rows else 0
    return {
        "received": len(items),
        "accepted": len(rows),
        "inserted": inserted,
        "duplicates": len(rows) - inserted,
        "errors": [{"index": index, "errors": reason} for index, reason in sorted(errors, key=lambda e: e[0])],
    }


class ImportSummary:
    """
    What a bulk import did: lines read, signals accepted (new or already there), signals stored by this import
    (``inserted``, as the database reports it), bad lines.
    """

    def __init__(self):
        self.lines = 0
        self.accepted = 0
        self.inserted = 0
        self.bad = 0

    def __repr__(self):
        return (f"ImportSummary(lines={self.lines}, accepted={self.accepted}, inserted={self.inserted}, "
                f"bad={self.bad})")


class _Writer:
    """
    Writes batches of rows, overlapping the database's work with the parsing of the next batch when it can.

    Outside a transaction on MySQL/MariaDB, ``WRITERS`` threads with a connection each insert batches (one
    transaction each) while the caller parses the next; at most two batches wait, so memory stays flat. Two
    writers keep the database busy on both cores of a small machine while the caller parses: with one, the
    caller waited half of the import for the writer. Inside a transaction (tests, a caller's ``atomic``) or on
    another database, batches are written in place, in the caller's transaction. The first database error is
    raised to the caller when it closes the writer.
    """

    WRITERS = 2

    def __init__(self, concurrent=None):
        if concurrent is None:
            concurrent = connection.vendor == "mysql" and not connection.in_atomic_block
        self.concurrent = concurrent
        self.error = None
        self.inserted = 0  # rows the database reports as stored
        if self.concurrent:
            self.lock = threading.Lock()
            self.queue = queue.Queue(maxsize=2)
            self.threads = [
                threading.Thread(target=self._run, name=f"dcp-signal-writer-{number}", daemon=True)
                for number in range(self.WRITERS)
            ]
            for thread in self.threads:
                thread.start()

    def write(self, rows):
        if not self.concurrent:
            self.inserted += _insert_ignoring_duplicates(rows)
            return
        if self.error is not None:
            raise self.error
        self.queue.put(rows)

    def close(self):
        if self.concurrent:
            for _thread in self.threads:
                self.queue.put(None)
            for thread in self.threads:
                thread.join()
        if self.error is not None:
            raise self.error

    def _run(self):
        try:
            while True:
                rows = self.queue.get()
                if rows is None:
                    return
                if self.error is None:  # after a failure, keep draining so the producer never blocks
                    try:
                        inserted = _insert_retrying_deadlocks(rows)
                    except Exception as exc:  # any failure: the producer re-raises it
                        self.error = exc
                    else:
                        with self.lock:
                            self.inserted += inserted
        finally:
            connection.close()


# MySQL's error codes for a transaction chosen as a deadlock's victim and for a lock wait that timed out.
_MYSQL_DEADLOCK, _MYSQL_LOCK_WAIT_TIMEOUT = 1213, 1205


def _insert_retrying_deadlocks(rows, attempts=5):
    """
    ``_insert_ignoring_duplicates`` for a writer thread: two writers inserting the same key at once (a file
    naming one signal twice, in batches written side by side) can deadlock on it; InnoDB rolls the victim's
    batch back whole, and writing it again changes nothing that is already stored.
    """
    attempt = 1
    while True:
        try:
            return _insert_ignoring_duplicates(rows)
        except OperationalError as exc:
            if exc.args[0] not in (_MYSQL_DEADLOCK, _MYSQL_LOCK_WAIT_TIMEOUT) or attempt >= attempts:
                raise
            attempt += 1


def import_signals(*, site: Site, rows: Iterable[dict], batch_size: int = 5000, on_error: Callable[..., None] = None,
                   on_batch: Callable[..., None] = None) -> ImportSummary:
    """
    Stream external signals into ``site``: ``rows`` yields ``(line_number, item)`` where ``item`` is a dict or
    an exception (a line that could not be parsed). Batches of ``batch_size`` go in with one multi-row
    ``INSERT IGNORE`` each, so memory stays flat and a replayed file changes nothing.
    ``on_error(line_number, reason)`` hears about every bad line, ``on_batch(summary)`` after each batch.
    """
    summary = ImportSummary()
    resolver = _Resolver(site)
    now = datetime.datetime.now(datetime.timezone.utc)
    batch = []
    writer = _Writer()

    def flush():
        values, unresolved = _build(site, batch, resolver)
        if values:
            writer.write(values)
        summary.accepted += len(values)
        summary.bad += len(unresolved)
        if on_error:
            for line, reason in unresolved:
                on_error(line, reason)
        batch.clear()
        if on_batch:
            on_batch(summary)

    try:
        for line, item in rows:
            summary.lines += 1
            try:
                if isinstance(item, Exception):
                    raise ValidationFailed(str(item), field="non_field_errors")
                batch.append((line, clean_signal_item(item=item, now=now)))
            except ValidationFailed as exc:
                summary.bad += 1
                if on_error:
                    on_error(line, _reason(exc))
                continue
            if len(batch) >= batch_size:
                flush()
        if batch:
            flush()
    finally:
        writer.close()
        summary.inserted = writer.inserted
    return summary
