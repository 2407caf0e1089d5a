"""
``dcp_setup_program``: what the Tutor plugin's LMS init task runs at every deployment. It must create the site
and its program once, and a second run must change nothing.
"""

from io import StringIO

import pytest
from django.contrib.sites.models import Site
from django.core.management import CommandError, call_command
from django.test import override_settings

from openedx_dcp.audit.models import AuditRecord
from openedx_dcp.exceptions import ValidationFailed
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Program, ProgramRules, Track
from tests.factories import SiteFactory, make_program

DOMAIN = "learn.example.org"


def setup_program(*args):
    out = StringIO()
    call_command("dcp_setup_program", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {model.__name__: model.objects.count() for model in (Site, Program, Track, ProgramRules, AuditRecord)}


@pytest.mark.django_db
def test_creates_the_site_and_its_program_with_the_seeds_defaults():
    out = setup_program("--site-domain", DOMAIN, "--name", "Distinguished Contributor Program", "--slug", "dcp",
                        "--organization-name", "Open edX")
    program = Program.objects.get(site__domain=DOMAIN, slug="dcp")
    assert program.name == "Distinguished Contributor Program"
    assert program.organization_name == "Open edX"
    assert sorted(program.tracks.values_list("slug", flat=True)) == ["advocate", "engineer", "innovator", "partner"]
    assert program.current_rules.version == 1
    assert program.current_rules.threshold("term_years") == 2
    assert f"Site {DOMAIN}: created." in out
    assert f"Program 'dcp' of {DOMAIN}: created as 'Distinguished Contributor Program'" in out
    assert "4 tracks, rules v1" in out


@pytest.mark.django_db
def test_second_run_changes_nothing():
    args = ("--site-domain", DOMAIN, "--name", "Distinguished Contributor Program", "--slug", "dcp")
    setup_program(*args)
    before = row_counts()
    out = setup_program(*args)
    assert row_counts() == before
    assert f"Site {DOMAIN}: exists, unchanged." in out
    assert f"Program 'dcp' of {DOMAIN}: exists, unchanged." in out


@pytest.mark.django_db
def test_an_existing_site_is_reused_not_duplicated():
    site = SiteFactory(domain=DOMAIN, name="Our LMS")
    setup_program("--site-domain", DOMAIN)
    assert Site.objects.filter(domain=DOMAIN).count() == 1
    site.refresh_from_db()
    assert site.name == "Our LMS"
    assert Program.objects.get(slug="dcp").site == site


@pytest.mark.django_db
def test_an_existing_program_keeps_what_staff_changed():
    site = SiteFactory(domain=DOMAIN)
    program = make_program(site=site, slug="dcp", name="Open edX Distinguished Contributors")
    program.is_active = False
    program.save()
    before = row_counts()
    out = setup_program("--site-domain", DOMAIN, "--name", "Distinguished Contributor Program", "--slug", "dcp")
    assert row_counts() == before
    program.refresh_from_db()
    assert program.name == "Open edX Distinguished Contributors"
    assert "not renamed: rename it in Django admin" in out
    assert "inactive: activate it in Django admin" in out


@pytest.mark.django_db
def test_r1_each_site_gets_its_own_program():
    setup_program("--site-domain", DOMAIN)
    setup_program("--site-domain", "tenant2.example.org")
    programs = Program.objects.filter(slug="dcp")
    assert {program.site.domain for program in programs} == {DOMAIN, "tenant2.example.org"}
    first, second = programs
    assert not set(first.tracks.values_list("id", flat=True)) & set(second.tracks.values_list("id", flat=True))


@pytest.mark.django_db
@override_settings(DCP_DEFAULT_PROGRAM_NAME="Community Stars", DCP_DEFAULT_PROGRAM_SLUG="stars")
def test_name_and_slug_default_to_the_settings():
    setup_program("--site-domain", DOMAIN)
    assert Program.objects.get(site__domain=DOMAIN).name == "Community Stars"
    assert Program.objects.get(site__domain=DOMAIN).slug == "stars"


@pytest.mark.django_db
@pytest.mark.parametrize("args, message", [
    (("--site-domain", DOMAIN, "--slug", "not a slug"), "--slug 'not a slug' is not a slug"),
    (("--site-domain", "https://learn.example.org/"), "is not a domain"),
    (("--site-domain", ""), "is not a domain"),
    (("--site-domain", DOMAIN, "--name", " "), "--name is empty"),
    (("--site-domain", DOMAIN, "--name", "x" * 201), "--name is longer than 200"),
    (("--site-domain", DOMAIN, "--slug", "s" * 65), "--slug is longer than 64"),
])
def test_bad_input_is_refused_and_nothing_is_written(args, message):
    before = row_counts()
    with pytest.raises(CommandError, match=message):
        setup_program(*args)
    assert row_counts() == before


@pytest.mark.django_db
def test_a_failed_program_creation_leaves_no_site_behind(monkeypatch):
    def refuse(*args, **kwargs):
        raise ValidationFailed("Refused for the test.", field="slug")

    monkeypatch.setattr(programs_api, "create_program", refuse)
    before = row_counts()
    with pytest.raises(CommandError, match="Refused for the test."):
        setup_program("--site-domain", DOMAIN)
    assert row_counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("enabled, noted", [(False, True), (True, False)])
def test_says_when_the_program_is_switched_off(enabled, noted):
    with override_settings(DCP_PROGRAM_ENABLED=enabled):
        out = setup_program("--site-domain", DOMAIN)
    assert ("DCP_PROGRAM_ENABLED is off" in out) is noted
