"""
Public functions for programs, tracks, rules, roles and cycles. The REST layer, admin and commands call these.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.sites.models import Site as SiteModel
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.prepared import PreparedQuery, columns_of, instance_of
from openedx_dcp.programs.defaults import DEFAULT_THRESHOLDS, DEFAULT_TRACKS
from openedx_dcp.programs.models import (
    Affiliation,
    CommunityRole,
    Cycle,
    Organization,
    Program,
    ProgramRules,
    ProgramStaff,
    Track,
)
from openedx_dcp.programs.rules import CycleRules, validate_rules, validate_thresholds, validate_track

if TYPE_CHECKING:  # names in type hints only
    import datetime
    from collections.abc import Callable, Iterable
    from typing import Any

    from django.contrib.auth.models import AbstractBaseUser as User
    from django.contrib.sites.models import Site
    from django.db.models import QuerySet


__all__ = [
    "tenant_programs",
    "create_program",
    "change_thresholds",
    "update_track",
    "add_track",
    "create_cycle",
    "change_cycle_dates",
    "cycle_rules",
    "rules_in_force",
    "version_rules",
    "is_program_staff",
    "require_program_staff",
    "staff_program_ids",
    "TenantCycles",
    "tenant_cycles",
    "cycles_by_id",
    "tracks_by_id",
    "programs_for_site",
    "program_on_site",
    "current_cycle",
    "latest_announced_cycle",
    "active_roles",
    "has_role",
    "affiliated_organization_ids",
    "tenant_staff_program_ids",
    "require_tenant_staff",
    "create_organization",
    "update_organization",
    "add_affiliation",
    "change_affiliation",
    "grant_community_role",
    "change_community_role",
]

_TRACK_FIELDS = {
    "name", "nominee_kind", "description", "criteria_narrative", "rubric", "renewal_criteria",
    "qualifying_signal_kinds", "is_active", "order",
}


def _record_rules_version(program, actor, reason, thresholds=None):
    """
    Append a rules version holding ``thresholds`` (or the current ones) and the tracks as they are now.
    """
    if not (reason or "").strip():
        raise ValidationFailed(_("Say why the rules change: a reason is required."), field="reason")
    program = Program.objects.select_for_update().get(pk=program.pk)
    latest = program.rules_versions.aggregate(latest=Max("version"))["latest"] or 0
    if thresholds is None:
        thresholds = program.rules_versions.get(version=latest).data["thresholds"]
    data = {
        "thresholds": thresholds,
        "tracks": [track.snapshot() for track in program.tracks.order_by("order", "slug")],
    }
    validate_rules(data)
    rules = ProgramRules.objects.create(
        program=program, version=latest + 1, data=data, changed_by=actor, reason=reason.strip()
    )
    audit.record(rules, program, "rules_changed", actor, from_state=f"v{latest}", to_state=f"v{latest + 1}",
                 note=reason)
    return rules


@transaction.atomic
def create_program(*, site: Site, slug: str, name: str, actor: User | None = None, thresholds: dict | None = None,
                   tracks: list | None = None, **fields: Any) -> Program:
    """
    Create a program on ``site`` with the seeds' four tracks and thresholds as its first rules version.
    """
    if Program.objects.filter(site=site, slug=slug).exists():
        raise ValidationFailed(_("Site {domain} already has a program '{slug}'.").format(
            domain=site.domain, slug=slug), field="slug")
    program = Program.objects.create(site=site, slug=slug, name=name, **fields)
    for order, track_data in enumerate(copy.deepcopy(tracks if tracks is not None else DEFAULT_TRACKS)):
        Track.objects.create(program=program, order=order, **track_data)
    merged = {**copy.deepcopy(DEFAULT_THRESHOLDS), **(thresholds or {})}
    _record_rules_version(program, actor, "Program created with the seeds' defaults.", thresholds=merged)
    return program


@transaction.atomic
def change_thresholds(*, program: Program, actor: User | None, reason: str, **changes: Any) -> ProgramRules:
    """
    Change some thresholds of a program (R24): a new rules version records who, when and why. Running cycles
    keep the version they started with.
    """
    # A key added to the defaults after the current version was written starts at its default.
    current = {**copy.deepcopy(DEFAULT_THRESHOLDS), **copy.deepcopy(program.current_rules.data["thresholds"])}
    unknown = set(changes) - set(current)
    if unknown:
        raise ValidationFailed(
            _("Unknown threshold(s): {names}.").format(names=", ".join(sorted(unknown))), code="unknown_field",
            errors={f"thresholds.{key}": ["Unknown threshold."] for key in sorted(unknown)},
        )
    current.update(changes)
    validate_thresholds(current)
    return _record_rules_version(program, actor, reason, thresholds=current)


@transaction.atomic
def update_track(*, track: Track, actor: User | None, reason: str, **changes: Any) -> Track:
    """
    Change a track's name, rubric, renewal criteria or qualifying signals (R24), recording a rules version.
    """
    unknown = set(changes) - _TRACK_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown track field(s): {names}.").format(
            names=", ".join(sorted(unknown))), field="track")
    for field, value in changes.items():
        setattr(track, field, value)
    # Refuse bad track data with its field names before anything is written (a null rubric, an empty one).
    validate_track(track.snapshot())
    track.save()
    _record_rules_version(track.program, actor, reason)
    return track


@transaction.atomic
def add_track(*, program: Program, actor: User | None, reason: str, slug: str, name: str, **fields: Any) -> Track:
    """
    Add a track to a program (e.g. "Rising Stars", R24), recording a rules version.
    """
    unknown = set(fields) - _TRACK_FIELDS
    if unknown:
        raise ValidationFailed(_("Unknown track field(s): {names}.").format(
            names=", ".join(sorted(unknown))), field="track")
    validate_track(Track(program=program, slug=slug, name=name, **fields).snapshot())
    try:
        with transaction.atomic():
            track = Track.objects.create(program=program, slug=slug, name=name, **fields)
    except IntegrityError as exc:
        raise ValidationFailed(_("Program already has a track '{slug}'.").format(slug=slug), field="slug") from exc
    _record_rules_version(program, actor, reason)
    return track


def create_cycle(*, program: Program, slug: str, name: str, nominations_open: datetime.datetime,
                 nominations_close: datetime.datetime, review_start: datetime.datetime,
                 review_end: datetime.datetime,
                 announcement_at: datetime.datetime, actor: User | None = None) -> Cycle:
    """
    Open a cycle of ``program`` with dated phases (R4). It keeps the program's current rules version (R24).
    """
    _check_date_order({"nominations_open": nominations_open, "nominations_close": nominations_close,
                       "review_start": review_start, "review_end": review_end, "announcement_at": announcement_at})
    with transaction.atomic():
        if Cycle.objects.filter(program=program, slug=slug).exists():
            raise ValidationFailed(_("Program already has a cycle '{slug}'.").format(slug=slug), field="slug")
        cycle = Cycle.objects.create(
            program=program, rules=program.current_rules, slug=slug, name=name,
            nominations_open=nominations_open, nominations_close=nominations_close,
            review_start=review_start, review_end=review_end, announcement_at=announcement_at,
        )
        audit.record(cycle, program, "cycle_created", actor, to_state=cycle.stage)
    return cycle


CYCLE_DATES = ("nominations_open", "nominations_close", "review_start", "review_end", "announcement_at")
# Each date after the first, with whether it may equal the one before it (R4).
_DATE_ORDER = (("nominations_close", False), ("review_start", True), ("review_end", False),
               ("announcement_at", True))


def _check_date_order(dates):
    """Refuse dates out of order, keyed by the first date that comes too early (R4)."""
    for index, (field, may_equal) in enumerate(_DATE_ORDER):
        before = CYCLE_DATES[index]
        if dates[field] < dates[before] or (dates[field] == dates[before] and not may_equal):
            relation = "on or after" if may_equal else "after"
            raise ValidationFailed(
                _("Cycle dates must be in order: {field} comes {relation} {before}.").format(
                    field=field.replace("_", " "), relation=relation, before=before.replace("_", " ")),
                field=field, code="dates_out_of_order",
            )


@transaction.atomic
def change_cycle_dates(*, cycle: Cycle, actor: User | None, **dates: Any) -> Cycle:
    """
    Correct or move a cycle's dates (R4) within the workflow's rules: a date whose moment has passed has
    started its phase and stays; a new date is not in the past (it would start a phase behind everyone's
    back); the nominations' dates stay once screening started; the order holds. Audited with old and new.
    """
    unknown = set(dates) - set(CYCLE_DATES)
    if unknown:
        raise ValidationFailed(_("Unknown date(s): {names}.").format(
            names=", ".join(sorted(unknown))), code="unknown_field",
                               errors={name: ["Unknown date."] for name in sorted(unknown)})
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    now = timezone.now()
    changed = {name: value for name, value in dates.items() if value != getattr(locked, name)}
    for name, value in changed.items():
        if getattr(locked, name) <= now or (name.startswith("nominations") and locked.stage != Cycle.NOMINATIONS):
            raise TransitionRefused(_("The {replace} has passed: its phase has started.").format(
                replace=name.replace('_', ' ')),
                                    field=name, code="phase_started")
        if value <= now:
            raise ValidationFailed(_("The new {replace} is in the past.").format(
                replace=name.replace('_', ' ')), field=name,
                                   code="date_in_past")
    _check_date_order({name: changed.get(name, getattr(locked, name)) for name in CYCLE_DATES})
    if changed:
        note = "; ".join(f"{name}: {getattr(locked, name).isoformat()} -> {value.isoformat()}"
                         for name, value in sorted(changed.items()))
        for name, value in changed.items():
            setattr(locked, name, value)
        locked.save(update_fields=sorted(changed))
        audit.record(locked, locked.program, "dates_changed", actor, locked.stage, locked.stage, note=note)
    return locked


def version_rules(*, version: ProgramRules, track: Track | str | None = None) -> CycleRules:
    """
    The rules of one rules ``version`` for ``track`` (a ``Track`` or its slug), as that version recorded them.
    Used for what runs on a recorded version without a cycle (a membership term); cycles use ``cycle_rules``.
    """
    slug = track.slug if isinstance(track, Track) else track
    return CycleRules(version=version, track=version.track(slug) if slug else None)


def cycle_rules(*, cycle: Cycle, track: Track | str | None = None) -> CycleRules:
    """
    The rules of ``cycle`` for ``track`` (R24): the thresholds of the version the cycle started with and the
    track as that version recorded it, whatever staff changed since. Every rule that runs within a cycle
    (eligibility, endorsements, panel, rubric, equity, membership terms started from it) reads it here.
    """
    return version_rules(version=cycle.rules, track=track)


def rules_in_force(*, program: Program, cycle: Cycle | None = None, track: Track | str | None = None) -> CycleRules:
    """
    The rules people acting now follow (R24): those of ``cycle`` when one is given (``cycle_rules``), else the
    program's newest version (what the next cycle starts with). Pages that explain the rules, the dashboard's
    targets and a lapsed member's waiting period read them here.
    """
    if cycle is not None:
        return cycle_rules(cycle=cycle, track=track)
    return version_rules(version=program.current_rules, track=track)


def is_program_staff(*, user: User, program: Program) -> bool:
    """Whether ``user`` runs ``program`` (superusers run every program)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return ProgramStaff.objects.filter(program=program, user=user).exists()


