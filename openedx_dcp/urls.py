"""
The plugin's URLs, mounted by the plugin framework under ``/api/dcp/``.
"""

from django.urls import include, path

app_name = "openedx_dcp"

urlpatterns = [
    path("v1/", include("openedx_dcp.api.v1.urls")),
]
