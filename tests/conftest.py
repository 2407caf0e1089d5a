"""
Shared fixtures: a tenant with a program, an open cycle and people in every role.
"""


import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.tenancy import clear_site_cache

# The builders tests import from here live with the factories (tests.factories); re-exported for them.
from tests.factories import UserFactory, ask, endorse, grant_role, make_cycle, make_program, make_staff, nominate  # noqa: F401
from tests.world import World


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
    return World()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in their own cache (devhost/test_settings.py): every test starts from zero."""
    caches["dcp-rate-limits"].clear()
    # The default cache holds counted figures (the cohorts' survival, ADR 0021) under keys made of database ids
    # and times that a rolled-back test can repeat: every test starts without them.
    caches["default"].clear()
    # The tenants a process keeps per host (openedx_dcp.tenancy): a rolled-back test's sites are gone.
    clear_site_cache()


@pytest.fixture(autouse=True)
def _site_read_per_request(settings):
    """
    Tests read the request's tenant on every request (``DCP_SITE_CACHE_SECONDS = 0``), so a test's first
    request and its next ones make the same queries; tests/test_tenancy_cache.py turns the cache on.
    """
    settings.DCP_SITE_CACHE_SECONDS = 0
