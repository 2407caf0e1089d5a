"""
Settings for running the plugin inside edx-platform's test settings.
"""


def plugin_settings(settings):
    """
    Switch the program on for tests.
    """
    settings.DCP_PROGRAM_ENABLED = True
