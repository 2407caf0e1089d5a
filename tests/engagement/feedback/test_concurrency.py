"""
The same person submitting a round's answers four times at the same moment (a double click, two tabs): one
answer is recorded, the others are refused as "already answered", nothing of them is stored. MariaDB, where
the connections really run side by side.
"""

import pytest
from django.db import connection

from openedx_dcp.engagement.feedback import api
from openedx_dcp.engagement.feedback.models import FeedbackAnswer, FeedbackParticipation, FeedbackResponse
from openedx_dcp.exceptions import RuleViolation
from tests.concurrency import race
from tests.engagement.feedback.conftest import FeedbackWorld, answers_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "mysql", reason="needs row locks between connections: runs in the MariaDB pass"
)


@pytest.mark.django_db(transaction=True)
def test_r20_four_submits_at_once_record_one_answer():
    fw = FeedbackWorld()
    member, feedback_round = fw.users["member"], fw.members_round
    outcomes = race(*(lambda: api.submit_response(feedback_round=feedback_round, user=member,
                                                  answers=answers_for(feedback_round)) for _ in range(4)))
    assert sum(isinstance(o, FeedbackResponse) for o in outcomes) == 1
    refused = [o for o in outcomes if not isinstance(o, FeedbackResponse)]
    assert all(isinstance(o, RuleViolation) and o.code == "already_answered" for o in refused), outcomes
    assert FeedbackParticipation.objects.filter(round=feedback_round, user=member).count() == 1
    assert FeedbackResponse.objects.filter(round=feedback_round).count() == 1
    assert FeedbackAnswer.objects.filter(response__round=feedback_round).count() == 3
