"""
Stories and spotlights (R19), citing the program (KR 5.2) and the program report (KR 4.2), included by
``openedx_dcp.pages.urls`` under ``/dcp/<program>/``.
"""

from django.urls import path

from openedx_dcp.pages.views import report, stories

urlpatterns = [
    path("stories/", stories.StoryListView.as_view(), name="stories"),
    path("stories/feed.atom", stories.StoryFeed(), name="story-feed"),
    path("stories/motivated/", stories.CiteProgramView.as_view(), name="story-cite"),
    path("stories/<int:pk>/", stories.StoryView.as_view(), name="story"),
    path("stories/<int:pk>/consent/", stories.StoryConsentView.as_view(), name="story-consent"),
    path("report/", report.ReportView.as_view(), name="report"),
]
