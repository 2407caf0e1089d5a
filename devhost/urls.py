"""
URLs of the dev host: admin, and the plugin's URLs mounted by the plugin framework as edx-platform does.
"""

from django.contrib import admin
from django.urls import path
from edx_django_utils.plugins import get_plugin_url_patterns

from devhost.settings import PROJECT_TYPE

urlpatterns = [
    path("admin/", admin.site.urls),
]
urlpatterns += get_plugin_url_patterns(PROJECT_TYPE)
