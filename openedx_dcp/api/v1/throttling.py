"""
Rate limits of the REST API and the JSON parser with a depth limit its views share.

Throttles are DRF's, counted in the cache (``DCP_RATE_LIMIT_CACHE``, the platform's ``default`` cache: Redis
in Open edX, shared by every process), with rates from settings read at each request:

* ``DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS`` (default ``"10/hour"``), per user: each request emails a person;
* ``DCP_RATE_LIMIT_NOMINATIONS`` (default ``"20/hour"``), per user: creating nominations;
* ``DCP_RATE_LIMIT_PUBLIC`` (default ``"120/minute"``), per client IP (DRF's ``NUM_PROXIES`` decides which
  address of ``X-Forwarded-For`` counts): every anonymous public endpoint together (directory, badges,
  verification, keys, status lists, dashboard).

A rate of ``None`` turns that limit off. A throttled request answers 429 with ``Retry-After``. When the cache
is down the request is let through and the failure logged: a rate limit must not take the program down.
"""

import logging

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils import json

from openedx_dcp import safejson

__all__ = [
    "DEFAULT_RATES",
    "EndorsementRequestThrottle",
    "NominationCreationThrottle",
    "PublicEndpointThrottle",
    "DepthLimitedJSONParser",
]

log = logging.getLogger(__name__)

DEFAULT_RATES = {
    "DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS": "10/hour",
    "DCP_RATE_LIMIT_NOMINATIONS": "20/hour",
    "DCP_RATE_LIMIT_PUBLIC": "120/minute",
}


class _DcpThrottle(SimpleRateThrottle):
    """A DRF throttle whose rate is a ``DCP_RATE_LIMIT_*`` setting and whose cache may fail without harm."""

    setting = ""
    methods = frozenset({"POST"})
    per_user = True

    def __init__(self):  # The rate comes from our setting.
        self.cache = caches[getattr(settings, "DCP_RATE_LIMIT_CACHE", "default")]
        self.scope = self.setting.lower()
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)

    def get_rate(self):
        return getattr(settings, self.setting, DEFAULT_RATES[self.setting])

    def get_cache_key(self, request, view):
        if self.per_user and request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view):
        if request.method not in self.methods:
            return True
        try:
            return super().allow_request(request, view)
        except Exception:  # Any cache backend's connection error.
            log.warning("Rate limit %s not applied: the cache is unavailable.", self.setting, exc_info=True)
            return True


class EndorsementRequestThrottle(_DcpThrottle):
    """Endorsement requests per user: each one emails a community member."""

    setting = "DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS"


class NominationCreationThrottle(_DcpThrottle):
    """Nominations created per user (the viewset's other POSTs, consent or submit, are not counted)."""

    setting = "DCP_RATE_LIMIT_NOMINATIONS"

    def allow_request(self, request, view):
        if getattr(view, "action", None) != "create":
            return True
        return super().allow_request(request, view)


class PublicEndpointThrottle(_DcpThrottle):
    """Anonymous public endpoints, every method, per client IP."""

    setting = "DCP_RATE_LIMIT_PUBLIC"
    methods = frozenset({"GET", "HEAD", "POST", "OPTIONS"})
    per_user = False


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser refusing JSON nested deeper than ``DCP_JSON_MAX_DEPTH`` with a 400, never a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return safejson.loads(stream.read().decode(encoding),
                                  parse_constant=json.strict_constant if self.strict else None)
        except safejson.JSONTooDeep as exc:
            raise ParseError(_("The JSON nests deeper than {limit} levels.").format(limit=safejson.max_depth()),
                             code="too_deep") from exc
        except ValueError as exc:
            raise ParseError(_("JSON parse error - {error}").format(error=exc)) from exc
