"""
Item 8: each page makes the same number of queries at any data size: the program home with a cohort of 1 or 6
members, the nomination form checking a nominee with 1 or 8 signals and 1 or 8 evidence links, "my
nominations" with 2 or 12, a nomination (and its consent, endorse and edit pages) with 1 or 8 endorsements and
evidence links, an inbox of 1 or 5 requests, a final list of 3 or 7 nominations, a panelist's queue and
dossier with 3 or 7 nominations and reviews.
"""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.membership.models import Membership
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.pages.views.nominations import MyNominationsView, NominationView
from openedx_dcp.programs.models import CommunityRole, Cycle
from openedx_dcp.review import api as review_api
from tests.factories import UserFactory, endorse, grant_role, nominate
from tests.review.factories import after_close, submitted_nomination
from tests.world import REVIEW_HOST_A as HOST_A
from tests.world import ReviewWorld


@pytest.fixture
def nominator_client(program, people):
    client = Client(HTTP_HOST=program.site.domain)
    client.force_login(people["nominator"])
    return client


def queries(client, path, data=None):
    """The queries of a GET of ``path`` (a POST of ``data`` when given), which must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(path, data) if data is not None else client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def client_of(program, user):
    client = Client(HTTP_HOST=program.site.domain)
    client.force_login(user)
    return client


def endorser(program, index):
    user = UserFactory(username=f"q_endorser{index}")
    grant_role(program, user, CommunityRole.CORE_CONTRIBUTOR)
    return user


def test_my_nominations_at_any_number_of_nominations(cycle, track, people, program, nominator_client, monkeypatch):
    """Two nominations, then twelve over three pages of five: the same queries on the first and the last page."""
    monkeypatch.setattr(MyNominationsView, "page_size", 5)
    path = f"/dcp/{program.slug}/my-nominations/"

    def add(count, start):
        for index in range(start, start + count):
            nomination = nominate(cycle, track, people["nominator"], UserFactory(username=f"q_nominee{index}"))
            endorse(nomination, endorser(program, index))

    add(2, 0)
    small = queries(nominator_client, path)
    add(10, 2)
    first = nominator_client.get(path)
    assert len(first.context["made"]) == 5
    assert first.context["sections"]["made"]["page"].paginator.num_pages == 3
    last = nominator_client.get(f"{path}?made=3")
    assert len(last.context["made"]) == 2
    assert queries(nominator_client, path) == small
    assert queries(nominator_client, f"{path}?made=3") == small


def test_a_nomination_page_at_any_number_of_endorsements(nomination, program, nominator_client, monkeypatch):
    """One endorsement, then eight over three pages of three: the same queries on any page, with the whole history."""
    monkeypatch.setattr(NominationView, "endorsements_page_size", 3)
    monkeypatch.setattr(NominationView, "history_lines", 4)
    endorse(nomination, endorser(program, 0))
    path = f"/dcp/{program.slug}/nominations/{nomination.pk}/"
    small = queries(nominator_client, path)
    for index in range(1, 8):
        endorse(nomination, endorser(program, index))
    assert len(nominator_client.get(path).context["endorsements"]) == 3
    assert len(nominator_client.get(f"{path}?endorsements=3").context["endorsements"]) == 2
    assert [queries(nominator_client, path), queries(nominator_client, f"{path}?endorsements=3"),
            queries(nominator_client, f"{path}?history=all")] == [small] * 3


def test_the_endorse_inbox_at_any_number_of_requests(cycle, track, people, program):
    asked = endorser(program, 99)
    client = Client(HTTP_HOST=program.site.domain)
    client.force_login(asked)

    def add(count, start):
        for index in range(start, start + count):
            nominee = UserFactory(username=f"q_nominee{index}")
            nomination = nominate(cycle, track, people["nominator"], nominee)
            nominations_api.give_consent(nomination=nomination, actor=nominee)
            review_api.request_endorsement(nomination=nomination, actor=people["nominator"], endorser=asked)

    add(1, 0)
    small = queries(client, f"/dcp/{program.slug}/endorse/")
    add(4, 1)
    assert len(client.get(f"/dcp/{program.slug}/endorse/").context["asked"]) == 5
    assert queries(client, f"/dcp/{program.slug}/endorse/") == small


def test_the_program_home_at_any_cohort_size(program, track, people):
    cycle = Cycle.objects.create(
        program=program, slug="2024", name="2024 cohort", rules=program.current_rules, stage=Cycle.ANNOUNCED,
        nominations_open=timezone.now() - datetime.timedelta(days=400),
        nominations_close=timezone.now() - datetime.timedelta(days=350),
        review_start=timezone.now() - datetime.timedelta(days=350),
        review_end=timezone.now() - datetime.timedelta(days=340),
        announcement_at=timezone.now() - datetime.timedelta(days=330),
    )
    start = cycle.announcement_at.date()

    def add(count, start_index):
        for index in range(start_index, start_index + count):
            user = UserFactory(username=f"q_member{index}")
            Membership.objects.create(program=program, track=track, cycle=cycle, user=user, member_key=f"u{user.pk}",
                                      term_start=start, term_end=start + datetime.timedelta(days=730))

    steward = client_of(program, people["steward"])
    anonymous = Client(HTTP_HOST=program.site.domain)
    path = f"/dcp/{program.slug}/"
    add(1, 0)
    small = (queries(anonymous, path), queries(steward, path))
    add(5, 1)
    assert len(anonymous.get(path).context["cohort"]) == 6
    assert (queries(anonymous, path), queries(steward, path)) == small


def test_the_nomination_form_checks_eligibility_at_any_number_of_signals_and_links(program, cycle, people):
    nominee = UserFactory(username="q_signals")
    client = client_of(program, people["nominator"])
    path = f"/dcp/{program.slug}/nominate/"

    def add_signals(count, start_index):
        for index in range(start_index, start_index + count):
            ContributionSignal.objects.create(
                site=program.site, user=nominee, kind="code_contribution", source="test", source_id=f"q{index}",
                occurred_at=timezone.now() - datetime.timedelta(days=900 + index),
            )

    def check(links):
        return {
            "track": "engineer", "kind": "peer", "nominee_username": nominee.username, "nominee_organization": "",
            "summary": "Maintains the forum.", "impact_statement": "Used widely.", "references": "",
            "first_contribution_date": "", "first_contribution_evidence": "", "new_link": "", "action": "check",
            "evidence_links": json.dumps([f"https://example.com/{i}" for i in range(links)]),
        }

    add_signals(1, 0)
    small = (queries(client, path), queries(client, path, check(1)))
    add_signals(7, 1)
    response = client.post(path, check(8))
    assert "Eligible so far" in response.content.decode()
    assert all(f"https://example.com/{i}" in response.content.decode() for i in range(8))
    assert (queries(client, f"{path}?nominee={nominee.username}"), queries(client, path, check(8))) == small


def test_the_consent_endorse_and_edit_pages_at_any_number_of_endorsements(nomination, program, people):
    endorse(nomination, endorser(program, 0))
    nominee, outsider = client_of(program, people["nominee"]), client_of(program, endorser(program, 50))
    # A peer nomination opens to those asked by name once its nominee consented (R26).
    nominations_api.give_consent(nomination=nomination, actor=people["nominee"])
    may_endorse = endorser(program, 51)
    review_api.request_endorsement(nomination=nomination, actor=people["nominator"], endorser=may_endorse)
    asked = client_of(program, may_endorse)
    nominator = client_of(program, people["nominator"])
    base = f"/dcp/{program.slug}/nominations/{nomination.pk}"

    def measure():
        return (queries(nominee, f"{base}/consent/"), queries(asked, f"{base}/endorse/"),
                queries(nominator, f"{base}/edit/"))

    small = measure()
    for index in range(1, 8):
        endorse(nomination, endorser(program, index))
    Nomination.objects.filter(pk=nomination.pk).update(
        evidence_links=[f"https://example.com/{i}" for i in range(8)])
    assert measure() == small
    # Someone who may not endorse reads the page with the reason, at the same cost.
    assert outsider.get(f"{base}/endorse/").status_code == 404


@pytest.fixture
def review_world(db):
    """The review world with four more submitted nominations (seven in all), in deliberation."""
    world = ReviewWorld()
    for index in range(4):
        nominator, nominee = UserFactory(username=f"q_nominator{index}"), UserFactory(username=f"q_nominee{index}")
        world.nominations.append(
            submitted_nomination(world.cycle, world.track, nominator, nominee, world.endorsers))
    world.to_deliberation()
    return world


def withdraw_extra(world):
    """Back to the review world's three nominations: the four extra are withdrawn by staff."""
    with after_close(world.cycle):
        for nomination in world.nominations[3:]:
            nominations_api.withdraw(nomination=nomination, actor=world.staff, note="Withdrawn for the query count.")


