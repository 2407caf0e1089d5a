"""
External signals: the batch function behind the API and the streaming import command (R21, P2).
"""

import json

import pytest
from django.core.management import CommandError, call_command

from openedx_dcp.contributions import api as contributions_api
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
        "occurred_at": "2025-03-01T10:00:00Z", "user": "ada", "url": f"https://github.com/openedx/edx-platform/pull/{n}",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_r21_batch_keeps_good_items_and_reports_bad_ones_by_index(site):
    report = contributions_api.ingest_signals(site, [
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
    contributions_api.ingest_signals(site, [item(1), item(2)])
    before = list(ContributionSignal.objects.order_by("id").values())
    report = contributions_api.ingest_signals(site, [item(1), item(2), item(2)])
    assert (report["accepted"], report["inserted"], report["duplicates"]) == (3, 0, 3)
    assert list(ContributionSignal.objects.order_by("id").values()) == before


def test_r21_future_dates_and_unknown_fields_are_refused(site):
    report = contributions_api.ingest_signals(site, [item(1, occurred_at="2999-01-01T00:00:00Z"), {**item(2), "x": 1}])
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
    call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "2")
    out, err = capsys.readouterr()
    assert "line 2: non_field_errors: Not a JSON object" in err
    assert "line 4: user: Unknown user 'nobody'." in err
    assert "line 6: kind: This field is required." in err
    assert "5 line(s) read, 2 signal(s) accepted (new or already recorded), 3 bad line(s) skipped" in out
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
    call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "4")
    assert "line 11: occurred_at" in capsys.readouterr().err
    assert ContributionSignal.objects.filter(site=site).count() == 24
    call_command("dcp_import_signals", path, "--site", site.domain, "--batch-size", "7")
    assert ContributionSignal.objects.filter(site=site).count() == 24


def test_p2_a_database_error_in_the_writer_thread_reaches_the_caller(monkeypatch):
    written = []

    def insert(rows):
        if len(written) == 1:
            raise RuntimeError("deadlock")
        written.append(rows)

    monkeypatch.setattr(contributions_api, "_insert_ignoring_duplicates", insert)
    writer = contributions_api._Writer(concurrent=True)
    with pytest.raises(RuntimeError, match="deadlock"):
        try:
            for n in range(5):  # more batches than the queue holds: the producer must never block after a failure
                writer.write([n])
        finally:
            writer.close()
    assert written == [[0]]
    assert not writer.thread.is_alive()
