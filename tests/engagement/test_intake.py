"""
Accomplishment-first intake (R25): the survey window, merging duplicates, linking people, a peer nomination
draft made through the nominations domain, what the public page shows, conflicts, retirement.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.engagement.intake.models import Accomplishment, AccomplishmentLink, AccomplishmentSurvey
from openedx_dcp.exceptions import NotFound, NotPermitted, RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.outbox.models import OutboxMessage
from openedx_dcp.retirement import retire_user_data
from tests.factories import close_nominations


def test_r25_a_signed_in_member_submits_while_the_survey_is_open(eworld):
    item = eworld.submit()
    assert item.survey == eworld.survey and item.links == ["https://github.com/openedx/x"]
    assert list(intake_api.submitted_by(eworld.users["member"], eworld.program)) == [item]
    assert list(intake_api.submitted_by(eworld.users["learner"], eworld.program)) == []


@pytest.mark.parametrize("shift, word", [(datetime.timedelta(days=-30), "closed"), (datetime.timedelta(days=5),
                                                                                   "opens")])
def test_r25_outside_the_window_the_survey_refuses_clearly_and_writes_nothing(eworld, shift, word):
    now = timezone.now()
    if word == "closed":
        AccomplishmentSurvey.objects.filter(pk=eworld.survey.pk).update(opens_at=now + shift,
                                                                        closes_at=now - datetime.timedelta(days=1))
    else:
        AccomplishmentSurvey.objects.filter(pk=eworld.survey.pk).update(opens_at=now + shift,
                                                                        closes_at=now + 2 * shift)
    eworld.survey.refresh_from_db()
    with pytest.raises(RuleViolation) as refused:
        eworld.submit()
    assert refused.value.code == "survey_closed" and word in refused.value.message
    assert "Accomplishments of 2025" in refused.value.message
    assert not Accomplishment.objects.exists()


def test_anonymous_cannot_submit_and_links_must_be_web_addresses(eworld):
    anonymous = type("Anonymous", (), {"is_authenticated": False})()
    with pytest.raises(NotPermitted):
        intake_api.submit_accomplishment(survey=eworld.survey, actor=anonymous, track=eworld.track, title="x",
                                         why="y")
    with pytest.raises(ValidationFailed) as refused:
        eworld.submit(links=["javascript:alert(1)"])
    assert refused.value.field == "links"
    with pytest.raises(ValidationFailed):
        eworld.submit(track=eworld.program_b.tracks.get(slug="engineer"))
    assert not Accomplishment.objects.exists()


def test_only_staff_open_a_survey_and_one_per_cycle(eworld):
    now = timezone.now()
    with pytest.raises(NotPermitted):
        intake_api.open_survey(program=eworld.program, cycle=eworld.past_cycle, actor=eworld.users["member"],
                               title="x", opens_at=now, closes_at=now + datetime.timedelta(days=1))
    with pytest.raises(RuleViolation):
        intake_api.open_survey(program=eworld.program, cycle=eworld.cycle, actor=eworld.users["staff"],
                               title="again", opens_at=now, closes_at=now + datetime.timedelta(days=1))


def test_r25_merging_duplicates_keeps_every_link_and_the_duplicate_text(eworld):
    kept = eworld.submit(title="Redwood theme", links=["https://a.example/1"])
    duplicate = eworld.submit(user="endorser", title="The new theme", links=["https://a.example/1",
                                                                             "https://b.example/2"])
    staff = eworld.users["staff"]
    intake_api.link_party(accomplishment=duplicate, actor=staff, username="nominee")
    intake_api.link_party(accomplishment=kept, actor=staff, username="nominee")
    intake_api.link_party(accomplishment=duplicate, actor=staff, username="core2")
    intake_api.merge(duplicate=duplicate, kept=kept, actor=staff)
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept and duplicate.title == "The new theme"
    assert kept.links == ["https://a.example/1", "https://b.example/2"]
    assert sorted(link.party_display for link in kept.people.all()) == ["core2", "nominee"]
    # A duplicate is never merged twice nor linked afterwards; nothing is merged into itself.
    with pytest.raises(RuleViolation):
        intake_api.merge(duplicate=duplicate, kept=kept, actor=staff)
    with pytest.raises(ValidationFailed):
        intake_api.merge(duplicate=kept, kept=kept, actor=staff)
    with pytest.raises(RuleViolation):
        intake_api.link_party(accomplishment=duplicate, actor=staff, username="learner")


def test_linking_takes_an_exact_username_or_an_organization_slug_once(eworld):
    item = eworld.submit()
    staff = eworld.users["staff"]
    with pytest.raises(ValidationFailed) as refused:
        intake_api.link_party(accomplishment=item, actor=staff, username="nomine")
    assert refused.value.message == "No account has this username."
    intake_api.link_party(accomplishment=item, actor=staff, username="nominee")
    with pytest.raises(RuleViolation):
        intake_api.link_party(accomplishment=item, actor=staff, username="nominee")
    assert AccomplishmentLink.objects.count() == 1


def test_r25_a_link_becomes_a_peer_nomination_draft_that_asks_the_nominee_for_consent(eworld):
    item = eworld.submit()
    staff = eworld.users["staff"]
    link = intake_api.link_party(accomplishment=item, actor=staff, username="learner")
    nomination = intake_api.nominate_from_link(link=link, actor=staff)
    assert nomination.kind == Nomination.PEER and nomination.state == NominationState.DRAFT
    assert nomination.nominee_user == eworld.users["learner"] and nomination.nominator == staff
    assert item.title in nomination.summary and nomination.evidence_links == item.links
    link.refresh_from_db()
    assert link.nomination == nomination
    assert OutboxMessage.objects.filter(payload__template="consent_requested").exists()
    # From consent onwards the usual rules: it cannot be submitted before the nominee consents (R5).
    with pytest.raises(TransitionRefused) as refused:
        nominations_api.submit(nomination=nomination, actor=staff)
    assert "consent" in refused.value.message
    nominations_api.give_consent(nomination=nomination, actor=eworld.users["learner"])
    # And the link is a nomination only once.
    with pytest.raises(RuleViolation):
        intake_api.nominate_from_link(link=link, actor=staff)


def test_r25_the_nominations_domain_refuses_what_it_refuses_and_nothing_is_half_written(eworld):
    item = eworld.submit()
    staff = eworld.users["staff"]
    # The nominee already has an active nomination on the track in this cycle (World's draft).
    link = intake_api.link_party(accomplishment=item, actor=staff, username="nominee")
    with pytest.raises(RuleViolation) as refused:
        intake_api.nominate_from_link(link=link, actor=staff)
    assert refused.value.code == "duplicate_nomination"
    link.refresh_from_db()
    assert link.nomination is None
    # Nominations closed: the cycle's rule, said by the domain.
    other = intake_api.link_party(accomplishment=item, actor=staff, username="learner")
    close_nominations(eworld.cycle)
    with pytest.raises(RuleViolation) as refused:
        intake_api.nominate_from_link(link=other, actor=staff)
    assert refused.value.code == "nominations_closed"
    assert Nomination.objects.filter(cycle=eworld.cycle).count() == 1


def test_r10_a_conflicted_panelist_does_not_see_the_accomplishment_others_curate(eworld):
    mine = eworld.submit(user="conflicted", title="My own work")
    other = eworld.submit(title="Someone's work")
    linked = eworld.submit(title="Work by the conflicted panelist")
    intake_api.link_party(accomplishment=linked, actor=eworld.users["staff"], username="conflicted")
    conflicted, panelist = eworld.users["conflicted"], eworld.users["panelist"]
    assert set(intake_api.curated_by(conflicted, eworld.survey)) == {other}
    assert set(intake_api.curated_by(panelist, eworld.survey)) == {mine, other, linked}
    with pytest.raises(NotFound):
        intake_api.link_party(accomplishment=linked, actor=conflicted, username="learner")
    with pytest.raises(NotFound):
        intake_api.merge(duplicate=other, kept=mine, actor=conflicted)
    for role in ("learner", "member", "other_staff"):
        assert not intake_api.curated_by(eworld.users[role], eworld.survey).exists()


def test_only_staff_choose_what_the_public_page_shows(eworld):
    item = eworld.submit()
    with pytest.raises(NotPermitted):
        intake_api.set_shown(accomplishment=item, actor=eworld.users["panelist"], shown=True)
    with pytest.raises(NotFound):
        intake_api.set_shown(accomplishment=item, actor=eworld.users["member"], shown=True)
    assert not intake_api.public_accomplishments(eworld.program).exists()
    intake_api.set_shown(accomplishment=item, actor=eworld.users["staff"], shown=True)
    assert list(intake_api.public_accomplishments(eworld.program)) == [item]
    assert not intake_api.public_accomplishments(eworld.program_b).exists()


def test_retirement_removes_the_persons_accomplishments_and_links(eworld):
    kept = eworld.submit(user="member", title="Kept")
    duplicate = eworld.submit(user="endorser", title="Duplicate")
    intake_api.merge(duplicate=duplicate, kept=kept, actor=eworld.users["staff"])
    other = eworld.submit(user="endorser", title="Other")
    intake_api.link_party(accomplishment=other, actor=eworld.users["staff"], username="member")
    result = retire_user_data(eworld.users["member"])
    assert result["accomplishments"] == 1 and result["accomplishment_links"] == 1
    assert not Accomplishment.objects.filter(submitted_by=eworld.users["member"]).exists()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.title == "Duplicate"
    assert not AccomplishmentLink.objects.filter(user=eworld.users["member"]).exists()
    assert mail.outbox == []
