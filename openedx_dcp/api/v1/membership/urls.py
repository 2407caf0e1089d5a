"""
REST URLs of memberships, included by openedx_dcp.api.v1.urls.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from openedx_dcp.api.v1.membership.views import DirectoryView, MembershipViewSet

router = SimpleRouter()
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = [
    path("public/programs/<slug:program_slug>/members/", DirectoryView.as_view(), name="dcp-public-directory"),
] + router.urls
