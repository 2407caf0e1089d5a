"""The test-only app holding a throwaway workflow subject."""

from django.apps import AppConfig


class EngineTestsConfig(AppConfig):
    """Installed by devhost.test_settings only."""

    name = "tests.engine_app"
    label = "dcp_engine_tests"
    default_auto_field = "django.db.models.BigAutoField"
