"""
One journey per role in Chromium, as people would walk them: the nominator creates a peer nomination, the
nominee consents from the email's link, three recognized members and a steward representative endorse, the
nominator submits; the steward representative approves a cohort. Every refusal shows a sentence on the page
and changes nothing. An organization is nominated and the person representing it consents. Each page is
checked by axe-core (WCAG 2.1 A/AA, 0 violations) and screenshotted.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs.models import CommunityRole, Cycle, Organization
from openedx_dcp.review import api as review_api
from tests.browser.conftest import check_page, no_horizontal_overflow, sign_in_with_form
from tests.factories import UserFactory, affiliate, grant_role, make_cycle, make_program
from tests.review.factories import after_close
from tests.world import ReviewWorld


def person(username, program=None, role=None):
    user = UserFactory(username=username, email=f"{username}@example.com")
    user.set_password("dcp-demo")
    user.save()
    if role:
        grant_role(program, user, role)
    return user


def path_of_link(message_body, kind):
    """The path of the page link in an email (the email names the site's domain; the test server is local)."""
    match = re.search(r"https?://[^/\s]+(/dcp/\S+/" + kind + r"/)", message_body)
    assert match, f"no {kind} link in:\n{message_body}"
    return match.group(1)


@pytest.fixture
def program(live_site):
    program = make_program(site=live_site, name="Open edX Distinguished Contributor Program")
    make_cycle(program, slug="2026")
    return program


def test_nomination_journey_of_every_role(program, live_server, page_at, sign_in):
    person("nora")
    nominee = person("nico")
    endorsers = [person(f"core{i}", program, CommunityRole.CORE_CONTRIBUTOR) for i in range(3)]
    steward = person("stella", program, CommunityRole.STEWARD_REPRESENTATIVE)
    base = f"{live_server.url}/dcp/{program.slug}"

    # --- The nominator signs in on the dev host's page and nominates a peer.
    page = page_at()
    sign_in_with_form(page, live_server, "nora", "dcp-demo", f"/dcp/{program.slug}/nominate/")
    page.wait_for_url(f"{base}/nominate/")
    check_page(page, "journey-01-nominate-empty")
    page.get_by_label("Distinguished Engineer").check()
    page.get_by_label("Someone else (a peer nomination)").check()
    page.get_by_label("Nominee's username").fill("nobody-at-all")
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_text("No account has this username.")).to_be_visible()
    check_page(page, "journey-02-nominate-unknown-nominee")
    page.get_by_label("Nominee's username").fill("nico")
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_role("heading", name="Not eligible yet")).to_be_visible()
    check_page(page, "journey-03-nominate-not-eligible")
    page.get_by_label("Summary of contributions").fill("Maintains the forum and the authoring MFE.")
    page.get_by_label("Impact statement").fill("Deployed by most Tutor operators.")
    page.get_by_label("Evidence link", exact=True).fill("https://github.com/openedx/frontend-app-authoring/pulls")
    page.get_by_role("button", name="Add link").click()
    page.get_by_label("Evidence link", exact=True).fill("https://discuss.openedx.org/u/nico")
    page.get_by_role("button", name="Add link").click()
    expect(page.get_by_role("link", name="https://discuss.openedx.org/u/nico")).to_be_visible()
    page.get_by_label("First contribution on the track").fill("2019-03-01")
    page.get_by_label("Evidence of the first contribution").fill("https://github.com/openedx/edx-platform/pull/1")
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_role("heading", name="Eligible so far")).to_be_visible()
    assert page.get_by_label("Summary of contributions").input_value().startswith("Maintains the forum")
    check_page(page, "journey-04-nominate-eligible")
    page.get_by_role("button", name="Save draft").click()
    nomination = Nomination.objects.get(nominee_user=nominee)
    page.wait_for_url(f"{base}/nominations/{nomination.pk}/")
    assert nomination.evidence_links == ["https://github.com/openedx/frontend-app-authoring/pulls",
                                         "https://discuss.openedx.org/u/nico"]
    expect(page.get_by_text("awaiting the nominee's consent.")).to_be_visible()
    check_page(page, "journey-05-nomination-draft")

    # A refusal: submitting before consent and endorsements says why, and changes nothing.
    page.get_by_role("button", name="Submit for screening").click()
    expect(page.get_by_role("alert").filter(has_text="needs the nominee's consent")).to_be_visible()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT
    check_page(page, "journey-06-submit-refused")

    # --- The nominee follows the email's link and consents.
    [consent_mail] = [m for m in mail.outbox if m.to == ["nico@example.com"]]
    nominee_page = page_at(width=360)
    sign_in(nominee_page, nominee)
    nominee_page.goto(live_server.url + path_of_link(consent_mail.body, "consent"))
    expect(nominee_page.get_by_text("Maintains the forum and the authoring MFE.")).to_be_visible()
    assert no_horizontal_overflow(nominee_page)
    check_page(nominee_page, "journey-07-consent-360")
    nominee_page.get_by_label("Note (optional)").fill("Honoured, thank you.")
    nominee_page.get_by_role("button", name="I consent").click()
    nominee_page.wait_for_url(f"{base}/nominations/{nomination.pk}/")
    expect(nominee_page.get_by_text("Thank you: you consented to the nomination.")).to_be_visible()
    check_page(nominee_page, "journey-08-nominee-after-consent-360")

    # --- The nominator asks the endorsers by name; a learner without a role is refused with a sentence.
    page.goto(f"{base}/nominations/{nomination.pk}/")
    learner = person("lea")
    page.get_by_label("Username of the person to ask").fill(learner.username)
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("This person is not a recognized community member who may endorse.")).to_be_visible()
    for endorser in [*endorsers, steward]:
        page.get_by_label("Username of the person to ask").fill(endorser.username)
        page.get_by_role("button", name="Send the request").click()
        expect(page.get_by_text("We emailed them your request with a link to endorse.")).to_be_visible()

    # --- Three core contributors and a steward representative endorse from their inbox or the email's link.
    for index, endorser in enumerate([*endorsers, steward]):
        endorser_page = page_at()
        sign_in(endorser_page, endorser)
        if index == 0:
            endorser_page.goto(f"{base}/endorse/")
            check_page(endorser_page, "journey-09-endorse-inbox")
            endorser_page.get_by_role("link", name="Read and endorse the nomination of nico").click()
        else:
            [asked] = [m for m in mail.outbox if m.to == [endorser.email]]
            endorser_page.goto(live_server.url + path_of_link(asked.body, "endorse"))
        endorser_page.get_by_label("Your statement").fill(f"{endorser.username} has seen this work for years.")
        if index == 0:
            # The first endorser also agrees to publish the endorsement as a credential if the nominee is selected.
            endorser_page.get_by_label("If the nominee is selected, publish my endorsement", exact=False).check()
            check_page(endorser_page, "journey-10-endorse")
        endorser_page.get_by_role("button", name="Endorse", exact=True).click()
        endorser_page.wait_for_url(f"{base}/endorse/")
        expect(endorser_page.get_by_text("Thank you: your endorsement is recorded.")).to_be_visible()
        if index == 0:
            check_page(endorser_page, "journey-11-endorsed")
        endorser_page.context.close()

    # The endorsement count went past the quorum with the steward's; one core contributor withdraws and
    # endorses no more, and the quorum still holds.
    page.goto(f"{base}/nominations/{nomination.pk}/")
    expect(page.get_by_text("4 of 3 endorsements; the steward representative's endorsement is there")).to_be_visible()

    # --- The nominator submits.
    page.get_by_role("button", name="Submit for screening").click()
    expect(page.get_by_text("The nomination is submitted for screening.")).to_be_visible()
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED
    check_page(page, "journey-12-submitted")
    page.goto(f"{base}/my-nominations/")
    expect(page.get_by_role("link", name="nico — Distinguished Engineer")).to_be_visible()
    check_page(page, "journey-13-my-nominations")


