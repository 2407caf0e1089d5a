"""
Feature toggles for the Distinguished Contributor Program.
"""

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


def program_enabled():
    """
    Return whether the program is switched on for this deployment.
    """
    return DCP_PROGRAM_ENABLED.is_enabled()
