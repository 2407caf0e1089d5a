"""
External signals: the batch function behind the API and the streaming import command (R21, P2).
"""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.contributions import ingest
from openedx_dcp.contributions.models import ContributionSignal
from tests.factories import OrganizationFactory, SiteFactory, UserFactory


@pytest.fixture
def site(db):
    site = SiteFactory(domain="import.example.com")
    UserFactory(username="ada")
    OrganizationFactory(site=site, slug="acme")
    return site


def item(n, **overrides):
    data = {
        "kind": "code_contribution", "source": "github", "source_id": f"openedx/edx-platform#{n}",
        "occurred_at": "2025-03-01T10:00:00Z", "user": "ada",
        "url": f"https://github.com/openedx/edx-platform/pull/{n}",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_r21_batch_keeps_good_items_and_reports_bad_ones_by_index(site):
    report = contributions_api.ingest_signals(site=site, items=[
        item(1),
        item(2, occurred_at="yesterday"),
        item(3, user=None, organization="acme", kind="financial_contribution"),
        item(4, user="nobody"),
        item(5, source="openedx"),
        item(6, organization="acme"),
        item(7, weight=-1),
        "not an object",
    ])
    assert (report["received"], report["accepted"], report["inserted"], report["duplicates"]) == (8, 2, 2, 0)
    assert [(e["index"], sorted(e["errors"])) for e in report["errors"]] == [
        (1, ["occurred_at"]), (3, ["user"]), (4, ["source"]), (5, ["user"]), (6, ["weight"]),
        (7, ["non_field_errors"]),
    ]
    assert set(ContributionSignal.objects.values_list("source_id", flat=True)) == {
        "openedx/edx-platform#1", "openedx/edx-platform#3"
    }


def test_r21_replaying_a_batch_changes_nothing(site):
    contributions_api.ingest_signals(site=site, items=[item(1), item(2)])
    before = list(ContributionSignal.objects.order_by("id").values())
    report = contributions_api.ingest_signals(site=site, items=[item(1), item(2), item(2)])
    assert (report["accepted"], report["inserted"], report["duplicates"]) == (3, 0, 3)
    assert list(ContributionSignal.objects.order_by("id").values()) == before


def test_r21_future_dates_and_unknown_fields_are_refused(site):
    report = contributions_api.ingest_signals(site=site, items=[item(1, occurred_at="2999-01-01T00:00:00Z"), {**item(2),
                                                                                                              "x": 1}])
    assert [list(e["errors"]) for e in report["errors"]] == [["occurred_at"], ["non_field_errors"]]
    assert not ContributionSignal.objects.exists()


def write(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_r21_import_command_streams_jsonl_reports_bad_lines_and_keeps_good_ones(site, tmp_path, capsys):
    path = write(tmp_path, "signals.jsonl", [
        json.dumps(item(1)),
        "{not json",
        "",
        json.dumps(item(2, user="nobody")),
        json.dumps(item(3)),
        json.dumps(item(4, kind="")),
    ])
    with pytest.raises(CommandError, match=r"3 of 5 line\(s\) were not stored") as failed:
        call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "2")
    assert failed.value.returncode == 1
    out, err = capsys.readouterr()
    assert "line 2: non_field_errors: Not a JSON object" in err
    assert "line 4: user: Unknown user 'nobody'." in err
    assert "line 6: kind: This field is required." in err
    assert "5 line(s) read, 2 signal(s) accepted (new or already recorded), 2 stored by this import, 3 bad line(s) " \
        "skipped" in out
    assert sorted(ContributionSignal.objects.values_list("source_id", flat=True)) == [
        "openedx/edx-platform#1", "openedx/edx-platform#3"
    ]


def test_r21_replaying_an_import_file_changes_nothing(site, tmp_path):
    path = write(tmp_path, "signals.jsonl", [json.dumps(item(n)) for n in range(10)])
    call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "3")
    before = list(ContributionSignal.objects.order_by("id").values())
    call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "4")
    assert list(ContributionSignal.objects.order_by("id").values()) == before
    assert len(before) == 10