def _staff_program_rows(shape, *, user=None, site=None):
    on_site, everything = shape
    programs = Program.objects.all()
    if on_site:
        programs = programs.filter(site_id=site)
    if not everything:
        programs = programs.filter(staff__user_id=user)
    return programs.values_list("id", flat=True)


_STAFF_PROGRAMS = PreparedQuery(_staff_program_rows)


def staff_program_ids(*, user: User, site: Site = None) -> set:
    """Ids of the programs ``user`` is staff of, on ``site`` when given (asked by most requests: prepared)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    ints = {"user": user.pk, **({"site": site.pk} if site is not None else {})}
    if user.is_superuser:
        ints.pop("user")
    return set(_STAFF_PROGRAMS.rows((site is not None, user.is_superuser), ints=ints))


@dataclass(frozen=True)
class TenantCycles:
    """
    The cycles of a tenant and those ``user`` runs as program staff: what the lists filter on (the tenant's
    cycle ids rather than a join through cycles and programs), read in one query (``tenant_cycles``).
    """

    programs: dict[int, int]
    """``{cycle id: program id}`` of every cycle of the tenant."""
    staff: frozenset[int]
    """Ids of the cycles whose program the user runs (every cycle for a superuser)."""
    seats: frozenset[int] | None = None
    """Ids of the cycles where the user has a row of ``seated`` (their panel seats), None when not asked."""

    @property
    def staff_programs(self) -> set[int]:
        """Ids of the tenant's programs the user runs that have a cycle."""
        return {self.programs[cycle] for cycle in self.staff}


