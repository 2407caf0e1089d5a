"""
The program's public pages (R18, R22, R23), anonymous, included by ``openedx_dcp.pages.urls`` under
``/dcp/<program>/``: the directory, a member's badge page, the credential downloads, the verification page and
the dashboard.
"""

from django.urls import path

from openedx_dcp.pages.views import public

urlpatterns = [
    path("members/", public.DirectoryView.as_view(), name="directory"),
    path("members/<str:username>/", public.MemberView.as_view(), name="member"),
    path("organizations/<slug:organization>/", public.MemberView.as_view(), name="member-organization"),
    path("credentials/<uuid:public_id>/badge.json", public.CredentialDownloadView.as_view(form="json"),
         name="credential-json"),
    path("credentials/<uuid:public_id>/badge.jwt", public.CredentialDownloadView.as_view(form="jwt"),
         name="credential-jwt"),
    path("verify/", public.VerifyView.as_view(), name="verify"),
    path("dashboard/", public.DashboardView.as_view(), name="dashboard"),
]
