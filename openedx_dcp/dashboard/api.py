"""
The program's key results (R18, seeds 000 and 001), computed in the database from what the other packages
record. Each key result has a target, a current value and a status: ``met``, ``not_met``, ``no_data`` (nothing
to measure yet), ``reported`` (a figure without a target: panel rotation) or ``not_tracked`` (the plugin does
not record it yet).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from openedx_dcp.dashboard.models import ProgramReport
from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.feedback import api as feedback_api
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership import engagement
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import api as review_api

if TYPE_CHECKING:  # names in type hints only
    from openedx_dcp.programs.models import Program


__all__ = ["program_dashboard", "cohorts_by_track_and_year", "retention_curve", "NOT_TRACKED"]

MET, NOT_MET, NO_DATA, NOT_TRACKED, REPORTED = "met", "not_met", "no_data", "not_tracked", "reported"
YEAR = datetime.timedelta(days=365)


def _result(key, label, target, value, met=None, detail=None):
    if value is None:
        status = NO_DATA
    elif met is None:
        status = MET if value >= target else NOT_MET
    else:
        status = MET if met else NOT_MET
    return {"key": key, "label": label, "target": target, "value": value, "status": status, "detail": detail}


def _cycles_with_nominations(program):
    """Cycles of the program, newest first, with how many nominations were submitted and announced."""
    submitted = Q(nominations__submitted_at__isnull=False)
    return (
        Cycle.objects.filter(program=program)
        .select_related("rules")
        .annotate(submitted=Count("nominations", filter=submitted),
                  announced=Count("nominations", filter=Q(nominations__state=NominationState.ANNOUNCED)))
        .order_by("-nominations_open")
    )


def program_dashboard(*, program: Program, now: datetime.datetime | None = None, detailed: bool = False) -> dict:
    """
    The key results of ``program`` as of ``now``. ``detailed`` (the staff version) adds per-cycle figures.
    A fixed number of queries whatever the number of members and signals (P4).
    """
    now = now or timezone.now()
    cycles = list(_cycles_with_nominations(program))
    latest = cycles[0] if cycles else None
    results = [
        _result("nominations_per_cycle", "Nominations per cycle (latest cycle)", 50,
                latest.submitted if latest else None),
    ]
    first_announcement = Cycle.objects.filter(program=program, stage=Cycle.ANNOUNCED).aggregate(
        first=Min("announcement_at"))["first"]
    first_year = None
    if first_announcement is not None:
        first_year = Membership.objects.filter(
            program=program, cycle__announcement_at__lt=first_announcement + YEAR
        ).exclude(state=MembershipState.REVOKED).count()
    results.append(_result("selections_first_year", "Distinguished Contributors recognized in the first year", 10,
                           first_year))
    follow_on = membership_api.engagement_metrics(program=program)
    results.append(_result("follow_on_opt_in", "Members opted in to follow-on engagement", 0.5,
                           round(follow_on["opt_in_share"], 3) if follow_on["members"] else None,
                           detail={"members": follow_on["members"], "opted_in": follow_on["opted_in"]}))
    # KR 5.1 (intake): members who actually served, not opt-ins: accepted mentoring pairs, submitted validations
    # and participation staff recorded (engagement.mentoring.served_count).
    served = mentoring_api.served_count(program)
    results.append(_result("mentors_or_validators", "Members who served as mentors or validators (KR 5.1)", 5,
                           served if follow_on["members"] or served else None,
                           detail={"served": served, "opted_in": follow_on["opted_in"]}))
    due_cycle = next((c for c in cycles if c.stage == Cycle.ANNOUNCED and c.announcement_at + YEAR <= now), None)
    # From the daily rollups, not the signals: the dashboard's time must not grow with the signals table (P4).
    retention = engagement.cohort_retention(cycle=due_cycle, as_of=now.date(), from_rollups=True) if due_cycle else None
    results.append(_result(
        "retention_12_months", "Members still engaged 12 months after recognition",
        # The target of the cohort measured (its cycle's rules, R24); the current one while none is due.
        programs_api.rules_in_force(program=program, cycle=due_cycle).threshold("retention_target"),
        retention["retention"] if retention else None,
        detail={k: retention[k] for k in ("cycle", "due", "engaged")} if retention else None,
    ))
    results.extend(_story_results(program, now))
    # -- feedback rounds (KR 3.2), awareness (KR 1.3) and program changes (KR 3.3): engagement.feedback --
    rounds = feedback_api.rounds_per_year(program=program, now=now)
    results.append(_result("feedback_rounds", "Feedback rounds in the last 12 months (KR 3.2)", 2,
                           rounds["last_12_months"], detail={"by_year": rounds["by_year"]}))
    aware = feedback_api.awareness(program=program, now=now)
    results.append(_result("awareness", "Community members aware of the program (KR 1.3)", 0.8,
                           aware["share"] if aware else None, detail=aware))
    changes = feedback_api.program_changes(program=program, since=now - YEAR)
    results.append(_result("program_changes", "Program changes in the last 12 months (KR 3.3)", 1, len(changes),
                           detail={"changes": changes,
                                   "from_feedback": sum(1 for change in changes if change["feedback_round"])}))
    # -- end of feedback --
    panelled = next((c for c in cycles if c.stage != Cycle.NOMINATIONS), None)
    rotation = review_api.rotation_report(cycle=panelled) if panelled else None
    results.append({
        "key": "panel_rotation", "label": "Panelists who also sat on the previous cycle's panel (KR 3.1)",
        "target": None, "value": rotation["returning_share"] if rotation and rotation["panelists"] else None,
        "status": REPORTED if rotation and rotation["panelists"] else NO_DATA, "detail": rotation,
    })
    results.extend(_engagement_results(program, now))
    dashboard = {"program": program.slug, "as_of": now, "key_results": results,
                 "cohorts": cohorts_by_track_and_year(program=program),
                 "retention_curve": retention_curve(program=program, now=now, cycles=cycles)}
    if detailed:
        dashboard["cycles"] = [
            {"cycle": c.slug, "stage": c.stage, "submitted": c.submitted, "announced": c.announced}
            for c in cycles
        ]
        dashboard["live_members"] = follow_on["members"]
        dashboard["nominations_in_flight"] = Nomination.objects.filter(
            cycle__program=program,
            state__in=[NominationState.SUBMITTED, NominationState.SCREENING, NominationState.EVALUATION,
                       NominationState.DELIBERATION],
        ).count()
    return dashboard


# --- Stories (R19, KR 2.1), citations (KR 5.2) and shared reports (KR 4.2): the "stories" part of issue 14. ---
def _story_results(program, now):
    """Stories published (≥10) and the share of quarters with at least one since the first. One query."""
    figures = stories_api.story_figures(program, now=now)
    due = [q for q in figures["quarters"] if q["missed"] or q["stories"]]
    covered = sum(1 for q in due if q["stories"])
    return [
        _result("stories_and_spotlights", "Stories and spotlights published (KR 2.1)", 10, figures["published"],
                detail={"quarters": figures["quarters"]}),
        _result("stories_every_quarter", "Quarters with at least one story, since the first (R18)", 1.0,
                round(covered / len(due), 3) if due else None,
                detail={"quarters_due": len(due), "quarters_with_a_story": covered,
                        "missed": [q["quarter"] for q in due if q["missed"]]}),
    ]


def _engagement_results(program, now):
    """New contributors citing the program (≥3, KR 5.2) and reports shared in the last 12 months (≥1, KR 4.2)."""
    shared = ProgramReport.objects.filter(program=program, form=ProgramReport.FILE, generated_at__gte=now - YEAR,
                                          generated_at__lte=now).count()
    return [
        _result("new_contributors_citing_program", "New contributors citing the program (KR 5.2)", 3,
                citations_api.citing_people(program)),
        _result("outcomes_shared", "Program reports shared in the last 12 months (KR 4.2)", 1, shared),
    ]
# --- end of the "stories" part of issue 14. ---


def cohorts_by_track_and_year(*, program: Program) -> dict:
    """
    How many Distinguished Contributors each year's cohort recognized on each track (R18's selections, by
    track): ``{"years": [...], "tracks": [{"slug", "name"}], "counts": [{"year", "track", "members"}]}``, oldest
    year first. A revoked membership (decision withdrawn) never belonged to a cohort. Two queries.
    """
    tracks = [{"slug": slug, "name": name}
              for slug, name in program.tracks.order_by("order", "slug").values_list("slug", "name")]
    rows = (
        Membership.objects.filter(program=program).exclude(state=MembershipState.REVOKED)
        .annotate(year=Coalesce(ExtractYear("cycle__announcement_at"), ExtractYear("term_start")))
        .values("year", "track__slug").annotate(members=Count("pk")).order_by("year", "track__slug")
    )
    counts = [{"year": row["year"], "track": row["track__slug"], "members": row["members"]} for row in rows]
    return {"years": sorted({row["year"] for row in counts}), "tracks": tracks, "counts": counts}


def retention_curve(*, program: Program, now: datetime.datetime | None = None,
                    cycles: list[Cycle] | None = None) -> dict | None:
    """
    The retention curve of the newest announced cohort whose first anniversary (3 months) has passed: the
    share still engaged at 3, 6, 9 and 12 months (R18's definition at each anniversary, from the daily
    rollups), ``{"cycle", "points": [{"months", "due", "engaged", "rate"}]}`` (``rate`` None while nobody is
    due), or None while no cohort is old enough. One query (plus the cycles when not given).
    """
    now = now or timezone.now()
    if cycles is None:
        cycles = list(_cycles_with_nominations(program))
    first_anniversary = datetime.timedelta(days=engagement.anniversary_days(engagement.SURVIVAL_MONTHS[0]))
    cycle = next((c for c in cycles if c.stage == Cycle.ANNOUNCED and c.announcement_at + first_anniversary <= now),
                 None)
    if cycle is None:
        return None
    points = engagement.survival(cycle=cycle, as_of=now.date(), from_rollups=True)
    return {"cycle": cycle.slug, "cycle_name": cycle.name,
            "points": [{key: point[key] for key in ("months", "due", "engaged", "rate")} for point in points]}
