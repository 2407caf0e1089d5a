"""
What every view of the REST API shares: the tenant of the request, the program switch, and the one mapping of
domain errors to HTTP answers.
"""

import datetime

from django.db.models import Q
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, permissions, status
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.routers import APIRootView
from rest_framework.views import APIView, exception_handler

from openedx_dcp.api.v1.filters import is_valid_id
from openedx_dcp.api.v1.lists import NearerEndPaginator
from openedx_dcp.api.v1.schema import AutoSchema
from openedx_dcp.api.v1.throttling import DepthLimitedJSONParser, PublicEndpointThrottle
from openedx_dcp.counts import KeptCountPaginator
from openedx_dcp.exceptions import DcpError, NotFound
from openedx_dcp.programs import api as programs_api
from openedx_dcp.review import api as review_api
from openedx_dcp.tenancy import current_site, public_url
from openedx_dcp.toggles import program_enabled

__all__ = [
    "DcpApiRootView", "DcpFilterBackend", "DcpPagination", "DcpViewMixin", "DeferredJoinPagination", "KeysetPagination",
    "PublicView",
    "TenantScopedFieldsMixin", "dcp_exception_handler", "error_response", "public_link",
]


def _nest(errors):
    """``{"thresholds.panel_quotas": [...]}`` as ``{"thresholds": {"panel_quotas": [...]}}``, DRF's nested shape."""
    nested = {}
    for path, messages in errors.items():
        parts = path.split(".")
        node = nested
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):  # a message on the parent itself; keep it beside the children
                child = node[part] = {"non_field_errors": child}
            node = child
        node.setdefault(parts[-1], [])
        if isinstance(node[parts[-1]], dict):
            node[parts[-1]].setdefault("non_field_errors", []).extend(messages)
        else:
            node[parts[-1]].extend(messages)
    return nested


def error_response(exc):
    """
    The HTTP answer for a domain error: 400 for invalid input and rule violations, 403 when the actor may not
    act, 409 when the workflow refuses the move. Field errors are keyed by the request's fields as DRF's own
    (``{"field": ["message"]}``, nested for a key inside a field), other refusals are ``{"detail": "message"}``,
    and every answer carries the refusal's machine-readable ``code`` (docs/api.md lists them).
    """
    body = _nest(exc.errors) if exc.errors else {"detail": exc.message}
    body["code"] = exc.code
    return Response(body, status=getattr(exc, "status_code", status.HTTP_400_BAD_REQUEST))


def _codes_of(detail):
    """The first code found in DRF's error detail (a string, list or dict of ``ErrorDetail``)."""
    if isinstance(detail, dict):
        for value in detail.values():
            code = _codes_of(value)
            if code:
                return code
        return None
    if isinstance(detail, list):
        for value in detail:
            code = _codes_of(value)
            if code:
                return code
        return None
    return getattr(detail, "code", None)


def dcp_exception_handler(exc, context):
    """
    DRF's exception handling for the plugin's views, whatever the platform's ``EXCEPTION_HANDLER``: domain
    errors through ``error_response``, DRF's own refusals (validation, 401, 403, 404, 405, 415, throttling) in
    the same shape with their ``code`` (``invalid``, ``required``, ``not_authenticated``, ``not_found``...).
    """
    if isinstance(exc, NotFound):
        # R26: what the caller may not see gets exactly the answer of an id that does not exist.
        exc = Http404()
    if isinstance(exc, DcpError):
        return error_response(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, list):  # a serializer-level error raised as a list
        data = {"non_field_errors": data}
    if not isinstance(data, dict):
        data = {"detail": data}
    code = None
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else _codes_of(exc.detail)
    if code is None and response.status_code == status.HTTP_404_NOT_FOUND:
        code = "not_found"
    data = dict(data)
    data["code"] = code or "invalid"
    response.data = data
    return response


def public_link(request, site, link):
    """``link``, an absolute URL DRF built on the request's ``Host``, on tenant ``site``'s public base URL."""
    if link is None or site is None:
        return link
    absolute = request.build_absolute_uri("/")  # the Host's origin, replaced by the public base
    return public_url(site, "/" + link[len(absolute):]) if link.startswith(absolute) else link


