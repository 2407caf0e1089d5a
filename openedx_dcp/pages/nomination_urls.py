"""
The pages of nominating, consenting and endorsing, and the steward's approval, under ``/dcp/<program>/``.
"""

from django.urls import path

from openedx_dcp.pages.views import approval, endorsements, nominations

urlpatterns = [
    path("nominate/", nominations.NominateView.as_view(), name="nominate"),
    path("my-nominations/", nominations.MyNominationsView.as_view(), name="my-nominations"),
    path("nominations/<int:pk>/", nominations.NominationView.as_view(), name="nomination"),
    path("nominations/<int:pk>/edit/", nominations.NominationEditView.as_view(), name="nomination-edit"),
    path("nominations/<int:pk>/consent/", nominations.ConsentView.as_view(), name="consent"),
    path("nominations/<int:pk>/endorse/", endorsements.EndorseView.as_view(), name="endorse"),
    path("nominations/<int:pk>/<str:action>/", nominations.NominationActionView.as_view(), name="nomination-action"),
    path("endorse/", endorsements.EndorseInboxView.as_view(), name="endorse-inbox"),
    path("endorsements/<int:pk>/withdraw/", endorsements.EndorsementWithdrawView.as_view(),
         name="endorsement-withdraw"),
    path("endorsements/<int:pk>/credential-consent/", endorsements.EndorsementConsentView.as_view(),
         name="endorsement-consent"),
    path("cycles/<slug:cycle>/approval/", approval.CohortApprovalView.as_view(), name="cohort-approval"),
]
