"""
User retirement, in one place: when the LMS retires a user, every package scrubs what it holds about them.

The LMS sends ``USER_RETIRE_LMS_MISC`` from ``openedx.core.djangoapps.user_api.accounts.signals``; outside the
LMS (tests, dev host) the import fails and ``retire_user_data`` is called directly.
"""

import logging

from django.db import transaction
from django.dispatch import receiver

from openedx_dcp.nominations.models import Endorsement, Nomination

log = logging.getLogger(__name__)
RETIRED_TEXT = "(retired)"

try:  # pragma: no cover - only inside edx-platform
    from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC  # pylint: disable=import-error
except ImportError:
    USER_RETIRE_LMS_MISC = None


@transaction.atomic
def retire_user_data(user):
    """
    Scrub what the plugin holds about ``user``: the content of nominations of them, their endorsement
    statements, committee and participation notes of their memberships; their credentials are revoked and the
    signed documents erased. States, dates and the audit trail stay, so counts and the program's history hold.
    """
    # pylint: disable=import-outside-toplevel
    from openedx_dcp.credentials import api as credentials_api
    from openedx_dcp.membership import api as membership_api

    nominations = Nomination.objects.filter(nominee_user=user).update(
        summary=RETIRED_TEXT, impact_statement=RETIRED_TEXT, references="", evidence_links=[],
        first_contribution_evidence="",
    )
    statements = Endorsement.objects.filter(endorser=user).update(statement="")
    notes = membership_api.retire_user(user)
    credentials = credentials_api.retire_user(user)
    log.info("DCP retirement of user %s: %d nominations, %d endorsements, %d membership notes scrubbed; "
             "%d credentials revoked.", user.pk, nominations, statements, notes, credentials)
    return {"nominations": nominations, "endorsements": statements, "membership_notes": notes,
            "credentials": credentials}


if USER_RETIRE_LMS_MISC is not None:  # pragma: no cover - only inside edx-platform
    @receiver(USER_RETIRE_LMS_MISC)
    def _on_user_retire_lms_misc(sender, user=None, **kwargs):  # pylint: disable=unused-argument
        if user is not None:
            retire_user_data(user)