class DcpPagination(PageNumberPagination):
    """
    Pages of 20 (``?page_size=`` up to 100) whatever the platform's default paginator is, with ``next`` and
    ``previous`` on the tenant's public base URL (``DCP_PUBLIC_BASE_URL``), never on the request's ``Host``.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = KeptCountPaginator

    def _public(self, link):
        return public_link(self.request, getattr(self.request, "_dcp_site", None), link)

    def get_paginated_response_schema(self, schema):
        """The page's envelope, with examples of what the API answers (drf-spectacular puts them around a list's
        example)."""
        envelope = super().get_paginated_response_schema(schema)
        properties = envelope["properties"]
        properties["count"]["example"] = 45
        properties["next"]["example"] = "https://lms.example.org/api/dcp/v1/nominations/?page=3"
        properties["previous"]["example"] = "https://lms.example.org/api/dcp/v1/nominations/?page=1"
        return envelope

    def get_next_link(self):
        return self._public(super().get_next_link())

    def get_previous_link(self):
        return self._public(super().get_previous_link())


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
    # Pages of 20 with links on the public base URL, whatever the platform's DEFAULT_PAGINATION_CLASS.
    pagination_class = DcpPagination
    # JSON nested deeper than DCP_JSON_MAX_DEPTH is a 400, not a RecursionError (a 500).
    parser_classes = [DepthLimitedJSONParser, FormParser, MultiPartParser]

    def initial(self, request, *args, **kwargs):
        if not program_enabled():
            raise Http404("The Distinguished Contributor Program is not enabled.")
        self.site = current_site(request)
        request._dcp_site = self.site  # read by DcpPagination's links
        # An id in the path that no row can have (``²``, a number too large for the database) names nothing.
        # Only numeric ids: a credential's ``public_id`` is a UUID.
        for name, value in kwargs.items():
            names_a_number = name == "pk" or (name.endswith("_id") and str(value).isdigit())
            if names_a_number and not is_valid_id(value):
                raise Http404("Not found.")
        super().initial(request, *args, **kwargs)

    def get_exception_handler(self):
        return dcp_exception_handler

    def tenant_cycles(self):
        """
        ``programs_api.tenant_cycles`` of the request's user and tenant, with their panel seats
        (``review.api.viewer_cycles``), read once per request (kept on the request, never across requests)
        for the list functions that take ``cycles=``.
        """
        request = getattr(self, "request", None)
        if request is None or self.site is None:  # drf-spectacular introspecting the view
            return programs_api.tenant_cycles(user=None, site=None)
        if getattr(request, "_dcp_tenant_cycles", None) is None:
            request._dcp_tenant_cycles = review_api.viewer_cycles(user=request.user, site=self.site)
        return request._dcp_tenant_cycles


class DcpApiRootView(DcpViewMixin, APIRootView):
    """
    The API's browsable root (``GET /api/dcp/v1/``): its links on the tenant's public base URL, like every URL
    the API hands out, never on the request's ``Host``. Not an operation of the OpenAPI document.
    """

    schema = None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data = {name: public_link(request, self.site, link) for name, link in response.data.items()}
        return response


class DeferredJoinPagination(DcpPagination):
    """
    Page numbers as usual, read in two steps: the page's ids first (an index-only scan, however deep the page,
    from the nearer end of the list), then the rows of those ids. A deep page then costs about what the first
    page costs (P3).
    """

    django_paginator_class = NearerEndPaginator

    def page_ids(self, queryset, request, view=None):
        """The ids of the requested page, in the list's order (None when the view is not paginated)."""
        ids = super().paginate_queryset(queryset.values_list("pk", flat=True), request, view)
        return None if ids is None else list(ids)

    def paginate_queryset(self, queryset, request, view=None):
        ids = self.page_ids(queryset, request, view)
        if ids is None:
            return None
        rows = queryset.order_by().in_bulk(ids)
        return [rows[pk] for pk in ids if pk in rows]


