"""
The panel of a cycle (R9) and its conflicts of interest (R10): seats, quotas, rotation, declared and cleared
conflicts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, RuleViolation, TransitionRefused, ValidationFailed
from openedx_dcp.nominations.models import (
    Nomination,
)
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import CommunityRole, Cycle
from openedx_dcp.review import conflicts
from openedx_dcp.review.common import lock_cycle, require_not_conflicted, seat_roles
from openedx_dcp.review.models import (
    Assignment,
    ConflictOfInterest,
    Panelist,
    Vote,
)

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User

__all__ = [
    "add_panelist",
    "remove_panelist",
    "seat_candidates",
    "seat_warnings",
    "quota_status",
    "quota_problems",
    "rotation_report",
    "panel_history",
    "panelist_of",
    "require_panelist",
    "is_conflicted",
    "declare_conflict",
    "clear_suggested_conflict",
]


def add_panelist(*, cycle: Cycle, user: User, seat: str, actor: User | None) -> Panelist:
    """
    Seat ``user`` on the panel of ``cycle`` (R9): program staff only, before evaluation starts, on a seat of
    the cycle's quotas that one of the user's community roles fits, and never beyond the seat's maximum. The
    cycle row is locked so that two staff filling the last seat at once cannot both succeed.
    """
    programs_api.require_program_staff(user=actor, program=cycle.program)
    with transaction.atomic():
        locked = lock_cycle(cycle)
        if locked.stage not in Cycle.Stage.PANEL_OPEN:
            raise TransitionRefused(_("The panel is fixed once impact evaluation has started."))
        quotas = programs_api.cycle_rules(cycle=locked).threshold("panel_quotas")
        if seat not in quotas:
            raise ValidationFailed(_("Unknown seat '{seat}'; seats are: {names}.").format(
                seat=seat, names=", ".join(sorted(quotas))), field="seat")
        if user is None or not programs_api.active_roles(program=locked.program, user=user) & seat_roles(seat=seat):
            # R26: the same words for an unknown id and for someone without the role, and no name.
            raise RuleViolation(_("This person holds no community role that fits a {seat} seat.").format(seat=seat),
                                field="user")
        filled = Panelist.objects.filter(cycle=locked, seat=seat).count()
        if filled >= quotas[seat][1]:
            raise RuleViolation(_("The {seat} seats are full ({filled} of {quotas}).").format(
                seat=seat, filled=filled, quotas=quotas[seat][1]), field="seat")
        try:
            with transaction.atomic():
                panelist = Panelist.objects.create(cycle=locked, user=user, seat=seat, added_by=actor)
        except IntegrityError as exc:
            raise RuleViolation(_("This person already sits on this panel."), field="user") from exc
        audit.record(locked, locked.program, "panelist_added", actor, locked.stage, locked.stage,
                     note=f"{user.get_username()} as {seat}")
    return panelist


def remove_panelist(*, panelist: Panelist, actor: User | None, reason: str = "") -> None:
    """
    Take a panelist off the panel, before evaluation starts (program staff), saying why: the reason goes to
    the audit trail with the seat, so the panel's history explains itself.
    """
    programs_api.require_program_staff(user=actor, program=panelist.cycle.program)
    if not (reason or "").strip():
        raise ValidationFailed(_("Say why the panelist leaves the panel: a reason is required."), field="reason")
    with transaction.atomic():
        locked = lock_cycle(panelist.cycle)
        if locked.stage not in Cycle.Stage.PANEL_OPEN:
            raise TransitionRefused(_("The panel is fixed once impact evaluation has started."))
        note = f"{panelist.user.get_username()} as {panelist.seat}: {reason.strip()}"
        Panelist.objects.filter(pk=panelist.pk).delete()
        audit.record(locked, locked.program, "panelist_removed", actor, locked.stage, locked.stage, note=note)


def seat_candidates(*, cycle: Cycle) -> dict:
    """
    ``{seat: [users]}``: who holds a community role that fits each seat of the cycle's quotas today and does
    not sit on its panel yet (R9), so staff seat from the people who may sit, not from every account.
    """
    quotas = programs_api.cycle_rules(cycle=cycle).threshold("panel_quotas")
    seated = Panelist.objects.filter(cycle=cycle).values("user_id")
    today = timezone.now().date()
    holders = defaultdict(dict)
    roles = (
        CommunityRole.objects.filter(program_id=cycle.program_id, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today)).exclude(user_id__in=seated)
        .select_related("user").order_by("user__username")
    )
    for role in roles:
        holders[role.role][role.user_id] = role.user
    return {
        seat: sorted({pk: user for role in seat_roles(seat=seat) for pk, user in holders[role].items()}.values(),
                     key=lambda user: user.get_username())
        for seat in sorted(quotas)
    }


def seat_warnings(*, panelist: Panelist) -> list[str]:
    """
    What staff should know about a seated panelist that the seat itself does not refuse: without an email
    address they receive no assignment email, so staff must tell them another way.
    """
    if not (panelist.user.email or "").strip():
        return [_("{username} has no email address: they will not receive the emails about their review "
                  "assignments; tell them another way.").format(username=panelist.user.get_username())]
    return []


def quota_status(*, cycle: Cycle) -> list[dict]:
    """Each seat of the cycle's quotas with its minimum, maximum and how many sit on it (R9)."""
    filled = Counter(Panelist.objects.filter(cycle=cycle).values_list("seat", flat=True))
    return [
        {"seat": seat, "min": low, "max": high, "filled": filled[seat], "ok": low <= filled[seat] <= high}
        for seat, (low, high) in sorted(programs_api.cycle_rules(cycle=cycle).threshold("panel_quotas").items())
    ]


