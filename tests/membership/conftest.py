"""
Fixtures of the membership tests.
"""

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """
    ``with committed(): ...`` runs what the block scheduled with ``transaction.on_commit`` (signals, emails) as
    a real commit would, inside the test's transaction.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)
