"""
Receivers for Open edX events (openedx-events) and platform signals.

They run inside other people's requests: each one must return quickly for users the program does not track and
must never raise. Importing this package (the app's ``ready``) connects them.
"""

from openedx_dcp.handlers import contributions  # noqa: F401
