"""
Public functions for programs, tracks, rules, roles and cycles. The REST layer, admin and commands call these.
"""

import copy

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.exceptions import NotPermitted, TransitionRefused, ValidationFailed
from openedx_dcp.programs.defaults import DEFAULT_THRESHOLDS, DEFAULT_TRACKS
from openedx_dcp.programs.models import (
    Affiliation,
    CommunityRole,
    Cycle,
    Program,
    ProgramRules,
    ProgramStaff,
    Track,
)
from openedx_dcp.programs.rules import CycleRules, validate_rules, validate_thresholds, validate_track

__all__ = [
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
    "programs_for_site",
    "program_on_site",
    "current_cycle",
    "latest_announced_cycle",
    "active_roles",
    "has_role",
    "affiliated_organization_ids",
]

_TRACK_FIELDS = {
    "name", "nominee_kind", "description", "criteria_narrative", "rubric", "renewal_criteria",
    "qualifying_signal_kinds", "image_url", "is_active", "order",
}


def _record_rules_version(program, actor, reason, thresholds=None):
    """
    Append a rules version holding ``thresholds`` (or the current ones) and the tracks as they are now.
    """
    if not (reason or "").strip():
        raise ValidationFailed("Say why the rules change: a reason is required.", field="reason")
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
def create_program(site, slug, name, actor=None, thresholds=None, tracks=None, **fields):
    """
    Create a program on ``site`` with the seeds' four tracks and thresholds as its first rules version.
    """
    if Program.objects.filter(site=site, slug=slug).exists():
        raise ValidationFailed(f"Site {site.domain} already has a program '{slug}'.", field="slug")
    program = Program.objects.create(site=site, slug=slug, name=name, **fields)
    for order, track_data in enumerate(copy.deepcopy(tracks if tracks is not None else DEFAULT_TRACKS)):
        Track.objects.create(program=program, order=order, **track_data)
    merged = {**copy.deepcopy(DEFAULT_THRESHOLDS), **(thresholds or {})}
    _record_rules_version(program, actor, "Program created with the seeds' defaults.", thresholds=merged)
    return program


@transaction.atomic
def change_thresholds(program, actor, reason, **changes):
    """
    Change some thresholds of a program (R24): a new rules version records who, when and why. Running cycles
    keep the version they started with.
    """
    # A key added to the defaults after the current version was written starts at its default.
    current = {**copy.deepcopy(DEFAULT_THRESHOLDS), **copy.deepcopy(program.current_rules.data["thresholds"])}
    unknown = set(changes) - set(current)
    if unknown:
        raise ValidationFailed(
            f"Unknown threshold(s): {', '.join(sorted(unknown))}.", code="unknown_field",
            errors={f"thresholds.{key}": ["Unknown threshold."] for key in sorted(unknown)},
        )
    current.update(changes)
    validate_thresholds(current)
    return _record_rules_version(program, actor, reason, thresholds=current)


@transaction.atomic
def update_track(track, actor, reason, **changes):
    """
    Change a track's name, rubric, renewal criteria or qualifying signals (R24), recording a rules version.
    """
    unknown = set(changes) - _TRACK_FIELDS
    if unknown:
        raise ValidationFailed(f"Unknown track field(s): {', '.join(sorted(unknown))}.", field="track")
    for field, value in changes.items():
        setattr(track, field, value)
    # Refuse bad track data with its field names before anything is written (a null rubric, an empty one).
    validate_track(track.snapshot())
    track.save()
    _record_rules_version(track.program, actor, reason)
    return track


@transaction.atomic
def add_track(program, actor, reason, slug, name, **fields):
    """
    Add a track to a program (e.g. "Rising Stars", R24), recording a rules version.
    """
    unknown = set(fields) - _TRACK_FIELDS
    if unknown:
        raise ValidationFailed(f"Unknown track field(s): {', '.join(sorted(unknown))}.", field="track")
    validate_track(Track(program=program, slug=slug, name=name, **fields).snapshot())
    try:
        with transaction.atomic():
            track = Track.objects.create(program=program, slug=slug, name=name, **fields)
    except IntegrityError as exc:
        raise ValidationFailed(f"Program already has a track '{slug}'.", field="slug") from exc
    _record_rules_version(program, actor, reason)
    return track


