"""
R1 in admin and for unknown hosts: list filters offer only the request's tenant's objects, a track's slug
change in admin answers a page (never 500), and a host that matches no site gets no program.
"""

from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from openedx_dcp.tenancy import current_site
from tests.factories import make_cycle, make_program
from tests.world import HOST_A, HOST_B


def _admin(user, host=HOST_A):
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def _filter_choices(response, title):
    [spec] = [spec for spec in response.context["cl"].filter_specs if spec.title == title]
    return {label for _pk, label in spec.lookup_choices}


def test_r1_admin_list_filters_offer_only_the_tenants_programs_and_cycles(world):
    world.program_b.name = "Tenant B program"
    world.program_b.save()
    # A second program of tenant A run by the same staff: a filter shows only when it has two choices.
    second = make_program(world.site_a, slug="rising", name="Rising Stars")
    second.staff.create(user=world.users["staff"])
    second_cycle = make_cycle(second, slug="2025-rs")
    staff = _admin(world.users["staff"])
    page = staff.get("/admin/openedx_dcp/nomination/")
    assert page.status_code == 200
    assert _filter_choices(page, "program") == {str(world.program), str(second)}
    assert _filter_choices(page, "cycle") == {str(world.cycle), str(second_cycle)}
    audit = staff.get("/admin/openedx_dcp/auditrecord/")
    assert _filter_choices(audit, "program") == {str(world.program), str(second)}
    cycles = staff.get("/admin/openedx_dcp/cycle/")
    assert _filter_choices(cycles, "program") == {str(world.program), str(second)}
    # The superuser runs every tenant: their filters list everything.
    everything = _admin(world.users["superuser"]).get("/admin/openedx_dcp/nomination/")
    assert {str(world.program), str(world.program_b)} <= _filter_choices(everything, "program")


def test_r1_admin_shows_a_staff_member_the_programs_of_the_host_they_came_to(world):
    both = world.users["staff"]
    world.program_b.staff.create(user=both)
    on_a = _admin(both).get("/admin/openedx_dcp/cycle/")
    on_b = _admin(both, host=HOST_B).get("/admin/openedx_dcp/cycle/")
    assert list(on_a.context["cl"].queryset) == [world.cycle]
    assert list(on_b.context["cl"].queryset) == [world.cycle_b]


def test_changing_a_tracks_slug_in_admin_answers_a_page_not_500(world):
    track = world.track
    staff = _admin(world.users["staff"])
    url = f"/admin/openedx_dcp/track/{track.pk}/change/"
    form = staff.get(url)
    assert form.status_code == 200
    data = {
        "program": world.program_b.pk, "slug": "renamed", "name": "Engineer (renamed)",
        "nominee_kind": track.nominee_kind, "description": track.description,
        "criteria_narrative": track.criteria_narrative, "rubric": _json(track.rubric),
        "renewal_criteria": _json(track.renewal_criteria),
        "qualifying_signal_kinds": _json(track.qualifying_signal_kinds), "is_active": "on",
        "order": track.order, "change_reason": "Clearer name.",
    }
    response = staff.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    track.refresh_from_db()
    assert (track.slug, track.program_id, track.name) == ("engineer", world.program.pk, "Engineer (renamed)")
    assert world.program.current_rules.version == 2


def _json(value):
    import json

    return json.dumps(value)


def test_r1_an_unknown_host_gets_no_program_not_the_default_sites(db):
    default_site = Site.objects.get(pk=1)
    program = make_program(default_site)
    unknown = APIClient(HTTP_HOST="nobody.example.org")
    assert unknown.get("/api/dcp/v1/public/programs/dcp/members/").status_code == 404
    known = APIClient(HTTP_HOST=default_site.domain)
    assert known.get("/api/dcp/v1/public/programs/dcp/members/").status_code == 200
    assert program.site_id == 1
    # The program's pages too.
    visitor = get_user_model().objects.create_user("visitor", password="x")
    pages = Client(HTTP_HOST="nobody.example.org")
    pages.force_login(visitor)
    assert pages.get("/dcp/dcp/").status_code == 404
    pages.defaults["HTTP_HOST"] = default_site.domain
    assert pages.get("/dcp/dcp/").status_code == 200


def test_r1_the_site_id_fallback_set_on_the_request_is_not_a_tenant(db):
    default_site = Site.objects.get(pk=1)
    other = Site.objects.create(domain="tenant-c.example.com", name="C")
    request = RequestFactory(HTTP_HOST="nobody.example.org").get("/")
    assert current_site(request) is None
    request.site = default_site  # what CurrentSiteMiddleware sets with SITE_ID for any host
    assert current_site(request) is None
    request.site = other  # a site the platform's tenancy chose for this host
    assert current_site(request) == other
    assert current_site(RequestFactory(HTTP_HOST="tenant-c.example.com:443").get("/")) == other
