"""
URLs for the P5 benchmark: the dev host's, plus two trivial template views served by the same Django stack
(middleware, session authentication, the template engine): a bare one, and one on the pages' own stack (the
``PageView`` base: the program looked up on the tenant, the navigation, the pages' base template and chrome) with
nothing of its own to show.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path
from django.views import View

from devhost.urls import urlpatterns as devhost_urlpatterns
from openedx_dcp.pages.base import PageView

BARE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><title>Trivial</title></head><body><main><p>{{ user.username }}</p>'
    "</main></body></html>"
)
ON_THE_PAGES_BASE = engines["django"].from_string(
    '{% extends "openedx_dcp/pages/base.html" %}{% block content %}<h1>Trivial</h1>{% endblock %}'
)


class BareTemplateView(LoginRequiredMixin, View):
    """A signed-in user, a tiny template rendered; no database work of its own."""

    def get(self, request):
        return TemplateResponse(request, BARE, {})


class TrivialPageView(PageView):
    """A page of the program with no content: what every page costs before it shows anything."""

    def get_template_names(self):
        return ON_THE_PAGES_BASE


urlpatterns = [
    path("bench/trivial-template/", BareTemplateView.as_view()),
    path("bench/<slug:program>/trivial-page/", TrivialPageView.as_view()),
] + devhost_urlpatterns