def _tenant_cycle_rows(shape, *, site, user=None):
    """The query of ``tenant_cycles``: ``(cycle id, program id, runs, sits)`` of the tenant's cycles."""
    runs_kind, seated = shape
    if runs_kind == "staff":
        runs = Exists(ProgramStaff.objects.filter(program_id=OuterRef("program_id"), user_id=user))
    else:
        runs = Value(runs_kind == "all")
    sits = Value(False) if seated is None else Exists(seated(user).filter(cycle_id=OuterRef("pk")))
    return (Cycle.objects.filter(program__site_id=site).annotate(runs=runs, sits=sits)
            .values_list("id", "program_id", "runs", "sits").order_by())


_TENANT_CYCLES = PreparedQuery(_tenant_cycle_rows)


def tenant_cycles(*, user: User, site: Site, seated: Callable[[int], QuerySet] | None = None) -> TenantCycles:
    """
    The cycles of tenant ``site`` and which of them ``user`` runs as program staff, in one query. A view reads
    it once per request and hands it to the list functions that take ``cycles=`` (never across requests: a
    role granted in between counts on the next request). ``seated(user id)``, rows with a ``cycle_id`` (the
    user's panel seats: the review package passes them), fills ``seats`` in the same query. Every request
    asks this, so the query is compiled once per process (``openedx_dcp.prepared``).
    """
    authenticated = getattr(user, "is_authenticated", False)
    if site is None:
        return TenantCycles(programs={}, staff=frozenset(), seats=None if seated is None else frozenset())
    if not authenticated:
        runs_kind, seated_now = "none", None
    else:
        runs_kind, seated_now = ("all" if user.is_superuser else "staff"), seated
    # The user's id only where the query uses it (a superuser's staff flag is a constant): an id the query does
    # not use would leave it unprepared.
    uses_user = runs_kind == "staff" or seated_now is not None
    ints = {"site": site.pk, **({"user": user.pk} if uses_user else {})}
    rows = _TENANT_CYCLES.rows((runs_kind, seated_now), ints=ints)
    return TenantCycles(programs={cycle: program for cycle, program, _, _ in rows},
                        staff=frozenset(cycle for cycle, _, runs, _ in rows if runs),
                        seats=None if seated is None else frozenset(cycle for cycle, _, _, sits in rows if sits))


