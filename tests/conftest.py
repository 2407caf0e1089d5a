"""
Shared fixtures: a tenant with a program, an open cycle and people in every role.
"""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone
from rest_framework.test import APIClient

from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import EndorsementRequest
from openedx_dcp.programs.models import CommunityRole
from tests.factories import UserFactory, grant_role, make_cycle, make_program, make_staff


@pytest.fixture
def program(db):
    """A program of the seeds' defaults on its own site."""
    return make_program()


@pytest.fixture
def cycle(program):
    """A cycle of ``program`` open for nominations."""
    return make_cycle(program)


@pytest.fixture
def track(program):
    return program.tracks.get(slug="engineer")


@pytest.fixture
def people(program):
    """Users in every role of ``program``: nominator, nominee, three endorsers (one steward), staff."""
    nominator = UserFactory(username="nominator")
    nominee = UserFactory(username="nominee")
    endorsers = [UserFactory(username=f"endorser{i}") for i in range(3)]
    steward = UserFactory(username="steward")
    for endorser in endorsers:
        grant_role(program, endorser, CommunityRole.CORE_CONTRIBUTOR)
    grant_role(program, steward, CommunityRole.STEWARD_REPRESENTATIVE)
    return {
        "nominator": nominator,
        "nominee": nominee,
        "endorsers": endorsers,
        "steward": steward,
        "staff": make_staff(program),
        "learner": UserFactory(username="learner"),
    }


def nominate(cycle, track, nominator, nominee, **fields):
    """A peer nomination with the R5 fields filled in and a declared first contribution 3 years ago."""
    defaults = {
        "summary": "Maintains the forum and the course authoring MFE.",
        "impact_statement": "Adopted by dozens of operators.",
        "references": "Partner A, Partner B",
        "evidence_links": ["https://github.com/openedx/frontend-app-authoring/pulls?q=author:x"],
        "first_contribution_date": timezone.now().date() - datetime.timedelta(days=3 * 365),
        "first_contribution_evidence": "https://github.com/openedx/edx-platform/pull/1",
    }
    defaults.update(fields)
    return nominations_api.create_nomination(cycle, track, nominator, "peer", nominee_user=nominee, **defaults)


def ask(nomination, *endorsers):
    """The nominator asks each of ``endorsers`` to endorse (R26: being asked opens a peer nomination before
    the nominee's consent), as ``review.api.request_endorsement`` records it, without its email."""
    for endorser in endorsers:
        EndorsementRequest.objects.get_or_create(nomination=nomination, endorser=endorser,
                                                 defaults={"requested_by": nomination.nominator})


def endorse(nomination, endorser, statement=""):
    """``endorser``, asked by the nominator, endorses ``nomination`` (R6)."""
    ask(nomination, endorser)
    return nominations_api.endorse(nomination, endorser, statement)


@pytest.fixture
def nomination(cycle, track, people):
    """A draft peer nomination of ``people['nominee']`` by ``people['nominator']``."""
    return nominate(cycle, track, people["nominator"], people["nominee"])


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def world(db):
    """Two tenants, people in every role and a draft nomination with three endorsements (tests/world.py)."""
    from tests.world import World  # pylint: disable=import-outside-toplevel

    return World()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in their own cache (devhost/test_settings.py): every test starts from zero."""
    caches["dcp-rate-limits"].clear()
