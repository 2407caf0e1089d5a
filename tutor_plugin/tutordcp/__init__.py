"""Tutor plugin that deploys openedx-dcp, the Distinguished Contributor Program, on an Open edX platform."""
