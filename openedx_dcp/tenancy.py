"""
Tenants (R1): a program belongs to one Django ``Site``; requests are answered for the site they came to.
"""

from django.contrib.sites.models import Site
from django.contrib.sites.shortcuts import get_current_site

__all__ = ["current_site"]


def current_site(request):
    """
    The tenant of ``request``.

    A site set on the request by the platform (eox-tenant, ``CurrentSiteMiddleware``) wins; otherwise the site
    whose domain is the request's host; otherwise Django's current site (``SITE_ID``).
    """
    site = getattr(request, "site", None)
    if isinstance(site, Site):
        return site
    host = request.get_host()
    bare = host.split(":", 1)[0]
    match = Site.objects.filter(domain__in={host, bare}).order_by("id").first()
    return match or get_current_site(request)
