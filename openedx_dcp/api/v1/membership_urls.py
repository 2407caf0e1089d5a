"""
REST URLs of memberships, included by openedx_dcp.api.v1.urls.
"""

from rest_framework.routers import SimpleRouter

from openedx_dcp.api.v1.membership_views import MembershipViewSet

router = SimpleRouter()
router.register("memberships", MembershipViewSet, basename="membership")

urlpatterns = router.urls
