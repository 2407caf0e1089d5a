"""
Production settings for the plugin: read from ``settings`` (Tutor and the YAML config set them there).
"""


def plugin_settings(settings):
    """
    Keep operator-provided values; fill nothing the common settings already set.
    """
    settings.DCP_PROGRAM_ENABLED = getattr(settings, "DCP_PROGRAM_ENABLED", False)
