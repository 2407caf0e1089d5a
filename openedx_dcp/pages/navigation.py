"""
The program's navigation bar: one list, so every page shows the same entries in the same order.

Another area's pages add their entry here (key, label, URL name); an entry's ``visible`` callable, when given,
decides from the user, the program and the request's ``viewer_cycles`` (None when not read) whether it shows
(keep it free of queries, or one query at most: every page renders the bar).
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


def _program_cycles(cycles, program, ids):
    return any(cycles.programs.get(cycle) == program.pk for cycle in ids)


def _sits_on_a_panel(user, program, cycles=None):
    """
    Whether ``user`` sits on a review panel of ``program``: read from the request's ``cycles``
    (``review.api.viewer_cycles``) when the page has them, else one query.
    """
    if cycles is not None and cycles.seats is not None:
        return _program_cycles(cycles, program, cycles.seats)
    return bool(getattr(user, "pk", None)) and Panelist.objects.filter(user_id=user.pk,
                                                                       cycle__program=program).exists()


def _runs_the_program(user, program, cycles=None):
    """
    Whether ``user`` is the program's staff (the program report is theirs): read from the request's ``cycles``
    when the program has a cycle there, else one query.
    """
    if cycles is not None and program.pk in cycles.programs.values():
        return _program_cycles(cycles, program, cycles.staff)
    return programs_api.is_program_staff(user=user, program=program)


def _signed_in(user, program, cycles=None):
    return bool(getattr(user, "pk", None))


NAVIGATION = [
    NavEntry("home", _("Program"), "dcp:home"),
    NavEntry("nominate", _("Nominate"), "dcp:nominate"),
    NavEntry("mine", _("My nominations"), "dcp:my-nominations"),
    NavEntry("endorse", _("Asked to endorse"), "dcp:endorse-inbox"),
    NavEntry("review", _("My reviews"), "dcp:review-queue", _sits_on_a_panel),
    NavEntry("directory", _("Members"), "dcp:directory"),
    NavEntry("accomplishments", _("Accomplishments"), "dcp:accomplishment-public-list"),
    NavEntry("mentoring", _("My mentoring"), "dcp:my-mentoring", _signed_in),
    NavEntry("verify", _("Verify a badge"), "dcp:verify"),
    NavEntry("dashboard", _("Dashboard"), "dcp:dashboard"),
    NavEntry("stories", _("Stories"), "dcp:stories"),
    NavEntry("report", _("Program report"), "dcp:report", _runs_the_program),
    NavEntry("feedback", _("Feedback"), "dcp:feedback", _signed_in),
]


def program_navigation(program, user, cycles=None):
    """
    (key, label, url) of the entries ``user`` sees for ``program``; ``cycles`` is the request's
    ``review.api.viewer_cycles`` when the page read it (then the entries ask no query).
    """
    return [
        (entry.key, entry.label, reverse(entry.url_name, kwargs={"program": program.slug}))
        for entry in NAVIGATION
        if entry.visible is None or entry.visible(user, program, cycles)
    ]
