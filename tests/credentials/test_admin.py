"""
R22, R1: staff see issuance and revocation in admin, revoke through the credentials API, and see only the
credentials of the programs they run.
"""

from django.urls import reverse

from openedx_dcp import audit
from tests.factories import UserFactory

CHANGELIST = "admin:openedx_dcp_badgecredential_changelist"


def _login(client, user):
    user.is_staff = True
    user.save()
    client.force_login(user)


def test_r22_admin_lists_issued_and_revoked_credentials(client, credential, people):
    _login(client, UserFactory(username="root", is_superuser=True))
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert str(credential.public_id) in response.content.decode()
    detail = client.get(reverse("admin:openedx_dcp_badgecredential_change", args=[credential.pk]))
    assert detail.status_code == 200
    assert credential.jwt[:40] in detail.content.decode()


def test_r22_admin_revoke_action_goes_through_the_api_and_is_audited(client, credential):
    admin_user = UserFactory(username="root", is_superuser=True)
    _login(client, admin_user)
    response = client.post(reverse(CHANGELIST), {"action": "revoke_selected", "_selected_action": [credential.pk]})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.revoked_at is not None
    line = list(audit.trail(credential))[-1]
    assert (line.action, line.actor) == ("credential_revoked", admin_user)


def test_r1_admin_shows_staff_only_their_programs_credentials(client, credential, other_tenant, people):
    staff = people["staff"]
    # Program staff need no Django model permission: ProgramStaff decides, as in every admin of the plugin.
    _login(client, staff)
    # Admin shows the programs of the request's site (R1).
    client.defaults["HTTP_HOST"] = credential.program.site.domain
    content = client.get(reverse(CHANGELIST)).content.decode()
    assert str(credential.public_id) in content
    assert str(other_tenant["credential"].public_id) not in content
    other = other_tenant["credential"]
    response = client.post(reverse(CHANGELIST), {"action": "revoke_selected", "_selected_action": [other.pk]})
    other.refresh_from_db()
    assert other.revoked_at is None
    assert response.status_code in (200, 302)
