"""
OpenAPI descriptions of the platform's authentication, so the schema documents how to call the API.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class JwtAuthenticationScheme(OpenApiAuthenticationExtension):
    """The Open edX JWT (``Authorization: JWT <token>``), from edx-drf-extensions."""

    target_class = "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": 'An Open edX JWT: "JWT <token>".'}
