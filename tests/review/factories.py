"""
Builders for review tests: a panel that meets the seeds' quotas, submitted nominations, and a cycle walked
to a given stage through the review API functions.
"""

import datetime

from django.utils import timezone
from freezegun import freeze_time

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api
from tests.factories import OrganizationFactory, UserFactory, affiliate, endorse, grant_role, nominate

# The seeds' minimum panel (R9): one seat short of nothing.
MIN_PANEL = {
    CommunityRole.TOC_MEMBER: 1,
    CommunityRole.STEWARD_REPRESENTATIVE: 2,
    CommunityRole.CORE_CONTRIBUTOR: 2,
    CommunityRole.PARTNER_REPRESENTATIVE: 2,
    CommunityRole.COMMUNITY_LEADER: 2,
    CommunityRole.BIZDEV_WG_MEMBER: 1,
}


def panel_users(program, prefix="panel", sizes=None):
    """Users holding each seat's role, ``{seat: [users]}`` (the seeds' minimum by default)."""
    users = {}
    for seat, count in (sizes or MIN_PANEL).items():
        users[seat] = []
        for index in range(count):
            user = UserFactory(username=f"{prefix}_{seat}_{index}")
            grant_role(program, user, seat)
            users[seat].append(user)
    return users


def seat_panel(cycle, staff, users):
    """Seat every user of ``users`` (``{seat: [users]}``) on the panel of ``cycle``; returns the panelists."""
    return [api.add_panelist(cycle=cycle, user=user, seat=seat, actor=staff) for seat,
            group in users.items() for user in group]


def endorsers(program, prefix="endorser"):
    """Two core contributors and a steward representative who may endorse (R6), not on any panel."""
    people = [UserFactory(username=f"{prefix}_core_{i}") for i in range(2)]
    for person in people:
        grant_role(program, person, CommunityRole.CORE_CONTRIBUTOR)
    steward = UserFactory(username=f"{prefix}_steward")
    grant_role(program, steward, CommunityRole.STEWARD_REPRESENTATIVE)
    return people + [steward]


def submitted_nomination(cycle, track, nominator, nominee, endorsed_by, **fields):
    """A peer nomination with consent, endorsed by ``endorsed_by`` and submitted (R5, R6)."""
    nomination = nominate(cycle, track, nominator, nominee, **fields)
    nominations_api.give_consent(nomination=nomination, actor=nominee)
    for endorser in endorsed_by:
        endorse(nomination, endorser)
    nominations_api.submit(nomination=nomination, actor=nominator)
    return nomination


def after_close(cycle, days=1):
    """A freezegun context just after the cycle's nominations closed."""
    return freeze_time(cycle.nominations_close + datetime.timedelta(days=days))


def at_announcement(cycle):
    """A freezegun context at the cycle's announcement date."""
    return freeze_time(cycle.announcement_at + datetime.timedelta(minutes=1))


def recent_start():
    """A first-contribution date too recent for R7."""
    return timezone.now().date() - datetime.timedelta(days=100)


def partner_nomination(world, size, kinds=("code_contribution",)):
    """A submitted self-nomination of a partner of ``size`` employees with one signal of each of ``kinds``."""
    org = OrganizationFactory(site=world.site, size=size)
    for index, kind in enumerate(kinds):
        ContributionSignal.objects.create(
            site=world.site, organization=org, kind=kind, source="test", source_id=f"{org.slug}-{index}",
            occurred_at=timezone.now() - datetime.timedelta(days=60), weight=10,
        )
    representative = UserFactory(username=f"rep_{org.slug}")
    affiliate(representative, org)
    partner = world.program.tracks.get(slug="partner")
    nomination = nominations_api.create_nomination(
        cycle=world.cycle, track=partner, nominator=representative, kind="self", nominee_organization=org,
        summary="Runs Open edX at scale.",
        impact_statement="Funds the conference.", first_contribution_date=timezone.now().date()
        - datetime.timedelta(days=1000), first_contribution_evidence="https://example.com/history",
    )
    for endorser in world.endorsers:
        endorse(nomination, endorser)
    nominations_api.submit(nomination=nomination, actor=representative)
    return nomination
