"""
The review in Chromium (issue #12): staff seat a panel within its quotas and auto-assign after a preview in
Django admin; two panelists score on the program's pages (axe: no WCAG 2.1 A/AA violation); one declares a
conflict and loses sight of the nomination; staff stage the decisions and request the steward's approval.
Screenshots go to test-artifacts/screenshots/ (docs/review.md shows them).
"""

import re

import pytest
from playwright.sync_api import expect

from openedx_dcp.nominations.models import NominationState
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import api
from openedx_dcp.review.models import Assignment, Panelist, Review
from tests.browser.conftest import check_page, screenshot
from tests.factories import UserFactory, make_cycle, make_program, make_staff
from tests.review.factories import after_close, endorsers, panel_users, submitted_nomination


@pytest.fixture
def review_world(live_site):
    program = make_program(site=live_site, name="Open edX Distinguished Contributor Program")
    cycle = make_cycle(program, slug="2026")
    staff = make_staff(program, UserFactory(username="program_staff", is_staff=True))
    panel = panel_users(program)
    people = endorsers(program)
    nominations = [
        submitted_nomination(cycle, program.tracks.get(slug="engineer"), UserFactory(username=f"nominator{i}"),
                             UserFactory(username=name, first_name=name.capitalize()), people,
                             summary=f"{name.capitalize()} maintains the course authoring MFE.",
                             impact_statement="Deployed by most Tutor operators.",
                             evidence_links=["https://github.com/openedx/frontend-app-authoring/pulls"])
        for i, name in enumerate(["grace", "linus", "margaret"])
    ]
    return {"program": program, "cycle": cycle, "staff": staff, "panel": panel, "nominations": nominations}


