"""
Celery tasks of the plugin. Celery's autodiscovery imports this module; each domain keeps its tasks in its
own ``tasks.py`` and is imported here.
"""

from openedx_dcp.contributions import tasks as contributions_tasks  # noqa: F401
from openedx_dcp.credentials import tasks as credentials_tasks  # noqa: F401
from openedx_dcp.membership import tasks as membership_tasks  # noqa: F401
from openedx_dcp.review import tasks as review_tasks  # noqa: F401
