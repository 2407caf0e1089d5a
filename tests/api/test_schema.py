"""
The OpenAPI document under a DRF configuration like the LMS's: ``DEFAULT_SCHEMA_CLASS`` is DRF's own
``AutoSchema`` (the dev host's settings, as the LMS's), and the plugin's views carry drf-spectacular's.
"""

import re

import pytest
import rest_framework.schemas.openapi
from rest_framework.schemas.generators import EndpointEnumerator
from rest_framework.settings import api_settings

from openedx_dcp.api.v1.schema import DcpSchemaView, DcpSwaggerView

HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


def shape(path):
    """A path with its parameters unnamed: DRF names them after the URL kwargs, drf-spectacular after fields."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def expected_operations():
    """Every (path, method) the plugin's API routes, except the schema and docs views themselves."""
    endpoints = EndpointEnumerator(urlconf="openedx_dcp.api.v1.schema_urls").get_api_endpoints()
    return {
        (shape(path), method.lower()) for path, method, callback in endpoints
        if getattr(callback, "cls", None) not in (DcpSchemaView, DcpSwaggerView)
    }


@pytest.mark.django_db
def test_schema_answers_every_operation_under_drfs_default_schema_class(client):
    # The host's setting, as in the LMS: not drf-spectacular's class.
    assert api_settings.DEFAULT_SCHEMA_CLASS is rest_framework.schemas.openapi.AutoSchema

    response = client.get("/api/dcp/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200, response.content[:2000]
    document = response.json()
    operations = {
        (path, method) for path, item in document["paths"].items() for method in item if method in HTTP_METHODS
    }
    assert all("operationId" in document["paths"][path][method] for path, method in operations)
    expected = expected_operations()
    assert len(expected) > 80
    assert {(shape(path), method) for path, method in operations} == expected
