"""
Engagement, retention and survival of a cohort (R18, KR 1.3) and CHAOSS new/inactive contributors, checked
against expectations computed by hand.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.programs import api as programs_api
from tests.contributions.factories import SignalFactory, at
from tests.factories import OrganizationFactory, SiteFactory, UserFactory, make_program

RECOGNIZED = datetime.date(2025, 7, 1)


def make_cohort_cycle(program, slug="2025"):
    """The seeds' first cycle: nominations 15 Apr–31 May 2025, review 1–15 Jun, announcement 1 Jul 2025."""
    return programs_api.create_cycle(
        program=program, slug=slug, name=f"Cycle {slug}", nominations_open=at(2025, 4, 15),
        nominations_close=at(2025, 5, 31), review_start=at(2025, 6, 1), review_end=at(2025, 6, 15),
        announcement_at=at(2025, 7, 1, 0),
    )


def member(cycle, track_slug, user=None, organization=None, term_start=RECOGNIZED, term_number=1, state="active"):
    return Membership.objects.create(
        program=cycle.program, track=cycle.program.tracks.get(slug=track_slug), cycle=cycle, user=user,
        organization=organization, term_start=term_start, term_end=term_start.replace(year=term_start.year + 2),
        term_number=term_number, state=state,
    )


@pytest.fixture
def cohort(db):
    """
    Seven counted members recognized on 1 Jul 2025 (12-month window: 2 Apr – 30 Jun 2026, anniversary 1 Jul 2026):

    - a: code contribution 1 May 2026 (engaged); also active at 3 and 6 months
    - b: forum response at 00:00 on 2 Apr 2026, the first instant of the window (engaged); active at 9 months
    - c: code contribution at 00:00 on 1 Jul 2026, the anniversary itself (not engaged); active at 9 months
      (23:00 on 31 Mar 2026, the last hour of that window)
    - d: a talk, not an Engineer kind (not engaged)
    - e: only a signal on another tenant (not engaged)
    - org (Partner track): financial contribution 1 Jun 2026 (engaged); active at 3 months
    - g: second term whose term_start moved to 2027; recognized at the cycle's announcement (engaged)
    - f: revoked, with signals: not part of the cohort
    """
    program = make_program(SiteFactory(domain="cohort.example.com"))
    cycle = make_cohort_cycle(program)
    site = program.site
    people = {name: UserFactory(username=f"cohort-{name}") for name in "abcdefg"}
    organization = OrganizationFactory(site=site, slug="acme")
    for name in "abcde":
        member(cycle, "engineer", user=people[name])
    member(cycle, "partner", organization=organization)
    member(cycle, "engineer", user=people["g"], term_start=datetime.date(2027, 7, 1), term_number=2)
    member(cycle, "engineer", user=people["f"], state=MembershipState.REVOKED)

    def signal(name, when, kind="code_contribution", **extra):
        SignalFactory(site=extra.pop("site", site), user=people[name], kind=kind, occurred_at=when, **extra)

    signal("a", at(2026, 5, 1))
    signal("a", at(2025, 8, 15))
    signal("a", at(2025, 11, 1))
    signal("b", datetime.datetime(2026, 4, 2, 0, 0, tzinfo=datetime.timezone.utc), kind="forum_response")
    signal("b", at(2026, 2, 1))
    signal("c", datetime.datetime(2026, 7, 1, 0, 0, tzinfo=datetime.timezone.utc))
    signal("c", datetime.datetime(2026, 3, 31, 23, 0, tzinfo=datetime.timezone.utc))
    signal("d", at(2026, 5, 1), kind="talk")
    signal("e", at(2026, 5, 1), site=SiteFactory(domain="elsewhere.example.com"))
    signal("f", at(2026, 5, 1))
    signal("g", at(2026, 6, 15), kind="code_review")
    SignalFactory(site=site, user=None, organization=organization, kind="financial_contribution",
                  occurred_at=at(2026, 6, 1))
    SignalFactory(site=site, user=None, organization=organization, kind="infrastructure",
                  occurred_at=at(2025, 9, 29))
    return cycle, people, organization


