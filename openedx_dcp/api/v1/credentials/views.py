"""
Views of the credentials API (R22, R23): thin callers of ``openedx_dcp.credentials.api``.

Public views (no authentication) answer for the tenant of the request's host only (R1): a credential, key or
status list of another tenant is a 404 there. They allow any origin, since wallets and verifiers fetch them
from other sites.
"""

import json

from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from rest_framework import generics, status
from rest_framework.exceptions import APIException, NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from openedx_dcp.api.v1.base import DcpViewMixin, DeferredJoinPagination
from openedx_dcp.api.v1.base import PublicView as BasePublicView
from openedx_dcp.api.v1.credentials.serializers import (
    CredentialDetailSerializer,
    CredentialSerializer,
    EndorsementConsentSerializer,
    EndorsementCredentialSerializer,
    PublicBadgesSerializer,
    RevokeSerializer,
    VerifyRequestSerializer,
    credential_list_items,
)
from openedx_dcp.api.v1.schema import OpenApiParameter, extend_schema
from openedx_dcp.credentials import api
from openedx_dcp.credentials.models import BadgeCredential
from openedx_dcp.nominations.models import Endorsement

JWT_CONTENT_TYPE = "application/jwt"
VC_JWT_CONTENT_TYPE = "application/vc+jwt"
VC_JSON_LD_CONTENT_TYPE = "application/vc+ld+json"
DID_CONTENT_TYPE = "application/did+json"
# Accept values that ask for a credential as JSON-LD (with its embedded proof) rather than as VC-JWT.
_JSON_LD_TYPES = ("application/vc+ld+json", "application/vc", "application/ld+json", "application/json")


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """
    DRF's negotiation (JSON, or a readable page for a browser), but never a 406: views that also offer a VC-JWT
    read ``Accept`` themselves, and a verifier asking for ``application/vc+jwt`` or ``application/vc+ld+json``
    must get the credential, not an error because no DRF renderer has that media type.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


def wants_jwt(request):
    """Whether ``Accept`` names a JWT media type (``application/vc+jwt`` or ``application/jwt``)."""
    accept = request.headers.get("Accept", "")
    return JWT_CONTENT_TYPE in accept or VC_JWT_CONTENT_TYPE in accept


def wants_json_ld(request):
    """
    Whether ``Accept`` prefers a JSON-LD form over VC-JWT: one of the JSON media types is named before any JWT
    type. No ``Accept`` or ``*/*`` (what verifiers send) get the default, the signed VC-JWT.
    """
    for item in request.headers.get("Accept", "").split(","):
        media_type = item.split(";")[0].strip().lower()
        if media_type in (JWT_CONTENT_TYPE, VC_JWT_CONTENT_TYPE):
            return False
        if media_type in _JSON_LD_TYPES:
            return True
    return False


def _json_response(data, content_type):
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type=content_type)


class Gone(APIException):
    """The credential existed but its holder's account was retired: the document is erased (HTTP 410)."""

    status_code = 410
    default_detail = "This credential was revoked and erased when its holder's account was retired."
    default_code = "gone"


def _jwt_response(token, filename=None):
    response = HttpResponse(token, content_type=JWT_CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class PublicView(BasePublicView):
    """The public credential views: a program's or a credential's documents, by URL."""

    def credential(self, public_id):
        credential = api.credential_on_site(site=self.site, public_id=public_id)
        if credential is None:
            raise Http404("No such credential on this site.")
        if not credential.jwt:
            raise Gone()
        return credential


class PublicCredentialView(PublicView):
    """
    ``GET``: the OpenBadgeCredential (its id is this URL) as JSON-LD with its embedded Data Integrity proof, or
    as VC-JWT when ``Accept`` asks for ``application/vc+jwt`` (or ``application/jwt``).
    """

    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(responses={200: dict})
    def get(self, request, public_id):
        credential = self.credential(public_id)
        if wants_jwt(request):
            response = _jwt_response(credential.jwt)
        else:
            response = Response(api.secured_document(credential=credential))
        patch_vary_headers(response, ["Accept"])
        return response


class PublicCredentialJwtView(PublicView):
    """``GET``: the credential as VC-JWT (compact JWS, ``application/jwt``)."""

    @extend_schema(responses={(200, JWT_CONTENT_TYPE): str})
    def get(self, request, public_id):
        return _jwt_response(self.credential(public_id).jwt)


class IssuerProfileView(PublicView):
    """``GET``: the issuer Profile of a program."""

    @extend_schema(responses={200: dict})
    def get(self, request, program_slug):
        return Response(api.issuer_profile(program=self.program(program_slug)))


class AchievementView(PublicView):
    """``GET``: the Achievement of a track."""

    @extend_schema(responses={200: dict})
    def get(self, request, program_slug, track_slug):
        data = api.achievement(program=self.program(program_slug), track_slug=track_slug)
        if data is None:
            raise Http404("No such track.")
        return Response(data)


SVG_CONTENT_TYPE = "image/svg+xml"
PNG_CONTENT_TYPE = "image/png"
# An SVG opened on its own is a document of the LMS's origin: it may show its own styles and embedded images,
# never run or load anything.
_IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _image_response(content, content_type, filename, max_age):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Content-Security-Policy"] = _IMAGE_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


class AchievementImageView(PublicView):
    """The badge image of a track (generated, or uploaded by staff)."""

    def track(self, program_slug, track_slug):
        track = api.track_on_site(site=self.site, program_slug=program_slug, track_slug=track_slug)
        if track is None:
            raise Http404("No such track.")
        return track


class AchievementImageSvgView(AchievementImageView):
    """``GET``: the badge image of a track as SVG."""

    @extend_schema(responses={(200, SVG_CONTENT_TYPE): str})
    def get(self, request, program_slug, track_slug):
        track = self.track(program_slug, track_slug)
        return _image_response(api.track_badge_svg(track=track).encode("utf-8"), SVG_CONTENT_TYPE,
                               f"{track_slug}.svg", 300)


class AchievementImagePngView(AchievementImageView):
    """``GET``: the badge image of a track as PNG."""

    @extend_schema(responses={(200, PNG_CONTENT_TYPE): bytes})
    def get(self, request, program_slug, track_slug):
        track = self.track(program_slug, track_slug)
        return _image_response(api.track_badge_png(track=track), PNG_CONTENT_TYPE, f"{track_slug}.png", 300)


class BakedSvgView(PublicView):
    """``GET``: the credential's badge as SVG with the credential baked in (Open Badges 3.0 baking)."""

    @extend_schema(responses={(200, SVG_CONTENT_TYPE): str})
    def get(self, request, public_id):
        credential = self.credential(public_id)
        return _image_response(api.baked_svg(credential=credential), SVG_CONTENT_TYPE,
                               f"badge-{credential.public_id}.svg", 60)


class BakedPngView(PublicView):
    """``GET``: the credential's badge as PNG with the credential baked in (Open Badges 3.0 baking)."""

    @extend_schema(responses={(200, PNG_CONTENT_TYPE): bytes})
    def get(self, request, public_id):
        credential = self.credential(public_id)
        return _image_response(api.baked_png(credential=credential), PNG_CONTENT_TYPE,
                               f"badge-{credential.public_id}.png", 60)


class PublicCredentialEndorsementsView(PublicView):
    """``GET``: the live EndorsementCredentials about a badge credential (``{"endorsements": [...]}``)."""

    @extend_schema(responses={200: dict})
    def get(self, request, public_id):
        credential = self.credential(public_id)
        endorsements = api.endorsement_credentials_for(credential=credential)
        return Response({"endorsements": EndorsementCredentialSerializer(endorsements, many=True).data})


class PublicEndorsementView(PublicView):
    """
    ``GET``: an EndorsementCredential (its id is this URL) as JSON-LD with its Data Integrity proof, or as VC-JWT
    when ``Accept`` asks for it; 410 once an account it names was retired.
    """

    content_negotiation_class = AnyAcceptNegotiation

    def endorsement(self, public_id):
        credential = api.endorsement_credential_on_site(site=self.site, public_id=public_id)
        if credential is None:
            raise Http404("No such endorsement credential on this site.")
        if not credential.jwt:
            raise Gone()
        return credential

    @extend_schema(responses={200: dict})
    def get(self, request, public_id):
        credential = self.endorsement(public_id)
        response = _jwt_response(credential.jwt) if wants_jwt(request) else Response(
            api.secured_endorsement(credential=credential))
        patch_vary_headers(response, ["Accept"])
        return response


class PublicEndorsementJwtView(PublicEndorsementView):
    """``GET``: the EndorsementCredential as VC-JWT."""

    @extend_schema(responses={(200, JWT_CONTENT_TYPE): str})
    def get(self, request, public_id):
        return _jwt_response(self.endorsement(public_id).jwt)


class EndorsementConsentView(DcpViewMixin, APIView):
    """
    The endorser's consent to publishing their endorsement as an EndorsementCredential: ``GET`` says whether it
    is given, ``PUT {"consent": true|false}`` gives or withdraws it (withdrawing revokes what was issued). Only
    the endorser: for anyone else the endorsement is not found.
    """

    def endorsement(self, pk):
        endorsement = Endorsement.objects.filter(
            pk=pk, endorser=self.request.user, nomination__cycle__program__site=self.site).first()
        if endorsement is None:
            raise Http404("No such endorsement.")
        return endorsement

    def _answer(self, endorsement, issued):
        return Response({"consent": api.has_endorsement_consent(endorsement=endorsement),
                         "credentials": EndorsementCredentialSerializer(issued, many=True).data})

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        endorsement = self.endorsement(pk)
        return self._answer(endorsement, api.endorsement_credentials_of(endorsement=endorsement))

    @extend_schema(request=EndorsementConsentSerializer, responses={200: dict})
    def put(self, request, pk):
        endorsement = self.endorsement(pk)
        serializer = EndorsementConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = api.set_endorsement_consent(endorsement=endorsement, actor=request.user,
                                             consent=serializer.validated_data["consent"])
        return self._answer(endorsement, issued)


class JwksView(PublicView):
    """``GET``: the program's JWK Set, retired keys included."""

    @extend_schema(responses={200: dict})
    def get(self, request, program_slug):
        return Response(api.jwks(program=self.program(program_slug)))


class PublicKeyView(PublicView):
    """``GET``: one public key; its URL is the ``kid`` of the JWS headers it verifies."""

    @extend_schema(responses={200: dict})
    def get(self, request, program_slug, kid):
        key = api.public_key(program=self.program(program_slug), kid=kid)
        if key is None:
            raise Http404("No such key.")
        return Response(key)


class DidDocumentView(PublicView):
    """``GET``: the DID document of the program's issuer ``did:web`` (its keys), at the path the DID names."""

    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(responses={(200, DID_CONTENT_TYPE): dict})
    def get(self, request, program_slug):
        return _json_response(api.did_document(program=self.program(program_slug)), DID_CONTENT_TYPE)


class StatusListView(PublicView):
    """
    ``GET``: a BitstringStatusListCredential of the program, always signed: as VC-JWT by default (what the
    credential's ``statusListCredential`` names, so a verifier that follows it can check the list's proof), or
    as JSON-LD with an embedded Data Integrity proof when ``Accept`` prefers JSON(-LD).
    """

    content_negotiation_class = AnyAcceptNegotiation

    def status_list(self, program_slug, number):
        status_list = api.status_list_on_site(site=self.site, program_slug=program_slug, number=number)
        if status_list is None:
            raise Http404("No such status list.")
        return status_list

    @extend_schema(responses={(200, VC_JWT_CONTENT_TYPE): str, (200, VC_JSON_LD_CONTENT_TYPE): dict})
    def get(self, request, program_slug, number):
        status_list = self.status_list(program_slug, number)
        if "text/html" in request.headers.get("Accept", ""):
            # A person's browser: the readable page of the Data Integrity-signed list.
            response = Response(api.status_list_secured(status_list=status_list))
        elif wants_json_ld(request):
            response = _json_response(api.status_list_secured(status_list=status_list), VC_JSON_LD_CONTENT_TYPE)
        else:
            response = HttpResponse(api.status_list_jwt(status_list=status_list), content_type=VC_JWT_CONTENT_TYPE)
        patch_vary_headers(response, ["Accept"])
        return response


class StatusListJwtView(StatusListView):
    """``GET``: the status list credential signed as VC-JWT."""

    @extend_schema(responses={(200, JWT_CONTENT_TYPE): str})
    def get(self, request, program_slug, number):
        return _jwt_response(api.status_list_jwt(status_list=self.status_list(program_slug, number)))


class VerifyView(PublicView):
    """
    Verify a credential: ``GET ?jwt=…`` or ``?id=…``, or ``POST`` ``{"jwt": …}``, ``{"credential": {…}}``,
    ``{"id": …}`` or the credential JSON itself. Answers 200 with ``valid``, ``status`` (valid, expired,
    not_yet_valid, revoked, tampered, bad_signature, unknown_key, unknown_credential, malformed) and ``reason``.
    """

    def _verify(self, data):
        if isinstance(data, dict) and "@context" in data:
            data = {"credential": data}
        serializer = VerifyRequestSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        given = serializer.validated_data
        if given.get("jwt"):
            result = api.verify_jwt(site=self.site, token=given["jwt"])
        elif given.get("credential"):
            result = api.verify_document(site=self.site, document=given["credential"])
        else:
            result = api.verify_credential_id(site=self.site, credential_id=given["id"])
        return Response(result.as_dict())

    @extend_schema(responses={200: dict}, parameters=[
        OpenApiParameter("jwt", {"type": "string", "maxLength": 100_000},
                         description="A VC-JWT to verify."),
        OpenApiParameter("id", {"type": "string", "maxLength": 2000},
                         description="A credential's id (its URL) or public id."),
    ])
    def get(self, request):
        return self._verify(request.query_params.dict())

    @extend_schema(request=VerifyRequestSerializer, responses={200: dict})
    def post(self, request):
        return self._verify(request.data)


class PublicBadgesView(PublicView):
    """
    ``GET``: the live badges of a user on this site, for the LMS profile MFE widget (R23). An unknown user has
    no badges (the answer does not say whether the user exists).
    """

    @extend_schema(responses={200: PublicBadgesSerializer})
    def get(self, request, username):
        badges = api.live_badges_of(site=self.site, username=username)
        return Response(PublicBadgesSerializer({"username": username, "badges": badges}).data)


class CredentialListView(DcpViewMixin, generics.ListAPIView):
    """``GET``: the credentials the user holds on this site, and all credentials of the programs they run."""

    serializer_class = CredentialSerializer
    pagination_class = DeferredJoinPagination

    def get_queryset(self):
        site = getattr(self, "site", None)
        if site is None:  # drf-spectacular introspecting the view, outside a request
            return BadgeCredential.objects.none()
        # The list shows neither the signed document nor its JWT or proof (kilobytes a row): left unread (P3).
        return (api.credentials_visible_to(user=self.request.user, site=site).defer("document", "jwt", "proof")
                .order_by("-issued_at", "-id"))

    def list(self, request, *args, **kwargs):
        ids = self.paginator.page_ids(self.filter_queryset(self.get_queryset()), request, view=self)
        return self.get_paginated_response(credential_list_items(ids, site=self.site))


class CredentialObjectMixin(DcpViewMixin):
    """Finds the credential of the URL on this site and checks the user may download it."""

    def get_object(self):
        credential = api.credential_on_site(site=self.site, public_id=self.kwargs["public_id"])
        if credential is None:
            raise Http404("No such credential on this site.")
        api.require_may_download(user=self.request.user, credential=credential)
        return credential


class CredentialDetailView(CredentialObjectMixin, generics.RetrieveAPIView):
    """``GET``: one credential with its document and VC-JWT (holder or program staff)."""

    serializer_class = CredentialDetailSerializer


class CredentialDownloadJsonView(CredentialObjectMixin, APIView):
    """``GET``: the credential as a JSON file to save or import in a wallet."""

    renderer_classes = [JSONRenderer]

    @extend_schema(responses={200: dict})
    def get(self, request, public_id):
        credential = self.get_object()
        response = Response(api.secured_document(credential=credential))
        response["Content-Disposition"] = f'attachment; filename="credential-{credential.public_id}.json"'
        return response


class CredentialDownloadJwtView(CredentialObjectMixin, APIView):
    """``GET``: the credential as a VC-JWT file."""

    @extend_schema(responses={(200, JWT_CONTENT_TYPE): str})
    def get(self, request, public_id):
        credential = self.get_object()
        return _jwt_response(credential.jwt, f"credential-{credential.public_id}.jwt")


class CredentialRevokeView(DcpViewMixin, APIView):
    """
    ``POST {"reason": …, "publish_reason": false}``: program staff revoke a credential; it stops verifying at
    once. The public verifier shows the reason only with ``publish_reason``.
    """

    @extend_schema(request=RevokeSerializer, responses={200: CredentialDetailSerializer})
    def post(self, request, public_id):
        credential = api.credential_on_site(site=self.site, public_id=public_id)
        if credential is None:
            raise Http404("No such credential on this site.")
        serializer = RevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        credential = api.revoke_credential(credential=credential, actor=request.user,
                                           reason=serializer.validated_data["reason"],
                                           publish_reason=serializer.validated_data["publish_reason"])
        return Response(CredentialDetailSerializer(credential, context={"request": request}).data,
                        status=status.HTTP_200_OK)
