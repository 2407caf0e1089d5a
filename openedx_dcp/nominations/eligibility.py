"""
Who may be nominated and endorsed, and whether a nomination is ready for screening (R6, R7, R8).

Each check returns a list of reasons (empty when the rule is met) so that callers can show every problem at
once, and the workflow's guards turn the reasons into refusals.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.dates import add_years
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.membership.renewal import eligible_again_from
from openedx_dcp.nominations.models import Endorsement
from openedx_dcp.prepared import PreparedQuery
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole

if TYPE_CHECKING:  # names in type hints only
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from openedx_dcp.nominations.models import Nomination

__all__ = [
    "endorsement_counts",
    "endorsement_counts_of",
    "with_endorsement_counts",
    "endorsement_shortfall",
    "eligibility_problems",
    "renomination_problems",
]


# What counts (R6), for ``endorsement_counts_of`` and ``with_endorsement_counts`` alike.
_ACTIVE = Q(withdrawn_at__isnull=True)
_STEWARD = Q(role=CommunityRole.STEWARD_REPRESENTATIVE)


def endorsement_counts_of(*, nominations: Iterable[Nomination]) -> dict:
    """
    ``{nomination id: (all, steward)}``: the active endorsements of each of ``nominations`` (instances or ids),
    and those from steward representatives (R6), in one grouped query whatever their number. The one place
    endorsements are counted: the quorum, the progress bars and the REST lists all read it.
    """
    ids = list(dict.fromkeys(getattr(nomination, "pk", nomination) for nomination in nominations))
    counts = dict.fromkeys(ids, (0, 0))
    counts.update({nomination: (total, steward)
                   for nomination, total, steward in _COUNTS.rows(None, int_lists={"ids": ids})})
    return counts


def _counted(shape, *, ids):
    return (Endorsement.objects.filter(_ACTIVE, nomination_id__in=ids).order_by().values("nomination_id")
            .annotate(total=Count("pk"), steward=Count("pk", filter=_STEWARD))
            .values_list("nomination_id", "total", "steward"))


# Asked by every page that shows nominations' progress: compiled once per number of ids (openedx_dcp.prepared).
_COUNTS = PreparedQuery(_counted)


def with_endorsement_counts(nominations: QuerySet) -> QuerySet:
    """
    ``nominations`` with ``endorsements_active`` and ``endorsements_steward``: the counts of
    ``endorsement_counts_of``, as subqueries of the same query (a list page read in one query, P3).
    """
    def counted(condition):
        rows = (Endorsement.objects.filter(condition, nomination=OuterRef("pk")).order_by().values("nomination")
                .annotate(count=Count("pk")).values("count"))
        return Coalesce(Subquery(rows), 0)

    return nominations.annotate(endorsements_active=counted(_ACTIVE), endorsements_steward=counted(_ACTIVE & _STEWARD))


def endorsement_counts(nomination):
    """``(all, steward)``: the active endorsements of a nomination, and those from steward representatives."""
    return endorsement_counts_of(nominations=[nomination])[nomination.pk]


def endorsement_shortfall(nomination):
    """
    What the nomination still lacks to meet R6, in words; empty when the quorum is met. Thresholds come from
    the rules of the nomination's cycle.
    """
    rules = programs_api.cycle_rules(cycle=nomination.cycle)
    needed, needed_steward = rules.threshold("min_endorsements"), rules.threshold("min_steward_endorsements")
    total, steward = endorsement_counts(nomination)
    problems = []
    if total < needed:
        missing = needed - total
        problems.append(
            ngettext("Nomination needs {missing} more endorsement (has {total} of {needed}).",
                     "Nomination needs {missing} more endorsements (has {total} of {needed}).",
                     missing).format(missing=missing, total=total, needed=needed)
        )
    if steward < needed_steward:
        missing = needed_steward - steward
        problems.append(
            ngettext("Nomination needs {missing} more endorsement from a steward representative.",
                     "Nomination needs {missing} more endorsements from a steward representative.",
                     missing).format(missing=missing)
        )
    return problems


def _nominee_kwargs(nomination):
    if nomination.nominee_organization_id:
        return {"organization": nomination.nominee_organization}
    return {"user": nomination.nominee_user}


def eligibility_problems(nomination):
    """
    R7: at least N years (per program) of active contribution on the track before the cycle's nominations
    close, from recorded signals of the track's qualifying kinds, or a declared first-contribution date backed
    by an evidence link. Impact and community involvement are judged by the panel at screening.
    """
    rules = programs_api.cycle_rules(cycle=nomination.cycle, track=nomination.track)
    years = rules.threshold("min_contribution_years")
    cutoff = add_years(nomination.cycle.nominations_close.date(), -years)
    first = contributions_api.first_activity(
        site=nomination.cycle.program.site, kinds=rules.qualifying_signal_kinds or None,
        **_nominee_kwargs(nomination),
    )
    dates = []
    if first is not None:
        dates.append(first.date())
    if nomination.first_contribution_date and nomination.first_contribution_evidence:
        dates.append(nomination.first_contribution_date)
    if not dates:
        return [
            _("No recorded contribution on the {track} track, and no declared first-contribution date with "
              "evidence.").format(track=nomination.track.name)
        ]
    if min(dates) > cutoff:
        return [
            _("Contributions on the track start on {first:%Y-%m-%d}; at least {years:g} years are required "
              "(on or before {cutoff:%Y-%m-%d}).").format(first=min(dates), years=years, cutoff=cutoff)
        ]
    return []


def renomination_problems(cycle, track, nominee_user=None, nominee_organization=None, today=None):
    """
    R8: a live Distinguished Contributor is renewed, not re-nominated, on their track; a lapsed one may be
    nominated again only after one more year of new contributions.
    """
    today = today or timezone.now().date()
    member = {"user": nominee_user} if nominee_user is not None else {"organization": nominee_organization}
    memberships = Membership.objects.filter(program=cycle.program, track=track, **member)
    if memberships.exclude(state__in=MembershipState.ENDED).exists():
        return [_("The nominee is already a {track}; memberships are renewed, not re-nominated.").format(
            track=track.name)]
    lapsed = memberships.filter(state=MembershipState.LAPSED).order_by("-lapsed_on").first()
    if lapsed is None or lapsed.lapsed_on is None:
        return []
    # The wait and what counts as a new contribution are the rules of the cycle the nominee is nominated in.
    rules = programs_api.cycle_rules(cycle=cycle, track=track)
    wait = rules.threshold("renomination_wait_years")
    lapsed_at = datetime.datetime.combine(lapsed.lapsed_on, datetime.time.min, tzinfo=datetime.UTC)
    first_new = contributions_api.first_activity(
        site=cycle.program.site, kinds=rules.qualifying_signal_kinds or None, since=lapsed_at, **member
    )
    eligible_from = eligible_again_from(first_new, wait)
    if eligible_from is None or eligible_from > today:
        if eligible_from:
            return [_("The nominee's membership lapsed on {lapsed_on:%Y-%m-%d}; a new nomination needs {wait:g} "
                      "more year of new contributions (from {eligible_from:%Y-%m-%d}).").format(
                lapsed_on=lapsed.lapsed_on, wait=wait, eligible_from=eligible_from)]
        return [_("The nominee's membership lapsed on {lapsed_on:%Y-%m-%d}; a new nomination needs {wait:g} more "
                  "year of new contributions.").format(lapsed_on=lapsed.lapsed_on, wait=wait)]
    return []
