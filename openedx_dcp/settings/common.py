"""
Settings every Open edX environment gets from this plugin.

Each value can be overridden by the operator (Tutor writes ``DCP_*`` values into the LMS settings).
"""


def plugin_settings(settings):
    """
    Apply the plugin's defaults to the platform's settings object.
    """
    # drf-spectacular renders the API's schema docs page from its own templates.
    for app in ("drf_spectacular", "drf_spectacular_sidecar"):
        if app not in settings.INSTALLED_APPS:
            settings.INSTALLED_APPS.append(app)
    # Master switch, read by openedx_dcp.toggles.DCP_PROGRAM_ENABLED.
    settings.DCP_PROGRAM_ENABLED = getattr(settings, "DCP_PROGRAM_ENABLED", False)
    # Name and slug of the program the init task creates for the LMS site.
    settings.DCP_DEFAULT_PROGRAM_NAME = getattr(settings, "DCP_DEFAULT_PROGRAM_NAME", "Distinguished Contributor Program")
    settings.DCP_DEFAULT_PROGRAM_SLUG = getattr(settings, "DCP_DEFAULT_PROGRAM_SLUG", "dcp")
    # Address emails to nominees, endorsers and panelists come from.
    settings.DCP_FROM_EMAIL = getattr(settings, "DCP_FROM_EMAIL", getattr(settings, "DEFAULT_FROM_EMAIL", None))
    # Seconds the set of tracked users stays cached in a process (receivers read it on every event).
    settings.DCP_TRACKED_USERS_CACHE_SECONDS = getattr(settings, "DCP_TRACKED_USERS_CACHE_SECONDS", 300)
    # Open Badges credentials (docs/credentials.md): signing keys per "<site domain>/<program slug>", and the
    # scheme of the public URLs (credential ids, issuer, keys, status lists) built on each tenant's domain.
    settings.DCP_CREDENTIAL_KEYS = getattr(settings, "DCP_CREDENTIAL_KEYS", {})
    settings.DCP_PUBLIC_SCHEME = getattr(settings, "DCP_PUBLIC_SCHEME", "https")
