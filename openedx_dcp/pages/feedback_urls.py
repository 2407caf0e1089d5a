"""
The feedback rounds' pages (R20), included by ``openedx_dcp.pages.urls`` under ``/dcp/<program>/``.
"""

from django.urls import path

from openedx_dcp.pages.views import feedback

urlpatterns = [
    path("feedback/", feedback.FeedbackListView.as_view(), name="feedback"),
    path("feedback/<slug:round>/", feedback.FeedbackAnswerView.as_view(), name="feedback-answer"),
    path("feedback/<slug:round>/results/", feedback.FeedbackResultsView.as_view(), name="feedback-results"),
    path("feedback/<slug:round>/results.csv", feedback.FeedbackExportView.as_view(), name="feedback-results-csv"),
]
