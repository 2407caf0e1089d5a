"""
User retirement leaves no personal data in the plugin's tables (issue 10, item 18): after ``retire_user_data``
and the LMS replacing the account's username and email, no column of any plugin table holds a retired
person's name, username or email, and a retired member is out of the public directory.
"""

import datetime
import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.membership.models import Membership
from openedx_dcp.retirement import retire_user_data
from openedx_dcp.review import api
from tests.review.factories import after_close, at_announcement

SCORES = {"depth": 4, "originality": 3, "adoption": 5}


def _name(user, first, last, email):
    user.first_name, user.last_name, user.email = first, last, email
    user.save()
    return user


def _all_text(model):
    """Every (field, value) of the text, char and JSON columns of ``model``'s rows, JSON as text."""
    fields = [f for f in model._meta.concrete_fields
              if isinstance(f, (models.CharField, models.TextField, models.JSONField))]
    for row in model._default_manager.values_list(*[f.name for f in fields]):
        for field, value in zip(fields, row):
            if value is None:
                continue
            yield field.name, value if isinstance(value, str) else json.dumps(value)


def _build(world):
    """
    Zelda (nominee 0) is reviewed, discussed, decided on and announced; Yorick (a panelist) reviews, recuses
    with a reason and comments; both are named in other people's text.
    """
    zelda = _name(world.nominees[0], "Zelda", "Quintessa", "zelda.q@mail.example.org")
    yorick = _name(world.panel_users["core_contributor"][0], "Yorick", "Panelmann", "yorick.p@mail.example.org")
    nomination = world.nominations[0]
    yorick.dcp_roles.update(note=f"Recommended by {zelda.username}, ask yorick.p@mail.example.org")
    ContributionSignal.objects.create(
        site=world.site, user=zelda, kind="code_contribution", source="github",
        source_id=f"github.com/{zelda.username}/xblock/pull/7", url=f"https://github.com/{zelda.username}",
        occurred_at=timezone.now() - datetime.timedelta(days=30))
    world.seat_panel()
    api.declare_conflict(nomination=world.nominations[1], user=yorick,
                         reason=f"Yorick Panelmann co-authored with {zelda.username} (zelda.q@mail.example.org).")
    world.to_evaluation()
    with after_close(world.cycle):
        api.assign_reviewers(cycle=world.cycle, actor=world.staff)
        for each in world.nominations:
            for assignment in each.review_assignments.select_related("panelist__user"):
                api.submit_review(nomination=each, user=assignment.panelist.user, scores=SCORES,
                                  comment=f"{assignment.panelist.user.username} on Zelda Quintessa: strong.")
        api.start_deliberation(cycle=world.cycle, actor=world.staff)
        api.add_comment(nomination=nomination, user=world.staff,
                        body=f"Zelda's work (ask {zelda.username}) convinced Yorick Panelmann.")
        api.add_comment(nomination=nomination, user=world.panel_users["toc_member"][0], body="I agree with yorick.")
        api.stage_decision(nomination=nomination, actor=world.staff, outcome="selected",
                           rationale=f"Zelda Quintessa ({zelda.username}) leads XBlocks.")
        for other, outcome in zip(world.nominations[1:], ("selected", "not_selected")):
            api.stage_decision(nomination=other, actor=world.staff, outcome=outcome, rationale="Panel consensus.")
        api.request_approval(cycle=world.cycle, actor=world.staff)
        api.approve(cycle=world.cycle, actor=world.steward_panelist_user)
    with at_announcement(world.cycle):
        api.release_decisions(cycle=world.cycle, actor=world.staff)
        api.announce_cohort(cycle=world.cycle, actor=world.staff)
    return zelda, yorick


def _identifiers(user):
    return [user.username, user.email, user.first_name + " " + user.last_name, user.first_name, user.last_name]


def _found(identifiers):
    found = []
    for model in apps.get_app_config("openedx_dcp").get_models():
        for field, text in _all_text(model):
            for identifier in identifiers:
                if identifier.lower() in text.lower():
                    found.append((model.__name__, field, identifier, text[:120]))
    return found


def test_retirement_leaves_no_name_username_or_email_in_any_plugin_table(world):
    zelda, yorick = _build(world)
    identifiers = _identifiers(zelda) + _identifiers(yorick)
    # The data really holds them before retirement, in the places the issue names.
    before = {(model, field) for model, field, _i, _t in _found(identifiers)}
    for place in [("Review", "comment"), ("DeliberationComment", "body"), ("Decision", "rationale"),
                  ("ConflictOfInterest", "reason"), ("AuditRecord", "note"), ("ContributionSignal", "url"),
                  ("CommunityRole", "note")]:
        assert place in before, place
    assert Membership.objects.filter(user=zelda).exists()
    for person in (zelda, yorick):
        retire_user_data(person)
        # What the LMS then does to the account itself.
        get_user_model().objects.filter(pk=person.pk).update(
            username=f"retired__user_{person.pk}", email=f"retired__user_{person.pk}@retired.invalid",
            first_name="", last_name="")
    assert _found(identifiers) == []


def test_a_retired_member_leaves_the_public_directory(world):
    zelda, _yorick = _build(world)
    url = f"/api/dcp/v1/public/programs/{world.program.slug}/members/"
    listed = world.client(None).get(url).json()
    assert zelda.username in json.dumps(listed)
    retire_user_data(zelda)
    get_user_model().objects.filter(pk=zelda.pk).update(username=f"retired__user_{zelda.pk}")
    listed = json.dumps(world.client(None).get(url).json())
    assert "retired__user" not in listed and zelda.username not in listed
    assert Membership.objects.get(user=zelda).retired_at is not None
