"""
Django admin of the plugin: each domain package registers its own models.
"""

from openedx_dcp.contributions import admin as contributions_admin  # noqa: F401
from openedx_dcp.credentials import admin as credentials_admin  # noqa: F401
from openedx_dcp.dashboard import admin as dashboard_admin  # noqa: F401
from openedx_dcp.engagement.citations import admin as citations_admin  # noqa: F401
from openedx_dcp.engagement.feedback import admin as feedback_admin  # noqa: F401
from openedx_dcp.engagement.intake import admin as intake_admin  # noqa: F401
from openedx_dcp.engagement.mentoring import admin as mentoring_admin  # noqa: F401
from openedx_dcp.engagement.stories import admin as stories_admin  # noqa: F401
from openedx_dcp.membership import admin as membership_admin  # noqa: F401
from openedx_dcp.nominations import admin as nominations_admin  # noqa: F401
from openedx_dcp.programs import admin as programs_admin  # noqa: F401
from openedx_dcp.review import admin as review_admin  # noqa: F401
from openedx_dcp.review import admin_desk as review_desk_admin  # noqa: F401
