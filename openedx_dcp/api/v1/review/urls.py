"""
REST URLs of panel review (R9–R13), included by openedx_dcp.api.v1.urls under ``/api/dcp/v1/review/``.
"""

from django.urls import path

from openedx_dcp.api.v1.review import views

urlpatterns = [
    path("review/cycles/<int:cycle_id>/panel/", views.PanelView.as_view(), name="review-panel"),
    path("review/cycles/<int:cycle_id>/panel/<int:pk>/", views.PanelistView.as_view(), name="review-panelist"),
    path("review/cycles/<int:cycle_id>/report/", views.PanelReportView.as_view(), name="review-report"),
    path("review/cycles/<int:cycle_id>/actions/<slug:action>/", views.CycleActionView.as_view(),
         name="review-cycle-action"),
    path("review/cycles/<int:cycle_id>/export.csv", views.ExportView.as_view(), name="review-export"),
    path("review/nominations/", views.ReviewNominationList.as_view(), name="review-nomination-list"),
    path("review/nominations/<int:pk>/", views.ReviewNominationDetail.as_view(), name="review-nomination-detail"),
    path("review/nominations/<int:pk>/reviews/", views.ReviewsView.as_view(), name="review-reviews"),
    path("review/nominations/<int:pk>/assignments/", views.AssignmentsView.as_view(), name="review-assignments"),
    path("review/nominations/<int:pk>/conflicts/", views.ConflictsView.as_view(), name="review-conflicts"),
    path("review/nominations/<int:pk>/conflicts/clear/", views.ConflictClearView.as_view(),
         name="review-conflict-clear"),
    path("review/nominations/<int:pk>/comments/", views.CommentsView.as_view(), name="review-comments"),
    path("review/nominations/<int:pk>/votes/", views.VotesView.as_view(), name="review-votes"),
    path("review/nominations/<int:pk>/decision/", views.DecisionView.as_view(), name="review-decision"),
    path("review/nominations/<int:pk>/decision/publication/", views.RationalePublicationView.as_view(),
         name="review-decision-publication"),
    path("review/nominations/<int:pk>/rescind/", views.RescindView.as_view(), name="review-rescind"),
    path("nominations/<int:pk>/endorsement-requests/", views.EndorsementRequestView.as_view(),
         name="nomination-endorsement-requests"),
]
