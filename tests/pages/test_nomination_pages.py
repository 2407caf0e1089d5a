"""
The nomination pages through Django's test client: what each person sees and may do, refusals as sentences
that change nothing, emails that link to the page where the recipient acts, and what may not be seen reads as
not found (R26).
"""

import html
import json
import re

import pytest
from django.core import mail
from django.test import Client

from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.pages.views.nominations import MyNominationsView, NominationView
from openedx_dcp.programs.models import CommunityRole
from tests.factories import OrganizationFactory, UserFactory, affiliate, endorse, grant_role, nominate
from tests.world import HOST_A, HOST_B, World


@pytest.fixture
def world(db):
    return World()


def client_for(user, host=HOST_A):
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


def text(response):
    """The page's HTML with entities decoded, to search for sentences."""
    return html.unescape(response.content.decode())


def url(world, path=""):
    return f"/dcp/{world.program.slug}/{path}"


def content(**extra):
    data = {
        "track": "engineer", "kind": "peer", "nominee_username": "", "nominee_organization": "",
        "summary": "Maintains the forum.", "impact_statement": "Used by many operators.", "references": "",
        "first_contribution_date": "", "first_contribution_evidence": "", "evidence_links": "[]", "new_link": "",
        "action": "save",
    }
    data.update(extra)
    return data


def test_nominate_needs_a_signed_in_user(world):
    response = client_for(None).get(url(world, "nominate/?track=engineer"))
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/dcp/dcp/nominate/%3Ftrack%3Dengineer"


def test_an_unknown_nominee_username_says_only_that(world):
    before = Nomination.objects.count()
    response = client_for(world.users["nominator"]).post(url(world, "nominate/"), content(nominee_username="nobody-x"))
    assert response.status_code == 400
    body = text(response)
    assert "No account has this username." in body
    assert "nominee0" not in body and "learner" not in body  # no listing of accounts
    assert Nomination.objects.count() == before


def test_eligibility_is_checked_before_writing(world):
    newcomer = UserFactory(username="newcomer")
    client = client_for(world.users["nominator"])
    response = client.post(url(world, "nominate/"), content(nominee_username="newcomer", action="check",
                                                           summary="", impact_statement=""))
    body = text(response)
    assert response.status_code == 200 and "Not eligible yet" in body
    assert "No recorded contribution on the Distinguished Engineer track" in body
    assert "No contribution on this track is recorded for this nominee." in body
    # Declaring an early enough first contribution with evidence makes the nominee eligible so far.
    response = client.post(url(world, "nominate/"), content(
        nominee_username="newcomer", action="check", first_contribution_date="2019-05-01",
        first_contribution_evidence="https://github.com/openedx/edx-platform/pull/1"))
    assert "Eligible so far" in text(response)
    assert not Nomination.objects.filter(nominee_user=newcomer).exists()  # nothing was written


def test_evidence_links_are_added_and_removed_one_by_one_without_javascript(world):
    client = client_for(world.users["nominator"])
    response = client.post(url(world, "nominate/"), content(add_link="1", new_link="https://example.org/a"))
    assert response.status_code == 200
    links = response.context["links"]
    assert links == ["https://example.org/a"]
    response = client.post(url(world, "nominate/"), content(add_link="1", new_link="https://example.org/b",
                                                           evidence_links=json.dumps(links)))
    assert response.context["links"] == ["https://example.org/a", "https://example.org/b"]
    response = client.post(url(world, "nominate/"), content(remove_link="0", evidence_links=json.dumps(
        ["https://example.org/a", "https://example.org/b"])))
    assert response.context["links"] == ["https://example.org/b"]
    bad = client.post(url(world, "nominate/"), content(add_link="1", new_link="not a url"))
    assert bad.status_code == 400 and "Enter a valid URL" in text(bad)


