"""
REST API of accomplishment-first intake (R25) and of mentoring and validation (R17): thin callers of
``engagement.intake.api`` and ``engagement.mentoring.api``. Programs are looked up on the request's tenant (R1);
what the caller may not see reads as not found (R26).
"""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from openedx_dcp.api.v1.base import DcpPagination, DcpViewMixin, PublicView
from openedx_dcp.api.v1.engagement import serializers as s
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.engagement.intake.models import Accomplishment, AccomplishmentLink
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.mentoring.models import MentoringPair, ValidationRequest
from openedx_dcp.exceptions import NotFound, ValidationFailed
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.programs import api as programs_api

_PEOPLE = Prefetch("people", queryset=AccomplishmentLink.objects.select_related("user", "organization"))


class ProgramMixin(DcpViewMixin):
    """A signed-in caller and the program ``program_slug`` of the request's tenant, else 404."""

    permission_classes = [IsAuthenticated]
    pagination_class = DcpPagination

    def program(self):
        if not hasattr(self, "_program"):
            program = programs_api.program_on_site(site=self.site, slug=self.kwargs["program_slug"])
            if program is None:
                raise Http404("No such program on this site.")
            self._program = program
        return self._program

    def survey(self):
        """The survey ``?survey=<id>`` of the program, else its current one; 404 when there is none."""
        pk = self.request.query_params.get("survey") or self.request.data.get("survey") if self.request else None
        survey = (intake_api.survey_of(self.program(), int(pk)) if pk and str(pk).isdigit()
                  else intake_api.current_survey(self.program()))
        if survey is None:
            raise Http404("No survey.")
        return survey


class PublicAccomplishmentsView(PublicView, generics.ListAPIView):
    """The accomplishments the program chose to show (anonymous)."""

    serializer_class = s.PublicAccomplishmentSerializer
    pagination_class = DcpPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Accomplishment.objects.none()
        return intake_api.public_accomplishments(self.program(self.kwargs["program_slug"]))


class MyAccomplishmentsView(ProgramMixin, generics.ListAPIView):
    """GET: the accomplishments I submitted. POST: submit one to the open survey (refused outside its window)."""

    serializer_class = s.AccomplishmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Accomplishment.objects.none()
        return (intake_api.submitted_by(self.request.user, self.program()).select_related("submitted_by")
                .prefetch_related(_PEOPLE))

    @extend_schema(request=s.SubmitSerializer, responses={201: s.AccomplishmentSerializer})
    def post(self, request, *args, **kwargs):
        payload = s.SubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        track = self.program().tracks.filter(slug=data.pop("track"), is_active=True).first()
        if track is None:
            raise ValidationFailed(_("Choose one of the program's tracks."), field="track")
        item = intake_api.submit_accomplishment(survey=self.survey(), actor=request.user, track=track, **data)
        return Response(s.AccomplishmentSerializer(item).data, status=status.HTTP_201_CREATED)


class CuratedAccomplishmentsView(ProgramMixin, generics.ListAPIView):
    """The survey's accomplishments for program staff and the cycle's panelists (never those they are conflicted on)."""

    serializer_class = s.AccomplishmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Accomplishment.objects.none()
        survey = self.survey()
        if not intake_api.may_curate(self.request.user, survey):
            raise Http404("Not found.")
        return (intake_api.curated_by(self.request.user, survey).select_related("track", "submitted_by")
                .prefetch_related(_PEOPLE).order_by("-created", "-id"))


class CurateMixin(ProgramMixin):
    def accomplishment(self):
        item = Accomplishment.objects.filter(pk=self.kwargs["pk"], survey__program=self.program()).select_related(
            "survey").first()
        if item is None:
            raise Http404("Not found.")
        try:
            return intake_api.curated_accomplishment(self.request.user, item.survey, item.pk)
        except NotFound:
            raise Http404("Not found.") from None


class LinkView(CurateMixin, generics.GenericAPIView):
    """Link the person (exact username) or organization (slug) behind the accomplishment."""

    serializer_class = s.LinkPartySerializer

    @extend_schema(request=s.LinkPartySerializer, responses={201: s.LinkSerializer})
    def post(self, request, *args, **kwargs):
        payload = s.LinkPartySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        link = intake_api.link_party(accomplishment=self.accomplishment(), actor=request.user,
                                     username=payload.validated_data["username"],
                                     organization_slug=payload.validated_data["organization"])
        return Response(s.LinkSerializer(link).data, status=status.HTTP_201_CREATED)


