"""
R24: a cycle keeps the rules it started with. Every rule that runs within a cycle reads them through
``programs_api.cycle_rules``; each test here changes the program's rules while the cycle runs and checks the
rule against the cycle's version. Also the rules schema's field errors (issue 10, item 12) and R13's size
(item 11).
"""

import datetime

import pytest
from django.utils import timezone

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.exceptions import RuleViolation, ValidationFailed
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import MembershipState
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import eligibility
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole, ProgramRules
from openedx_dcp.review import api as review_api
from openedx_dcp.review import equity
from tests.factories import OrganizationFactory, UserFactory, affiliate, ask, endorse, make_cycle, nominate
from tests.membership.factories import add_signal, announced_cycle, make_membership

RISING = {"rubric": [{"key": "promise", "label": "Promise", "weight": 1, "max_score": 5}], "renewal_criteria": {}}


def _change(program, **thresholds):
    return programs_api.change_thresholds(program=program, actor=None, reason="Changed while a cycle runs.",
                                          **thresholds)


def test_cycle_rules_is_the_version_the_cycle_started_with(program, cycle, track):
    _change(program, min_endorsements=7)
    programs_api.update_track(track=track, actor=None, reason="New rubric.", rubric=[{"key": "x", "label": "X",
                                                                                      "weight": 1,
                                                                    "max_score": 3}])
    rules = programs_api.cycle_rules(cycle=cycle, track=track)
    assert rules.version.version == 1 and rules.threshold("min_endorsements") == 3
    assert [c["key"] for c in rules.rubric] == ["depth", "originality", "adoption"]
    assert programs_api.cycle_rules(cycle=make_cycle(program, slug="next"), track=track).rubric[0]["key"] == "x"


def test_r6_endorsement_quorum_is_the_cycles(program, cycle, track, people):
    nomination = nominate(cycle, track, people["nominator"], people["nominee"])
    for endorser in people["endorsers"][:2] + [people["steward"]]:
        endorse(nomination, endorser)
    _change(program, min_endorsements=5, min_steward_endorsements=2)
    assert eligibility.endorsement_shortfall(nomination) == []


def test_r3_r6_endorser_roles_are_the_cycles(program, cycle, track, people):
    nomination = nominate(cycle, track, people["nominator"], people["nominee"])
    _change(program, endorser_roles=["steward_representative"])
    later = make_cycle(program, slug="later")
    _change(program, endorser_roles=["core_contributor", "steward_representative"])
    # The cycle's version lets core contributors endorse: the request and the endorsement are accepted...
    review_api.request_endorsement(nomination=nomination, actor=people["nominator"], endorser=people["endorsers"][1])
    review_api.request_endorsement(nomination=nomination, actor=people["nominator"], endorser=people["endorsers"][0])
    assert nominations_api.endorse(nomination=nomination,
                                   endorser=people["endorsers"][0]).role == CommunityRole.CORE_CONTRIBUTOR
    # ...and in a cycle started on a steward-only version they are not, whatever the current version says.
    other = nominate(later, track, people["nominator"], people["nominee"])
    with pytest.raises(RuleViolation):
        review_api.request_endorsement(nomination=other, actor=people["nominator"], endorser=people["endorsers"][1])
    ask(other, people["endorsers"][0])  # asked (R26), yet the cycle's roles refuse the endorsement
    with pytest.raises(RuleViolation):
        nominations_api.endorse(nomination=other, endorser=people["endorsers"][0])


def test_r7_contribution_years_and_qualifying_kinds_are_the_cycles(program, cycle, track, people):
    nomination = nominate(cycle, track, people["nominator"], people["nominee"], first_contribution_date=None,
                          first_contribution_evidence="")
    ContributionSignal.objects.create(site=program.site, user=people["nominee"], kind="code_contribution",
                                      source="test", source_id="pr-1",
                                      occurred_at=timezone.now() - datetime.timedelta(days=3 * 365))
    assert eligibility.eligibility_problems(nomination) == []
    _change(program, min_contribution_years=10)
    programs_api.update_track(track=track, actor=None, reason="Only talks count now.", qualifying_signal_kinds=["talk"])
    nomination.refresh_from_db()
    assert eligibility.eligibility_problems(nomination) == []


def test_r8_renomination_wait_and_kinds_are_the_cycles(program, track):
    old = announced_cycle(program)
    membership = make_membership(old)
    membership.state, membership.lapsed_on = MembershipState.LAPSED, datetime.date(2025, 1, 1)
    membership.save()
    add_signal(membership, "code_contribution", datetime.date(2025, 2, 1))
    cycle = make_cycle(program, slug="2026")
    assert eligibility.renomination_problems(cycle, track, nominee_user=membership.user) == []
    assert membership_api.eligible_again_dates(memberships=[membership]) == {membership.pk: datetime.date(2026, 2, 1)}
    # Rules changed while the 2026 cycle takes nominations: a longer wait and other kinds apply to later cycles.
    _change(program, renomination_wait_years=5)
    programs_api.update_track(track=track, actor=None, reason="Only talks count now.", qualifying_signal_kinds=["talk"])
    assert eligibility.renomination_problems(cycle, track, nominee_user=membership.user) == []
    assert membership_api.eligible_again_dates(memberships=[membership]) == {membership.pk: datetime.date(2026, 2, 1)}


