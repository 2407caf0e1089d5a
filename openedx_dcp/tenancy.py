"""
Tenants (R1): a program belongs to one Django ``Site``; requests are answered for the site they came to.
"""

from django.conf import settings
from django.contrib.sites.models import Site

__all__ = ["current_site"]


def current_site(request):
    """
    The tenant of ``request``, or None when its host belongs to no site (then it sees no program: R1).

    The site whose domain is the request's host (with or without its port) comes first. A site the platform
    set on the request (eox-tenant, ``CurrentSiteMiddleware``) is used for other hosts, except when it is
    only Django's ``SITE_ID`` default: that fallback would hand an unknown host the first tenant's programs.
    """
    host = request.get_host()
    bare = host.split(":", 1)[0]
    match = Site.objects.filter(domain__in={host, bare}).order_by("id").first()
    if match is not None:
        return match
    site = getattr(request, "site", None)
    if isinstance(site, Site) and site.pk != getattr(settings, "SITE_ID", None):
        return site
    return None
