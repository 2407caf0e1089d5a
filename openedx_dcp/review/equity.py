"""
Partner equity (R13): large partners are assessed on absolute metrics, small ones on metrics per employee,
and a partner qualifies through technical OR financial/infrastructure contributions.

The metrics are computed from the organization's contribution signals (R21) in the years before the cycle's
nominations closed (the cycle's ``min_contribution_years``). Every partner nomination carries both sets;
reviewers are shown the one that applies (``partner_large_size`` of the cycle's rules), staff and the export
see both.
"""

from collections import defaultdict

from django.db.models import Count, Q, Sum

from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.dates import add_years
from openedx_dcp.programs import api as programs_api

__all__ = ["METRIC_KINDS", "partner_metrics", "partner_metrics_for", "qualification_problems", "for_reviewer"]

# Which signal kinds feed which metric. Technical and financial/infrastructure are the two ways to qualify.
METRIC_KINDS = {
    "technical": ("code_contribution",),
    "financial": ("financial_contribution", "infrastructure"),
    "governance": ("governance", "working_group"),
}
_KIND_TO_METRIC = {kind: metric for metric, kinds in METRIC_KINDS.items() for kind in kinds}
ABSOLUTE = "absolute"
PER_EMPLOYEE = "per_employee"


def _window(cycle):
    end = cycle.nominations_close
    return add_years(end, -programs_api.cycle_rules(cycle=cycle).threshold("min_contribution_years")), end


def _empty():
    return {metric: {"count": 0, "weight": 0.0} for metric in METRIC_KINDS}


def _assemble(nomination, absolute):
    # R13: the size is the organization's record, which only program staff change (audited); a nominator
    # cannot move their own nomination onto per-employee metrics.
    size = nomination.nominee_organization.size
    large = programs_api.cycle_rules(cycle=nomination.cycle).threshold("partner_large_size")
    per_employee = None
    if size:
        per_employee = {
            metric: {"count": round(values["count"] / size, 4), "weight": round(values["weight"] / size, 4)}
            for metric, values in absolute.items()
        }
    return {
        "organization_size": size,
        "large_partner_size": large,
        "assessed_on": ABSOLUTE if (size is None or size >= large) else PER_EMPLOYEE,
        "absolute": absolute,
        "per_employee": per_employee,
    }


def partner_metrics_for(nominations):
    """
    ``{nomination id: metrics}`` for the organization nominations among ``nominations``, in one query.
    """
    nominations = [n for n in nominations if n.nominee_organization_id]
    if not nominations:
        return {}
    totals = defaultdict(_empty)
    by_cycle = defaultdict(list)
    for nomination in nominations:
        by_cycle[nomination.cycle_id].append(nomination)
    query = None
    for group in by_cycle.values():
        since, until = _window(group[0].cycle)
        clause = Q(
            organization_id__in=[n.nominee_organization_id for n in group],
            occurred_at__gte=since, occurred_at__lt=until,
        )
        query = clause if query is None else query | clause
    site_id = nominations[0].cycle.program.site_id
    rows = (
        ContributionSignal.objects.filter(site_id=site_id, kind__in=list(_KIND_TO_METRIC))
        .filter(query)
        .values("organization_id", "kind")
        .annotate(count=Count("id"), weight=Sum("weight"))
    )
    for row in rows:
        metric = totals[row["organization_id"]][_KIND_TO_METRIC[row["kind"]]]
        metric["count"] += row["count"]
        metric["weight"] += float(row["weight"] or 0)
    return {n.pk: _assemble(n, totals[n.nominee_organization_id]) for n in nominations}


def partner_metrics(nomination):
    """The R13 metrics of one organization nomination (None for a person)."""
    return partner_metrics_for([nomination]).get(nomination.pk)


def for_reviewer(metrics):
    """What a reviewer sees: the size, which basis applies, and only the metrics of that basis (R13)."""
    if metrics is None:
        return None
    basis = metrics["assessed_on"]
    return {
        "organization_size": metrics["organization_size"],
        "assessed_on": basis,
        "metrics": metrics[basis],
    }


def qualification_problems(nomination):
    """
    R13: a partner qualifies through technical OR financial/infrastructure contributions; empty when it does
    (or when the nominee is a person).
    """
    metrics = partner_metrics(nomination)
    if metrics is None:
        return []
    absolute = metrics["absolute"]
    if absolute["technical"]["count"] or absolute["financial"]["count"]:
        return []
    return [
        f"{nomination.nominee_organization.name} has no recorded technical or financial/infrastructure "
        "contribution in the qualifying period; a partner qualifies through one of them."
    ]
