"""
My mentoring and validations (R17), included by ``openedx_dcp.pages.urls`` under ``/dcp/<program>/``.
"""

from django.urls import path

from openedx_dcp.pages.views import mentoring

urlpatterns = [
    path("mentoring/", mentoring.MyMentoringView.as_view(), name="my-mentoring"),
    path("mentoring/pairs/<int:pk>/<str:action>/", mentoring.PairActionView.as_view(), name="mentoring-pair-action"),
    path("mentoring/validations/<int:pk>/", mentoring.ValidationActionView.as_view(), name="validation-action"),
]
