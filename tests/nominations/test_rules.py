"""
R4–R8 in the domain functions, and the database constraints behind the uniqueness rules.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.exceptions import RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import eligibility, workflow
from openedx_dcp.nominations.models import Endorsement, Nomination, NominationState
from openedx_dcp.programs.models import CommunityRole, Cycle
from tests.factories import (
    OrganizationFactory,
    UserFactory,
    affiliate,
    close_nominations,
    endorse,
    grant_role,
    make_cycle,
    nominate,
)


def _signal(program, user, kind, when, source_id, organization=None):
    return ContributionSignal.objects.create(site=program.site, user=user, organization=organization, kind=kind,
                                             source="test", source_id=source_id, occurred_at=when)


def test_r4_no_nomination_outside_the_open_window(program, track, people):
    closed = make_cycle(program, slug="closed", open_for_nominations=False)
    with pytest.raises(RuleViolation, match="closed"):
        nominate(closed, track, people["nominator"], people["nominee"])
    assert Nomination.objects.count() == 0


def test_r4_submission_refused_after_the_window_closes(nomination, people, cycle):
    nominations_api.give_consent(nomination=nomination, actor=people["nominee"])
    for user in people["endorsers"][:2] + [people["steward"]]:
        endorse(nomination, user)
    Cycle.objects.filter(pk=cycle.pk).update(nominations_close=timezone.now() - datetime.timedelta(seconds=1),
                                             nominations_open=timezone.now() - datetime.timedelta(days=3))
    with pytest.raises(TransitionRefused, match="closed"):
        nominations_api.submit(nomination=nomination, actor=people["nominator"])
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT


def test_r5_person_and_organization_tracks_take_their_nominee_kind(program, cycle, people):
    partner = program.tracks.get(slug="partner")
    with pytest.raises(ValidationFailed, match="organizations"):
        nominate(cycle, partner, people["nominator"], people["nominee"])
    org = OrganizationFactory(site=program.site)
    with pytest.raises(ValidationFailed, match="people"):
        nominations_api.create_nomination(cycle=cycle, track=program.tracks.get(slug="engineer"),
                                          nominator=people["nominator"], kind="peer",
                                          nominee_organization=org, summary="x", impact_statement="y")
    nomination = nominations_api.create_nomination(cycle=cycle, track=partner, nominator=people["nominator"],
                                                   kind="peer",
                                                   nominee_organization=org, summary="x", impact_statement="y")
    assert nomination.nominee_organization.size == org.size  # R13: the size is the organization's record


def test_r5_organization_consent_comes_from_its_members(program, cycle, people):
    org = OrganizationFactory(site=program.site)
    nomination = nominations_api.create_nomination(cycle=cycle, track=program.tracks.get(slug="partner"),
                                                   nominator=people["nominator"],
                                                   kind="peer", nominee_organization=org, summary="x",
                                                   impact_statement="y")
    outsider = UserFactory()
    with pytest.raises(Exception, match="may not"):
        nominations_api.give_consent(nomination=nomination, actor=outsider)
    member = UserFactory()
    affiliate(member, org)
    nominations_api.give_consent(nomination=nomination, actor=member)
    nomination.refresh_from_db()
    assert nomination.consent_given_by == member


def test_r5_self_nomination_needs_no_consent(cycle, track, people):
    nomination = nominations_api.create_nomination(cycle=cycle, track=track, nominator=people["nominee"], kind="self",
                                                   summary="x",
                                                   impact_statement="y")
    assert nomination.nominee_user == people["nominee"]
    with pytest.raises(TransitionRefused, match="needs no consent"):
        nominations_api.give_consent(nomination=nomination, actor=people["nominee"])


def test_r6_nobody_endorses_their_own_nomination(nomination, people, program):
    grant_role(program, people["nominee"], CommunityRole.CORE_CONTRIBUTOR)
    grant_role(program, people["nominator"], CommunityRole.CORE_CONTRIBUTOR)
    for user in (people["nominee"], people["nominator"]):
        with pytest.raises(RuleViolation, match="own nomination"):
            endorse(nomination, user)
    assert nomination.endorsements.count() == 0


def test_r6_members_of_a_nominee_organization_cannot_endorse_it(program, cycle, people):
    org = OrganizationFactory(site=program.site)
    nomination = nominations_api.create_nomination(cycle=cycle, track=program.tracks.get(slug="partner"),
                                                   nominator=people["nominator"],
                                                   kind="peer", nominee_organization=org, summary="x",
                                                   impact_statement="y")
    insider = people["endorsers"][0]
    affiliate(insider, org)
    with pytest.raises(RuleViolation, match="own nomination"):
        endorse(nomination, insider)


def test_r6_roles_count_only_while_held(nomination, people, program):
    expired = UserFactory()
    CommunityRole.objects.create(program=program, user=expired, role=CommunityRole.CORE_CONTRIBUTOR,
                                 start=datetime.date(2020, 1, 1), end=datetime.date(2021, 1, 1))
    with pytest.raises(RuleViolation, match="recognized community members"):
        endorse(nomination, expired)


def test_r6_a_role_in_another_program_does_not_count(nomination, people):
    from tests.factories import make_program

    elsewhere = make_program()
    stranger = UserFactory()
    grant_role(elsewhere, stranger, CommunityRole.STEWARD_REPRESENTATIVE)
    with pytest.raises(RuleViolation):
        endorse(nomination, stranger)


def test_r6_steward_endorsement_is_recorded_as_such(nomination, people):
    endorsement = endorse(nomination, people["steward"])
    assert endorsement.role == CommunityRole.STEWARD_REPRESENTATIVE
    assert eligibility.endorsement_counts(nomination) == (1, 1)


def test_r6_one_endorsement_per_endorser_is_a_database_constraint(nomination, people):
    endorse(nomination, people["steward"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(nomination=nomination, endorser=people["steward"], role="x")


def test_one_active_nomination_per_nominee_and_track_is_a_database_constraint(nomination, cycle, track, people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Nomination.objects.create(cycle=cycle, track=track, kind="peer", nominator=people["learner"],
                                  nominee_user=people["nominee"], summary="x", impact_statement="y")
    nominations_api.withdraw(nomination=nomination, actor=people["nominator"])
    again = nominate(cycle, track, people["learner"], people["nominee"])
    assert again.state == NominationState.DRAFT


def _screen(nomination, people, program, cycle):
    nominations_api.give_consent(nomination=nomination, actor=people["nominee"])
    for user in people["endorsers"][:2] + [people["steward"]]:
        endorse(nomination, user)
    nominations_api.submit(nomination=nomination, actor=people["nominator"])
    close_nominations(cycle)
    workflow.advance_cycle(cycle, "start_screening", people["staff"])
    workflow.perform(nomination, "start_screening", people["staff"])


def test_r7_two_years_of_recorded_contribution_pass_screening(cycle, track, people, program):
    nomination = nominate(cycle, track, people["nominator"], people["nominee"], first_contribution_date=None,
                          first_contribution_evidence="")
    _signal(program, people["nominee"], "code_contribution", timezone.now() - datetime.timedelta(days=800), "a")
    _screen(nomination, people, program, cycle)
    workflow.perform(nomination, "pass_screening", people["staff"])
    assert nomination.state == NominationState.EVALUATION


def test_r7_too_recent_or_no_evidence_fails_screening(cycle, track, people, program):
    nomination = nominate(cycle, track, people["nominator"], people["nominee"], first_contribution_date=None,
                          first_contribution_evidence="")
    _screen(nomination, people, program, cycle)
    with pytest.raises(TransitionRefused, match="No recorded contribution"):
        workflow.perform(nomination, "pass_screening", people["staff"])
    _signal(program, people["nominee"], "code_contribution", timezone.now() - datetime.timedelta(days=200), "b")
    # A signal of a kind that does not count on the track is not evidence.
    _signal(program, people["nominee"], "talk", timezone.now() - datetime.timedelta(days=1000), "c")
    with pytest.raises(TransitionRefused, match="at least 2 years"):
        workflow.perform(nomination, "pass_screening", people["staff"])
    workflow.perform(nomination, "fail_screening", people["staff"], note="Less than two years of contribution.")
    assert (nomination.state, nomination.closed_reason) == (NominationState.SCREENED_OUT,
                                                            "Less than two years of contribution.")


def test_r7_a_declared_date_needs_evidence(cycle, track, people, program):
    nomination = nominate(cycle, track, people["nominator"], people["nominee"],
                          first_contribution_date=datetime.date(2015, 1, 1), first_contribution_evidence="")
    assert eligibility.eligibility_problems(nomination)
    nomination.first_contribution_evidence = "https://example.com/evidence"
    assert eligibility.eligibility_problems(nomination) == []


def test_r7_failing_screening_needs_a_reason(nomination, people, program, cycle):
    _screen(nomination, people, program, cycle)
    with pytest.raises(ValidationFailed, match="reason"):
        workflow.perform(nomination, "fail_screening", people["staff"], note=" ")
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SCREENING


def test_r8_lapsed_member_waits_a_year_of_new_contributions(cycle, track, people, program):
    today = timezone.now().date()
    Membership.objects.create(program=program, track=track, user=people["nominee"], state=MembershipState.LAPSED,
                              term_start=today - datetime.timedelta(days=1000),
                              term_end=today - datetime.timedelta(days=270),
                              lapsed_on=today - datetime.timedelta(days=90))
    with pytest.raises(RuleViolation, match="lapsed"):
        nominate(cycle, track, people["nominator"], people["nominee"])
    # New contributions since the lapse, but for less than a year: still refused.
    _signal(program, people["nominee"], "code_contribution", timezone.now() - datetime.timedelta(days=60), "n1")
    with pytest.raises(RuleViolation, match="from"):
        nominate(cycle, track, people["nominator"], people["nominee"])
    assert Nomination.objects.count() == 0


def test_r8_lapsed_member_with_a_year_of_new_contributions_may_be_nominated(cycle, track, people, program):
    today = timezone.now().date()
    Membership.objects.create(program=program, track=track, user=people["nominee"], state=MembershipState.LAPSED,
                              term_start=today - datetime.timedelta(days=1500),
                              term_end=today - datetime.timedelta(days=800),
                              lapsed_on=today - datetime.timedelta(days=600))
    _signal(program, people["nominee"], "code_contribution", timezone.now() - datetime.timedelta(days=400), "n2")
    assert nominate(cycle, track, people["nominator"], people["nominee"]).pk


def test_r8_other_tracks_are_open_to_a_member(cycle, program, people):
    engineer = program.tracks.get(slug="engineer")
    Membership.objects.create(program=program, track=engineer, user=people["nominee"],
                              term_start=datetime.date(2025, 7, 1), term_end=datetime.date(2027, 7, 1))
    assert nominate(cycle, program.tracks.get(slug="advocate"), people["nominator"], people["nominee"]).pk


def test_withdrawn_nominations_cannot_come_back(nomination, people):
    nominations_api.withdraw(nomination=nomination, actor=people["nominee"], note="Not this year.")
    with pytest.raises(TransitionRefused, match="withdrawn"):
        nominations_api.submit(nomination=nomination, actor=people["nominator"])
