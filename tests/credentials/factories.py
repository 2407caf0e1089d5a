"""
Helpers to build credentials for tests: signing keys in settings, and members whose membership started.
"""

import datetime
import functools

from django.test import TestCase
from django.utils import timezone
from joserfc import jwk

from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership import signals
from openedx_dcp.membership.models import Membership
from tests.factories import UserFactory, nominate


@functools.cache
def private_pem(alg="RS256", name="default"):
    """A private key PEM for ``alg``, generated once per test run and ``name``."""
    if alg == "RS256":
        key = jwk.RSAKey.generate_key(2048)
    elif alg == "ES256":
        key = jwk.ECKey.generate_key("P-256")
    else:
        key = jwk.OKPKey.generate_key("Ed25519")
    return key.as_pem(private=True).decode("ascii")


def configure_keys(settings, program, *entries):
    """Set ``DCP_CREDENTIAL_KEYS`` of ``program`` to ``entries`` (dicts of kid, alg, retired, compromised, name)."""
    keys = dict(getattr(settings, "DCP_CREDENTIAL_KEYS", {}))
    keys[f"{program.site.domain}/{program.slug}"] = [
        {"kid": entry["kid"], "alg": entry.get("alg", "RS256"), "retired": entry.get("retired", False),
         "compromised": entry.get("compromised", False),
         "private_key_pem": private_pem(entry.get("alg", "RS256"), entry.get("name", entry["kid"]))}
        for entry in entries
    ]
    settings.DCP_CREDENTIAL_KEYS = keys


def today():
    return timezone.now().date()


def start_member(cycle, track, nominee=None, start=None, nominator=None, **fields):
    """
    A membership of ``nominee`` started through the membership API, with on-commit callbacks run so the
    ``membership_started`` signal fires (and issuance runs, eagerly).
    """
    nominee = nominee or UserFactory()
    nomination = nominate(cycle, track, nominator or UserFactory(), nominee, **fields)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return membership_api.start_membership(nomination=nomination,
                                               start=start or today() - datetime.timedelta(days=30))


def renew(membership):
    """
    Simulate the renewal the membership lifecycle performs: the next term, then ``membership_renewed`` (sent in
    the change's transaction; the credential it owes is issued once that commits).
    """
    membership.term_number += 1
    membership.term_start = membership.term_end
    membership.term_end = membership.term_end.replace(year=membership.term_end.year + 2)
    membership.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        signals.membership_renewed.send(sender=Membership, membership=membership)
    return membership
