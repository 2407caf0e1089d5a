"""
The membership migration records the first term of memberships that existed before it, so the sweep sees them.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import make_program
from tests.membership.factories import announced_cycle


def _membership_migration(executor):
    """The membership migration and the one before it (found by name: the lead renumbers them at merge)."""
    [key] = [key for key in executor.loader.disk_migrations if key[0] == "openedx_dcp"
             and key[1].endswith("_membership")]
    [parent] = [dep for dep in executor.loader.graph.node_map[key].parents if dep.key[0] == "openedx_dcp"]
    return [parent.key], [key]


@pytest.mark.django_db(transaction=True)
def test_existing_memberships_get_their_first_term():
    program = make_program()
    cycle = announced_cycle(program)
    executor = MigrationExecutor(connection)
    before, after = _membership_migration(executor)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("auth", "User").objects.create(username="early")
    membership = old.get_model("openedx_dcp", "Membership").objects.create(
        program_id=program.pk, track_id=program.tracks.get(slug="engineer").pk, cycle_id=cycle.pk, user=user,
        term_start=datetime.date(2025, 7, 1), term_end=datetime.date(2027, 7, 1), member_key=f"u{user.pk}",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    migrated = new.get_model("openedx_dcp", "Membership").objects.get(pk=membership.pk)
    term = new.get_model("openedx_dcp", "MembershipTerm").objects.get(membership_id=membership.pk)
    assert (term.number, term.start, term.end, term.rules_id) == (1, migrated.term_start, migrated.term_end,
                                                                   cycle.rules_id)
    assert migrated.review_opens_on == datetime.date(2027, 5, 2)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
