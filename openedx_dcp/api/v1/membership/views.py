"""
REST API of memberships (R14–R17): thin callers of ``openedx_dcp.membership.api``.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from openedx_dcp.api.v1.base import (
    DcpFilterBackend,
    DcpPagination,
    DcpViewMixin,
    DeferredJoinPagination,
    KeysetPagination,
    PublicView,
)
from openedx_dcp.api.v1.filters import MembershipFilter
from openedx_dcp.api.v1.membership import serializers as ser
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.exceptions import ValidationFailed
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership import workflow
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.programs import api as programs_api

__all__ = ["MembershipViewSet"]


class MembershipPagination(DeferredJoinPagination):
    """
    Pages of 20 (``page_size`` up to 100), whatever the platform's default paginator is; the page's ids first,
    then their rows with their joins (P3).
    """


class MembershipViewSet(DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """
    Memberships of the tenant's programs: program staff see all of them, a member (or a person of a member
    organization) their own, everyone else none. Filters: ``state`` (``lapsed`` lists alumni), ``track`` and
    ``program`` (slugs).
    """

    permission_classes = [IsAuthenticated]
    pagination_class = MembershipPagination
    serializer_class = ser.MembershipSerializer
    filter_backends = [DcpFilterBackend]
    filterset_class = MembershipFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user or tenant
            return Membership.objects.none()
        memberships = membership_api.memberships_visible_to(user=self.request.user, site=self.site).select_related(
            "program__site", "track", "user", "organization"
        )
        return memberships.order_by("program_id", "-term_start", "id")

    def list(self, request, *args, **kwargs):
        ids = self.paginator.page_ids(self.filter_queryset(self.get_queryset()), request, view=self)
        items = ser.membership_list_items(ids)
        # Alumni on the page: when each may be nominated again needs their program and track (one more query).
        lapsed = [item["id"] for item in items if item["state"] == MembershipState.LAPSED and item["lapsed_on"]]
        if lapsed:
            alumni = Membership.objects.filter(pk__in=lapsed).select_related("program", "track")
            eligible_again = membership_api.eligible_again_dates(memberships=list(alumni))
            for item in items:
                item["eligible_again_from"] = eligible_again.get(item["id"])
        return self.get_paginated_response(items)

    def retrieve(self, request, *args, **kwargs):
        membership = self.get_object()
        context = {
            **self.get_serializer_context(),
            "eligible_again": membership_api.eligible_again_dates(memberships=[membership]),
            "renewal": membership_api.renewal_status(membership=membership),
            "engagement": membership_api.engagement_choices(membership=membership),
            "actions": [
                name for name in workflow.available_actions(membership, request.user)
                if name in membership_api.STAFF_ACTIONS
            ],
        }
        return Response(ser.MembershipDetailSerializer(membership, context=context).data)

    @extend_schema(request=ser.ActionSerializer, responses=ser.MembershipSerializer)
    @action(detail=True, methods=["post"])
    def actions(self, request, pk=None):
        """Program staff open a renewal review, renew, defer to grace or revoke (R14, R15)."""
        membership = self.get_object()
        payload = ser.ActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = membership_api.perform_action(
            membership=membership, action=payload.validated_data["action"], actor=request.user,
            note=payload.validated_data["note"]
        )
        return Response(ser.MembershipSerializer(membership, context=self.get_serializer_context()).data)

    @extend_schema(responses=ser.EvidenceSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=KeysetPagination)
    def evidence(self, request, pk=None):
        """
        The member's contribution signals that count for renewing the current term (R14), newest first, paged by
        cursor (follow ``next``); how many there are is the membership's ``renewal.evidence_count``.
        """
        # The membership as the list shows it (404 otherwise), with what its renewal reads, in two lean reads.
        membership = membership_api.visible_membership(user=request.user, site=self.site, pk=int(pk))
        if membership is None:
            raise Http404("Not found.")
        rows = self.paginator.paginate_queryset(membership_api.renewal_evidence(membership=membership), request,
                                                view=self, columns=ser.EVIDENCE_COLUMNS)
        return self.get_paginated_response([ser.evidence_item(row) for row in rows])

    @extend_schema(request=ser.EngagementChoiceSerializer,
                   responses={200: {"type": "array", "items": {"$ref": "#/components/schemas/EngagementChoice"}}})
    @action(detail=True, methods=["get", "post"])
    def engagement(self, request, pk=None):
        """The member's follow-on engagement choices (R17); the member opts in or out with a POST."""
        membership = self.get_object()
        if request.method == "POST":
            payload = ser.EngagementChoiceSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            membership_api.set_engagement(membership=membership, actor=request.user, **payload.validated_data)
        choices = membership_api.engagement_choices(membership=membership)
        return Response([{"kind": kind, "opted_in": opted_in} for kind, opted_in in choices.items()])

    @extend_schema(methods=["GET"], responses=ser.ParticipationSerializer(many=True))
    @extend_schema(methods=["POST"], request=ser.ParticipationSerializer,
                   responses={201: ser.ParticipationSerializer})
    @action(detail=True, methods=["get", "post"])
    def participations(self, request, pk=None):
        """Follow-on engagement the member took part in; program staff record it with a POST (R17)."""
        membership = self.get_object()
        if request.method == "POST":
            # Refused before the payload is read; the rule is the domain's (record_participation asks it too).
            programs_api.require_program_staff(user=request.user, program=membership.program)
            payload = ser.ParticipationSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            participation = membership_api.record_participation(membership=membership, actor=request.user,
                                                                **payload.validated_data)
            return Response(ser.ParticipationSerializer(participation).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(membership.participations.all())
        return self.get_paginated_response(ser.ParticipationSerializer(page, many=True).data)


class DirectoryView(PublicView):
    """
    ``GET``: the public directory of a program of this site (R23): its Distinguished Contributors, by track;
    ``?status=alumni`` lists those whose membership lapsed (R15). Anonymous, paginated, readable from any origin.
    """

    @extend_schema(responses=ser.DirectoryEntrySerializer(many=True))
    def get(self, request, program_slug):
        program = self.program(program_slug)
        status_param = request.query_params.get("status", "members")
        if status_param not in ("members", "alumni"):
            raise ValidationFailed(_("status is 'members' or 'alumni'."), field="status")
        paginator = DcpPagination()
        listing = membership_api.directory_listing(program=program, alumni=status_param == "alumni",
                                                   columns=ser.DIRECTORY_COLUMNS)
        page = paginator.paginate_queryset(listing, request, view=self)
        return paginator.get_paginated_response(ser.directory_items(page, site=self.site))