def quota_problems(*, cycle: Cycle) -> list[str]:
    """What breaks the panel's quotas, in words; empty when evaluation may start (R9)."""
    problems = []
    for row in quota_status(cycle=cycle):
        if row["filled"] < row["min"]:
            problems.append(_("The panel needs {missing} more {seat} (has {filled}, quota {min}–{max}).").format(
                missing=row["min"] - row["filled"], seat=row["seat"], filled=row["filled"], min=row["min"],
                max=row["max"]))
        elif row["filled"] > row["max"]:
            problems.append(_("The panel has {extra} {seat} too many (quota {min}–{max}).").format(
                extra=row["filled"] - row["max"], seat=row["seat"], min=row["min"], max=row["max"]))
    return problems


def rotation_report(*, cycle: Cycle) -> dict:
    """
    Panel rotation (KR 3.1): how many of this cycle's panelists also sat on the program's previous cycle.
    """
    previous = (
        Cycle.objects.filter(program_id=cycle.program_id, nominations_open__lt=cycle.nominations_open)
        .order_by("-nominations_open").first()
    )
    current = set(Panelist.objects.filter(cycle=cycle).values_list("user_id", flat=True))
    earlier = set(Panelist.objects.filter(cycle=previous).values_list("user_id", flat=True)) if previous else set()
    returning = len(current & earlier)
    return {
        "cycle": cycle.slug,
        "previous_cycle": previous.slug if previous else None,
        "panelists": len(current),
        "returning": returning,
        "new": len(current) - returning,
        "returning_share": round(returning / len(current), 3) if current else 0.0,
    }


def panel_history(*, cycle: Cycle) -> dict:
    """
    ``{user id: [earlier cycles]}``: for each panelist of ``cycle``, the program's earlier cycles (newest first)
    they sat on, for the rotation report (KR 3.1). One query whatever the size of the panel.
    """
    current = Panelist.objects.filter(cycle=cycle).values("user_id")
    earlier = (
        Panelist.objects.filter(cycle__program_id=cycle.program_id, cycle__nominations_open__lt=cycle.nominations_open,
                                user_id__in=current)
        .select_related("cycle").order_by("-cycle__nominations_open", "pk")
    )
    history = defaultdict(list)
    for seat in earlier:
        history[seat.user_id].append(seat.cycle)
    return dict(history)


