"""
Admin of contribution signals: tenant separation for program staff (R1).
"""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory

from openedx_dcp.contributions.models import ContributionSignal, ContributorOptIn, TenantCourseOrg
from tests.contributions.factories import SignalFactory
from tests.factories import SiteFactory, UserFactory, make_program, make_staff


@pytest.fixture
def two_tenants(db):
    mine = make_program(SiteFactory(domain="mine.example.com"))
    theirs = make_program(SiteFactory(domain="theirs.example.com"))
    SignalFactory(site=mine.site, source_id="mine")
    SignalFactory(site=theirs.site, source_id="theirs")
    ContributorOptIn.objects.create(site=theirs.site, user=UserFactory())
    return mine, theirs


def request_for(user, host="mine.example.com"):
    """An admin request to ``host``: admin shows the programs of the request's site (R1)."""
    request = RequestFactory(HTTP_HOST=host).get("/admin/")
    request.user = user
    return request


def test_r1_program_staff_see_only_their_tenants_signals_and_opt_ins(two_tenants):
    mine, _ = two_tenants
    staff = make_staff(mine)
    request = request_for(staff)
    signals = admin_site._registry[ContributionSignal].get_queryset(request)
    assert list(signals.values_list("source_id", flat=True)) == ["mine"]
    assert not admin_site._registry[ContributorOptIn].get_queryset(request).exists()
    assert not admin_site._registry[TenantCourseOrg].has_module_permission(request)


def test_r1_superusers_see_every_tenant(two_tenants):
    request = request_for(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert admin_site._registry[ContributionSignal].get_queryset(request).count() == 2
    assert admin_site._registry[TenantCourseOrg].has_module_permission(request)