def test_a_peer_nomination_is_saved_as_a_draft_and_the_nominee_is_asked_for_consent(
    world, django_capture_on_commit_callbacks
):
    nominee = UserFactory(username="grace", email="grace@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["nominator"]).post(url(world, "nominate/"), content(
            nominee_username="grace", evidence_links=json.dumps(["https://example.org/pr"]),
            first_contribution_date="2019-05-01", first_contribution_evidence="https://example.org/first"))
    nomination = Nomination.objects.get(nominee_user=nominee)
    assert response.status_code == 303
    assert response["Location"] == url(world, f"nominations/{nomination.pk}/")
    assert nomination.state == NominationState.DRAFT and nomination.evidence_links == ["https://example.org/pr"]
    consent_mail = [m for m in mail.outbox if m.to == ["grace@example.com"]]
    assert len(consent_mail) == 1
    assert f"https://{HOST_A}/dcp/dcp/nominations/{nomination.pk}/consent/" in consent_mail[0].body


def test_a_refused_creation_shows_the_domains_sentence_and_creates_nothing(world):
    before = Nomination.objects.count()
    response = client_for(world.users["nominator"]).post(url(world, "nominate/"), content(nominee_username="nominee"))
    assert response.status_code == 400
    assert "already has an active nomination on this track" in text(response)
    assert Nomination.objects.count() == before


def test_the_nomination_page_shows_progress_next_step_and_the_nominators_actions(world):
    body = text(client_for(world.users["nominator"]).get(url(world, f"nominations/{world.nomination.pk}/")))
    assert "3 of 3 endorsements; the steward representative's endorsement is there" in body
    assert "awaiting the nominee's consent." in body
    assert "The nominee reads the nomination and consents to it" in body
    assert "Submit for screening" in body and "Edit the draft" in body and "Ask someone to endorse" in body
    assert "Consent or decline" not in body
    # The history names the endorsers' roles in words, not by their codes.
    assert "as Steward representative" in body and "as Core contributor" in body
    assert "core_contributor" not in body and "steward_representative" not in body


def test_the_steward_requirement_is_spelled_out(world):
    steward_endorsement = world.nomination.endorsements.get(endorser=world.steward)
    nominations_api.withdraw_endorsement(endorsement=steward_endorsement, actor=world.steward)
    grant_role(world.program, world.users["member"], CommunityRole.CORE_CONTRIBUTOR)
    endorse(world.nomination, world.users["member"])
    body = text(client_for(world.users["nominator"]).get(url(world, f"nominations/{world.nomination.pk}/")))
    assert "3 of 3 endorsements; a steward representative's endorsement is still missing" in body


def test_submit_before_consent_is_refused_with_a_sentence_and_changes_nothing(world):
    response = client_for(world.users["nominator"]).post(url(world, f"nominations/{world.nomination.pk}/submit/"))
    assert response.status_code == 409
    assert "needs the nominee's consent before it can be submitted" in text(response)
    world.nomination.refresh_from_db()
    assert world.nomination.state == NominationState.DRAFT


