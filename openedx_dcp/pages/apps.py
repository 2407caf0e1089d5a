"""
App configuration of the people's pages: a second plugin app so the pages get their own URL config under
``/dcp/`` beside the REST API's ``/api/dcp/`` (edx-django-utils mounts one URL config per app and project).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DcpPagesConfig(AppConfig):
    """
    Registered through its own ``lms.djangoapp`` entry point (setup.py). It has no models: the domain lives in
    ``openedx_dcp``; this app only mounts the page views and their templates.
    """

    name = "openedx_dcp.pages"
    label = "openedx_dcp_pages"
    verbose_name = _("Distinguished Contributor Program pages")
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        "url_config": {
            "lms.djangoapp": {
                "namespace": "dcp",
                "regex": r"^dcp/",
                "relative_path": "urls",
            },
        },
    }
