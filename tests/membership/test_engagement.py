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
    assert membership_api.engagement_choices(membership=membership) == dict.fromkeys(EngagementKind.ALL, False)
    membership_api.set_engagement(membership=membership, actor=membership.user, kind=EngagementKind.MENTORING,
                                  opted_in=True)
    membership_api.set_engagement(membership=membership, actor=membership.user, kind=EngagementKind.MENTORING,
                                  opted_in=True)
    membership_api.set_engagement(membership=membership, actor=membership.user, kind=EngagementKind.SPEAKING,
                                  opted_in=True)
    membership_api.set_engagement(membership=membership, actor=membership.user, kind=EngagementKind.MENTORING,
                                  opted_in=False)
    choices = membership_api.engagement_choices(membership=membership)
    assert (choices[EngagementKind.MENTORING], choices[EngagementKind.SPEAKING]) == (False, True)
    assert [(a.action, a.note) for a in audit.trail(membership)][1:] == [
        ("opt_in", "mentoring"), ("opt_in", "speaking"), ("opt_out", "mentoring"),
    ]


@pytest.mark.parametrize("who", ["learner", "staff"])
def test_r17_only_the_member_chooses(membership, program, who):
    actor = UserFactory() if who == "learner" else make_staff(program)
    with pytest.raises(NotPermitted):
        membership_api.set_engagement(membership=membership, actor=actor, kind=EngagementKind.MENTORING, opted_in=True)
    assert not membership.engagement_opt_ins.exists()


def test_r17_unknown_kind_and_ended_membership_are_refused(membership):
    with pytest.raises(ValidationFailed) as error:
        membership_api.set_engagement(membership=membership, actor=membership.user, kind="golf", opted_in=True)
    assert error.value.field == "kind"
    membership_api.revoke_membership(membership=membership, note="Withdrawn.")
    with pytest.raises(TransitionRefused):
        membership_api.set_engagement(membership=membership, actor=membership.user, kind=EngagementKind.MENTORING,
                                      opted_in=True)


def test_r17_staff_record_participation(membership, program):
    staff = make_staff(program)
    today = timezone.now().date()
    membership_api.record_participation(membership=membership, actor=staff, kind=EngagementKind.VALIDATING_NOMINATIONS,
                                        date=today, note="Cycle 2026")
    with pytest.raises(ValidationFailed, match="future"):
        membership_api.record_participation(membership=membership, actor=staff, kind=EngagementKind.MENTORING,
                                            date=today + datetime.timedelta(days=1))
    for outsider in (membership.user, make_staff(make_program(slug="other"))):
        with pytest.raises(NotPermitted):
            membership_api.record_participation(membership=membership, actor=outsider, kind=EngagementKind.MENTORING,
                                                date=today)
    assert list(EngagementParticipation.objects.values_list("kind", "recorded_by")) == [
        (EngagementKind.VALIDATING_NOMINATIONS, staff.pk)
    ]


def test_r18_engagement_metrics_count_live_members_opt_ins_and_mentors(program, membership):
    staff = make_staff(program)
    others = [make_membership(announced_cycle(program, slug=f"c{i}")) for i in range(3)]
    membership_api.set_engagement(membership=membership, actor=membership.user, kind=EngagementKind.MENTORING,
                                  opted_in=True)
    membership_api.set_engagement(membership=membership, actor=membership.user, kind=EngagementKind.SPEAKING,
                                  opted_in=True)
    membership_api.set_engagement(membership=others[0], actor=others[0].user, kind=EngagementKind.ROADMAP,
                                  opted_in=True)
    membership_api.set_engagement(membership=others[1], actor=others[1].user, kind=EngagementKind.ROADMAP,
                                  opted_in=False)
    today = timezone.now().date()
    membership_api.record_participation(membership=membership, actor=staff, kind=EngagementKind.MENTORING, date=today)
    membership_api.record_participation(membership=membership, actor=staff, kind=EngagementKind.VALIDATING_NOMINATIONS,
                                        date=today)
    membership_api.record_participation(membership=others[0], actor=staff, kind=EngagementKind.SPEAKING, date=today)
    membership_api.record_participation(membership=others[1], actor=staff, kind=EngagementKind.VALIDATING_NOMINATIONS,
                                        date=today - datetime.timedelta(days=400))
    membership_api.revoke_membership(membership=others[2], note="Withdrawn.")
    assert membership_api.engagement_metrics(program=program) == {
        "members": 3, "opted_in": 2, "opt_in_share": 2 / 3, "mentors_or_validators": 2,
    }
    assert membership_api.engagement_metrics(
        program=program, since=today - datetime.timedelta(days=365)
    )["mentors_or_validators"] == 1
    assert membership_api.engagement_metrics(program=make_program(slug="empty"))["opt_in_share"] == 0.0
