"""
What the nominations package offers the packages below it, connected at app ready (``openedx_dcp.apps``):
nominees, nominators and endorsers are tracked people, whose contribution signals are recorded (R21).
"""

from openedx_dcp.contributions.tracking import register_tracked_users_source
from openedx_dcp.nominations.models import Endorsement, Nomination

__all__ = []


def _nominee_ids():
    return Nomination.objects.filter(nominee_user__isnull=False).values_list("nominee_user_id", flat=True)


def _nominator_ids():
    return Nomination.objects.values_list("nominator_id", flat=True)


def _endorser_ids():
    return Endorsement.objects.values_list("endorser_id", flat=True)


register_tracked_users_source(_nominee_ids, senders=[Nomination])
register_tracked_users_source(_nominator_ids, senders=[Nomination])
register_tracked_users_source(_endorser_ids, senders=[Endorsement])
