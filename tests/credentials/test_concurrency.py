"""
Concurrent workers issue one credential per membership term, and never give two credentials the same status
list position: constraints and the program row lock on MariaDB.
"""


import pytest
from django.db import connection

from openedx_dcp.credentials import api
from openedx_dcp.credentials.models import BadgeCredential
from tests.concurrency import race
from tests.credentials.factories import configure_keys, start_member

pytestmark = pytest.mark.skipif(
    connection.vendor != "mysql", reason="needs row locks between connections: runs in the MariaDB pass"
)


@pytest.mark.django_db(transaction=True)
def test_r22_concurrent_issuance_of_a_term_issues_once(program, cycle, track, settings):
    membership = start_member(cycle, track)  # no key yet: nothing issued
    configure_keys(settings, program, {"kid": "k1"})
    outcomes = race(*(lambda: api.issue_credential(membership=membership) for _ in range(4)))
    assert all(isinstance(outcome, BadgeCredential) for outcome in outcomes), outcomes
    assert len({outcome.pk for outcome in outcomes}) == 1
    assert BadgeCredential.objects.filter(membership=membership).count() == 1


@pytest.mark.django_db(transaction=True)
def test_r22_concurrent_issuance_gives_distinct_status_positions(program, cycle, settings):
    memberships = [start_member(cycle, program.tracks.get(slug=slug)) for slug in ("engineer", "advocate",
                                                                                     "innovator")]
    configure_keys(settings, program, {"kid": "k1"})
    outcomes = race(*(lambda m=m: api.issue_credential(membership=m) for m in memberships))
    assert all(isinstance(outcome, BadgeCredential) for outcome in outcomes), outcomes
    assert len({(outcome.status_list_id, outcome.status_index) for outcome in outcomes}) == 3
