"""
The plugin as edx-platform loads it: through edx-django-utils' plugin framework, switched by its toggle.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import resolve
from edx_django_utils.plugins import get_plugin_apps

from openedx_dcp.nominations.models import Nomination, NominationState
from openedx_dcp.retirement import RETIRED_TEXT, retire_user_data


def test_the_plugin_framework_finds_the_app_from_its_entry_point():
    assert "openedx_dcp.apps.OpenedxDcpConfig" in get_plugin_apps("lms.djangoapp")
    assert "openedx_dcp.apps.OpenedxDcpConfig" in get_plugin_apps("cms.djangoapp")
    assert "openedx_dcp.apps.OpenedxDcpConfig" in settings.INSTALLED_APPS


def test_plugin_settings_were_applied_by_the_framework():
    # From settings.common (through add_plugins) and settings.test.
    assert settings.DCP_TRACKED_USERS_CACHE_SECONDS == 300
    assert settings.DCP_PROGRAM_ENABLED is True
    assert "drf_spectacular_sidecar" in settings.INSTALLED_APPS


def test_urls_are_mounted_under_api_dcp():
    match = resolve("/api/dcp/v1/nominations/")
    assert match.namespace == "openedx_dcp"


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/dcp/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/dcp/v1/nominations/{id}/submit/" in paths
    assert "/api/dcp/v1/endorsements/" in paths
    docs = client.get("/api/dcp/v1/docs/")
    assert docs.status_code == 200 and b"drf_spectacular_sidecar/swagger-ui-dist" in docs.content


def test_toggle_off_answers_404(world):
    client = world.client("staff")
    with override_settings(DCP_PROGRAM_ENABLED=False):
        assert client.get("/api/dcp/v1/programs/").status_code == 404
    assert client.get("/api/dcp/v1/programs/").status_code == 200


def test_user_retirement_scrubs_free_text_and_keeps_history(world):
    nomination = world.nomination
    counts = retire_user_data(world.users["nominee"])
    assert counts["nominations"] == 1
    nomination.refresh_from_db()
    assert (nomination.summary, nomination.impact_statement, nomination.evidence_links) == (
        RETIRED_TEXT, RETIRED_TEXT, [])
    assert nomination.state == NominationState.DRAFT
    assert Nomination.objects.count() == 1


@pytest.mark.django_db
def test_demo_data_loads_and_reloads(capsys):
    call_command("dcp_load_demo")
    out = capsys.readouterr().out
    assert "password 'dcp-demo'" in out and "steward" in out
    states = sorted(Nomination.objects.values_list("state", flat=True))
    assert states == ["draft", "draft", "submitted", "withdrawn"]
    call_command("dcp_load_demo")
    assert "already loaded" in capsys.readouterr().out
    assert Nomination.objects.count() == 4
