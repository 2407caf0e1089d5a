"""
Renewal criteria and the evidence that backs them (R14, R16), read by the membership workflow's guards, the
REST API and admin.

A term is judged on the rules version in force when it began (``MembershipTerm.rules``): the track's
``renewal_criteria`` there (``{"narrative", "signal_kinds", "min_signals"}``) say which contribution signals
count and how many are needed. Partners are judged in proportion to their size (R14, R13): an organization
needs ``min_signals`` for every started ``partner_large_size`` employees, so a 600-person partner shows three
times the evidence of a 40-person one.
"""

import calendar
import datetime
import math
from dataclasses import dataclass

from django.utils.translation import ngettext

from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.dates import add_years
from openedx_dcp.prepared import PreparedQuery, columns_of, instance_of
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import ProgramRules

__all__ = [
    "RenewalRequirement",
    "add_months",
    "term_rules",
    "renewal_requirement",
    "evidence_window",
    "renewal_evidence",
    "evidence_shortfall",
    "lifetime_chain_start",
    "lifetime_milestone_reached",
    "eligible_again_from",
]


@dataclass(frozen=True)
class RenewalRequirement:
    """What a membership must show to be renewed: the narrative, the signal kinds that count and how many."""

    narrative: str
    signal_kinds: tuple
    required: int


def add_months(day, months):
    """``day`` moved by ``months`` calendar months (31 August + 6 months is 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# The rules version of a membership's term (a prepared read, ADR 0027: a member's evidence asks it each time).
# The term's number is the shape, not a prepared id: a small integer field compiles an id out of its range (the
# sentinels) as no row at all.
_RULES_COLUMNS = columns_of(ProgramRules)
_TERM_RULES = PreparedQuery(lambda number, membership: ProgramRules.objects.filter(
    membership_terms__membership_id=membership, membership_terms__number=number,
).order_by("membership_terms__pk").values(*_RULES_COLUMNS)[:1])


def term_rules(membership):
    """The rules version the membership's current term is judged on (the program's current one as fallback)."""
    rows = _TERM_RULES.rows(membership.term_number, ints={"membership": membership.pk})
    return instance_of(ProgramRules, rows[0], _RULES_COLUMNS) if rows else membership.program.current_rules


def renewal_requirement(membership, rules=None):
    """The renewal criteria of the membership's track in its term's rules, scaled by size for organizations."""
    rules = rules or term_rules(membership)
    criteria = programs_api.version_rules(version=rules, track=membership.track).renewal_criteria
    required = int(criteria.get("min_signals", 1))
    if membership.organization_id:
        size = membership.organization.size or 0
        required *= max(1, math.ceil(size / rules.threshold("partner_large_size")))
    return RenewalRequirement(
        narrative=criteria.get("narrative", ""),
        signal_kinds=tuple(criteria.get("signal_kinds") or ()),
        required=required,
    )


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def evidence_window(membership, today):
    """``(since, until)``: from the current term's first day to the end of ``today`` (grace included)."""
    return _midnight(membership.term_start), _midnight(today + datetime.timedelta(days=1))


def renewal_evidence(membership, today, requirement=None):
    """The member's contribution signals that count for the current term's renewal, up to ``today``."""
    requirement = requirement or renewal_requirement(membership)
    since, until = evidence_window(membership, today)
    member = {"organization": membership.organization} if membership.organization_id else {"user": membership.user}
    return contributions_api.signals_of(
        site=membership.program.site, kinds=requirement.signal_kinds or None, since=since, until=until, **member
    )


def evidence_shortfall(membership, today):
    """What the member still lacks to meet the renewal criteria (R14), in words; empty when they are met."""
    requirement = renewal_requirement(membership)
    count = renewal_evidence(membership, today, requirement).count()
    if count >= requirement.required:
        return []
    kinds = ", ".join(requirement.signal_kinds) or "any kind"
    missing = requirement.required - count
    return [(
        ngettext(
            "Renewal needs {missing} more contribution of {kinds} since {term_start:%Y-%m-%d} "
            "(has {count} of {required}).",
            "Renewal needs {missing} more contributions of {kinds} since {term_start:%Y-%m-%d} "
            "(has {count} of {required}).",
            missing,
        ).format(missing=missing, kinds=kinds, term_start=membership.term_start, count=count,
                 required=requirement.required)
    )]


def lifetime_chain_start(terms):
    """
    The first day of the member's latest unbroken run of terms renewed on their own merits (criteria met at
    the review, not in grace), given the membership's terms; None when the latest term was not so renewed.
    """
    start = None
    for term in sorted(terms, key=lambda t: t.number, reverse=True):
        if term.outcome in ("renewed", "lifetime") and not term.renewed_in_grace:
            start = term.start
        else:
            break
    return start


def lifetime_milestone_reached(membership, on, rules=None):
    """
    R16: lifetime status is due on ``on`` when the unbroken run of renewed terms started at least
    ``lifetime_years`` (per program) before it. With the defaults (2-year terms, 4 years) that is two
    consecutive terms whose renewal criteria were met.
    """
    rules = rules or term_rules(membership)
    start = lifetime_chain_start(membership.terms.all())
    return start is not None and add_years(start, rules.threshold("lifetime_years")) <= on


def eligible_again_from(first_new_contribution, wait_years):
    """
    R8: the day a lapsed member may be nominated again, ``wait_years`` after their first new contribution
    since the lapse (a date or datetime), or None while they have made none.
    """
    if first_new_contribution is None:
        return None
    if isinstance(first_new_contribution, datetime.datetime):
        first_new_contribution = first_new_contribution.date()
    return add_years(first_new_contribution, wait_years)
