"""
REST API v1 of the plugin, under ``/api/dcp/v1/``. Each domain adds its routes in its own module.
"""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from openedx_dcp.api.v1 import schema, views  # noqa: F401  (schema registers extensions)

router = DefaultRouter()
router.register("programs", views.ProgramViewSet, basename="program")
router.register("tracks", views.TrackViewSet, basename="track")
router.register("cycles", views.CycleViewSet, basename="cycle")
router.register("nominations", views.NominationViewSet, basename="nomination")
router.register("endorsements", views.EndorsementViewSet, basename="endorsement")

urlpatterns = [
    path("schema/", schema.DcpSchemaView.as_view(), name="schema"),
    path("docs/", schema.DcpSwaggerView.as_view(url_name="openedx_dcp:schema"), name="docs"),
    path("", include("openedx_dcp.api.v1.review_urls")),
    path("", include("openedx_dcp.api.v1.membership_urls")),
    path("", include("openedx_dcp.api.v1.contributions_urls")),
    path("", include("openedx_dcp.api.v1.credentials_urls")),
    path("", include("openedx_dcp.api.v1.dashboard_urls")),
    path("", include(router.urls)),
]
