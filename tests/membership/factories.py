"""
Builders for membership tests: an announced cycle, memberships started from announced nominations, signals.
"""

import datetime
import itertools

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.membership import api as membership_api
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs import api as programs_api
from tests.factories import UserFactory

ANNOUNCED = datetime.date(2025, 7, 1)
_source_ids = itertools.count(1)


def at(day, hour=12):
    """``day`` at ``hour`` UTC."""
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def announced_cycle(program, announcement=ANNOUNCED, slug="2025"):
    """A cycle of ``program`` announced on ``announcement`` (the seeds' first cycle by default)."""
    moment = at(announcement, 16)
    return programs_api.create_cycle(
        program=program, slug=slug, name=f"Cycle {slug}",
        nominations_open=moment - datetime.timedelta(days=77), nominations_close=moment - datetime.timedelta(days=31),
        review_start=moment - datetime.timedelta(days=30), review_end=moment - datetime.timedelta(days=16),
        announcement_at=moment,
    )


def make_membership(cycle, user=None, organization=None, track="engineer", start=None):
    """The membership of an announced nominee (a new user unless ``user`` or ``organization`` is given)."""
    if user is None and organization is None:
        user = UserFactory()
    nomination = Nomination.objects.create(
        cycle=cycle, track=cycle.program.tracks.get(slug=track), kind=Nomination.PEER, nominator=UserFactory(),
        nominee_user=user, nominee_organization=organization, summary="Contributions.", impact_statement="Impact.",
        state=NominationState.ANNOUNCED,
    )
    return membership_api.start_membership(nomination=nomination, start=start)


def add_signal(membership, kind, day, site=None):
    """One contribution signal of the member on ``day``."""
    member = {"organization": membership.organization} if membership.organization_id else {"user": membership.user}
    return ContributionSignal.objects.create(
        site=site or membership.program.site, kind=kind, source="test", source_id=f"s{next(_source_ids)}",
        occurred_at=at(day), **member,
    )
