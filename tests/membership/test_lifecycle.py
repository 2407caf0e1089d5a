"""
The membership lifecycle across five years (R14–R16): each dated move happens on its day, once.
"""

import datetime

import pytest
from django.core import mail
from freezegun import freeze_time

from openedx_dcp.audit.models import AuditRecord
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import MembershipState as S
from openedx_dcp.membership.models import MembershipTerm
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole
from tests.factories import make_staff
from tests.membership.factories import (
    ANNOUNCED,
    add_signal,
    announced_cycle,
    make_membership,
)

D = datetime.date


@pytest.fixture
def cycle(program):
    return announced_cycle(program)


def _days(first, last):
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def _moves(membership):
    """``(day, action)`` of each audited move of ``membership``, oldest first."""
    return [
        (record.at.date(), record.action)
        for record in AuditRecord.objects.filter(object_id=membership.pk, content_type__model="membership")
        .exclude(action__in=["start"]).order_by("at", "id")
    ]


def test_r14_r15_r16_five_years_each_move_on_its_day(program, cycle, committed):
    """
    Steady renews twice on time and becomes lifetime (R16); silent lapses after grace (R15); late is renewed
    during grace, which starts a new term at once but breaks the lifetime run.
    """
    staff = make_staff(program)
    steady, silent, late = (make_membership(cycle) for _ in range(3))
    add_signal(steady, "code_contribution", D(2026, 3, 1))
    add_signal(steady, "mentoring", D(2028, 9, 1))
    decisions = {
        D(2027, 5, 12): [steady], D(2029, 5, 12): [steady], D(2027, 10, 1): [late], D(2029, 8, 10): [late],
    }
    add_signal(late, "code_review", D(2027, 9, 15))
    add_signal(late, "code_review", D(2028, 2, 1))

    with freeze_time(ANNOUNCED) as clock:
        for day in _days(ANNOUNCED, D(2030, 7, 1)):
            clock.move_to(datetime.datetime.combine(day, datetime.time(2)))
            with committed():
                membership_api.sweep_memberships()
                for member in decisions.get(day, []):
                    membership_api.renew_membership(membership=member, actor=staff, note="Criteria met.")

    assert _moves(steady) == [
        (D(2027, 5, 2), "open_review"), (D(2027, 5, 12), "renew"), (D(2027, 7, 1), "start_next_term"),
        (D(2029, 5, 2), "open_review"), (D(2029, 5, 12), "renew"), (D(2029, 7, 1), "grant_lifetime"),
    ]
    assert _moves(silent) == [
        (D(2027, 5, 2), "open_review"), (D(2027, 7, 1), "start_grace"), (D(2028, 1, 1), "lapse"),
    ]
    assert _moves(late) == [
        (D(2027, 5, 2), "open_review"), (D(2027, 7, 1), "start_grace"), (D(2027, 10, 1), "renew"),
        (D(2027, 10, 1), "start_next_term"), (D(2029, 8, 2), "open_review"), (D(2029, 8, 10), "renew"),
        (D(2029, 10, 1), "start_next_term"),
    ]
    for member in (steady, silent, late):
        member.refresh_from_db()
    assert (steady.state, steady.lifetime_since, steady.term_number) == (S.LIFETIME, D(2029, 7, 1), 2)
    assert (silent.state, silent.lapsed_on, silent.member_key) == (S.LAPSED, D(2028, 1, 1), None)
    assert (late.state, late.term_number, late.term_start, late.term_end) == (
        S.ACTIVE, 3, D(2029, 10, 1), D(2031, 10, 1)
    )
    assert list(late.terms.values_list("number", "outcome", "renewed_in_grace")) == [
        (1, MembershipTerm.RENEWED, True), (2, MembershipTerm.RENEWED, False), (3, "", False),
    ]
    assert [m.subject for m in mail.outbox if m.to == [silent.user.email]] == [
        "Your Distinguished Engineer renewal review is open",
        "Your Distinguished Engineer membership is in its grace period",
        "Your Distinguished Engineer membership has lapsed",
    ]
    role = CommunityRole.objects.get(user=silent.user, role=CommunityRole.DISTINGUISHED_CONTRIBUTOR)
    assert role.end == D(2027, 12, 31)
    assert CommunityRole.objects.get(user=steady.user, role=CommunityRole.DISTINGUISHED_CONTRIBUTOR).end is None


def _table_state():
    from openedx_dcp.membership.models import Membership

    return (
        list(Membership.objects.order_by("pk").values()),
        list(MembershipTerm.objects.order_by("pk").values()),
        list(CommunityRole.objects.order_by("pk").values()),
        AuditRecord.objects.count(),
        len(mail.outbox),
    )


@pytest.mark.parametrize("day", [D(2027, 5, 2), D(2027, 7, 1), D(2028, 1, 1), D(2029, 7, 1), D(2031, 1, 1)])
def test_second_sweep_on_the_same_day_changes_nothing(program, cycle, day, committed):
    staff = make_staff(program)
    renewed = make_membership(cycle)
    make_membership(cycle)
    add_signal(renewed, "code_contribution", D(2026, 1, 1))
    membership_api.sweep_memberships(today=D(2027, 5, 2))
    membership_api.renew_membership(membership=renewed, actor=staff, today=D(2027, 5, 3))
    with committed():
        first = membership_api.sweep_memberships(today=day)
    before = _table_state()
    with committed():
        assert membership_api.sweep_memberships(today=day) == {}
    assert _table_state() == before
    assert first or day == D(2027, 5, 2)


def test_r15_late_sweep_catches_up_with_the_dates_that_were_due(program, cycle):
    """A sweep that did not run for years makes every due move, with the dates the rules give."""
    membership = make_membership(cycle)
    assert membership_api.sweep_memberships(today=D(2030, 1, 1)) == {"open_review": 1, "start_grace": 1, "lapse": 1}
    membership.refresh_from_db()
    assert (membership.state, membership.grace_until, membership.lapsed_on) == (S.LAPSED, D(2028, 1, 1),
                                                                                 D(2028, 1, 1))


def test_nothing_moves_the_day_before(program, cycle):
    membership = make_membership(cycle)
    assert membership_api.sweep_memberships(today=D(2027, 5, 1)) == {}
    assert membership_api.sweep_memberships(today=D(2027, 5, 2)) == {"open_review": 1}
    assert membership_api.sweep_memberships(today=D(2027, 6, 30)) == {}
    assert membership_api.sweep_memberships(today=D(2027, 7, 1)) == {"start_grace": 1}
    assert membership_api.sweep_memberships(today=D(2027, 12, 31)) == {}
    assert membership_api.sweep_memberships(today=D(2028, 1, 1)) == {"lapse": 1}
    membership.refresh_from_db()
    assert membership.state == S.LAPSED


def test_r24_a_rules_change_applies_from_the_next_term(program, cycle):
    """The grace period of a running term follows the rules it began with; the next term gets the new ones."""
    staff = make_staff(program)
    membership = make_membership(cycle)
    programs_api.change_thresholds(program=program, actor=staff, reason="Shorter grace.", grace_months=3, term_years=3)
    membership_api.sweep_memberships(today=D(2027, 7, 1))
    membership.refresh_from_db()
    assert membership.grace_until == D(2028, 1, 1)
    add_signal(membership, "code_contribution", D(2027, 8, 1))
    membership_api.renew_membership(membership=membership, actor=staff, today=D(2027, 8, 2))
    membership.refresh_from_db()
    assert (membership.term_start, membership.term_end) == (D(2027, 8, 2), D(2030, 8, 2))
