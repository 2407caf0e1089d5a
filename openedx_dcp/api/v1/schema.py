"""
OpenAPI descriptions of the platform's authentication, so the schema documents how to call the API.
"""

from django.templatetags.static import static
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularSwaggerView


class JwtAuthenticationScheme(OpenApiAuthenticationExtension):
    """The Open edX JWT (``Authorization: JWT <token>``), from edx-drf-extensions."""

    target_class = "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": 'An Open edX JWT: "JWT <token>".'}


class DcpSwaggerView(SpectacularSwaggerView):
    """
    The API's docs page. Swagger UI comes from drf-spectacular-sidecar's static files, whatever the
    platform's SPECTACULAR_SETTINGS say, so the page works without reaching a CDN.
    """

    title = "openedx-dcp API"
    permission_classes = []
    authentication_classes = []

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"drf_spectacular_sidecar/swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static("drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png")