def require_program_staff(*, user: User, program: Program) -> None:
    """Raise ``NotPermitted`` unless ``user`` runs ``program``."""
    if not is_program_staff(user=user, program=program):
        raise NotPermitted(_("Only program staff may do this."))


def programs_for_site(*, site: Site) -> QuerySet:
    """The active programs of a tenant."""
    return Program.objects.filter(site=site, is_active=True)


def program_on_site(*, site: Site, slug: str) -> Program | None:
    """The program ``slug`` of tenant ``site``, or None (another tenant's program with that slug is not it)."""
    return Program.objects.select_related("site").filter(site=site, slug=slug).first()


def current_cycle(*, program: Program, now: datetime.datetime | None = None) -> Cycle | None:
    """
    The cycle people of ``program`` act in now: the newest cycle whose nominations have opened and whose cohort
    is not announced yet, else the next cycle to open, else None.
    """
    now = now or timezone.now()
    cycles = program.cycles.exclude(stage=Cycle.ANNOUNCED)
    return (
        cycles.filter(nominations_open__lte=now).order_by("-nominations_open").first()
        or cycles.filter(nominations_open__gt=now).order_by("nominations_open").first()
    )


def latest_announced_cycle(*, program: Program) -> Cycle | None:
    """The cycle of ``program`` whose cohort was announced last, or None."""
    return program.cycles.filter(stage=Cycle.ANNOUNCED).order_by("-announcement_at").first()


