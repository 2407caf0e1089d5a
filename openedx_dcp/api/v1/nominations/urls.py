"""
REST URLs of nominations and endorsements, included by openedx_dcp.api.v1.urls.

``routes`` are registered on the API's one ``DefaultRouter`` there (its browsable root and format suffixes).
"""

from openedx_dcp.api.v1.nominations import views

routes = [
    ("nominations", views.NominationViewSet, "nomination"),
    ("endorsements", views.EndorsementViewSet, "endorsement"),
]

urlpatterns = []
