"""
Fixtures of the contribution-signal tests.
"""

import pytest
from django.core.cache import cache

from openedx_dcp.contributions import tracking
from openedx_dcp.handlers import contributions as handlers


@pytest.fixture(autouse=True)
def fresh_tracking(settings):
    """Every test starts with an empty shared cache, a snapshot due for reload and zeroed counters."""
    settings.DCP_TRACKED_USERS_CHECK_SECONDS = 3600
    cache.clear()
    tracking.invalidate_tracked_users()
    handlers.FAILURES.clear()
    handlers.UNATTRIBUTED.clear()
    tracking.CACHE_FAILURES.clear()
    yield
    tracking.invalidate_tracked_users()