class KeysetPagination(CursorPagination):
    """
    Pages of 20 (``?page_size=`` up to 100) of a long list newest first, followed by cursor: ``next`` and
    ``previous`` (on the tenant's public base URL) carry the time and id of the row the page stops at, and the
    next page is read from there down an index, however far into the list (a member's 100,000 signals, P3).
    The answer has no ``count``: counting the whole list is what made its pages slow.

    DRF's cursors mark a position by the first ordering field alone and skip rows sharing it by an offset
    (capped at 1,000 rows); here the position is the pair of ``ordering``'s two fields (a time, then the id), so
    rows of the same time, however many, are paged exactly. ``?page=`` is refused with a sentence.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-occurred_at", "-id")

    def _public(self, link):
        return public_link(self.request, getattr(self.request, "_dcp_site", None), link)

    def _get_position_from_instance(self, instance, ordering):
        when, pk = (instance[field.lstrip("-")] for field in ordering)
        return f"{when.isoformat()}|{pk}"

    # A cursor this paginator writes is well under this (a time and an id, in base64).
    cursor_max_length = 200

    def decode_cursor(self, request):
        if len(request.query_params.get(self.cursor_query_param, "")) > self.cursor_max_length:
            raise exceptions.NotFound(self.invalid_cursor_message)
        return super().decode_cursor(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"]["maxLength"] = self.cursor_max_length
                parameter["description"] = "The position to read from: take it from the answer's next or previous."
        return parameters

    def _position(self, position):
        """The cursor's ``(time, id)``; a cursor not written by this paginator reads as not found."""
        when, _sep, pk = position.partition("|")
        try:
            when = parse_datetime(when)
            pk = int(pk)
        except ValueError:
            when = None
        if not isinstance(when, datetime.datetime) or when.tzinfo is None:
            raise exceptions.NotFound(self.invalid_cursor_message)
        return when, pk

    def paginate_queryset(self, queryset, request, view=None, columns=()):
        """
        The page's rows as dicts of the two ordering fields and ``columns``, read in the page's one query (the
        few rows a page holds are read beside their index entries).
        """
        if "page" in request.query_params:
            raise exceptions.ValidationError(
                {"page": [_("This list is paged by cursor: follow the answer's next and previous links.")]},
                code="paged_by_cursor",
            )
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.cursor = self.decode_cursor(request)
        reverse = bool(self.cursor and self.cursor.reverse)
        current = self.cursor.position if self.cursor else None
        ordering = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in self.ordering) if reverse else self.ordering
        time_field, id_field = (field.lstrip("-") for field in ordering)
        queryset = queryset.order_by(*ordering).values(id_field, time_field, *columns)
        if current is not None:
            when, pk = self._position(current)
            later = "lt" if ordering[0].startswith("-") else "gt"
            queryset = queryset.filter(Q(**{f"{time_field}__{later}": when})
                                       | Q(**{time_field: when, f"{id_field}__{later}": pk}))
        results = list(queryset[:self.page_size + 1])
        self.page = results[:self.page_size]
        following = self._get_position_from_instance(results[-1], self.ordering) if len(results) > len(
            self.page) else None
        if reverse:
            self.page.reverse()
            self.has_next, self.next_position = current is not None, current
            self.has_previous, self.previous_position = following is not None, following
        else:
            self.has_next, self.next_position = following is not None, following
            self.has_previous, self.previous_position = current is not None, current
        self.display_page_controls = self.has_previous or self.has_next
        return self.page

    def get_next_link(self):
        return self._public(super().get_next_link())

    def get_previous_link(self):
        return self._public(super().get_previous_link())

    def get_paginated_response_schema(self, schema):
        envelope = super().get_paginated_response_schema(schema)
        envelope["properties"]["next"]["example"] = (
            "https://lms.example.org/api/dcp/v1/memberships/1/evidence/?cursor=cD0yMDI2LTA5LTE0VDE2JTNBMjA")
        return envelope


class DcpFilterBackend(DjangoFilterBackend):
    """
    django-filter's backend, skipped when the request carries no query parameter but the paginator's: the
    filter set would then filter nothing, and building its form costs a list request about a millisecond (P3).
    """

    unfiltered = frozenset({"page", "page_size", "cursor", "format"})

    def filter_queryset(self, request, queryset, view):
        if self.unfiltered.issuperset(request.query_params.keys()):
            return queryset
        return super().filter_queryset(request, queryset, view)


class PublicView(DcpViewMixin, APIView):
    """
    Base of the public views (credentials, directory, dashboard): anonymous, JSON, readable from any origin,
    and limited to the programs of the request's tenant (R1). JSON is the default answer; a browser, which asks
    for ``text/html``, gets the same data in DRF's readable HTML view instead of a 406.
    """

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    # Anonymous, so counted per client IP (DCP_RATE_LIMIT_PUBLIC).
    throttle_classes = [PublicEndpointThrottle]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        if request.method == "OPTIONS":  # CORS preflight of a POST to the verifier from another origin
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Allow-Headers"] = "Content-Type"
        return response

    def program(self, slug):
        """The program ``slug`` of this tenant, or 404."""
        program = programs_api.program_on_site(site=self.site, slug=slug)
        if program is None:
            raise Http404("No such program on this site.")
        return program


class TenantScopedFieldsMixin:
    """
    Limit related-object fields to the request's tenant (R1): an id from another tenant reads as unknown.

    ``tenant_scoped`` maps a field name to the lookup from its model to the Site.
    """

    tenant_scoped = {}

    def get_fields(self):
        fields = super().get_fields()
        site = self.context.get("site")
        for name, lookup in self.tenant_scoped.items():
            field = fields.get(name)
            if field is not None and not field.read_only and site is not None:
                field.queryset = field.queryset.filter(**{lookup: site})
        return fields
