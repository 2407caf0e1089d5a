"""
Settings every Open edX environment gets from this plugin.

Each value can be overridden by the operator (Tutor writes ``DCP_*`` values into the LMS settings).
"""


def plugin_settings(settings):
    """
    Apply the plugin's defaults to the platform's settings object.
    """
    # Master switch, read by openedx_dcp.toggles.DCP_PROGRAM_ENABLED.
    settings.DCP_PROGRAM_ENABLED = getattr(settings, "DCP_PROGRAM_ENABLED", False)
    # Name and slug of the program the init task creates for the LMS site.
    settings.DCP_DEFAULT_PROGRAM_NAME = getattr(
        settings, "DCP_DEFAULT_PROGRAM_NAME", "Distinguished Contributor Program"
    )
    settings.DCP_DEFAULT_PROGRAM_SLUG = getattr(settings, "DCP_DEFAULT_PROGRAM_SLUG", "dcp")
    # Address emails to nominees, endorsers and panelists come from.
    settings.DCP_FROM_EMAIL = getattr(settings, "DCP_FROM_EMAIL", getattr(settings, "DEFAULT_FROM_EMAIL", None))
    # Seconds the set of tracked users stays cached in a process (receivers read it on every event).
    settings.DCP_TRACKED_USERS_CACHE_SECONDS = getattr(settings, "DCP_TRACKED_USERS_CACHE_SECONDS", 300)
