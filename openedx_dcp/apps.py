"""
App configuration for openedx_dcp, registered with the Open edX plugin framework.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenedxDcpConfig(AppConfig):
    """
    The plugin's app config.

    ``plugin_app`` is read by edx-django-utils' plugin loader in edx-platform (and in our dev host and tests):
    it mounts the URLs under ``/api/dcp/``, applies the plugin settings modules and connects the receivers.
    The keys are the plain strings of ``edx_django_utils.plugins.constants`` so nothing here imports
    edx-platform.
    """

    name = "openedx_dcp"
    label = "openedx_dcp"
    verbose_name = _("Distinguished Contributor Program")
    default_auto_field = "django.db.models.BigAutoField"

    plugin_app = {
        "url_config": {
            "lms.djangoapp": {
                "namespace": "openedx_dcp",
                "regex": r"^api/dcp/",
                "relative_path": "urls",
            },
        },
        "settings_config": {
            "lms.djangoapp": {
                "common": {"relative_path": "settings.common"},
                "production": {"relative_path": "settings.production"},
                "test": {"relative_path": "settings.test"},
            },
            "cms.djangoapp": {
                "common": {"relative_path": "settings.common"},
                "production": {"relative_path": "settings.production"},
                "test": {"relative_path": "settings.test"},
            },
        },
        "signals_config": {
            "lms.djangoapp": {
                "relative_path": "handlers",
                "receivers": [],
            },
            "cms.djangoapp": {
                "relative_path": "handlers",
                "receivers": [],
            },
        },
    }

    def ready(self):
        # Receivers of Open edX events (openedx_dcp.handlers) and of the plugin's own Django signals (each
        # package's receivers.py) connect on import with @receiver. Django's way: they import models, which
        # exist only once the app registry is ready, so they are imported here and not at the top.
        from openedx_dcp import counts, handlers, retirement  # noqa: F401, PLC0415
        from openedx_dcp.credentials import receivers as credentials_receivers  # noqa: F401, PLC0415
        from openedx_dcp.membership import receivers as membership_receivers  # noqa: F401, PLC0415
        from openedx_dcp.nominations import receivers as nominations_receivers  # noqa: F401, PLC0415
        from openedx_dcp.review import receivers as review_receivers  # noqa: F401, PLC0415
