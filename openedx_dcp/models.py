"""
The plugin's models, gathered so Django finds them; each lives in its domain package.
"""

from openedx_dcp.audit.models import *  # noqa: F401,F403
from openedx_dcp.contributions.models import *  # noqa: F401,F403
from openedx_dcp.credentials.models import *  # noqa: F401,F403
from openedx_dcp.dashboard.models import *  # noqa: F401,F403
from openedx_dcp.engagement.citations.models import *  # noqa: F401,F403
from openedx_dcp.engagement.feedback.models import *  # noqa: F401,F403
from openedx_dcp.engagement.intake.models import *  # noqa: F401,F403
from openedx_dcp.engagement.mentoring.models import *  # noqa: F401,F403
from openedx_dcp.engagement.stories.models import *  # noqa: F401,F403
from openedx_dcp.membership.models import *  # noqa: F401,F403
from openedx_dcp.nominations.models import *  # noqa: F401,F403
from openedx_dcp.outbox.models import *  # noqa: F401,F403
from openedx_dcp.programs.models import *  # noqa: F401,F403
from openedx_dcp.review.models import *  # noqa: F401,F403
