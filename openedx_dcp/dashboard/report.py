"""
The program report for a period (KR 4.2, "share program outcomes"): what the program did between two dates,
section by section, as plain data. The pages draw it (``/dcp/<program>/report/``, charts as server-rendered
SVG) and offer it as a self-contained HTML file to share; each generation is recorded (``ProgramReport``) and
the dashboard counts the ones shared.

Sections come from a small registry: a package adds one with ``@register_section(key, title, order=...)`` on a
function ``(program, period) -> dict``, and the report gathers them in order. A section is::

    {"figures": [{"label": str, "value": number or str}],        # the headline numbers
     "bars": [{"label": str, "value": number}] or None,          # drawn as a bar chart (and a table)
     "bars_title": str, "items": [str], "note": str}              # optional

Sections of packages below the dashboard (feedback rounds, program changes) register here, in this module,
with a function that calls their ``api.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.dashboard import api as dashboard_api
from openedx_dcp.dashboard.models import ProgramReport
from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.feedback import api as feedback_api
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.exceptions import ValidationFailed
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import EngagementKind, EngagementParticipation, Membership, MembershipState
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import User

    from openedx_dcp.programs.models import Program

__all__ = ["Period", "Section", "register_section", "sections", "program_report", "record_report", "default_period",
           "check_period", "reports_of", "MAX_PERIOD_DAYS"]

MAX_PERIOD_DAYS = 366 * 5


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included, and the same as aware datetimes (``since`` ≤ t < ``until``)."""

    start: datetime.date
    end: datetime.date

    @property
    def since(self) -> datetime.datetime:
        return datetime.datetime.combine(self.start, datetime.time(), tzinfo=datetime.timezone.utc)

    @property
    def until(self) -> datetime.datetime:
        return datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time(),
                                         tzinfo=datetime.timezone.utc)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    build: Callable[..., dict]
    order: int


_SECTIONS: dict[str, Section] = {}


def register_section(key: str, title, *, order: int):
    """Decorator: add (or replace) the report section ``key`` built by the decorated ``(program, period)``."""
    def add(build):
        _SECTIONS[key] = Section(key=key, title=title, build=build, order=order)
        return build
    return add