def test_the_final_list_at_any_number_of_nominations(review_world):
    world = review_world
    with after_close(world.cycle):
        for index, nomination in enumerate(world.nominations):
            review_api.stage_decision(nomination=nomination, actor=world.staff,
                                      outcome="selected" if index % 2 == 0 else "not_selected",
                                      rationale="Panel consensus.")
        review_api.request_approval(cycle=world.cycle, actor=world.staff)
    steward = Client(HTTP_HOST=HOST_A)
    steward.force_login(world.steward_panelist_user)
    path = f"/dcp/{world.program.slug}/cycles/{world.cycle.slug}/approval/"
    response = steward.get(path)
    assert len(response.context["selected"]) + len(response.context["not_selected"]) == 7
    large = queries(steward, path)
    withdraw_extra(world)
    assert len(steward.get(path).context["selected"]) == 2
    assert queries(steward, path) == large


def test_a_panelists_queue_and_dossier_at_any_number_of_nominations_and_comments(review_world):
    world = review_world
    first = world.nominations[0]
    panelists = [user for user in world.panel_user_list() if not review_api.is_conflicted_on(user=user,
                                                                                             nomination=first)]
    panelist = panelists[0]
    client = Client(HTTP_HOST=HOST_A)
    client.force_login(panelist)
    queue = f"/dcp/{world.program.slug}/review/"
    dossier = f"/dcp/{world.program.slug}/review/{first.pk}/"

    def in_queue():
        response = client.get(queue)
        assert response.status_code == 200, response
        return sum(len(nominations) for _key, _label, nominations in response.context["sections"])

    with after_close(world.cycle):
        for author in panelists[:6]:
            review_api.add_comment(nomination=first, user=author, body=f"{author.username} weighs in.")
        review_api.cast_vote(nomination=first, user=panelist, choice="selected")
    large = (in_queue(), queries(client, queue), queries(client, dossier))
    assert len(client.get(dossier).context["view"]["comments"]) == 6
    withdraw_extra(world)
    first.deliberation_comments.exclude(author=panelists[0]).delete()
    assert len(client.get(dossier).context["view"]["comments"]) == 1
    assert in_queue() < large[0]
    assert (queries(client, queue), queries(client, dossier)) == large[1:]


