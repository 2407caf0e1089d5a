"""
Accomplishment-first intake (R25), included by ``openedx_dcp.pages.urls`` under ``/dcp/<program>/``.
"""

from django.urls import path

from openedx_dcp.pages.views import accomplishments

urlpatterns = [
    path("accomplishments/", accomplishments.AccomplishmentsView.as_view(), name="accomplishment-public-list"),
    path("accomplishments/submit/", accomplishments.SubmitAccomplishmentView.as_view(), name="accomplishment-submit"),
    path("accomplishments/mine/", accomplishments.MyAccomplishmentsView.as_view(), name="accomplishments-mine"),
    path("accomplishments/manage/", accomplishments.CurateListView.as_view(), name="accomplishments-manage"),
    path("accomplishments/<int:pk>/manage/", accomplishments.CurateView.as_view(), name="accomplishment-manage"),
]
