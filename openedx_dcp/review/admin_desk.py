"""
The review desk in Django admin: how program staff run a cycle's review without the REST API (R9–R13).

One entry per cycle ("Cycle reviews") with four pages:

- **Panel**: each seat's quota as filled/required (R9), seating by username among the people whose role fits,
  removal with a reason, the rotation report (who sat on earlier cycles, KR 3.1);
- **Assignments**: assign a reviewer by hand, or preview the automatic, balanced assignment (conflicts and the
  nominee's organization respected, R10) and save exactly what was previewed;
- **Board**: every nomination with scores per criterion, weighted aggregate, spread, missing reviews, votes,
  comments, conflict markers and the partner equity metrics (R13); sortable, filterable by track; the stage
  moves of the cycle (screen … request the steward's approval, release, announce);
- **Nomination**: its reviews, conflicts (clear a suggested one), votes, deliberation comments, and the
  decision: stage with rationale, unstage, rescind.

Every change calls ``openedx_dcp.review.api`` (which moves states through the workflow module), each in one
transaction: a refusal is shown as an admin message and nothing is half-written. The desk is scoped like every
admin of the plugin (R1): another program's cycle answers "not found"; a staff member who sits on the panel
never sees a nomination they are conflicted on (R10, R26).
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.exceptions import DcpError, ValidationFailed
from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.admin_base import ProgramScopedAdmin
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import api, conflicts, equity
from openedx_dcp.review.models import (
    Assignment,
    CycleReview,
    Decision,
    DeliberationComment,
    Panelist,
    Review,
    Vote,
)

# The cycle's stage moves offered on the board, in the order of a cycle (R11), with the stage each starts from.
STAGE_STEPS = [
    ("screen", gettext_lazy("Screen the submitted nominations"), {Cycle.NOMINATIONS, Cycle.SCREENING}),
    ("start_evaluation", gettext_lazy("Start impact evaluation"), {Cycle.SCREENING}),
    ("start_deliberation", gettext_lazy("Start deliberation"), {Cycle.EVALUATION}),
    ("request_approval", gettext_lazy("Request the steward's approval"), {Cycle.DELIBERATION}),
    ("release", gettext_lazy("Release the decisions"), {Cycle.APPROVED}),
    ("announce", gettext_lazy("Announce the cohort"), {Cycle.APPROVED}),
]
_STEP_FUNCTIONS = {
    "screen": lambda *, cycle, actor, note: api.screen_cycle(cycle=cycle, actor=actor),
    "start_evaluation": api.start_evaluation,
    "start_deliberation": api.start_deliberation,
    "request_approval": api.request_approval,
    "release": lambda *, cycle, actor, note: api.release_decisions(cycle=cycle, actor=actor),
    "announce": lambda *, cycle, actor, note: api.announce_cohort(cycle=cycle, actor=actor),
}


@admin.register(CycleReview)
class CycleReviewAdmin(ProgramScopedAdmin):
    """The review desk of each cycle of the staff member's programs."""

    program_path = "program"
    list_display = ["name", "program", "stage", "panel_status", "desk_links"]
    list_filter = ["program", "stage"]
    list_select_related = ["program", "rules"]
    search_fields = ["name", "slug"]

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Panel (seated / required)"))
    def panel_status(self, obj):
        quotas = programs_api.cycle_rules(cycle=obj).threshold("panel_quotas")
        seated = getattr(obj, "seated", None)
        required = sum(low for low, _high in quotas.values())
        return f"{seated if seated is not None else obj.panelists.count()} / {required}"

    @admin.display(description=gettext_lazy("Review desk"))
    def desk_links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            self._url("panel", obj.pk), _("Panel"), self._url("assignments", obj.pk), _("Assignments"),
            self._url("board", obj.pk), _("Board"),
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(seated=Count("panelists"))

    # ---- plumbing -----------------------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:cycle_id>/panel/", wrap(self.panel_view), name="openedx_dcp_cyclereview_panel"),
            path("<int:cycle_id>/assignments/", wrap(self.assignments_view),
                 name="openedx_dcp_cyclereview_assignments"),
            path("<int:cycle_id>/board/", wrap(self.board_view), name="openedx_dcp_cyclereview_board"),
            path("<int:cycle_id>/nominations/<int:nomination_id>/", wrap(self.nomination_view),
                 name="openedx_dcp_cyclereview_nomination"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The desk's front page is the board; the cycle's own fields are edited in the Cycle admin.
        return HttpResponseRedirect(self._url("board", object_id))

    @staticmethod
    def _url(page, cycle_id, *args):
        return reverse(f"admin:openedx_dcp_cyclereview_{page}", args=[cycle_id, *args])

    def _cycle(self, request, cycle_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Another program's cycle, or another tenant's, is not found (R1).
        return get_object_or_404(
            Cycle.objects.filter(pk__in=self.get_queryset(request).values("pk")).select_related("program", "rules"),
            pk=cycle_id,
        )

    def _render(self, request, template, cycle, title, **context):
        return TemplateResponse(request, f"openedx_dcp/admin/review/{template}.html", {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "cycle": cycle,
            "title": title,
            "current_tab": "board" if template == "nomination" else template,
            "tabs": [(page, label, self._url(page, cycle.pk)) for page, label in (
                ("panel", _("Panel")), ("assignments", _("Assignments")), ("board", _("Board")))],
            **context,
        })

    @staticmethod
    def _run(request, function, success):
        """Call a domain function; its refusal becomes an error message. Returns whether it succeeded."""
        try:
            result = function()
        except DcpError as exc:
            messages.error(request, exc.message)
            return False
        messages.success(request, success(result) if callable(success) else success)
        return True

    # ---- panel (R9) ---------------------------------------------------------------------------------------

    def panel_view(self, request, cycle_id):
        cycle = self._cycle(request, cycle_id)
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "seat":
                self._seat(request, cycle)
            elif action == "remove":
                panelist = get_object_or_404(Panelist.objects.select_related("user", "cycle__program"),
                                             pk=request.POST.get("panelist") or 0, cycle=cycle)
                self._run(request, lambda: api.remove_panelist(panelist=panelist, actor=request.user,
                                                               reason=request.POST.get("reason", "")),
                          _("%(user)s left the panel.") % {"user": panelist.user.get_username()})
            return HttpResponseRedirect(request.path)
        panel = list(Panelist.objects.filter(cycle=cycle).select_related("user", "added_by").order_by("seat", "pk"))
        history = api.panel_history(cycle=cycle)
        candidates = api.seat_candidates(cycle=cycle)
        quotas = api.quota_status(cycle=cycle)
        for row in quotas:
            row["candidates"] = candidates.get(row["seat"], [])
        return self._render(
            request, "panel", cycle, _("Panel of %(cycle)s") % {"cycle": cycle.name},
            quotas=quotas, problems=api.quota_problems(cycle=cycle), rotation=api.rotation_report(cycle=cycle),
            panel=[{"panelist": p, "earlier": history.get(p.user_id, [])} for p in panel],
            panel_open=cycle.stage in Cycle.Stage.PANEL_OPEN,
        )

    def _seat(self, request, cycle):
        username = (request.POST.get("username") or "").strip()
        user = get_user_model().objects.filter(username=username).first() if username else None
        if user is None:
            messages.error(request, _("No account with the username “%(name)s”.") % {"name": username})
            return
        try:
            panelist = api.add_panelist(cycle=cycle, user=user, seat=request.POST.get("seat", ""), actor=request.user)
        except DcpError as exc:
            messages.error(request, exc.message)
            return
        messages.success(request, _("%(user)s sits on the panel as %(seat)s.") % {
            "user": username, "seat": panelist.seat})
        for warning in api.seat_warnings(panelist=panelist):
            messages.warning(request, warning)

    # ---- assignments (R10, R11) ---------------------------------------------------------------------------

    def assignments_view(self, request, cycle_id):
        cycle = self._cycle(request, cycle_id)
        if request.method == "POST":
            self._assign_post(request, cycle)
            return HttpResponseRedirect(request.path)
        hidden = conflicts.hidden_from(request.user, cycle_ids=[cycle.pk])
        nominations = list(
            Nomination.objects.filter(cycle=cycle, state=NominationState.EVALUATION).exclude(pk__in=hidden)
            .select_related("track", "nominee_user", "nominee_organization").order_by("pk")
        )
        panel = list(Panelist.objects.filter(cycle=cycle).select_related("user", "cycle__program").order_by("pk"))
        reviewers = {}
        done = set(Review.objects.filter(nomination__in=nominations).values_list("assignment_id", flat=True))
        for assignment in Assignment.objects.filter(nomination__in=nominations).select_related(
                "panelist__user").order_by("pk"):
            reviewers.setdefault(assignment.nomination_id, []).append(
                {"username": assignment.panelist.user.get_username(), "done": assignment.pk in done})
        conflicted = {}
        load = {p.pk: 0 for p in panel}
        for panelist in panel:
            for nomination_id in conflicts.conflicted_ids(panelist).values_list("pk", flat=True):
                conflicted.setdefault(nomination_id, []).append(panelist.user.get_username())
        for panelist_id in Assignment.objects.filter(panelist__cycle=cycle).values_list("panelist_id", flat=True):
            load[panelist_id] = load.get(panelist_id, 0) + 1
        preview = None
        needed = programs_api.cycle_rules(cycle=cycle).threshold("min_reviews_per_nomination")
        if request.GET.get("preview") and cycle.stage == Cycle.EVALUATION:
            try:
                wanted = int(request.GET.get("reviews") or needed)
                preview = api.plan_assignments(cycle=cycle, reviews_per_nomination=wanted)
            except ValueError:
                messages.error(request, _("Reviews per nomination is a whole number."))
            except DcpError as exc:
                messages.error(request, exc.message)
            if preview is not None:
                # A conflicted staff member on the panel does not learn about a hidden nomination from the plan.
                visible = {n.pk for n in nominations}
                preview["pairs"] = [(n, p) for n, p in preview["pairs"] if n.pk in visible]
                preview["by_panelist"] = [
                    {"username": p.user.get_username(), "before": load.get(p.pk, 0), "after": preview["load"][p.pk]}
                    for p in panel
                ]
                preview["encoded"] = [f"{n.pk}:{p.pk}" for n, p in preview["pairs"]]
        return self._render(
            request, "assignments", cycle, _("Assignments of %(cycle)s") % {"cycle": cycle.name},
            rows=[{"nomination": n, "reviewers": reviewers.get(n.pk, []), "conflicted": conflicted.get(n.pk, [])}
                  for n in nominations],
            panel=[{"panelist": p, "load": load.get(p.pk, 0)} for p in panel],
            needed=needed, preview=preview, evaluating=cycle.stage == Cycle.EVALUATION,
            reviews_wanted=request.GET.get("reviews") or needed,
        )

    def _assign_post(self, request, cycle):
        action = request.POST.get("action")
        if action == "assign":
            hidden = conflicts.hidden_from(request.user, cycle_ids=[cycle.pk])
            nomination = Nomination.objects.filter(cycle=cycle, pk=request.POST.get("nomination") or 0).exclude(
                pk__in=hidden).select_related("cycle__program").first()
            panelist = Panelist.objects.filter(cycle=cycle, pk=request.POST.get("panelist") or 0).select_related(
                "user", "cycle__program").first()
            if nomination is None or panelist is None:
                messages.error(request, _("Choose a nomination in evaluation and a panelist of this panel."))
                return
            self._run(request, lambda: api.assign(nomination=nomination, panelist=panelist, actor=request.user),
                      _("%(user)s reviews nomination #%(id)s.") % {"user": panelist.user.get_username(),
                                                                    "id": nomination.pk})
        elif action == "apply":
            try:
                pairs = [tuple(int(part) for part in value.split(":", 1)) for value in request.POST.getlist("pair")]
                if not pairs or any(len(pair) != 2 for pair in pairs):
                    raise ValidationFailed(_("There is nothing to save: preview the assignment first."))
            except ValueError:
                messages.error(request, _("The previewed assignment could not be read; preview it again."))
                return
            except DcpError as exc:
                messages.error(request, exc.message)
                return
            self._run(request, lambda: api.apply_assignments(cycle=cycle, pairs=pairs, actor=request.user),
                      lambda count: _("%(count)s assignment(s) saved.") % {"count": count})

    # ---- the board (R11–R13) ------------------------------------------------------------------------------

    def board_view(self, request, cycle_id):
        cycle = self._cycle(request, cycle_id)
        if request.method == "POST":
            step = request.POST.get("step")
            if step not in _STEP_FUNCTIONS:
                messages.error(request, _("Unknown step."))
            else:
                note = request.POST.get("note", "")
                self._run(request, lambda: _STEP_FUNCTIONS[step](cycle=cycle, actor=request.user, note=note),
                          lambda result: _("Done: %(step)s.") % {"step": {
                              name: label for name, label, _stages in STAGE_STEPS}[step]})
            return HttpResponseRedirect(request.get_full_path())
        board = api.review_board(cycle=cycle, user=request.user, track=request.GET.get("track") or None,
                                 order=request.GET.get("o") or "id")
        columns = [("id", "#"), ("nominee", _("Nominee")), ("track", _("Track")), ("score", _("Weighted score")),
                   ("spread", _("Spread")), ("reviews", _("Reviews")), ("missing", _("Missing")),
                   ("votes", _("Votes"))]
        headers = []
        for key, label in columns:
            current = board["order"].lstrip("-") == key
            descending = board["order"].startswith("-")
            headers.append({"label": label, "current": current, "descending": current and descending,
                            "url": "?" + _query(track=board["track"], o=("" if current and descending else "-")
                                                + key if current else key)})
        for row in board["rows"]:
            row["url"] = self._url("nomination", cycle.pk, row["nomination"].pk)
        return self._render(
            request, "board", cycle, _("Review board of %(cycle)s") % {"cycle": cycle.name},
            board=board, headers=headers,
            steps=[(name, label) for name, label, stages in STAGE_STEPS if cycle.stage in stages],
            track_links=[("", _("All tracks"), "?" + _query(o=board["order"]))] + [
                (slug, name, "?" + _query(track=slug, o=board["order"])) for slug, name in board["tracks"]],
            export_url=reverse("openedx_dcp:review-export", args=[cycle.pk]),
        )

    # ---- one nomination: reviews, conflicts, deliberation, decision ------------------------------------------

    def nomination_view(self, request, cycle_id, nomination_id):
        cycle = self._cycle(request, cycle_id)
        nomination = (
            Nomination.objects.filter(cycle=cycle).exclude(pk__in=conflicts.hidden_from(request.user,
                                                                                       cycle_ids=[cycle.pk]))
            .exclude(state__in=[NominationState.DRAFT, NominationState.WITHDRAWN])
            .select_related("cycle__program", "cycle__rules", "track", "nominee_user", "nominee_organization",
                            "nominator").filter(pk=nomination_id).first()
        )
        if nomination is None:
            raise Http404(_("No such nomination in this cycle."))
        if request.method == "POST":
            self._nomination_post(request, nomination)
            return HttpResponseRedirect(request.path)
        rubric = api.rubric_of(nomination=nomination)
        reviews = [
            {"review": review, "scores": [(c["label"], review.scores.get(c["key"])) for c in rubric]}
            for review in api.reviews_visible_to(user=request.user, nomination=nomination)
        ]
        found = conflicts.panel_conflicts(nomination)
        panel = {p.pk: p for p in Panelist.objects.filter(cycle=cycle).select_related("user")}
        conflict_rows = [
            {"panelist": panel[pk], "kinds": [conflicts.REASONS[kind] for kind in kinds],
             "clearable": kinds == [conflicts.COLLEAGUE]}
            for pk, kinds in sorted(found.items()) if pk in panel
        ]
        decision = Decision.objects.filter(nomination=nomination).select_related("recorded_by").first()
        return self._render(
            request, "nomination", cycle, str(nomination),
            nomination=nomination, rubric=rubric, reviews=reviews, conflicts=conflict_rows,
            votes=Vote.objects.filter(nomination=nomination).select_related("panelist__user").order_by("pk"),
            comments=DeliberationComment.objects.filter(nomination=nomination).select_related("author"),
            decision=decision, partner=equity.partner_metrics(nomination),
            deliberating=cycle.stage == Cycle.DELIBERATION and nomination.state == NominationState.DELIBERATION,
            rescindable=nomination.state in (NominationState.SELECTED, NominationState.ANNOUNCED),
            outcomes=Decision.Outcome.choices, board_url=self._url("board", cycle.pk),
        )

    def _nomination_post(self, request, nomination):
        action, user = request.POST.get("action"), request.user
        if action == "stage":
            self._run(request, lambda: api.stage_decision(nomination=nomination, actor=user,
                                                          outcome=request.POST.get("outcome", ""),
                                                          rationale=request.POST.get("rationale", "")),
                      _("Decision staged; it reaches the nominee only after the steward's approval and release."))
        elif action == "unstage":
            self._run(request, lambda: api.unstage_decision(nomination=nomination, actor=user), _("Decision unstaged."))
        elif action == "rescind":
            self._run(request, lambda: api.rescind_decision(nomination=nomination, actor=user,
                                                            note=request.POST.get("note", "")),
                      _("Selection rescinded."))
        elif action == "comment":
            self._run(request, lambda: api.add_comment(nomination=nomination, user=user, body=request.POST.get("body",
                                                                                                               "")),
                      _("Comment added."))
        elif action == "clear":
            panelist = Panelist.objects.filter(cycle=nomination.cycle, pk=request.POST.get("panelist") or 0) \
                .select_related("user", "cycle__program").first()
            if panelist is None:
                messages.error(request, _("No such panelist on this panel."))
                return
            self._run(request, lambda: api.clear_suggested_conflict(nomination=nomination, panelist=panelist,
                                                                    actor=user,
                                                                     reason=request.POST.get("reason", "")),
                      _("Suggested conflict cleared."))
        else:
            messages.error(request, _("Unknown action."))


def _query(**params):
    """A query string of the non-empty ``params``."""
    return urlencode({key: value for key, value in params.items() if value})
