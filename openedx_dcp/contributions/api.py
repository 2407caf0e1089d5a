"""
Evidence queries over contribution signals, used by eligibility (R7), renewal (R14) and lifetime (R16).
"""

from django.db.models import Min

from openedx_dcp.contributions.models import ContributionSignal

__all__ = ["signals_of", "first_activity"]


def signals_of(site, user=None, organization=None, kinds=None, since=None, until=None):
    """
    The signals of one person or organization on ``site``, optionally limited to ``kinds`` and a time window
    (``since`` inclusive, ``until`` exclusive).
    """
    signals = ContributionSignal.objects.filter(site=site)
    if user is not None:
        signals = signals.filter(user=user)
    if organization is not None:
        signals = signals.filter(organization=organization)
    if kinds is not None:
        signals = signals.filter(kind__in=list(kinds))
    if since is not None:
        signals = signals.filter(occurred_at__gte=since)
    if until is not None:
        signals = signals.filter(occurred_at__lt=until)
    return signals


def first_activity(site, user=None, organization=None, kinds=None, since=None):
    """The time of the first signal of a person or organization (of ``kinds``, after ``since``), or None."""
    return signals_of(site, user, organization, kinds, since=since).aggregate(first=Min("occurred_at"))["first"]
