"""
JSON from outside (request bodies, the payload of a token someone asks us to verify) read with a depth limit.

Python's ``json`` recurses once per nesting level: ten thousand ``[`` raise ``RecursionError``, which no caller
expects, so a crafted body answered 500. ``loads`` counts the nesting first, in one pass that skips strings,
and refuses anything deeper than ``DCP_JSON_MAX_DEPTH`` (default 32; the plugin's own documents nest 5 deep)
with ``JSONTooDeep``, a ``ValueError`` like every other malformed JSON.
"""

import json
import re

from django.conf import settings

__all__ = ["JSONTooDeep", "max_depth", "nesting_depth", "loads"]

# A JSON string (skipped whole, so brackets inside it do not count) or a bracket.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class JSONTooDeep(ValueError):
    """The JSON nests deeper than allowed."""


def max_depth() -> int:
    """The deepest nesting accepted (``DCP_JSON_MAX_DEPTH``)."""
    return int(getattr(settings, "DCP_JSON_MAX_DEPTH", 32))


def nesting_depth(text: str, *, limit: int | None = None) -> int:
    """
    The deepest nesting of arrays and objects in ``text``; stops counting as soon as ``limit`` is passed.
    Malformed text is not diagnosed here (``json`` does that); only its brackets are counted.
    """
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if limit is not None and deepest > limit:
                    return deepest
        elif token in "]}":
            depth -= 1
    return deepest


def loads(text, *, limit: int | None = None, **options):
    """
    ``json.loads(text, **options)`` refusing more than ``limit`` (``DCP_JSON_MAX_DEPTH``) levels with
    ``JSONTooDeep``.
    """
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8")
    limit = max_depth() if limit is None else limit
    if nesting_depth(text, limit=limit) > limit:
        raise JSONTooDeep(f"The JSON nests deeper than {limit} levels.")
    try:
        return json.loads(text, **options)
    except RecursionError as exc:  # a limit set above what the interpreter can parse
        raise JSONTooDeep(f"The JSON nests deeper than {limit} levels.") from exc
