"""
Item 8: each page makes the same number of queries at any data size (a list of 2 or of 12 nominations, a
nomination with 1 or 8 endorsements, an inbox of 1 or 5 requests).
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api as review_api
from tests.conftest import endorse, nominate
from tests.factories import UserFactory, grant_role


@pytest.fixture
def nominator_client(program, people):
    client = Client(HTTP_HOST=program.site.domain)
    client.force_login(people["nominator"])
    return client


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def endorser(program, index):
    user = UserFactory(username=f"q_endorser{index}")
    grant_role(program, user, CommunityRole.CORE_CONTRIBUTOR)
    return user


def test_my_nominations_at_any_number_of_nominations(cycle, track, people, program, nominator_client):
    def add(count, start):
        for index in range(start, start + count):
            nomination = nominate(cycle, track, people["nominator"], UserFactory(username=f"q_nominee{index}"))
            endorse(nomination, endorser(program, index))

    add(2, 0)
    small = queries(nominator_client, f"/dcp/{program.slug}/my-nominations/")
    add(10, 2)
    response = nominator_client.get(f"/dcp/{program.slug}/my-nominations/")
    assert len(response.context["made"]) == 12
    assert queries(nominator_client, f"/dcp/{program.slug}/my-nominations/") == small


def test_a_nomination_page_at_any_number_of_endorsements(nomination, program, nominator_client):
    endorse(nomination, endorser(program, 0))
    path = f"/dcp/{program.slug}/nominations/{nomination.pk}/"
    small = queries(nominator_client, path)
    for index in range(1, 8):
        endorse(nomination, endorser(program, index))
    assert queries(nominator_client, path) == small


def test_the_endorse_inbox_at_any_number_of_requests(cycle, track, people, program):
    asked = endorser(program, 99)
    client = Client(HTTP_HOST=program.site.domain)
    client.force_login(asked)

    def add(count, start):
        for index in range(start, start + count):
            nominee = UserFactory(username=f"q_nominee{index}")
            nomination = nominate(cycle, track, people["nominator"], nominee)
            nominations_api.give_consent(nomination, nominee)
            review_api.request_endorsement(nomination, people["nominator"], asked)

    add(1, 0)
    small = queries(client, f"/dcp/{program.slug}/endorse/")
    add(4, 1)
    assert len(client.get(f"/dcp/{program.slug}/endorse/").context["asked"]) == 5
    assert queries(client, f"/dcp/{program.slug}/endorse/") == small
