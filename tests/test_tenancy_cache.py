"""
The tenant of a host, kept per process (openedx_dcp.tenancy, ADR 0027): one query per host and period, a site
saved or deleted in the process is forgotten at once, another process's change counts after
``DCP_SITE_CACHE_SECONDS``, and no request sees what another request did to its site object.
"""

from unittest import mock

import pytest
from django.contrib.sites.models import Site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from openedx_dcp import tenancy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.DCP_SITE_CACHE_SECONDS = 60
    settings.ALLOWED_HOSTS = ["*"]
    tenancy.clear_site_cache()


def _site(host):
    with CaptureQueriesContext(connection) as queries:
        site = tenancy.current_site(RequestFactory().get("/", HTTP_HOST=host))
    return site, len(queries)


def test_a_host_is_read_once_then_kept():
    tenant = Site.objects.create(domain="kept.example.com", name="Kept")
    first, read = _site("kept.example.com")
    second, again = _site("kept.example.com")
    assert (first.pk, first.domain, first.name) == (tenant.pk, "kept.example.com", "Kept")
    assert (read, again) == (1, 0)
    assert second.pk == tenant.pk
    assert second is not first  # a new instance per request: nothing cached on one reaches the other


def test_the_port_is_ignored_like_the_uncached_lookup():
    tenant = Site.objects.create(domain="port.example.com", name="Port")
    site, _ = _site("port.example.com:8000")
    assert site.pk == tenant.pk


def test_an_unknown_host_is_kept_as_no_tenant_until_a_site_is_saved():
    assert _site("later.example.com") == (None, 1)
    assert _site("later.example.com") == (None, 0)
    tenant = Site.objects.create(domain="later.example.com", name="Later")  # saved here: forgotten at once
    site, read = _site("later.example.com")
    assert (site.pk, read) == (tenant.pk, 1)


def test_a_domain_moved_to_another_site_is_seen_at_once_in_this_process():
    old = Site.objects.create(domain="moved.example.com", name="Old")
    assert _site("moved.example.com")[0].pk == old.pk
    old.domain = "elsewhere.example.com"
    old.save()
    new = Site.objects.create(domain="moved.example.com", name="New")
    assert _site("moved.example.com")[0].pk == new.pk
    assert _site("elsewhere.example.com")[0].pk == old.pk


def test_a_deleted_site_is_forgotten_at_once():
    tenant = Site.objects.create(domain="gone.example.com", name="Gone")
    assert _site("gone.example.com")[0].pk == tenant.pk
    tenant.delete()
    assert _site("gone.example.com") == (None, 1)


def test_a_change_made_elsewhere_counts_after_the_period(settings):
    tenant = Site.objects.create(domain="elsewhere.example.com", name="Before")
    with mock.patch.object(tenancy.time, "monotonic", return_value=1000.0):
        assert _site("elsewhere.example.com")[0].name == "Before"
    # Another process renames it: no signal reaches this one (an UPDATE sends none either).
    Site.objects.filter(pk=tenant.pk).update(name="After")
    with mock.patch.object(tenancy.time, "monotonic", return_value=1059.0):
        assert _site("elsewhere.example.com")[0].name == "Before"
    with mock.patch.object(tenancy.time, "monotonic", return_value=1060.0):
        site, read = _site("elsewhere.example.com")
    assert (site.name, read) == ("After", 1)


def test_zero_seconds_reads_every_time(settings):
    settings.DCP_SITE_CACHE_SECONDS = 0
    Site.objects.create(domain="zero.example.com", name="Zero")
    assert [_site("zero.example.com")[1] for _ in range(3)] == [1, 1, 1]


def test_the_hosts_kept_are_bounded(monkeypatch):
    """Forged Host headers (each a host nobody serves) never grow the cache past MAX_HOSTS."""
    monkeypatch.setattr(tenancy, "MAX_HOSTS", 3)
    tenant = Site.objects.create(domain="bounded.example.com", name="Bounded")
    for number in range(10):
        assert _site(f"forged{number}.example.com") == (None, 1)
        assert len(tenancy._SITES) <= 3
    assert _site("bounded.example.com")[0].pk == tenant.pk
