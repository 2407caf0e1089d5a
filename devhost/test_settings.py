"""
Test settings: the dev host, with the plugins' ``test`` settings applied by the plugin framework.
"""

import os

from edx_django_utils.plugins import add_plugins

from devhost.settings import *  # noqa: F401,F403
from devhost.settings import PROJECT_TYPE, database_settings

os.environ.setdefault("DCP_SQLITE_PATH", ":memory:")
DATABASES = {"default": database_settings()}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = ":memory:"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
DEBUG = False

# Tests make their own signing keys (tests/credentials/factories.py) and expect production-like https ids
# (on each test site's domain: no test site is the base URL's host).
DCP_PUBLIC_BASE_URL = "https://lms.example.org"
DCP_CREDENTIAL_KEYS = {}

# Rate limits count in a cache of their own, emptied before each test (tests/conftest.py), so one test's
# requests never throttle another's.
CACHES = {**CACHES, "dcp-rate-limits": {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dcp-rate-limits",
}}
DCP_RATE_LIMIT_CACHE = "dcp-rate-limits"

add_plugins(__name__, PROJECT_TYPE, "test")

# A throwaway workflow subject for the engine tests (tests/engine_app; its table is made by the test run).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.engine_app"]  # noqa: F405
