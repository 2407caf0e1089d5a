"""
The dev host's Celery app, configured from the Django settings (``CELERY_*``) as the LMS configures its own, so
the plugin's ``shared_task``s run eagerly in tests and on the broker in the dev host.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devhost.settings")

app = Celery("devhost")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["openedx_dcp"])
