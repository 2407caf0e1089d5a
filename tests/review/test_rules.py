"""
Each rule of R9–R13 refusing the wrong thing, through the review's domain functions and the workflow.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import workflow
from openedx_dcp.nominations.models import NominationState
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole, Cycle
from openedx_dcp.review import api, conflicts, decisions, equity, tasks
from openedx_dcp.review.models import Assignment, Decision, Panelist, Review
from tests.factories import OrganizationFactory, UserFactory, affiliate, grant_role, make_cycle
from tests.review.factories import after_close, at_announcement, partner_nomination, submitted_nomination

SCORES = {"depth": 4, "originality": 3, "adoption": 5}


# ---- R9: panel quotas and rotation ----------------------------------------------------------------------------

def test_r9_seat_needs_a_fitting_role(world):
    with pytest.raises(RuleViolation, match="fits a toc_member seat"):
        api.add_panelist(cycle=world.cycle, user=world.learner, seat="toc_member", actor=world.staff)
    assert not Panelist.objects.exists()


def test_r9_distinguished_contributor_fills_a_community_leader_seat(world):
    member = UserFactory(username="dc_member")
    grant_role(world.program, member, CommunityRole.DISTINGUISHED_CONTRIBUTOR)
    assert api.add_panelist(cycle=world.cycle, user=member, seat="community_leader",
                            actor=world.staff).seat == "community_leader"
    with pytest.raises(RuleViolation):
        api.add_panelist(cycle=world.cycle, user=member, seat="core_contributor", actor=world.staff)


def test_r9_seat_beyond_its_maximum_is_refused(world):
    tocs = [UserFactory(username=f"toc{i}") for i in range(3)]
    for user in tocs:
        grant_role(world.program, user, CommunityRole.TOC_MEMBER)
    api.add_panelist(cycle=world.cycle, user=tocs[0], seat="toc_member", actor=world.staff)
    api.add_panelist(cycle=world.cycle, user=tocs[1], seat="toc_member", actor=world.staff)
    with pytest.raises(RuleViolation, match="full"):
        api.add_panelist(cycle=world.cycle, user=tocs[2], seat="toc_member", actor=world.staff)
    assert Panelist.objects.filter(seat="toc_member").count() == 2


def test_r9_quotas_are_per_program_rules(world):
    programs_api.change_thresholds(program=world.program, actor=world.staff, reason="Smaller panel",
                                   panel_quotas={"toc_member": [1, 1], "steward_representative": [1, 1]})
    cycle = make_cycle(world.program, slug="2026")
    api.add_panelist(cycle=cycle, user=world.panel_users["toc_member"][0], seat="toc_member", actor=world.staff)
    with pytest.raises(ValidationFailed, match="Unknown seat"):
        api.add_panelist(cycle=cycle, user=world.panel_users["core_contributor"][0], seat="core_contributor",
                         actor=world.staff)


def test_r9_only_staff_seat_panelists(world):
    with pytest.raises(NotPermitted):
        api.add_panelist(cycle=world.cycle, user=world.panel_users["toc_member"][0], seat="toc_member",
                         actor=world.other_staff)


def test_r9_evaluation_refused_while_a_quota_is_broken(world):
    for user in world.panel_user_list()[1:]:
        seat = next(seat for seat, group in world.panel_users.items() if user in group)
        api.add_panelist(cycle=world.cycle, user=user, seat=seat, actor=world.staff)
    with after_close(world.cycle):
        api.screen_cycle(cycle=world.cycle, actor=world.staff)
        before = audit.trail(world.cycle).count()
        with pytest.raises(TransitionRefused, match="1 more toc_member"):
            api.start_evaluation(cycle=world.cycle, actor=world.staff)
    world.cycle.refresh_from_db()
    assert world.cycle.stage == Cycle.SCREENING
    assert audit.trail(world.cycle).count() == before


def test_r9_panel_is_fixed_once_evaluation_starts(world):
    world.to_evaluation()
    extra = UserFactory(username="late_toc")
    grant_role(world.program, extra, CommunityRole.TOC_MEMBER)
    with pytest.raises(TransitionRefused, match="fixed"):
        api.add_panelist(cycle=world.cycle, user=extra, seat="toc_member", actor=world.staff)
    with pytest.raises(TransitionRefused):
        api.remove_panelist(panelist=world.panelists[0], actor=world.staff, reason="Changed roles.")


def test_r9_rotation_report_counts_returning_panelists(world):
    previous = world.cycle
    world.seat_panel()
    later = make_cycle(world.program, slug="2026",
                       nominations_open=previous.nominations_open + datetime.timedelta(days=1))
    api.add_panelist(cycle=later, user=world.panel_users["toc_member"][0], seat="toc_member", actor=world.staff)
    newcomer = UserFactory(username="new_steward")
    grant_role(world.program, newcomer, CommunityRole.STEWARD_REPRESENTATIVE)
    api.add_panelist(cycle=later, user=newcomer, seat="steward_representative", actor=world.staff)
    report = api.rotation_report(cycle=later)
    assert (report["previous_cycle"], report["panelists"], report["returning"], report["new"]) == (
        previous.slug, 2, 1, 1)


# ---- R10: conflicts of interest --------------------------------------------------------------------------------

def _panelist(world, seat, index=0):
    return Panelist.objects.get(cycle=world.cycle, user=world.panel_users[seat][index])


@pytest.mark.parametrize("relation", ["nominee", "nominator", "endorser"])
def test_r10_panelist_related_to_the_nomination_never_reviews_it(world, relation):
    user = world.panel_users["core_contributor"][0]
    nomination = world.nominations[0]
    if relation == "nominee":
        nomination.nominee_user = user
        nomination.save()
    elif relation == "nominator":
        nomination.nominator = user
        nomination.save()
    else:
        nomination.endorsements.create(endorser=user, role="core_contributor")
    world.to_evaluation()
    panelist = _panelist(world, "core_contributor")
    assert conflicts.reasons(panelist, nomination) == [relation]
    with pytest.raises(RuleViolation, match="conflicted panelist"):
        api.assign(nomination=nomination, panelist=panelist, actor=world.staff)
    api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    assert not Assignment.objects.filter(panelist=panelist, nomination=nomination).exists()
    assert nomination not in api.nominations_for_review(user=user, site=world.site)
    assert not api.reviews_visible_to(user=user, nomination=nomination).exists()


def test_r10_member_of_the_nominee_organization_never_reviews_it(world):
    org = OrganizationFactory(site=world.site, size=40)
    partner_track = world.program.tracks.get(slug="partner")
    representative = world.panel_users["partner_representative"][0]
    affiliate(representative, org)
    nomination = nominations_api.create_nomination(
        cycle=world.cycle, track=partner_track, nominator=world.nominators[0], kind="peer", nominee_organization=org,
        summary="Hosts a large instance.", impact_statement="Sponsors.",
    )
    world.seat_panel()
    panelist = _panelist(world, "partner_representative")
    assert conflicts.reasons(panelist, nomination) == ["nominee_organization"]
    with pytest.raises(RuleViolation, match="cannot be cleared|no suggested"):
        api.clear_suggested_conflict(nomination=nomination, panelist=panelist, actor=world.staff, reason="Why not")


def test_r10_colleague_conflict_holds_until_staff_clear_it(world):
    org = OrganizationFactory(site=world.site)
    leader = world.panel_users["community_leader"][0]
    affiliate(leader, org)
    affiliate(world.nominees[0], org)
    world.to_evaluation()
    panelist = _panelist(world, "community_leader")
    nomination = world.nominations[0]
    assert api.is_conflicted(panelist=panelist, nomination=nomination)
    with pytest.raises(RuleViolation):
        api.assign(nomination=nomination, panelist=panelist, actor=world.staff)
    with pytest.raises(ValidationFailed):
        api.clear_suggested_conflict(nomination=nomination, panelist=panelist, actor=world.staff, reason=" ")
    with pytest.raises(NotPermitted):
        api.clear_suggested_conflict(nomination=nomination, panelist=panelist, actor=leader, reason="I am fine")
    api.clear_suggested_conflict(nomination=nomination, panelist=panelist, actor=world.staff,
                                 reason="Different department, no contact.")
    assert not api.is_conflicted(panelist=panelist, nomination=nomination)
    api.assign(nomination=nomination, panelist=panelist, actor=world.staff)


def test_r10_declared_conflict_hides_and_unassigns(world):
    world.to_evaluation()
    api.assign_reviewers(cycle=world.cycle, actor=world.staff)
    assignment = Assignment.objects.filter(nomination=world.nominations[0]).select_related("panelist__user").first()
    user = assignment.panelist.user
    with pytest.raises(ValidationFailed):
        api.declare_conflict(nomination=world.nominations[0], user=user, reason="")
    api.declare_conflict(nomination=world.nominations[0], user=user, reason="Former co-founder.")
    assert not Assignment.objects.filter(pk=assignment.pk).exists()
    assert world.nominations[0] not in api.nominations_for_review(user=user, site=world.site)
    with pytest.raises(NotPermitted):
        api.submit_review(nomination=world.nominations[0], user=user, scores=SCORES)


def test_r10_conflicted_panelist_cannot_vote_or_see_reviews_in_deliberation(world):
    endorser_panelist = world.panel_users["toc_member"][0]
    world.nominations[0].endorsements.create(endorser=endorser_panelist, role="toc_member")
    world.to_deliberation()
    assert not api.reviews_visible_to(user=endorser_panelist, nomination=world.nominations[0]).exists()
    assert api.reviews_visible_to(user=endorser_panelist, nomination=world.nominations[1]).count() == 3
    with after_close(world.cycle), pytest.raises(NotPermitted):
        api.cast_vote(nomination=world.nominations[0], user=endorser_panelist, choice="selected")


# ---- R11: stages --------------------------------------------------------------------------------------------

def test_r11_screening_closes_an_ineligible_nomination_with_its_reasons(world):
    late = submitted_nomination(world.cycle, world.track, UserFactory(username="n_late"),
                                UserFactory(username="e_late"), world.endorsers,
                                first_contribution_date=timezone.now().date() - datetime.timedelta(days=30))
    with after_close(world.cycle):
        result = api.screen_cycle(cycle=world.cycle, actor=world.staff)
    assert result == {"passed": 3, "closed": 1}
    late.refresh_from_db()
    assert late.state == NominationState.SCREENED_OUT
    assert "at least 2 years" in late.closed_reason
    actions = [record.action for record in audit.trail(late)]
    assert actions[-2:] == ["start_screening", "fail_screening"]


def test_r11_screening_refused_while_nominations_are_open(world):
    with pytest.raises(TransitionRefused):
        api.start_evaluation(cycle=world.cycle, actor=world.staff)


def test_r11_deliberation_refused_below_the_minimum_reviews(world):
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
        for assignment in Assignment.objects.select_related("panelist__user", "nomination")[:8]:
            api.submit_review(nomination=assignment.nomination, user=assignment.panelist.user, scores=SCORES)
        with pytest.raises(TransitionRefused, match="2 of 3 reviews"):
            api.start_deliberation(cycle=world.cycle, actor=world.staff)
    world.refresh()
    assert world.cycle.stage == Cycle.EVALUATION
    assert {n.state for n in world.nominations} == {NominationState.EVALUATION}


def test_r11_only_an_assigned_panelist_reviews_and_only_once(world):
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
        assignment = Assignment.objects.select_related("panelist__user", "nomination").first()
        others = Panelist.objects.exclude(assignments__nomination=assignment.nomination).select_related("user")
        with pytest.raises(NotPermitted):
            api.submit_review(nomination=assignment.nomination, user=others.first().user, scores=SCORES)
        with pytest.raises(NotPermitted):
            api.submit_review(nomination=assignment.nomination, user=world.learner, scores=SCORES)
        api.submit_review(nomination=assignment.nomination, user=assignment.panelist.user, scores=SCORES)
        with pytest.raises(TransitionRefused, match="already submitted"):
            api.submit_review(nomination=assignment.nomination, user=assignment.panelist.user, scores=SCORES)
    assert Review.objects.count() == 1


def test_r11_others_reviews_only_after_ones_own(world):
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
        first, second = Assignment.objects.filter(nomination=world.nominations[0]).select_related(
            "panelist__user")[:2]
        api.submit_review(nomination=world.nominations[0], user=first.panelist.user, scores=SCORES)
        assert not api.reviews_visible_to(user=second.panelist.user, nomination=world.nominations[0]).exists()
        api.submit_review(nomination=world.nominations[0], user=second.panelist.user, scores=SCORES)
        assert api.reviews_visible_to(user=second.panelist.user, nomination=world.nominations[0]).count() == 2
        assert api.reviews_visible_to(user=world.staff, nomination=world.nominations[0]).count() == 2
        assert not api.reviews_visible_to(user=world.other_staff, nomination=world.nominations[0]).exists()


def test_r11_decision_needs_a_rationale_staff_and_deliberation(world):
    world.to_deliberation()
    nomination = world.nominations[0]
    with after_close(world.cycle):
        with pytest.raises(ValidationFailed, match="rationale"):
            api.stage_decision(nomination=nomination, actor=world.staff, outcome="selected", rationale=" ")
        with pytest.raises(NotPermitted):
            api.stage_decision(nomination=nomination, actor=world.panel_users["toc_member"][0], outcome="selected",
                               rationale="Yes")
        api.stage_decision(nomination=nomination, actor=world.staff, outcome="selected", rationale="Clear impact.")
        with pytest.raises(TransitionRefused, match="already staged"):
            api.stage_decision(nomination=nomination, actor=world.staff, outcome="not_selected",
                               rationale="Changed my mind.")
        api.unstage_decision(nomination=nomination, actor=world.staff)
        api.stage_decision(nomination=nomination, actor=world.staff, outcome="not_selected",
                           rationale="Changed after discussion.")
    assert Decision.objects.get(nomination=nomination).outcome == "not_selected"


def test_r11_votes_are_recorded_with_the_decision(world):
    world.to_deliberation()
    nomination = world.nominations[0]
    with after_close(world.cycle):
        for user, choice in zip(world.panel_user_list(), ["selected", "selected", "not_selected", "abstain"]):
            api.cast_vote(nomination=nomination, user=user, choice=choice)
        api.cast_vote(nomination=nomination, user=world.panel_user_list()[3], choice="selected")
        with pytest.raises(ValidationFailed):
            api.cast_vote(nomination=nomination, user=world.panel_user_list()[4], choice="maybe")
        with pytest.raises(NotPermitted):
            api.cast_vote(nomination=nomination, user=world.learner, choice="selected")
        decision = api.stage_decision(nomination=nomination, actor=world.staff, outcome="selected",
                                      rationale="Majority.")
        with pytest.raises(TransitionRefused, match="votes are closed"):
            api.cast_vote(nomination=nomination, user=world.panel_user_list()[5], choice="not_selected")
    assert (decision.votes_selected, decision.votes_not_selected, decision.votes_abstained) == (3, 1, 0)


def test_r11_approval_refused_while_a_decision_is_missing(world):
    world.to_deliberation()
    with after_close(world.cycle):
        api.stage_decision(nomination=world.nominations[0], actor=world.staff, outcome="selected", rationale="Yes.")
        with pytest.raises(TransitionRefused, match="no staged decision"):
            api.request_approval(cycle=world.cycle, actor=world.staff)
    world.cycle.refresh_from_db()
    assert world.cycle.stage == Cycle.DELIBERATION


@pytest.mark.parametrize("who", ["staff", "superuser", "system", "core panelist"])
def test_r11_only_a_steward_representative_approves(world, who):
    world.to_deliberation()
    world.stage_all()
    with after_close(world.cycle):
        api.request_approval(cycle=world.cycle, actor=world.staff)
        actor = {"staff": world.staff, "superuser": world.superuser, "system": None,
                 "core panelist": world.panel_users["core_contributor"][0]}[who]
        with pytest.raises(NotPermitted):
            api.approve(cycle=world.cycle, actor=actor)
    world.cycle.refresh_from_db()
    assert world.cycle.stage == Cycle.APPROVAL


def test_r11_nothing_is_released_before_approval(world):
    world.to_deliberation()
    world.stage_all()
    nomination = world.nominations[0]
    with after_close(world.cycle):
        with pytest.raises(TransitionRefused, match="after the steward"):
            workflow.perform(nomination, "select", world.staff, note="Sneaky")
        with pytest.raises(TransitionRefused):
            api.release_decisions(cycle=world.cycle, actor=world.staff)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DELIBERATION
    assert nomination not in nominations_api.nominations_visible_to(user=world.learner, site=world.site)


def test_r11_release_applies_the_staged_outcome_only(world):
    world.to_approved()
    with after_close(world.cycle, days=2):
        with pytest.raises(TransitionRefused, match="not 'not_selected'"):
            workflow.perform(world.nominations[0], "reject", world.staff, note="Other outcome")
        assert api.release_decisions(cycle=world.cycle, actor=world.staff) == 3
    world.refresh()
    assert [n.state for n in world.nominations] == ["selected", "selected", "not_selected"]
    last = list(audit.trail(world.nominations[2]))[-1]
    assert (last.action, last.actor, last.note) == ("reject", world.staff, "Panel consensus: not_selected.")


def test_r11_announcement_refused_before_its_date_and_starts_memberships_on_it(world):
    world.to_approved()
    api.release_decisions(cycle=world.cycle, actor=world.staff)
    with pytest.raises(TransitionRefused, match="not before"):
        api.announce_cohort(cycle=world.cycle, actor=world.staff)
    assert not Membership.objects.exists()
    with at_announcement(world.cycle):
        api.announce_cohort(cycle=world.cycle, actor=world.staff)
    world.refresh()
    assert world.cycle.stage == Cycle.ANNOUNCED
    assert Membership.objects.filter(cycle=world.cycle, state=MembershipState.ACTIVE).count() == 2


def test_r11_sweep_releases_and_announces_due_cycles(world):
    world.to_approved()
    assert api.announce_due_cohorts() == []
    with at_announcement(world.cycle):
        assert [c.pk for c in api.announce_due_cohorts()] == [world.cycle.pk]
    world.refresh()
    assert [n.state for n in world.nominations] == ["announced", "announced", "not_selected"]


def test_r11_rescinding_an_announced_selection_revokes_the_membership(world):
    world.to_approved()
    api.release_decisions(cycle=world.cycle, actor=world.staff)
    with at_announcement(world.cycle):
        api.announce_cohort(cycle=world.cycle, actor=world.staff)
        with pytest.raises(ValidationFailed):
            api.rescind_decision(nomination=world.nominations[0], actor=world.staff, note="")
        api.rescind_decision(nomination=world.nominations[0], actor=world.staff, note="Code of conduct breach.")
    membership = Membership.objects.get(nomination=world.nominations[0])
    assert membership.state == MembershipState.REVOKED


# ---- R12: rubrics ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scores, message", [
    ({"depth": 4, "originality": 3}, "missing: adoption"),
    ({"depth": 4, "originality": 3, "adoption": 5, "market_penetration": 2}, "Not on this track"),
    ({"depth": 6, "originality": 3, "adoption": 5}, "0 to 5"),
    ({"depth": "4", "originality": 3, "adoption": 5}, "whole number"),
])
def test_r12_scores_follow_the_tracks_rubric(world, scores, message):
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
        assignment = Assignment.objects.select_related("panelist__user", "nomination").first()
        with pytest.raises(ValidationFailed, match=message):
            api.submit_review(nomination=assignment.nomination, user=assignment.panelist.user, scores=scores)
    assert not Review.objects.exists()


def test_r12_weighted_score_and_the_cycles_rubric_version(world):
    track = world.track
    programs_api.update_track(track=track, actor=world.staff, reason="Adoption counts double", rubric=[
        {"key": "depth", "label": "Depth", "weight": 1.0, "max_score": 5},
        {"key": "adoption", "label": "Adoption", "weight": 2.0, "max_score": 10},
    ])
    # The running cycle keeps the rubric of its rules version (R24).
    assert [c["key"] for c in api.rubric_of(nomination=world.nominations[0])] == ["depth", "originality", "adoption"]
    assert api.weighted_score(rubric=api.rubric_of(nomination=world.nominations[0]), scores=SCORES) == 80.0
    assert api.weighted_score(rubric=track.rubric, scores={"depth": 5, "adoption": 5}) == pytest.approx(66.67)


# ---- R13: partner equity ---------------------------------------------------------------------------------------

def test_r13_small_partner_is_assessed_per_employee(world):
    nomination = partner_nomination(world, size=20, kinds=("code_contribution", "financial_contribution"))
    seen = equity.for_reviewer(equity.partner_metrics(nomination))
    assert seen["assessed_on"] == "per_employee" and seen["organization_size"] == 20
    assert seen["metrics"]["technical"] == {"count": 0.05, "weight": 0.5}
    assert "absolute" not in seen


def test_r13_large_partner_is_assessed_on_absolute_metrics(world):
    nomination = partner_nomination(world, size=5000)
    metrics = equity.partner_metrics(nomination)
    assert metrics["assessed_on"] == "absolute"
    assert metrics["absolute"]["technical"] == {"count": 1, "weight": 10.0}
    assert equity.for_reviewer(metrics)["metrics"] == metrics["absolute"]


def test_r13_threshold_is_the_cycles_rule(world):
    programs_api.change_thresholds(program=world.program, actor=world.staff, reason="Lower bar", partner_large_size=10)
    nomination = partner_nomination(world, size=20)
    # The cycle started with 250: a 20-person partner is still small in this cycle.
    assert equity.partner_metrics(nomination)["assessed_on"] == "per_employee"


@pytest.mark.parametrize("kinds, passes", [
    (("code_contribution",), True), (("infrastructure",), True), (("governance",), False),
])
def test_r13_partner_qualifies_through_technical_or_financial_contributions(world, kinds, passes):
    nomination = partner_nomination(world, size=30, kinds=kinds)
    with after_close(world.cycle):
        api.screen_cycle(cycle=world.cycle, actor=world.staff)
    nomination.refresh_from_db()
    if passes:
        assert nomination.state == NominationState.EVALUATION
    else:
        assert nomination.state == NominationState.SCREENED_OUT
        assert "technical or financial/infrastructure" in nomination.closed_reason


def test_r13_pass_screening_guard_refuses_an_unqualified_partner(world):
    nomination = partner_nomination(world, size=30, kinds=("governance",))
    with after_close(world.cycle):
        workflow.advance_cycle(world.cycle, "start_screening", world.staff)
        workflow.perform(nomination, "start_screening", world.staff)
        with pytest.raises(TransitionRefused, match="partner qualifies"):
            workflow.perform(nomination, "pass_screening", world.staff)


def test_r11_announce_command_and_task(world):
    world.to_approved()
    out = StringIO()
    call_command("dcp_announce_cohorts", stdout=out)
    assert "No cohort is due." in out.getvalue()
    with at_announcement(world.cycle):
        assert tasks.announce_due_cohorts.delay().get() == [world.cycle.pk]
        call_command("dcp_announce_cohorts", stdout=out)
    world.refresh()
    assert world.cycle.stage == Cycle.ANNOUNCED


def test_r11_a_nomination_withdrawn_after_approval_keeps_its_decision_unreleased(world):
    world.to_approved()
    with after_close(world.cycle, days=2):
        nominations_api.withdraw(nomination=world.nominations[0], actor=world.nominators[0], note="Changed jobs.")
        assert api.release_decisions(cycle=world.cycle, actor=world.staff) == 2
    world.refresh()
    assert world.nominations[0].state == NominationState.WITHDRAWN
    assert Decision.objects.get(nomination=world.nominations[0]).released_at is None
    with at_announcement(world.cycle):
        api.announce_cohort(cycle=world.cycle, actor=world.staff)
    assert Membership.objects.filter(cycle=world.cycle).count() == 1


def test_r11_sweep_goes_on_when_one_cycle_cannot_be_announced(world, monkeypatch, caplog):
    world.to_approved()
    Cycle.objects.filter(pk=world.cycle_b.pk).update(stage=Cycle.APPROVED)
    real = api.announce_cohort

    def announce(*, cycle, actor, now=None):
        if cycle.pk == world.cycle.pk:
            raise TransitionRefused("Simulated refusal.")
        return real(cycle=cycle, actor=actor)

    # The sweep calls the announcement where it lives (review.decisions, behind the api front).
    monkeypatch.setattr(decisions, "announce_cohort", announce)
    with at_announcement(world.cycle):
        assert [c.pk for c in api.announce_due_cohorts()] == [world.cycle_b.pk]
    world.refresh()
    assert world.cycle.stage == Cycle.APPROVED
    # Nothing of the refused cycle was written: its release was rolled back with it.
    assert {n.state for n in world.nominations} == {NominationState.DELIBERATION}
    assert "Simulated refusal." in caplog.text


def test_r10_the_staff_conflict_list_agrees_with_the_per_panelist_rules(world):
    org = OrganizationFactory(site=world.site)
    affiliate(world.panel_users["community_leader"][0], org)
    affiliate(world.panel_users["community_leader"][1], org)
    affiliate(world.nominees[0], org)
    world.nominations[0].endorsements.create(endorser=world.panel_users["toc_member"][0], role="toc_member")
    world.nominations[0].nominator = world.panel_users["core_contributor"][0]
    world.nominations[0].save()
    world.seat_panel()
    api.declare_conflict(nomination=world.nominations[0], user=world.panel_users["bizdev_wg_member"][0],
                         reason="Friend.")
    leader = Panelist.objects.get(user=world.panel_users["community_leader"][1])
    api.clear_suggested_conflict(nomination=world.nominations[0], panelist=leader, actor=world.staff,
                                 reason="Other continent.")
    listed = conflicts.panel_conflicts(world.nominations[0])
    expected = {p.pk: conflicts.reasons(p, world.nominations[0]) for p in Panelist.objects.all()}
    assert listed == {pk: kinds for pk, kinds in expected.items() if kinds}
    assert sorted(kind for kinds in listed.values() for kind in kinds) == [
        "colleague", "declared", "endorser", "nominator"]


def test_r10_partner_conflicts_agree_too(world):
    nomination = partner_nomination(world, size=30)
    representative = world.panel_users["partner_representative"][0]
    grant_role(world.program, representative, CommunityRole.PARTNER_REPRESENTATIVE,
               organization=nomination.nominee_organization)
    world.seat_panel()
    listed = conflicts.panel_conflicts(nomination)
    panelist = Panelist.objects.get(user=representative)
    assert listed == {panelist.pk: ["nominee_organization"]}
    assert conflicts.reasons(panelist, nomination) == ["nominee_organization"]
