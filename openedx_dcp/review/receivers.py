"""
Receivers of review's signals, connected at app ready. The emails and events of the nomination's and cycle's
moves are rows of their workflow (``openedx_dcp.nominations.workflow``); here: a peer nominee is asked for
consent when a nomination is created, and panelists are tracked people. Importing this module also registers
the review guards with the workflow (``openedx_dcp.review.workflow``) and review's email audiences.
"""

from django.dispatch import receiver

from openedx_dcp import notifications
from openedx_dcp.contributions.tracking import register_tracked_users_source
from openedx_dcp.nominations.api import nomination_created
from openedx_dcp.nominations.conflicts import register_conflicts
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.nominations.workflow import NOMINEE
from openedx_dcp.review import conflicts
from openedx_dcp.review import notifications as review_notifications  # noqa: F401  registers the audiences
from openedx_dcp.review import workflow as review_workflow  # noqa: F401  registers the guards
from openedx_dcp.review.models import Panelist


@receiver(nomination_created, dispatch_uid="dcp_review_nomination_created")
def on_nomination_created(sender, nomination, **kwargs):
    """A peer nominee is told and asked for consent (R5); a self-nomination needs none."""
    if nomination.kind == Nomination.PEER:
        notifications.owe(template="consent_requested", audience=NOMINEE, subject=nomination)


def _panelist_ids():
    """Panelists are tracked people: their contribution signals are recorded (R21)."""
    return Panelist.objects.values_list("user_id", flat=True)


register_tracked_users_source(_panelist_ids, senders=[Panelist])
# The nominations package's lists, guards and admin hide what a conflicted panelist may not see (R10, R26).
register_conflicts(conflicts.hidden_from)