def test_my_nominations_prepared_sections_agree_with_the_visibility_filter_for_every_role(review_world, monkeypatch):
    """
    "My nominations" sorts its sections from a prepared read of the domain's visibility filter: for the people
    of every role (program staff running every cycle, on the panel or not, a superuser, panelists, a conflicted
    panelist, nominators, nominees, endorsers, a member of a nominated organization, someone of no role) the
    rows equal what the filter answers through the ORM, and most of them were read prepared.
    """
    from django.test import RequestFactory

    from openedx_dcp.pages.views import nominations as views
    from openedx_dcp.programs import api as programs_api
    from tests.factories import OrganizationFactory, affiliate, make_staff

    world = review_world
    organization = OrganizationFactory(site=world.site_a, slug="q-acme")
    member = UserFactory(username="q_member")
    affiliate(member, organization)
    organization_nominator = UserFactory(username="q_org_nominator")
    # A row as creation would leave it (the cycle is past its nomination window): only visibility is asked here.
    Nomination.objects.create(
        cycle=world.cycle, track=world.program.tracks.get(slug="partner"), kind="peer",
        nominator=organization_nominator, nominee_organization=organization, nominee_key=f"o{organization.pk}",
        summary="An organization.", impact_statement="Impact.", state="evaluation", submitted_at=timezone.now(),
    )
    # Program staff who sit on the panel: conflicts may hide nominations from them, read through the ORM.
    staff_on_panel = make_staff(world.program, world.panel_user_list()[0])
    people = [world.staff, world.superuser, world.learner, member, organization_nominator, staff_on_panel,
              *world.panel_user_list()[1:], *world.nominators, *world.nominees, *world.endorsers[:2]]
    monkeypatch.setattr(views._MY_SECTIONS, "_compiled", {})  # what this test's reads compile, nothing before
    for user in people:
        request = RequestFactory().get("/", HTTP_HOST=world.host_a)
        request.user = user
        view = views.MyNominationsView()
        view.setup(request, program=world.program.slug)
        view.site, view.program = world.site_a, world.program
        organizations = programs_api.affiliated_organization_ids(user=user)
        expected = list(views._sections_rows(
            None, user=user, program=world.program.pk, cycles=review_api.viewer_cycles(user=user, site=world.site_a),
            site=world.site_a, organizations=organizations))
        assert view.sections_rows(user, organizations) == expected, user.username
    # Read prepared: the shapes of a user running every cycle and of one running none were compiled.
    compiled = [key for key, value in views._MY_SECTIONS._compiled.items() if value is not False]
    assert {key[1] for key in compiled} >= {True, False}
