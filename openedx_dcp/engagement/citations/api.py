"""
Contributors who cite the program as what motivated them (KR 5.2).

A person says it on the program's pages (``record_citation`` with ``source="page"``), in a feedback round (the
feedback package calls ``record_citation`` with ``source="feedback"``), or staff record it; an external source
can also send it with the contribution signals (``dcp_import_signals``, the signals API) as a signal of the kind
``program_citation`` (``CITATION_SIGNAL_KIND``). The dashboard counts distinct people across both, the signals
read from the daily rollups so that its cost does not grow with the signals table (P4).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp.contributions.models import ContributionSignal, SignalDayCount
from openedx_dcp.engagement.citations.models import Citation, CitationSource
from openedx_dcp.exceptions import ValidationFailed
from openedx_dcp.programs import api as programs_api

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import User

    from openedx_dcp.programs.models import Program

__all__ = ["record_citation", "citation_of", "citations_for_staff", "citations_of_user", "citing_people", "retire_user",
           "CITATION_SIGNAL_KIND", "CitationSource"]

# The contribution signal kind an import uses to say "this person cites the program" (docs/engagement.md).
CITATION_SIGNAL_KIND = "program_citation"


@transaction.atomic
def record_citation(*, program: Program, user: User, source: str = CitationSource.PAGE, statement: str = "",
                    actor: User | None = None, cited_at: datetime.datetime | None = None) -> Citation:
    """
    Record that ``user`` says ``program`` motivated them (KR 5.2), dated ``cited_at`` (now by default). Once per
    person and source: a second call changes the statement (when one is given) and keeps the first date.
    ``actor`` is who records it: the person themselves, or program staff (``source="staff"`` needs staff).
    """
    if not getattr(user, "is_authenticated", False):
        raise ValidationFailed(_("Sign in to tell us the program motivated you."), code="not_authenticated")
    if source not in CitationSource.values:
        raise ValidationFailed(_("Unknown source of a citation."), field="source")
    actor = actor or user
    if source == CitationSource.STAFF or actor.pk != user.pk:
        programs_api.require_program_staff(user=actor, program=program)
    statement = (statement or "").strip()
    if len(statement) > 2000:
        raise ValidationFailed(_("Keep it to 2,000 characters."), field="statement")
    existing = Citation.objects.select_for_update().filter(program=program, user=user, source=source).first()
    if existing is not None:
        if statement and statement != existing.statement:
            existing.statement = statement
            existing.save(update_fields=["statement"])
        return existing
    try:
        with transaction.atomic():
            return Citation.objects.create(program=program, user=user, source=source, statement=statement,
                                           cited_at=cited_at or timezone.now(), recorded_by=actor)
    except IntegrityError:  # the same person's second click won the race: theirs is the one
        return Citation.objects.get(program=program, user=user, source=source)


def citation_of(program: Program, user) -> Citation | None:
    """``user``'s own citation of ``program`` on its pages, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Citation.objects.filter(program=program, user=user, source=CitationSource.PAGE).first()


def citations_for_staff(user, site) -> QuerySet:
    """The citations of the programs of ``site`` that ``user`` runs (R1), newest first."""
    return (Citation.objects.filter(program_id__in=programs_api.staff_program_ids(user=user, site=site))
            .select_related("program", "user").order_by("-cited_at", "-id"))


def citations_of_user(user, site) -> QuerySet:
    """``user``'s own citations of the programs of ``site``."""
    return (Citation.objects.filter(program__site=site, user=user).select_related("program", "user")
            .order_by("-cited_at", "-id"))


def citing_people(program: Program, *, since=None, until=None) -> int:
    """
    How many distinct people cite ``program`` (KR 5.2): its citations, and the ``program_citation`` signals of
    its tenant counted by the daily rollups. Two queries.
    """
    citations = Citation.objects.filter(program=program)
    signals = SignalDayCount.objects.filter(site_id=program.site_id, kind=CITATION_SIGNAL_KIND, user__isnull=False)
    if since is not None:
        citations = citations.filter(cited_at__gte=since)
        signals = signals.filter(day__gte=since.date() if isinstance(since, datetime.datetime) else since)
    if until is not None:
        citations = citations.filter(cited_at__lt=until)
        signals = signals.filter(day__lt=until.date() if isinstance(until, datetime.datetime) else until)
    people = set(citations.values_list("user_id", flat=True).distinct())
    people.update(signals.values_list("user_id", flat=True).distinct())
    return len(people)


def retire_user(user) -> int:
    """Delete ``user``'s citations and their ``program_citation`` signals and rollups (retirement)."""
    deleted, _rows = Citation.objects.filter(user=user).delete()
    ContributionSignal.objects.filter(user=user, kind=CITATION_SIGNAL_KIND).delete()
    SignalDayCount.objects.filter(user=user, kind=CITATION_SIGNAL_KIND).delete()
    return deleted