def test_r21_import_command_reads_csv(site, tmp_path, capsys):
    path = write(tmp_path, "signals.csv", [
        "kind,source,source_id,occurred_at,user,organization,weight,url",
        "talk,conference,oc2025-1,2025-06-01T09:00:00+00:00,ada,,2,",
        "governance,toc,toc-7,2025-06-02,,acme,,",
        "talk,conference,oc2025-2,not-a-date,ada,,,",
    ])
    with pytest.raises(CommandError, match="not stored"):
        call_command("dcp_import_signals", path, "--site", site.domain)
    _, err = capsys.readouterr()
    assert "line 4: occurred_at: Not an ISO 8601 date and time" in err
    signals = {s.source_id: s for s in ContributionSignal.objects.all()}
    assert set(signals) == {"oc2025-1", "toc-7"}
    assert signals["oc2025-1"].weight == 2.0 and signals["toc-7"].organization.slug == "acme"


@pytest.mark.parametrize("name, content, args, message", [
    ("missing.jsonl", None, [], "Cannot read"),
    ("signals.txt", "x", [], "Cannot tell the format"),
    ("bad.csv", "kind,source,when\n", [], "missing column(s) occurred_at, source_id"),
    ("ok.jsonl", "{}", ["--site", "nowhere.example.com"], "No site with domain"),
])
def test_r21_an_unusable_file_fails_with_a_sentence(site, tmp_path, name, content, args, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("dcp_import_signals", str(path), *args)
    assert not ContributionSignal.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_p2_import_outside_a_transaction_writes_every_batch(tmp_path, capsys):
    """Outside a transaction on MariaDB a writer thread inserts while the next batch is parsed."""
    site = SiteFactory(domain="stream.example.com")
    UserFactory(username="ada")
    lines = [json.dumps(item(n)) for n in range(25)]
    lines[10] = json.dumps(item(10, occurred_at="never"))
    path = write(tmp_path, "signals.jsonl", lines)
    with pytest.raises(CommandError, match="not stored"):
        call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "4")
    assert "line 11: occurred_at" in capsys.readouterr().err
    assert ContributionSignal.objects.filter(site=site).count() == 24
    with pytest.raises(CommandError, match="not stored"):
        call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "7")
    assert ContributionSignal.objects.filter(site=site).count() == 24


def test_p2_a_database_error_in_a_writer_thread_reaches_the_caller(monkeypatch):
    written = []

    def insert(rows):
        if rows == [1]:
            raise RuntimeError("disk full")
        written.append(rows)
        return len(rows)

    # The bulk writer lives in contributions.ingest, behind the api front.
    monkeypatch.setattr(ingest, "_insert_ignoring_duplicates", insert)
    writer = ingest._Writer(concurrent=True)
    assert len(writer.threads) == 2
    with pytest.raises(RuntimeError, match="disk full"):
        try:
            for n in range(8):  # more batches than the queue holds: the producer must never block after a failure
                writer.write([n])
        finally:
            writer.close()
    assert [1] not in written
    assert not any(thread.is_alive() for thread in writer.threads)


def test_p2_a_writer_writes_a_batch_again_when_the_database_chose_it_as_a_deadlock_victim(monkeypatch):
    from django.db import OperationalError

    attempts = []

    def insert(rows):
        attempts.append(rows)
        if rows == [2] and attempts.count([2]) < 3:
            raise OperationalError(1213, "Deadlock found when trying to get lock; try restarting transaction")
        return len(rows)

    monkeypatch.setattr(ingest, "_insert_ignoring_duplicates", insert)
    writer = ingest._Writer(concurrent=True)
    for n in range(4):
        writer.write([n])
    writer.close()
    assert writer.inserted == 4
    assert attempts.count([2]) == 3


def test_p2_a_writer_gives_up_on_other_database_errors_and_after_five_deadlocks(monkeypatch):
    from django.db import OperationalError

    calls = []

    def insert(rows):
        calls.append(rows)
        raise OperationalError(1213 if rows == [0] else 2006, "gone")

    monkeypatch.setattr(ingest, "_insert_ignoring_duplicates", insert)
    with pytest.raises(OperationalError):
        ingest._insert_retrying_deadlocks([0])
    assert calls == [[0]] * 5
    calls.clear()
    with pytest.raises(OperationalError):
        ingest._insert_retrying_deadlocks([1])
    assert calls == [[1]]


@pytest.mark.django_db(transaction=True)
def test_p2_two_writers_store_a_file_that_names_its_signals_again_in_later_batches(tmp_path):
    """The same keys in batches written side by side: each stored once, the count what the database stored."""
    site = SiteFactory(domain="twice.example.com")
    UserFactory(username="ada")
    lines = [json.dumps(item(n % 30)) for n in range(240)]
    path = write(tmp_path, "signals.jsonl", lines)
    out = io.StringIO()
    call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "10", stdout=out)
    assert "240 line(s) read, 240 signal(s) accepted (new or already recorded), 30 stored by this import" in (
        out.getvalue())
    assert ContributionSignal.objects.filter(site=site).count() == 30