def test_a_review_from_seating_to_the_approval_request(review_world, live_server, page_at, sign_in):
    w = review_world
    cycle, staff = w["cycle"], w["staff"]
    desk = f"{live_server.url}/admin/openedx_dcp/cyclereview/{cycle.pk}"
    toc = w["panel"]["toc_member"][0]
    for seat, users in w["panel"].items():
        for user in users:
            if user != toc:
                api.add_panelist(cycle=cycle, user=user, seat=seat, actor=staff)

    # Staff seat the last seat the quotas require, by username.
    admin = page_at(width=1400)
    sign_in(admin, staff)
    admin.goto(f"{desk}/panel/")
    expect(admin.get_by_text("The panel needs 1 more toc_member").first).to_be_visible()
    admin.get_by_label("Username").fill(toc.username)
    admin.locator("#id_seat").select_option("toc_member")
    admin.get_by_role("button", name="Seat", exact=True).click()
    assert f"{toc.username} sits on the panel as toc_member." in admin.locator(".messagelist").inner_text().lower()
    expect(admin.get_by_text("The panel meets every quota").first).to_be_visible()
    screenshot(admin, "review-admin-panel")

    with after_close(cycle):
        api.screen_cycle(cycle=cycle, actor=staff)
        api.start_evaluation(cycle=cycle, actor=staff)

    # Automatic assignment: preview, then save what was previewed.
    admin.goto(f"{desk}/assignments/")
    admin.get_by_role("button", name="Preview").click()
    expect(admin.get_by_text("Preview (nothing is saved yet)").first).to_be_visible()
    assert not Assignment.objects.exists()
    screenshot(admin, "review-admin-assignment-preview")
    admin.get_by_role("button", name=re.compile("Save these 9 assignments")).click()
    assert "9 assignment(s) saved." in admin.locator(".messagelist").inner_text()
    assert Assignment.objects.count() == 9

    # Two panelists score the first nomination on the program's pages (no is_staff).
    first = w["nominations"][0]
    reviewers = [a.panelist.user for a in Assignment.objects.filter(nomination=first)
                 .select_related("panelist__user").order_by("pk")]
    assert not any(user.is_staff for user in reviewers)
    scores = [{"depth": "5", "originality": "4", "adoption": "5"}, {"depth": "3", "originality": "3", "adoption": "4"}]
    for number, (user, given) in enumerate(zip(reviewers[:2], scores)):
        panelist_page = page_at(width=1280)
        sign_in(panelist_page, user)
        panelist_page.goto(f"{live_server.url}/dcp/{w['program'].slug}/review/")
        if number == 0:
            check_page(panelist_page, "review-panelist-queue")
        panelist_page.get_by_role("link", name="Grace").click()
        panelist_page.get_by_label("Depth").fill(given["depth"])
        panelist_page.get_by_role("button", name="Save (in progress)").click()
        expect(panelist_page.get_by_text("saved as in progress").first).to_be_visible()
        if number == 0:
            check_page(panelist_page, "review-panelist-scoring")
        panelist_page.get_by_label("Originality").fill(given["originality"])
        panelist_page.get_by_label("Adoption in the ecosystem").fill(given["adoption"])
        panelist_page.get_by_role("button", name="Submit the final review").click()
        expect(panelist_page.get_by_text("Your review is submitted and final.").first).to_be_visible()
        expect(panelist_page.get_by_text("A final review can no longer be changed.").first).to_be_visible()
        if number == 1:
            expect(panelist_page.get_by_text("over 2 review(s)").first).to_be_visible()
            check_page(panelist_page, "review-panelist-final")
    assert Review.objects.filter(nomination=first).count() == 2

    # The third reviewer declares a conflict: the nomination disappears for them.
    third = page_at(width=1280)
    sign_in(third, reviewers[2])
    third.goto(f"{live_server.url}/dcp/{w['program'].slug}/review/{first.pk}/")
    third.get_by_label("Why you have a conflict of interest").fill("I co-maintain this MFE with the nominee.")
    third.get_by_role("button", name="Declare a conflict").click()
    expect(third.get_by_text("no longer shown to you").first).to_be_visible()
    check_page(third, "review-panelist-after-conflict")
    assert "Grace" not in third.locator("main").inner_text()
    response = third.goto(f"{live_server.url}/dcp/{w['program'].slug}/review/{first.pk}/")
    assert response.status == 404

    # The remaining reviews (the conflicted reviewer's seat is refilled by staff), then deliberation.
    replacement = Panelist.objects.filter(cycle=cycle).exclude(assignments__nomination=first).exclude(
        user=reviewers[2]).first()
    api.assign(nomination=first, panelist=replacement, actor=staff)
    for nomination in w["nominations"]:
        for assignment in nomination.review_assignments.select_related("panelist__user"):
            if not Review.objects.filter(assignment=assignment).exists():
                api.submit_review(nomination=nomination, user=assignment.panelist.user, scores={"depth": 4,
                                                                                                "originality": 3,
                                                                         "adoption": 4})
    api.start_deliberation(cycle=cycle, actor=staff)

    # Staff stage each decision with its rationale and request the steward's approval.
    for nomination, outcome in zip(w["nominations"], ["selected", "selected", "not_selected"]):
        admin.goto(f"{desk}/nominations/{nomination.pk}/")
        admin.locator(f"input[name=outcome][value={outcome}]").check()
        admin.get_by_label("Rationale").fill(f"The panel's consensus: {outcome.replace('_', ' ')}.")
        admin.get_by_role("button", name="Stage the decision").click()
        assert "decision staged" in admin.locator(".messagelist").inner_text().lower()
    admin.goto(f"{desk}/board/?o=-score")
    screenshot(admin, "review-admin-board")
    admin.get_by_role("button", name="Request the steward's approval").click()
    assert "done: request the steward" in admin.locator(".messagelist").inner_text().lower()
    cycle.refresh_from_db()
    assert cycle.stage == Cycle.APPROVAL
    assert {n.state for n in type(first).objects.filter(cycle=cycle)} == {NominationState.DELIBERATION}
    screenshot(admin, "review-admin-approval-requested")
