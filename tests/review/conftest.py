"""
The review world (``tests.world.ReviewWorld``): a program on tenant A with an open cycle, staff, a panel that
meets the seeds' quotas (not yet seated), endorsers, and three submitted engineer nominations; and tenant B with
its own program and staff.
"""

import pytest

from tests.world import ReviewWorld


@pytest.fixture
def world(db):
    return ReviewWorld()


@pytest.fixture
def committed_world(transactional_db):
    """The review world with real commits, so on-commit emails, signals and events happen as in production."""
    return ReviewWorld()
