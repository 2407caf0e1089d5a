"""
The API's OpenAPI document, made by drf-spectacular whatever the platform's settings say.

The LMS owns ``REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]`` and sets it to DRF's own ``AutoSchema``; the plugin must
neither depend on that setting nor change it for everyone. drf-spectacular's ``@extend_schema`` on a view method
builds its schema class on ``DEFAULT_SCHEMA_CLASS`` when the module is imported (the method cannot see its
view's ``schema``), so the plugin's views import ``extend_schema`` from here: the same decorator, based on
drf-spectacular's ``AutoSchema``. The views themselves carry ``schema = AutoSchema()`` (``DcpViewMixin``), and
so do the schema and docs views below.
"""

import inspect

from django.templatetags.static import static
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema as spectacular_extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

__all__ = ["extend_schema", "DcpSchemaView", "DcpSwaggerView", "JwtAuthenticationScheme"]


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
