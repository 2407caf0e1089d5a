"""
Views of nominations and endorsements.

Thin callers: querysets are scoped to the request's tenant (R1) and to what the caller may see; every change
goes through a domain function, which decides and raises a domain error that ``DcpViewMixin`` maps to HTTP.
"""

from django.db.models import Q
from django.http import Http404
from django_filters import rest_framework as filters
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from openedx_dcp.api.v1.base import DcpFilterBackend, DcpViewMixin, DeferredJoinPagination
from openedx_dcp.api.v1.filters import DcpFilterSet, IdFilter, SlugFilter
from openedx_dcp.api.v1.nominations import serializers as s
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.api.v1.throttling import NominationCreationThrottle
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations.models import Endorsement, Nomination, NominationState
from openedx_dcp.review import api as review_api


class NominationFilter(DcpFilterSet):
    cycle = IdFilter(field_name="cycle_id")
    program = IdFilter(field_name="cycle__program_id")
    track = SlugFilter(field_name="track__slug")
    state = filters.MultipleChoiceFilter(choices=NominationState.choices)
    kind = filters.ChoiceFilter(choices=Nomination.Kind.choices)
    mine = filters.ChoiceFilter(
        choices=[("nominator", "nominator"), ("nominee", "nominee"), ("endorser", "endorser")],
        method="filter_mine", label="Only those where I am the nominator, the nominee or an endorser",
    )

    class Meta:
        model = Nomination
        fields = ["cycle", "program", "track", "state", "kind"]

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        lookup = {"nominator": Q(nominator=user), "nominee": Q(nominee_user=user),
                  "endorser": Q(endorsements__endorser=user)}[value]
        return queryset.filter(lookup)


def _with_endorsement_counts(nominations):
    """
    Set ``endorsements_active`` and ``endorsements_steward`` on ``nominations`` (a page) with one grouped query,
    so the list's cost does not depend on how many nominations there are (P3).
    """
    nominations = list(nominations)
    counts = nominations_api.endorsement_counts_of(nominations=nominations)
    for nomination in nominations:
        nomination.endorsements_active, nomination.endorsements_steward = counts[nomination.pk]
    return nominations


class NominationViewSet(DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """
    Nominations (R5): create (the caller is the nominator), list (mine, or all for program staff), detail,
    edit a draft, and the workflow actions consent, submit and withdraw.
    """

    serializer_class = s.NominationSerializer
    permission_classes = [permissions.IsAuthenticated]
    throttle_classes = [NominationCreationThrottle]
    pagination_class = DeferredJoinPagination
    filterset_class = NominationFilter
    filter_backends = [DcpFilterBackend]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            nominations_api.nominations_visible_to(user=self.request.user, site=self.site,
                                                   cycles=self.tenant_cycles())
            .select_related("nominator", "nominee_user")
            .order_by("-created", "-id")
        )

    def _shown(self, nominations):
        """The answer's body: a nomination with its endorsement counts, through the read serializer."""
        rows = _with_endorsement_counts(nominations)
        return s.NominationReadSerializer(rows[0], context=self.get_serializer_context()).data

    def list(self, request, *args, **kwargs):
        nominations = self.filter_queryset(self.get_queryset())
        ids = self.paginator.page_ids(nominations, request, view=self)
        return self.get_paginated_response(s.nomination_list_items(ids))

    def _fresh(self, pk):
        """The nomination as the API shows it, endorsement counts included."""
        return self._shown([self.get_queryset().get(pk=pk)])

    def retrieve(self, request, *args, **kwargs):
        return Response(self._shown([self.get_object()]))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site": getattr(self, "site", None)}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        nomination = nominations_api.create_nomination(
            cycle=data.pop("cycle"), track=data.pop("track"), nominator=request.user, kind=data.pop("kind"),
            nominee_user=data.pop("nominee_user", None), nominee_organization=data.pop("nominee_organization", None),
            **data,
        )
        return Response(self._fresh(nomination.pk),
                        status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        nominations_api.update_nomination(nomination=serializer.instance, actor=self.request.user,
                                          **serializer.validated_data)

    def update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        super().update(request, *args, **kwargs)
        return Response(self._fresh(kwargs["pk"]))

    def _transition(self, request, function):
        nomination = self.get_object()
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        function(nomination=nomination, actor=request.user, note=body.validated_data["note"])
        return Response(self._fresh(nomination.pk))

    @extend_schema(request=s.TransitionSerializer, responses=s.NominationSerializer)
    @action(detail=True, methods=["post"])
    def consent(self, request, pk=None):
        """The nominee consents to a peer nomination (R5)."""
        return self._transition(request, nominations_api.give_consent)

    @extend_schema(request=s.TransitionSerializer, responses=s.NominationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """The nominator submits for screening: needs consent (peer) and the endorsement quorum (R6)."""
        return self._transition(request, nominations_api.submit)

    @extend_schema(request=s.TransitionSerializer, responses=s.NominationSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The nominator, the nominee or program staff withdraw the nomination."""
        return self._transition(request, nominations_api.withdraw)

    @extend_schema(responses=s.AuditRecordSerializer(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        """The nomination's audit trail as the caller may read it (R11, R26): ``review.api.visible_history``."""
        nomination = self.get_object()
        page = self.paginate_queryset(review_api.visible_history(user=request.user, nomination=nomination))
        return self.get_paginated_response(s.AuditRecordSerializer(page, many=True).data)


class EndorsementFilter(DcpFilterSet):
    # A number, not a choice among existing nominations: an unknown id must not answer differently (R26).
    nomination = IdFilter(field_name="nomination_id")

    class Meta:
        model = Endorsement
        fields = ["nomination"]


class EndorsementViewSet(DcpViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    """
    Endorsements (R6): create (the caller endorses), list those visible to the caller, and withdraw one's own
    until screening starts.
    """

    serializer_class = s.EndorsementSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = EndorsementFilter

    def get_queryset(self):
        return (
            review_api.endorsements_visible_to(user=self.request.user, site=self.site)
            .select_related("endorser", "nomination")
            .order_by("created", "id")
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site": getattr(self, "site", None)}

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # An id of another tenant, of no nomination, or of one the caller may not see all answer the same 404
        # (R1, R26); the domain decides what the caller may see.
        nomination = Nomination.objects.filter(pk=serializer.validated_data["nomination_id"],
                                               cycle__program__site=self.site).first()
        if nomination is None:
            raise Http404()
        endorsement = nominations_api.endorse(nomination=nomination, endorser=request.user,
                                              statement=serializer.validated_data.get("statement", ""))
        return Response(self.get_serializer(endorsement).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.EndorsementSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The endorser withdraws their endorsement (until screening starts)."""
        endorsement = self.get_object()  # who may withdraw it is the domain's to say
        return Response(self.get_serializer(nominations_api.withdraw_endorsement(endorsement=endorsement,
                                                                                 actor=request.user)).data)
