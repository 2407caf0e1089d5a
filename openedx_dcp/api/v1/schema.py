"""
The API's OpenAPI document, made by drf-spectacular whatever the platform's settings say.

The LMS owns ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`` and sets it to DRF's own ``AutoSchema``; the plugin must
neither depend on that setting nor change it for everyone. drf-spectacular's ``@extend_schema`` on a view method
builds its schema class on ``DEFAULT_SCHEMA_CLASS`` when the module is imported (the method cannot see its
view's ``schema``), so the plugin's views import ``extend_schema`` from here: the same decorator, based on
drf-spectacular's ``AutoSchema``. The views themselves carry ``schema = AutoSchema()`` (``DcpViewMixin``), and
so do the schema and docs views below.
"""

import functools
import importlib
import inspect
from dataclasses import dataclass, field
from typing import Any

from django.templatetags.static import static
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from drf_spectacular.utils import extend_schema as spectacular_extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

__all__ = ["AutoSchema", "ERROR_SCHEMA", "OpenApiParameter", "OperationDoc", "extend_schema", "operation",
           "operation_doc", "DcpSchemaView", "DcpSwaggerView", "JwtAuthenticationScheme"]

_UNSET = object()


@dataclass(frozen=True)
class OperationDoc:
    """
    What the OpenAPI document says about one operation beyond what introspection finds: a description written
    for a client developer, and realistic examples (the demo data's, ``make dev``), which schemathesis also
    sends (tests/api/test_schemathesis.py) and tests/api/test_schema_docs.py requires.
    """

    description: str
    request: Any = _UNSET
    response: Any = _UNSET
    status: int = 200
    parameters: dict = field(default_factory=dict)
    media_type: str = "application/json"

    @property
    def has_request(self):
        return self.request is not _UNSET

    @property
    def has_response(self):
        return self.response is not _UNSET


def operation(description, *, request=_UNSET, response=_UNSET, status=200, parameters=None,
              media_type="application/json") -> OperationDoc:
    """
    The docs of one operation, for a domain's ``api/v1/<domain>/examples.py`` (``OPERATIONS``, keyed by
    operationId):

    - ``description``: what it does, who may call it, what it refuses;
    - ``request``: an example body (POST, PUT, PATCH);
    - ``response``: an example of the success answer (for a paginated list: one item, the page is added
      around it), answered with ``status``, as ``media_type``;
    - ``parameters``: example values of the path and query parameters, by name (ids of the demo data).
    """
    return OperationDoc(description=description, request=request, response=response, status=status,
                        parameters=dict(parameters or {}), media_type=media_type)


@functools.cache
def _operations_of(package):
    """``OPERATIONS`` of ``<package>.examples`` (empty when the package has none)."""
    try:
        module = importlib.import_module(f"{package}.examples")
    except ModuleNotFoundError as error:
        if error.name != f"{package}.examples":
            raise
        return {}
    return getattr(module, "OPERATIONS", {})


def operation_doc(view, operation_id):
    """The ``OperationDoc`` of ``operation_id`` from the examples module beside ``view``'s module, or None."""
    package = type(view).__module__.rpartition(".")[0]
    return _operations_of(package).get(operation_id)

