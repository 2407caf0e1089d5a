"""
CSV export of a cycle's nominations with their aggregate scores, for program staff (R11, R12, R13).

Only program staff of the cycle's program may export (R1: the cycle is looked up within the request's tenant
by the caller), and a staff member who also sits on the panel gets no row of a nomination they are
conflicted on (R10).
"""

import csv
import io

from django.db.models import Count, Q

from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs import api as programs_api
from openedx_dcp.review import api, conflicts, equity

__all__ = ["HEADER", "FORMULA_PREFIXES", "neutralize", "cycle_rows", "cycle_csv"]

HEADER = [
    "nomination_id", "track", "nominee", "kind", "state", "endorsements", "reviews", "mean_weighted_score",
    "criteria_means", "organization_size", "assessed_on", "absolute_metrics", "per_employee_metrics",
    "decision", "votes_selected", "votes_not_selected", "votes_abstained", "decision_released",
]


def _metrics_text(values):
    if not values:
        return ""
    return "; ".join(f"{metric}={data['count']}/{data['weight']:g}" for metric, data in sorted(values.items()))


def cycle_rows(cycle, user):
    """The export's rows (lists, in ``HEADER`` order) of ``cycle`` as ``user`` may see them."""
    programs_api.require_program_staff(user=user, program=cycle.program)
    nominations = list(
        Nomination.objects.filter(cycle=cycle)
        .exclude(pk__in=conflicts.hidden_from(user, cycle_ids=[cycle.pk]))
        .select_related("track", "nominee_user", "nominee_organization", "cycle__rules", "cycle__program",
                        "panel_decision")
        .order_by("track__order", "pk")
    )
    scores = api.aggregate_scores(nominations=nominations)
    metrics = equity.partner_metrics_for(nominations)
    endorsements = dict(
        Nomination.objects.filter(pk__in=[n.pk for n in nominations])
        .annotate(active=Count("endorsements", filter=Q(endorsements__withdrawn_at__isnull=True)))
        .values_list("pk", "active")
    )
    rows = []
    for nomination in nominations:
        score = scores[nomination.pk]
        partner = metrics.get(nomination.pk) or {}
        decision = getattr(nomination, "panel_decision", None)
        rows.append([
            nomination.pk, nomination.track.slug, nomination.nominee_display, nomination.kind, nomination.state,
            endorsements.get(nomination.pk, 0), score["reviews"],
            "" if score["mean"] is None else f"{score['mean']:.2f}",
            "; ".join(f"{key}={value:g}" for key, value in sorted(score["criteria"].items())),
            partner.get("organization_size") or "", partner.get("assessed_on", ""),
            _metrics_text(partner.get("absolute")), _metrics_text(partner.get("per_employee")),
            decision.outcome if decision else "",
            decision.votes_selected if decision else "", decision.votes_not_selected if decision else "",
            decision.votes_abstained if decision else "",
            decision.released_at.isoformat() if decision and decision.released_at else "",
        ])
    return rows


# What a spreadsheet reads as the start of a formula (OWASP "CSV Injection"): =, +, -, @, tab, carriage return.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value):
    """
    ``value`` as a CSV cell a spreadsheet shows as text: a text cell that begins like a formula gets a leading
    single quote, as OWASP advises; numbers stay numbers (a negative number is a value, not a formula).
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cycle_csv(cycle, user):
    """The export as CSV text; cells written by people (nominee names, ...) cannot run as formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows([neutralize(cell) for cell in row] for row in cycle_rows(cycle, user))
    return buffer.getvalue()
