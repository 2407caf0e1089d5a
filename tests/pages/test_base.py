"""
The pages' base: sign-in redirect, the program switch, tenancy, the base template setting, and the program
home's fixed number of queries.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from openedx_dcp.pages.base import PageView
from openedx_dcp.programs.models import Cycle
from tests.factories import SiteFactory, make_cycle, make_program
from tests.membership.factories import announced_cycle, make_membership


class _SignedInOnly(PageView):
    template_name = "openedx_dcp/pages/program_index.html"


@pytest.fixture
def site_program(db):
    program = make_program(name="Tenant program")
    make_cycle(program, slug="2026")
    return program


def home(client, program, **extra):
    return client.get(f"/dcp/{program.slug}/", HTTP_HOST=program.site.domain, **extra)


def test_a_page_that_needs_a_user_sends_an_anonymous_visitor_to_login_url_with_next(site_program):
    request = RequestFactory().get("/dcp/dcp/nominate/?track=engineer", HTTP_HOST=site_program.site.domain)
    request.user = AnonymousUser()
    with override_settings(LOGIN_URL="/login"):
        response = _SignedInOnly.as_view()(request, program=site_program.slug)
    assert response.status_code == 302
    assert response["Location"] == "/login?next=/dcp/dcp/nominate/%3Ftrack%3Dengineer"


def test_program_home_is_public_and_speaks_of_the_program(client, site_program):
    response = home(client, site_program)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Tenant program</h1>" in body
    assert "Distinguished Engineer" in body and "Cycle 2026" in body
    assert 'href="/static/openedx_dcp/paragon/core.min.css"' in body
    assert 'dir="ltr"' in body and 'id="main"' in body


def test_another_tenants_program_reads_as_not_found(client, site_program):
    other = SiteFactory()
    assert client.get(f"/dcp/{site_program.slug}/", HTTP_HOST=other.domain).status_code == 404


def test_the_program_switch_off_answers_404(client, site_program):
    with override_settings(DCP_PROGRAM_ENABLED=False):
        assert home(client, site_program).status_code == 404


def test_dcp_base_template_puts_the_pages_in_another_chrome(client, site_program, tmp_path):
    (tmp_path / "lms_main.html").write_text(
        '<html><head><title>{% block title %}{% endblock %}</title>{% block headextra %}{% endblock %}</head>'
        '<body class="{% block bodyclass %}{% endblock %}"><header>LMS HEADER</header>'
        '<div id="content">{% block body %}{% endblock %}{% block bodyextra %}{% endblock %}</div>'
        "<footer>LMS FOOTER</footer></body></html>"
    )
    from django.conf import settings

    templates = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    with override_settings(DCP_BASE_TEMPLATE="lms_main.html", TEMPLATES=templates):
        body = home(client, site_program).content.decode()
    assert "LMS HEADER" in body and "LMS FOOTER" in body
    assert "<h1>Tenant program</h1>" in body and "dcp-body" in body
    assert "dcp-site-header" not in body  # the plugin's own chrome is not used


def test_pages_render_right_to_left_in_arabic(client, site_program):
    body = home(client, site_program, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert '<html lang="ar" dir="rtl">' in body


def test_program_home_makes_the_same_number_of_queries_whatever_the_cohort_size(client, site_program):
    announced = announced_cycle(site_program)
    Cycle.objects.filter(pk=announced.pk).update(stage=Cycle.ANNOUNCED)

    def add_members(count):
        for _ in range(count):
            make_membership(announced)

    add_members(1)
    with CaptureQueriesContext(connection) as small:
        assert home(client, site_program).status_code == 200
    add_members(10)
    with CaptureQueriesContext(connection) as large:
        response = home(client, site_program)
    assert response.content.decode().count('<p class="dcp-meta">Distinguished Engineer</p>') == 11
    assert len(large.captured_queries) == len(small.captured_queries)


def test_pages_have_their_own_plugin_url_config_under_dcp():
    from django.urls import resolve
    from edx_django_utils.plugins import get_plugin_apps

    assert "openedx_dcp.pages.apps.DcpPagesConfig" in get_plugin_apps("lms.djangoapp")
    assert "openedx_dcp.pages.apps.DcpPagesConfig" not in get_plugin_apps("cms.djangoapp")
    assert resolve("/dcp/dcp/").namespace == "dcp"
    assert resolve("/api/dcp/v1/nominations/").namespace == "openedx_dcp"
