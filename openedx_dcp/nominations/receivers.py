"""
User retirement: when the LMS retires a user, the free text written by or about them is scrubbed.

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
    Scrub what the plugin holds as free text about ``user``: the content of nominations of them, and their
    endorsement statements. States, dates and the audit trail stay, so counts and the program's history hold.
    """
    nominations = Nomination.objects.filter(nominee_user=user).update(
        summary=RETIRED_TEXT, impact_statement=RETIRED_TEXT, references="", evidence_links=[],
        first_contribution_evidence="",
    )
    statements = Endorsement.objects.filter(endorser=user).update(statement="")
    log.info("DCP retirement of user %s: %d nominations and %d endorsements scrubbed.", user.pk, nominations,
             statements)
    return nominations, statements


if USER_RETIRE_LMS_MISC is not None:  # pragma: no cover - only inside edx-platform
    @receiver(USER_RETIRE_LMS_MISC)
    def _on_user_retire_lms_misc(sender, user=None, **kwargs):  # pylint: disable=unused-argument
        if user is not None:
            retire_user_data(user)
