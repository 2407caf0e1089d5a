"""
REST API of feedback rounds (R20): thin callers of ``openedx_dcp.engagement.feedback.api``. What the caller may
not see (a round outside their audience, a draft, another tenant's) reads as not found (R26).
"""

from django.http import HttpResponse
from rest_framework import generics, status
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from openedx_dcp.api.v1.base import DcpPagination, DcpViewMixin
from openedx_dcp.api.v1.feedback import serializers as ser
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.engagement.feedback import api as feedback_api
from openedx_dcp.exceptions import NotFound
from openedx_dcp.programs import api as programs_api

__all__ = ["RoundListView", "RoundDetailView", "ResponseView", "ResultsView", "ResultsExportView",
           "RoundActionView"]


class RoundListView(DcpViewMixin, generics.GenericAPIView):
    """
    ``GET``: the rounds of the program that ask the caller (open or closed), with whether they answered; program
    staff get every round of the program, drafts included.
    """

    permission_classes = [IsAuthenticated]
    pagination_class = DcpPagination
    serializer_class = ser.RoundSerializer

    @extend_schema(responses=ser.RoundSerializer(many=True))
    def get(self, request, program_id):
        program = get_object_or_404(programs_api.programs_for_site(site=self.site), pk=program_id)
        rounds = feedback_api.rounds_for(program=program, user=request.user)
        if rounds["all"] is not None:
            listed = rounds["all"]
            answered = {}
        else:
            listed = [row["round"] for row in rounds["asked"]]
            answered = {row["round"].pk: row["answered"] for row in rounds["asked"]}
        page = self.paginate_queryset(listed)
        data = ser.RoundSerializer(page, many=True, context={"answered": answered}).data
        return self.get_paginated_response(data)


class _RoundMixin(DcpViewMixin):
    permission_classes = [IsAuthenticated]

    def load(self, pk):
        return feedback_api.visible_round_by_id(site=self.site, pk=pk, user=self.request.user)


class RoundDetailView(_RoundMixin, generics.GenericAPIView):
    """``GET``: a round with its questions, and why the caller cannot answer it now (or null)."""

    serializer_class = ser.RoundDetailSerializer

    def get(self, request, pk):
        feedback_round = self.load(pk)
        problem = feedback_api.answerable_problem(feedback_round=feedback_round, user=request.user)
        answered = {feedback_round.pk: feedback_api.has_answered(feedback_round=feedback_round, user=request.user)}
        return Response(ser.RoundDetailSerializer(feedback_round, context={
            "answered": answered, "problem": problem.message if problem else None}).data)


class ResponseView(_RoundMixin, generics.GenericAPIView):
    """
    ``POST {"answers": {"<question id>": value}}``: answer the round, once. 201 when recorded; 400 with a message
    per question (``{"answers": {"<id>": [...]}}``) or a ``code`` (``already_answered``, ``round_closed``,
    ``round_not_open``).
    """

    serializer_class = ser.AnswersSerializer

    @extend_schema(request=ser.AnswersSerializer, responses={201: ser.AnsweredSerializer})
    def post(self, request, pk):
        feedback_round = self.load(pk)
        payload = ser.AnswersSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        feedback_api.submit_response(feedback_round=feedback_round, user=request.user,
                                     answers=payload.validated_data["answers"])
        return Response({"round": feedback_round.pk, "answered": True, "anonymous": feedback_round.anonymous},
                        status=status.HTTP_201_CREATED)


class ResultsView(_RoundMixin, generics.GenericAPIView):
    """``GET`` (program staff): the results per question; an anonymous round's only once closed (ADR 0019)."""

    serializer_class = ser.ResultsSerializer

    def get(self, request, pk):
        feedback_round = self.load(pk)
        summary = feedback_api.results(feedback_round=feedback_round, user=request.user)
        return Response(ser.ResultsSerializer(summary).data)


class ResultsExportView(_RoundMixin, generics.GenericAPIView):
    """``GET`` (program staff): the answers as CSV, one row per response (no person in an anonymous round)."""

    @extend_schema(responses={(200, "text/csv"): str})
    def get(self, request, pk):
        feedback_round = self.load(pk)
        text = feedback_api.results_csv(feedback_round=feedback_round, user=request.user)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (f'attachment; filename="{feedback_round.program.slug}-'
                                           f'{feedback_round.slug}.csv"')
        return response


class RoundActionView(_RoundMixin, generics.GenericAPIView):
    """``POST`` (program staff): ``open`` a draft round (its audience is emailed) or ``close`` an open one."""

    serializer_class = ser.ActionSerializer
    ACTIONS = {"open": feedback_api.open_round, "close": feedback_api.close_round}

    @extend_schema(request=ser.ActionSerializer, responses=ser.RoundSerializer)
    def post(self, request, pk, action):
        feedback_round = self.load(pk)
        if action not in self.ACTIONS:
            raise NotFound()
        payload = ser.ActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        moved = self.ACTIONS[action](feedback_round=feedback_round, actor=request.user,
                                     note=payload.validated_data["note"])
        return Response(ser.RoundSerializer(moved).data)