def active_roles(*, program: Program, user: User, on: datetime.date | None = None) -> set:
    """The community roles ``user`` holds in ``program`` on date ``on`` (today by default) (R3)."""
    on = on or timezone.now().date()
    if not getattr(user, "pk", None):
        return set()
    return set(
        CommunityRole.objects.filter(program=program, user=user, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values_list("role", flat=True)
    )


def has_role(*, program: Program, user: User, role: str, on: datetime.date | None = None) -> bool:
    """Whether ``user`` holds ``role`` in ``program`` on ``on``."""
    return role in active_roles(program=program, user=user, on=on)


def _tenant_program_rows(shape, *, site, user=None):
    runs = Value(shape == "all") if shape != "staff" else Exists(
        ProgramStaff.objects.filter(program_id=OuterRef("pk"), user_id=user))
    return Program.objects.filter(site_id=site).annotate(runs=runs).values_list("id", "runs").order_by()


_TENANT_PROGRAMS = PreparedQuery(_tenant_program_rows)


def tenant_programs(*, user: User, site: Site) -> tuple[set[int], set[int]]:
    """
    ``(every program of tenant site, those user runs)``, as ids, in one prepared query: a list that shows
    program staff their programs' rows and everyone their own needs both (the own rows outside the programs
    the user runs are the only ones to look for).
    """
    if site is None:
        return set(), set()
    if not getattr(user, "is_authenticated", False):
        rows = _TENANT_PROGRAMS.rows("none", ints={"site": site.pk})
    elif user.is_superuser:
        rows = _TENANT_PROGRAMS.rows("all", ints={"site": site.pk})
    else:
        rows = _TENANT_PROGRAMS.rows("staff", ints={"site": site.pk, "user": user.pk})
    return {program for program, _ in rows}, {program for program, runs in rows if runs}


def _affiliation_rows(shape, *, user):
    return Affiliation.objects.filter(user_id=user).values_list("organization_id", "start", "end")


_AFFILIATIONS = PreparedQuery(_affiliation_rows)


def affiliated_organization_ids(*, user: User, on: datetime.date | None = None) -> set:
    """
    Ids of the organizations ``user`` belongs to on ``on`` (today by default): an affiliation from its start
    to its end, both included, or with no end. A person has a few affiliations: all are read (one prepared
    query, asked by most requests) and the day is compared here.
    """
    on = on or timezone.now().date()
    if not getattr(user, "pk", None):
        return set()
    return {organization for organization, start, end in _AFFILIATIONS.rows(None, ints={"user": user.pk})
            if start <= on and (end is None or end >= on)}


def tenant_staff_program_ids(*, user: User, site: Site) -> set[int]:
    """Ids of the programs of tenant ``site`` that ``user`` runs (every program of it for a superuser)."""
    return staff_program_ids(user=user, site=site)


def require_tenant_staff(*, user: User, site: Site) -> None:
    """
    Raise ``NotPermitted`` unless ``user`` runs a program of tenant ``site``: organizations and affiliations
    belong to the tenant's community, which its program staff keep.
    """
    if not tenant_staff_program_ids(user=user, site=site):
        raise NotPermitted(_("Only program staff of this site may do this."))


def _check_dated(start, end) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationFailed(_("The end comes on or after the start."), field="end", code="dates_out_of_order")


def _slug_taken():
    raise ValidationFailed(_("This slug is already used on this site."), field="slug", code="unique")


def _refuse_unknown_fields(unknown):
    raise ValidationFailed(_("Unknown field(s): {names}.").format(names=", ".join(sorted(unknown))),
                           code="unknown_field", errors={name: [_("Unknown field.")] for name in sorted(unknown)})


@transaction.atomic
def create_organization(*, site: Site, actor: User, slug: str, name: str, url: str = "",
                        size: int | None = None) -> Organization:
    """Add an organization to tenant ``site``'s community (``actor`` runs a program of it); slugs are unique."""
    require_tenant_staff(user=actor, site=site)
    if Organization.objects.filter(site=site, slug=slug).exists():
        _slug_taken()
    try:
        with transaction.atomic():
            return Organization.objects.create(site=site, slug=slug, name=name, url=url, size=size)
    except IntegrityError:  # a concurrent request took the slug between the check and the insert
        _slug_taken()


_ORGANIZATION_FIELDS = {"slug", "name", "url", "size"}


@transaction.atomic
def update_organization(*, organization: Organization, actor: User, **changes: Any) -> Organization:
    """
    Change an organization's slug, name, url or size (``size`` decides how a partner is assessed, R13; the
    nominations of the organization read it from here).
    """
    require_tenant_staff(user=actor, site=organization.site)
    unknown = set(changes) - _ORGANIZATION_FIELDS
    if unknown:
        _refuse_unknown_fields(unknown)
    slug = changes.get("slug")
    if slug and Organization.objects.filter(site_id=organization.site_id, slug=slug).exclude(
            pk=organization.pk).exists():
        _slug_taken()
    for name, value in changes.items():
        setattr(organization, name, value)
    try:
        with transaction.atomic():
            organization.save(update_fields=sorted(changes) or None)
    except IntegrityError:
        _slug_taken()
    return organization


@transaction.atomic
def add_affiliation(*, user: User, organization: Organization, actor: User, start: datetime.date | None = None,
                    end: datetime.date | None = None) -> Affiliation:
    """
    Record that ``user`` belongs to ``organization`` from ``start`` (today by default) until ``end`` (open when
    None). Affiliations decide conflicts of interest (R10) and who consents for an organization nominee.
    """
    require_tenant_staff(user=actor, site=organization.site)
    start = start or timezone.now().date()
    _check_dated(start, end)
    return Affiliation.objects.create(user=user, organization=organization, start=start, end=end)


@transaction.atomic
def change_affiliation(*, affiliation: Affiliation, actor: User, **dates: Any) -> Affiliation:
    """Correct an affiliation's ``start`` or ``end`` (an end closes it; the history of dates stays meaningful)."""
    require_tenant_staff(user=actor, site=affiliation.organization.site)
    unknown = set(dates) - {"start", "end"}
    if unknown:
        _refuse_unknown_fields(unknown)
    _check_dated(dates.get("start", affiliation.start), dates.get("end", affiliation.end))
    for name, value in dates.items():
        setattr(affiliation, name, value)
    affiliation.save(update_fields=sorted(dates) or None)
    return affiliation


def _check_role_organization(program: Program, role: str, organization: Organization | None) -> None:
    if organization is not None and organization.site_id != program.site_id:
        raise ValidationFailed(_("This organization is not one of this site's."), field="organization",
                               code="does_not_exist")
    if role == CommunityRole.PARTNER_REPRESENTATIVE and organization is None:
        raise ValidationFailed(_("A partner representative represents an organization: name it."),
                               field="organization", code="required")


@transaction.atomic
def grant_community_role(*, program: Program, user: User, role: str, actor: User,
                         organization: Organization | None = None,
                         start: datetime.date | None = None, end: datetime.date | None = None,
                         note: str = "") -> CommunityRole:
    """
    Give ``user`` the dated community ``role`` in ``program`` (R3; roles decide who endorses, R6, and who sits on
    which panel seat, R9). The Distinguished Contributor role is the program's own, granted at announcement.
    """
    require_program_staff(user=actor, program=program)
    if role == CommunityRole.DISTINGUISHED_CONTRIBUTOR:
        raise ValidationFailed(_("The program grants the Distinguished Contributor role at announcement."),
                               field="role", code="invalid_choice")
    start = start or timezone.now().date()
    _check_dated(start, end)
    _check_role_organization(program, role, organization)
    granted = CommunityRole.objects.create(program=program, user=user, role=role, organization=organization,
                                           start=start, end=end, note=note)
    audit.record(granted, program, "role_granted", actor,
                 note=f"{user.username}: {role} from {start.isoformat()}" + (f" to {end.isoformat()}" if end else ""))
    return granted


_ROLE_FIELDS = {"start", "end", "organization", "note"}


@transaction.atomic
def change_community_role(*, community_role: CommunityRole, actor: User, **changes: Any) -> CommunityRole:
    """
    Correct a community role's dates, organization or note; an ``end`` closes the role (what was done while it
    was held stays). Audited with old and new dates.
    """
    require_program_staff(user=actor, program=community_role.program)
    unknown = set(changes) - _ROLE_FIELDS
    if unknown:
        _refuse_unknown_fields(unknown)
    _check_dated(changes.get("start", community_role.start), changes.get("end", community_role.end))
    _check_role_organization(community_role.program, community_role.role,
                             changes.get("organization", community_role.organization))
    before = f"{community_role.start} to {community_role.end or 'open'}"
    for name, value in changes.items():
        setattr(community_role, name, value)
    community_role.save(update_fields=sorted(changes) or None)
    audit.record(community_role, community_role.program, "role_changed", actor,
                 note=f"{community_role.user.username}: {community_role.role} {before} -> "
                      f"{community_role.start} to {community_role.end or 'open'}")
    return community_role



# A page's cycles with their program (and its site) and rules, and its tracks: the rows of a list share them,
# so their JSON documents (rules, rubrics) are read and decoded once per page, not once per row (P3, P5).
_CYCLE_COLUMNS = columns_of(Cycle)
_CYCLE_PROGRAM_COLUMNS = columns_of(Program, prefix="program__")
_CYCLE_SITE_COLUMNS = columns_of(SiteModel, prefix="program__site__")
_CYCLE_RULES_COLUMNS = columns_of(ProgramRules, prefix="rules__")
_TRACK_COLUMNS = columns_of(Track)
_CYCLES_BY_ID = PreparedQuery(lambda shape, ids: Cycle.objects.order_by().filter(pk__in=ids).values(
    *_CYCLE_COLUMNS, *_CYCLE_PROGRAM_COLUMNS, *_CYCLE_SITE_COLUMNS, *_CYCLE_RULES_COLUMNS))
_TRACKS_BY_ID = PreparedQuery(lambda shape, ids: Track.objects.order_by().filter(pk__in=ids).values(*_TRACK_COLUMNS))


def cycles_by_id(*, ids: Iterable[int]) -> dict[int, Cycle]:
    """``{id: cycle}`` of the cycles ``ids``, each with its program, the program's site and its rules loaded."""
    ids = sorted(set(ids))
    cycles = {}
    for row in _CYCLES_BY_ID.rows(len(ids), int_lists={"ids": ids}):
        cycle = instance_of(Cycle, row, _CYCLE_COLUMNS)
        cycle.program = instance_of(Program, row, _CYCLE_PROGRAM_COLUMNS, "program__")
        cycle.program.site = instance_of(SiteModel, row, _CYCLE_SITE_COLUMNS, "program__site__")
        cycle.rules = instance_of(ProgramRules, row, _CYCLE_RULES_COLUMNS, "rules__")
        cycles[cycle.pk] = cycle
    return cycles


def tracks_by_id(*, ids: Iterable[int]) -> dict[int, Track]:
    """``{id: track}`` of the tracks ``ids``."""
    ids = sorted(set(ids))
    return {row["id"]: instance_of(Track, row, _TRACK_COLUMNS)
            for row in _TRACKS_BY_ID.rows(len(ids), int_lists={"ids": ids})}
