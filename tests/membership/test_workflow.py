"""
The membership workflow's rules: R14 (renewal against the track's criteria, decided by the committee), R15
(grace), R16 (lifetime), R8 (alumni), the role and the hooks credentials rely on.
"""

import datetime

import pytest
from django.core import mail

from openedx_dcp import audit
from openedx_dcp.exceptions import (
    NotPermitted,
    RuleViolation,
    TransitionRefused,
    ValidationFailed,
)
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership import signals, workflow
from openedx_dcp.membership.models import MembershipState as S
from openedx_dcp.membership.models import MembershipTerm
from openedx_dcp.nominations import eligibility
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole
from tests.factories import OrganizationFactory, UserFactory, make_program, make_staff
from tests.membership.factories import add_signal, announced_cycle, make_membership

D = datetime.date
REVIEW_OPENS, TERM_END = D(2027, 5, 2), D(2027, 7, 1)


@pytest.fixture
def cycle(program):
    return announced_cycle(program)


@pytest.fixture
def staff(program):
    return make_staff(program)


@pytest.fixture
def in_review(cycle):
    membership = make_membership(cycle)
    membership_api.sweep_memberships(today=REVIEW_OPENS)
    membership.refresh_from_db()
    assert membership.state == S.RENEWAL_REVIEW
    return membership


def test_start_creates_first_term_and_role(cycle, committed):
    with committed():
        membership = make_membership(cycle)
    assert (membership.term_start, membership.term_end, membership.review_opens_on) == (
        D(2025, 7, 1), TERM_END, REVIEW_OPENS
    )
    term = membership.terms.get()
    assert (term.number, term.rules_id) == (1, cycle.rules_id)
    assert programs_api.has_role(program=cycle.program, user=membership.user,
                                 role=CommunityRole.DISTINGUISHED_CONTRIBUTOR,
                                 on=D(2026, 1, 1))
    welcome = f"Welcome, {membership.user.username}: you are a Distinguished Engineer"
    assert [m.subject for m in mail.outbox] == [welcome]


def test_r14_renewal_without_evidence_is_refused_and_writes_nothing(in_review, staff):
    before = audit.trail(in_review).count()
    add_signal(in_review, "talk", D(2026, 1, 1))  # not an Engineer renewal kind
    add_signal(in_review, "code_contribution", D(2025, 6, 1))  # before the term
    with pytest.raises(TransitionRefused, match="Renewal needs 1 more contribution .* \\(has 0 of 1\\)"):
        membership_api.renew_membership(membership=in_review, actor=staff, today=D(2027, 5, 10))
    in_review.refresh_from_db()
    assert in_review.state == S.RENEWAL_REVIEW
    assert in_review.next_term_start is None
    assert audit.trail(in_review).count() == before
    assert in_review.terms.get().outcome == ""


def test_r14_renewal_with_evidence_records_the_decision(in_review, staff):
    add_signal(in_review, "mentoring", D(2026, 1, 1))
    membership_api.renew_membership(membership=in_review, actor=staff, note="Mentored three newcomers.", today=D(2027,
                                                                                                                 5, 10))
    in_review.refresh_from_db()
    assert (in_review.state, in_review.next_term_start) == (S.RENEWED, TERM_END)
    term = in_review.terms.get()
    assert (term.outcome, term.evidence_count, term.required_signals, term.decided_by, term.decision_note) == (
        MembershipTerm.RENEWED, 1, 1, staff, "Mentored three newcomers."
    )
    last = list(audit.trail(in_review))[-1]
    assert (last.action, last.from_state, last.to_state, last.actor) == ("renew", "renewal_review", "renewed",
                                                                         staff)


@pytest.mark.parametrize("who", ["member", "learner", "other_staff", "system"])
def test_r14_only_the_committee_renews(in_review, who):
    add_signal(in_review, "mentoring", D(2026, 1, 1))
    actor = {
        "member": in_review.user, "learner": UserFactory(), "other_staff": make_staff(make_program(slug="other")),
        "system": None,
    }[who]
    with pytest.raises(NotPermitted):
        membership_api.renew_membership(membership=in_review, actor=actor, today=D(2027, 5, 10))
    in_review.refresh_from_db()
    assert in_review.state == S.RENEWAL_REVIEW


def test_r14_review_cannot_open_before_its_date(cycle, staff):
    membership = make_membership(cycle)
    with pytest.raises(TransitionRefused, match="opens on 2027-05-02"):
        membership_api.open_renewal_review(membership=membership, actor=staff, today=D(2027, 5, 1))
    membership_api.open_renewal_review(membership=membership, actor=staff, today=REVIEW_OPENS)
    assert membership.state == S.RENEWAL_REVIEW