@pytest.mark.django_db(transaction=True)
def test_p2_the_import_stores_every_value_as_written(tmp_path):
    """
    On MariaDB the import writes its own INSERT text (``_mysql_statements``): quotes, backslashes, non-ASCII text,
    no URL, an organization's signal, a weight and a time in another zone come back as they went in.
    """
    site = SiteFactory(domain="values.example.com")
    UserFactory(username="ada")
    OrganizationFactory(site=site, slug="acme")
    awkward = "it's a \\ \"quoted\" 100% _pr_ ; DROP TABLE x; -- é 漢字 🎓"
    lines = [
        json.dumps(item(1, source_id=awkward, kind="talk'); --", url=None, weight=0.25)),
        json.dumps(item(2, user=None, organization="acme", occurred_at="2025-03-01T12:30:45.123456+02:00",
                        url="https://example.com/a?b='c'&d=\\e")),
    ]
    path = write(tmp_path, "signals.jsonl", lines)
    call_command("dcp_import_signals", path, "--site", site.domain, stdout=io.StringIO())
    stored = {signal.source_id: signal for signal in ContributionSignal.objects.filter(site=site)}
    first = stored[awkward]
    assert (first.kind, first.url, first.weight, first.organization_id) == ("talk'); --", "", 0.25, None)
    assert first.user.username == "ada"
    assert first.occurred_at.isoformat() == "2025-03-01T10:00:00+00:00"
    second = stored["openedx/edx-platform#2"]
    assert (second.user_id, second.organization.slug) == (None, "acme")
    assert second.url == "https://example.com/a?b='c'&d=\\e"
    assert second.occurred_at.isoformat() == "2025-03-01T10:30:45.123456+00:00"


def test_p2_mysql_statements_stay_under_their_size_and_keep_every_row(monkeypatch):
    class Raw:
        encoding = "utf8"

        @staticmethod
        def string_literal(value):
            return b"'" + value.replace(b"'", b"\\'") + b"'"

    monkeypatch.setattr(ingest, "_MYSQL_STATEMENT_BYTES", 2000)
    monkeypatch.setattr(ingest, "connection", type("Connection", (), {"connection": Raw()})())
    monkeypatch.setattr(ingest, "_insert_into", lambda: "INSERT IGNORE INTO t (c)")
    rows = [(1, n, None, "talk", "github", f"id-{n}", "2025-03-01 10:00:00", 1.0, "", "2025-03-02 00:00:00")
            for n in range(100)]
    statements = list(ingest._mysql_statements(rows))
    assert len(statements) > 1
    assert all(len(statement) <= 2000 for statement in statements)
    values = [part for statement in statements for part in statement.split(b" VALUES ", 1)[1].split(b"),(")]
    assert len(values) == 100
    assert statements[0].startswith(b"INSERT IGNORE INTO t (c) VALUES (1,0,NULL,'talk','github','id-0',")


# -- Keys compare exactly, counts say what was stored (issue 10, item 8) ----------------------------------------

def test_r21_keys_differing_only_in_case_are_two_signals(site):
    report = contributions_api.ingest_signals(site=site, items=[
        item(1, source_id="Case-PR-1"), item(2, source_id="case-pr-1"), item(3, source_id="CASE-PR-1"),
    ])
    assert (report["inserted"], report["duplicates"]) == (3, 0)
    assert sorted(ContributionSignal.objects.values_list("source_id", flat=True)) == [
        "CASE-PR-1", "Case-PR-1", "case-pr-1",
    ]
    again = contributions_api.ingest_signals(site=site, items=[item(1, source_id="Case-PR-1"), item(4,
                                                                                                    source_id="case-PR-1")])
    assert (again["inserted"], again["duplicates"]) == (1, 1)
    assert ContributionSignal.objects.count() == 4


@pytest.mark.parametrize("source", ["openedx", "OpenEdX", "OPENEDX", " openedx "])
def test_r21_the_events_source_is_reserved_whatever_its_case(site, source):
    report = contributions_api.ingest_signals(site=site, items=[item(1, source=source)])
    assert [e["errors"] for e in report["errors"]] == [
        {"source": ["The source 'openedx' is reserved for Open edX events."]}
    ]
    assert not ContributionSignal.objects.exists()


