"""
Follow-on engagement (R17): members opt in and out; staff record actual participation.
"""

import datetime

import pytest
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import EngagementKind, EngagementParticipation
from tests.factories import UserFactory, make_program, make_staff
from tests.membership.factories import announced_cycle, make_membership


@pytest.fixture
def membership(program):
    return make_membership(announced_cycle(program))


def test_r17_member_opts_in_and_out_and_each_change_is_audited(membership):
    assert membership_api.engagement_choices(membership) == dict.fromkeys(EngagementKind.ALL, False)
    membership_api.set_engagement(membership, membership.user, EngagementKind.MENTORING, True)
    membership_api.set_engagement(membership, membership.user, EngagementKind.MENTORING, True)
    membership_api.set_engagement(membership, membership.user, EngagementKind.SPEAKING, True)
    membership_api.set_engagement(membership, membership.user, EngagementKind.MENTORING, False)
    choices = membership_api.engagement_choices(membership)
    assert (choices[EngagementKind.MENTORING], choices[EngagementKind.SPEAKING]) == (False, True)
    assert [(a.action, a.note) for a in audit.trail(membership)][1:] == [
        ("opt_in", "mentoring"), ("opt_in", "speaking"), ("opt_out", "mentoring"),
    ]


@pytest.mark.parametrize("who", ["learner", "staff"])
def test_r17_only_the_member_chooses(membership, program, who):
    actor = UserFactory() if who == "learner" else make_staff(program)
    with pytest.raises(NotPermitted):
        membership_api.set_engagement(membership, actor, EngagementKind.MENTORING, True)
    assert not membership.engagement_opt_ins.exists()


def test_r17_unknown_kind_and_ended_membership_are_refused(membership):
    with pytest.raises(ValidationFailed) as error:
        membership_api.set_engagement(membership, membership.user, "golf", True)
    assert error.value.field == "kind"
    membership_api.revoke_membership(membership, note="Withdrawn.")
    with pytest.raises(TransitionRefused):
        membership_api.set_engagement(membership, membership.user, EngagementKind.MENTORING, True)


def test_r17_staff_record_participation(membership, program):
    staff = make_staff(program)
    today = timezone.now().date()
    membership_api.record_participation(membership, staff, EngagementKind.VALIDATING_NOMINATIONS, today, "Cycle 2026")
    with pytest.raises(ValidationFailed, match="future"):
        membership_api.record_participation(membership, staff, EngagementKind.MENTORING,
                                            today + datetime.timedelta(days=1))
    for outsider in (membership.user, make_staff(make_program(slug="other"))):
        with pytest.raises(NotPermitted):
            membership_api.record_participation(membership, outsider, EngagementKind.MENTORING, today)
    assert list(EngagementParticipation.objects.values_list("kind", "recorded_by")) == [
        (EngagementKind.VALIDATING_NOMINATIONS, staff.pk)
    ]


def test_r18_engagement_metrics_count_live_members_opt_ins_and_mentors(program, membership):
    staff = make_staff(program)
    others = [make_membership(announced_cycle(program, slug=f"c{i}")) for i in range(3)]
    membership_api.set_engagement(membership, membership.user, EngagementKind.MENTORING, True)
    membership_api.set_engagement(membership, membership.user, EngagementKind.SPEAKING, True)
    membership_api.set_engagement(others[0], others[0].user, EngagementKind.ROADMAP, True)
    membership_api.set_engagement(others[1], others[1].user, EngagementKind.ROADMAP, False)
    today = timezone.now().date()
    membership_api.record_participation(membership, staff, EngagementKind.MENTORING, today)
    membership_api.record_participation(membership, staff, EngagementKind.VALIDATING_NOMINATIONS, today)
    membership_api.record_participation(others[0], staff, EngagementKind.SPEAKING, today)
    membership_api.record_participation(others[1], staff, EngagementKind.VALIDATING_NOMINATIONS,
                                        today - datetime.timedelta(days=400))
    membership_api.revoke_membership(others[2], note="Withdrawn.")
    assert membership_api.engagement_metrics(program) == {
        "members": 3, "opted_in": 2, "opt_in_share": 2 / 3, "mentors_or_validators": 2,
    }
    assert membership_api.engagement_metrics(
        program, since=today - datetime.timedelta(days=365)
    )["mentors_or_validators"] == 1
    assert membership_api.engagement_metrics(make_program(slug="empty"))["opt_in_share"] == 0.0