def test_steward_approves_a_cohort(live_server, page_at, sign_in, transactional_db):
    world = ReviewWorld()
    world.to_deliberation()
    world.stage_all()
    with after_close(world.cycle):
        review_api.request_approval(cycle=world.cycle, actor=world.staff)
    # Browse the review world's tenant from the live server's host.
    world.site.domain = "localhost"
    world.site.save()
    base = f"{live_server.url}/dcp/{world.program.slug}"
    steward = world.steward_panelist_user

    # A learner reads "not found"; a core contributor too (only stewards and staff see the list).
    outsider = page_at()
    sign_in(outsider, world.learner)
    response = outsider.goto(f"{base}/cycles/{world.cycle.slug}/approval/")
    assert response.status == 404

    page = page_at()
    sign_in(page, steward)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Review the final list").click()
    page.wait_for_url(f"{base}/cycles/{world.cycle.slug}/approval/")
    expect(page.get_by_role("heading", name="2 nominations selected by the panel")).to_be_visible()
    check_page(page, "journey-20-approval")
    # Sending back needs a note: the page says so and nothing changes.
    page.get_by_role("button", name="Send back to the panel").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    world.cycle.refresh_from_db()
    assert world.cycle.stage == Cycle.APPROVAL
    check_page(page, "journey-21-send-back-needs-note")
    page.get_by_role("button", name="Approve the final list").click()
    expect(page.get_by_text("You approved the final list.")).to_be_visible()
    world.cycle.refresh_from_db()
    assert world.cycle.stage == Cycle.APPROVED
    check_page(page, "journey-22-approved")