@pytest.mark.parametrize("field, value", [
    ("source_id", "pr-\x001"), ("source_id", "pr\n1"), ("kind", "talk\x7f"), ("source", "git\x00hub"),
    ("source_id", "pr-\ud8001"),
])
def test_r21_control_characters_and_lone_surrogates_are_refused(site, field, value):
    report = contributions_api.ingest_signals(site=site, items=[item(1, **{field: value})])
    assert [list(e["errors"]) for e in report["errors"]] == [[field]]
    assert not ContributionSignal.objects.exists()


def test_r21_counts_report_duplicates_within_a_batch(site):
    report = contributions_api.ingest_signals(site=site, items=[item(1), item(1), item(2)])
    assert (report["accepted"], report["inserted"], report["duplicates"]) == (3, 2, 1)


# -- The import command refuses bad input line by line (issue 10, item 9) ----------------------------------------

def import_file(path, site, *args):
    """Run the command; ``(exit code, stdout, stderr)``."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("dcp_import_signals", str(path), "--site", site.domain, *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def test_r21_a_deeply_nested_json_line_is_a_bad_line_and_the_import_goes_on(site, tmp_path):
    lines = [json.dumps(item(n)) for n in range(6)]
    lines.insert(3, '{"kind": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, out, err = import_file(write(tmp_path, "deep.jsonl", lines), site, "--batch-size", "2")
    assert code == 1
    assert "line 4: non_field_errors: Not a JSON object: nested too deeply." in err
    assert "7 line(s) read, 6 signal(s) accepted" in out
    assert ContributionSignal.objects.count() == 6


def test_r21_a_csv_field_over_the_parser_limit_is_a_bad_line_and_the_import_goes_on(site, tmp_path):
    header = "kind,source,source_id,occurred_at,user"
    lines = [header] + [f"talk,conf,t-{n},2025-06-01,ada" for n in range(4)]
    lines.insert(3, f"talk,conf,{'x' * (200 * 1024)},2025-06-01,ada")
    code, out, err = import_file(write(tmp_path, "big.csv", lines), site, "--batch-size", "1")
    assert code == 1
    assert "line 4: non_field_errors: Not a CSV record: field larger than field limit" in err
    assert sorted(ContributionSignal.objects.values_list("source_id", flat=True)) == [f"t-{n}" for n in range(4)]


def test_r21_text_that_is_not_utf8_is_refused_never_stored_with_replacement_characters(site, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        "kind,source,source_id,occurred_at,user\ntalk,conf,ok-1,2025-06-01,ada\ntalk,conf,café-1,2025-06-01,ada\n"
        .encode("latin-1")
    )
    code, _, err = import_file(path, site)
    assert code == 1
    assert "line 3: non_field_errors: Not UTF-8 text" in err
    assert list(ContributionSignal.objects.values_list("source_id", flat=True)) == ["ok-1"]
    assert not ContributionSignal.objects.filter(source_id__contains="\ufffd").exists()

    jsonl = tmp_path / "latin1.jsonl"
    jsonl.write_bytes(json.dumps(item(9, source_id="café-9"), ensure_ascii=False).encode("latin-1") + b"\n")
    code, _, err = import_file(jsonl, site)
    assert (code, "line 1: non_field_errors: Not UTF-8 text" in err) == (1, True)
    assert ContributionSignal.objects.count() == 1


def test_r21_nul_bytes_in_a_source_id_are_refused(site, tmp_path):
    path = write(tmp_path, "nul.jsonl", [json.dumps(item(1, source_id="pr-\x00-1")), json.dumps(item(2))])
    code, _, err = import_file(path, site)
    assert code == 1
    assert "line 1: source_id: Control characters (such as NUL)" in err
    assert list(ContributionSignal.objects.values_list("source_id", flat=True)) == ["openedx/edx-platform#2"]


def test_r21_the_exit_code_says_whether_every_line_was_stored(site, tmp_path):
    good = write(tmp_path, "good.jsonl", [json.dumps(item(n)) for n in range(3)])
    assert import_file(good, site)[0] == 0
    assert import_file(good, site)[0] == 0  # replayed: every line is stored (already)
    bad = write(tmp_path, "bad.jsonl", ["nope"] * 2000)
    code, out, err = import_file(bad, site, "--max-errors-shown", "5")
    assert code == 1
    assert "2000 of 2000 line(s) were not stored" in err
    assert "... and 1995 more bad line(s) not shown." in err
    assert "0 signal(s) accepted" in out
