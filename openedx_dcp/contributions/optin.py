"""
Contributors who are not members, nominees or panelists opt in to having their signals recorded (R21), and out
again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openedx_dcp.contributions.models import ContributorOptIn

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User
    from django.contrib.sites.models import Site

__all__ = ["opt_in", "opt_out", "is_opted_in"]


def opt_in(*, site: Site, user: User) -> ContributorOptIn:
    """Ask ``site``'s program to record ``user``'s contributions from now on (idempotent)."""
    opt, _ = ContributorOptIn.objects.get_or_create(site=site, user=user)
    return opt


def opt_out(*, site: Site, user: User) -> None:
    """Stop tracking ``user`` for ``site`` (signals already recorded stay, as evidence)."""
    ContributorOptIn.objects.filter(site=site, user=user).delete()


def is_opted_in(*, site: Site, user: User) -> bool:
    """Whether ``user`` opted in on ``site``."""
    return ContributorOptIn.objects.filter(site=site, user=user).exists()
