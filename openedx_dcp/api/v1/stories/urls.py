"""
REST URLs of stories (R19) and citations (KR 5.2), included by openedx_dcp.api.v1.urls.
"""

from django.urls import path

from openedx_dcp.api.v1.stories import views

urlpatterns = [
    path("public/programs/<slug:program_slug>/stories/", views.PublicStoryList.as_view(), name="dcp-public-stories"),
    path("public/programs/<slug:program_slug>/stories/<int:pk>/", views.PublicStoryDetail.as_view(),
         name="dcp-public-story"),
    path("stories/", views.StoryList.as_view(), name="dcp-stories"),
    path("stories/<int:pk>/", views.StoryDetail.as_view(), name="dcp-story"),
    path("stories/<int:pk>/publish/", views.StoryPublishView.as_view(), name="dcp-story-publish"),
    path("stories/<int:pk>/unpublish/", views.StoryUnpublishView.as_view(), name="dcp-story-unpublish"),
    path("stories/<int:pk>/ask-consent/", views.StoryAskConsentView.as_view(), name="dcp-story-ask-consent"),
    path("stories/<int:pk>/consent/", views.StoryConsentView.as_view(), name="dcp-story-consent"),
    path("citations/", views.CitationList.as_view(), name="dcp-citations"),
]
