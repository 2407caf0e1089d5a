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
        except ValueError as exc:
            if raw.strip():  # a blank line is no line of data
                yield number, ValueError(f"Not a JSON object: {exc}.")


def _csv_rows(binary):
    """``(line_number, dict)`` for every CSV record after the header; blank cells are absent values."""
    text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="replace", newline="")
    reader = csv.DictReader(text)
    columns = set(reader.fieldnames or [])
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
    for record in reader:
        if None in record:
            yield reader.line_num, ValueError("More cells than columns.")
            continue
        yield reader.line_num, {key: value for key, value in record.items() if value not in (None, "")}


class Command(BaseCommand):
    """
    Import external signals (code contributions, talks, posts, working groups) into a tenant.

    The file is streamed in batches, so a million lines need no more memory than one batch. Each signal is
    keyed by ``(source, source_id)``: importing the same file again changes nothing. A bad line is reported
    with its number and reason on stderr and skipped; every good line is kept. The command fails (non-zero
    exit) only when the file itself is unusable.
    """

    help = "Stream contribution signals from a JSONL or CSV file into a tenant (idempotent)."

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
            binary = open(path, "rb")  # pylint: disable=consider-using-with
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
                    site, rows, batch_size=options["batch_size"], on_error=report
                )
            except IsADirectoryError as exc:
                raise CommandError(f"Cannot read {path}: it is a directory.") from exc
        self.stdout.write(
            f"{summary.lines} line(s) read, {summary.accepted} signal(s) accepted (new or already recorded), "
            f"{summary.bad} bad line(s) skipped, into {site.domain}."
        )

    def _site(self, domain):
        if domain:
            site = Site.objects.filter(domain=domain).first()
            if site is None:
                raise CommandError(f"No site with domain {domain!r}: pass the domain of an existing tenant.")
            return site
        return Site.objects.get(pk=settings.SITE_ID)