def sections() -> list[Section]:
    """The registered sections, in order."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def default_period(now: datetime.datetime | None = None) -> Period:
    """The last twelve months up to today."""
    today = (now or timezone.now()).date()
    return Period(start=today - datetime.timedelta(days=364), end=today)


def check_period(start: datetime.date, end: datetime.date) -> Period:
    """A period from ``start`` to ``end`` or a refusal that says what to fix."""
    if end < start:
        raise ValidationFailed(_("The period ends on or after its start."), field="end", code="dates_out_of_order")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise ValidationFailed(_("A report covers at most five years."), field="start", code="period_too_long")
    return Period(start=start, end=end)


def program_report(program: Program, *, period: Period) -> dict:
    """The report of ``program`` for ``period``: ``{"program", "period", "generated_at", "sections": [...]}``."""
    built = []
    for section in sections():
        body = section.build(program, period)
        if body is None:
            continue
        built.append({"key": section.key, "title": str(section.title), "figures": [], "bars": None,
                      "bars_title": "", "items": [], "note": "", **body})
    return {"program": program, "period": period, "generated_at": timezone.now(), "sections": built}


@transaction.atomic
def record_report(*, program: Program, actor: User, period: Period, form: str) -> ProgramReport:
    """Record that program staff generated the report (``form``: ``page`` or ``file``); refused to others."""
    programs_api.require_program_staff(user=actor, program=program)
    return ProgramReport.objects.create(program=program, period_start=period.start, period_end=period.end,
                                        form=form, generated_by=actor)


def _track_names(program):
    return dict(program.tracks.values_list("slug", "name"))


@register_section("cycles", gettext_lazy("Cycles"), order=10)
def _cycles(program, period):
    cycles = list(Cycle.objects.filter(program=program, nominations_open__lt=period.until)
                  .filter(announcement_at__gte=period.since).order_by("nominations_open"))
    announced = sum(1 for c in cycles if c.stage == Cycle.ANNOUNCED and c.announcement_at < period.until)
    return {
        "figures": [{"label": _("Cycles running in the period"), "value": len(cycles)},
                    {"label": _("Cohorts announced in the period"), "value": announced}],
        "items": [_("%(name)s: nominations %(open)s to %(close)s, announcement %(announce)s") % {
            "name": c.name, "open": c.nominations_open.date().isoformat(),
            "close": c.nominations_close.date().isoformat(), "announce": c.announcement_at.date().isoformat()}
            for c in cycles],
    }


@register_section("nominations", gettext_lazy("Nominations"), order=20)
def _nominations(program, period):
    names = _track_names(program)
    rows = (Nomination.objects.filter(cycle__program=program, submitted_at__gte=period.since,
                                      submitted_at__lt=period.until)
            .values("track__slug").annotate(count=Count("pk")).order_by("track__slug"))
    bars = [{"label": names.get(row["track__slug"], row["track__slug"]), "value": row["count"]} for row in rows]
    return {"figures": [{"label": _("Nominations submitted"), "value": sum(bar["value"] for bar in bars)}],
            "bars": bars or None, "bars_title": _("Nominations submitted, by track")}


@register_section("selections", gettext_lazy("Selections"), order=30)
def _selections(program, period):
    names = _track_names(program)
    rows = (Membership.objects.filter(program=program, term_start__gte=period.start, term_start__lte=period.end)
            .exclude(state=MembershipState.REVOKED)
            .values("track__slug").annotate(count=Count("pk")).order_by("track__slug"))
    bars = [{"label": names.get(row["track__slug"], row["track__slug"]), "value": row["count"]} for row in rows]
    return {"figures": [{"label": _("Distinguished Contributors recognized"), "value": sum(b["value"] for b in bars)}],
            "bars": bars or None, "bars_title": _("Distinguished Contributors recognized, by track")}


@register_section("participation", gettext_lazy("Participation in follow-on engagement"), order=40)
def _participation(program, period):
    metrics = membership_api.engagement_metrics(program=program)
    labels = dict(EngagementKind.choices)
    rows = (EngagementParticipation.objects.filter(membership__program=program, date__gte=period.start,
                                                   date__lte=period.end)
            .values("kind").annotate(count=Count("pk"), members=Count("membership", distinct=True)).order_by("kind"))
    bars = [{"label": str(labels.get(row["kind"], row["kind"])), "value": row["count"]} for row in rows]
    served = (EngagementParticipation.objects.filter(membership__program=program, date__gte=period.start,
                                                     date__lte=period.end)
              .values("membership_id").distinct().count())
    return {
        "figures": [{"label": _("Members who took part"), "value": served},
                    {"label": _("Live members opted in to follow-on engagement (today)"),
                     "value": f"{metrics['opted_in']} / {metrics['members']}"}],
        "bars": bars or None, "bars_title": _("Participations recorded, by kind"),
    }


@register_section("retention", gettext_lazy("Retention"), order=50)
def _retention(program, period):
    dashboard = dashboard_api.program_dashboard(program=program, now=min(period.until, timezone.now()))
    result = next(r for r in dashboard["key_results"] if r["key"] == "retention_12_months")
    curve = dashboard["retention_curve"]
    value = result["value"]
    figures = [{"label": _("Members still engaged 12 months after recognition"),
                "value": f"{round(value * 100)}%" if value is not None else _("Not measurable yet")}]
    bars = None
    if curve:
        bars = [{"label": _("%(months)s months") % {"months": point["months"]},
                 "value": round(point["rate"] * 100) if point["rate"] is not None else 0} for point in curve["points"]]
    return {"figures": figures, "bars": bars, "bars_title": _("Share still engaged (%), by months since recognition")}


@register_section("stories", gettext_lazy("Stories and spotlights"), order=60)
def _stories(program, period):
    figures = stories_api.story_figures(program, since=period.since, until=min(period.until, timezone.now()))
    stories = stories_api.published_stories(program).filter(published_at__gte=period.since,
                                                            published_at__lt=period.until)
    return {
        "figures": [{"label": _("Stories published"), "value": figures["published"]}],
        "bars": [{"label": q["quarter"], "value": q["stories"]} for q in figures["quarters"]] or None,
        "bars_title": _("Stories published, by quarter"),
        "items": [f"{story.published_at.date().isoformat()}: {story.title}" for story in stories[:50]],
    }


@register_section("citations", gettext_lazy("New contributors citing the program"), order=70)
def _citations(program, period):
    return {"figures": [{"label": _("People who said the program motivated them"),
                         "value": citations_api.citing_people(program, since=period.since, until=period.until)}]}


@register_section("feedback", gettext_lazy("Feedback rounds and the changes they motivated"), order=65)
def _feedback(program, period):
    data = feedback_api.feedback_report_section(program, period.since, period.until)
    figures = [{"label": _("Feedback rounds"), "value": len(data["rounds"])},
               {"label": _("Responses"), "value": data["responses"]},
               {"label": _("Program changes"), "value": len(data["changes"])},
               {"label": _("Changes citing feedback"), "value": data["changes_from_feedback"]}]
    if data["awareness"]:
        figures.append({"label": _("Aware of the program (%)"), "value": round(data["awareness"]["share"] * 100)})
    items = [f"{change['changed_at']:%Y-%m-%d}: {change['reason']}" if change.get("changed_at") else change["reason"]
             for change in data["changes"]]
    return {"figures": figures,
            "bars": [{"label": r["title"], "value": r["responses"]} for r in data["rounds"]] or None,
            "bars_title": _("Responses per round"), "items": items}


def reports_of(program: Program) -> list[ProgramReport]:
    """The latest reports generated for ``program`` (staff page), newest first."""
    return list(ProgramReport.objects.filter(program=program).select_related("generated_by")[:10])

