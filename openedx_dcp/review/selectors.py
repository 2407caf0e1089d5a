"""
What panelists, staff and participants read (R10, R11, R26): the panel's queue and dossiers, the reviews, the
nominations' visible history and endorsements, the cohort for approval. Reads only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, F, OuterRef, Q, TextField, Value, When
from django.utils import timezone

from openedx_dcp.audit.models import AuditRecord, AuditVisibility
from openedx_dcp.contributions import api as contributions_api
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import eligibility
from openedx_dcp.nominations.models import (
    Endorsement,
    Nomination,
    NominationState,
)
from openedx_dcp.prepared import PreparedQuery, columns_of, instance_of
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Cycle
from openedx_dcp.review import conflicts, equity
from openedx_dcp.review.common import is_conflicted_on, may_see_panel_scores
from openedx_dcp.review.models import (
    Assignment,
    ConflictOfInterest,
    Decision,
    DeliberationComment,
    Panelist,
    Review,
    ReviewDraft,
    Vote,
)
from openedx_dcp.review.panel import is_conflicted, panelist_of, require_panelist
from openedx_dcp.review.permissions import is_program_steward
from openedx_dcp.review.scoring import aggregate_scores

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User
    from django.contrib.sites.models import Site
    from django.db.models import QuerySet

    from openedx_dcp.programs.models import Program

__all__ = [
    "panel_nominations",
    "review_queue",
    "dossier",
    "panel_view_of",
    "reviews_visible_to",
    "cohort_for_approval",
    "final_lists_awaiting",
    "endorsement_requests_for",
    "nominations_for_review",
    "viewer_cycles",
    "sees_panel_work",
    "visible_history",
    "endorsements_visible_to",
]


def panel_nominations(*, user: User, program: Program) -> QuerySet:
    """
    The nominations of ``program`` that ``user`` works on as a panelist (not as staff): those assigned to them
    and, from deliberation on, every nomination their cycle's panel deliberates; never one they are
    conflicted on (R10, R26). Program staff who do not sit on a panel get none here.
    """
    seats = Panelist.objects.filter(user_id=getattr(user, "pk", None), cycle__program=program)
    assigned = Exists(Assignment.objects.filter(nomination=OuterRef("pk"), panelist__user_id=getattr(user, "pk", None)))
    open_to_panel = Q(cycle__stage__in=Cycle.Stage.REVIEWED) & Q(state__in=[
        NominationState.DELIBERATION, NominationState.SELECTED, NominationState.NOT_SELECTED,
        NominationState.ANNOUNCED, NominationState.RESCINDED,
    ])
    return (
        Nomination.objects.filter(cycle__program=program, cycle_id__in=seats.values("cycle_id"))
        .filter(Q(assigned) | open_to_panel)
        .exclude(pk__in=conflicts.hidden_from(user))
    )


def review_queue(*, user: User, program: Program) -> dict:
    """
    A panelist's work in ``program`` in a fixed number of queries: ``assigned`` (not started), ``in_progress``
    (a draft saved), ``done`` (final review), ``deliberating`` (nominations their panel deliberates), each a
    list of nominations; ``declared`` (their recusals: when and why, without the nomination, which a conflict
    hides, R26); ``seats`` (their panel seats).
    """
    seats = list(Panelist.objects.filter(user_id=getattr(user, "pk", None), cycle__program=program)
                 .select_related("cycle").order_by("-cycle__nominations_open"))
    nominations = list(
        panel_nominations(user=user, program=program).select_related("track", "cycle", "nominee_user",
                                                                     "nominee_organization")
        .order_by("cycle_id", "pk")
    )
    ids = [n.pk for n in nominations]
    mine = Assignment.objects.filter(panelist__user_id=user.pk, nomination_id__in=ids)
    assigned = set(mine.values_list("nomination_id", flat=True))
    done = set(Review.objects.filter(panelist__user_id=user.pk, nomination_id__in=ids).values_list(
        "nomination_id", flat=True))
    drafted = set(ReviewDraft.objects.filter(assignment__in=mine).values_list("assignment__nomination_id",
                                                                              flat=True))
    queue = {"assigned": [], "in_progress": [], "done": [], "deliberating": []}
    for nomination in nominations:
        if nomination.cycle.stage in Cycle.Stage.REVIEWED:
            queue["deliberating"].append(nomination)
        elif nomination.pk in done:
            queue["done"].append(nomination)
        elif nomination.pk in drafted:
            queue["in_progress"].append(nomination)
        elif nomination.pk in assigned:
            queue["assigned"].append(nomination)
    queue["declared"] = list(ConflictOfInterest.objects.filter(
        panelist__in=seats, kind=ConflictOfInterest.DECLARED).order_by("-created").values("created", "reason"))
    queue["seats"] = seats
    return queue


def dossier(*, nomination: Nomination) -> dict:
    """
    What a panelist reads before scoring: the active endorsements with their statements (R6), the nominee's
    recorded contribution evidence (R21) and eligibility (R7), and for organizations the partner metrics on
    the basis that applies (R13). The caller has checked the reader may see the nomination.
    """
    program = nomination.cycle.program
    who = ({"organization": nomination.nominee_organization} if nomination.nominee_organization_id
           else {"user": nomination.nominee_user})
    signals = list(
        contributions_api.signals_of(site=program.site, until=nomination.cycle.nominations_close, **who)
        .order_by("-occurred_at", "-pk")[:20]
    )
    return {
        "endorsements": list(nomination.endorsements.filter(withdrawn_at__isnull=True)
                             .select_related("endorser").order_by("created", "pk")),
        "evidence": contributions_api.evidence_summary(program=program, **who),
        "recent_signals": signals,
        "eligibility_problems": eligibility.eligibility_problems(nomination),
        "partner": equity.for_reviewer(equity.partner_metrics(nomination)),
    }


def panel_view_of(*, nomination: Nomination, user: User) -> dict:
    """
    What panelist ``user`` may see of ``nomination`` and do on it now: their assignment, draft and final
    review; the panel's aggregate and the others' reviews only once their own review is final or the cycle
    deliberates (R11); the comments and their vote while the cycle deliberates.
    """
    panelist = require_panelist(cycle=nomination.cycle, user=user)
    assignment = Assignment.objects.filter(panelist=panelist, nomination=nomination).first()
    own = Review.objects.filter(assignment=assignment).first() if assignment else None
    draft = ReviewDraft.objects.filter(assignment=assignment).first() if assignment and own is None else None
    reviewed_stage = nomination.cycle.stage in Cycle.Stage.REVIEWED
    may_see_panel = may_see_panel_scores(stage=nomination.cycle.stage, reviewed_it=own is not None)
    deliberating = (nomination.cycle.stage == Cycle.DELIBERATION
                    and nomination.state == NominationState.DELIBERATION)
    decision = Decision.objects.filter(nomination=nomination).first()
    return {
        "panelist": panelist,
        "assignment": assignment,
        "own_review": own,
        "draft": draft,
        "may_score": bool(assignment and own is None and nomination.cycle.stage == Cycle.EVALUATION
                          and nomination.state == NominationState.EVALUATION),
        "may_see_panel": may_see_panel,
        "aggregate": aggregate_scores(nominations=[nomination])[nomination.pk] if may_see_panel else None,
        "reviews": list(reviews_visible_to(user=user, nomination=nomination)) if may_see_panel else [],
        "deliberating": deliberating,
        "comments": list(DeliberationComment.objects.filter(nomination=nomination).select_related("author"))
        if reviewed_stage else [],
        "my_vote": Vote.objects.filter(panelist=panelist, nomination=nomination).first(),
        "votes_open": deliberating and decision is None,
        "decision": decision,
    }


def reviews_visible_to(*, user: User, nomination: Nomination) -> QuerySet:
    """
    The reviews of ``nomination`` that ``user`` may read: all for program staff who do not sit on its panel;
    for a panelist none while conflicted (R10), otherwise their own, and the others' once they have submitted
    their own or the cycle has reached deliberation (R11).
    """
    reviews = Review.objects.filter(nomination=nomination).select_related("panelist__user").order_by("pk")
    panelist = panelist_of(cycle=nomination.cycle, user=user)
    if panelist is None:
        return reviews if programs_api.is_program_staff(user=user, program=nomination.cycle.program) else reviews.none()
    if is_conflicted(panelist=panelist, nomination=nomination):
        return reviews.none()
    if may_see_panel_scores(stage=nomination.cycle.stage,
                            reviewed_it=reviews.filter(panelist=panelist).exists()):
        return reviews
    return reviews.filter(panelist=panelist)


def cohort_for_approval(*, cycle: Cycle) -> list:
    """
    The final list a steward representative approves: the nominations in deliberation with their staged
    decision (selected first), track and nominee loaded.
    """
    decisions = (
        Decision.objects.filter(nomination__cycle=cycle, nomination__state=NominationState.DELIBERATION)
        .select_related("nomination__track", "nomination__nominee_user", "nomination__nominee_organization")
        .order_by("outcome", "nomination__track__order", "nomination_id")
    )
    return sorted(decisions, key=lambda decision: decision.outcome != Decision.SELECTED)


def final_lists_awaiting(*, user: User, program: Program) -> list[Cycle]:
    """
    The cycles of ``program`` whose final list waits for ``user``'s approval: every cycle awaiting approval when
    ``user`` is one of its steward representatives (R11), oldest review first; none for anyone else.
    """
    if not is_program_steward(user=user, program=program):
        return []
    return list(program.cycles.filter(stage=Cycle.APPROVAL).order_by("review_end", "pk"))


def endorsement_requests_for(*, user: User, site: Site) -> list:
    """
    The nominations of ``site`` whose nominator asked ``user`` by name to endorse them (the
    ``endorsement_requested`` lines of the audit trail), while endorsements are open, that ``user`` has not
    endorsed yet, newest request first. A peer nomination shows only once its nominee has consented (R5).
    """
    if not getattr(user, "is_authenticated", False):
        return []
    requested = AuditRecord.objects.filter(
        program__site=site, action="endorsement_requested", note=user.get_username(),
        content_type=ContentType.objects.get_for_model(Nomination),
    ).values("object_id")
    nominations = (
        Nomination.objects.filter(pk__in=requested, state__in=nominations_api.ENDORSABLE_STATES,
                                  cycle__review_start__gt=timezone.now())
        .filter(Q(kind=Nomination.SELF) | Q(consent_given_at__isnull=False))
        .exclude(endorsements__endorser=user)
        .select_related("cycle__program", "cycle__rules", "track", "nominator", "nominee_user",
                        "nominee_organization")
        .order_by("-created", "-id")
    )
    return list(nominations)


def _seats_of(user_id):
    return Panelist.objects.filter(user_id=user_id)


def viewer_cycles(*, user: User, site: Site) -> programs_api.TenantCycles:
    """
    ``programs_api.tenant_cycles`` of ``user`` on ``site`` with the cycles where ``user`` sits on the panel
    (``seats``), in the same one query: what a request's lists ask of the viewer (P3).
    """
    return programs_api.tenant_cycles(user=user, site=site, seated=_seats_of)


def nominations_for_review(*, user: User, site: Site,
                           cycles: programs_api.TenantCycles | None = None) -> QuerySet:
    """
    The nominations ``user`` works on in review, on ``site``: for program staff every screened nomination of
    their programs; for a panelist the nominations assigned to them, and in deliberation and after every
    nomination of their cycle, never one they are conflicted on (R10). Nothing of another tenant (R1).
    ``cycles`` is ``programs_api.tenant_cycles`` for the same user and site when the caller already read it.
    """
    if not getattr(user, "is_authenticated", False) or site is None:
        return Nomination.objects.none()
    cycles = cycles or programs_api.tenant_cycles(user=user, site=site)
    # The tenant's cycle ids rather than a join through cycles and programs: the count and the page's ids are
    # read from the nomination table's (cycle, state) index alone (P3).
    screened = Nomination.objects.filter(cycle_id__in=sorted(cycles.programs)).exclude(
        state__in=[NominationState.DRAFT, NominationState.SUBMITTED, NominationState.WITHDRAWN]
    )
    if cycles.seats is not None:
        seat_cycles = sorted(cycles.seats)
    else:
        seat_cycles = sorted(Panelist.objects.filter(user=user, cycle_id__in=sorted(cycles.programs))
                             .values_list("cycle_id", flat=True)) if cycles.programs else []
    visible = Q(cycle_id__in=sorted(cycles.staff))
    if seat_cycles:
        # Only for someone on a panel: the OR with a correlated EXISTS makes the database test every row of
        # the tenant, so staff who sit on no panel get the plain filter their programs' index answers (P3).
        assigned = Exists(Assignment.objects.filter(nomination=OuterRef("pk"), panelist__user=user))
        open_to_panel = Q(cycle__stage__in=Cycle.Stage.REVIEWED) & ~Q(state=NominationState.SCREENED_OUT)
        visible |= Q(cycle_id__in=seat_cycles) & (Q(assigned) | open_to_panel)
    if not cycles.staff and not seat_cycles:
        return screened.none()  # neither staff nor on a panel here: nothing, and no query to learn it
    hidden = conflicts.hidden_from(user, cycle_ids=seat_cycles)
    visible = screened.filter(visible)
    return visible if hidden.query.is_empty() else visible.exclude(pk__in=hidden)


def _speaks_for(user, nomination):
    """The nominator, the nominee person, or a member or representative of the nominee organization."""
    if user.pk in (nomination.nominator_id, nomination.nominee_user_id):
        return True
    return bool(nomination.nominee_organization_id) and nomination.nominee_organization_id in (
        conflicts.represented_organization_ids(user, nomination.cycle.program)
    )


def sees_panel_work(*, user: User, nomination: Nomination) -> bool:
    """
    Whether ``user`` may read the panel's work on ``nomination`` (assignments, reviews, recusals, staged
    decisions): program staff, and panelists who review it (``nominations_for_review``), never a conflicted one.
    """
    if not getattr(user, "is_authenticated", False) or is_conflicted_on(user=user, nomination=nomination):
        return False
    if programs_api.is_program_staff(user=user, program=nomination.cycle.program):
        return True
    return _reviews(user, nomination)


def _reviews(user, nomination):
    """Whether ``nomination`` is among those ``user`` works on in review (``nominations_for_review``)."""
    return nominations_for_review(user=user, site=nomination.cycle.program.site).filter(pk=nomination.pk).exists()


def visible_history(*, user: User, nomination: Nomination,
                    cycles: programs_api.TenantCycles | None = None) -> QuerySet:
    """
    The audit lines of ``nomination`` that ``user`` may read, oldest first (R11, R26). Every place that shows a
    nomination's history (the REST API, the people's pages, admin) calls this or ``latest_visible_history``.

    - program staff read every line; the panel reviewing the nomination reads all but staff-only lines;
    - the nominator and the nominee (or whoever speaks for the nominee organization) read the nomination's own
      moves, its endorsements and the released outcome;
    - an endorser reads the lines of their own endorsement;
    - a panelist or staff member conflicted on the nomination reads nothing through that role (R10).

    Each line carries ``shown_note``: its note, except that the note of an outcome line (the decision's
    rationale) is blank for the nominator and nominee until staff publish the rationale (``publish_rationale``).

    ``cycles`` is ``viewer_cycles`` of the same user on the nomination's tenant when the caller already read it
    (a page, once per request): whether the user runs the program and sits on the cycle's panel are then
    answered from it instead of two more queries.
    """
    shape = _history_shape(user, nomination, cycles)
    return _history_query(shape, content_type=_nomination_type(), nomination=nomination.pk,
                          user=getattr(user, "pk", None)).select_related("actor")


def latest_visible_history(*, user: User, nomination: Nomination, cycles: programs_api.TenantCycles | None,
                           lines: int) -> list[AuditRecord]:
    """
    The latest ``lines`` of ``visible_history`` (the same lines, oldest first, with ``shown_note``), without
    their actors, read by a prepared query (``openedx_dcp.prepared``): a nomination's page asks it on every view.
    """
    shape = _history_shape(user, nomination, cycles)
    ints = {"content_type": _nomination_type(), "nomination": nomination.pk}
    if isinstance(shape, tuple):  # the only shapes that name the reader
        ints["user"] = user.pk
    rows = _LATEST_LINES.rows((shape, lines), ints=ints)
    return [_line_of(row) for row in reversed(rows)]


def _nomination_type():
    return ContentType.objects.get_for_model(Nomination).pk


def _history_shape(user, nomination, cycles):
    """
    What of ``nomination``'s history ``user`` reads (``visible_history``): ``"nothing"``, ``"everything"`` (program
    staff), or ``(panel, speaks)``: whether they read it as the panel reviewing it, and as its nominator, nominee
    or someone speaking for the nominee organization (their own endorsement's lines are read in every case).
    """
    if not getattr(user, "is_authenticated", False):
        return "nothing"
    if cycles is not None and cycles.seats is not None and nomination.cycle_id in cycles.programs:
        seated = nomination.cycle_id in cycles.seats
        runs = nomination.cycle_id in cycles.staff
    else:
        # Conflicts (R10) and panel work are a panelist's of this cycle: for everyone else (the nominator, the
        # nominee, endorsers: most readers) one query answers both.
        seated = Panelist.objects.filter(user_id=user.pk, cycle_id=nomination.cycle_id).exists()
        runs = None  # asked below, once it matters
    conflicted = seated and is_conflicted_on(user=user, nomination=nomination)
    if not conflicted and (runs if runs is not None
                           else programs_api.is_program_staff(user=user, program=nomination.cycle.program)):
        return "everything"
    # ``sees_panel_work`` without asking again what is known here: not conflicted, not program staff, and a
    # panelist of this cycle (``nominations_for_review`` shows a non-staff panelist only their cycles' nominations).
    panel = seated and not conflicted and _reviews(user, nomination)
    return (bool(panel), _speaks_for(user, nomination))


def _history_query(shape, *, content_type, nomination, user):
    """The lines of a nomination's history read in ``shape`` (``_history_shape``), oldest first."""
    V = AuditVisibility
    # ``object_id__in``: Django 5 answers ``=`` with an id no positive column can hold (the prepared read's stand-in)
    # as an empty result instead of compiling it; one value in ``IN`` is the same index lookup to the database.
    records = AuditRecord.objects.filter(content_type_id=content_type, object_id__in=[nomination]).order_by("at", "id")
    if shape == "nothing":
        return records.none()
    if shape == "everything":
        return records.annotate(shown_note=F("note"))
    panel, speaks = shape
    allowed = Q(pk__in=[])
    if panel:
        allowed |= Q(visibility__in=[V.PARTICIPANTS, V.ENDORSER, V.PANEL, V.OUTCOME])
    if speaks:
        allowed |= Q(visibility__in=[V.PARTICIPANTS, V.ENDORSER, V.OUTCOME])
    allowed |= Q(visibility=V.ENDORSER, actor_id=user)
    if panel:
        note = F("note")
    else:
        # Whether the rationale is published is asked inside the lines' query (one query less for most readers).
        published = Exists(Decision.objects.filter(nomination_id=nomination, rationale_published=True,
                                                   released_at__isnull=False))
        note = Case(When(Q(visibility=V.OUTCOME) & ~published, then=Value("")), default=F("note"),
                    output_field=TextField())
    return records.filter(allowed).annotate(shown_note=note)


_LINE_COLUMNS = columns_of(AuditRecord)
_LATEST_LINES = PreparedQuery(lambda shape, *, content_type, nomination, user=None: _history_query(
    shape[0], content_type=content_type, nomination=nomination, user=user,
).reverse().values(*_LINE_COLUMNS, "shown_note")[:shape[1]])


def _line_of(row):
    line = instance_of(AuditRecord, row, _LINE_COLUMNS)
    line.shown_note = row["shown_note"]
    return line


def endorsements_visible_to(*, user: User, site: Site) -> QuerySet:
    """
    The endorsements of ``site``'s nominations that ``user`` may read (R6, R26): their own; those of the
    nominations they nominated or are nominated in; every one of the nominations they run as program staff or
    review on the panel, unless conflicted (R10). An endorser does not read the other endorsements.
    """
    if site is None or not getattr(user, "is_authenticated", False):
        return Endorsement.objects.none()
    endorsements = Endorsement.objects.filter(nomination__cycle__program__site=site)
    staff_programs = programs_api.staff_program_ids(user=user, site=site)
    organizations = programs_api.affiliated_organization_ids(user=user)
    own_nominations = Nomination.objects.filter(
        Q(nominator=user) | Q(nominee_user=user) | Q(nominee_organization_id__in=organizations)
    ).values("pk")
    run = (
        Nomination.objects.filter(cycle__program_id__in=staff_programs)
        .exclude(pk__in=conflicts.hidden_from(user)).values("pk")
    )
    return endorsements.filter(
        Q(endorser=user) | Q(nomination_id__in=own_nominations) | Q(nomination_id__in=run)
        | Q(nomination_id__in=nominations_for_review(user=user, site=site).values("pk"))
    )
