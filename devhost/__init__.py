"""A small Django project that hosts the plugin locally, loading it through the Open edX plugin framework."""

from devhost.celery import app as celery_app

__all__ = ["celery_app"]
