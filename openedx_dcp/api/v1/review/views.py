"""
Views of the review API (R9–R13): the panel of a cycle, the cycle's review actions, nominations as the panel
sees them, reviews, conflicts, deliberation, decisions, and the CSV export.

Thin callers of ``openedx_dcp.review.api``: cycles and nominations are looked up within the request's tenant
(R1) and, for nominations, among those the caller may see in review, so a conflicted panelist gets 404 (R10).
"""

import contextlib

from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from openedx_dcp.api.v1.base import DcpFilterBackend, DcpPagination, DcpViewMixin, DeferredJoinPagination
from openedx_dcp.api.v1.filters import ReviewNominationFilter
from openedx_dcp.api.v1.review import serializers as s
from openedx_dcp.api.v1.schema import OpenApiParameter, extend_schema
from openedx_dcp.api.v1.throttling import EndorsementRequestThrottle
from openedx_dcp.exceptions import DcpError, ValidationFailed
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.prepared import PreparedQuery, columns_of, instance_of
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle, Organization
from openedx_dcp.review import api, conflicts, equity, export
from openedx_dcp.review.models import Assignment, Decision, DeliberationComment, Panelist, Review


class ReviewPagination(DcpPagination):
    """Pages of 20 (``page_size`` up to 100), whatever the platform's default."""


class ReviewNominationPagination(DeferredJoinPagination):
    """Pages of 20 of the review list: the page's ids first, then their rows with their joins (P3)."""


class CycleMixin(DcpViewMixin):
    """Finds the cycle of the URL within the request's tenant (404 otherwise)."""

    permission_classes = [IsAuthenticated]

    def get_cycle(self):
        return get_object_or_404(
            Cycle.objects.select_related("program", "rules"), pk=self.kwargs["cycle_id"], program__site=self.site
        )

    def require_staff_or_panelist(self, cycle):
        if not api.may_read_panel(user=self.request.user, cycle=cycle):
            programs_api.require_program_staff(user=self.request.user, program=cycle.program)


