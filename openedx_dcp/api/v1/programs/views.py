"""
Views of programs, their rules, tracks and cycles.

Thin callers: querysets are scoped to the request's tenant (R1); every change goes through a domain function,
which decides and raises a domain error that ``DcpViewMixin`` maps to HTTP.
"""

from django.db.models import Max, Q
from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from openedx_dcp.api.v1.base import DcpViewMixin
from openedx_dcp.api.v1.filters import DcpFilterSet, IdFilter, SlugFilter
from openedx_dcp.api.v1.programs import serializers as s
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation, CommunityRole, Cycle, Organization, Track


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
            programs_api.programs_for_site(site=self.site)
            .annotate(rules_version_max=Max("rules_versions__version"))
            .order_by("slug")
        )

    def perform_update(self, serializer):
        programs_api.require_program_staff(user=self.request.user, program=serializer.instance)
        serializer.save()

    @extend_schema(methods=["GET"], responses=s.RulesVersionSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.ThresholdChangeSerializer, responses={201: s.RulesVersionSerializer})
    @action(detail=True, methods=["get", "post"])
    def rules(self, request, pk=None):
        """GET: the program's rules versions, newest first. POST (staff): change thresholds with a reason."""
        program = self.get_object()
        if request.method == "POST":
            programs_api.require_program_staff(user=request.user, program=program)
            body = s.ThresholdChangeSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            version = programs_api.change_thresholds(
                program=program, actor=request.user, reason=body.validated_data["reason"],
                **body.validated_data["thresholds"]
            )
            return Response(s.RulesVersionSerializer(version).data, status=status.HTTP_201_CREATED)
        versions = program.rules_versions.select_related("changed_by").order_by("-version")
        page = self.paginate_queryset(versions)
        return self.get_paginated_response(s.RulesVersionSerializer(page, many=True).data)


class TrackFilter(DcpFilterSet):
    program = IdFilter(field_name="program_id")
    nominee_kind = filters.CharFilter(max_length=16)
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
        programs_api.require_program_staff(user=self.request.user, program=program)
        serializer.instance = programs_api.add_track(program=program, actor=self.request.user, reason=reason,
                                                     slug=data.pop("slug"),
                                                     name=data.pop("name"), **data)

    def perform_update(self, serializer):
        programs_api.require_program_staff(user=self.request.user, program=serializer.instance.program)
        data = dict(serializer.validated_data)
        reason = data.pop("reason", "")
        serializer.instance = programs_api.update_track(track=serializer.instance, actor=self.request.user,
                                                        reason=reason, **data)


class CycleFilter(DcpFilterSet):
    program = IdFilter(field_name="program_id")
    stage = filters.ChoiceFilter(choices=Cycle.Stage.choices)

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
        programs_api.require_program_staff(user=self.request.user, program=program)
        serializer.instance = programs_api.create_cycle(program=program, actor=self.request.user, **data)

    def perform_update(self, serializer):
        programs_api.require_program_staff(user=self.request.user, program=serializer.instance.program)
        serializer.instance = programs_api.change_cycle_dates(cycle=serializer.instance, actor=self.request.user,
                                                              **serializer.validated_data)


class OrganizationFilter(DcpFilterSet):
    slug = SlugFilter()

    class Meta:
        model = Organization
        fields = ["slug"]


class OrganizationViewSet(DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                          mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """
    Organizations of the tenant's community (with their size, R13). Signed-in users of the tenant read them (a
    Partner-track nomination names one by id); program staff of the tenant add and change them.
    """

    serializer_class = s.OrganizationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = OrganizationFilter
    filter_backends = [filters.DjangoFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Organization.objects.filter(site=self.site).order_by("name", "id")

    def perform_create(self, serializer):
        serializer.instance = programs_api.create_organization(site=self.site, actor=self.request.user,
                                                               **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = programs_api.update_organization(organization=serializer.instance,
                                                               actor=self.request.user, **serializer.validated_data)


class _TenantStaffViewMixin:
    """Rows only program staff of the tenant see: others get an empty list and 404 on an id (R26)."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site": getattr(self, "site", None)}

    def staff_program_ids(self):
        if self.site is None:  # drf-spectacular introspecting the view
            return set()
        return programs_api.tenant_staff_program_ids(user=self.request.user, site=self.site)


class AffiliationFilter(DcpFilterSet):
    username = filters.CharFilter(field_name="user__username", max_length=150)
    organization = IdFilter(field_name="organization_id")

    class Meta:
        model = Affiliation
        fields = ["username", "organization"]


class AffiliationViewSet(_TenantStaffViewMixin, DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                         mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """
    People's dated affiliations with the tenant's organizations (conflicts of interest, R10; consent for an
    organization nominee, R5), kept by program staff of the tenant. Others see none.
    """

    serializer_class = s.AffiliationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = AffiliationFilter
    filter_backends = [filters.DjangoFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        rows = Affiliation.objects.filter(organization__site=self.site).select_related("user", "organization")
        if not self.staff_program_ids():
            rows = rows.none()
        return rows.order_by("organization__name", "user__username", "start", "id")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = programs_api.add_affiliation(
            user=data["user"], organization=data["organization"], actor=self.request.user,
            start=data.get("start"), end=data.get("end"),
        )

    def perform_update(self, serializer):
        serializer.instance = programs_api.change_affiliation(affiliation=serializer.instance,
                                                              actor=self.request.user, **serializer.validated_data)


class CommunityRoleFilter(DcpFilterSet):
    program = IdFilter(field_name="program_id")
    username = filters.CharFilter(field_name="user__username", max_length=150)
    role = filters.ChoiceFilter(choices=CommunityRole.Role.choices)
    active = filters.BooleanFilter(method="filter_active", label="Only roles held today (true) or not (false)")

    class Meta:
        model = CommunityRole
        fields = ["program", "username", "role"]

    def filter_active(self, queryset, name, value):
        today = timezone.now().date()
        held = Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gte=today))
        return queryset.filter(held) if value else queryset.exclude(held)


class CommunityRoleViewSet(_TenantStaffViewMixin, DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """
    Dated community roles (R3) of the programs the caller runs: who endorses (R6) and who may sit on which
    panel seat (R9). People are named by username. Others see none.
    """

    serializer_class = s.CommunityRoleSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = CommunityRoleFilter
    filter_backends = [filters.DjangoFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            CommunityRole.objects.filter(program__site=self.site, program_id__in=self.staff_program_ids())
            .select_related("user")
            .order_by("program_id", "user__username", "role", "start", "id")
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = programs_api.grant_community_role(
            program=data.pop("program"), user=data.pop("user"), role=data.pop("role"), actor=self.request.user,
            **data,
        )

    def perform_update(self, serializer):
        serializer.instance = programs_api.change_community_role(community_role=serializer.instance,
                                                                 actor=self.request.user, **serializer.validated_data)