@pytest.mark.parametrize("size,required", [(40, 1), (250, 1), (251, 2), (600, 3)])
def test_r14_partner_renewal_in_proportion_to_size(program, cycle, staff, size, required):
    organization = OrganizationFactory(site=program.site, size=size)
    membership = make_membership(cycle, organization=organization, track="partner")
    membership_api.sweep_memberships(today=REVIEW_OPENS)
    for month in range(1, required):
        add_signal(membership, "governance", D(2026, month, 1))
    if required > 1:
        with pytest.raises(TransitionRefused, match=f"has {required - 1} of {required}"):
            membership_api.renew_membership(membership=membership, actor=staff, today=D(2027, 5, 10))
    add_signal(membership, "financial_contribution", D(2027, 1, 1))
    membership_api.renew_membership(membership=membership, actor=staff, today=D(2027, 5, 10))
    membership.refresh_from_db()
    assert membership.state == S.RENEWED


def test_r14_criteria_come_from_the_terms_rules(program, cycle, staff, in_review):
    """A criteria change after the term began applies to the next term, not this one (R24)."""
    track = program.tracks.get(slug="engineer")
    programs_api.update_track(track=track, actor=staff, reason="Stricter renewal.", renewal_criteria={
        "narrative": "More.", "signal_kinds": ["code_contribution"], "min_signals": 5,
    })
    add_signal(in_review, "mentoring", D(2026, 1, 1))
    assert membership_api.renewal_status(membership=in_review, today=D(2027, 5, 10))["criteria"]["required"] == 1
    membership_api.renew_membership(membership=in_review, actor=staff, today=D(2027, 5, 10))
    membership_api.sweep_memberships(today=TERM_END)
    in_review.refresh_from_db()
    assert membership_api.renewal_status(membership=in_review, today=TERM_END)["criteria"] == {
        "narrative": "More.", "signal_kinds": ["code_contribution"], "required": 5,
    }


def test_r15_defer_needs_a_reason_and_grace_counts_from_term_end(in_review, staff):
    with pytest.raises(ValidationFailed):
        membership_api.defer_renewal(membership=in_review, actor=staff, note=" ", today=D(2027, 5, 10))
    membership_api.defer_renewal(membership=in_review, actor=staff, note="No contribution yet.", today=D(2027, 5, 10))
    in_review.refresh_from_db()
    assert (in_review.state, in_review.grace_until) == (S.GRACE, D(2028, 1, 1))
    assert membership_api.sweep_memberships(today=D(2027, 12, 31)) == {}
    assert membership_api.sweep_memberships(today=D(2028, 1, 1)) == {"lapse": 1}


def test_r15_grace_from_31_august_ends_on_the_last_day_of_february(program):
    cycle = announced_cycle(program, announcement=D(2025, 8, 31))
    membership = make_membership(cycle)
    membership_api.sweep_memberships(today=D(2027, 8, 31))
    membership.refresh_from_db()
    assert (membership.state, membership.grace_until) == (S.GRACE, D(2028, 2, 29))


def test_r15_lapse_ends_the_role_and_r8_alumni_wait_a_year_of_new_contributions(program, cycle):
    membership = make_membership(cycle)
    membership_api.sweep_memberships(today=D(2028, 1, 1))
    membership.refresh_from_db()
    assert membership.state == S.LAPSED
    assert not programs_api.has_role(program=program, user=membership.user,
                                     role=CommunityRole.DISTINGUISHED_CONTRIBUTOR,
                                     on=D(2028, 1, 1))
    assert membership_api.eligible_again_dates(memberships=[membership]) == {membership.pk: None}
    add_signal(membership, "talk", D(2028, 2, 1))  # not an Engineer kind: does not start the year
    add_signal(membership, "code_contribution", D(2028, 3, 1))
    assert membership_api.eligible_again_dates(memberships=[membership]) == {membership.pk: D(2029, 3, 1)}
    track = program.tracks.get(slug="engineer")
    assert eligibility.renomination_problems(cycle, track, membership.user, today=D(2029, 2, 28))
    assert eligibility.renomination_problems(cycle, track, membership.user, today=D(2029, 3, 1)) == []


def test_r3_lapse_keeps_the_role_while_another_membership_lives(program, cycle):
    user = UserFactory()
    engineer = make_membership(cycle, user=user)
    make_membership(cycle, user=user, track="advocate", start=D(2026, 7, 1))
    membership_api.sweep_memberships(today=D(2028, 1, 1))
    engineer.refresh_from_db()
    assert engineer.state == S.LAPSED
    assert programs_api.has_role(program=program, user=user, role=CommunityRole.DISTINGUISHED_CONTRIBUTOR, on=D(2028, 1,
                                                                                                                1))


def test_r16_lifetime_needs_two_terms_renewed_on_their_merits(program, cycle, staff):
    membership = make_membership(cycle)
    add_signal(membership, "code_contribution", D(2026, 1, 1))
    add_signal(membership, "code_contribution", D(2028, 1, 1))
    membership_api.sweep_memberships(today=REVIEW_OPENS)
    membership_api.renew_membership(membership=membership, actor=staff, today=REVIEW_OPENS)
    assert membership_api.sweep_memberships(today=TERM_END) == {"start_next_term": 1}
    membership_api.sweep_memberships(today=D(2029, 5, 2))
    membership_api.renew_membership(membership=membership, actor=staff, today=D(2029, 5, 2))
    assert membership_api.sweep_memberships(today=D(2029, 6, 30)) == {}
    assert membership_api.sweep_memberships(today=D(2029, 7, 1)) == {"grant_lifetime": 1}
    membership.refresh_from_db()
    assert (membership.state, membership.lifetime_since) == (S.LIFETIME, D(2029, 7, 1))
    assert membership_api.sweep_memberships(today=D(2040, 1, 1)) == {}


