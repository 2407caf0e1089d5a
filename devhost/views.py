"""
The dev host's sign-in and sign-out (dev host only: in the LMS the pages use the LMS's own sign-in through
``settings.LOGIN_URL``). Any demo user signs in with the demo password, so every role can be tried in a browser.
"""

from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _

from devhost.management.commands.dcp_load_demo import PASSWORD, PEOPLE
from openedx_dcp.pages.base import base_template


class DevSignInView(auth_views.LoginView):
    """Django's LoginView (it honours ``next``) rendered in the pages' chrome, with the demo logins listed."""

    template_name = "devhost/sign_in.html"
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({
            "dcp_base_template": base_template(),
            "dcp_load_paragon": True,
            "dcp_login_url": self.request.path,
            "dcp_logout_url": None,
            "page_title": _("Sign in (dev host)"),
            "demo_password": PASSWORD,
            "demo_people": [(username, label) for username, label, _role in PEOPLE],
        })
        return context


class DevSignOutView(auth_views.LogoutView):
    """Sign out (POST), then back to the programs."""

    next_page = "/dcp/"
