"""
Settings of the dev host: a stand-in LMS that loads openedx-dcp the way edx-platform does.

The database is SQLite unless ``DCP_DB=mysql`` (MariaDB on 127.0.0.1:3306, user root, empty password).
"""

import os
from pathlib import Path

from edx_django_utils.plugins import add_plugins, get_plugin_apps

from devhost.tenants import dev_tenant_domains

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_TYPE = "lms.djangoapp"

SECRET_KEY = os.environ.get("DCP_SECRET_KEY", "dev-only-not-secret-dev-only-not-secret")
DEBUG = os.environ.get("DCP_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["*"]
SITE_ID = 1
# The demo's tenants follow the address `make dev` serves (HOST and PORT): tenant A is HOST:PORT (devhost/tenants.py).
DCP_DEV_TENANTS = dev_tenant_domains()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "devhost",
]
# The plugin is not listed: the plugin framework adds it from its lms.djangoapp entry point.
INSTALLED_APPS += get_plugin_apps(PROJECT_TYPE)

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The pages speak the visitor's language (Accept-Language, the django_language cookie), as the LMS does.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "crum.CurrentRequestUserMiddleware",
]

ROOT_URLCONF = "devhost.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


def database_settings():
    """SQLite by default; MariaDB/MySQL with DCP_DB=mysql."""
    if os.environ.get("DCP_DB") == "mysql":
        return {
            "ENGINE": "django.db.backends.mysql",
            "NAME": os.environ.get("DCP_MYSQL_NAME", "dcp"),
            "USER": os.environ.get("DCP_MYSQL_USER", "root"),
            "PASSWORD": os.environ.get("DCP_MYSQL_PASSWORD", ""),
            "HOST": os.environ.get("DCP_MYSQL_HOST", "127.0.0.1"),
            "PORT": os.environ.get("DCP_MYSQL_PORT", "3306"),
            "OPTIONS": {"charset": "utf8mb4"},
            "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"},
        }
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("DCP_SQLITE_PATH", BASE_DIR / "dev.db")}


DATABASES = {"default": database_settings()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en"
# A few of the LMS's languages, one of them right-to-left, so the pages can be tried (and tested) in each
# direction; the plugin's catalogues live in openedx_dcp/conf/locale (`make extract_translations`).
LANGUAGES = [("en", "English"), ("ar", "العربية"), ("fr", "Français"), ("he", "עברית")]
LOCALE_PATHS = [BASE_DIR / "openedx_dcp" / "conf" / "locale"]
# The dev host's sign-in page (devhost/views.py); in the LMS, LOGIN_URL is the LMS's own ("/login").
LOGIN_URL = "/sign-in/"
LOGOUT_URL = "/sign-out/"
LOGIN_REDIRECT_URL = "/dcp/"
TIME_ZONE = "UTC"
STATIC_URL = "/static/"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "dcp@example.com"

# The LMS's REST defaults: JWT (edx-drf-extensions) and session authentication, and DRF's own default schema
# class (the LMS leaves DEFAULT_SCHEMA_CLASS to DRF): the plugin's views carry drf-spectacular's themselves.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "edx_rest_framework_extensions.auth.jwt.authentication.JwtAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
}
# As the LMS configures it: "Authorization: JWT <token>" or the JWT cookie, decoded by edx-drf-extensions.
JWT_AUTH = {
    "JWT_ISSUERS": [{"ISSUER": f"http://{DCP_DEV_TENANTS[0]}/oauth2", "AUDIENCE": "dcp", "SECRET_KEY": SECRET_KEY}],
    "JWT_ALGORITHM": "HS256",
    "JWT_AUTH_HEADER_PREFIX": "JWT",
    "JWT_AUTH_COOKIE": "edx-jwt-cookie",
    "JWT_DECODE_HANDLER": "edx_rest_framework_extensions.auth.jwt.decoder.jwt_decode_handler",
    "JWT_VERIFY_EXPIRATION": True,
    "JWT_LEEWAY": 1,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "openedx-dcp API",
    "DESCRIPTION": "REST API of the Distinguished Contributor Program plugin for Open edX.",
    "VERSION": "v1",
}

# The dev host runs every task in the calling process (eager), so it needs no broker and no worker. An eager call
# still takes a producer from the pool: kombu's in-memory transport, named with a host so that kombu does not warn
# "No hostname was supplied". DCP_CELERY_BROKER_URL points it at a real broker to try a worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = os.environ.get("DCP_CELERY_BROKER_URL", "memory://localhost/")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Each line once: Django's own "django" logger (console handler) and "django.server" (request lines) would print
# what the root handler prints again, so they hand their records to the root, and request lines keep their format.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Let the plugin framework apply each plugin's settings, as edx-platform's lms/envs/common.py does.
add_plugins(__name__, PROJECT_TYPE, "common")
DCP_PROGRAM_ENABLED = True

# Credentials (docs/credentials.md): ids are http URLs on the dev host, and each demo program signs with a key
# that `make dev` generates into dev-keys/ (gitignored) — never a key in the repository or the database.
DCP_PUBLIC_BASE_URL = f"http://{DCP_DEV_TENANTS[0]}"  # tenant B: the same scheme on its own domain
DEV_KEYS_DIR = BASE_DIR / "dev-keys"
DCP_CREDENTIAL_KEYS = {
    f"{domain}/dcp": [{"kid": "dev", "alg": "RS256", "private_key_path": str(DEV_KEYS_DIR / f"{name}.pem")}]
    for domain, name in zip(DCP_DEV_TENANTS, ("tenant-a", "tenant-b"))
}
