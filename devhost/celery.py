"""
The dev host's Celery app, configured from Django settings (``CELERY_*``) as edx-platform's LMS does, so the
plugin's ``shared_task``s run eagerly in tests and on the configured broker otherwise.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devhost.settings")

app = Celery("devhost")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(lambda: ["openedx_dcp"])
