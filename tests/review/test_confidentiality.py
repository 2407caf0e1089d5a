"""
Who sees what (R10, R26): the audit trail of a nomination by role, the released outcome and its rationale,
conflicted program staff in every place, endorsing only what one may see, and messages that name nobody.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from openedx_dcp.audit.models import AuditRecord
from openedx_dcp.exceptions import NotPermitted
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api, export
from tests.factories import UserFactory, grant_role, make_staff
from tests.review.factories import after_close, at_announcement
from tests.world import REVIEW_HOST_A as HOST_A
from tests.world import REVIEW_HOST_B as HOST_B

PANEL_ACTIONS = {"assign", "review_submitted", "conflict_declared", "decision_staged"}


def _history(world, user, nomination, host=HOST_A):
    with after_close(world.cycle):
        response = world.client(user, host=host).get(f"/api/dcp/v1/nominations/{nomination.pk}/history/?page_size=100")
    return response


def _conflicted_staff(world):
    """Program staff seated on the panel (core contributor seat) who will recuse from nomination 0."""
    user = make_staff(world.program, UserFactory(username="staff_on_panel", is_staff=True))
    grant_role(world.program, user, CommunityRole.CORE_CONTRIBUTOR)
    return user


@pytest.fixture
def deliberating(world):
    """
    Nomination 0 in deliberation with assignments, reviews, a recusal by program staff who sit on the panel,
    and a staged decision; a panelist endorsed it (an automatic conflict).
    """
    conflicted_panelist = world.panel_users["core_contributor"][1]
    world.nominations[0].endorsements.create(endorser=conflicted_panelist, role="core_contributor")
    staff_on_panel = _conflicted_staff(world)
    # The seeds' quotas allow three core contributors: seat the staff member beside the minimum panel.
    world.seat_panel()
    api.add_panelist(cycle=world.cycle, user=staff_on_panel, seat=CommunityRole.CORE_CONTRIBUTOR, actor=world.staff)
    api.declare_conflict(nomination=world.nominations[0], user=staff_on_panel,
                         reason="Sits on the nominee's company board.")
    world.to_deliberation()
    with after_close(world.cycle):
        api.stage_decision(nomination=world.nominations[0], actor=world.staff, outcome="selected",
                           rationale="Outstanding XBlock work, 5-0.")
    world.conflicted_panelist = conflicted_panelist
    world.staff_on_panel = staff_on_panel
    return world


def test_r26_history_shows_each_role_only_what_it_may_read(deliberating):
    world = deliberating
    nomination = world.nominations[0]
    panel_usernames = {user.username for user in world.panel_user_list()}

    def read(user):
        response = _history(world, user, nomination)
        assert response.status_code == 200, response.content
        return response.json()["results"]

    staff = read(world.staff)
    assert PANEL_ACTIONS <= {line["action"] for line in staff}
    assert any("Outstanding XBlock work" in line["note"] for line in staff)
    for participant in (world.nominees[0], world.nominators[0]):
        lines = read(participant)
        assert {line["action"] for line in lines} & PANEL_ACTIONS == set()
        assert {"create", "consent", "submit", "pass_screening", "start_deliberation"} <= {
            line["action"] for line in lines}
        text = str(lines)
        assert "Outstanding XBlock work" not in text and "company board" not in text
        assert not any(name in text for name in panel_usernames)
    endorser = read(world.endorsers[0])
    assert [(line["action"], line["actor"]) for line in endorser] == [("endorse", world.endorsers[0].username)]
    # The conflicted panelist among the endorsers reads as any endorser: their own endorsement only (here made
    # without an audit line), never the panel's work (R10).
    assert read(world.conflicted_panelist) == []
    # Program staff who sit on the panel and recused: the nomination is not found for them (R10, R26).
    assert _history(world, world.staff_on_panel, nomination).status_code == 404
    assert _history(world, world.other_staff, nomination, host=HOST_B).status_code == 404


def test_r26_the_visibility_is_recorded_with_each_line(deliberating):
    world = deliberating
    lines = AuditRecord.objects.filter(content_type=ContentType.objects.get_for_model(Nomination),
                                       object_id=world.nominations[0].pk)
    by_action = dict(lines.values_list("action", "visibility"))
    assert by_action["assign"] == by_action["review_submitted"] == by_action["decision_staged"] == "panel"
    assert by_action["conflict_declared"] == "panel"
    assert by_action["endorse"] == "endorser" and by_action["submit"] == "participants"


def test_r26_the_outcome_reaches_the_nominee_when_released_and_the_rationale_when_published(world):
    world.to_approved()
    nominee, nomination = world.nominees[0], world.nominations[0]

    def outcome_lines():
        return [line for line in _history(world, nominee, nomination).json()["results"]
                if line["action"] in ("select", "reject")]

    assert outcome_lines() == []  # approved, not yet released
    with at_announcement(world.cycle):
        api.release_decisions(cycle=world.cycle, actor=world.staff)
    [line] = outcome_lines()
    assert (line["action"], line["note"]) == ("select", "")
    staff_lines = _history(world, world.staff, nomination).json()["results"]
    assert [line["note"] for line in staff_lines if line["action"] == "select"] == ["Panel consensus: selected."]
    url = f"/api/dcp/v1/review/nominations/{nomination.pk}/decision/publication/"
    assert world.client(world.nominators[0]).post(url, {"published": True}, format="json").status_code == 404
    published = world.client(world.staff).post(url, {"published": True}, format="json")
    assert published.status_code == 200 and published.json()["rationale_published"] is True
    [line] = outcome_lines()
    assert line["note"] == "Panel consensus: selected."
    with pytest.raises(NotPermitted):
        api.publish_rationale(nomination=nomination, actor=world.nominators[0])


def test_r26_the_panel_reads_panel_work_and_a_conflicted_panelist_does_not(deliberating):
    world = deliberating
    nomination = world.nominations[0]
    free = next(user for user in world.panel_user_list()
                if user not in (world.conflicted_panelist,) and not api.is_conflicted_on(user=user,
                                                                                         nomination=nomination))
    actions = {line.action for line in api.visible_history(user=free, nomination=nomination)}
    assert PANEL_ACTIONS <= actions
    assert not api.visible_history(user=world.conflicted_panelist, nomination=nomination).exists()
    assert not api.visible_history(user=world.staff_on_panel, nomination=nomination).exists()
    assert "conflict_cleared" not in actions


def test_r26_what_a_page_asks_with_the_requests_cycles_agrees_with_the_filters_for_every_role(deliberating,
                                                                                           monkeypatch):
    """
    The pages ask ``visible_history`` with the request's ``viewer_cycles``, its latest lines by a prepared read
    (``latest_visible_history``) and ``sees_nomination`` from the row: for every role (a conflicted panelist and
    program staff on the panel among them, and staff of another tenant) these answer what the filters answer
    alone, on the nomination with a recusal, a panelist's endorsement and a staged decision, and on another of
    the same cycle.
    """
    from openedx_dcp.nominations import api as nominations_api
    from openedx_dcp.review import selectors

    monkeypatch.setattr(selectors._LATEST_LINES, "_compiled", {})  # what this test's reads compile, nothing before
    world = deliberating
    roles = {
        "staff": world.staff, "superuser": world.superuser, "other tenant's staff": world.other_staff,
        "staff on the panel, recused": world.staff_on_panel, "conflicted panelist": world.conflicted_panelist,
        "nominator": world.nominators[0], "nominee": world.nominees[0], "endorser": world.endorsers[0],
        "learner": world.learner, **{f"panelist {user.username}": user for user in world.panel_user_list()},
    }
    checked = 0
    for nomination in (world.nominations[0], world.nominations[2]):
        for name, user in roles.items():
            cycles = api.viewer_cycles(user=user, site=world.site_a)

            def lines(user=user, nomination=nomination, **kwargs):
                return [(line.pk, line.shown_note)
                        for line in api.visible_history(user=user, nomination=nomination, **kwargs)]

            assert lines(cycles=cycles) == lines(), name
            for count in (3, 100):
                latest = api.latest_visible_history(user=user, nomination=nomination, cycles=cycles, lines=count)
                assert [(line.pk, line.shown_note) for line in latest] == lines()[-count:], (name, count)
            expected = nominations_api.nominations_visible_to(user=user, site=world.site_a).filter(
                pk=nomination.pk).exists()
            assert nominations_api.sees_nomination(user=user, nomination=nomination, cycles=cycles) is expected, name
            checked += expected
    # Both answers occur: the matrix is not all refusals or all grants.
    assert 0 < checked < 2 * len(roles)
    # The latest lines were read prepared (not through the ORM's fallback) in the shapes that name the reader.
    compiled = {key[1][0] for key, value in selectors._LATEST_LINES._compiled.items() if value is not False}
    assert {(False, True), "everything"} <= compiled


# ---- R10, R26: a conflict hides the nomination from program staff who sit on the panel, everywhere ----------

def test_r10_conflicted_staff_do_not_see_the_nomination_anywhere(deliberating):
    world = deliberating
    user, hidden = world.staff_on_panel, world.nominations[0]
    client = world.client(user)
    with after_close(world.cycle):
        ids = [n["id"] for n in client.get("/api/dcp/v1/nominations/?page_size=100").json()["results"]]
        assert hidden.pk not in ids and world.nominations[1].pk in ids
        assert client.get(f"/api/dcp/v1/nominations/{hidden.pk}/").status_code == 404
        endorsements = client.get("/api/dcp/v1/endorsements/?page_size=100").json()["results"]
        assert hidden.pk not in {e["nomination"] for e in endorsements}
        review_ids = [n["id"] for n in client.get("/api/dcp/v1/review/nominations/").json()["results"]]
        assert hidden.pk not in review_ids
        assert client.get(f"/api/dcp/v1/review/nominations/{hidden.pk}/decision/").status_code == 404
    assert hidden.pk not in [row[0] for row in export.cycle_rows(world.cycle, user)]
    admin = Client(HTTP_HOST=HOST_A)
    admin.force_login(user)
    audit_page = admin.get("/admin/openedx_dcp/auditrecord/?all=")
    assert audit_page.status_code == 200
    shown = audit_page.context["cl"].queryset
    assert not shown.filter(object_id=hidden.pk, content_type__model="nomination").exists()
    assert shown.filter(object_id=world.nominations[1].pk, content_type__model="nomination").exists()
    endorsements_page = admin.get("/admin/openedx_dcp/endorsement/")
    assert not endorsements_page.context["cl"].queryset.filter(nomination=hidden).exists()
    assert endorsements_page.context["cl"].queryset.filter(nomination=world.nominations[1]).exists()
    assert admin.get(f"/admin/openedx_dcp/nomination/{hidden.pk}/change/").status_code == 302


def test_r10_what_conflicted_staff_would_do_is_left_to_other_staff(deliberating):
    world = deliberating
    user, hidden = world.staff_on_panel, world.nominations[0]
    with after_close(world.cycle):
        api.unstage_decision(nomination=hidden, actor=world.staff)
        with pytest.raises(NotPermitted):
            api.stage_decision(nomination=hidden, actor=user, outcome="selected", rationale="Mine.")
        with pytest.raises(NotPermitted):
            api.unstage_decision(nomination=hidden, actor=user)
        api.stage_decision(nomination=hidden, actor=world.staff, outcome="selected", rationale="Outstanding.")
        for nomination, outcome in zip(world.nominations[1:], ("selected", "not_selected")):
            api.stage_decision(nomination=nomination, actor=user, outcome=outcome, rationale="Agreed.")
        api.request_approval(cycle=world.cycle, actor=world.staff)
        api.approve(cycle=world.cycle, actor=world.steward_panelist_user)
    with at_announcement(world.cycle):
        with pytest.raises(NotPermitted, match="another program staff member"):
            api.release_decisions(cycle=world.cycle, actor=user)
        assert api.release_decisions(cycle=world.cycle, actor=world.staff) == 3


def test_r10_conflicted_staff_leave_screening_to_other_staff(world):
    user = _conflicted_staff(world)
    api.add_panelist(cycle=world.cycle, user=user, seat=CommunityRole.CORE_CONTRIBUTOR, actor=world.staff)
    api.declare_conflict(nomination=world.nominations[0], user=user, reason="Former manager of the nominee.")
    with after_close(world.cycle):
        result = api.screen_cycle(cycle=world.cycle, actor=user)
        assert result["left_for_other_staff"] == 1 and result["passed"] + result["closed"] == 2
        world.nominations[0].refresh_from_db()
        assert world.nominations[0].state == "submitted"
        assert api.screen_cycle(cycle=world.cycle, actor=world.staff) == {"passed": 1, "closed": 0}


# ---- R26: endorsing needs the nomination to be visible; refusals read as "not found" ----------------------

def test_r26_endorsing_unasked_before_consent_reads_as_not_found(world):
    nomination = world.nominations[0]
    Nomination.objects.filter(pk=nomination.pk).update(state="draft", consent_given_at=None)
    member = UserFactory(username="curious_member")
    grant_role(world.program, member, CommunityRole.CORE_CONTRIBUTOR)
    client = world.client(member)
    hidden = client.post("/api/dcp/v1/endorsements/", {"nomination": nomination.pk}, format="json")
    missing = client.post("/api/dcp/v1/endorsements/", {"nomination": 10 ** 9}, format="json")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    assert not Endorsement.objects.filter(endorser=member).exists()
    # The filter of the endorsement list takes any number: an unknown id and a hidden one answer alike.
    listed = client.get(f"/api/dcp/v1/endorsements/?nomination={nomination.pk}")
    unknown = client.get(f"/api/dcp/v1/endorsements/?nomination={10 ** 9}")
    assert listed.status_code == unknown.status_code == 200 and listed.json() == unknown.json()
    # Asked by the nominator, the member sees it and endorses.
    asked = world.client(world.nominators[0]).post(
        f"/api/dcp/v1/nominations/{nomination.pk}/endorsement-requests/", {"endorser": member.username}, format="json")
    assert asked.status_code == 202, asked.content
    assert client.post("/api/dcp/v1/endorsements/", {"nomination": nomination.pk}, format="json").status_code == 201


def test_r26_an_endorser_reads_their_own_endorsement_not_the_others(world):
    client = world.client(world.endorsers[0])
    endorsements = client.get("/api/dcp/v1/endorsements/?page_size=100").json()["results"]
    assert endorsements and {e["endorser"] for e in endorsements} == {world.endorsers[0].username}
    nominator = world.client(world.nominators[0]).get(
        f"/api/dcp/v1/endorsements/?nomination={world.nominations[0].pk}").json()["results"]
    assert len(nominator) == 3


# ---- R26: messages name only what the caller already knows ------------------------------------------------

def test_r26_refusals_about_a_person_name_nobody(world):
    nomination = world.nominations[0]
    Nomination.objects.filter(pk=nomination.pk).update(state="draft")
    admin = UserFactory(username="admin_account_xyz")
    client = world.client(world.nominators[0])
    url = f"/api/dcp/v1/nominations/{nomination.pk}/endorsement-requests/"
    no_role = client.post(url, {"endorser": admin.username}, format="json")
    unknown = client.post(url, {"endorser": "no-such-account"}, format="json")
    assert no_role.status_code == unknown.status_code == 400
    assert no_role.json() == unknown.json()
    assert "admin_account_xyz" not in no_role.content.decode()


# ---- the data migration -------------------------------------------------------------------------------------

def _confidentiality_migration(executor):
    [key] = [key for key in executor.loader.disk_migrations if key[0] == "openedx_dcp"
             and key[1].endswith("_confidentiality")]
    [parent] = [dep for dep in executor.loader.graph.node_map[key].parents if dep.key[0] == "openedx_dcp"]
    return [parent.key], [key]


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_lines_their_visibility_and_keeps_requests():
    from tests.world import ReviewWorld

    world = ReviewWorld()
    nomination = world.nominations[0]
    asked = world.panel_users["toc_member"][0]
    executor = MigrationExecutor(connection)
    before, after = _confidentiality_migration(executor)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    nomination_type = old.get_model("contenttypes", "ContentType").objects.get(app_label="openedx_dcp",
                                                                              model="nomination")
    old_record = old.get_model("openedx_dcp", "AuditRecord").objects
    for action, note in (("assign", "panel_toc_member_0"), ("endorsement_requested", asked.username),
                         ("select", "Rationale"), ("conflict_cleared", "x: y")):
        old_record.create(program_id=world.program.pk, content_type=nomination_type, object_id=nomination.pk,
                          action=action, at="2025-06-01T00:00:00Z", note=note, actor_id=world.nominators[0].pk)
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    lines = new.get_model("openedx_dcp", "AuditRecord").objects.filter(at="2025-06-01T00:00:00Z")
    assert dict(lines.values_list("action", "visibility")) == {
        "assign": "panel", "endorsement_requested": "participants", "select": "outcome",
        "conflict_cleared": "staff"}
    assert new.get_model("openedx_dcp", "EndorsementRequest").objects.filter(
        nomination_id=nomination.pk, endorser_id=asked.pk).exists()
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