def test_r24_a_track_added_after_the_cycle_started_opens_with_the_next(program, cycle, people):
    rising = programs_api.add_track(program=program, actor=None, reason="KR 3.3", slug="rising-stars",
                                    name="Rising Star", **RISING)
    with pytest.raises(ValidationFailed, match="next cycle") as refused:
        nominate(cycle, rising, people["nominator"], people["nominee"])
    assert refused.value.code == "track_not_in_cycle"
    assert nominate(make_cycle(program, slug="next"), rising, people["nominator"], people["nominee"]).pk


def test_r24_nominee_kind_is_the_cycles(program, cycle, track, people):
    programs_api.update_track(track=track, actor=None, reason="Engineer becomes an organization track.",
                              nominee_kind="organization")
    assert nominate(cycle, track, people["nominator"], people["nominee"]).nominee_user == people["nominee"]


def test_r13_partner_large_size_is_the_cycles(program, cycle, people):
    org = OrganizationFactory(site=program.site, size=100)
    nomination = nominations_api.create_nomination(cycle=cycle, track=program.tracks.get(slug="partner"),
                                                   nominator=people["nominator"],
                                                   kind="peer", nominee_organization=org, summary="x",
                                                   impact_statement="y")
    assert equity.partner_metrics(nomination)["assessed_on"] == equity.PER_EMPLOYEE  # 100 < 250
    _change(program, partner_large_size=50)
    assert equity.partner_metrics(nomination)["assessed_on"] == equity.PER_EMPLOYEE


# ---- item 11: R13's size is the organization's record ---------------------------------------------------------

def test_r13_a_nominator_cannot_change_the_organization_size(world):
    big = OrganizationFactory(site=world.site_a, size=1000)
    representative = UserFactory(username="rep")
    affiliate(representative, big)
    nomination = nominations_api.create_nomination(
        cycle=world.cycle, track=world.program.tracks.get(slug="partner"), nominator=representative, kind="self",
        nominee_organization=big,
        summary="x", impact_statement="y",
    )
    client = world.client(None)
    client.force_authenticate(representative)
    response = client.patch(f"/api/dcp/v1/nominations/{nomination.pk}/", {"organization_size": 5}, format="json")
    assert response.status_code == 200 and response.json()["organization_size"] == 1000
    with pytest.raises(ValidationFailed):
        nominations_api.update_nomination(nomination=nomination, actor=representative, organization_size=5)
    assert equity.partner_metrics(nomination)["assessed_on"] == equity.ABSOLUTE
    assert equity.partner_metrics(nomination)["organization_size"] == 1000


# ---- item 12: the rules schema refuses bad rules with field errors --------------------------------------------

@pytest.mark.parametrize("thresholds,path", [
    ({"panel_quotas": {}}, ("panel_quotas",)),
    ({"endorser_roles": ["learner"]}, ("endorser_roles", "0")),
    ({"endorser_roles": []}, ("endorser_roles",)),
    ({"panel_quotas": {"learner": [1, 2]}}, ("panel_quotas",)),
    ({"min_endorsements": "3"}, ("min_endorsements",)),
])
def test_r24_bad_thresholds_are_400_with_the_field_path(world, thresholds, path):
    response = world.client("staff").post(f"/api/dcp/v1/programs/{world.program.pk}/rules/",
                                          {"thresholds": thresholds, "reason": "try"}, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    node = body["thresholds"]
    for part in path:
        node = node[part]
    assert isinstance(node, list) and node and body["code"] == "invalid"
    assert world.program.rules_versions.count() == 1


@pytest.mark.parametrize("change,field", [
    ({"rubric": []}, "rubric"),
    ({"rubric": [{"key": "depth", "label": "Depth", "weight": 0, "max_score": 5}]}, "rubric"),
    ({"qualifying_signal_kinds": "code_contribution"}, "qualifying_signal_kinds"),
    ({"renewal_criteria": {"signal_kinds": "talk"}}, "renewal_criteria"),
])
def test_r24_bad_track_data_is_400_with_the_field(world, change, field):
    response = world.client("staff").patch(f"/api/dcp/v1/tracks/{world.track.pk}/", {**change, "reason": "try"},
                                           format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    world.track.refresh_from_db()
    assert len(world.track.rubric) == 3 and world.program.rules_versions.count() == 1


@pytest.mark.parametrize("field", ["rubric", "renewal_criteria", "qualifying_signal_kinds"])
def test_r24_a_form_body_null_is_400_not_500(world, field):
    response = world.client("staff").patch(f"/api/dcp/v1/tracks/{world.track.pk}/", {field: "null",
                                                                                     "reason": "try"})
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_r24_a_threshold_added_after_a_version_was_written_reads_its_default(program, cycle):
    old = ProgramRules.objects.get(program=program, version=1)
    data = {**old.data, "thresholds": {k: v for k, v in old.data["thresholds"].items()
                                       if k != "engagement_min_signals"}}
    ProgramRules.objects.filter(pk=old.pk).update(data=data)
    cycle.refresh_from_db()
    assert programs_api.cycle_rules(cycle=cycle).threshold("engagement_min_signals") == 1
    # And a change recorded on top of such a version is complete again.
    assert _change(program, min_endorsements=4).data["thresholds"]["engagement_min_signals"] == 1
    with pytest.raises(KeyError):
        cycle.rules.threshold("no_such_threshold")