class NominateView(CurateMixin, generics.GenericAPIView):
    """Turn a link into a peer nomination draft (the nominations domain decides; the nominee is asked to consent)."""

    serializer_class = s.LinkSerializer

    @extend_schema(request=None, responses={201: s.LinkSerializer})
    def post(self, request, *args, **kwargs):
        accomplishment = self.accomplishment()
        link = accomplishment.people.filter(pk=kwargs["link_id"]).first()
        if link is None:
            raise Http404("Not found.")
        intake_api.nominate_from_link(link=link, actor=request.user)
        link.refresh_from_db()
        return Response(s.LinkSerializer(link).data, status=status.HTTP_201_CREATED)


class MergeView(CurateMixin, generics.GenericAPIView):
    """Merge this accomplishment (a duplicate) into ``kept``."""

    serializer_class = s.MergeSerializer

    @extend_schema(request=s.MergeSerializer, responses=s.AccomplishmentSerializer)
    def post(self, request, *args, **kwargs):
        duplicate = self.accomplishment()
        payload = s.MergeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            kept = intake_api.curated_accomplishment(request.user, duplicate.survey, payload.validated_data["kept"])
        except NotFound:
            raise ValidationFailed(_("Unknown accomplishment."), field="kept") from None
        kept = intake_api.merge(duplicate=duplicate, kept=kept, actor=request.user)
        return Response(s.AccomplishmentSerializer(kept).data)


class ShownView(CurateMixin, generics.GenericAPIView):
    """Program staff show or hide the accomplishment on the public page."""

    serializer_class = s.ShownSerializer

    @extend_schema(request=s.ShownSerializer, responses=s.AccomplishmentSerializer)
    def post(self, request, *args, **kwargs):
        payload = s.ShownSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = intake_api.set_shown(accomplishment=self.accomplishment(), actor=request.user,
                                    shown=payload.validated_data["shown"])
        return Response(s.AccomplishmentSerializer(item).data)


class PairsView(ProgramMixin, generics.ListAPIView):
    """GET: my mentoring pairs (every pair of the program for its staff). POST: ask a member to mentor."""

    serializer_class = s.PairSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MentoringPair.objects.none()
        return mentoring_api.pairs_visible_to(self.request.user, self.program())

    @extend_schema(request=s.RequestPairSerializer, responses={201: s.PairSerializer})
    def post(self, request, *args, **kwargs):
        payload = s.RequestPairSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pair = mentoring_api.request_mentoring(program=self.program(), actor=request.user, **payload.validated_data)
        return Response(s.PairSerializer(pair).data, status=status.HTTP_201_CREATED)


class PairActionView(ProgramMixin, generics.GenericAPIView):
    """Accept, decline, withdraw or end a pair."""

    serializer_class = s.PairActionSerializer

    @extend_schema(request=s.PairActionSerializer, responses=s.PairSerializer)
    def post(self, request, *args, **kwargs):
        try:
            pair = mentoring_api.pair_visible_to(request.user, self.program(), kwargs["pk"])
        except NotFound:
            raise Http404("Not found.") from None
        payload = s.PairActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pair = mentoring_api.perform(pair, payload.validated_data["action"], request.user,
                                     payload.validated_data["note"])
        return Response(s.PairSerializer(pair).data)


class ValidationsView(ProgramMixin, generics.ListAPIView):
    """Validation requests asked of me (every request of the program for its staff)."""

    serializer_class = s.ValidationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ValidationRequest.objects.none()
        return mentoring_api.validations_visible_to(self.request.user, self.program())


class AskValidationView(DcpViewMixin, generics.GenericAPIView):
    """Program staff ask a member who opted in to validating to validate the nomination's evidence."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.AskValidationSerializer

    @extend_schema(request=s.AskValidationSerializer, responses={201: s.ValidationSerializer})
    def post(self, request, *args, **kwargs):
        nomination = nominations_api.nominations_visible_to(user=request.user, site=self.site).select_related(
            "cycle__program").filter(pk=kwargs["pk"]).first()
        if nomination is None:
            raise Http404("Not found.")
        payload = s.AskValidationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        request_row = mentoring_api.ask_validation(nomination=nomination, actor=request.user,
                                                   validator_username=payload.validated_data["validator_username"])
        return Response(s.ValidationSerializer(request_row).data, status=status.HTTP_201_CREATED)


class AnswerValidationView(ProgramMixin, generics.GenericAPIView):
    """The validator records a verdict and a note, or declines."""

    serializer_class = s.AnswerValidationSerializer

    @extend_schema(request=s.AnswerValidationSerializer, responses=s.ValidationSerializer)
    def post(self, request, *args, **kwargs):
        row = mentoring_api.validations_of(request.user, self.program()).filter(pk=kwargs["pk"]).first()
        if row is None:
            raise Http404("Not found.")
        payload = s.AnswerValidationSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if data["decline"]:
            row = mentoring_api.decline_validation(row, request.user, data["note"])
        else:
            row = mentoring_api.submit_validation(row, request.user, verdict=data.get("verdict", ""),
                                                  note=data["note"])
        return Response(s.ValidationSerializer(row).data)
