"""
Settings every Open edX environment gets from this plugin.

Each value can be overridden by the operator (Tutor writes ``DCP_*`` values into the LMS settings).
"""

import datetime


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
    settings.DCP_DEFAULT_PROGRAM_NAME = getattr(
        settings, "DCP_DEFAULT_PROGRAM_NAME", "Distinguished Contributor Program"
    )
    settings.DCP_DEFAULT_PROGRAM_SLUG = getattr(settings, "DCP_DEFAULT_PROGRAM_SLUG", "dcp")
    # Address emails to nominees, endorsers and panelists come from.
    settings.DCP_FROM_EMAIL = getattr(settings, "DCP_FROM_EMAIL", getattr(settings, "DEFAULT_FROM_EMAIL", None))
    # Seconds the set of tracked users stays cached in a process (receivers read it on every event).
    settings.DCP_TRACKED_USERS_CACHE_SECONDS = getattr(settings, "DCP_TRACKED_USERS_CACHE_SECONDS", 300)
    # Open Badges credentials (docs/credentials.md): signing keys per "<site domain>/<program slug>".
    settings.DCP_CREDENTIAL_KEYS = getattr(settings, "DCP_CREDENTIAL_KEYS", {})
    # The site's public base URL: every URL the plugin hands out (API answers, credential ids, keys, status
    # lists, did:web, emails) is built on it, never on a request's Host (openedx_dcp.tenancy.public_base_url,
    # ADR 0017). None: the LMS's own LMS_ROOT_URL, read when a URL is built (the platform's production settings
    # set it after the plugins' settings ran). Other tenants keep its scheme on their own domain.
    settings.DCP_PUBLIC_BASE_URL = getattr(settings, "DCP_PUBLIC_BASE_URL", None)
    # Hours between two runs of the membership sweep (R14–R16) by Celery beat; the sweep is idempotent, so
    # running it more often than daily only makes moves happen earlier in their day.
    settings.DCP_MEMBERSHIP_SWEEP_INTERVAL_HOURS = getattr(settings, "DCP_MEMBERSHIP_SWEEP_INTERVAL_HOURS", 6)
    # Seconds between two reads of the shared version of that set: processes converge within this delay.
    settings.DCP_TRACKED_USERS_CHECK_SECONDS = getattr(settings, "DCP_TRACKED_USERS_CHECK_SECONDS", 10)
    # Minutes between two runs of the announcement sweep (R4, R11) by Celery beat: approved cycles whose
    # announcement date has come get their decisions released and their cohort announced.
    settings.DCP_ANNOUNCEMENT_SWEEP_INTERVAL_MINUTES = getattr(
        settings, "DCP_ANNOUNCEMENT_SWEEP_INTERVAL_MINUTES", 60
    )
    # The outbox (docs/decisions/0010-outbox.rst): seconds between two drains by Celery beat (messages the broker
    # lost or whose delivery failed), the first retry delay of a failed delivery (doubled at each attempt) and
    # its ceiling.
    settings.DCP_OUTBOX_DRAIN_INTERVAL_SECONDS = getattr(settings, "DCP_OUTBOX_DRAIN_INTERVAL_SECONDS", 60)
    settings.DCP_OUTBOX_RETRY_SECONDS = getattr(settings, "DCP_OUTBOX_RETRY_SECONDS", 60)
    settings.DCP_OUTBOX_RETRY_MAX_SECONDS = getattr(settings, "DCP_OUTBOX_RETRY_MAX_SECONDS", 3600)
    # Minutes between two reconciliations of credentials with memberships (revoke those of ended memberships,
    # issue the missing ones).
    settings.DCP_CREDENTIALS_RECONCILE_INTERVAL_MINUTES = getattr(
        settings, "DCP_CREDENTIALS_RECONCILE_INTERVAL_MINUTES", 60
    )
    # How often the daily signal rollups the dashboard reads are refreshed (contributions.rollups): the
    # dashboard's signal figures lag new signals by at most this.
    settings.DCP_SIGNAL_ROLLUP_INTERVAL_MINUTES = getattr(settings, "DCP_SIGNAL_ROLLUP_INTERVAL_MINUTES", 15)
    # Rate limits of the REST API (openedx_dcp.api.v1.throttling, docs/api.md): "<n>/<second|minute|hour|day>"
    # or None for no limit, counted in the cache DCP_RATE_LIMIT_CACHE; endorsement requests and nominations per
    # user, the anonymous public endpoints per client IP. And the deepest JSON nesting a request may carry.
    settings.DCP_RATE_LIMIT_CACHE = getattr(settings, "DCP_RATE_LIMIT_CACHE", "default")
    settings.DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS = getattr(settings, "DCP_RATE_LIMIT_ENDORSEMENT_REQUESTS",
                                                           "10/hour")
    settings.DCP_RATE_LIMIT_NOMINATIONS = getattr(settings, "DCP_RATE_LIMIT_NOMINATIONS", "20/hour")
    settings.DCP_RATE_LIMIT_PUBLIC = getattr(settings, "DCP_RATE_LIMIT_PUBLIC", "120/minute")
    settings.DCP_JSON_MAX_DEPTH = getattr(settings, "DCP_JSON_MAX_DEPTH", 32)
    # How long a process keeps the tenant (Django site) of a host it answered (openedx_dcp.tenancy, ADR 0027):
    # a site saved or deleted in the process is forgotten at once, in the others after at most this; 0 reads
    # the site on every request.
    settings.DCP_SITE_CACHE_SECONDS = getattr(settings, "DCP_SITE_CACHE_SECONDS", 60)
    # A list's count is kept in the cache DCP_COUNT_CACHE until a plugin table it reads is written, at most
    # DCP_COUNT_CACHE_SECONDS (0: count every time; openedx_dcp.counts, ADR 0029).
    settings.DCP_COUNT_CACHE = getattr(settings, "DCP_COUNT_CACHE", "default")
    settings.DCP_COUNT_CACHE_SECONDS = getattr(settings, "DCP_COUNT_CACHE_SECONDS", 300)
    # edx-platform's Celery app reads the old-style ``CELERYBEAT_SCHEDULE``; operators' own entries win.
    beat = dict(getattr(settings, "CELERYBEAT_SCHEDULE", None) or {})
    beat.setdefault("dcp-membership-sweep", {
        "task": "openedx_dcp.membership.tasks.sweep_memberships",
        "schedule": datetime.timedelta(hours=settings.DCP_MEMBERSHIP_SWEEP_INTERVAL_HOURS),
    })
    beat.setdefault("dcp-announce-cohorts", {
        "task": "openedx_dcp.review.announce_due_cohorts",
        "schedule": datetime.timedelta(minutes=settings.DCP_ANNOUNCEMENT_SWEEP_INTERVAL_MINUTES),
    })
    beat.setdefault("dcp-outbox-drain", {
        "task": "openedx_dcp.outbox.drain",
        "schedule": datetime.timedelta(seconds=settings.DCP_OUTBOX_DRAIN_INTERVAL_SECONDS),
    })
    beat.setdefault("dcp-credentials-reconcile", {
        "task": "openedx_dcp.credentials.reconcile_credentials",
        "schedule": datetime.timedelta(minutes=settings.DCP_CREDENTIALS_RECONCILE_INTERVAL_MINUTES),
    })
    beat.setdefault("dcp-signal-rollups", {
        "task": "openedx_dcp.contributions.refresh_signal_rollups",
        "schedule": datetime.timedelta(minutes=settings.DCP_SIGNAL_ROLLUP_INTERVAL_MINUTES),
    })
    settings.CELERYBEAT_SCHEDULE = beat
    # The people's pages (docs/pages.md): the Django template they extend for the page chrome. In the LMS set it
    # to "main_django.html" so the pages get the LMS's header and footer; unset, the plugin's own chrome.
    settings.DCP_BASE_TEMPLATE = getattr(settings, "DCP_BASE_TEMPLATE", "openedx_dcp/pages/chrome.html")
    # Whether the pages link Paragon's compiled CSS shipped with the plugin (set False when the chrome already
    # loads Paragon, e.g. a theme built on it).
    settings.DCP_PAGES_LOAD_PARAGON = getattr(settings, "DCP_PAGES_LOAD_PARAGON", True)
    # The API's OpenAPI document names these choice sets itself (several models have a "kind" or a "state"):
    # drf-spectacular would otherwise name them by a hash (``Kind96cEnum``), which generated clients inherit.
    spectacular = dict(getattr(settings, "SPECTACULAR_SETTINGS", None) or {})
    spectacular["ENUM_NAME_OVERRIDES"] = {
        "EngagementKindEnum": "openedx_dcp.membership.models.EngagementKind",
        "FeedbackRoundStateEnum": "openedx_dcp.engagement.feedback.models.RoundState",
        **(spectacular.get("ENUM_NAME_OVERRIDES") or {}),
    }
    settings.SPECTACULAR_SETTINGS = spectacular
