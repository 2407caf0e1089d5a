"""
REST API v1 of the plugin, under ``/api/dcp/v1/``. Each domain adds its routes in its own package
(``api/v1/<domain>/urls.py``); the viewsets of programs and nominations share one ``DefaultRouter`` here.
"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from openedx_dcp.api.v1 import schema
from openedx_dcp.api.v1.base import DcpApiRootView
from openedx_dcp.api.v1.nominations import urls as nominations_urls
from openedx_dcp.api.v1.programs import urls as programs_urls

router = DefaultRouter()
router.APIRootView = DcpApiRootView  # links on the tenant's public base URL (ADR 0017)
for prefix, viewset, basename in (*programs_urls.routes, *nominations_urls.routes):
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", schema.DcpSchemaView.as_view(), name="schema"),
    path("docs/", schema.DcpSwaggerView.as_view(url_name="openedx_dcp:schema"), name="docs"),
    path("", include("openedx_dcp.api.v1.review.urls")),
    path("", include("openedx_dcp.api.v1.membership.urls")),
    path("", include("openedx_dcp.api.v1.contributions.urls")),
    path("", include("openedx_dcp.api.v1.credentials.urls")),
    path("", include("openedx_dcp.api.v1.dashboard.urls")),
    path("", include("openedx_dcp.api.v1.programs.urls")),
    path("", include("openedx_dcp.api.v1.nominations.urls")),
    path("", include("openedx_dcp.api.v1.engagement.urls")),
    path("", include("openedx_dcp.api.v1.stories.urls")),
    path("", include("openedx_dcp.api.v1.feedback.urls")),
    path("", include(router.urls)),
]
