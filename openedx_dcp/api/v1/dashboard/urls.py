"""
REST URLs of the program dashboard, included by openedx_dcp.api.v1.urls.
"""

from django.urls import path

from openedx_dcp.api.v1.dashboard.views import PublicDashboardView, StaffDashboardView

urlpatterns = [
    path("public/programs/<slug:program_slug>/dashboard/", PublicDashboardView.as_view(), name="dcp-public-dashboard"),
    path("programs/<int:pk>/dashboard/", StaffDashboardView.as_view(), name="dcp-program-dashboard"),
]