def test_the_nominee_consents_then_the_nominator_submits(world, django_capture_on_commit_callbacks):
    nominee_client = client_for(world.users["nominee"])
    page = nominee_client.get(url(world, f"nominations/{world.nomination.pk}/consent/"))
    assert page.status_code == 200 and "Maintains the forum" in text(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = nominee_client.post(url(world, f"nominations/{world.nomination.pk}/consent/"),
                                       {"decision": "accept", "note": "Honoured."})
    assert response.status_code == 303
    world.nomination.refresh_from_db()
    assert world.nomination.consent_given_at is not None
    assert any(f"/dcp/dcp/nominations/{world.nomination.pk}/" in m.body for m in mail.outbox
               if m.to == [world.users["nominator"].email])
    response = client_for(world.users["nominator"]).post(url(world, f"nominations/{world.nomination.pk}/submit/"))
    assert response.status_code == 303
    world.nomination.refresh_from_db()
    assert world.nomination.state == NominationState.SUBMITTED


def test_declining_withdraws_the_nomination(world):
    response = client_for(world.users["nominee"]).post(url(world, f"nominations/{world.nomination.pk}/consent/"),
                                                       {"decision": "decline", "note": "Not now."})
    assert response.status_code == 303
    world.nomination.refresh_from_db()
    assert world.nomination.state == NominationState.WITHDRAWN


def test_only_the_nominee_consents(world):
    response = client_for(world.users["nominator"]).post(url(world, f"nominations/{world.nomination.pk}/consent/"),
                                                         {"decision": "accept"})
    assert response.status_code == 403 and "You may not consent to this nomination." in text(response)
    world.nomination.refresh_from_db()
    assert world.nomination.consent_given_at is None


def test_the_nomination_form_is_filled_in_from_the_profile_link(world):
    """The profile MFE's "Nominate <username>" opens /nominate/?nominee=<username>: a peer nomination of them."""
    response = client_for(world.users["nominator"]).get(url(world, "nominate/?nominee=member&track=advocate"))
    assert response.status_code == 200
    page = text(response)
    assert 'name="nominee_username" value="member"' in page
    assert re.search(r'<input[^>]*value="peer"[^>]*checked', page)
    assert re.search(r'<input[^>]*value="advocate"[^>]*checked', page)


@pytest.fixture
def organization_nomination(world):
    """A peer nomination of the organization Acme Learning, named by its name on the nominate page."""
    world.acme = OrganizationFactory(site=world.site_a, name="Acme Learning")
    world.employee = UserFactory(username="employee")
    affiliate(world.employee, world.acme)
    response = client_for(world.users["nominator"]).post(url(world, "nominate/"), content(
        track="partner", nominee_organization="Acme Learning", first_contribution_date="2019-03-01",
        first_contribution_evidence="https://openedx.org/partners/acme"))
    assert response.status_code == 303, text(response)
    return Nomination.objects.get(nominee_organization=world.acme)


def test_an_organization_is_nominated_by_its_exact_name(world, organization_nomination):
    assert organization_nomination.nominee_user is None and organization_nomination.kind == "peer"
    response = client_for(world.users["nominator"]).post(url(world, "nominate/"), content(
        track="partner", nominee_organization="Acme"))
    assert response.status_code == 400
    assert "No organization has this name on this site." in text(response)
    assert Nomination.objects.filter(track__slug="partner").count() == 1


def test_a_person_affiliated_with_the_organization_consents_for_it(world, organization_nomination):
    consent = url(world, f"nominations/{organization_nomination.pk}/consent/")
    # Someone who does not speak for the organization reads "not found"; the nominator is refused.
    assert client_for(world.users["learner"]).post(consent, {"decision": "accept"}).status_code == 404
    refused = client_for(world.users["nominator"]).post(consent, {"decision": "accept"})
    assert refused.status_code == 403 and "You may not consent to this nomination." in text(refused)
    organization_nomination.refresh_from_db()
    assert organization_nomination.consent_given_at is None
    page = client_for(world.employee).get(consent)
    assert "nominated Acme Learning, which you speak for" in text(page)
    assert client_for(world.employee).post(consent, {"decision": "accept"}).status_code == 303
    organization_nomination.refresh_from_db()
    assert organization_nomination.consent_given_by == world.employee
    # The nominator follows it on the nomination's page; the consent page is the organization's to answer.
    nominator = client_for(world.users["nominator"])
    nomination_page = text(nominator.get(url(world, f"nominations/{organization_nomination.pk}/")))
    assert "the nominee consented on" in nomination_page
    refused = client_for(world.users["nominator"]).get(consent)
    assert refused.status_code == 403 and "Only the nominee, or someone who speaks for" in text(refused)
    assert "which you speak for" not in text(refused)


@pytest.mark.parametrize("who,host", [("learner", HOST_A), ("member", HOST_A), ("other_staff", HOST_B),
                                      ("nominator", HOST_B)])
def test_who_may_not_see_a_nomination_reads_not_found(world, who, host):
    client = client_for(world.users[who], host=host)
    for path in ("", "consent/", "edit/", "endorse/"):
        assert client.get(f"/dcp/dcp/nominations/{world.nomination.pk}/{path}").status_code == 404, path
    assert client.post(f"/dcp/dcp/nominations/{world.nomination.pk}/withdraw/").status_code == 404


def test_staff_see_the_nomination_but_only_the_nominator_edits(world):
    response = client_for(world.users["staff"]).post(url(world, f"nominations/{world.nomination.pk}/edit/"),
                                                     content(summary="Rewritten by staff"))
    assert response.status_code == 403 and "Only the nominator edits a nomination." in text(response)
    world.nomination.refresh_from_db()
    assert world.nomination.summary != "Rewritten by staff"


def test_the_nominator_edits_the_draft(world):
    response = client_for(world.users["nominator"]).post(url(world, f"nominations/{world.nomination.pk}/edit/"),
                                                         content(summary="A better summary."))
    assert response.status_code == 303
    world.nomination.refresh_from_db()
    assert world.nomination.summary == "A better summary."


def test_asking_someone_to_endorse_emails_the_endorse_link_and_fills_their_inbox(
    world, django_capture_on_commit_callbacks
):
    nominations_api.give_consent(nomination=world.nomination, actor=world.users["nominee"])
    asked = UserFactory(username="core9", email="core9@example.com")
    grant_role(world.program, asked, CommunityRole.CORE_CONTRIBUTOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["nominator"]).post(
            url(world, f"nominations/{world.nomination.pk}/request-endorsement/"), {"endorser_username": "core9"})
    assert response.status_code == 303
    [message] = [m for m in mail.outbox if m.to == ["core9@example.com"]]
    assert f"https://{HOST_A}/dcp/dcp/nominations/{world.nomination.pk}/endorse/" in message.body
    core9 = client_for(asked)
    inbox = text(core9.get(url(world, "endorse/")))
    assert f"/dcp/dcp/nominations/{world.nomination.pk}/endorse/" in inbox
    response = core9.post(url(world, f"nominations/{world.nomination.pk}/endorse/"), {"statement": "Great work."})
    assert response.status_code == 303
    endorsement = world.nomination.endorsements.get(endorser=asked)
    assert endorsement.statement == "Great work."
    assert f"nominations/{world.nomination.pk}/endorse/" not in text(core9.get(url(world, "endorse/")))
    response = core9.post(url(world, f"endorsements/{endorsement.pk}/withdraw/"))
    assert response.status_code == 303
    endorsement.refresh_from_db()
    assert endorsement.withdrawn_at is not None


def test_asking_someone_who_may_not_endorse_is_refused_on_the_form(world):
    response = client_for(world.users["nominator"]).post(
        url(world, f"nominations/{world.nomination.pk}/request-endorsement/"), {"endorser_username": "learner"})
    assert response.status_code == 400
    # R26: the answer names nobody (the API takes an id the caller may not know the name of).
    assert "This person is not a recognized community member who may endorse." in text(response)


def test_someone_without_a_role_is_told_why_they_cannot_endorse(world):
    nominations_api.give_consent(nomination=world.nomination, actor=world.users["nominee"])
    # Visible to the nominee, who may not endorse their own nomination: the page says why, no form.
    body = client_for(world.users["nominee"]).get(url(world, f"nominations/{world.nomination.pk}/endorse/"))
    assert "You cannot endorse your own nomination." in text(body)
    assert 'name="statement"' not in text(body)
    response = client_for(world.users["nominee"]).post(url(world, f"nominations/{world.nomination.pk}/endorse/"),
                                                       {"statement": "Me!"})
    assert response.status_code == 400
    assert not world.nomination.endorsements.filter(endorser=world.users["nominee"]).exists()


def test_my_nominations_lists_each_role(world):
    body = text(client_for(world.users["nominator"]).get(url(world, "my-nominations/")))
    assert f"/dcp/dcp/nominations/{world.nomination.pk}/" in body
    assert "Awaiting the nominee's consent." in body
    nominee_body = text(client_for(world.users["nominee"]).get(url(world, "my-nominations/")))
    assert "Nominations of you" in nominee_body and f"nominations/{world.nomination.pk}/" in nominee_body
    endorser_page = client_for(world.steward).get(url(world, "my-nominations/"))
    assert [row["nomination"].pk for row in endorser_page.context["endorsing"]] == [world.nomination.pk]
    assert client_for(world.users["learner"]).get(url(world, "my-nominations/")).context["made"] == []


def test_my_nominations_pages_each_section_with_plain_links(world, monkeypatch):
    """
    P5: each section pages on its own; the links are plain links (no JavaScript) in a named navigation, and a
    section's link keeps the page the other sections are on.
    """
    monkeypatch.setattr(MyNominationsView, "page_size", 1)
    nominator = world.users["nominator"]
    second = nominate(world.cycle, world.track, nominator, UserFactory(username="second_nominee"))
    client = client_for(nominator)
    first_page = client.get(url(world, "my-nominations/?endorsed=4"))
    body = text(first_page)
    assert [row["nomination"].pk for row in first_page.context["made"]] == [second.pk]
    assert 'aria-label="Pages of the nominations you made"' in body
    assert "Page 1 of 2" in body
    assert 'href="?endorsed=4&made=2" rel="next"' in body
    second_page = client.get(url(world, "my-nominations/?endorsed=4&made=2"))
    assert [row["nomination"].pk for row in second_page.context["made"]] == [world.nomination.pk]
    assert 'href="?endorsed=4&made=1" rel="prev"' in text(second_page)
    # A page number out of range shows the last page; one that is not a number, the first.
    assert client.get(url(world, "my-nominations/?made=99")).context["made"][0]["nomination"] == world.nomination
    assert client.get(url(world, "my-nominations/?made=x")).context["made"][0]["nomination"] == second


def test_a_nomination_page_pages_its_endorsements_and_shows_the_latest_history(world, monkeypatch):
    """P5: endorsements a page at a time and the history's latest lines, each with a plain link to the rest."""
    monkeypatch.setattr(NominationView, "endorsements_page_size", 1)
    monkeypatch.setattr(NominationView, "history_lines", 1)
    second = UserFactory(username="second_endorser")
    grant_role(world.program, second, CommunityRole.CORE_CONTRIBUTOR)
    endorse(world.nomination, second)
    client = client_for(world.users["nominator"])
    first = client.get(url(world, f"nominations/{world.nomination.pk}/"))
    body = text(first)
    assert [item["endorser"] for item in first.context["endorsements"]] == [world.users["endorser"].username]
    assert 'aria-label="Pages of the endorsements"' in body and 'href="?endorsements=2" rel="next"' in body
    assert len(first.context["timeline"]) == 1 and first.context["timeline"][0]["record"].action == "endorse"
    assert "The latest line is shown." in body and 'href="?history=all">Show the whole history</a>' in body
    last = world.nomination.endorsements.count()
    whole = client.get(url(world, f"nominations/{world.nomination.pk}/?history=all&endorsements={last}"))
    assert [item["endorser"] for item in whole.context["endorsements"]] == [second.username]
    assert [line["record"].action for line in whole.context["timeline"]][0] == "create"
    assert whole.context["whole_history_link"] is None and "Show the whole history" not in text(whole)


def test_the_endorser_gives_and_withdraws_consent_to_publishing_from_the_inbox(world):
    """R6: the endorse form's consent can be changed later on the inbox, by the endorser only."""
    endorsement = endorse(world.nomination, world.users["member"])
    member = client_for(world.users["member"])
    consent_url = url(world, f"endorsements/{endorsement.pk}/credential-consent/")
    assert "Publish my endorsement of" in text(member.get(url(world, "endorse/")))

    assert member.post(consent_url, {"consent": "1"}).status_code == 303
    assert credentials_api.has_endorsement_consent(endorsement=endorsement)
    inbox = text(member.get(url(world, "endorse/")))
    assert "Stop publishing my endorsement of" in inbox and "Publish my endorsement of" not in inbox

    assert member.post(consent_url, {"consent": "0"}).status_code == 303
    assert not credentials_api.has_endorsement_consent(endorsement=endorsement)

    response = member.post(consent_url, {"consent": "maybe"})
    assert response.status_code == 400 and "Say whether your endorsement may be published." in text(response)
    # Anyone else (the nominator, another tenant's host) finds no such endorsement, and nothing changes.
    assert client_for(world.users["nominator"]).post(consent_url, {"consent": "1"}).status_code == 404
    assert client_for(world.users["member"], host=HOST_B).post(
        f"/dcp/dcp/endorsements/{endorsement.pk}/credential-consent/", {"consent": "1"}).status_code == 404
    assert not credentials_api.has_endorsement_consent(endorsement=endorsement)
