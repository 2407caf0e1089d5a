"""
The sweep's entry points: the management command for operators and the Celery beat task.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from openedx_dcp import tasks as plugin_tasks
from openedx_dcp.membership.models import MembershipState as S
from tests.membership.factories import announced_cycle, make_membership


@pytest.fixture
def membership(program):
    return make_membership(announced_cycle(program))


def test_command_sweeps_the_given_date(membership):
    out = StringIO()
    call_command("dcp_membership_sweep", "--date", "2027-05-01", stdout=out)
    assert out.getvalue() == "No membership was due.\n"
    call_command("dcp_membership_sweep", "--date", "2027-07-01", stdout=out)
    assert out.getvalue().endswith("open_review: 1\nstart_grace: 1\n")
    membership.refresh_from_db()
    assert membership.state == S.GRACE


def test_command_refuses_a_bad_date(membership):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("dcp_membership_sweep", "--date", "01/07/2027")
    membership.refresh_from_db()
    assert membership.state == S.ACTIVE


def test_celery_task_is_registered_and_sweeps(membership):
    task = plugin_tasks.membership_tasks.sweep_memberships
    assert task.name == "openedx_dcp.membership.tasks.sweep_memberships"
    assert task.delay("2028-01-01").get() == {"open_review": 1, "start_grace": 1, "lapse": 1}
    membership.refresh_from_db()
    assert (membership.state, membership.lapsed_on) == (S.LAPSED, datetime.date(2028, 1, 1))


def test_celery_beat_runs_the_sweep(settings):
    entry = settings.CELERYBEAT_SCHEDULE["dcp-membership-sweep"]
    assert entry["task"] == plugin_tasks.membership_tasks.sweep_memberships.name
    assert entry["schedule"] == datetime.timedelta(hours=settings.DCP_MEMBERSHIP_SWEEP_INTERVAL_HOURS)


def test_sweep_does_nothing_while_the_program_is_switched_off(membership, settings):
    settings.DCP_PROGRAM_ENABLED = False
    out = StringIO()
    call_command("dcp_membership_sweep", "--date", "2028-01-01", stdout=out)
    membership.refresh_from_db()
    assert (out.getvalue(), membership.state) == (
        "The program is switched off (DCP_PROGRAM_ENABLED): nothing moved.\n", S.ACTIVE
    )
