"""
New contributors citing the program (KR 5.2): said on the program's pages, recorded by staff, or imported as a
``program_citation`` signal; the dashboard counts distinct people, tenants apart; retirement removes them.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp.contributions import rollups
from openedx_dcp.contributions.models import ContributionSignal, SignalDayCount
from openedx_dcp.dashboard import api as dashboard_api
from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.citations.models import Citation, CitationSource
from openedx_dcp.exceptions import NotPermitted, ValidationFailed
from openedx_dcp.retirement import retire_user_data
from tests.factories import UserFactory
from tests.plans import analyze, plan_of


def _citing(program):
    return {r["key"]: r for r in dashboard_api.program_dashboard(program=program)["key_results"]}[
        "new_contributors_citing_program"]


def test_kr_5_2_a_citation_is_recorded_with_its_date_once_per_person_and_source(eworld):
    learner = eworld.users["learner"]
    first = citations_api.record_citation(program=eworld.program, user=learner, statement="A story got me in.")
    assert first.cited_at <= timezone.now() and first.source == CitationSource.PAGE
    again = citations_api.record_citation(program=eworld.program, user=learner, statement="Changed my mind.")
    assert again.pk == first.pk and again.statement == "Changed my mind." and again.cited_at == first.cited_at
    citations_api.record_citation(program=eworld.program, user=learner, source=CitationSource.FEEDBACK)
    assert Citation.objects.filter(user=learner).count() == 2
    assert _citing(eworld.program)["value"] == 1  # distinct people


def test_kr_5_2_staff_record_a_citation_for_someone_others_may_not(eworld):
    learner = eworld.users["learner"]
    with pytest.raises(NotPermitted):
        citations_api.record_citation(program=eworld.program, user=learner, source=CitationSource.STAFF,
                                      actor=eworld.users["panelist"])
    with pytest.raises(NotPermitted):
        citations_api.record_citation(program=eworld.program, user=learner, source=CitationSource.STAFF,
                                      actor=eworld.users["other_staff"])
    recorded = citations_api.record_citation(program=eworld.program, user=learner, source=CitationSource.STAFF,
                                             actor=eworld.staff, statement="Said so at the meetup.")
    assert recorded.recorded_by == eworld.staff


def test_kr_5_2_an_over_long_statement_is_refused(eworld):
    with pytest.raises(ValidationFailed) as refused:
        citations_api.record_citation(program=eworld.program, user=eworld.users["learner"], statement="x" * 2001)
    assert "statement" in refused.value.errors
    assert not Citation.objects.exists()


def test_kr_5_2_the_dashboard_counts_distinct_people_from_citations_and_imported_signals(eworld):
    assert _citing(eworld.program)["value"] == 0
    for name in ("learner", "panelist"):
        citations_api.record_citation(program=eworld.program, user=eworld.users[name])
    newcomer = UserFactory(username="newcomer")
    for index, user in enumerate((newcomer, eworld.users["learner"])):  # learner counted once
        ContributionSignal.objects.create(site=eworld.site_a, user=user, kind=citations_api.CITATION_SIGNAL_KIND,
                                          source="survey", source_id=f"cite-{index}",
                                          occurred_at=timezone.now() - datetime.timedelta(days=1))
    ContributionSignal.objects.create(site=eworld.site_b, user=UserFactory(username="b_person"),
                                      kind=citations_api.CITATION_SIGNAL_KIND, source="survey", source_id="cite-b",
                                      occurred_at=timezone.now() - datetime.timedelta(days=1))
    rollups.refresh_signal_rollups(full=True)
    result = _citing(eworld.program)
    assert result["value"] == 3 and result["status"] == "met"
    assert _citing(eworld.program_b)["value"] == 1  # tenant B's own signal only


def test_kr_5_2_reads_the_citation_rollups_through_their_index_not_the_tenants_other_signals(eworld):
    """P4: the dashboard stays flat as signals accumulate; KR 5.2 reads only the ``program_citation`` rollups."""
    day = datetime.date(2026, 1, 1)
    SignalDayCount.objects.bulk_create([
        SignalDayCount(site=eworld.site_a, user=eworld.users["learner"], kind="code_contribution",
                       day=day + datetime.timedelta(days=n), signals=1)
        for n in range(400)
    ] + [SignalDayCount(site=eworld.site_a, user=eworld.users["panelist"], kind=citations_api.CITATION_SIGNAL_KIND,
                        day=day, signals=1)])
    analyze()
    with CaptureQueriesContext(connection) as queries:
        assert citations_api.citing_people(eworld.program) == 1
    rollup_queries = [q["sql"] for q in queries.captured_queries if SignalDayCount._meta.db_table in q["sql"]]
    assert len(rollup_queries) == 1
    plan = plan_of(rollup_queries[0])
    assert "dcp_day_count_site_kind" in plan, plan


def test_the_motivated_form_records_a_signed_in_persons_citation(eworld):
    path = "/dcp/dcp/stories/motivated/"
    assert eworld.page_client(None).get(path).status_code == 302
    assert eworld.page_client(None).post(path, {"statement": "x"}).status_code == 302
    assert not Citation.objects.exists()
    client = eworld.page_client("learner")
    assert client.get(path).status_code == 200
    assert client.post(path, {"statement": "x" * 2001}).status_code == 400
    response = client.post(path, {"statement": "The spotlights made me contribute."})
    assert response.status_code == 303
    citation = Citation.objects.get()
    assert (citation.user, citation.program, citation.source) == (eworld.users["learner"], eworld.program, "page")
    assert "You told us on" in client.get("/dcp/dcp/stories/").content.decode()
    assert "The spotlights made me contribute.</textarea>" in client.get(path).content.decode()  # to change it
    # Tenant B's page records for tenant B's program, never A's.
    eworld.page_client("learner", host=eworld.host_b).post(path, {"statement": ""})
    assert Citation.objects.filter(program=eworld.program_b).count() == 1


def test_retirement_removes_the_persons_citations_and_citation_signals(eworld):
    learner = eworld.users["learner"]
    citations_api.record_citation(program=eworld.program, user=learner, statement="Me.")
    ContributionSignal.objects.create(site=eworld.site_a, user=learner, kind=citations_api.CITATION_SIGNAL_KIND,
                                      source="survey", source_id="cite-1", occurred_at=timezone.now())
    ContributionSignal.objects.create(site=eworld.site_a, user=learner, kind="code_contribution", source="gh",
                                      source_id="pr-1", occurred_at=timezone.now())
    rollups.refresh_signal_rollups(full=True)
    citations_api.record_citation(program=eworld.program, user=eworld.users["panelist"])
    result = retire_user_data(learner)
    assert result["citations"] == 1
    assert list(Citation.objects.values_list("user__username", flat=True)) == ["panelist"]
    assert not ContributionSignal.objects.filter(user=learner, kind=citations_api.CITATION_SIGNAL_KIND).exists()
    assert not SignalDayCount.objects.filter(user=learner, kind=citations_api.CITATION_SIGNAL_KIND).exists()
    assert ContributionSignal.objects.filter(user=learner, kind="code_contribution").exists()
    assert _citing(eworld.program)["value"] == 1
