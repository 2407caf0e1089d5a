"""
The program report (KR 4.2): staff-only page with server-drawn charts, a self-contained HTML file, sections
gathered from a registry, and the dashboard's "outcomes shared" counted from the files generated.
"""

import datetime
import re

import pytest
from django.utils import timezone

from openedx_dcp.dashboard import api as dashboard_api
from openedx_dcp.dashboard import report
from openedx_dcp.dashboard.models import ProgramReport
from openedx_dcp.exceptions import NotPermitted, ValidationFailed


def _shared(program):
    return {r["key"]: r for r in dashboard_api.program_dashboard(program=program)["key_results"]}["outcomes_shared"]


def test_kr_4_2_the_report_gathers_each_section_for_the_period(eworld):
    eworld.story(publish=True, title="Spotlight on Mary")
    eworld.story(publish_at=timezone.now() - datetime.timedelta(days=800), title="Too old")
    built = report.program_report(eworld.program, period=report.default_period())
    keys = [section["key"] for section in built["sections"]]
    assert keys == ["cycles", "nominations", "selections", "participation", "retention", "stories", "feedback",
                    "citations"]
    stories = next(s for s in built["sections"] if s["key"] == "stories")
    assert stories["figures"][0]["value"] == 1
    assert any("Spotlight on Mary" in item for item in stories["items"])
    assert not any("Too old" in item for item in stories["items"])


def test_a_section_registered_by_another_package_joins_the_report(eworld):
    @report.register_section("feedback_test", "Feedback rounds", order=66)
    def feedback(program, period):
        return {"figures": [{"label": "Rounds", "value": 2}]}

    try:
        built = report.program_report(eworld.program, period=report.default_period())
        keys = [section["key"] for section in built["sections"]]
        assert keys.index("feedback_test") == keys.index("feedback") + 1
    finally:
        report._SECTIONS.pop("feedback_test")


def test_a_period_out_of_order_or_too_long_is_refused():
    with pytest.raises(ValidationFailed):
        report.check_period(datetime.date(2026, 5, 1), datetime.date(2026, 4, 1))
    with pytest.raises(ValidationFailed):
        report.check_period(datetime.date(2010, 1, 1), datetime.date(2026, 1, 1))


def test_only_program_staff_record_a_report(eworld):
    with pytest.raises(NotPermitted):
        report.record_report(program=eworld.program, actor=eworld.users["other_staff"],
                             period=report.default_period(), form="file")


@pytest.mark.parametrize("role, status", [("learner", 404), ("member", 404), ("panelist", 404), ("staff", 200),
                                          ("other_staff", 404)])
def test_the_report_page_is_program_staffs_alone(eworld, role, status):
    assert eworld.page_client(role).get("/dcp/dcp/report/").status_code == status
    assert eworld.page_client(role).get("/dcp/dcp/report/?download=1").status_code == status
    assert ProgramReport.objects.count() == (2 if status == 200 else 0)


def test_anonymous_visitors_are_sent_to_sign_in_for_the_report(eworld):
    assert eworld.page_client(None).get("/dcp/dcp/report/").status_code == 302


def test_the_report_page_draws_its_charts_as_inline_svg(eworld):
    eworld.story(publish=True)
    page = eworld.page_client("staff").get("/dcp/dcp/report/?start=2025-01-01&end=2026-12-31")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg viewBox=' in html and 'role="img"' in html
    assert "Stories published, by quarter" in html
    bad = eworld.page_client("staff").get("/dcp/dcp/report/?start=2026-05-01&end=2026-04-01")
    assert bad.status_code == 400 and "The period ends on or after its start." in bad.content.decode()


def test_kr_4_2_the_downloaded_report_is_one_self_contained_html_file(eworld):
    eworld.story(publish=True)
    response = eworld.page_client("staff").get("/dcp/dcp/report/?start=2025-01-01&end=2026-12-31&download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="dcp-report-2025-01-01-2026-12-31.html"'
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<svg" in html
    # Nothing fetched: no stylesheet, script, image or font from anywhere.
    assert not re.search(r"<(link|script|img|iframe)\b", html)
    assert "url(" not in html and "@import" not in html


def test_kr_4_2_the_dashboard_counts_the_reports_shared_in_the_last_twelve_months(eworld):
    assert _shared(eworld.program)["value"] == 0
    staff = eworld.page_client("staff")
    staff.get("/dcp/dcp/report/")  # viewed, not shared
    assert _shared(eworld.program)["value"] == 0
    staff.get("/dcp/dcp/report/?download=1")
    assert _shared(eworld.program)["status"] == "met"
    ProgramReport.objects.update(generated_at=timezone.now() - datetime.timedelta(days=400))
    assert _shared(eworld.program)["value"] == 0
    assert _shared(eworld.program_b)["value"] == 0
