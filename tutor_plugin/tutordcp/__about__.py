"""Version of the tutor-dcp plugin (not of openedx-dcp, which ``DCP_VERSION`` selects)."""

__version__ = "0.1.0"
