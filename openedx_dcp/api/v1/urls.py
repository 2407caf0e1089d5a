"""
REST API v1 of the plugin, under ``/api/dcp/v1/``. Each domain adds its routes in its own module.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("openedx_dcp.api.v1.review_urls")),
    path("", include("openedx_dcp.api.v1.membership_urls")),
    path("", include("openedx_dcp.api.v1.contributions_urls")),
    path("", include("openedx_dcp.api.v1.credentials_urls")),
]
