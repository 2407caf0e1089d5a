"""
The panelists' pages (R10–R13), included by ``openedx_dcp.pages.urls`` under ``/dcp/<program>/``.
"""

from django.urls import path

from openedx_dcp.pages.views import review

urlpatterns = [
    path("review/", review.ReviewQueueView.as_view(), name="review-queue"),
    path("review/<int:pk>/", review.ReviewNominationView.as_view(), name="review-nomination"),
]
