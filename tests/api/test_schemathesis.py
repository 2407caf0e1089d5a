"""
The OpenAPI document is the contract (issue 16 item 7): schemathesis generates requests from the live schema
and sends them through the dev host's WSGI application as anonymous, a learner and program staff. Every answer
must be no server error, carry a status code the operation documents, and match the documented schema.

Bounded and reproducible: a few examples per operation, Hypothesis derandomized (a fixed seed), no shrinking.
"""

import os
import time

import jwt
import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.world import HOST_A, World

SCHEMA_URL = "/api/dcp/v1/schema/?format=json"
ROLES = ("anonymous", "learner", "staff")
MIN_STAFF_SUCCESSES = int(os.environ.get("DCP_SCHEMATHESIS_MIN_OK", "15"))
MAX_EXAMPLES = int(os.environ.get("DCP_SCHEMATHESIS_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _jwt(user):
    """An Open edX JWT for ``user``, signed as the dev host's issuer (devhost/settings.py JWT_AUTH)."""
    issuer = settings.JWT_AUTH["JWT_ISSUERS"][0]
    now = int(time.time())
    payload = {"iss": issuer["ISSUER"], "aud": issuer["AUDIENCE"], "iat": now, "exp": now + 3600,
               "preferred_username": user.username, "email": user.email, "administrator": user.is_staff,
               "version": "1.2.0", "scopes": ["read", "write"]}
    return "JWT " + jwt.encode(payload, issuer["SECRET_KEY"], algorithm="HS256")


@pytest.fixture
def connections_kept_open():
    """
    The WSGI handler closes "old" connections when a request starts and ends; inside the test's transaction that
    means closing it for real on MariaDB (SQLite's in-memory database ignores it). Django's test client holds
    these receivers off the same way for its requests.
    """
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def contract_world(db, settings, connections_kept_open):
    settings.DCP_RATE_LIMIT_NOMINATIONS = None
    settings.DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS = None
    settings.DCP_RATE_LIMIT_PUBLIC = None
    return World()


def _operations():
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application(), headers={"Host": HOST_A})
    return [result.ok() for result in schema.get_all_operations()]


def test_the_api_answers_as_its_schema_says(contract_world):
    headers = {role: {"Host": HOST_A} for role in ROLES}
    for role in ("learner", "staff"):
        headers[role]["Authorization"] = _jwt(contract_world.users[role])
    operations = _operations()
    assert len(operations) > 80
    failures, answered = [], []
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, database=None,
                             phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def check(case):
            for role in ROLES:
                try:
                    response = case.call(headers=headers[role])
                    answered.append((role, case.operation.label, response.status_code))
                    case.validate_response(response, checks=CHECKS)
                except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001  reported below, with its request
                    failures.append(f"{role} {case.method} {case.formatted_path}: {error}")
                    raise

        try:
            check()
        except (Exception, BaseExceptionGroup):  # noqa: BLE001  collected above; go on with the next operation
            pass
    assert not failures, "\n\n".join(failures)
    # The examples reach the operations' answers, not only their refusals.
    succeeded = {(role, label) for role, label, status in answered if status < 300}
    assert len({label for role, label in succeeded if role == "staff"}) >= MIN_STAFF_SUCCESSES, succeeded
