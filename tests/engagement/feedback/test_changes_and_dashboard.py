"""
KR 3.2 (rounds a year), KR 1.3 (awareness from the answers), KR 3.3 (program changes citing feedback, R24) on the
dashboard, and the report's feedback section.
"""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp.dashboard import api as dashboard_api
from openedx_dcp.dashboard import report
from openedx_dcp.engagement.feedback import api
from openedx_dcp.engagement.feedback.models import ProgramChangeFromFeedback
from openedx_dcp.exceptions import NotPermitted, ValidationFailed
from openedx_dcp.programs import api as programs_api
from tests.engagement.feedback.conftest import answers_for, make_round
from tests.factories import UserFactory
from tests.membership.factories import announced_cycle, make_membership


def _results(program):
    return {r["key"]: r for r in dashboard_api.program_dashboard(program=program)["key_results"]}


@pytest.fixture
def answered(fw):
    """Tenant A's members round closed with five answers: four heard of the program (two by newsletter)."""
    cycle = announced_cycle(fw.program, slug="2023")
    choices = ["Newsletter", "Newsletter", "Slack", "Conference", "I had not heard of it"]
    for index, choice in enumerate(choices):
        user = make_membership(cycle, user=UserFactory(username=f"voice{index}")).user
        api.submit_response(feedback_round=fw.members_round, user=user,
                            answers=answers_for(fw.members_round, choice=choice))
    api.close_round(feedback_round=fw.members_round, actor=fw.users["staff"])
    return fw


def test_kr32_rounds_in_the_last_12_months_count_towards_two(fw):
    results = _results(fw.program)
    # The members and the panel rounds opened; the draft does not count; tenant B's round is B's.
    assert (results["feedback_rounds"]["value"], results["feedback_rounds"]["status"]) == (2, "met")
    assert results["feedback_rounds"]["detail"]["by_year"] == [{"year": timezone.now().year, "rounds": 2}]
    assert _results(fw.program_b)["feedback_rounds"]["value"] == 1
    assert "not_tracked" not in {results[k]["status"] for k in ("feedback_rounds", "awareness", "program_changes")}


def test_kr13_awareness_comes_from_the_awareness_question(answered):
    result = _results(answered.program)["awareness"]
    assert (result["value"], result["target"], result["status"]) == (0.8, 0.8, "met")
    assert result["detail"]["channels"][0] == {"channel": "Newsletter", "count": 2}
    assert result["detail"]["respondents"] == 5


def test_kr13_awareness_of_an_open_anonymous_round_is_not_shown_yet(fw):
    api.submit_response(feedback_round=fw.members_round, user=fw.users["member"],
                        answers=answers_for(fw.members_round))
    assert _results(fw.program)["awareness"]["status"] == "no_data"


def test_kr33_a_rules_change_cites_the_round_and_the_dashboard_lists_its_reason(answered):
    fw, staff = answered, answered.users["staff"]
    change = api.change_rules_from_feedback(
        program=fw.program, actor=staff, feedback_round=fw.members_round,
        reason="Members asked for a shorter nomination form: fewer required references.",
        min_endorsements=2)
    assert change.rules_version.version == 2
    result = _results(fw.program)["program_changes"]
    assert (result["value"], result["status"]) == (1, "met")
    listed = result["detail"]["changes"][0]
    assert listed["reason"].startswith("Members asked") and listed["feedback_round"] == fw.members_round.title
    assert result["detail"]["from_feedback"] == 1
    # The public dashboard page shows the reason, never an answer.
    page = Client(HTTP_HOST=fw.host_a).get("/dcp/dcp/dashboard/").content.decode()
    assert "Members asked for a shorter nomination form" in page
    assert "Idea" not in page and "More mentoring." not in page


def test_kr33_a_citation_is_refused_clearly_when_wrong(answered):
    fw, staff = answered, answered.users["staff"]
    version = programs_api.change_thresholds(program=fw.program, actor=staff, reason="Quorum", min_endorsements=2)
    anonymous_answer = fw.members_round.responses.first().answers.first()
    with pytest.raises(ValidationFailed) as refused:
        api.record_change_from_feedback(rules_version=version, feedback_round=fw.members_round, reason="Because",
                                        actor=staff, answers=[anonymous_answer])
    assert refused.value.field == "answers"
    with pytest.raises(ValidationFailed) as other_program:
        api.record_change_from_feedback(rules_version=version, feedback_round=fw.round_b, reason="x", actor=staff)
    assert other_program.value.field == "round"
    with pytest.raises(NotPermitted):
        api.record_change_from_feedback(rules_version=version, feedback_round=fw.members_round, reason="x",
                                        actor=fw.users["other_staff"])
    named = api.submit_response(feedback_round=fw.panel_round, user=fw.users["panelist"],
                                answers=answers_for(fw.panel_round, choice="Slack"))
    change = api.record_change_from_feedback(rules_version=version, feedback_round=fw.panel_round,
                                             reason="The panel asked.", actor=staff, answers=named.answers.all())
    assert change.answers.count() == 3
    with pytest.raises(ValidationFailed, match="already cites"):
        api.record_change_from_feedback(rules_version=version, feedback_round=fw.panel_round, reason="Again",
                                        actor=staff)
    assert ProgramChangeFromFeedback.objects.count() == 1


def test_the_report_section_gives_rounds_responses_awareness_and_changes(answered):
    fw = answered
    api.change_rules_from_feedback(program=fw.program, actor=fw.users["staff"], feedback_round=fw.members_round,
                                   reason="Shorter form.", min_endorsements=2)
    now = timezone.now()
    section = api.feedback_report_section(fw.program, now - datetime.timedelta(days=30),
                                          now + datetime.timedelta(days=1))
    assert [r["slug"] for r in section["rounds"]] == ["members-2026", "panel-2026"]
    assert section["responses"] == 5 and section["rounds"][0]["responses"] == 5
    assert section["awareness"]["share"] == 0.8
    assert section["changes"][0]["feedback_round"] == fw.members_round.title
    assert section["changes_from_feedback"] == 1
    empty = api.feedback_report_section(fw.program, now - datetime.timedelta(days=900),
                                        now - datetime.timedelta(days=800))
    assert (empty["rounds"], empty["responses"], empty["awareness"], empty["changes"]) == ([], 0, None, [])


def test_the_dashboard_makes_the_same_number_of_queries_with_more_rounds(fw):
    with CaptureQueriesContext(connection) as small:
        dashboard_api.program_dashboard(program=fw.program)
    for index in range(4):
        make_round(fw.program, f"more-{index}", state="closed")
    with CaptureQueriesContext(connection) as large:
        dashboard_api.program_dashboard(program=fw.program)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_program_report_carries_the_feedback_section(answered):
    """KR 4.2 with KR 3.2/3.3/1.3: the staff report's feedback section, from the same figures."""
    fw = answered
    api.change_rules_from_feedback(program=fw.program, actor=fw.users["staff"], feedback_round=fw.members_round,
                                   reason="Shorter form.", min_endorsements=2)
    built = report.program_report(fw.program, period=report.default_period())
    section = next(s for s in built["sections"] if s["key"] == "feedback")
    figures = {figure["label"]: figure["value"] for figure in section["figures"]}
    assert figures["Feedback rounds"] == 2 and figures["Responses"] == 5
    assert figures["Changes citing feedback"] == 1 and figures["Aware of the program (%)"] == 80
    assert any("Shorter form." in item for item in section["items"])
