"""
Conflicts of interest (R10), as query conditions so that every list (API, admin, export) hides the same rows.

A panelist is conflicted on a nomination when they are its nominee, its nominator, one of its endorsers
(even a withdrawn one), a member or representative of the nominee organization, or when they declared a
conflict. Those cases are final. Being a colleague of a nominee person (affiliated with the same
organization) is a *suggested* conflict: it counts until program staff clear it with a reason.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation, CommunityRole
from openedx_dcp.review.models import ConflictOfInterest, Panelist

__all__ = [
    "represented_organization_ids", "conflict_condition", "conflicted_ids", "hidden_from", "reasons",
    "panel_conflicts",
]

NOMINEE = "nominee"
NOMINATOR = "nominator"
ENDORSER = "endorser"
NOMINEE_ORGANIZATION = "nominee_organization"
COLLEAGUE = "colleague"
DECLARED = "declared"
REASONS = {
    NOMINEE: "is the nominee",
    NOMINATOR: "is the nominator",
    ENDORSER: "endorsed the nomination",
    NOMINEE_ORGANIZATION: "belongs to or represents the nominee organization",
    COLLEAGUE: "works in the same organization as the nominee (suggested; staff may clear it)",
    DECLARED: "declared a conflict",
}


def represented_organization_ids(user, program, on=None):
    """
    Organizations ``user`` belongs to or represents as partner representative in ``program`` (a program or its
    id), on ``on``.
    """
    on = on or timezone.now().date()
    represented = CommunityRole.objects.filter(
        program=program, user=user, role=CommunityRole.PARTNER_REPRESENTATIVE, organization__isnull=False,
        start__lte=on,
    ).filter(Q(end__isnull=True) | Q(end__gte=on)).values_list("organization_id", flat=True)
    return programs_api.affiliated_organization_ids(user=user, on=on) | set(represented)


def _colleague_ids(user, organization_ids, on):
    return (
        Affiliation.objects.filter(organization_id__in=organization_ids, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .exclude(user=user)
        .values("user_id")
    )


def _conditions(panelist):
    """``{reason: condition}`` on ``Nomination`` for each kind of conflict of ``panelist``."""
    user, on = panelist.user, timezone.now().date()
    organizations = represented_organization_ids(user, panelist.cycle.program_id, on)
    recorded = ConflictOfInterest.objects.filter(nomination=OuterRef("pk"), panelist=panelist)
    return {
        NOMINEE: Q(nominee_user=user),
        NOMINATOR: Q(nominator=user),
        ENDORSER: Q(Exists(Endorsement.objects.filter(nomination=OuterRef("pk"), endorser=user))),
        NOMINEE_ORGANIZATION: Q(nominee_organization_id__in=organizations),
        COLLEAGUE: Q(nominee_user_id__in=_colleague_ids(user, organizations, on))
        & ~Q(Exists(recorded.filter(kind=ConflictOfInterest.CLEARED))),
        DECLARED: Q(Exists(recorded.filter(kind=ConflictOfInterest.DECLARED))),
    }


def conflict_condition(panelist):
    """One condition on ``Nomination`` that holds for the nominations ``panelist`` is conflicted on."""
    condition = Q(pk__in=[])
    for part in _conditions(panelist).values():
        condition |= part
    return condition


def conflicted_ids(panelist):
    """A subquery of the ids of the cycle's nominations ``panelist`` is conflicted on."""
    return Nomination.objects.filter(cycle_id=panelist.cycle_id).filter(conflict_condition(panelist)).values("pk")


def hidden_from(user, cycle_ids=None):
    """
    A subquery of the nomination ids ``user`` must not see because they sit on the panel of the nomination's
    cycle and are conflicted (R10). Program staff who sit on a panel are panelists there too.
    """
    # Every list asks this; the seats are read without joins (the user is the one given, a seat's cycle is read
    # with its conditions), so the usual answer, no seat, costs one small query (P3).
    if cycle_ids is not None and not cycle_ids:  # no cycle to look in: nothing hidden, nothing to ask
        return Nomination.objects.none().values("pk")
    seats = Panelist.objects.filter(user_id=getattr(user, "pk", None))
    if cycle_ids is not None:
        seats = seats.filter(cycle_id__in=cycle_ids)
    seats = list(seats)
    for seat in seats:
        seat.user = user
    if not seats:
        # An empty queryset callers can recognize (``.query.is_empty()``) and skip.
        return Nomination.objects.none().values("pk")
    condition = Q(pk__in=[])
    for seat in seats:
        condition |= Q(cycle_id=seat.cycle_id) & conflict_condition(seat)
    return Nomination.objects.filter(condition).values("pk")


def reasons(panelist, nomination):
    """The kinds of conflict ``panelist`` has on ``nomination`` (empty when none), for messages and staff."""
    found = []
    for kind, condition in _conditions(panelist).items():
        if Nomination.objects.filter(pk=nomination.pk).filter(condition).exists():
            found.append(kind)
    return found


def _active(queryset, on):
    return queryset.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))


def panel_conflicts(nomination):
    """
    ``{panelist id: [kinds]}`` for every conflicted panelist of the nomination's cycle, in a fixed number of
    queries whatever the size of the panel (the staff's conflict list). Same rules as ``conflict_condition``.
    """
    on = timezone.now().date()
    panel = dict(Panelist.objects.filter(cycle_id=nomination.cycle_id).values_list("user_id", "pk"))
    found = {}

    def add(user_ids, kind):
        for user_id in user_ids:
            if user_id in panel:
                found.setdefault(panel[user_id], []).append(kind)

    add([nomination.nominee_user_id], NOMINEE)
    add([nomination.nominator_id], NOMINATOR)
    add(Endorsement.objects.filter(nomination=nomination).values_list("endorser_id", flat=True), ENDORSER)
    if nomination.nominee_organization_id:
        members = set(_active(Affiliation.objects.filter(organization_id=nomination.nominee_organization_id), on)
                      .values_list("user_id", flat=True))
        members |= set(_active(CommunityRole.objects.filter(
            program_id=nomination.cycle.program_id, role=CommunityRole.PARTNER_REPRESENTATIVE,
            organization_id=nomination.nominee_organization_id), on).values_list("user_id", flat=True))
        add(sorted(members), NOMINEE_ORGANIZATION)
    if nomination.nominee_user_id:
        organizations = _active(Affiliation.objects.filter(user_id=nomination.nominee_user_id), on).values(
            "organization_id")
        cleared = set(ConflictOfInterest.objects.filter(
            nomination=nomination, kind=ConflictOfInterest.CLEARED).values_list("panelist_id", flat=True))
        colleagues = set(_active(Affiliation.objects.filter(organization_id__in=organizations), on)
                         .exclude(user_id=nomination.nominee_user_id).values_list("user_id", flat=True))
        add(sorted(user for user in colleagues if panel.get(user) not in cleared), COLLEAGUE)
    declared = ConflictOfInterest.objects.filter(nomination=nomination, kind=ConflictOfInterest.DECLARED)
    for panelist_id in declared.values_list("panelist_id", flat=True):
        found.setdefault(panelist_id, []).append(DECLARED)
    order = list(REASONS)
    return {pk: sorted(set(kinds), key=order.index) for pk, kinds in found.items()}
