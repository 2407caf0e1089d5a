"""
URLs for the P5 benchmark: the dev host's, plus a trivial template view served by the same Django stack
(middleware, session authentication, the template engine).
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path
from django.views import View

from devhost.urls import urlpatterns as devhost_urlpatterns

TRIVIAL = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><title>Trivial</title></head><body><main><p>{{ user.username }}</p>'
    "</main></body></html>"
)


class TrivialTemplateView(LoginRequiredMixin, View):
    """The baseline: a signed-in user, a tiny template rendered; no database work of its own."""

    def get(self, request):
        return TemplateResponse(request, TRIVIAL, {})


urlpatterns = [path("bench/trivial-page/", TrivialTemplateView.as_view())] + devhost_urlpatterns
