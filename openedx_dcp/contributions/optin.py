"""
Contributors who are not members, nominees or panelists opt in to having their signals recorded (R21), and out
again.
"""

from openedx_dcp.contributions.models import ContributorOptIn

__all__ = ["opt_in", "opt_out", "is_opted_in"]


def opt_in(*, site, user):
    """Ask ``site``'s program to record ``user``'s contributions from now on (idempotent)."""
    opt, _ = ContributorOptIn.objects.get_or_create(site=site, user=user)
    return opt


def opt_out(*, site, user):
    """Stop tracking ``user`` for ``site`` (signals already recorded stay, as evidence)."""
    ContributorOptIn.objects.filter(site=site, user=user).delete()


def is_opted_in(*, site, user):
    """Whether ``user`` opted in on ``site``."""
    return ContributorOptIn.objects.filter(site=site, user=user).exists()
