"""
The URL tree the OpenAPI document is generated from: only the plugin's API, with its public prefix, whatever
else the LMS mounts.
"""

from django.urls import include, path

urlpatterns = [path("api/dcp/v1/", include("openedx_dcp.api.v1.urls"))]
