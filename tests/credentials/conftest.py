"""
Fixtures of the credentials tests: a program with a signing key, members, the OB 3.0 schema validator.
"""

import json
from pathlib import Path

import jsonschema
import pytest

from tests.credentials.factories import configure_keys, start_member
from tests.factories import SiteFactory, UserFactory, make_cycle, make_program, make_staff

# The OB 3.0 schema and the JSON-LD contexts, copied into the repository (sources and licences: data/README.md).
OB3_DIR = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def ob3_validator():
    """The 1EdTech AchievementCredential JSON Schema (Draft 2019-09), checking formats such as date-time."""
    schema = json.loads((OB3_DIR / "ob_v3p0_achievementcredential_schema.json").read_text())
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)


@pytest.fixture
def program_with_key(program, settings):
    """``program`` (with issuer url and image) signing with RS256 key ``k1``."""
    program.url = "https://dcp.example.org/"
    program.image_url = "https://dcp.example.org/logo.png"
    program.organization_name = "Open edX Community"
    program.save()
    configure_keys(settings, program, {"kid": "k1"})
    return program


@pytest.fixture
def member(program_with_key, cycle, track):
    """A user whose membership started 30 days ago (its credential issued by the membership signal)."""
    user = UserFactory(username="member", email="member@example.com")
    membership = start_member(cycle, track, nominee=user)
    return membership


@pytest.fixture
def credential(member):
    return member.badge_credentials.get()


@pytest.fixture
def other_tenant(settings):
    """Another site with its own program, key, staff and a member."""
    site = SiteFactory(domain="other-tenant.example.com")
    program = make_program(site=site)
    configure_keys(settings, program, {"kid": "k1", "name": "other"})
    cycle = make_cycle(program)
    membership = start_member(cycle, program.tracks.get(slug="engineer"), nominee=UserFactory(username="stranger"))
    return {"site": site, "program": program, "staff": make_staff(program), "membership": membership,
            "credential": membership.badge_credentials.get()}