def test_nominating_an_organization_and_its_representatives_consent(program, live_server, page_at, sign_in):
    """
    The nominee is an organization named on the nominate page (Partner track); the person representing it gets
    the consent email and consents from its link; someone else reads "not found" there, and a refusal changes
    nothing.
    """
    person("nora")
    acme = Organization.objects.create(site=program.site, slug="acme", name="Acme Learning", size=40)
    representative = person("rita")
    grant_role(program, representative, CommunityRole.PARTNER_REPRESENTATIVE, organization=acme)
    affiliate(representative, acme)
    outsider = person("otto")
    base = f"{live_server.url}/dcp/{program.slug}"

    page = page_at()
    sign_in_with_form(page, live_server, "nora", "dcp-demo", f"/dcp/{program.slug}/nominate/?track=partner")
    page.wait_for_url(re.compile(r".*/nominate/\?track=partner$"))
    assert page.get_by_label("Distinguished Partner").is_checked()
    page.get_by_label("Someone else (a peer nomination)").check()
    # An organization that is not on this site: the form says only that.
    page.get_by_label("Nominee organization").fill("Nonexistent Learning")
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_text("No organization has this name on this site.")).to_be_visible()
    check_page(page, "journey-30-nominate-organization-unknown")
    page.get_by_label("Nominee organization").fill("acme learning")
    page.get_by_label("Summary of contributions").fill("Runs Open edX for 40 universities and funds the forum.")
    page.get_by_label("Impact statement").fill("Sponsors two working groups.")
    page.get_by_label("First contribution on the track").fill("2019-03-01")
    page.get_by_label("Evidence of the first contribution").fill("https://openedx.org/partners/acme")
    page.get_by_role("button", name="Check eligibility").click()
    expect(page.get_by_role("heading", name="Eligible so far")).to_be_visible()
    check_page(page, "journey-31-nominate-organization-eligible")
    page.get_by_role("button", name="Save draft").click()
    nomination = Nomination.objects.get(nominee_organization=acme)
    page.wait_for_url(f"{base}/nominations/{nomination.pk}/")
    assert nomination.nominee_user is None and nomination.kind == "peer"
    expect(page.get_by_text("awaiting the nominee's consent.")).to_be_visible()

    # The organization's representative is asked for consent by email; the link is their page.
    [consent_mail] = [m for m in mail.outbox if m.to == [representative.email]]
    consent_path = path_of_link(consent_mail.body, "consent")
    # Someone who does not speak for the organization reads "not found" there, and nothing changes.
    outsider_page = page_at()
    sign_in(outsider_page, outsider)
    assert outsider_page.goto(live_server.url + consent_path).status == 404
    nomination.refresh_from_db()
    assert nomination.consent_given_at is None

    rep_page = page_at()
    sign_in(rep_page, representative)
    rep_page.goto(live_server.url + consent_path)
    expect(rep_page.get_by_text("Runs Open edX for 40 universities and funds the forum.")).to_be_visible()
    check_page(rep_page, "journey-32-organization-consent")
    rep_page.get_by_role("button", name="I consent").click()
    rep_page.wait_for_url(f"{base}/nominations/{nomination.pk}/")
    expect(rep_page.get_by_text("Thank you: you consented to the nomination.")).to_be_visible()
    nomination.refresh_from_db()
    assert nomination.consent_given_by == representative and nomination.state == NominationState.DRAFT
    # The email's link now says it is done, with nothing more to answer.
    rep_page.goto(live_server.url + consent_path)
    expect(rep_page.get_by_text("You consented on")).to_be_visible()
    assert rep_page.get_by_role("button", name="I consent").count() == 0
    # The representative finds it among the nominations naming their organization.
    rep_page.goto(f"{base}/my-nominations/")
    expect(rep_page.get_by_role("link", name="Acme Learning — Distinguished Partner")).to_be_visible()
    check_page(rep_page, "journey-33-organization-my-nominations")


