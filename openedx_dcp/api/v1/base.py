"""
What every view of the REST API shares: the tenant of the request, the program switch, and the one mapping of
domain errors to HTTP answers.
"""

from django.http import Http404
from drf_spectacular.openapi import AutoSchema
from rest_framework import permissions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from openedx_dcp.exceptions import DcpError
from openedx_dcp.programs import api as programs_api
from openedx_dcp.tenancy import current_site
from openedx_dcp.toggles import program_enabled

__all__ = ["DcpViewMixin", "DeferredJoinPagination", "PublicView", "error_response"]


def error_response(exc):
    """
    The HTTP answer for a domain error: 400 for invalid input and rule violations, 403 when the actor may not
    act, 409 when the workflow refuses the move; field errors as ``{"field": ["message"]}`` like DRF's own.
    """
    body = {exc.field: [exc.message]} if exc.field else {"detail": exc.message}
    return Response(body, status=getattr(exc, "status_code", status.HTTP_400_BAD_REQUEST))


class DcpViewMixin:
    """
    Mixed into every API view: answers 404 while the program is switched off, exposes ``self.site`` (the
    request's tenant, R1) and turns domain errors into HTTP answers. The platform's default authentication
    classes (JWT, session) apply.
    """

    # The OpenAPI document comes from drf-spectacular whatever the platform's default schema class is.
    schema = AutoSchema()
    # Set per request in ``initial``; None while drf-spectacular introspects the view (querysets are then empty).
    site = None

    def initial(self, request, *args, **kwargs):
        if not program_enabled():
            raise Http404("The Distinguished Contributor Program is not enabled.")
        self.site = current_site(request)
        super().initial(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, DcpError):
            return error_response(exc)
        return super().handle_exception(exc)


class DeferredJoinPagination(PageNumberPagination):
    """
    Page numbers as usual, read in two steps: the page's ids first (an index-only scan, however deep the page),
    then the rows of those ids. A deep page then costs about what the first page costs (P3).
    """

    def paginate_queryset(self, queryset, request, view=None):
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        if ids is None:
            return None
        rows = queryset.order_by().in_bulk(list(ids))
        return [rows[pk] for pk in ids if pk in rows]


class PublicView(DcpViewMixin, APIView):
    """
    Base of the public views (credentials, directory, dashboard): anonymous, JSON, readable from any origin,
    and limited to the programs of the request's tenant (R1). JSON is the default answer; a browser, which asks
    for ``text/html``, gets the same data in DRF's readable HTML view instead of a 406.
    """

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":  # CORS preflight of a POST to the verifier from another origin
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type"
        return response

    def program(self, slug):
        """The program ``slug`` of this tenant, or 404."""
        program = programs_api.program_on_site(self.site, slug)
        if program is None:
            raise Http404("No such program on this site.")
        return program
