"""
Feature toggles for the Distinguished Contributor Program.
"""

from django.core.signals import setting_changed
from django.dispatch import receiver
from edx_toggles.toggles import SettingToggle

# .. toggle_name: DCP_PROGRAM_ENABLED
# .. toggle_implementation: SettingToggle
# .. toggle_default: False
# .. toggle_description: Switches the Distinguished Contributor Program on: its REST API answers, nominations and
#   endorsements are accepted and the event receivers record contribution signals. When off, the API answers 404
#   and receivers return at once.
# .. toggle_use_cases: open_edx
# .. toggle_creation_date: 2026-11-23
DCP_PROGRAM_ENABLED = SettingToggle("DCP_PROGRAM_ENABLED", default=False, module_name=__name__)


_program_enabled = None  # the toggle's value, read once: Django settings do not change while a process runs


def program_enabled():
    """
    Return whether the program is switched on for this deployment.

    Every event receiver asks this first, so it is kept in a module variable: ``DCP_PROGRAM_ENABLED.is_enabled()``
    costs about 0.4 µs on Django 5 (every attribute of the lazy settings object passes through
    ``LazyObject.__getattribute__``), a sixth of the receiver's whole budget for an untracked user (P1).
    Overriding the setting (``override_settings``, pytest-django's ``settings``) forgets the kept value.
    """
    global _program_enabled
    if _program_enabled is None:
        _program_enabled = DCP_PROGRAM_ENABLED.is_enabled()
    return _program_enabled


@receiver(setting_changed)
def _forget_program_enabled(setting, **kwargs):
    global _program_enabled
    if setting == DCP_PROGRAM_ENABLED.name:
        _program_enabled = None
