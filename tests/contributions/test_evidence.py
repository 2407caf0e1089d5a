"""
Evidence queries used by eligibility (R7), renewal (R14) and lifetime (R16).
"""

import datetime

import pytest

from openedx_dcp.contributions import api as contributions_api
from tests.contributions.factories import SignalFactory, at
from tests.factories import OrganizationFactory, SiteFactory, UserFactory, make_program


@pytest.fixture
def history(db):
    program = make_program(SiteFactory(domain="evidence.example.com"))
    person = UserFactory(username="veteran")
    site = program.site
    for when, kind in [
        (at(2022, 3, 10), "code_contribution"),
        (at(2022, 3, 20), "code_review"),
        (at(2023, 1, 5), "talk"),
        (at(2024, 11, 30), "code_contribution"),
        (at(2025, 2, 1), "publication"),
    ]:
        SignalFactory(site=site, user=person, kind=kind, occurred_at=when)
    SignalFactory(site=SiteFactory(domain="x.example.com"), user=person, kind="talk", occurred_at=at(2020, 1, 1))
    return program, person


def test_r7_first_and_last_activity_per_track(history):
    program, person = history
    tracks = contributions_api.track_activity(program=program, user=person)
    assert tracks["engineer"] == {"first": at(2022, 3, 10), "last": at(2024, 11, 30), "count": 3}
    assert tracks["advocate"] == {"first": at(2023, 1, 5), "last": at(2025, 2, 1), "count": 2}
    assert tracks["partner"] == {"first": at(2022, 3, 10), "last": at(2024, 11, 30), "count": 2}  # code only


def test_r16_active_months_and_r14_counts_per_kind_in_a_window(history):
    program, person = history
    assert contributions_api.active_months(site=program.site, user=person) == [
        datetime.date(2022, 3, 1), datetime.date(2023, 1, 1), datetime.date(2024, 11, 1), datetime.date(2025, 2, 1),
    ]
    assert contributions_api.counts_by_kind(site=program.site, user=person, since=at(2023, 1, 1)) == {
        "talk": 1, "code_contribution": 1, "publication": 1,
    }
    span = contributions_api.activity_span(site=program.site, user=person, kinds=["talk", "publication"])
    assert (span["first"], span["last"], span["count"]) == (at(2023, 1, 5), at(2025, 2, 1), 2)


def test_r7_organization_evidence(db):
    site = SiteFactory(domain="orgs.example.com")
    org = OrganizationFactory(site=site, slug="acme")
    SignalFactory(site=site, user=None, organization=org, kind="infrastructure", occurred_at=at(2021, 5, 1))
    assert contributions_api.first_activity(site=site, organization=org) == at(2021, 5, 1)
