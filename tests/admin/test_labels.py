"""
People read sentences, not codes: admin columns, filters, titles and help texts are words, and no label shows a
rule code such as "(R5)".
"""

import re

from django.apps import apps
from django.contrib import admin
from django.test import Client

from tests.world import HOST_A

RULE_CODE = re.compile(r"\(R\d+\)")


def _client(user):
    # Admin shows the programs of the request's site: tenant A's host.
    client = Client(HTTP_HOST=HOST_A)
    client.force_login(user)
    return client


def test_nomination_list_reads_as_words(world):
    page = _client(world.users["staff"]).get("/admin/openedx_dcp/nomination/")
    content = page.content.decode()
    headers = [str(h["text"]) for h in page.context["result_headers"]]
    assert "Nominee" in headers and "Nominee display" not in headers
    filters = [str(spec.title) for spec in page.context["cl"].filter_specs]
    assert "track" in filters and "slug" not in filters
    assert "By slug" not in content and "Nominee display" not in content
    # The cycle reads as its name, not "program-slug/cycle-slug".
    assert str(world.cycle) == world.cycle.name
    assert f"{world.program.slug}/{world.cycle.slug}" not in content


def test_nomination_page_has_no_rule_codes(world):
    page = _client(world.users["staff"]).get(f"/admin/openedx_dcp/nomination/{world.nomination.pk}/change/")
    content = page.content.decode()
    assert "Endorsements" in content and "Enough endorsements" in content
    assert not RULE_CODE.search(content)


def test_membership_list_has_a_member_column_and_a_track_filter(world):
    page = _client(world.users["superuser"]).get("/admin/openedx_dcp/membership/")
    headers = [str(h["text"]) for h in page.context["result_headers"]]
    assert "Member" in headers and "Member display" not in headers
    assert "track" in [str(spec.title) for spec in page.context["cl"].filter_specs]


def test_no_model_field_admin_column_or_form_help_text_shows_a_rule_code():
    offenders = []
    for model in apps.get_app_config("openedx_dcp").get_models():
        for field in model._meta.get_fields():
            for text in (getattr(field, "help_text", ""), getattr(field, "verbose_name", "")):
                if RULE_CODE.search(str(text)):
                    offenders.append(f"{model.__name__}.{field.name}: {text}")
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        for name in dir(type(model_admin)):
            description = getattr(getattr(type(model_admin), name, None), "short_description", "")
            if RULE_CODE.search(str(description)):
                offenders.append(f"{type(model_admin).__name__}.{name}: {description}")
        form = model_admin.form
        for name, form_field in getattr(form, "base_fields", {}).items():
            if RULE_CODE.search(str(form_field.help_text)):
                offenders.append(f"{form.__name__}.{name}: {form_field.help_text}")
    assert offenders == []


def test_emails_name_the_cycle_in_a_sentence(world):
    from django.template.loader import render_to_string

    world.cycle.name = "2026 cohort"
    world.cycle.save()
    context = {"nomination": world.nomination, "program": world.program, "recipient": world.users["nominator"]}
    for name in ("nomination_submitted", "endorsement_requested", "screening_failed", "decision_selected",
                 "decision_not_selected"):
        text = render_to_string(f"openedx_dcp/email/{name}.txt", context)
        assert "in 2026 cohort" not in text, name
        assert "2026 cohort)" in text, name
