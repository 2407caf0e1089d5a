"""
Views of programs, their rules, tracks and cycles.

Thin callers: querysets are scoped to the request's tenant (R1); every change goes through a domain function,
which decides and raises a domain error that ``DcpViewMixin`` maps to HTTP.
"""

from django.db.models import Max
from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from openedx_dcp.api.v1.base import DcpViewMixin
from openedx_dcp.api.v1.filters import DcpFilterSet, IdFilter
from openedx_dcp.api.v1.programs import serializers as s
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle, Track


class ReadForTenantUsersWriteForStaff(permissions.BasePermission):
    """Signed-in users read; writes are checked against program staff by the view (the program is in the body)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated)


class ProgramViewSet(DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                     viewsets.GenericViewSet):
    """
    Programs of the request's tenant. Program staff edit their program's description; ``rules`` lists the
    versioned rules and records a threshold change (R24).
    """

    serializer_class = s.ProgramSerializer
    permission_classes = [ReadForTenantUsersWriteForStaff]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            programs_api.programs_for_site(self.site)
            .annotate(rules_version_max=Max("rules_versions__version"))
            .order_by("slug")
        )

    def perform_update(self, serializer):
        programs_api.require_program_staff(self.request.user, serializer.instance)
        serializer.save()

    @extend_schema(request=s.ThresholdChangeSerializer,
                   responses={200: s.RulesVersionSerializer(many=True), 201: s.RulesVersionSerializer})
    @action(detail=True, methods=["get", "post"])
    def rules(self, request, pk=None):
        """GET: the program's rules versions, newest first. POST (staff): change thresholds with a reason."""
        program = self.get_object()
        if request.method == "POST":
            programs_api.require_program_staff(request.user, program)
            body = s.ThresholdChangeSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            version = programs_api.change_thresholds(
                program, request.user, body.validated_data["reason"], **body.validated_data["thresholds"]
            )
            return Response(s.RulesVersionSerializer(version).data, status=status.HTTP_201_CREATED)
        versions = program.rules_versions.select_related("changed_by").order_by("-version")
        page = self.paginate_queryset(versions)
        return self.get_paginated_response(s.RulesVersionSerializer(page, many=True).data)


class TrackFilter(DcpFilterSet):
    program = IdFilter(field_name="program_id")
    nominee_kind = filters.CharFilter()
    is_active = filters.BooleanFilter()

    class Meta:
        model = Track
        fields = ["program", "nominee_kind", "is_active"]


class TrackViewSet(DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Tracks of the tenant's programs; staff add and change them, each change a new rules version (R24)."""

    serializer_class = s.TrackSerializer
    permission_classes = [ReadForTenantUsersWriteForStaff]
    filterset_class = TrackFilter
    filter_backends = [filters.DjangoFilterBackend]

    def get_queryset(self):
        return Track.objects.filter(program__site=self.site).select_related("program")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site": getattr(self, "site", None)}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        program, reason = data.pop("program"), data.pop("reason")
        programs_api.require_program_staff(self.request.user, program)
        serializer.instance = programs_api.add_track(program, self.request.user, reason, data.pop("slug"),
                                                     data.pop("name"), **data)

    def perform_update(self, serializer):
        programs_api.require_program_staff(self.request.user, serializer.instance.program)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        serializer.instance = programs_api.update_track(serializer.instance, self.request.user, reason, **data)


class CycleFilter(DcpFilterSet):
    program = IdFilter(field_name="program_id")
    stage = filters.ChoiceFilter(choices=Cycle.STAGES)

    class Meta:
        model = Cycle
        fields = ["program", "stage"]


class CycleViewSet(DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                   mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """
    Cycles of the tenant's programs (R4); staff open new ones, which keep the current rules version, and
    correct or move their dates (PATCH) where no phase has started.
    """

    serializer_class = s.CycleSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [ReadForTenantUsersWriteForStaff]
    filterset_class = CycleFilter
    filter_backends = [filters.DjangoFilterBackend]

    def get_queryset(self):
        return Cycle.objects.filter(program__site=self.site).select_related("program", "rules")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site": getattr(self, "site", None)}

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        program = data.pop("program")
        programs_api.require_program_staff(self.request.user, program)
        serializer.instance = programs_api.create_cycle(program, actor=self.request.user, **data)

    def perform_update(self, serializer):
        programs_api.require_program_staff(self.request.user, serializer.instance.program)
        serializer.instance = programs_api.change_cycle_dates(cycle=serializer.instance, actor=self.request.user,
                                                              **serializer.validated_data)