def create_cycle(program, slug, name, nominations_open, nominations_close, review_start, review_end,
                 announcement_at, actor=None):
    """
    Open a cycle of ``program`` with dated phases (R4). It keeps the program's current rules version (R24).
    """
    _check_date_order({"nominations_open": nominations_open, "nominations_close": nominations_close,
                       "review_start": review_start, "review_end": review_end, "announcement_at": announcement_at})
    with transaction.atomic():
        if Cycle.objects.filter(program=program, slug=slug).exists():
            raise ValidationFailed(f"Program already has a cycle '{slug}'.", field="slug")
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
                f"Cycle dates must be in order: {field.replace('_', ' ')} comes {relation} "
                f"{before.replace('_', ' ')}.", field=field, code="dates_out_of_order",
            )


@transaction.atomic
def change_cycle_dates(*, cycle: Cycle, actor, **dates) -> Cycle:
    """
    Correct or move a cycle's dates (R4) within the workflow's rules: a date whose moment has passed has
    started its phase and stays; a new date is not in the past (it would start a phase behind everyone's
    back); the nominations' dates stay once screening started; the order holds. Audited with old and new.
    """
    unknown = set(dates) - set(CYCLE_DATES)
    if unknown:
        raise ValidationFailed(f"Unknown date(s): {', '.join(sorted(unknown))}.", code="unknown_field",
                               errors={name: ["Unknown date."] for name in sorted(unknown)})
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    now = timezone.now()
    changed = {name: value for name, value in dates.items() if value != getattr(locked, name)}
    for name, value in changed.items():
        if getattr(locked, name) <= now or (name.startswith("nominations") and locked.stage != Cycle.NOMINATIONS):
            raise TransitionRefused(f"The {name.replace('_', ' ')} has passed: its phase has started.",
                                    field=name, code="phase_started")
        if value <= now:
            raise ValidationFailed(f"The new {name.replace('_', ' ')} is in the past.", field=name,
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


def is_program_staff(user, program):
    """Whether ``user`` runs ``program`` (superusers run every program)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return ProgramStaff.objects.filter(program=program, user=user).exists()


def staff_program_ids(user, site=None):
    """Ids of the programs ``user`` is staff of, on ``site`` when given."""
    if not getattr(user, "is_authenticated", False):
        return set()
    programs = Program.objects.all()
    if site is not None:
        programs = programs.filter(site=site)
    if not user.is_superuser:
        programs = programs.filter(staff__user=user)
    return set(programs.values_list("id", flat=True))


def require_program_staff(user, program):
    """Raise ``NotPermitted`` unless ``user`` runs ``program``."""
    if not is_program_staff(user, program):
        raise NotPermitted("Only program staff may do this.")


def programs_for_site(site):
    """The active programs of a tenant."""
    return Program.objects.filter(site=site, is_active=True)


def program_on_site(site, slug):
    """The program ``slug`` of tenant ``site``, or None (another tenant's program with that slug is not it)."""
    return Program.objects.select_related("site").filter(site=site, slug=slug).first()


def current_cycle(program: Program, *, now=None) -> Cycle | None:
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


def latest_announced_cycle(program: Program) -> Cycle | None:
    """The cycle of ``program`` whose cohort was announced last, or None."""
    return program.cycles.filter(stage=Cycle.ANNOUNCED).order_by("-announcement_at").first()


def active_roles(program, user, on=None):
    """The community roles ``user`` holds in ``program`` on date ``on`` (today by default) (R3)."""
    on = on or timezone.now().date()
    if not getattr(user, "pk", None):
        return set()
    return set(
        CommunityRole.objects.filter(program=program, user=user, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values_list("role", flat=True)
    )


def has_role(program, user, role, on=None):
    """Whether ``user`` holds ``role`` in ``program`` on ``on``."""
    return role in active_roles(program, user, on)


def affiliated_organization_ids(user, on=None):
    """Ids of the organizations ``user`` belongs to on ``on`` (today by default)."""
    on = on or timezone.now().date()
    if not getattr(user, "pk", None):
        return set()
    return set(
        Affiliation.objects.filter(user=user, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values_list("organization_id", flat=True)
    )
