"""
``manage.py dcp_import_signals FILE``: stream external contribution signals from a JSONL or CSV file.
"""

import csv
import io
import json
import os

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError

from openedx_dcp.contributions import api as contributions_api

REQUIRED_COLUMNS = {"kind", "source", "source_id", "occurred_at"}
KNOWN_COLUMNS = REQUIRED_COLUMNS | {"user", "organization", "weight", "url"}
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}


def _jsonl_rows(binary):
    """``(line_number, dict or exception)`` for every non-blank line."""
    for number, raw in enumerate(binary, 1):
        try:
            yield number, json.loads(raw)  # bytes: UTF-8 decoding and surrounding whitespace handled in C
        except UnicodeDecodeError as exc:
            yield number, ValueError(f"Not UTF-8 text: {exc.reason}.")
        except RecursionError:
            yield number, ValueError("Not a JSON object: nested too deeply.")
        except ValueError as exc:
            if raw.strip():  # a blank line is no line of data
                yield number, ValueError(f"Not a JSON object: {exc}.")


def _not_utf8(values):
    """
    Whether cells decoded with ``surrogateescape`` held bytes that are not UTF-8 (they arrive as lone
    surrogates). ASCII, the common case, is answered without encoding anything.
    """
    text = "".join(values)
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _csv_rows(binary):
    """
    ``(line_number, dict or exception)`` for every CSV record after the header; blank cells are absent values.

    The file is decoded as UTF-8 with ``surrogateescape``, so a record holding other bytes (a Latin-1 "é") is
    reported as a bad line instead of being stored with U+FFFD or stopping the import. A record the CSV parser
    refuses (a field over ``csv.field_size_limit()``, 128 KiB) is reported the same way, and reading goes on.
    """
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.DictReader(text)
    # Line numbers come from the underlying reader: DictReader's own ``line_num`` is not updated by a record
    # the parser refused.
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        raise CommandError(f"The CSV header is unusable: {exc}.") from exc
    if _not_utf8(fieldnames):
        raise CommandError("The CSV header is not UTF-8 text: save the file as UTF-8.")
    columns = set(fieldnames)
    missing = REQUIRED_COLUMNS - columns
    unknown = columns - KNOWN_COLUMNS
    if missing or unknown or not ({"user", "organization"} & columns):
        problems = []
        if missing:
            problems.append(f"missing column(s) {', '.join(sorted(missing))}")
        if not {"user", "organization"} & columns:
            problems.append("no user or organization column")
        if unknown:
            problems.append(f"unknown column(s) {', '.join(sorted(unknown))}")
        raise CommandError(f"The CSV header is unusable: {'; '.join(problems)}.")
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.reader.line_num, ValueError(f"Not a CSV record: {exc}.")
            continue
        if None in record:
            yield reader.reader.line_num, ValueError("More cells than columns.")
            continue
        values = {key: value for key, value in record.items() if value not in (None, "")}
        if _not_utf8(values.values()):
            yield reader.reader.line_num, ValueError("Not UTF-8 text: save the file as UTF-8.")
            continue
        yield reader.reader.line_num, values


class Command(BaseCommand):
    """
    Import external signals (code contributions, talks, posts, working groups) into a tenant.

    The file is streamed in batches, so a million lines need no more memory than one batch. Each signal is
    keyed by ``(source, source_id)``: importing the same file again changes nothing. A bad line (invalid
    fields, not UTF-8, not JSON or CSV the parser accepts) is reported with its number and reason on stderr
    and skipped; every good line is stored. The exit status says whether every line was: 0 when it was, 1
    (with a sentence) when a line was skipped or the file is unusable.
    """

    help = (
        "Stream contribution signals from a UTF-8 JSONL or CSV file into a tenant (idempotent). Bad lines are "
        "reported on stderr with their line numbers and skipped; every good line is stored. Exit status 0 when "
        "every line was stored, 1 otherwise (some lines skipped, or the file unusable)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of a .jsonl/.ndjson or .csv file.")
        parser.add_argument("--site", help="Domain of the tenant (default: settings.SITE_ID).")
        parser.add_argument("--format", choices=["jsonl", "csv"], help="Override the format the extension implies.")
        parser.add_argument("--batch-size", type=int, default=5000, help="Signals per INSERT (default 5000).")
        parser.add_argument("--max-errors-shown", type=int, default=1000,
                            help="Stop printing bad lines after this many (they are still counted).")

    def handle(self, *args, **options):
        path = options["file"]
        fmt = options["format"] or FORMATS.get(os.path.splitext(path)[1].lower())
        if fmt is None:
            raise CommandError(f"Cannot tell the format of {path}: name it .jsonl or .csv, or pass --format.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        site = self._site(options["site"])
        try:
            binary = open(path, "rb")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        shown = 0

        def report(line, reason):
            nonlocal shown
            shown += 1
            if shown <= options["max_errors_shown"]:
                details = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in reason.items())
                self.stderr.write(f"line {line}: {details}")

        with binary:
            rows = _jsonl_rows(binary) if fmt == "jsonl" else _csv_rows(binary)
            try:
                summary = contributions_api.import_signals(
                    site=site, rows=rows, batch_size=options["batch_size"], on_error=report
                )
            except IsADirectoryError as exc:
                raise CommandError(f"Cannot read {path}: it is a directory.") from exc
        if shown > options["max_errors_shown"]:
            self.stderr.write(f"... and {shown - options['max_errors_shown']} more bad line(s) not shown.")
        self.stdout.write(
            f"{summary.lines} line(s) read, {summary.accepted} signal(s) accepted (new or already recorded), "
            f"{summary.inserted} stored by this import, {summary.bad} bad line(s) skipped, into {site.domain}."
        )
        if summary.bad:
            raise CommandError(
                f"{summary.bad} of {summary.lines} line(s) were not stored (reasons above); fix them and import the "
                f"file again: lines already stored are not stored twice.",
                returncode=1,
            )

    def _site(self, domain):
        if domain:
            site = Site.objects.filter(domain=domain).first()
            if site is None:
                raise CommandError(f"No site with domain {domain!r}: pass the domain of an existing tenant.")
            return site
        return Site.objects.get(pk=settings.SITE_ID)
