"""
The dev host's Celery app, as edx-platform's ``lms/celery.py`` provides one in the LMS: configured from the
Django settings' ``CELERY_*`` values (eager in tests), discovering the plugin's ``tasks`` modules.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devhost.settings")

app = Celery("devhost")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
