"""
Public functions for memberships (R14–R17). The REST layer, admin, the sweep task and command call these.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.sites.models import Site as SiteModel
from django.db import IntegrityError, connection, transaction
from django.db.models import BigIntegerField, Case, Count, Exists, Min, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit, notifications
from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.counts import kept, kept_value
from openedx_dcp.exceptions import (
    NotPermitted,
    RuleViolation,
    TransitionRefused,
    ValidationFailed,
)
from openedx_dcp.membership import renewal, signals, workflow
from openedx_dcp.membership.engagement import cohort_retention, engaged_at, survival
from openedx_dcp.membership.models import (
    EngagementKind,
    EngagementOptIn,
    EngagementParticipation,
    Membership,
    MembershipState,
    MembershipTerm,
    directory_name_of,
)
from openedx_dcp.prepared import PreparedQuery, columns_of, instance_of
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation, CommunityRole, Cycle, Organization, Program, Track
from openedx_dcp.toggles import program_enabled

if TYPE_CHECKING:  # names in type hints only
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser as User
    from django.contrib.sites.models import Site
    from django.db.models import Model, QuerySet


log = logging.getLogger(__name__)

__all__ = [
    "directory",
    "directory_listing",
    "DirectoryListing",
    "directory_search",
    "directory_facets",
    "directory_entries_of",
    "refresh_directory_name",
    "start_membership",
    "revoke_membership",
    "open_renewal_review",
    "renew_membership",
    "defer_renewal",
    "perform_action",
    "STAFF_ACTIONS",
    "advance_membership",
    "sweep_memberships",
    "renewal_status",
    "renewal_evidence",
    "eligible_again_dates",
    "memberships_visible_to",
    "visible_membership",
    "speaks_for_member",
    "engagement_choices",
    "set_engagement",
    "check_participation",
    "record_participation",
    "retire_user",
    "engagement_metrics",
    "cohort_retention",
    "engaged_at",
    "survival",
]

# Sweep safety: a membership neglected for decades still stops after this many moves in one run.
_MAX_MOVES_PER_SWEEP = 64
# Actions program staff may start from the API or admin; the dated moves belong to the sweep.
STAFF_ACTIONS = ("open_review", "renew", "defer_renewal", "revoke")


def start_membership(*, nomination: Model, start: datetime.date | None = None,
                     actor: User | None = None) -> Membership:
    """
    Create the membership of an announced nominee: a first term of ``term_years`` (the cycle's rules) from
    ``start`` (the cycle's announcement date by default), its renewal review date, and the Distinguished
    Contributor community role. Sends ``membership_started`` in the transaction (its receivers record the
    credential and the event in the outbox) and owes the member an email.
    """
    cycle = nomination.cycle
    start = start or cycle.announcement_at.date()
    try:
        with transaction.atomic():
            membership = Membership(
                program=cycle.program, track=nomination.track, cycle=cycle, nomination=nomination,
                user=nomination.nominee_user, organization=nomination.nominee_organization,
            )
            workflow.schedule_term(membership, start, cycle.rules)
            if nomination.nominee_user_id:
                CommunityRole.objects.create(
                    program=cycle.program, user=nomination.nominee_user,
                    role=CommunityRole.DISTINGUISHED_CONTRIBUTOR, start=start, note=f"{cycle.name} cohort",
                )
            audit.record(membership, cycle.program, "start", actor, to_state=membership.state,
                         note=f"Term {membership.term_start} to {membership.term_end}")
            # In the transaction: the credential, the event and the email are owed exactly if this commits.
            signals.membership_started.send(sender=Membership, membership=membership)
            notifications.owe(template="membership_started", audience=workflow.MEMBER, subject=membership)
    except IntegrityError as exc:
        raise RuleViolation(_("The nominee already holds a membership on this track.")) from exc
    return membership


def revoke_membership(*, membership: Membership, actor: User | None = None, note: str = "") -> Membership:
    """
    End a membership whose decision was withdrawn; its credential is revoked by the ``membership_revoked``
    receiver. Revoking an ended membership changes nothing.
    """
    membership.refresh_from_db()
    if membership.state in MembershipState.ENDED:
        return membership
    try:
        return workflow.perform(membership, "revoke", actor, note)
    except TransitionRefused:
        membership.refresh_from_db()
        if membership.state in MembershipState.ENDED:
            return membership
        raise


def open_renewal_review(*, membership: Membership, actor: User | None, note: str = "",
                        today: datetime.date | None = None) -> Membership:
    """Open the renewal review of the member's term; the sweep does this ``renewal_review_lead_days`` ahead."""
    return workflow.perform(membership, "open_review", actor, note, today=today)


def renew_membership(*, membership: Membership, actor: User | None, note: str = "",
                     today: datetime.date | None = None) -> Membership:
    """
    The committee renews a member whose evidence meets the track's renewal criteria (R14). The next term (or
    lifetime status, R16) begins when the current term ends, or at once when renewed during grace.
    """
    today = today or timezone.now().date()
    renewed = workflow.perform(membership, "renew", actor, note, today=today)
    advance_membership(membership=renewed, today=today)
    membership.refresh_from_db()
    return membership


def defer_renewal(*, membership: Membership, actor: User | None, note: str,
                  today: datetime.date | None = None) -> Membership:
    """
    The committee finds the renewal criteria not yet met: the member gets the grace period (R15), counted from
    the term's end.
    """
    return workflow.perform(membership, "defer_renewal", actor, note, today=today)


def perform_action(*, membership: Membership, action: str, actor: User | None, note: str = "") -> Membership:
    """Start one of ``STAFF_ACTIONS`` on ``membership`` (the REST API's and admin's single entry point)."""
    if action not in STAFF_ACTIONS:
        raise ValidationFailed(_("Unknown action '{action}'; one of {names}.").format(
            action=action, names=", ".join(STAFF_ACTIONS)), field="action")
    if action == "renew":
        return renew_membership(membership=membership, actor=actor, note=note)
    if action == "revoke":
        programs_api.require_program_staff(user=actor, program=membership.program)
        if not (note or "").strip():
            raise ValidationFailed(_("Give a reason to revoke this membership."), field="note")
        return revoke_membership(membership=membership, actor=actor, note=note)
    return workflow.perform(membership, action, actor, note)


def _lock_options():
    # Another sweeper holding the row is already moving it: skip it rather than wait (MySQL 8, MariaDB 10.6+).
    return {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}


def advance_membership(*, membership: Membership, today: datetime.date | None = None) -> list:
    """
    Make every dated move due on ``today`` for one membership, in one transaction holding its row lock; return
    the names of the moves made. A membership another sweeper holds is skipped.
    """
    today = today or timezone.now().date()
    moves = []
    with transaction.atomic():
        locked = Membership.objects.select_for_update(**_lock_options()).filter(pk=membership.pk).first()
        if locked is None:
            return moves
        while len(moves) < _MAX_MOVES_PER_SWEEP:
            name = workflow.due_transition(locked, today)
            if name is None:
                break
            locked = workflow.perform(locked, name, None, today=today)
            moves.append(name)
    return moves


def sweep_memberships(*, today: datetime.date | None = None) -> dict:
    """
    The scheduled sweep (R14–R16): open renewal reviews ahead of the term's end, move unrenewed members to
    grace at the term's end and to lapsed at the grace period's end, start renewed members' next terms and
    grant lifetime status, each on its date; nothing while the program is switched off. Idempotent and safe
    to run concurrently: each membership is moved under its row lock and only when a move is due.
    Returns how many of each move were made.
    """
    if not program_enabled():
        log.info("DCP membership sweep skipped: the program is switched off (DCP_PROGRAM_ENABLED).")
        return {}
    today = today or timezone.now().date()
    S = MembershipState
    due = Membership.objects.filter(
        Q(state=S.ACTIVE, review_opens_on__lte=today)
        | Q(state=S.RENEWAL_REVIEW, term_end__lte=today)
        | Q(state=S.GRACE, grace_until__lte=today)
        | Q(state=S.RENEWED, next_term_start__lte=today)
    ).order_by("pk")
    moved = Counter()
    for membership in list(due.only("pk")):
        moved.update(advance_membership(membership=membership, today=today))
    log.info("DCP membership sweep for %s: %s", today, dict(moved) or "nothing due")
    return dict(moved)


def renewal_evidence(*, membership: Membership, today: datetime.date | None = None) -> QuerySet:
    """The member's signals that count for renewing the current term (R14), newest first."""
    return renewal.renewal_evidence(membership, today or timezone.now().date())


def renewal_status(*, membership: Membership, today: datetime.date | None = None) -> dict:
    """
    What a member and staff see about the current term: its dates, the renewal criteria, how much evidence
    counts so far and whether the criteria are met.
    """
    today = today or timezone.now().date()
    requirement = renewal.renewal_requirement(membership)
    count = renewal.renewal_evidence(membership, today, requirement).count()
    return {
        "criteria": {
            "narrative": requirement.narrative,
            "signal_kinds": list(requirement.signal_kinds),
            "required": requirement.required,
        },
        "evidence_since": membership.term_start,
        "evidence_count": count,
        "criteria_met": count >= requirement.required,
    }


def eligible_again_dates(*, memberships: Iterable[Membership]) -> dict:
    """
    For lapsed memberships, the day each member may be nominated again on the track (R8): a year (per program)
    after their first new contribution of the track's qualifying kinds since the lapse, or None while there is
    none. The wait and the kinds are those of the rules a nomination would be checked against: those of the
    program's newest cycle taking nominations (R24), or the current version, which the next cycle will start
    with. One query per program, one for the signals of any number of memberships.
    """
    lapsed = [m for m in memberships if m.state == MembershipState.LAPSED and m.lapsed_on]
    if not lapsed:
        return {}
    newest_cycles = {}
    rules = {}
    for membership in lapsed:
        if membership.program_id not in newest_cycles:
            newest_cycles[membership.program_id] = (
                Cycle.objects.filter(program_id=membership.program_id, stage=Cycle.NOMINATIONS)
                .select_related("rules")
                .order_by("-nominations_open").first()
            )
        cycle = newest_cycles[membership.program_id]
        rules[membership.pk] = programs_api.rules_in_force(program=membership.program, cycle=cycle,
                                                           track=membership.track)
    whens = []
    for membership in lapsed:
        lapsed_at = datetime.datetime.combine(membership.lapsed_on, datetime.time.min, tzinfo=datetime.UTC)
        condition = Q(site_id=membership.program.site_id, occurred_at__gte=lapsed_at)
        if membership.organization_id:
            condition &= Q(organization_id=membership.organization_id)
        else:
            condition &= Q(user_id=membership.user_id)
        if rules[membership.pk].qualifying_signal_kinds:
            condition &= Q(kind__in=rules[membership.pk].qualifying_signal_kinds)
        whens.append(When(condition, then=Value(membership.pk)))
    firsts = dict(
        ContributionSignal.objects.annotate(membership_id=Case(*whens, default=None,
                                                               output_field=BigIntegerField()))
        .filter(membership_id__isnull=False).order_by().values("membership_id")
        .annotate(first=Min("occurred_at")).values_list("membership_id", "first")
    )
    return {
        membership.pk: renewal.eligible_again_from(firsts.get(membership.pk),
                                           rules[membership.pk].threshold("renomination_wait_years"))
        for membership in lapsed
    }


def speaks_for_member(*, user: User, membership: Membership) -> bool:
    """Whether ``user`` is the member, or belongs to the member organization."""
    if not getattr(user, "is_authenticated", False):
        return False
    if membership.user_id:
        return membership.user_id == user.pk
    return membership.organization_id in programs_api.affiliated_organization_ids(user=user)


def memberships_visible_to(*, user: User, site: Site) -> QuerySet:
    """
    The memberships of ``site``'s programs ``user`` may see (R1): all of them for program staff, otherwise
    their own (as the member or as a person of the member organization).
    """
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    # No join with the program: the tenant's programs are a few ids, and the list's index holds the program,
    # member and order of every row, so a page is read from it alone (P3, ADR 0025). Own rows are looked for
    # only in the programs the user does not run: staff running every program get one index range.
    programs, runs = programs_api.tenant_programs(user=user, site=site)
    visible = Q(program_id__in=sorted(runs))
    others = sorted(programs - runs)
    if others:
        own = Q(user=user) | Q(organization_id__in=programs_api.affiliated_organization_ids(user=user))
        visible |= own & Q(program_id__in=others)
    return Membership.objects.filter(visible)


# A membership with what its renewal reads (program and site, track, member, organization), as one prepared read.
_MEMBERSHIP_COLUMNS = columns_of(Membership)
_PROGRAM_COLUMNS = columns_of(Program, prefix="program__")
_SITE_COLUMNS = columns_of(SiteModel, prefix="program__site__")
_TRACK_COLUMNS = columns_of(Track, prefix="track__")
_MEMBER_COLUMNS = columns_of(get_user_model(), {"id", "username"}, prefix="user__")
_ORGANIZATION_COLUMNS = columns_of(Organization, prefix="organization__")
_MEMBERSHIP_READ = PreparedQuery(lambda shape, pk: Membership.objects.filter(pk=pk).values(
    *_MEMBERSHIP_COLUMNS, *_PROGRAM_COLUMNS, *_SITE_COLUMNS, *_TRACK_COLUMNS, *_MEMBER_COLUMNS,
    *_ORGANIZATION_COLUMNS))


def visible_membership(*, user: User, site: Site, pk: int) -> Membership | None:
    """
    The membership ``pk`` if ``memberships_visible_to`` shows it to ``user`` on ``site`` (None otherwise), with its
    program and site, track, member and organization: what a member's evidence reads (P3), in two queries, the
    second prepared.
    """
    if not memberships_visible_to(user=user, site=site).filter(pk=pk).exists():
        return None
    rows = _MEMBERSHIP_READ.rows(None, ints={"pk": pk})
    if not rows:  # deleted in between
        return None
    row = rows[0]
    membership = instance_of(Membership, row, _MEMBERSHIP_COLUMNS)
    membership.program = instance_of(Program, row, _PROGRAM_COLUMNS, "program__")
    membership.program.site = instance_of(SiteModel, row, _SITE_COLUMNS, "program__site__")
    membership.track = instance_of(Track, row, _TRACK_COLUMNS, "track__")
    membership.user = (instance_of(get_user_model(), row, _MEMBER_COLUMNS, "user__")
                       if membership.user_id is not None else None)
    membership.organization = (instance_of(Organization, row, _ORGANIZATION_COLUMNS, "organization__")
                               if membership.organization_id is not None else None)
    return membership


def engagement_choices(*, membership: Membership) -> dict:
    """``{kind: opted_in}`` for every follow-on engagement kind (R17); kinds never chosen are False."""
    chosen = dict(membership.engagement_opt_ins.values_list("kind", "opted_in"))
    return {kind: chosen.get(kind, False) for kind in EngagementKind.ALL}


def _check_kind(kind):
    if kind not in EngagementKind.ALL:
        raise ValidationFailed(_("Unknown engagement kind '{kind}'; one of {names}.").format(
            kind=kind, names=", ".join(EngagementKind.ALL)),
                               field="kind")


def set_engagement(*, membership: Membership, actor: User | None, kind: str, opted_in: bool) -> EngagementOptIn:
    """The member opts in to or out of one kind of follow-on engagement (R17); the change is audited."""
    _check_kind(kind)
    if not isinstance(opted_in, bool):
        raise ValidationFailed(_("Must be true or false."), field="opted_in")
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("program").get(pk=membership.pk)
        if not speaks_for_member(user=actor, membership=locked):
            raise NotPermitted(_("Only the member chooses their follow-on engagement."))
        if locked.state in MembershipState.ENDED:
            raise TransitionRefused(_("This membership has ended; follow-on engagement is for members."))
        choice, created = EngagementOptIn.objects.get_or_create(
            membership=locked, kind=kind, defaults={"opted_in": opted_in, "changed_at": timezone.now()}
        )
        if created or choice.opted_in != opted_in:
            choice.opted_in = opted_in
            choice.changed_at = timezone.now()
            choice.save()
            audit.record(locked, locked.program, "opt_in" if opted_in else "opt_out", actor,
                         locked.state, locked.state, note=kind)
    return choice


def check_participation(*, membership: Membership, actor: User | None, kind: str, date: datetime.date) -> None:
    """Raise a ``DcpError`` unless ``actor`` may record ``kind`` on ``date`` for ``membership`` (R17)."""
    programs_api.require_program_staff(user=actor, program=membership.program)
    _check_kind(kind)
    if date is None:
        raise ValidationFailed(_("This field is required."), field="date")
    if date > timezone.now().date():
        raise ValidationFailed(_("Participation is recorded once it happened: the date is in the future."),
                               field="date")


def record_participation(*, membership: Membership, actor: User | None, kind: str, date: datetime.date,
                         note: str = "") -> EngagementParticipation:
    """Program staff record a member's actual follow-on engagement on ``date`` (R17)."""
    check_participation(membership=membership, actor=actor, kind=kind, date=date)
    with transaction.atomic():
        participation = EngagementParticipation.objects.create(
            membership=membership, kind=kind, date=date, note=note or "", recorded_by=actor
        )
        audit.record(membership, membership.program, "participation", actor, membership.state,
                     membership.state, note=f"{kind} on {date:%Y-%m-%d}")
    return participation


def retire_user(*, user: User) -> int:
    """
    Blank the free text written about ``user`` as a member (committee decision notes, participation notes)
    and take them out of the public directory when the platform retires the account; dates and outcomes stay
    for the program's counts (R18).
    """
    memberships = Membership.objects.filter(user=user)
    with transaction.atomic():
        # A retired account leaves the public directory (R23) whatever the membership's state.
        memberships.filter(retired_at__isnull=True).update(retired_at=timezone.now())
        # The directory's sort key is a copy of the name: it goes with the listing.
        memberships.exclude(directory_name="").update(directory_name="")
        notes = MembershipTerm.objects.filter(membership__in=memberships).exclude(decision_note="").update(
            decision_note=""
        )
        notes += EngagementParticipation.objects.filter(membership__in=memberships).exclude(note="").update(note="")
    return notes


def engagement_metrics(*, program: Program, since: datetime.datetime | None = None) -> dict:
    """
    The follow-on engagement key results of ``program`` (R18 from R17), computed in the database: live
    members, how many opted in to at least one kind and the share, and how many served as mentors or
    validators (participation recorded since ``since``, every recorded one by default).
    """
    live = Membership.objects.filter(program=program, state__in=MembershipState.LIVE)
    # EXISTS, not a join and DISTINCT over every column of the membership (P4: 120 ms at 10,000 members).
    opted_in = live.filter(Exists(EngagementOptIn.objects.filter(membership=OuterRef("pk"), opted_in=True))).count()
    served = EngagementParticipation.objects.filter(
        membership__program=program,
        kind__in=[EngagementKind.MENTORING, EngagementKind.VALIDATING_NOMINATIONS],
    )
    if since is not None:
        served = served.filter(date__gte=since)
    members = live.count()
    return {
        "members": members,
        "opted_in": opted_in,
        "opt_in_share": opted_in / members if members else 0.0,
        "mentors_or_validators": served.values("membership_id").distinct().count(),
    }


def directory(*, program: Program, alumni: bool = False) -> QuerySet:
    """
    The public directory of ``program`` (R23): its Distinguished Contributors with a live membership, or its
    alumni (lapsed memberships, R15) with ``alumni``. Revoked memberships and retired accounts are never listed.
    """
    states = [MembershipState.LAPSED] if alumni else sorted(MembershipState.LIVE)
    return _in_directory_order(_listable(program, states))


def _in_directory_order(memberships):
    """``memberships`` with what a directory entry shows, in the directory's order (by track, then cohort)."""
    return (memberships.select_related("user", "organization", "track", "cycle")
            .order_by("track__order", "track__slug", "cycle__announcement_at", "pk"))


# The sort keys of a program's directory groups: its tracks' order and slug, its cycles' announcements.
_PROGRAM_TRACKS = PreparedQuery(lambda shape, *, program: Track.objects.filter(program_id=program).order_by()
                                .values_list("id", "order", "slug"))
_PROGRAM_CYCLES = PreparedQuery(lambda shape, *, program: Cycle.objects.filter(program_id=program).order_by()
                                .values_list("id", "announcement_at"))
# Stands in for a missing announcement in a sort key (those sort first, as the database sorts NULL).
_EPOCH = datetime.datetime.min.replace(tzinfo=datetime.UTC)


class DirectoryListing:
    """
    The rows of ``directory()`` in its order, read page by page at a cost that does not grow with the page's
    depth beyond an index-only scan (P3): what a paginator needs (``count()`` and slices).

    A program's directory is a few groups: the members of one track recognized by one cohort (the cycles
    announced at the same moment), in the directory's order (track order and slug, then announcement), and by
    id within a group. ``count()`` reads each group's size in one grouped query over the groups' index, and
    the program's tracks and cycles for their sort keys (two small prepared queries, ADR 0027); a slice takes,
    from each group it spans, the ids at its offset from the group's nearer end (an index ordered by id within
    a track and cycle, ADR 0025) and reads their rows in the same query: memberships with their joins, or
    plain ``values()`` rows of ``columns`` when given.
    """

    def __init__(self, listed: QuerySet, *, program: Program, columns: tuple[str, ...] | None = None):
        self._listed = listed
        self._program_id = program.pk
        self._columns = columns
        self._groups = None

    def groups(self) -> list[tuple[int, list[int | None], int]]:
        """
        ``[(track_id, cycle ids, size)]`` in the directory's order, read once: the groups' sizes, then the
        program's tracks and cycles (their sort keys), three queries whatever the number of members.
        """
        if self._groups is None:
            # Kept until a membership, track or cycle is written (openedx_dcp.counts, ADR 0029); keyed by the
            # listed rows' own query (the joins the page shows do not decide which rows are listed).
            self._groups = kept(self._listed.select_related(None).order_by(), self._read_groups,
                                also=(Track, Cycle))
        return self._groups

    def _read_groups(self):
        """The groups as ``groups()`` answers them, read from the database."""
        # The groups' sizes from the index alone, in its order (no temporary table, no per-row join); the
        # tracks' and cycles' sort keys are then read for the few groups found.
        sizes = list(self._listed.order_by().values_list("track_id", "cycle_id").annotate(size=Count("pk"))
                     .order_by("track_id", "cycle_id"))
        tracks = {pk: (order, slug) for pk, order, slug in
                  _PROGRAM_TRACKS.rows(None, ints={"program": self._program_id})}
        announcements = dict(_PROGRAM_CYCLES.rows(None, ints={"program": self._program_id}))
        # A member recorded with another program's track or cycle (a hand-made row): its keys read too.
        strays = {track for track, _, _ in sizes if track not in tracks}
        if strays:
            tracks.update({pk: (order, slug) for pk, order, slug in
                           Track.objects.filter(pk__in=strays).values_list("id", "order", "slug")})
        strays = {cycle for _, cycle, _ in sizes if cycle is not None and cycle not in announcements}
        if strays:
            announcements.update(Cycle.objects.filter(pk__in=strays).values_list("id", "announcement_at"))
        rows = [{"track_id": track, "cycle_id": cycle, "size": size, "announced": announcements.get(cycle)}
                for track, cycle, size in sizes]
        # The directory's order: track order and slug, then announcement (a cycle not announced, or none, first:
        # where both databases sort NULL in ascending order), then cycle.
        rows.sort(key=lambda row: (*tracks[row["track_id"]], row["announced"] is not None,
                                   row["announced"] or _EPOCH, row["cycle_id"] or 0))
        groups, announced = [], []
        for row in rows:
            moment = row["announced"]
            # Cycles of a track announced at the same moment are one cohort: its rows are ordered by id.
            if groups and moment is not None and groups[-1][0] == row["track_id"] and announced[-1] == moment:
                track_id, cycles, size = groups[-1]
                groups[-1] = (track_id, [*cycles, row["cycle_id"]], size + row["size"])
            else:
                groups.append((row["track_id"], [row["cycle_id"]], row["size"]))
                announced.append(moment)
        return groups

    def count(self) -> int:
        """How many rows are listed."""
        return sum(size for _, _, size in self.groups())

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("A directory listing is read by slices.")
        start, stop, _ = index.indices(self.count())
        parts, position = [], 0
        for track_id, cycles, size in self.groups():
            if position < stop and position + size > start:
                first, last = max(start - position, 0), min(stop - position, size)  # the part's rows in the group
                part = self._listed.filter(track_id=track_id)
                part = part.filter(cycle__isnull=True) if cycles == [None] else part.filter(cycle_id__in=cycles)
                part = part.values_list("pk")
                # From the group's nearer end: the index is walked up to the offset, at most half the group.
                if size - last < first:
                    parts.append(part.order_by("-pk")[size - last:size - first])
                else:
                    parts.append(part.order_by("pk")[first:last])
            position += size
        if not parts:
            return []
        # Only the ids' condition: with the directory's own beside it, MariaDB reads every listed row to test it.
        page = _in_directory_order(Membership.objects.filter(pk__in=_ids_of(parts)))
        return list(page.values(*self._columns) if self._columns else page)


def _ids_of(parts):
    """
    The ids of sliced querysets ``parts`` as one subquery (``UNION ALL`` of derived tables): MariaDB and MySQL
    refuse ``LIMIT`` in an ``IN`` subquery, SQLite in a member of a compound select; both take it in a derived
    table.
    """
    selects, params = [], []
    for number, part in enumerate(parts):
        sql, part_params = part.query.get_compiler(using=part.db).as_sql()
        selects.append(f"SELECT * FROM ({sql}) dcp_part{number}")
        params.extend(part_params)
    return RawSQL(f"SELECT * FROM ({' UNION ALL '.join(selects)}) dcp_page", params)


def directory_listing(*, program: Program, alumni: bool = False,
                      columns: tuple[str, ...] | None = None) -> DirectoryListing:
    """
    ``directory(program=program, alumni=alumni)`` for a paginator: the same rows in the same order, each page
    read in a fixed number of queries (the groups' sizes and sort keys, then the page) whatever its depth (P3).
    With ``columns`` a page is plain rows of those ``values()`` columns instead of memberships with their joins.
    """
    return DirectoryListing(directory(program=program, alumni=alumni), program=program, columns=columns)


def _listable(program, states):
    """The memberships of ``program`` in ``states`` that the public directory may list: no retired account (R23)."""
    return Membership.objects.filter(program=program, state__in=states, retired_at__isnull=True)


# The directory's choices of who is listed: current members, alumni (lapsed, R15), or both.
DIRECTORY_MEMBERS, DIRECTORY_ALUMNI, DIRECTORY_ALL = "members", "alumni", "all"
_DIRECTORY_STATES = {
    DIRECTORY_MEMBERS: sorted(MembershipState.LIVE),
    DIRECTORY_ALUMNI: [MembershipState.LAPSED],
    DIRECTORY_ALL: sorted(MembershipState.LIVE | {MembershipState.LAPSED}),
}
# The cohort year: the announcement of the cycle that recognized the member, else the term's start.
_COHORT_YEAR = Coalesce(ExtractYear("cycle__announcement_at"), ExtractYear("term_start"))


def _listed(program, status=DIRECTORY_ALL):
    """
    Every membership of ``program`` the public directory may list (R23) with ``status`` (members, alumni or
    both), as ``directory`` decides, in one filter (one index range, not a union of two).
    """
    return _listable(program, _DIRECTORY_STATES[status]).select_related("user", "organization", "track", "cycle")


def _current_affiliations(today):
    return Affiliation.objects.filter(start__lte=today).filter(Q(end__isnull=True) | Q(end__gte=today))


def directory_search(*, program: Program, text: str = "", track: str | None = None, year: int | None = None,
                     organization: str | None = None, status: str = DIRECTORY_ALL,
                     today: datetime.date | None = None) -> QuerySet:
    """
    The public directory of ``program`` (R23) narrowed by ``text`` (every word found in the username, first or
    last name, or organization name: the member organization's, or a person's current organization), ``track``
    (slug), ``year`` (cohort year) and ``organization`` (slug: the member organization, or a person's current
    organization), with ``status`` members, alumni or all. A queryset ordered by name (full name, else
    username, or the organization's: the stored ``directory_name``, so a page is read in index order and its
    count from an index, P5); ``organizations`` is prefetched with the people's current organizations (one
    query per page).
    """
    today = today or timezone.now().date()
    listed = _listed(program, status)
    for word in (text or "").split()[:8]:
        listed = listed.filter(
            Q(user__username__icontains=word) | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word) | Q(organization__name__icontains=word)
            | Exists(_current_affiliations(today).filter(user_id=OuterRef("user_id"),
                                                         organization__name__icontains=word))
        )
    if track:
        listed = listed.filter(track__slug=track)
    if year:
        listed = listed.alias(cohort_year=_COHORT_YEAR).filter(cohort_year=year)
    if organization:
        listed = listed.filter(
            Q(organization__slug=organization)
            | Exists(_current_affiliations(today).filter(user_id=OuterRef("user_id"),
                                                         organization__slug=organization))
        )
    return listed.prefetch_related(Prefetch(
        "user__dcp_affiliations",
        queryset=_current_affiliations(today).select_related("organization").order_by("organization__name"),
        to_attr="current_affiliations",
    )).order_by("directory_name", "pk")


def refresh_directory_name(*, member: Model) -> int:
    """
    Keep the directory's sort key of ``member`` (a user or an organization) true after a rename: one UPDATE of
    their listed memberships whose stored name differs. Returns how many changed.
    """
    name = directory_name_of(member)
    field = "organization" if isinstance(member, Organization) else "user"
    return (Membership.objects.filter(**{field: member}, retired_at__isnull=True)
            .exclude(directory_name=name).update(directory_name=name))


def directory_facets(*, program: Program, today: datetime.date | None = None) -> dict:
    """
    What the directory of ``program`` can be narrowed by: its tracks ``[(slug, name)]``, the cohort years
    present (newest first) and the organizations of listed members ``[(slug, name)]`` (the member
    organizations and the people's current organizations). Four queries.
    """
    today = today or timezone.now().date()
    # Kept until a membership, organization, affiliation, track or cycle is written (ADR 0029), per program and
    # day (the affiliations current today): no query is built to answer from the cache.
    return kept_value(("directory_facets", program.pk, program.site_id, today),
                      models=(Membership, Organization, Affiliation, Track, Cycle),
                      compute=lambda: _directory_facets(program, today))


def _directory_facets(program, today):
    """``directory_facets`` read from the database."""
    listed = _listed(program)
    organizations = Organization.objects.filter(site_id=program.site_id).filter(
        Exists(listed.filter(organization_id=OuterRef("pk")))
        | Exists(_current_affiliations(today).filter(
            organization_id=OuterRef("pk"),
            user_id__in=listed.filter(user__isnull=False).values("user_id"),
        ))
    ).order_by("name").values_list("slug", "name")
    tracks = list(program.tracks.order_by("order", "slug").values_list("slug", "name"))
    # The cohort years, in one query: those of the program's cycles that recognized a listed member (a handful
    # of rows; for each, the first listed membership of the cycle through its index, as a LIMIT 1 subquery,
    # which MariaDB does not turn into a scan of every membership as it does EXISTS), with the term starts of
    # the memberships without a cycle; not a DISTINCT over every listed membership (P5).
    first_listed = Subquery(listed.order_by().filter(cycle_id=OuterRef("pk")).values("pk")[:1])
    cycle_years = (Cycle.objects.filter(program=program).order_by().alias(first_listed=first_listed)
                   .filter(first_listed__isnull=False).annotate(year=ExtractYear("announcement_at"))
                   .values_list("year", flat=True))
    term_years = (listed.order_by().filter(cycle__isnull=True).annotate(year=ExtractYear("term_start"))
                  .values_list("year", flat=True))
    years = set(cycle_years.union(term_years))
    return {"tracks": tracks, "years": sorted(years, reverse=True), "organizations": list(organizations)}


def directory_entries_of(*, program: Program, username: str | None = None, organization_slug: str | None = None,
                         today: datetime.date | None = None) -> list[Membership]:
    """
    The memberships of one person (``username``) or organization (``organization_slug``) that the public
    directory of ``program`` lists (live and alumni), newest first; empty for anyone it does not list (a
    revoked membership, a retired account, another tenant's member).
    """
    if username is not None:
        listed = _listed(program).filter(user__username=username)
    else:
        listed = _listed(program).filter(organization__slug=organization_slug)
    today = today or timezone.now().date()
    return list(listed.prefetch_related(Prefetch(
        "user__dcp_affiliations",
        queryset=_current_affiliations(today).select_related("organization").order_by("organization__name"),
        to_attr="current_affiliations",
    )).order_by("track__order", "-term_start", "pk"))
