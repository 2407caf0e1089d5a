"""
Mentoring and validation (R17, KR 5.1): the pair's workflow on the engine (audit, emails), who may be asked
to validate, the validation shown to the panel, the dashboard counting who served, retirement.
"""

import pytest
from django.core import mail

from openedx_dcp import audit
from openedx_dcp.dashboard import api as dashboard_api
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.mentoring.models import MentoringPair, MentoringState, ValidationRequest
from openedx_dcp.exceptions import NotPermitted, RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import EngagementKind
from openedx_dcp.outbox.models import OutboxMessage
from openedx_dcp.retirement import retire_user_data
from openedx_dcp.review.models import ConflictOfInterest, Panelist
from tests.factories import UserFactory
from tests.membership.factories import make_membership


def emails():
    return sorted(m.payload["template"] for m in OutboxMessage.objects.filter(kind="email")
                  if m.payload["template"].startswith(("mentoring", "validation")))


def test_r17_a_pair_is_requested_accepted_and_ended_with_audit_and_emails(eworld):
    pair = mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                           mentor_username="mentor", message="Help with XBlocks")
    assert pair.state == MentoringState.REQUESTED and pair.mentee == eworld.users["learner"]
    with pytest.raises(NotPermitted):
        mentoring_api.accept(pair, eworld.users["learner"])
    mentoring_api.accept(pair, eworld.users["mentor"])
    assert pair.state == MentoringState.ACCEPTED and pair.accepted_at is not None
    with pytest.raises(TransitionRefused):
        mentoring_api.decline(pair, eworld.users["mentor"])
    mentoring_api.end(pair, eworld.users["learner"], "Done, thanks")
    assert pair.state == MentoringState.ENDED and pair.ended_at is not None
    assert [r.action for r in audit.trail(pair)] == ["request_mentoring", "accept", "end"]
    assert emails() == ["mentoring_accepted", "mentoring_ended", "mentoring_requested"]


def test_r17_only_a_member_opted_in_to_mentoring_can_be_asked_and_once(eworld):
    with pytest.raises(RuleViolation) as refused:
        mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                        mentor_username="member")
    assert refused.value.code == "not_a_mentor"
    with pytest.raises(ValidationFailed):
        mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["mentor"],
                                        mentor_username="mentor")
    mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"], mentor_username="mentor")
    with pytest.raises(RuleViolation) as refused:
        mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                        mentor_username="mentor")
    assert refused.value.code == "duplicate_pair"
    # Opting out: no new request.
    membership_api.set_engagement(membership=eworld.membership, actor=eworld.users["mentor"],
                                  kind=EngagementKind.MENTORING, opted_in=False)
    with pytest.raises(RuleViolation):
        mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["nominee"],
                                        mentor_username="mentor")
    # Only staff pair someone else.
    with pytest.raises(NotPermitted):
        mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["member"],
                                        mentor_username="mentor", mentee_username="nominee")
    assert MentoringPair.objects.count() == 1


def test_a_declined_pair_may_be_asked_again(eworld):
    pair = mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                           mentor_username="mentor")
    mentoring_api.decline(pair, eworld.users["mentor"])
    again = mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                            mentor_username="mentor")
    assert again.pk != pair.pk


def test_r17_a_validation_is_recorded_on_the_nomination_for_the_panel(eworld):
    request = mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users["staff"],
                                           validator_username="mentor")
    assert emails() == ["validation_requested"]
    with pytest.raises(ValidationFailed):
        mentoring_api.submit_validation(request, eworld.users["mentor"], verdict="confirmed", note="")
    with pytest.raises(TransitionRefused):
        mentoring_api.submit_validation(request, eworld.users["mentor"], verdict="maybe", note="Checked.")
    with pytest.raises(NotPermitted):
        mentoring_api.submit_validation(request, eworld.users["staff"], verdict="confirmed", note="Checked.")
    mentoring_api.submit_validation(request, eworld.users["mentor"], verdict="confirmed", note="PRs are real.")
    assert [v.note for v in mentoring_api.validations_for_panel(eworld.nomination)] == ["PRs are real."]


@pytest.mark.parametrize("who, why", [("nominee", "part of"), ("nominator", "part of"), ("endorser", "part of"),
                                      ("member", "opted in")])
