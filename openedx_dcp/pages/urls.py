"""
The people's pages, mounted by the plugin framework under ``/dcp/`` with the namespace ``dcp``
(``reverse("dcp:home", kwargs={"program": slug})``). Each area keeps its routes in its own module and adds one
``include`` line here.
"""

from django.urls import include, path

from openedx_dcp.pages.views import program

urlpatterns = [
    path("", program.ProgramIndexView.as_view(), name="index"),
    path("<slug:program>/", program.ProgramHomeView.as_view(), name="home"),
    path("<slug:program>/", include("openedx_dcp.pages.nomination_urls")),
    path("<slug:program>/", include("openedx_dcp.pages.review_urls")),
    path("<slug:program>/", include("openedx_dcp.pages.public_urls")),
    path("<slug:program>/", include("openedx_dcp.pages.accomplishment_urls")),
    path("<slug:program>/", include("openedx_dcp.pages.mentoring_urls")),
    path("<slug:program>/", include("openedx_dcp.pages.story_urls")),
    path("<slug:program>/", include("openedx_dcp.pages.feedback_urls")),
]
