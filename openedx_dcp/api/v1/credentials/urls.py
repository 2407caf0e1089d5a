"""
REST URLs of this package, included by openedx_dcp.api.v1.urls (under ``/api/dcp/v1/``).

``public/…`` routes are anonymous and answer for the tenant of the host; ``credentials/…`` need a login.
"""

from django.urls import path

from openedx_dcp.api.v1.credentials import views

urlpatterns = [
    path("public/credentials/verify/", views.VerifyView.as_view(), name="dcp-public-verify"),
    path("public/credentials/<uuid:public_id>/", views.PublicCredentialView.as_view(), name="dcp-public-credential"),
    path("public/credentials/<uuid:public_id>/jwt/", views.PublicCredentialJwtView.as_view(),
         name="dcp-public-credential-jwt"),
    path("public/programs/<slug:program_slug>/issuer/", views.IssuerProfileView.as_view(), name="dcp-public-issuer"),
    path("public/programs/<slug:program_slug>/achievements/<slug:track_slug>/", views.AchievementView.as_view(),
         name="dcp-public-achievement"),
    path("public/programs/<slug:program_slug>/achievements/<slug:track_slug>/image.svg",
         views.AchievementImageSvgView.as_view(), name="dcp-public-achievement-image"),
    path("public/programs/<slug:program_slug>/achievements/<slug:track_slug>/image.png",
         views.AchievementImagePngView.as_view(), name="dcp-public-achievement-image-png"),
    path("public/credentials/<uuid:public_id>/badge.svg", views.BakedSvgView.as_view(),
         name="dcp-public-credential-baked-svg"),
    path("public/credentials/<uuid:public_id>/badge.png", views.BakedPngView.as_view(),
         name="dcp-public-credential-baked-png"),
    path("public/credentials/<uuid:public_id>/endorsements/", views.PublicCredentialEndorsementsView.as_view(),
         name="dcp-public-credential-endorsements"),
    path("public/endorsements/<uuid:public_id>/", views.PublicEndorsementView.as_view(),
         name="dcp-public-endorsement-credential"),
    path("public/endorsements/<uuid:public_id>/jwt/", views.PublicEndorsementJwtView.as_view(),
         name="dcp-public-endorsement-credential-jwt"),
    path("endorsements/<int:pk>/credential-consent/", views.EndorsementConsentView.as_view(),
         name="dcp-endorsement-credential-consent"),
    path("public/programs/<slug:program_slug>/did.json", views.DidDocumentView.as_view(), name="dcp-public-did"),
    path("public/programs/<slug:program_slug>/jwks/", views.JwksView.as_view(), name="dcp-public-jwks"),
    path("public/programs/<slug:program_slug>/keys/<slug:kid>/", views.PublicKeyView.as_view(),
         name="dcp-public-key"),
    path("public/programs/<slug:program_slug>/status-lists/<int:number>/", views.StatusListView.as_view(),
         name="dcp-public-status-list"),
    path("public/programs/<slug:program_slug>/status-lists/<int:number>/jwt/", views.StatusListJwtView.as_view(),
         name="dcp-public-status-list-jwt"),
    path("public/badges/<str:username>/", views.PublicBadgesView.as_view(), name="dcp-public-badges"),
    path("credentials/", views.CredentialListView.as_view(), name="dcp-credential-list"),
    path("credentials/<uuid:public_id>/", views.CredentialDetailView.as_view(), name="dcp-credential-detail"),
    path("credentials/<uuid:public_id>/download.json", views.CredentialDownloadJsonView.as_view(),
         name="dcp-credential-download-json"),
    path("credentials/<uuid:public_id>/download.jwt", views.CredentialDownloadJwtView.as_view(),
         name="dcp-credential-download-jwt"),
    path("credentials/<uuid:public_id>/revoke/", views.CredentialRevokeView.as_view(), name="dcp-credential-revoke"),
]