def test_r18_engaged_at_12_months_matches_the_hand_computed_cohort(cohort):
    cycle, people, organization = cohort
    engaged = {
        (m.user.username if m.user_id else m.organization.slug): m.engaged
        for m in membership_api.engaged_at(cycle=cycle).select_related("user", "organization")
    }
    assert engaged == {
        "cohort-a": True, "cohort-b": True, "cohort-c": False, "cohort-d": False, "cohort-e": False,
        "acme": True, "cohort-g": True,
    }


def test_r18_retention_per_cohort_against_the_target(cohort):
    cycle, _, _ = cohort
    retention = membership_api.cohort_retention(cycle=cycle, as_of=datetime.date(2026, 7, 2))
    assert retention["members"] == 7
    assert (retention["due"], retention["engaged"]) == (7, 4)
    assert retention["retention"] == pytest.approx(4 / 7)
    assert (retention["target"], retention["met"]) == (0.7, False)


def test_r18_nobody_is_counted_before_their_anniversary(cohort):
    cycle, _, _ = cohort
    retention = membership_api.cohort_retention(cycle=cycle, as_of=datetime.date(2026, 6, 30))
    assert (retention["due"], retention["engaged"], retention["retention"], retention["met"]) == (0, 0, None, None)


def test_r18_survival_at_3_6_9_12_months(cohort):
    cycle, _, _ = cohort
    with CaptureQueriesContext(connection) as queries:
        curve = membership_api.survival(cycle=cycle, as_of=datetime.date(2027, 1, 1))
    assert [(row["months"], row["due"], row["engaged"]) for row in curve] == [
        (3, 7, 2),   # a (15 Aug 2025), acme (29 Sep 2025); window 2 Jul – 29 Sep 2025
        (6, 7, 1),   # a (1 Nov 2025); window 1 Oct – 29 Dec 2025
        (9, 7, 2),   # b (1 Feb 2026), c (31 Mar 2026 23:00); window 1 Jan – 31 Mar 2026
        (12, 7, 4),  # a, b, acme, g
    ]
    assert len(queries) == 2  # the tracks, then one aggregate, whatever the cohort size


def test_r18_window_and_minimum_are_per_program_and_kept_by_the_cycle(cohort):
    cycle, _, _ = cohort
    programs_api.change_thresholds(program=cycle.program, actor=None, reason="Stricter engagement",
                                   engagement_min_signals=2)
    # The running cycle keeps the rules it started with.
    assert membership_api.cohort_retention(cycle=cycle, as_of=datetime.date(2026, 7, 2))["engaged"] == 4
    stricter = make_cohort_cycle(cycle.program, slug="2025b")
    Membership.objects.filter(cycle=cycle).update(cycle=stricter)
    assert membership_api.cohort_retention(cycle=stricter, as_of=datetime.date(2026, 7, 2))["engaged"] == 0


def test_r18_chaoss_new_and_inactive_contributors_per_month(db):
    site, other = SiteFactory(domain="chaoss.example.com"), SiteFactory(domain="other.example.com")
    u = {n: UserFactory(username=f"chaoss-{n}") for n in range(1, 6)}
    for n, when in [
        (1, at(2025, 12, 5)), (1, at(2026, 1, 5)),
        (2, at(2026, 2, 5)), (2, at(2026, 3, 5)),
        (3, at(2026, 1, 20)),
        (4, at(2025, 12, 20)),
        (5, at(2026, 1, 25)), (5, at(2026, 3, 25)),
    ]:
        SignalFactory(site=site, user=u[n], occurred_at=when)
    SignalFactory(site=other, user=u[4], occurred_at=at(2026, 2, 1))  # another tenant: never counted here
    periods = contributions_api.monthly_periods(count=3, period_months=1, until=at(2026, 4, 15))
    rows = contributions_api.new_and_inactive_contributors(site=site, periods=periods)
    assert [(r["start"].date().isoformat(), r["active"], r["new"], r["inactive"]) for r in rows] == [
        ("2026-01-01", 3, 2, 1),  # active 1,3,5; new 3,5; inactive 4
        ("2026-02-01", 1, 1, 3),  # active 2; new 2; inactive 1,3,5
        ("2026-03-01", 2, 0, 0),  # active 2,5
    ]
