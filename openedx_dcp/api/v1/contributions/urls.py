"""
REST URLs of this package, included by openedx_dcp.api.v1.urls.
"""

from django.urls import path

from openedx_dcp.api.v1.contributions import views

urlpatterns = [
    path("signals/", views.SignalBatchView.as_view(), name="signals"),
    path("signals/opt-in/", views.OptInView.as_view(), name="signals-opt-in"),
    path("signals/contributors/", views.ContributorCountsView.as_view(), name="signals-contributors"),
    path("signals/cohorts/<int:cycle_id>/", views.CohortMetricsView.as_view(), name="signals-cohort"),
    path("signals/evidence/organizations/<slug:slug>/", views.OrganizationEvidenceView.as_view(),
         name="signals-organization-evidence"),
    path("signals/evidence/<str:username>/", views.PersonEvidenceView.as_view(), name="signals-evidence"),
]
