"""
URLs for the P3 benchmark: the dev host's, plus a trivial DRF endpoint with the same authentication and
permission classes, served by the same Django stack.
"""

from django.urls import path
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from devhost.urls import urlpatterns as devhost_urlpatterns


class TrivialView(APIView):
    """The baseline: authentication, permission, a tiny JSON body; no database work of its own."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("bench/trivial/", TrivialView.as_view())] + devhost_urlpatterns
