"""
Programs, versioned rules (R24), tracks (R2) and cycles (R4).
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from openedx_dcp.exceptions import ValidationFailed
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle, ProgramRules
from tests.factories import UserFactory, make_cycle, make_program


def test_r2_a_new_program_has_the_four_tracks_of_the_seeds(program):
    tracks = {t.slug: t.nominee_kind for t in program.tracks.all()}
    assert tracks == {"engineer": "person", "advocate": "person", "innovator": "person", "partner": "organization"}
    rubric = {c["key"] for c in program.tracks.get(slug="partner").rubric}
    assert rubric == {"contributions", "financial_commitment", "relative_engagement"}  # R12


def test_r24_rules_versions_record_who_when_why(program):
    staff = UserFactory()
    v2 = programs_api.change_thresholds(program=program, actor=staff,
                                        reason="Fewer endorsements for small communities.",
                                        min_endorsements=2)
    assert (v2.version, v2.changed_by, v2.threshold("min_endorsements")) == (2, staff, 2)
    assert program.current_rules == v2
    assert program.rules_versions.get(version=1).threshold("min_endorsements") == 3


def test_r24_rules_versions_are_append_only(program):
    rules = program.current_rules
    rules.reason = "rewritten"
    with pytest.raises(ValueError):
        rules.save()


@pytest.mark.parametrize("changes,message", [
    ({"min_endorsements": -1}, "min_endorsements"),
    ({"min_steward_endorsements": 9}, "Steward"),
    ({"panel_quotas": {"toc_member": [3, 1]}}, "toc_member"),
    ({"nonsense": 1}, "Unknown threshold"),
])
def test_r24_invalid_rules_are_refused_whole(program, changes, message):
    with pytest.raises(ValidationFailed, match=message):
        programs_api.change_thresholds(program=program, actor=None, reason="try", **changes)
    assert program.rules_versions.count() == 1


def test_r24_a_reason_is_required(program):
    with pytest.raises(ValidationFailed, match="reason"):
        programs_api.change_thresholds(program=program, actor=None, reason="  ", min_endorsements=4)


def test_r24_track_changes_and_new_tracks_are_versioned_and_cycles_keep_theirs(program):
    cycle = make_cycle(program)
    engineer = program.tracks.get(slug="engineer")
    programs_api.update_track(track=engineer, actor=None, reason="Add mentoring to the rubric.",
                              rubric=engineer.rubric + [{"key": "mentoring", "label": "Mentoring", "weight": 0.5,
                                                         "max_score": 5}])
    programs_api.add_track(program=program, actor=None, reason="KR 3.3: Rising Stars", slug="rising-stars",
                           name="Rising Star",
                           rubric=[{"key": "promise", "label": "Promise", "weight": 1, "max_score": 5}],
                           renewal_criteria={})
    assert program.rules_versions.count() == 3
    latest = program.current_rules
    assert latest.track("rising-stars")["name"] == "Rising Star"
    assert len(latest.track("engineer")["rubric"]) == 4
    cycle.refresh_from_db()
    assert cycle.rules.version == 1 and len(cycle.rules.track("engineer")["rubric"]) == 3
    assert cycle.rules.track("rising-stars") is None


def test_r4_cycle_phases_must_be_in_order(program):
    now = timezone.now()
    with pytest.raises(ValidationFailed):
        programs_api.create_cycle(program=program, slug="bad", name="Bad", nominations_open=now,
                                  nominations_close=now - datetime.timedelta(days=1),
                                  review_start=now, review_end=now + datetime.timedelta(days=1),
                                  announcement_at=now + datetime.timedelta(days=2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(program=program, rules=program.current_rules, slug="raw", name="raw",
                             nominations_open=now, nominations_close=now - datetime.timedelta(days=1),
                             review_start=now, review_end=now + datetime.timedelta(days=1),
                             announcement_at=now + datetime.timedelta(days=2))


def test_r4_first_cycle_of_the_seeds(program):
    utc = datetime.timezone.utc
    cycle = programs_api.create_cycle(
        program=program, slug="2025", name="First cohort", nominations_open=datetime.datetime(2025, 4, 15, tzinfo=utc),
        nominations_close=datetime.datetime(2025, 6, 1, tzinfo=utc), review_start=datetime.datetime(2025, 6, 1,
                                                                                                    tzinfo=utc),
        review_end=datetime.datetime(2025, 6, 16, tzinfo=utc), announcement_at=datetime.datetime(2025, 7, 1,
                                                                                                 tzinfo=utc))
    assert cycle.nominations_are_open(datetime.datetime(2025, 5, 31, 23, tzinfo=utc))
    assert not cycle.nominations_are_open(datetime.datetime(2025, 6, 1, tzinfo=utc))
    assert not cycle.nominations_are_open(datetime.datetime(2025, 4, 14, tzinfo=utc))


def test_r1_program_slugs_are_unique_per_site_only(program):
    other = make_program(slug=program.slug)
    assert other.slug == program.slug and other.site != program.site
    with pytest.raises(ValidationFailed):
        make_program(site=program.site, slug=program.slug)
    assert ProgramRules.objects.filter(program=program).count() == 1
