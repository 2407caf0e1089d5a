"""
Domain exceptions. Each carries a message a person can act on; the REST layer maps them to HTTP once.
"""

from django.utils.functional import Promise


class DcpError(Exception):
    """
    Base class of the program's domain errors.

    ``field`` names the input field the error is about, when there is one, so the REST layer can answer
    ``{"field": ["message"]}``; a dotted ``field`` (``thresholds.panel_quotas``) names a key inside a field and
    is answered nested, as DRF answers a nested field. ``errors`` maps several fields to their messages when a
    check finds more than one problem. ``code`` is a stable, machine-readable name of the refusal (listed in
    docs/api.md); each class has a default.
    """

    status_code = 400
    default_code = "invalid"

    def __init__(self, message, field=None, code=None, errors=None):
        if isinstance(message, Promise):  # a translatable constant (gettext_lazy): in the language of the request
            message = str(message)
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code
        # ``{field path: [message, ...]}``; a single ``field`` is the one-entry case.
        self.errors = dict(errors) if errors else ({field: [message]} if field else {})


class ValidationFailed(DcpError):
    """Input is invalid (HTTP 400)."""


class RuleViolation(DcpError):
    """A program rule (R1–R25) refuses the action (HTTP 400)."""

    default_code = "rule_violation"


class TransitionRefused(DcpError):
    """A workflow transition is not allowed from the current state, or its guard failed (HTTP 409)."""

    status_code = 409
    default_code = "transition_refused"


class NotPermitted(DcpError):
    """The actor may not perform this action (HTTP 403)."""

    status_code = 403
    default_code = "permission_denied"


class NotFound(DcpError):
    """
    What the caller may not see reads as not found (HTTP 404, R26): the REST layer answers exactly what it
    answers for an id that does not exist, so a refusal never tells that something exists.
    """

    status_code = 404
    default_code = "not_found"

    def __init__(self, message="Not found.", field=None):
        super().__init__(message, field)
