"""
Done when: a whole cycle through the REST API, from the panel to the announced cohort (R9–R13).

Nominations are created, endorsed and submitted with the foundation's ``nominations.api`` (their REST
endpoints are the foundation's); everything the panel and staff do goes through ``/api/dcp/v1/review/``.
"""

import csv
import io

from django.core import mail

from openedx_dcp.events import signals as events
from openedx_dcp.membership.models import Membership
from openedx_dcp.nominations.models import NominationState
from openedx_dcp.programs.models import CommunityRole, Cycle
from openedx_dcp.review.models import Decision, Review
from tests.factories import OrganizationFactory, UserFactory, affiliate, grant_role
from tests.review.factories import after_close, at_announcement, recent_start, submitted_nomination
from tests.world import REVIEW_HOST_A as HOST_A

BASE = "/api/dcp/v1/review"
SCORES = {"depth": 4, "originality": 4, "adoption": 5}


def _action(client, cycle, name, **body):
    return client.post(f"{BASE}/cycles/{cycle.pk}/actions/{name}/", body, format="json")


def test_whole_cycle_through_the_api(committed_world):
    world = committed_world
    cycle, staff = world.cycle, world.staff
    staff_api = world.client(staff)
    received = {"submitted": [], "released": [], "announced": []}

    def on_released(decision, **kwargs):
        received["released"].append(decision)

    def on_announced(cohort, **kwargs):
        received["announced"].append(cohort)

    events.DECISION_RELEASED.connect(on_released)
    events.COHORT_ANNOUNCED.connect(on_announced)

    # A fourth nomination whose nominee started contributing too recently (R7): it is closed at screening.
    late = submitted_nomination(cycle, world.track, UserFactory(username="late_nominator"),
                                UserFactory(username="late_nominee"), world.endorsers,
                                first_contribution_date=recent_start())
    # Conflicts (R10): a panelist endorsed nomination 0; another works with nominee 1 (suggested, cleared).
    core_panelist = world.panel_users["core_contributor"][0]
    leader_panelist = world.panel_users["community_leader"][0]
    org = OrganizationFactory(site=world.site)
    affiliate(leader_panelist, org)
    affiliate(world.nominees[1], org)
    extra_endorser = UserFactory(username="endorser_panelist")
    grant_role(world.program, extra_endorser, CommunityRole.CORE_CONTRIBUTOR)

    # R9: the panel, seated through the API; one core contributor short, evaluation is refused.
    users = world.panel_user_list()
    for user in users:
        if user == core_panelist:
            continue
        seat = next(seat for seat, group in world.panel_users.items() if user in group)
        response = staff_api.post(f"{BASE}/cycles/{cycle.pk}/panel/", {"user": user.username, "seat": seat},
                                  format="json")
        assert response.status_code == 201, response.content
    with after_close(cycle):
        screened = _action(staff_api, cycle, "screen")
        assert screened.status_code == 200, screened.content
        assert (screened.json()["passed"], screened.json()["closed"]) == (3, 1)
        late.refresh_from_db()
        assert late.state == NominationState.SCREENED_OUT and "2 years" in late.closed_reason
        refused = _action(staff_api, cycle, "start_evaluation")
        assert refused.status_code == 409 and "core_contributor" in refused.json()["detail"]
        report = staff_api.get(f"{BASE}/cycles/{cycle.pk}/report/").json()
        assert report["quota_problems"] and report["rotation"]["panelists"] == 9

        response = staff_api.post(f"{BASE}/cycles/{cycle.pk}/panel/",
                                  {"user": core_panelist.username, "seat": "core_contributor"}, format="json")
        assert response.status_code == 201
        # The core contributor panelist endorsed nomination 0 before the cycle closed: an R10 conflict.
        world.nominations[0].endorsements.create(endorser=core_panelist, role="core_contributor")
        assert _action(staff_api, cycle, "start_evaluation").json()["stage"] == Cycle.EVALUATION

        # Staff clear the suggested conflict of the leader with nominee 1; the endorser's cannot be cleared.
        panelist_ids = {p["username"]: p["id"] for p in staff_api.get(f"{BASE}/cycles/{cycle.pk}/panel/?page_size=50")
                        .json()["results"]}
        listed = staff_api.get(f"{BASE}/nominations/{world.nominations[1].pk}/conflicts/").json()["results"]
        assert listed == [{"panelist": panelist_ids[leader_panelist.username], "username": leader_panelist.username,
                           "kinds": ["colleague"]}]
        cleared = staff_api.post(f"{BASE}/nominations/{world.nominations[1].pk}/conflicts/clear/",
                                 {"username": leader_panelist.username,
                                  "reason": "Left the organization's project team years ago."}, format="json")
        assert cleared.status_code == 201
        hard = staff_api.post(f"{BASE}/nominations/{world.nominations[0].pk}/conflicts/clear/",
                              {"username": core_panelist.username, "reason": "Trust me."},
                              format="json")
        assert hard.status_code == 400

        # A bizdev panelist recuses from nomination 2.
        bizdev = world.panel_users["bizdev_wg_member"][0]
        recused = world.client(bizdev).post(f"{BASE}/nominations/{world.nominations[2].pk}/conflicts/",
                                            {"reason": "I mentor the nominee."}, format="json")
        assert recused.status_code == 201

        assigned = _action(staff_api, cycle, "assign_reviewers")
        assert assigned.json()["assigned"] == 9
        assert len([m for m in mail.outbox if "Review assignments" in m.subject]) >= 3

        # The conflicted panelists see nothing of their conflicts.
        core_api = world.client(core_panelist)
        assert core_api.get(f"{BASE}/nominations/{world.nominations[0].pk}/").status_code == 404
        assert core_api.get(f"{BASE}/nominations/{world.nominations[0].pk}/reviews/").status_code == 404
        assert world.client(bizdev).get(f"{BASE}/nominations/{world.nominations[2].pk}/").status_code == 404

        # Every assigned panelist reviews; others' reviews appear only after their own (R11).
        for nomination in world.nominations:
            reviewers = [a.panelist.user for a in nomination.review_assignments.select_related("panelist__user")]
            assert len(reviewers) == 3
            assert core_panelist not in reviewers or nomination != world.nominations[0]
            for index, reviewer in enumerate(reviewers):
                reviewer_api = world.client(reviewer)
                listed = reviewer_api.get(f"{BASE}/nominations/?cycle={cycle.pk}").json()["results"]
                assert nomination.pk in [n["id"] for n in listed]
                before = reviewer_api.get(f"{BASE}/nominations/{nomination.pk}/reviews/").json()["results"]
                assert before == []
                posted = reviewer_api.post(f"{BASE}/nominations/{nomination.pk}/reviews/",
                                           {"scores": SCORES, "comment": "Strong."}, format="json")
                assert posted.status_code == 201, posted.content
                after = reviewer_api.get(f"{BASE}/nominations/{nomination.pk}/reviews/").json()["results"]
                assert len(after) == index + 1
        assert Review.objects.filter(nomination__cycle=cycle).count() == 9

        assert _action(staff_api, cycle, "start_deliberation").json()["stage"] == Cycle.DELIBERATION

        # Deliberation: comments, votes, staged decisions; the nominee sees nothing.
        voter = world.panel_users["toc_member"][0]
        voter_api = world.client(voter)
        for nomination, outcome in zip(world.nominations, ["selected", "selected", "not_selected"]):
            assert voter_api.post(f"{BASE}/nominations/{nomination.pk}/comments/", {"body": "Impact is clear."},
                                  format="json").status_code == 201
            assert voter_api.post(f"{BASE}/nominations/{nomination.pk}/votes/", {"choice": outcome},
                                  format="json").status_code == 201
            staged = staff_api.post(f"{BASE}/nominations/{nomination.pk}/decision/",
                                    {"outcome": outcome, "rationale": "Panel consensus."}, format="json")
            assert staged.status_code == 201, staged.content
            assert staged.json()["votes_selected"] == (1 if outcome == "selected" else 0)
        nominee_api = world.client(world.nominees[0])
        assert nominee_api.get(f"{BASE}/nominations/{world.nominations[0].pk}/decision/").status_code == 404
        world.refresh()
        assert {n.state for n in world.nominations} == {NominationState.DELIBERATION}

        # Approval: program staff who are not stewards may not approve; a steward representative does.
        assert _action(staff_api, cycle, "request_approval").json()["stage"] == Cycle.APPROVAL
        assert _action(staff_api, cycle, "approve").status_code == 403
        approved = _action(world.client(world.steward_panelist_user), cycle, "approve", note="Final list endorsed.")
        assert approved.json()["stage"] == Cycle.APPROVED

        # Release: all decisions at once; nominees and nominators are told.
        mail.outbox.clear()
        released = _action(staff_api, cycle, "release")
        assert released.json()["released"] == 3
        world.refresh()
        assert [n.state for n in world.nominations] == [
            NominationState.SELECTED, NominationState.SELECTED, NominationState.NOT_SELECTED
        ]
        assert sorted(m.to[0] for m in mail.outbox) == sorted(
            u.email for u in world.nominees + world.nominators
        )
        assert not Decision.objects.filter(nomination__cycle=cycle, released_at__isnull=True).exists()
        assert [d.outcome for d in received["released"]] == ["selected", "selected", "not_selected"]

        # Announcement is refused before its date.
        early = _action(staff_api, cycle, "announce")
        assert early.status_code == 409 and "not before" in early.json()["detail"]

        export = staff_api.get(f"{BASE}/cycles/{cycle.pk}/export.csv")
        rows = list(csv.DictReader(io.StringIO(export.content.decode())))
        assert {row["nomination_id"] for row in rows} == {str(n.pk) for n in world.nominations + [late]}
        assert {row["mean_weighted_score"] for row in rows if row["reviews"] == "3"} == {"86.67"}

    with at_announcement(cycle):
        announced = _action(staff_api, cycle, "announce")
        assert announced.json()["stage"] == Cycle.ANNOUNCED
    world.refresh()
    assert [n.state for n in world.nominations[:2]] == [NominationState.ANNOUNCED] * 2
    memberships = Membership.objects.filter(cycle=cycle)
    assert sorted(m.user_id for m in memberships) == sorted(n.pk for n in world.nominees[:2])
    assert received["announced"][0].size == 2 and received["announced"][0].site_domain == HOST_A

    events.DECISION_RELEASED.disconnect(on_released)
    events.COHORT_ANNOUNCED.disconnect(on_announced)
