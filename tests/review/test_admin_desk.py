"""
The review desk in Django admin (issue #12, R9–R13): program staff seat the panel within its quotas, assign
reviewers by hand and automatically after a preview, read the review board and move the cycle's stages and
decisions, all through ``review.api``; refusals are admin messages and write nothing; every page is scoped to
the staff's programs (R1) and never shows a conflicted staff member the nomination (R10, R26).
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs.models import CommunityRole, Cycle
from openedx_dcp.review import api
from openedx_dcp.review.models import Assignment, Decision, DeliberationComment, Panelist, Review, Vote
from tests.factories import OrganizationFactory, UserFactory, affiliate, grant_role, make_staff
from tests.review.factories import after_close, partner_nomination
from tests.world import REVIEW_HOST_A as HOST_A
from tests.world import REVIEW_HOST_B as HOST_B

DESK = "/admin/openedx_dcp/cyclereview/"
SCORES = {"depth": 4, "originality": 3, "adoption": 5}


def _client(user, host=HOST_A):
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _seat_all_but(world, skip=()):
    for seat, users in world.panel_users.items():
        for user in users:
            if user not in skip:
                api.add_panelist(cycle=world.cycle, user=user, seat=seat, actor=world.staff)


# ---- who may open the desk (R1, R10, R26) -----------------------------------------------------------------------

@pytest.fixture
def deliberating(world):
    """The world in deliberation; one panelist endorsed nomination 0 (conflicted), staff sit on no panel."""
    conflicted = world.panel_users["core_contributor"][1]
    world.nominations[0].endorsements.create(endorser=conflicted, role="core_contributor")
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
        for nomination in world.nominations:
            for assignment in nomination.review_assignments.select_related("panelist__user"):
                api.submit_review(nomination=nomination, user=assignment.panelist.user, scores=SCORES)
        api.start_deliberation(cycle=world.cycle, actor=world.staff)
    world.refresh()
    # A staff member of the program who also sits on the panel and is conflicted on nomination 0.
    staff_on_panel = world.panel_users["toc_member"][0]
    panelist = Assignment.objects.filter(nomination=world.nominations[0]).exclude(
        panelist__user=staff_on_panel).select_related("panelist__user")[0]
    steward = UserFactory(username="desk_steward")
    grant_role(world.program, steward, CommunityRole.STEWARD_REPRESENTATIVE)
    make_staff(world.program, staff_on_panel)
    world.nominations[0].endorsements.create(endorser=staff_on_panel, role="toc_member")
    staff_on_panel.is_staff = True
    staff_on_panel.save()
    world.roles = {
        "anonymous": None, "learner": world.learner, "panelist": panelist.panelist.user,
        "conflicted_panelist": conflicted, "steward": steward, "staff": world.staff,
        "staff_on_panel_conflicted": staff_on_panel, "other_tenant_staff": world.other_staff,
        "superuser": world.superuser,
    }
    return world


def _pages(world):
    cycle, nomination = world.cycle.pk, world.nominations[0].pk
    return {
        "list": DESK,
        "panel": f"{DESK}{cycle}/panel/",
        "assignments": f"{DESK}{cycle}/assignments/",
        "board": f"{DESK}{cycle}/board/",
        "nomination": f"{DESK}{cycle}/nominations/{nomination}/",
    }


# Community members never get the platform's is_staff: the admin sends them to its login page (302).
OUTSIDERS = {"anonymous": 302, "learner": 302, "panelist": 302, "conflicted_panelist": 302, "steward": 302}
DESK_MATRIX = {
    "list": {**OUTSIDERS, "staff": 200, "staff_on_panel_conflicted": 200, "other_tenant_staff": 200,
             "superuser": 200},
    "panel": {**OUTSIDERS, "staff": 200, "staff_on_panel_conflicted": 200, "other_tenant_staff": 404,
              "superuser": 200},
    "assignments": {**OUTSIDERS, "staff": 200, "staff_on_panel_conflicted": 200, "other_tenant_staff": 404,
                    "superuser": 200},
    "board": {**OUTSIDERS, "staff": 200, "staff_on_panel_conflicted": 200, "other_tenant_staff": 404,
              "superuser": 200},
    "nomination": {**OUTSIDERS, "staff": 200, "staff_on_panel_conflicted": 404, "other_tenant_staff": 404,
                   "superuser": 200},
}


@pytest.mark.parametrize("page", list(DESK_MATRIX))
def test_desk_permission_matrix(deliberating, page):
    world = deliberating
    url = _pages(world)[page]
    answered = {}
    for role, user in world.roles.items():
        host = HOST_B if role == "other_tenant_staff" else HOST_A
        answered[role] = _client(user, host).get(url).status_code
    assert answered == DESK_MATRIX[page]


def test_other_tenant_staff_cannot_post_to_the_desk_and_nothing_changes(deliberating):
    world = deliberating
    response = _client(world.other_staff, HOST_B).post(
        _pages(world)["nomination"], {"action": "stage", "outcome": "selected", "rationale": "Mine now."})
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_other_tenant_staff_list_shows_none_of_this_tenant(deliberating):
    response = _client(deliberating.other_staff, HOST_B).get(DESK)
    assert [c.pk for c in response.context["cl"].result_list] == [deliberating.cycle_b.pk]


def test_a_conflicted_staff_member_on_the_panel_never_sees_the_nomination(deliberating):
    world = deliberating
    client = _client(world.roles["staff_on_panel_conflicted"])
    board = client.get(_pages(world)["board"])
    shown = [row["nomination"].pk for row in board.context["board"]["rows"]]
    assert world.nominations[0].pk not in shown and world.nominations[1].pk in shown
    assert world.nominations[0].nominee_display not in board.content.decode()
    # Neither on the assignments page nor through a direct post.
    response = client.post(_pages(world)["nomination"], {"action": "comment", "body": "Peek"})
    assert response.status_code == 404
    assert not DeliberationComment.objects.exists()


# ---- the panel (R9) ---------------------------------------------------------------------------------------------

def test_staff_seat_a_panel_within_quotas_by_username(world):
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/panel/"
    toc = world.panel_users["toc_member"][0]
    response = client.post(url, {"action": "seat", "username": toc.username, "seat": "toc_member"}, follow=True)
    assert Panelist.objects.filter(cycle=world.cycle, user=toc, seat="toc_member").exists()
    assert any("sits on the panel" in text for text in _messages(response))
    page = client.get(url)
    toc_row = next(row for row in page.context["quotas"] if row["seat"] == "toc_member")
    assert (toc_row["filled"], toc_row["min"], toc_row["max"]) == (1, 1, 2)
    assert "1 / 1" in page.content.decode()
    # The candidates of a seat are the holders of its role who are not seated yet.
    core_row = next(row for row in page.context["quotas"] if row["seat"] == "core_contributor")
    assert {u.username for u in core_row["candidates"]} >= {u.username for u in world.panel_users["core_contributor"]}
    assert toc not in toc_row["candidates"]


def test_seating_beyond_a_quota_or_without_the_role_is_refused_with_a_message(world):
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/panel/"
    tocs = [UserFactory(username=f"extra_toc{i}") for i in range(3)]
    for user in tocs:
        grant_role(world.program, user, CommunityRole.TOC_MEMBER)
    for user in tocs[:2]:
        client.post(url, {"action": "seat", "username": user.username, "seat": "toc_member"})
    full = client.post(url, {"action": "seat", "username": tocs[2].username, "seat": "toc_member"}, follow=True)
    assert any("seats are full (2 of 2)" in text for text in _messages(full))
    wrong = client.post(url, {"action": "seat", "username": world.learner.username, "seat": "toc_member"},
                        follow=True)
    assert any("holds no community role" in text for text in _messages(wrong))
    unknown = client.post(url, {"action": "seat", "username": "nobody_here", "seat": "toc_member"}, follow=True)
    assert any("No account" in text for text in _messages(unknown))
    assert Panelist.objects.filter(cycle=world.cycle).count() == 2


def test_a_panelist_without_an_email_is_reported_when_seated(world):
    silent = world.panel_users["bizdev_wg_member"][0]
    get_user_model().objects.filter(pk=silent.pk).update(email="")
    response = _client(world.staff).post(f"{DESK}{world.cycle.pk}/panel/",
                                         {"action": "seat", "username": silent.username, "seat": "bizdev_wg_member"},
                                         follow=True)
    assert any("has no email address" in text for text in _messages(response))
    assert "No email address" in response.content.decode()


def test_removal_needs_a_reason_which_goes_to_the_audit_trail(world):
    panelist = api.add_panelist(cycle=world.cycle, user=world.panel_users["toc_member"][0], seat="toc_member",
                                actor=world.staff)
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/panel/"
    refused = client.post(url, {"action": "remove", "panelist": panelist.pk, "reason": " "}, follow=True)
    assert any("reason is required" in text for text in _messages(refused))
    assert Panelist.objects.filter(pk=panelist.pk).exists()
    client.post(url, {"action": "remove", "panelist": panelist.pk, "reason": "Joined the nominee's company."})
    assert not Panelist.objects.filter(pk=panelist.pk).exists()
    record = audit.trail(world.cycle).filter(action="panelist_removed").get()
    assert "Joined the nominee's company." in record.note


def test_the_rotation_report_names_who_sat_on_earlier_cycles(world):
    _seat_all_but(world)
    later = Cycle.objects.create(
        program=world.program, rules=world.cycle.rules, slug="2026", name="Next cycle",
        nominations_open=world.cycle.nominations_open + datetime.timedelta(days=365),
        nominations_close=world.cycle.nominations_close + datetime.timedelta(days=365),
        review_start=world.cycle.review_start + datetime.timedelta(days=365),
        review_end=world.cycle.review_end + datetime.timedelta(days=365),
        announcement_at=world.cycle.announcement_at + datetime.timedelta(days=365),
    )
    returning = world.panel_users["toc_member"][0]
    api.add_panelist(cycle=later, user=returning, seat="toc_member", actor=world.staff)
    page = _client(world.staff).get(f"{DESK}{later.pk}/panel/")
    row = page.context["panel"][0]
    assert row["panelist"].user == returning and [c.pk for c in row["earlier"]] == [world.cycle.pk]
    assert page.context["rotation"]["returning"] == 1
    assert "1 of 1 panelists also sat on the panel of cycle" in page.content.decode()


# ---- assignments (R10, R11) -------------------------------------------------------------------------------------

@pytest.fixture
def evaluating(world):
    """Impact evaluation with no assignment yet; a panelist colleague of nominee 0 and another who endorsed it."""
    org = OrganizationFactory(site=world.site)
    world.colleague = world.panel_users["community_leader"][0]
    affiliate(world.colleague, org)
    affiliate(world.nominees[0], org)
    world.endorser_panelist = world.panel_users["core_contributor"][0]
    world.nominations[0].endorsements.create(endorser=world.endorser_panelist, role="core_contributor")
    world.to_evaluation()
    return world


def test_automatic_assignment_is_previewed_then_saved_as_previewed(evaluating):
    world = evaluating
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/assignments/"
    preview = client.get(url, {"preview": 1, "reviews": 3})
    assert preview.status_code == 200
    assert not Assignment.objects.exists()  # a preview writes nothing
    plan = preview.context["preview"]
    assert len(plan["pairs"]) == 9 and not plan["problems"]
    # Balanced: 9 reviews over 10 panelists, nobody twice; conflicts and the nominee's organization respected.
    assert max(row["after"] for row in plan["by_panelist"]) == 1
    first = world.nominations[0].pk
    assert not {p.user for n, p in plan["pairs"] if n.pk == first} & {world.colleague, world.endorser_panelist}
    saved = client.post(url, {"action": "apply", "pair": plan["encoded"]}, follow=True)
    assert any("9 assignment(s) saved" in text for text in _messages(saved))
    assert sorted(f"{a.nomination_id}:{a.panelist_id}" for a in Assignment.objects.all()) == sorted(plan["encoded"])


def test_a_previewed_pair_that_became_conflicted_refuses_the_whole_save(evaluating):
    world = evaluating
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/assignments/"
    plan = client.get(url, {"preview": 1}).context["preview"]
    nomination, panelist = plan["pairs"][-1]
    # Between preview and save the panelist endorses the nomination: R10 now forbids that pair.
    nomination.endorsements.create(endorser=panelist.user, role="core_contributor")
    response = client.post(url, {"action": "apply", "pair": plan["encoded"]}, follow=True)
    assert any("conflicted panelist cannot review" in text for text in _messages(response))
    assert not Assignment.objects.exists()


def test_more_reviews_than_the_minimum_and_never_fewer(evaluating):
    world = evaluating
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/assignments/"
    fewer = client.get(url, {"preview": 1, "reviews": 1})
    more = client.get(url, {"preview": 1, "reviews": 4})
    assert fewer.context["preview"] is None
    assert any("at least 3 reviews" in text for text in _messages(fewer))
    assert len(more.context["preview"]["pairs"]) == 12


def test_hand_assignment_refuses_a_conflicted_panelist(evaluating):
    world = evaluating
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/assignments/"
    colleague = Panelist.objects.get(cycle=world.cycle, user=world.colleague)
    free = Panelist.objects.get(cycle=world.cycle, user=world.panel_users["toc_member"][0])
    refused = client.post(url, {"action": "assign", "nomination": world.nominations[0].pk,
                                "panelist": colleague.pk}, follow=True)
    done = client.post(url, {"action": "assign", "nomination": world.nominations[0].pk, "panelist": free.pk},
                       follow=True)
    assert any("works in the same organization" in text for text in _messages(refused))
    assert list(Assignment.objects.values_list("panelist_id", flat=True)) == [free.pk]
    assert any("reviews nomination" in text for text in _messages(done))


def test_a_nomination_short_of_conflict_free_panelists_is_reported_in_the_preview(world):
    world.seat_panel()
    for user in world.panel_user_list()[:8]:
        world.nominations[1].endorsements.create(endorser=user, role="core_contributor")
    world.to_evaluation()
    response = _client(world.staff).get(f"{DESK}{world.cycle.pk}/assignments/", {"preview": 1})
    plan = response.context["preview"]
    assert plan["problems"] == [f"Nomination #{world.nominations[1].pk} has only 2 conflict-free panelists; "
                                "3 reviews are required."]
    assert "Save these" not in response.content.decode()


# ---- the board and the stage moves (R11–R13) --------------------------------------------------------------------

def test_board_shows_scores_spread_missing_votes_comments_conflicts_and_partner_equity(world):
    small = partner_nomination(world, size=20)
    conflicted = world.panel_users["core_contributor"][0]
    world.nominations[0].endorsements.create(endorser=conflicted, role="core_contributor")
    world.to_evaluation()
    api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    scores = iter([{"depth": 5, "originality": 5, "adoption": 5}, {"depth": 1, "originality": 1, "adoption": 1}])
    for assignment in world.nominations[0].review_assignments.select_related("panelist__user")[:2]:
        api.submit_review(nomination=world.nominations[0], user=assignment.panelist.user, scores=next(scores))
    board = api.review_board(cycle=world.cycle, user=world.staff)
    rows = {row["nomination"].pk: row for row in board["rows"]}
    first = rows[world.nominations[0].pk]
    assert first["mean"] == 60.0 and first["spread"] == 80.0 and first["reviews"] == 2 and first["missing"] == 1
    assert len(first["pending"]) == 1
    assert [c["mean"] for c in first["criteria"]] == [3.0, 3.0, 3.0]
    assert conflicted.username in first["conflicted"]
    partner = rows[small.pk]["partner"]
    assert partner["assessed_on"] == "per_employee" and partner["per_employee"]["technical"]["count"] == 0.05
    page = _client(world.staff).get(f"{DESK}{world.cycle.pk}/board/")
    text = page.content.decode()
    assert "60.0%" in text and "80.0" in text and "metrics per employee (small partner)" in text
    assert f"⚠ {conflicted.username}" in text


def test_board_sorts_and_filters_by_track(world):
    small = partner_nomination(world, size=20)
    world.to_evaluation()
    api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    for number, nomination in enumerate(world.nominations):
        for assignment in nomination.review_assignments.select_related("panelist__user"):
            api.submit_review(nomination=nomination, user=assignment.panelist.user, scores=dict.fromkeys(SCORES,
                                                                                                         number + 1))
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/board/"
    best_first = client.get(url, {"o": "-score"}).context["board"]["rows"]
    assert [row["nomination"].pk for row in best_first] == [n.pk for n in reversed(world.nominations)] + [small.pk]
    partners = client.get(url, {"track": "partner"}).context["board"]["rows"]
    assert [row["nomination"].pk for row in partners] == [small.pk]
    # An unknown sort key falls back to the nomination id rather than failing.
    assert client.get(url, {"o": "-nonsense"}).status_code == 200


def _bulk_nominations(world, count, prefix):
    """``count`` nominations in deliberation with reviews, votes and comments, written in bulk."""
    User = get_user_model()
    users = User.objects.bulk_create([User(username=f"{prefix}{i}", email=f"{prefix}{i}@example.com")
                                      for i in range(count)])
    organization = OrganizationFactory(site=world.site, size=30)
    partner = world.program.tracks.get(slug="partner")
    nominations = Nomination.objects.bulk_create([
        Nomination(cycle=world.cycle, track=world.track if i % 5 else partner, kind="peer",
                   nominator=world.nominators[0], nominee_user=None if i % 5 == 0 else user,
                   nominee_organization=organization if i % 5 == 0 else None,
                   nominee_key=f"o{organization.pk}-{prefix}{i}" if i % 5 == 0 else f"u{user.pk}",
                   summary="s", impact_statement="i", state=NominationState.DELIBERATION,
                   submitted_at=timezone.now())
        for i, user in enumerate(users)
    ])
    panel = list(Panelist.objects.filter(cycle=world.cycle))
    assignments = Assignment.objects.bulk_create([
        Assignment(panelist=panelist, nomination=nomination) for nomination in nominations for panelist in panel[:3]
    ])
    Review.objects.bulk_create([
        Review(assignment=a, nomination_id=a.nomination_id, panelist_id=a.panelist_id,
               scores={"depth": 3, "originality": 3, "adoption": 3}, weighted_score=60.0,
               submitted_at=timezone.now())
        for a in assignments
    ])
    Vote.objects.bulk_create([Vote(panelist=panel[0], nomination=n, choice=Vote.SELECTED) for n in nominations])
    DeliberationComment.objects.bulk_create([DeliberationComment(nomination=n, author=world.staff, body="Yes")
                                             for n in nominations])


def test_board_makes_the_same_number_of_queries_at_10_and_500_nominations(deliberating):
    world = deliberating
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/board/"
    _bulk_nominations(world, 7, "few")
    assert len(client.get(url).context["board"]["rows"]) == 10

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"o": "-score"})
        assert response.status_code == 200
        return len(captured), len(response.context["board"]["rows"])

    at_ten = queries()
    _bulk_nominations(world, 490, "many")
    assert queries() == (at_ten[0], 500)


def test_stage_moves_refusals_are_messages_and_change_nothing(deliberating):
    world = deliberating
    client = _client(world.staff)
    board = f"{DESK}{world.cycle.pk}/board/"
    nomination_url = f"{DESK}{world.cycle.pk}/nominations/{world.nominations[0].pk}/"
    early = client.post(board, {"step": "request_approval"}, follow=True)
    assert any("has no staged decision" in text for text in _messages(early))
    world.cycle.refresh_from_db()
    assert world.cycle.stage == Cycle.DELIBERATION
    blank = client.post(nomination_url, {"action": "stage", "outcome": "selected", "rationale": " "},
                        follow=True)
    assert any("rationale" in text for text in _messages(blank)) and not Decision.objects.exists()
    for nomination, outcome in zip(world.nominations, ("selected", "selected", "not_selected")):
        client.post(f"{DESK}{world.cycle.pk}/nominations/{nomination.pk}/",
                    {"action": "stage", "outcome": outcome, "rationale": f"Panel: {outcome}."})
    client.post(nomination_url, {"action": "unstage"})
    assert not Decision.objects.filter(nomination=world.nominations[0]).exists()
    client.post(nomination_url, {"action": "stage", "outcome": "selected", "rationale": "Again, yes."})
    done = client.post(board, {"step": "request_approval", "note": "Final list"}, follow=True)
    assert any("Done" in text for text in _messages(done))
    world.cycle.refresh_from_db()
    assert world.cycle.stage == Cycle.APPROVAL
    # Nothing reached the nominees: the nominations stay in deliberation until approval and release.
    assert set(Nomination.objects.filter(pk__in=[n.pk for n in world.nominations]).values_list(
        "state", flat=True)) == {NominationState.DELIBERATION}
    # Staff cannot approve in the steward's place; the board offers no such move.
    assert b"Waiting for a steward representative" in client.get(board).content


def test_release_announce_and_rescind_from_the_desk(world):
    world.to_approved()
    client = _client(world.staff)
    board = f"{DESK}{world.cycle.pk}/board/"
    early = client.post(board, {"step": "announce"}, follow=True)
    assert any("Release the staged decisions" in text for text in _messages(early))
    client.post(board, {"step": "release"})
    world.refresh()
    assert [n.state for n in world.nominations] == ["selected", "selected", "not_selected"]
    nomination_url = f"{DESK}{world.cycle.pk}/nominations/{world.nominations[0].pk}/"
    refused = client.post(nomination_url, {"action": "rescind", "note": ""}, follow=True)
    assert _messages(refused) and world.nominations[0].state == "selected"
    client.post(nomination_url, {"action": "rescind", "note": "Code of conduct breach."})
    world.nominations[0].refresh_from_db()
    assert world.nominations[0].state == NominationState.RESCINDED


def test_staff_comment_in_deliberation_and_clear_a_suggested_conflict(world):
    org = OrganizationFactory(site=world.site)
    colleague = world.panel_users["community_leader"][0]
    affiliate(colleague, org)
    affiliate(world.nominees[1], org)
    world.to_deliberation()
    client = _client(world.staff)
    url = f"{DESK}{world.cycle.pk}/nominations/{world.nominations[1].pk}/"
    page = client.get(url)
    row = next(r for r in page.context["conflicts"] if r["panelist"].user == colleague)
    assert row["clearable"]
    client.post(url, {"action": "clear", "panelist": row["panelist"].pk, "reason": "Different department."})
    assert not any(r["panelist"].user == colleague for r in client.get(url).context["conflicts"])
    client.post(url, {"action": "comment", "body": "Strong adoption figures."})
    assert DeliberationComment.objects.get().body == "Strong adoption figures."