def test_r17_r10_who_cannot_be_asked_to_validate(eworld, who, why):
    # The nominee, nominator and an endorser are members who opted in too: they are refused for being part of it.
    membership = make_membership(eworld.past_cycle, user=eworld.users[who]) if who != "member" else None
    if membership is not None:
        membership_api.set_engagement(membership=membership, actor=eworld.users[who],
                                      kind=EngagementKind.VALIDATING_NOMINATIONS, opted_in=True)
    with pytest.raises(RuleViolation) as refused:
        mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users["staff"],
                                     validator_username=who)
    assert why in refused.value.message
    assert not ValidationRequest.objects.exists()


def test_r10_a_conflicted_validator_cannot_be_asked_nor_validate(eworld):
    seat = Panelist.objects.create(cycle=eworld.cycle, user=eworld.users["mentor"], seat="core_contributor")
    request = mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users["staff"],
                                           validator_username="mentor")
    ConflictOfInterest.objects.create(nomination=eworld.nomination, panelist=seat, kind=ConflictOfInterest.DECLARED,
                                      reason="Former colleague")
    with pytest.raises(TransitionRefused) as refused:
        mentoring_api.submit_validation(request, eworld.users["mentor"], verdict="confirmed", note="ok")
    assert "conflict" in refused.value.message
    ValidationRequest.objects.all().delete()
    with pytest.raises(RuleViolation):
        mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users["staff"],
                                     validator_username="mentor")


def test_only_staff_of_the_tenant_ask_for_a_validation(eworld):
    for role in ("member", "panelist", "other_staff"):
        with pytest.raises(NotPermitted):
            mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users[role],
                                         validator_username="mentor")


def test_kr_5_1_counts_members_who_served_not_opt_ins(eworld):
    def value():
        results = {r["key"]: r for r in dashboard_api.program_dashboard(program=eworld.program)["key_results"]}
        return results["mentors_or_validators"]["value"]

    assert value() == 0  # opted in, not yet served
    pair = mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                           mentor_username="mentor")
    assert value() == 0  # asked is not served
    mentoring_api.accept(pair, eworld.users["mentor"])
    assert value() == 1
    second = UserFactory(username="validator2")
    membership = make_membership(eworld.past_cycle, user=second)
    membership_api.set_engagement(membership=membership, actor=second, kind=EngagementKind.VALIDATING_NOMINATIONS,
                                  opted_in=True)
    request = mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users["staff"],
                                           validator_username="validator2")
    assert value() == 1
    mentoring_api.submit_validation(request, second, verdict="partly", note="Some links are private.")
    assert value() == 2
    mentoring_api.end(pair, eworld.users["mentor"])
    assert value() == 2  # an ended pair was served
    assert mentoring_api.served_count(eworld.program_b) == 0


def test_retirement_removes_mentoring_records(eworld):
    pair = mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                           mentor_username="mentor", message="Please")
    mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users["staff"],
                                 validator_username="mentor")
    result = retire_user_data(eworld.users["mentor"])
    assert result["mentoring_pairs"] == 1 and result["validations"] == 1
    assert not MentoringPair.objects.filter(pk=pair.pk).exists()
    assert not ValidationRequest.objects.exists()


def test_the_emails_render_with_a_link_to_my_mentoring(eworld, django_capture_on_commit_callbacks):
    for user in ("mentor", "learner"):
        eworld.users[user].email = f"{user}@example.com"
        eworld.users[user].save()
    with django_capture_on_commit_callbacks(execute=True):
        pair = mentoring_api.request_mentoring(program=eworld.program, actor=eworld.users["learner"],
                                               mentor_username="mentor", message="XBlocks, please")
    with django_capture_on_commit_callbacks(execute=True):
        mentoring_api.accept(pair, eworld.users["mentor"])
    with django_capture_on_commit_callbacks(execute=True):
        mentoring_api.ask_validation(nomination=eworld.nomination, actor=eworld.users["staff"],
                                     validator_username="mentor")
    sent = {(message.to[0], message.subject) for message in mail.outbox}
    assert ("mentor@example.com", f"You are asked to mentor someone in {eworld.program.name}") in sent
    assert ("learner@example.com", "mentor accepted to mentor you") in sent
    assert ("mentor@example.com", f"Please validate a nomination's evidence in {eworld.program.name}") in sent
    bodies = "\n".join(message.body for message in mail.outbox)
    assert "XBlocks, please" in bodies and "/dcp/dcp/mentoring/" in bodies
