"""
Tenants (R1): a program belongs to one Django ``Site``; requests are answered for the site they came to.
"""

import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

__all__ = ["clear_site_cache", "current_site", "public_base_url", "public_url", "public_path"]

# The site of each host this process has answered, with when it was read (ADR 0027): the tenant's look-up is
# one query per request otherwise. A change of any site (saved or deleted here) empties it at once; another
# process sees the change within DCP_SITE_CACHE_SECONDS (Django's own ``get_current_site`` keeps its sites
# until the process ends).
_SITES = {}
_SITES_LOCK = threading.Lock()
# The most hosts kept at once: past it the cache starts again empty.
MAX_HOSTS = 1000
_NO_SITE = object()


def clear_site_cache(**kwargs):
    """Forget every host's site (after a site is saved or deleted, and between tests)."""
    with _SITES_LOCK:
        _SITES.clear()


receiver(post_save, sender=Site, dispatch_uid="dcp_site_saved")(clear_site_cache)
receiver(post_delete, sender=Site, dispatch_uid="dcp_site_deleted")(clear_site_cache)


def _site_of_host(host):
    """The site whose domain is ``host`` (with or without its port), else None; kept per process a short time."""
    ttl = getattr(settings, "DCP_SITE_CACHE_SECONDS", 60)
    now = time.monotonic()
    kept = _SITES.get(host)
    if kept is None or now - kept[1] >= ttl:
        bare = host.split(":", 1)[0]
        match = Site.objects.filter(domain__in={host, bare}).order_by("id").values_list("id", "domain", "name")
        kept = (match.first() or _NO_SITE, now)
        if ttl > 0:
            with _SITES_LOCK:
                if len(_SITES) >= MAX_HOSTS:  # hosts nobody serves (a forged Host header each) fill no memory
                    _SITES.clear()
                _SITES[host] = kept
    if kept[0] is _NO_SITE:
        return None
    # A new instance per request: nothing one request caches on it (a related object) reaches another.
    pk, domain, name = kept[0]
    return Site(id=pk, domain=domain, name=name)


def current_site(request):
    """
    The tenant of ``request``, or None when its host belongs to no site (then it sees no program: R1).

    The site whose domain is the request's host (with or without its port) comes first. A site the platform
    set on the request (eox-tenant, ``CurrentSiteMiddleware``) is used for other hosts, except when it is
    only Django's ``SITE_ID`` default: that fallback would hand an unknown host the first tenant's programs.
    """
    match = _site_of_host(request.get_host())
    if match is not None:
        return match
    site = getattr(request, "site", None)
    if isinstance(site, Site) and site.pk != getattr(settings, "SITE_ID", None):
        return site
    return None


def _configured_root(site):
    """The site's own ``LMS_ROOT_URL`` in Open edX's site configuration (a multi-tenant platform), or ""."""
    configuration = getattr(site, "configuration", None)  # openedx site_configuration's SiteConfiguration
    if configuration is None or not getattr(configuration, "enabled", False):
        return ""
    value = configuration.get_value("LMS_ROOT_URL", "")
    return value if isinstance(value, str) else ""


def public_base_url(site) -> str:
    """
    The public base URL of tenant ``site`` (scheme, host, port and any path prefix, without a trailing slash):
    what every URL the plugin hands out (API answers, credential ids, keys, status lists, ``did:web``, emails)
    is built on, never the request's ``Host`` (ADR 0017).

    In order: the site's own ``LMS_ROOT_URL`` in Open edX's site configuration (each tenant of a multi-tenant
    platform has its root there); ``DCP_PUBLIC_BASE_URL`` when its host is the site's domain (the LMS's
    ``LMS_ROOT_URL`` by default: its port, proxy path and scheme are kept); else the site's domain with the
    scheme of ``DCP_PUBLIC_BASE_URL`` (another tenant of the same platform).
    """
    base = _configured_root(site)
    if not base:
        setting = (getattr(settings, "DCP_PUBLIC_BASE_URL", None) or getattr(settings, "LMS_ROOT_URL", None)
                   or "").strip()
        parts = urlsplit(setting)
        domain = site.domain.strip().rstrip("/")
        same_host = parts.netloc == domain or (":" not in domain and parts.hostname == domain)
        if parts.scheme and parts.netloc and same_host:
            base = setting
        else:
            base = f"{parts.scheme or 'https'}://{domain}"
    return base.rstrip("/")


def public_url(site, path: str) -> str:
    """The absolute public URL of ``path`` (an absolute path, e.g. from ``reverse``) on tenant ``site``."""
    base = public_base_url(site)
    prefix = urlsplit(base).path
    if prefix and path.startswith(prefix + "/"):  # reverse() already wrote the script prefix
        path = path[len(prefix):]
    return f"{base}{path}"


def public_path(site, url) -> str | None:
    """
    The path of ``url`` below tenant ``site``'s public base URL (``public_url``'s inverse, what ``resolve``
    reads), else None: a URL of another tenant or another host is none of this one's.
    """
    if not isinstance(url, str):
        return None
    base = public_base_url(site)
    return url[len(base):] if url.startswith(base + "/") else None
