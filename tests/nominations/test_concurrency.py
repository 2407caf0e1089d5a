"""
Concurrent requests on the same nomination cannot corrupt it: row locks and constraints on MariaDB.
"""


import pytest
from django.db import connection

from openedx_dcp.exceptions import DcpError
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Endorsement, NominationState
from tests.concurrency import race
from tests.factories import ask

pytestmark = pytest.mark.skipif(
    connection.vendor != "mysql", reason="needs row locks between connections: runs in the MariaDB pass"
)


@pytest.mark.django_db(transaction=True)
def test_the_same_endorser_twice_at_once_counts_once(nomination, people):
    steward = people["steward"]
    ask(nomination, steward)
    outcomes = race(*(lambda: nominations_api.endorse(nomination=nomination, endorser=steward) for _ in range(4)))
    assert sum(isinstance(o, Endorsement) for o in outcomes) == 1
    assert all(isinstance(o, (Endorsement, DcpError)) for o in outcomes)
    assert Endorsement.objects.filter(nomination=nomination, endorser=steward).count() == 1


@pytest.mark.django_db(transaction=True)
def test_submit_and_withdraw_at_once_leave_one_consistent_state(nomination, people):
    nominations_api.give_consent(nomination=nomination, actor=people["nominee"])
    for user in people["endorsers"][:2] + [people["steward"]]:
        nominations_api.endorse(nomination=nomination, endorser=user)
    outcomes = race(lambda: nominations_api.submit(nomination=nomination, actor=people["nominator"]),
                     lambda: nominations_api.withdraw(nomination=nomination, actor=people["nominee"]),
                     lambda: nominations_api.submit(nomination=nomination, actor=people["nominator"]))
    nomination.refresh_from_db()
    successes = [o for o in outcomes if not isinstance(o, DcpError)]
    assert nomination.state in (NominationState.SUBMITTED, NominationState.WITHDRAWN)
    # Each accepted move is one audit line; refused ones wrote nothing.
    from openedx_dcp import audit

    moves = audit.trail(nomination).filter(action__in=["submit", "withdraw"]).count()
    assert moves == len(successes)
    assert nomination.submitted_at is not None or nomination.state == NominationState.WITHDRAWN
