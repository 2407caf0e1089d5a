"""
Admin for program staff: tenant isolation (R1), read-only audit trail, workflow actions.
"""

import pytest
from django.test import Client

from openedx_dcp.audit.models import AuditRecord
from openedx_dcp.nominations.models import NominationState
from tests.factories import UserFactory
from tests.world import HOST_A, HOST_B


@pytest.fixture
def admin_world(world):
    return world


def _client(user, host=HOST_A):
    """Admin as ``user`` on ``host``: admin shows the programs of the request's site (R1)."""
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


def test_r1_staff_of_another_tenant_see_none_of_tenant_a_in_admin(admin_world):
    w = admin_world
    other = _client(w.users["other_staff"], host=HOST_B)
    listing = other.get("/admin/openedx_dcp/nomination/")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 0
    detail = other.get(f"/admin/openedx_dcp/nomination/{w.nomination.pk}/change/")
    assert detail.status_code == 302  # "doesn't exist", back to the index
    assert other.get("/admin/openedx_dcp/cycle/").context["cl"].result_count == 1  # their own cycle only
    assert other.get("/admin/openedx_dcp/auditrecord/").context["cl"].queryset.filter(
        program=w.program).count() == 0
    assert other.get("/admin/openedx_dcp/endorsement/").context["cl"].result_count == 0


def test_staff_of_the_tenant_see_their_nominations_with_endorsements_and_trail(admin_world):
    w = admin_world
    staff = _client(w.users["staff"])
    listing = staff.get("/admin/openedx_dcp/nomination/?state=draft")
    assert listing.context["cl"].result_count == 1
    detail = staff.get(f"/admin/openedx_dcp/nomination/{w.nomination.pk}/change/")
    assert detail.status_code == 200
    content = detail.content.decode()
    assert "endorser" in content and "Enough endorsements" in content
    assert "create" in content  # the audit trail's first line


def test_search_and_filters(admin_world):
    staff = _client(admin_world.users["staff"])
    assert staff.get("/admin/openedx_dcp/nomination/?q=nominee").context["cl"].result_count == 1
    assert staff.get("/admin/openedx_dcp/nomination/?q=nobody-here").context["cl"].result_count == 0
    assert staff.get("/admin/openedx_dcp/nomination/?state=submitted").context["cl"].result_count == 0


def test_audit_records_cannot_be_changed_or_deleted(admin_world):
    w = admin_world
    record = AuditRecord.objects.filter(program=w.program).first()
    superuser = _client(w.users["superuser"])
    page = superuser.get(f"/admin/openedx_dcp/auditrecord/{record.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    with pytest.raises(ValueError):
        record.note = "rewritten"
        record.save()
    with pytest.raises(ValueError):
        record.delete()


def test_learners_and_non_staff_cannot_enter(admin_world):
    learner = _client(admin_world.users["learner"])
    assert learner.get("/admin/openedx_dcp/nomination/").status_code == 302
    staff_elsewhere = UserFactory(username="djangostaff", is_staff=True)  # is_staff but staff of no program
    assert _client(staff_elsewhere).get("/admin/openedx_dcp/nomination/").status_code == 403


def test_workflow_actions_go_through_the_workflow(admin_world):
    w = admin_world
    staff = _client(w.users["staff"])
    # Screening cannot start while the cycle still takes nominations: refused with the reason, nothing written.
    response = staff.post("/admin/openedx_dcp/nomination/", {
        "action": "nomination_start_screening", "_selected_action": [w.nomination.pk]}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert any("Cannot start screening" in m for m in messages)
    w.nomination.refresh_from_db()
    assert w.nomination.state == NominationState.DRAFT
    response = staff.post("/admin/openedx_dcp/nomination/", {
        "action": "nomination_withdraw", "_selected_action": [w.nomination.pk]}, follow=True)
    w.nomination.refresh_from_db()
    assert w.nomination.state == NominationState.WITHDRAWN
    assert AuditRecord.objects.filter(object_id=w.nomination.pk, action="withdraw", actor=w.users["staff"]).exists()


def test_r24_rules_change_in_admin_records_a_version(admin_world):
    w = admin_world
    staff = _client(w.users["staff"])
    thresholds = dict(w.program.current_rules.data["thresholds"], min_endorsements=5)
    import json

    response = staff.post("/admin/openedx_dcp/programrules/add/", {
        "program": w.program.pk, "thresholds": json.dumps(thresholds), "reason": "Raise the bar."})
    assert response.status_code == 302, response.content
    latest = w.program.current_rules
    assert (latest.version, latest.threshold("min_endorsements"), latest.changed_by) == (2, 5, w.users["staff"])
    # Another tenant's staff cannot pick tenant A's program.
    other = _client(w.users["other_staff"], host=HOST_B)
    refused = other.post("/admin/openedx_dcp/programrules/add/", {
        "program": w.program.pk, "thresholds": json.dumps(thresholds), "reason": "x"})
    assert refused.status_code == 200 and "program" in refused.context["adminform"].form.errors
    assert w.program.rules_versions.count() == 2
