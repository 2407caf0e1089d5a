"""
openedx-dcp: a Distinguished Contributor Program for Open edX, as a platform plugin.
"""

__version__ = "0.1.0"
