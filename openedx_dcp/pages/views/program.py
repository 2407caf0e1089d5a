"""
The program's home: what the program is, its tracks and criteria, the current cycle's phases, who is eligible,
how to nominate, and the latest cohort. Readable without signing in.
"""

from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openedx_dcp.membership import api as membership_api
from openedx_dcp.pages import labels
from openedx_dcp.pages.base import PageView, page_url
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Track
from openedx_dcp.review import api as review_api


class ProgramIndexView(PageView):
    """``/dcp/``: the tenant's one program (redirect), or the list of its programs."""

    login_required = False
    template_name = "openedx_dcp/pages/program_index.html"
    page_title = _("Programs")

    def get(self, request, *args, **kwargs):
        programs = list(programs_api.programs_for_site(site=self.site).order_by("name"))
        if not programs:
            raise Http404("No program on this site.")
        if len(programs) == 1:
            return redirect(page_url("home", program=programs[0].slug))
        return self.render_to_response(self.get_context_data(programs=programs, page_title=self.page_title))


def phases(cycle, now):
    """The cycle's dated phases in order, each with whether it is past, current or to come."""
    steps = [
        (_("Nominations open"), cycle.nominations_open),
        (_("Nominations close"), cycle.nominations_close),
        (_("Panel review starts"), cycle.review_start),
        (_("Panel review ends"), cycle.review_end),
        (_("Cohort announced"), cycle.announcement_at),
    ]
    rows = []
    for index, (name, at) in enumerate(steps):
        following = steps[index + 1][1] if index + 1 < len(steps) else None
        rows.append({
            "name": name,
            "at": at,
            "past": at <= now,
            # "Today" sits on the last phase that has begun (the phase we are in).
            "current": at <= now and (following is None or now < following),
        })
    return rows


class ProgramHomeView(PageView):
    """``/dcp/<program>/``: the program explained, for anyone who may come to nominate."""

    login_required = False
    nav = "home"
    template_name = "openedx_dcp/pages/program_home.html"

    def get_context_data(self, **kwargs):
        now = timezone.now()
        cycle = programs_api.current_cycle(program=self.program, now=now)
        # The rules in force for the people acting now: the current cycle's version (R24), else the newest.
        rules = programs_api.rules_in_force(program=self.program, cycle=cycle)
        tracks = [
            {**track, "for_organizations": track.get("nominee_kind") == Track.ORGANIZATION}
            for track in rules.tracks
        ]
        announced = programs_api.latest_announced_cycle(program=self.program)
        user = self.request.user
        # A steward representative is shown every final list that waits for their approval (R11), also of a
        # cycle other than the one people nominate in now.
        awaiting_approval = review_api.final_lists_awaiting(user=user, program=self.program)
        cohort = list(membership_api.directory(program=self.program).filter(cycle=announced)) if announced else []
        return super().get_context_data(
            page_title=self.program.name,
            tracks=tracks,
            thresholds=rules.thresholds,
            rules_version=rules.version.version,
            cycle=cycle,
            cycle_stage=labels.label(labels.CYCLE_STAGES, cycle.stage) if cycle else None,
            nominations_open=cycle.nominations_are_open(now) if cycle else False,
            phases=phases(cycle, now) if cycle else [],
            now=now,
            announced_cycle=announced,
            cohort=cohort,
            awaiting_approval=awaiting_approval,
            **kwargs,
        )
