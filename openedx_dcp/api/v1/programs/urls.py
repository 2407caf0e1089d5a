"""
REST URLs of programs, rules, tracks and cycles, included by openedx_dcp.api.v1.urls.

``routes`` are registered on the API's one ``DefaultRouter`` there (its browsable root and format suffixes).
"""

from openedx_dcp.api.v1.programs import views

routes = [
    ("programs", views.ProgramViewSet, "program"),
    ("tracks", views.TrackViewSet, "track"),
    ("cycles", views.CycleViewSet, "cycle"),
    ("organizations", views.OrganizationViewSet, "organization"),
    ("affiliations", views.AffiliationViewSet, "affiliation"),
    ("community-roles", views.CommunityRoleViewSet, "community-role"),
]

urlpatterns = []
