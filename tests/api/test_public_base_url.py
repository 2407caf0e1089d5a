"""
One setting of the site's public base URL (issue 16 item 6, ADR 0017): URLs in API answers, credentials (ids,
``kid``, status lists, ``did:web``) and emails are built on ``DCP_PUBLIC_BASE_URL`` (the LMS's ``LMS_ROOT_URL``
by default), never on the request's ``Host``.
"""

import pytest
from django.contrib.sites.models import Site
from django.core import mail

from openedx_dcp import notifications, tenancy
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review import api as review_api
from tests.factories import UserFactory, grant_role

API = "/api/dcp/v1"


def _site(domain):
    return Site(domain=domain, name=domain)


@pytest.mark.parametrize("setting, domain, expected", [
    # The site the setting describes keeps its port, path prefix and scheme.
    ("https://lms.example.org:8443/learn/", "lms.example.org", "https://lms.example.org:8443/learn"),
    ("http://127.0.0.1:8000", "127.0.0.1:8000", "http://127.0.0.1:8000"),
    # Another tenant of the platform: its own domain, with the setting's scheme.
    ("http://127.0.0.1:8000", "localhost:8000", "http://localhost:8000"),
    ("https://lms.example.org", "other.example.com", "https://other.example.com"),
    # A site domain naming another port is another address.
    ("https://lms.example.org:8443", "lms.example.org:9000", "https://lms.example.org:9000"),
])
def test_base_url_of_a_site(settings, setting, domain, expected):
    settings.DCP_PUBLIC_BASE_URL = setting
    assert tenancy.public_base_url(_site(domain)) == expected


def test_the_default_is_the_lms_root_url(settings):
    settings.DCP_PUBLIC_BASE_URL = None
    settings.LMS_ROOT_URL = "http://lms.example.org:18000"
    assert tenancy.public_base_url(_site("lms.example.org")) == "http://lms.example.org:18000"


def test_a_site_configuration_root_comes_first(settings):
    """Open edX multi-tenant: a site's own ``LMS_ROOT_URL`` in its SiteConfiguration is that tenant's base."""

    class SiteConfiguration:  # the fields of openedx's site_configuration model the plugin reads
        enabled = True

        @staticmethod
        def get_value(name, default=None):
            return {"LMS_ROOT_URL": "https://tenant.example.net:444"}.get(name, default)

    settings.DCP_PUBLIC_BASE_URL = "https://lms.example.org"
    site = _site("tenant.example.net")
    site.configuration = SiteConfiguration()
    assert tenancy.public_base_url(site) == "https://tenant.example.net:444"


def test_public_url_and_path_are_inverse(settings):
    settings.DCP_PUBLIC_BASE_URL = "https://lms.example.org:8443/learn"
    site = _site("lms.example.org")
    url = tenancy.public_url(site, "/api/dcp/v1/programs/")
    assert url == "https://lms.example.org:8443/learn/api/dcp/v1/programs/"
    assert tenancy.public_path(site, url) == "/api/dcp/v1/programs/"
    assert tenancy.public_path(site, "https://lms.example.org/api/dcp/v1/programs/") is None
    assert tenancy.public_path(site, "https://lms.example.org:8443/learnx/api/") is None


def test_pagination_links_are_on_the_public_base(world, settings):
    settings.DCP_PUBLIC_BASE_URL = "https://a.example.com:8443/learn"
    body = world.client("staff").get(f"{API}/community-roles/", {"page_size": 1}).json()
    assert body["count"] > 1
    assert body["next"] == f"https://a.example.com:8443/learn{API}/community-roles/?page=2&page_size=1"
    second = world.client("staff").get(f"{API}/community-roles/", {"page_size": 1, "page": 2}).json()
    assert second["previous"] == f"https://a.example.com:8443/learn{API}/community-roles/?page_size=1"


def test_email_links_are_on_the_public_base(world, settings):
    settings.DCP_PUBLIC_BASE_URL = "https://a.example.com:8443"
    panelist = UserFactory(username="panelist", email="panelist@example.com")
    grant_role(world.program, panelist, CommunityRole.CORE_CONTRIBUTOR)
    seat = review_api.add_panelist(cycle=world.cycle, user=panelist, seat=CommunityRole.CORE_CONTRIBUTOR,
                                   actor=world.users["staff"])
    mail.outbox.clear()
    notifications.deliver(template="panelist_assigned", audience="panelist.assignments",
                          model="openedx_dcp.panelist", pk=seat.pk, nomination_ids=[world.nomination.pk])
    body = mail.outbox[0].body
    assert f"https://a.example.com:8443/dcp/{world.program.slug}/review/{world.nomination.pk}/" in body
    assert "https://a.example.com/" not in body


def test_the_api_root_links_are_on_the_public_base(world, settings):
    settings.DCP_PUBLIC_BASE_URL = "https://a.example.com:8443/learn"
    response = world.client("staff").get(f"{API}/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    links = response.json()
    assert links["programs"] == f"https://a.example.com:8443/learn{API}/programs/"
    assert links["community-roles"] == f"https://a.example.com:8443/learn{API}/community-roles/"
    assert all(link.startswith("https://a.example.com:8443/learn/") for link in links.values()), links
