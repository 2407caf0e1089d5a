"""
Domain exceptions. Each carries a message a person can act on; the REST layer maps them to HTTP once.
"""


class DcpError(Exception):
    """
    Base class of the program's domain errors.

    ``field`` names the input field the error is about, when there is one, so the REST layer can answer
    ``{"field": ["message"]}``.
    """

    status_code = 400

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationFailed(DcpError):
    """Input is invalid (HTTP 400)."""


class RuleViolation(DcpError):
    """A program rule (R1–R25) refuses the action (HTTP 400)."""


class TransitionRefused(DcpError):
    """A workflow transition is not allowed from the current state, or its guard failed (HTTP 409)."""

    status_code = 409


class NotPermitted(DcpError):
    """The actor may not perform this action (HTTP 403)."""

    status_code = 403
