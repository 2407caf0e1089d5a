"""
REST URLs of feedback rounds (R20), included by openedx_dcp.api.v1.urls.
"""

from django.urls import path

from openedx_dcp.api.v1.feedback import views

urlpatterns = [
    path("programs/<int:program_id>/feedback-rounds/", views.RoundListView.as_view(), name="feedback-round-list"),
    path("feedback-rounds/<int:pk>/", views.RoundDetailView.as_view(), name="feedback-round-detail"),
    path("feedback-rounds/<int:pk>/responses/", views.ResponseView.as_view(), name="feedback-round-responses"),
    path("feedback-rounds/<int:pk>/results/", views.ResultsView.as_view(), name="feedback-round-results"),
    path("feedback-rounds/<int:pk>/results.csv", views.ResultsExportView.as_view(), name="feedback-round-export"),
    path("feedback-rounds/<int:pk>/actions/<slug:action>/", views.RoundActionView.as_view(),
         name="feedback-round-action"),
]
