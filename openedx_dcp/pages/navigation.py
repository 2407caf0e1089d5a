"""
The program's navigation bar: one list, so every page shows the same entries in the same order.

Another area's pages add their entry here (key, label, URL name); an entry's ``visible`` callable, when given,
decides from the user and program whether it shows (keep it free of queries, or one query at most: every page
renders the bar).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openedx_dcp.programs import api as programs_api
from openedx_dcp.review.models import Panelist


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    visible: Callable | None = None


def _sits_on_a_panel(user, program):
    """Whether ``user`` sits on a review panel of ``program`` (one query)."""
    return bool(getattr(user, "pk", None)) and Panelist.objects.filter(user_id=user.pk,
                                                                       cycle__program=program).exists()


def _runs_the_program(user, program):
    """Whether ``user`` is the program's staff (one query): the program report is theirs."""
    return programs_api.is_program_staff(user=user, program=program)


NAVIGATION = [
    NavEntry("home", _("Program"), "dcp:home"),
    NavEntry("nominate", _("Nominate"), "dcp:nominate"),
    NavEntry("mine", _("My nominations"), "dcp:my-nominations"),
    NavEntry("endorse", _("Asked to endorse"), "dcp:endorse-inbox"),
    NavEntry("review", _("My reviews"), "dcp:review-queue", _sits_on_a_panel),
    NavEntry("directory", _("Members"), "dcp:directory"),
    NavEntry("accomplishments", _("Accomplishments"), "dcp:accomplishment-public-list"),
    NavEntry("mentoring", _("My mentoring"), "dcp:my-mentoring", lambda user, program: bool(getattr(user, "pk", None))),
    NavEntry("verify", _("Verify a badge"), "dcp:verify"),
    NavEntry("dashboard", _("Dashboard"), "dcp:dashboard"),
    NavEntry("stories", _("Stories"), "dcp:stories"),
    NavEntry("report", _("Program report"), "dcp:report", _runs_the_program),
    NavEntry("feedback", _("Feedback"), "dcp:feedback", lambda user, program: bool(getattr(user, "pk", None))),
]


def program_navigation(program, user):
    """(key, label, url) of the entries ``user`` sees for ``program``."""
    return [
        (entry.key, entry.label, reverse(entry.url_name, kwargs={"program": program.slug}))
        for entry in NAVIGATION
        if entry.visible is None or entry.visible(user, program)
    ]
