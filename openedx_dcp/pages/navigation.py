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


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    visible: Callable | None = None


NAVIGATION = [
    NavEntry("home", _("Program"), "dcp:home"),
    NavEntry("nominate", _("Nominate"), "dcp:nominate"),
    NavEntry("mine", _("My nominations"), "dcp:my-nominations"),
    NavEntry("endorse", _("Asked to endorse"), "dcp:endorse-inbox"),
]


def program_navigation(program, user):
    """(key, label, url) of the entries ``user`` sees for ``program``."""
    return [
        (entry.key, entry.label, reverse(entry.url_name, kwargs={"program": program.slug}))
        for entry in NAVIGATION
        if entry.visible is None or entry.visible(user, program)
    ]
