"""
The dev host (`make dev`) is quiet: each log line once, and no broker warning from eager Celery tasks.
"""

import logging
import os
import subprocess
import sys
from pathlib import Path

from celery import Celery

ROOT = Path(__file__).resolve().parents[1]


def test_each_server_and_django_log_line_is_printed_once():
    # A separate process: the dev host's own logging configuration, as `manage.py runserver` applies it.
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.server').info('\"GET /probe/ HTTP/1.1\" 200 1'); "
        "logging.getLogger('django.utils.autoreload').info('Watching for file changes with StatReloader'); "
        "logging.getLogger('openedx_dcp.probe').info('plugin line')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "devhost.settings", "DCP_SQLITE_PATH": ":memory:"}
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60, check=True)
    lines = result.stderr.splitlines()
    assert sum("GET /probe/" in line for line in lines) == 1, result.stderr
    assert sum("Watching for file changes" in line for line in lines) == 1, result.stderr
    assert sum("plugin line" in line for line in lines) == 1, result.stderr
    # Request lines keep Django's "[time] message" format.
    assert next(line for line in lines if "GET /probe/" in line).startswith("[")


def test_eager_tasks_take_a_producer_without_the_no_hostname_warning(caplog, settings):
    # A fresh app configured like devhost/celery.py: its producer pool is created here, where kombu would warn.
    app = Celery("devhost-probe")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    assert app.conf.task_always_eager
    with caplog.at_level(logging.WARNING):
        with app.producer_or_acquire() as producer:
            assert producer is not None
    assert not [record for record in caplog.records if "No hostname" in record.getMessage()]