def test_r16_lifetime_milestone_is_per_program(program, cycle, staff):
    programs_api.change_thresholds(program=program, actor=staff, reason="Lifetime after one term.", lifetime_years=2)
    cycle = announced_cycle(program, slug="2025b")
    membership = make_membership(cycle)
    add_signal(membership, "code_contribution", D(2026, 1, 1))
    membership_api.sweep_memberships(today=REVIEW_OPENS)
    membership_api.renew_membership(membership=membership, actor=staff, today=REVIEW_OPENS)
    assert membership_api.sweep_memberships(today=TERM_END) == {"grant_lifetime": 1}


def test_hooks_are_sent_once_in_the_transaction_and_emails_after_commit(program, cycle,
                                                                        django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, membership, **kwargs):
        received.append((membership.pk, membership.state))

    membership = make_membership(cycle)
    sent_before = len(mail.outbox)
    expected = [(membership.pk, S.RENEWAL_REVIEW), (membership.pk, S.GRACE), (membership.pk, S.LAPSED)]
    for signal in (signals.membership_review_opened, signals.membership_grace_started, signals.membership_lapsed):
        signal.connect(receiver, weak=False)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            membership_api.sweep_memberships(today=D(2028, 1, 1))
            # The signals are part of each move's transaction (their receivers record what must follow)...
            assert received == expected
            # ...and nothing leaves the database before the commit.
            assert len(mail.outbox) == sent_before
        for callback in callbacks:
            callback()
        membership_api.sweep_memberships(today=D(2028, 1, 1))
    finally:
        for signal in (signals.membership_review_opened, signals.membership_grace_started,
                       signals.membership_lapsed):
            signal.disconnect(receiver)
    assert received == expected
    assert [m.subject for m in mail.outbox][sent_before:] == [
        "Your Distinguished Engineer renewal review is open",
        "Your Distinguished Engineer membership is in its grace period",
        "Your Distinguished Engineer membership has lapsed",
    ]


def test_organization_emails_go_to_its_people(program, cycle, committed):
    from tests.factories import affiliate

    organization = OrganizationFactory(site=program.site)
    affiliate(UserFactory(username="rep", email="rep@example.com"), organization)
    with committed():
        make_membership(cycle, organization=organization, track="partner")
    assert mail.outbox[-1].to == ["rep@example.com"]


def test_revoke_ends_role_and_is_idempotent(cycle, staff, committed):
    membership = make_membership(cycle)
    received = []
    signals.membership_revoked.connect(lambda sender, membership, **kw: received.append(membership.pk), weak=False)
    with committed():
        membership_api.revoke_membership(membership=membership, actor=staff, note="Decision withdrawn.")
        membership_api.revoke_membership(membership=membership, actor=staff, note="Again.")
    assert membership.state == S.REVOKED
    assert [a.action for a in audit.trail(membership)] == ["start", "revoke"]
    assert membership.terms.get().outcome == MembershipTerm.REVOKED
    assert received.count(membership.pk) == 1
    assert mail.outbox[-1].subject == "Your Distinguished Engineer membership has ended"
    assert not programs_api.has_role(program=membership.program, user=membership.user,
                                     role=CommunityRole.DISTINGUISHED_CONTRIBUTOR,
                                     on=membership.lapsed_on + datetime.timedelta(days=1))


def test_illegal_transition_is_refused(cycle, staff):
    membership = make_membership(cycle)
    with pytest.raises(TransitionRefused, match="active"):
        workflow.perform(membership, "lapse", staff)
    with pytest.raises(TransitionRefused, match="Unknown action"):
        workflow.perform(membership, "promote", staff)


def test_a_nominee_starts_one_live_membership_per_track(program, cycle):
    membership = make_membership(cycle)
    with pytest.raises(RuleViolation, match="already holds a membership"):
        make_membership(announced_cycle(program, D(2026, 7, 1), slug="2026"), user=membership.user)
    assert membership.user.dcp_memberships.count() == 1


def test_retirement_blanks_notes_about_the_member(in_review, staff, program):
    from openedx_dcp.membership.models import EngagementParticipation

    add_signal(in_review, "mentoring", D(2026, 1, 1))
    membership_api.renew_membership(membership=in_review, actor=staff, note="Mentored Ada Lovelace.",
                                    today=REVIEW_OPENS)
    membership_api.record_participation(membership=in_review, actor=staff, kind="mentoring", date=D(2026, 2, 1),
                                        note="Paired with Ada.")
    other = make_membership(announced_cycle(program, slug="2025b"))
    membership_api.record_participation(membership=other, actor=staff, kind="speaking", date=D(2026, 2, 1),
                                        note="Keynote.")
    assert membership_api.retire_user(user=in_review.user) == 2
    assert in_review.terms.get().decision_note == ""
    assert list(EngagementParticipation.objects.order_by("id").values_list("note", flat=True)) == ["", "Keynote."]