class PanelView(CycleMixin, generics.GenericAPIView):
    """
    GET: the panel of a cycle (staff, panelists). POST (staff): seat a panelist by username (R9); the answer
    carries ``warnings`` such as a panelist without an email address.
    """

    serializer_class = s.PanelistSerializer
    pagination_class = ReviewPagination

    def get_queryset(self):
        # The browsable API asks for it to draw its forms; the tenant and role checks come from get_cycle.
        return Panelist.objects.filter(cycle=self.get_cycle()).select_related("user").order_by("seat", "pk")

    @extend_schema(responses=s.PanelistSerializer(many=True))
    def get(self, request, cycle_id):
        cycle = self.get_cycle()
        self.require_staff_or_panelist(cycle)
        page = self.paginate_queryset(Panelist.objects.filter(cycle=cycle).select_related("user")
                                      .order_by("seat", "pk"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=s.PanelistSerializer, responses={201: s.SeatedPanelistSerializer})
    def post(self, request, cycle_id):
        cycle = self.get_cycle()
        programs_api.require_program_staff(user=request.user, program=cycle.program)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        panelist = api.add_panelist(cycle=cycle, user=body.validated_data["user"], seat=body.validated_data["seat"],
                                    actor=request.user)
        return Response({**self.get_serializer(panelist).data, "warnings": api.seat_warnings(panelist=panelist)},
                        status=status.HTTP_201_CREATED)


class PanelistView(CycleMixin, generics.GenericAPIView):
    """DELETE (staff) ``{reason}``: take a panelist off the panel before evaluation, saying why."""

    serializer_class = s.PanelistRemovalSerializer

    def get_queryset(self):
        return Panelist.objects.filter(cycle=self.get_cycle())

    @extend_schema(responses={204: None}, parameters=[
        OpenApiParameter("reason", {"type": "string", "maxLength": 2000},
                         description="Why the panelist leaves (or `reason` in a JSON body)."),
    ])
    def delete(self, request, cycle_id, pk):
        cycle = self.get_cycle()
        panelist = get_object_or_404(Panelist.objects.select_related("user", "cycle__program"), pk=pk, cycle=cycle)
        programs_api.require_program_staff(user=request.user, program=cycle.program)
        # DELETE bodies are not always forwarded by proxies: the reason may also come as ``?reason=``.
        body = self.get_serializer(data=request.data or request.query_params)
        body.is_valid(raise_exception=True)
        api.remove_panelist(panelist=panelist, actor=request.user, reason=body.validated_data["reason"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class PanelReportView(CycleMixin, APIView):
    """GET (staff, panelists): the quota status of the panel (R9) and the rotation report (KR 3.1)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, cycle_id):
        cycle = self.get_cycle()
        self.require_staff_or_panelist(cycle)
        return Response({
            "quotas": api.quota_status(cycle=cycle),
            "quota_problems": api.quota_problems(cycle=cycle),
            "rotation": api.rotation_report(cycle=cycle),
        })


class CycleActionView(CycleMixin, generics.GenericAPIView):
    """
    POST: one step of the cycle's review (R11), through the workflow. ``screen``, ``start_evaluation``,
    ``assign_reviewers``, ``start_deliberation``, ``request_approval``, ``release`` and ``announce`` are for
    program staff; ``approve`` for a steward representative.
    """

    serializer_class = s.CycleActionSerializer
    ACTIONS = {
        "screen": lambda *, cycle, actor, note: api.screen_cycle(cycle=cycle, actor=actor),
        "start_evaluation": api.start_evaluation,
        "assign_reviewers": lambda *, cycle, actor, note: {"assigned": api.assign_reviewers(cycle=cycle, actor=actor)},
        "start_deliberation": api.start_deliberation,
        "request_approval": api.request_approval,
        "approve": api.approve,
        "release": lambda *, cycle, actor, note: {"released": api.release_decisions(cycle=cycle, actor=actor)},
        "announce": lambda *, cycle, actor, note: api.announce_cohort(cycle=cycle, actor=actor),
    }

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def post(self, request, cycle_id, action):
        if action not in self.ACTIONS:
            raise Http404(f"Unknown action '{action}'.")
        cycle = self.get_cycle()
        api.require_cycle_action(user=request.user, cycle=cycle, action=action)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = self.ACTIONS[action](cycle=cycle, actor=request.user, note=body.validated_data["note"])
        cycle.refresh_from_db()
        extra = result if isinstance(result, dict) else {}
        return Response({"cycle": cycle.pk, "stage": cycle.stage, **extra})


class ExportView(CycleMixin, APIView):
    """GET (program staff): the cycle's nominations with aggregate scores, as CSV."""

    @extend_schema(responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request, cycle_id):
        cycle = self.get_cycle()
        response = HttpResponse(export.cycle_csv(cycle, request.user), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{cycle.program.slug}-{cycle.slug}-review.csv"'
        return response


class ReviewNominationMixin(DcpViewMixin):
    """Nominations as the caller may see them in review (R1, R10): others answer 404."""

    permission_classes = [IsAuthenticated]

    def visible(self):
        """The nominations the caller may see in review, in the list's order (ids, counts)."""
        return api.nominations_for_review(user=self.request.user, site=self.site,
                                          cycles=self.tenant_cycles()).order_by("pk")

    def get_queryset(self):
        return self.visible().select_related(
            "cycle__program", "cycle__rules", "track", "nominee_user", "nominee_organization",
            "panel_decision__recorded_by",
        )

    def get_nomination(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def staff_request_about_a_panelist(self, request):
        """
        For staff actions on one panelist of the nomination's cycle: ``(nomination, validated body, panelist)``
        after checking the caller runs the program and the panelist sits on this cycle's panel.
        """
        nomination = self.get_nomination()
        programs_api.require_program_staff(user=request.user, program=nomination.cycle.program)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        panelist = Panelist.objects.filter(user__username=body.validated_data["username"],
                                           cycle=nomination.cycle).select_related("user").first()
        if panelist is None:
            raise ValidationFailed(_("No such panelist on this cycle's panel."), field="username",
                                   code="not_a_panelist")
        return nomination, body.validated_data, panelist


@contextlib.contextmanager
def panelist_named_by_username():
    """A refusal about the panelist, keyed by the request's field that named them (``username``), not ``panelist``."""
    try:
        yield
    except DcpError as error:
        if "panelist" in error.errors:
            error.errors = {("username" if key == "panelist" else key): value for key, value in error.errors.items()}
        raise


class ReviewNominationList(ReviewNominationMixin, generics.ListAPIView):
    """
    GET: the nominations the caller works on in review; ``?cycle=<id>``. A panelist sees their assigned
    nominations (and in deliberation all of their cycle), never a conflicted one; partner nominations show
    the metrics that apply (R13); aggregates appear after the panelist's own review.
    """

    serializer_class = s.ReviewNominationSerializer
    pagination_class = ReviewNominationPagination
    filter_backends = [DcpFilterBackend]
    filterset_class = ReviewNominationFilter

    def list(self, request, *args, **kwargs):
        ids = self.paginator.page_ids(self.filter_queryset(self.visible()), request, view=self)
        page = _rows_of(ids)
        context = review_context(request.user, page, self.tenant_cycles())
        return self.get_paginated_response(s.ReviewNominationSerializer(page, many=True, context=context).data)


class ReviewNominationDetail(ReviewNominationMixin, generics.RetrieveAPIView):
    """GET: one nomination as the caller may see it in review."""

    serializer_class = s.ReviewNominationSerializer

    def retrieve(self, request, *args, **kwargs):
        nomination = self.get_nomination()
        context = review_context(request.user, [nomination], self.tenant_cycles())
        return Response(s.ReviewNominationSerializer(nomination, context=context).data)


# What a review row reads of a nomination, its nominee and its staged decision: the columns it shows (the
# nomination's long texts it does not show, the nominee's account and the decision's recorder but a name, are
# left unread; P3).
_NOMINATION_COLUMNS = columns_of(Nomination, {
    "id", "cycle_id", "track_id", "kind", "state", "summary", "impact_statement", "references", "evidence_links",
    "nominee_user_id", "nominee_organization_id",
})
_NOMINEE_COLUMNS = columns_of(get_user_model(), {"id", "username"}, prefix="nominee_user__")
_ORGANIZATION_COLUMNS = columns_of(Organization, {"id", "name", "size"}, prefix="nominee_organization__")
_DECISION_COLUMNS = columns_of(Decision, prefix="panel_decision__")
_RECORDER_COLUMNS = columns_of(get_user_model(), {"id", "username"}, prefix="panel_decision__recorded_by__")
_REVIEW_ROWS = PreparedQuery(lambda shape, ids: Nomination.objects.order_by().filter(pk__in=ids).values(
    *_NOMINATION_COLUMNS, *_NOMINEE_COLUMNS, *_ORGANIZATION_COLUMNS, *_DECISION_COLUMNS, *_RECORDER_COLUMNS))
_NO_DECISION = Nomination._meta.get_field("panel_decision")


def _row_instance(row, cycles, tracks):
    """A nomination of the page as ``select_related`` would have loaded it, from its prepared row."""
    nomination = instance_of(Nomination, row, _NOMINATION_COLUMNS)
    nomination.cycle, nomination.track = cycles[nomination.cycle_id], tracks[nomination.track_id]
    if nomination.nominee_user_id is not None:
        nomination.nominee_user = instance_of(get_user_model(), row, _NOMINEE_COLUMNS, "nominee_user__")
    if nomination.nominee_organization_id is not None:
        nomination.nominee_organization = instance_of(Organization, row, _ORGANIZATION_COLUMNS,
                                                      "nominee_organization__")
    if row["panel_decision__id"] is None:
        _NO_DECISION.set_cached_value(nomination, None)
    else:
        decision = instance_of(Decision, row, _DECISION_COLUMNS, "panel_decision__")
        if decision.recorded_by_id is not None:
            decision.recorded_by = instance_of(get_user_model(), row, _RECORDER_COLUMNS,
                                               "panel_decision__recorded_by__")
        nomination.panel_decision = decision
    return nomination


def _rows_of(ids):
    """
    The nominations ``ids`` (a page the caller may see), in order, with what a review row shows, read by three
    prepared queries (the queries' compiling was most of a page's time, ADR 0027): the rows, the page's cycles
    (with their program and rules) and its tracks.
    """
    rows = {row["id"]: row for row in _REVIEW_ROWS.rows(len(ids), int_lists={"ids": list(ids)})}
    cycles = programs_api.cycles_by_id(ids=(row["cycle_id"] for row in rows.values()))
    tracks = programs_api.tracks_by_id(ids=(row["track_id"] for row in rows.values()))
    return [_row_instance(rows[pk], cycles, tracks) for pk in ids if pk in rows]


def review_context(user, nominations, cycles):
    """
    What the nomination serializer needs for a page, in a fixed number of queries; ``cycles`` is the request's
    ``tenant_cycles`` (the nominations are the tenant's).
    """
    ids = [n.pk for n in nominations]
    page_cycles = {n.cycle_id for n in nominations}
    if cycles.seats is not None:
        seats = cycles.seats & page_cycles
    else:
        seats = set(Panelist.objects.filter(user_id=user.pk, cycle_id__in=page_cycles).values_list("cycle_id",
                                                                                                  flat=True))
    own, assigned = set(), set()
    if seats:  # reviews and assignments are a seat's: someone on none of the page's panels has neither
        own = set(Review.objects.filter(panelist__user=user, nomination_id__in=ids).values_list("nomination_id",
                                                                                               flat=True))
        assigned = set(Assignment.objects.filter(panelist__user=user, nomination_id__in=ids).values_list(
            "nomination_id", flat=True))

    def is_staff_view(nomination):
        return nomination.cycle_id not in seats and nomination.cycle_id in cycles.staff

    def show_aggregate(nomination):
        return api.may_see_panel_scores(stage=nomination.cycle.stage, reviewed_it=nomination.pk in own,
                                        staff_view=is_staff_view(nomination))

    return {
        "scores": api.aggregate_scores(nominations=nominations),
        "metrics": equity.partner_metrics_for(nominations),
        "own_reviews": own,
        "assigned": assigned,
        "is_staff_view": is_staff_view,
        "show_aggregate": show_aggregate,
    }


class ReviewsView(ReviewNominationMixin, generics.GenericAPIView):
    """GET: the reviews of a nomination the caller may read (R10, R11). POST (assigned panelist): submit."""

    serializer_class = s.ReviewInputSerializer
    pagination_class = ReviewPagination

    @extend_schema(responses=s.ReviewSerializer(many=True))
    def get(self, request, pk):
        nomination = self.get_nomination()
        page = self.paginate_queryset(api.reviews_visible_to(user=request.user, nomination=nomination))
        return self.get_paginated_response(s.ReviewSerializer(page, many=True).data)

    @extend_schema(responses={201: s.ReviewSerializer})
    def post(self, request, pk):
        nomination = self.get_nomination()
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        review = api.submit_review(nomination=nomination, user=request.user, scores=body.validated_data["scores"],
                                   comment=body.validated_data["comment"])
        return Response(s.ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class AssignmentsView(ReviewNominationMixin, generics.GenericAPIView):
    """
    GET (staff): the panelists assigned to review the nomination. POST (staff): assign a panelist of the
    cycle's panel, named by username; never a conflicted one (R10).
    """

    serializer_class = s.AssignmentInputSerializer
    pagination_class = ReviewPagination

    @extend_schema(responses=s.AssignmentSerializer(many=True))
    def get(self, request, pk):
        nomination = self.get_nomination()
        programs_api.require_program_staff(user=request.user, program=nomination.cycle.program)
        assignments = (Assignment.objects.filter(nomination=nomination)
                       .select_related("panelist__user", "assigned_by").order_by("created", "pk"))
        page = self.paginate_queryset(assignments)
        return self.get_paginated_response(s.AssignmentSerializer(page, many=True).data)

    @extend_schema(request=s.AssignmentInputSerializer, responses={201: s.AssignmentSerializer})
    def post(self, request, pk):
        nomination, _data, panelist = self.staff_request_about_a_panelist(request)
        with panelist_named_by_username():
            assignment = api.assign(nomination=nomination, panelist=panelist, actor=request.user)
        assignment = Assignment.objects.select_related("panelist__user", "assigned_by").get(pk=assignment.pk)
        return Response(s.AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class ConflictsView(ReviewNominationMixin, generics.GenericAPIView):
    """
    GET (staff): the conflicts of every panelist on the nomination, with their kinds. POST (panelist): recuse,
    with a reason (R10).
    """

    serializer_class = s.ConflictDeclarationSerializer
    pagination_class = ReviewPagination

    @extend_schema(responses=s.PanelConflictSerializer(many=True))
    def get(self, request, pk):
        nomination = self.get_nomination()
        programs_api.require_program_staff(user=request.user, program=nomination.cycle.program)
        found = conflicts.panel_conflicts(nomination)
        page = self.paginate_queryset(Panelist.objects.filter(pk__in=found).select_related("user").order_by("pk"))
        rows = [{"panelist": p.pk, "username": p.user.username, "kinds": found[p.pk]} for p in page]
        return self.get_paginated_response(s.PanelConflictSerializer(rows, many=True).data)

    @extend_schema(responses={201: s.ConflictRecordSerializer})
    def post(self, request, pk):
        # A panelist may recuse from any nomination of their cycle, assigned or not yet.
        nomination = get_object_or_404(
            Nomination.objects.filter(cycle__program__site=self.site,
                                      cycle__panelists__user_id=request.user.pk).select_related("cycle__program"),
            pk=pk,
        )
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        conflict = api.declare_conflict(nomination=nomination, user=request.user, reason=body.validated_data["reason"])
        return Response({"id": conflict.pk, "kind": conflict.kind}, status=status.HTTP_201_CREATED)


class ConflictClearView(ReviewNominationMixin, generics.GenericAPIView):
    """POST (staff): clear a suggested conflict (a colleague of the nominee) with a reason (R10)."""

    serializer_class = s.ConflictClearSerializer

    @extend_schema(responses={201: s.ConflictRecordSerializer})
    def post(self, request, pk):
        nomination, data, panelist = self.staff_request_about_a_panelist(request)
        with panelist_named_by_username():
            conflict = api.clear_suggested_conflict(nomination=nomination, panelist=panelist, actor=request.user,
                                                    reason=data["reason"])
        return Response({"id": conflict.pk, "kind": conflict.kind}, status=status.HTTP_201_CREATED)


class CommentsView(ReviewNominationMixin, generics.GenericAPIView):
    """GET: the deliberation on a nomination. POST (non-conflicted panelist, staff): comment (R11)."""

    serializer_class = s.CommentSerializer
    pagination_class = ReviewPagination

    @extend_schema(responses=s.CommentSerializer(many=True))
    def get(self, request, pk):
        nomination = self.get_nomination()
        comments = (DeliberationComment.objects.filter(nomination=nomination).select_related("author")
                    .order_by("created", "pk"))
        page = self.paginate_queryset(comments)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses={201: s.CommentSerializer})
    def post(self, request, pk):
        nomination = self.get_nomination()
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = api.add_comment(nomination=nomination, user=request.user, body=body.validated_data["body"])
        return Response(self.get_serializer(comment).data, status=status.HTTP_201_CREATED)


class VotesView(ReviewNominationMixin, generics.GenericAPIView):
    """POST (non-conflicted panelist): vote on a nomination in deliberation."""

    serializer_class = s.VoteSerializer

    @extend_schema(responses={201: s.VoteSerializer})
    def post(self, request, pk):
        nomination = self.get_nomination()
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        vote = api.cast_vote(nomination=nomination, user=request.user, choice=body.validated_data["choice"])
        return Response(self.get_serializer(vote).data, status=status.HTTP_201_CREATED)


class DecisionView(ReviewNominationMixin, generics.GenericAPIView):
    """
    GET: the staged or released decision. POST (staff): stage the panel's decision with its rationale.
    DELETE (staff): unstage it during deliberation (R11).
    """

    serializer_class = s.DecisionSerializer

    def get(self, request, pk):
        nomination = self.get_nomination()
        decision = Decision.objects.filter(nomination=nomination).select_related("recorded_by").first()
        if decision is None:
            raise Http404("No decision is staged on this nomination.")
        return Response(self.get_serializer(decision).data)

    @extend_schema(responses={201: s.DecisionSerializer})
    def post(self, request, pk):
        nomination = self.get_nomination()
        programs_api.require_program_staff(user=request.user, program=nomination.cycle.program)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = api.stage_decision(nomination=nomination, actor=request.user, outcome=body.validated_data["outcome"],
                                      rationale=body.validated_data["rationale"])
        return Response(self.get_serializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        nomination = self.get_nomination()
        api.unstage_decision(nomination=nomination, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RationalePublicationView(ReviewNominationMixin, generics.GenericAPIView):
    """POST (staff): publish (or withdraw) the decision's rationale to the nominator and nominee (R26)."""

    serializer_class = s.RationalePublicationSerializer

    @extend_schema(responses=s.DecisionSerializer)
    def post(self, request, pk):
        nomination = self.get_nomination()
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        decision = api.publish_rationale(nomination=nomination, actor=request.user,
                                         published=body.validated_data["published"])
        return Response(s.DecisionSerializer(decision).data)


class RescindView(ReviewNominationMixin, generics.GenericAPIView):
    """POST (staff): withdraw a selection, revoking a started membership."""

    serializer_class = s.NoteSerializer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        nomination = self.get_nomination()
        programs_api.require_program_staff(user=request.user, program=nomination.cycle.program)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        rescinded = api.rescind_decision(nomination=nomination, actor=request.user, note=body.validated_data["note"])
        return Response({"id": rescinded.pk, "state": rescinded.state})


class EndorsementRequestView(DcpViewMixin, generics.GenericAPIView):
    """POST (the nominator): ask a recognized community member to endorse; they are emailed."""

    serializer_class = s.EndorsementRequestSerializer
    permission_classes = [IsAuthenticated]
    # Each request emails a person (DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS).
    throttle_classes = [EndorsementRequestThrottle]

    @extend_schema(responses={202: None})
    def post(self, request, pk):
        nomination = get_object_or_404(
            nominations_api.nominations_visible_to(user=request.user, site=self.site).select_related("cycle__program",
                                                                                          "cycle__rules"),
            pk=pk,
        )
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        endorser = get_user_model().objects.filter(username=body.validated_data["endorser"]).first()
        api.request_endorsement(nomination=nomination, actor=request.user, endorser=endorser)
        return Response(status=status.HTTP_202_ACCEPTED)
