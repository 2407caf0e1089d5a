"""
REST URLs of accomplishment-first intake (R25) and mentoring and validation (R17), included by
``openedx_dcp.api.v1.urls``.
"""

from django.urls import path

from openedx_dcp.api.v1.engagement import views

P = "programs/<slug:program_slug>/"

urlpatterns = [
    path("public/programs/<slug:program_slug>/accomplishments/", views.PublicAccomplishmentsView.as_view(),
         name="dcp-public-accomplishments"),
    path(P + "accomplishments/mine/", views.MyAccomplishmentsView.as_view(), name="dcp-my-accomplishments"),
    path(P + "accomplishments/", views.CuratedAccomplishmentsView.as_view(), name="dcp-accomplishments"),
    path(P + "accomplishments/<int:pk>/links/", views.LinkView.as_view(), name="dcp-accomplishment-links"),
    path(P + "accomplishments/<int:pk>/links/<int:link_id>/nominate/", views.NominateView.as_view(),
         name="dcp-accomplishment-nominate"),
    path(P + "accomplishments/<int:pk>/merge/", views.MergeView.as_view(), name="dcp-accomplishment-merge"),
    path(P + "accomplishments/<int:pk>/shown/", views.ShownView.as_view(), name="dcp-accomplishment-shown"),
    path(P + "mentoring/pairs/", views.PairsView.as_view(), name="dcp-mentoring-pairs"),
    path(P + "mentoring/pairs/<int:pk>/actions/", views.PairActionView.as_view(), name="dcp-mentoring-pair-action"),
    path(P + "validations/", views.ValidationsView.as_view(), name="dcp-validations"),
    path(P + "validations/<int:pk>/", views.AnswerValidationView.as_view(), name="dcp-validation-answer"),
    path("nominations/<int:pk>/validations/", views.AskValidationView.as_view(), name="dcp-nomination-validations"),
]
