"""
URLs of the dev host: admin, and the plugin's URLs mounted by the plugin framework as edx-platform does.
"""

from django.contrib import admin
from django.urls import path
from edx_django_utils.plugins import get_plugin_url_patterns

from devhost import views
from devhost.settings import PROJECT_TYPE

urlpatterns = [
    path("admin/", admin.site.urls),
    # Dev host only: the sign-in the pages send anonymous visitors to (settings.LOGIN_URL), any demo user.
    path("sign-in/", views.DevSignInView.as_view(), name="devhost-sign-in"),
    path("sign-out/", views.DevSignOutView.as_view(), name="devhost-sign-out"),
]
urlpatterns += get_plugin_url_patterns(PROJECT_TYPE)
