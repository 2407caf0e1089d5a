"""A small Django project that hosts the plugin locally, loading it through the Open edX plugin framework."""

from devhost.celery import app as celery_app  # noqa: F401
