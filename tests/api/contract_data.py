"""
The data the OpenAPI document's examples name (``openedx_dcp/api/v1/<domain>/examples.py``): the dev host's demo
(``dcp_load_demo``, what ``make dev`` loads on a fresh database) with its ids from 1, plus the two public ids
the examples use for a badge credential and an endorsement credential (UUIDs are random otherwise).
"""

import io
import uuid
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command

from openedx_dcp.api.v1.credentials.examples import DEMO_CREDENTIAL_ID, DEMO_ENDORSEMENT_CREDENTIAL_ID
from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.credentials.models import BadgeCredential, EndorsementCredential
from openedx_dcp.nominations.models import Endorsement
from openedx_dcp.programs.models import Program

__all__ = ["demo_settings", "seed_contract_data"]


def demo_settings(settings, key_dir):
    """The dev host's settings the demo needs: a signing key per tenant, the public base URL, no rate limits."""
    settings.DCP_CREDENTIAL_KEYS = {
        f"{domain}/dcp": [{"kid": "dev", "alg": "RS256", "private_key_path": str(key_dir / f"{name}.pem")}]
        for domain, name in zip(settings.DCP_DEV_TENANTS, ("a", "b"))
    }
    settings.DCP_PUBLIC_BASE_URL = f"http://{settings.DCP_DEV_TENANTS[0]}"
    settings.DCP_RATE_LIMIT_NOMINATIONS = None
    settings.DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS = None
    settings.DCP_RATE_LIMIT_PUBLIC = None


def _first_public_id(model, value):
    """While active, the first ``model`` made gets the public id ``value`` (signed with it), later ones random."""
    given = iter([uuid.UUID(value)])
    return mock.patch.object(model._meta.get_field("public_id"), "_get_default",
                             lambda: next(given, None) or uuid.uuid4())


def seed_contract_data():
    """
    Load the demo (on a database whose sequences start at 1); grace's badge credential (the demo's first) and
    core1's endorsement of it, published as an EndorsementCredential, get the examples' public ids. Checks that
    the ids the examples name are the demo's.
    """
    with _first_public_id(BadgeCredential, DEMO_CREDENTIAL_ID):
        call_command("dcp_load_demo", stdout=io.StringIO())
    program = Program.objects.get(slug="dcp", site_id=1)
    assert program.pk == 1, "The examples name the demo's ids: run on a database whose sequences start at 1."
    grace = get_user_model().objects.get(username="grace")
    assert str(BadgeCredential.objects.get(membership__user=grace).public_id) == DEMO_CREDENTIAL_ID
    endorsement = Endorsement.objects.get(nomination__nominee_user=grace, endorser__username="core1")
    with _first_public_id(EndorsementCredential, DEMO_ENDORSEMENT_CREDENTIAL_ID):
        credentials_api.set_endorsement_consent(endorsement=endorsement, actor=endorsement.endorser, consent=True)
    assert EndorsementCredential.objects.filter(endorsement=endorsement,
                                                public_id=DEMO_ENDORSEMENT_CREDENTIAL_ID).exists()