# The one error shape of the API (docs/api.md, ``base.dcp_exception_handler``): field errors keyed by the
# request's fields (or ``non_field_errors``), or ``detail``; always a machine-readable ``code``.
ERROR_SCHEMA = {
    "type": "object",
    "description": "A refusal: `code` (docs/api.md lists them) and either `detail` or messages keyed by the "
                   "request's fields (`non_field_errors` when no field is at fault), nested for a key inside a "
                   "field.",
    "properties": {
        "code": {"type": "string", "description": "Stable, machine-readable name of the refusal."},
        "detail": {"type": "string", "description": "What was refused, as a sentence (translated)."},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["code"],
    "additionalProperties": True,
    "example": {"nominee_username": ["Object with username=nobody does not exist."], "code": "does_not_exist"},
}

_ERROR_DESCRIPTIONS = {
    "400": "Invalid input or a program rule refuses: messages keyed by the request's fields, with a `code`.",
    "401": "Not signed in, or a bad token (`not_authenticated`, `authentication_failed`).",
    "403": "Signed in and allowed to see, not allowed to act (`permission_denied`).",
    "404": "Nothing the caller may see has this id, or the program is switched off (`not_found`).",
    "409": "The workflow refuses the move (`transition_refused`, `phase_started`...).",
    "429": "A rate limit was reached (`throttled`); `Retry-After` says when to try again.",
}


class AutoSchema(SpectacularAutoSchema):
    """
    drf-spectacular's ``AutoSchema`` that documents, on every operation, the error answers it can give (400,
    401, 403, 404, 409, 429 as they can occur) with the one error shape, the ``Error`` component.
    """

    def _error_codes(self, operation):
        view = self.view
        public = not getattr(view, "authentication_classes", None)
        has_input = self.method in ("POST", "PUT", "PATCH") or any(
            parameter.get("in") == "query" for parameter in operation.get("parameters", []))
        codes = ["404"]  # every operation: the program may be switched off (or the id is none of the caller's)
        if has_input or public:
            codes.append("400")
        if not public:
            codes += ["401", "403"]
            if self.method != "GET":
                codes.append("409")
        if getattr(view, "throttle_classes", None):
            codes.append("429")
        return sorted(codes)

    def _resolve_path_parameters(self, variables):
        """
        Path parameters as the URL converters read them: an integer id is not negative, a slug is a slug, a
        username has no ``/`` (anything else matches no route at all).
        """
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "integer":
                schema.setdefault("minimum", 0)
            elif schema.get("type") == "string" and "format" not in schema and "pattern" not in schema:
                schema["pattern"] = r"^[^/]+$" if parameter["name"] == "username" else r"^[-a-zA-Z0-9_]+$"
        return parameters

    def _doc(self):
        return operation_doc(self.view, self.get_operation_id())

    def get_description(self):
        doc = self._doc()
        return doc.description if doc is not None and doc.description else super().get_description()

    def get_examples(self):
        doc = self._doc()
        if doc is None:
            return []
        examples = []
        if doc.has_request:
            examples.append(OpenApiExample("Request", value=doc.request, request_only=True))
        if doc.has_response:
            examples.append(OpenApiExample("Answer", value=doc.response, response_only=True,
                                           status_codes=[str(doc.status)], media_type=doc.media_type))
        return examples

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if not operation:
            return operation
        # django-filter's max_length (enforced: a longer value is a 400) is stated on the query parameter.
        filters = getattr(getattr(self.view, "filterset_class", None), "base_filters", {})
        for parameter in operation.get("parameters", []):
            found = filters.get(parameter["name"]) if parameter["in"] == "query" else None
            max_length = found.extra.get("max_length") if found is not None else None
            if max_length and parameter.get("schema", {}).get("type") == "string":
                parameter["schema"].setdefault("maxLength", max_length)
        doc = self._doc()
        if doc is not None:
            for parameter in operation.get("parameters", []):
                if parameter["name"] in doc.parameters:
                    parameter["example"] = doc.parameters[parameter["name"]]
        responses = operation.setdefault("responses", {})
        component = ResolvedComponent(name="Error", type=ResolvedComponent.SCHEMA, object="Error",
                                      schema=ERROR_SCHEMA)
        self.registry.register_on_missing(component)
        for code in self._error_codes(operation):
            responses.setdefault(code, {
                "content": {"application/json": {"schema": component.ref}},
                "description": _ERROR_DESCRIPTIONS[code],
            })
        return operation



def extend_schema(**kwargs):
    """
    drf-spectacular's ``extend_schema`` for a view method or action, based on drf-spectacular's ``AutoSchema``
    rather than on the platform's ``DEFAULT_SCHEMA_CLASS``.
    """
    decorate = spectacular_extend_schema(**kwargs)

    def decorator(target):
        if callable(target) and not inspect.isclass(target) and not hasattr(target, "cls"):
            method_kwargs = dict(getattr(target, "kwargs", None) or {})
            # ``extend_schema`` takes a schema already set on the method as the base of the one it builds.
            method_kwargs.setdefault("schema", AutoSchema)
            target.kwargs = method_kwargs
        return decorate(target)

    return decorator


class JwtAuthenticationScheme(OpenApiAuthenticationExtension):
    """The Open edX JWT (``Authorization: JWT <token>``), from edx-drf-extensions."""

    target_class = "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": 'An Open edX JWT: "JWT <token>".'}


class DcpSchemaView(SpectacularAPIView):
    """The OpenAPI document of the plugin's API (``GET /api/dcp/v1/schema/``), anonymous."""

    schema = AutoSchema()
    permission_classes = []
    authentication_classes = []
    urlconf = "openedx_dcp.api.v1.schema_urls"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class DcpSwaggerView(SpectacularSwaggerView):
    """
    The API's docs page. Swagger UI comes from drf-spectacular-sidecar's static files, whatever the
    platform's SPECTACULAR_SETTINGS say, so the page works without reaching a CDN.
    """

    schema = AutoSchema()
    title = "openedx-dcp API"
    permission_classes = []
    authentication_classes = []

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"drf_spectacular_sidecar/swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static("drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png")