def test_my_nominations_and_a_nomination_page_page_without_javascript(program, live_server, page_at, sign_in,
                                                                      browser):
    """
    P5: "My nominations" pages each section (20 a page) and a nomination's page its endorsements, with plain
    links that work with JavaScript off; both pass axe and fit a 360 px screen.
    """
    from tests.factories import endorse, nominate  # noqa: PLC0415

    nominator = person("nora")
    cycle, track = program.cycles.get(), program.tracks.get(slug="engineer")
    nominations = [nominate(cycle, track, nominator, person(f"nominee{index:02d}")) for index in range(23)]
    for index in range(22):
        endorse(nominations[0], person(f"endorser{index:02d}", program, CommunityRole.CORE_CONTRIBUTOR))
    base = f"{live_server.url}/dcp/{program.slug}"
    page = page_at(width=1280)
    sign_in(page, nominator)
    page.goto(f"{base}/my-nominations/")
    pages_nav = page.get_by_role("navigation", name="Pages of the nominations you made")
    expect(pages_nav.get_by_text("Page 1 of 2")).to_be_visible()
    expect(page.get_by_role("link", name="nominee22 — Distinguished Engineer")).to_be_visible()
    check_page(page, "journey-40-my-nominations-paged")
    pages_nav.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("navigation", name="Pages of the nominations you made").get_by_text(
        "Page 2 of 2")).to_be_visible()
    expect(page.get_by_role("link", name="nominee00 — Distinguished Engineer")).to_be_visible()
    check_page(page, "journey-41-my-nominations-page-2")

    page.goto(f"{base}/nominations/{nominations[0].pk}/")
    endorsement_pages = page.get_by_role("navigation", name="Pages of the endorsements")
    expect(endorsement_pages.get_by_text("Page 1 of 2")).to_be_visible()
    expect(page.get_by_text("The latest 10 lines are shown.")).to_be_visible()
    check_page(page, "journey-42-nomination-paged")
    page.get_by_role("link", name="Show the whole history").click()
    expect(page.get_by_text("Nomination created")).to_be_visible()

    small = page_at(width=360)
    sign_in(small, nominator)
    small.goto(f"{base}/my-nominations/")
    expect(small.get_by_role("navigation", name="Pages of the nominations you made")).to_be_visible()
    assert no_horizontal_overflow(small)
    check_page(small, "journey-43-my-nominations-paged-360")

    # With JavaScript off the page links lead to the next page all the same.
    context = browser.new_context(java_script_enabled=False)
    context.set_default_timeout(15000)
    no_script = context.new_page()
    sign_in(no_script, nominator)
    no_script.goto(f"{base}/my-nominations/")
    no_script.get_by_role("navigation", name="Pages of the nominations you made").get_by_role(
        "link", name="Next page").click()
    expect(no_script.get_by_role("navigation", name="Pages of the nominations you made").get_by_text(
        "Page 2 of 2")).to_be_visible()
    context.close()