def panelist_of(*, cycle: Cycle, user: User) -> Panelist | None:
    """The seat of ``user`` on the panel of ``cycle``, or None."""
    if not getattr(user, "pk", None):
        return None
    return Panelist.objects.filter(cycle=cycle, user=user).select_related("cycle__program", "user").first()


def require_panelist(*, cycle: Cycle, user: User) -> Panelist:
    """The seat of ``user`` on the panel of ``cycle``; ``NotPermitted`` when they do not sit on it."""
    panelist = panelist_of(cycle=cycle, user=user)
    if panelist is None:
        raise NotPermitted(_("Only panelists of {cycle} may do this.").format(cycle=cycle.name))
    return panelist


def is_conflicted(*, panelist: Panelist, nomination: Nomination) -> bool:
    """Whether ``panelist`` is conflicted on ``nomination`` (R10)."""
    return Nomination.objects.filter(pk=nomination.pk).filter(conflicts.conflict_condition(panelist)).exists()


def declare_conflict(*, nomination: Nomination, user: User, reason: str) -> ConflictOfInterest:
    """
    A panelist recuses from a nomination, with a reason (R10). An assignment without a submitted review is
    withdrawn; a submitted review is removed from the record of this nomination, since a conflicted panelist
    does not review it.
    """
    if not (reason or "").strip():
        raise ValidationFailed(_("Say why you recuse: a reason is required."), field="reason")
    panelist = require_panelist(cycle=nomination.cycle, user=user)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("cycle__program").get(pk=nomination.pk)
        conflict, created = ConflictOfInterest.objects.get_or_create(
            panelist=panelist, nomination=locked, kind=ConflictOfInterest.DECLARED,
            defaults={"reason": reason.strip(), "recorded_by": user},
        )
        if created:
            Assignment.objects.filter(panelist=panelist, nomination=locked).delete()
            Vote.objects.filter(panelist=panelist, nomination=locked).delete()
            audit.record(locked, locked.cycle.program, "conflict_declared", user, locked.state, locked.state,
                         note=reason.strip())
    return conflict


def clear_suggested_conflict(*, nomination: Nomination, panelist: Panelist, actor: User | None,
                             reason: str) -> ConflictOfInterest:
    """
    Program staff clear a *suggested* conflict (a colleague of the nominee) with a reason (R10). R10's own
    cases (nominee, nominator, endorser, nominee organization) and declared conflicts cannot be cleared.
    """
    programs_api.require_program_staff(user=actor, program=nomination.cycle.program)
    require_not_conflicted(actor, nomination)
    if not (reason or "").strip():
        raise ValidationFailed(_("Say why the conflict does not apply: a reason is required."), field="reason")
    found = conflicts.reasons(panelist, nomination)
    if conflicts.COLLEAGUE not in found:
        raise RuleViolation(_("There is no suggested conflict to clear."), field="panelist")
    final = [kind for kind in found if kind != conflicts.COLLEAGUE]
    if final:
        raise RuleViolation(
            _("{username} {reason}: this conflict cannot be cleared.").format(
                username=panelist.user.get_username(), reason=conflicts.REASONS[final[0]]),
            field="panelist",
        )
    with transaction.atomic():
        conflict, _created = ConflictOfInterest.objects.get_or_create(
            panelist=panelist, nomination=nomination, kind=ConflictOfInterest.CLEARED,
            defaults={"reason": reason.strip(), "recorded_by": actor},
        )
        audit.record(nomination, nomination.cycle.program, "conflict_cleared", actor, nomination.state,
                     nomination.state, note=f"{panelist.user.get_username()}: {reason.strip()}")
    return conflict
