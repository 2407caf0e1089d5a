"""
What every page shares: the program switch, the sign-in redirect, the request's tenant and program, the base
template setting, and the one place a domain refusal becomes a sentence on the page.

A page view is as thin as an API view (STYLE.md "Pages"): it reads input with a Django form, calls the domain's
``api.py`` and renders plain context. It never re-states a rule: when the domain refuses, the refusal's own
sentence is shown (``PageView.refuse``) and nothing is changed, because the domain refused inside its
transaction.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from openedx_dcp.exceptions import DcpError
from openedx_dcp.pages.navigation import program_navigation
from openedx_dcp.programs import api as programs_api
from openedx_dcp.review import api as review_api
from openedx_dcp.tenancy import current_site
from openedx_dcp.toggles import program_enabled

__all__ = ["PageView", "base_template", "page_url", "page_url_maker"]


def base_template():
    """
    The template the pages' ``openedx_dcp/pages/base.html`` extends: the LMS's own Django base template when
    the operator sets ``DCP_BASE_TEMPLATE`` (docs/pages.md), otherwise the plugin's standalone chrome.
    """
    return getattr(settings, "DCP_BASE_TEMPLATE", None) or "openedx_dcp/pages/chrome.html"


def page_url(name, **kwargs):
    """The path of page ``name`` (without the ``dcp:`` namespace), for views and emails."""
    return reverse(f"dcp:{name}", kwargs=kwargs or None)


# Stands for the varying argument in a path reversed once by ``page_url_maker``: digits no real id has.
_ANY_ID = 9_090_909_090_909


def page_url_maker(name, **kwargs):
    """
    ``pk -> page_url(name, pk=pk, **kwargs)`` for a list's rows: the path is reversed once (with the request's
    script prefix) and each row's id written into it, instead of a ``reverse`` per row, which costs as much as the
    rest of a row's rendering (P5).
    """
    path = page_url(name, pk=_ANY_ID, **kwargs)
    marker = str(_ANY_ID)
    if path.count(marker) != 1:  # the other arguments hold the same digits: reverse every time
        return lambda pk: page_url(name, pk=pk, **kwargs)
    before, after = path.split(marker)
    return lambda pk: f"{before}{int(pk)}{after}"


class PageView(TemplateView):
    """
    Base of every page under ``/dcp/``.

    - 404 while the program is switched off (as the REST API does);
    - ``login_required`` (default True): an anonymous visitor is sent to ``settings.LOGIN_URL`` with ``next``;
    - ``self.site`` is the request's tenant (R1); ``self.program`` the program named by the ``program`` URL
      argument on that tenant, or 404 (another tenant's program reads as not found, R26);
    - ``refuse(exc)`` renders the page again with the domain's sentence, with the status the REST API would
      answer (400, 403 or 409), so a refusal is visible and nothing else happens.
    """

    login_required = True
    # Subclasses name the navigation entry they belong to ("home", "nominate", "mine", "endorse", ...).
    nav = None
    site = None
    program = None

    def dispatch(self, request, *args, **kwargs):
        if not program_enabled():
            raise Http404("The Distinguished Contributor Program is not enabled.")
        if self.login_required and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        self.site = current_site(request)
        slug = kwargs.get("program")
        if slug is not None:
            self.program = programs_api.program_on_site(site=self.site, slug=slug)
            if self.program is None or not self.program.is_active:
                raise Http404("No such program on this site.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "dcp_base_template": base_template(),
            "dcp_load_paragon": getattr(settings, "DCP_PAGES_LOAD_PARAGON", True),
            "dcp_login_url": settings.LOGIN_URL,
            "dcp_logout_url": getattr(settings, "LOGOUT_URL", None),
            "program": self.program,
            "nav_current": self.nav,
            "nav_items": self.nav_items(),
        })
        return context

    def nav_items(self):
        """The program's navigation: (key, label, url) for the pages every signed-in person may open."""
        if self.program is None:
            return []
        return program_navigation(self.program, self.request.user, self.viewer_cycles())

    def viewer_cycles(self):
        """
        ``review.api.viewer_cycles`` of the request's user and tenant (the tenant's cycles, those the user runs
        and where they sit on a panel), read once per request and kept on it, never across requests.
        """
        request = self.request
        if getattr(request, "_dcp_viewer_cycles", None) is None:
            request._dcp_viewer_cycles = review_api.viewer_cycles(user=request.user, site=self.site)
        return request._dcp_viewer_cycles

    def refuse(self, exc: DcpError, context=None, form=None):
        """
        Show the domain's refusal on the page: on ``form`` (attached to the field it names when the form has
        that field) or as a page-level message, rendered with the REST API's status code.
        """
        context = dict(context or {})
        if form is not None:
            field = exc.field if exc.field in getattr(form, "fields", {}) else None
            form.add_error(field, exc.message)
            context["form"] = form
        else:
            context["refusal"] = exc.message
        return self.render_to_response(self.get_context_data(**context), status=exc.status_code)

    def redirect_to(self, name, **kwargs):
        """Redirect (303, after a POST) to page ``name``."""
        response = redirect(page_url(name, **kwargs))
        response.status_code = 303
        return response
