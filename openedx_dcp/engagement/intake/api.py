"""
Public functions of accomplishment-first intake (R25). Pages, the REST API, admin and the demo call these.

Who does what:

- program staff open a survey for a cycle (``open_survey``) and choose what the public page shows (``set_shown``);
- any signed-in person submits accomplishments while the survey is open (``submit_accomplishment``);
- program staff and the panelists of the survey's cycle curate: merge duplicates, link the people or
  organizations behind an accomplishment, and turn a link into a peer nomination draft. A panelist never sees
  an accomplishment they are conflicted on (``curated_by``): one they submitted, are linked to (themselves or an
  organization they belong to or represent), or whose nomination is hidden from them (R10, R26).

Turning a link into a nomination calls ``nominations.api.create_nomination`` with the curator as nominator; every
rule of nominations (the cycle open, the nominee fitting the track, renomination, one active nomination) is the
nominations domain's, and the draft then asks the nominee's consent as any peer nomination does (R5).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit, notifications
from openedx_dcp.engagement.intake.models import Accomplishment, AccomplishmentLink, AccomplishmentSurvey
from openedx_dcp.exceptions import NotFound, NotPermitted, RuleViolation, ValidationFailed
from openedx_dcp.nominations import api as nominations_api
from openedx_dcp.nominations import conflicts
from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Organization, Track
from openedx_dcp.review.conflicts import represented_organization_ids
from openedx_dcp.review.models import Panelist

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import AbstractBaseUser as User
    from django.db.models import QuerySet

    from openedx_dcp.programs.models import Cycle, Program

__all__ = [
    "open_survey",
    "survey_of",
    "current_survey",
    "submit_accomplishment",
    "submitted_by",
    "public_accomplishments",
    "may_curate",
    "may_show",
    "curated_by",
    "curated_accomplishment",
    "merge",
    "link_party",
    "unlink",
    "nominate_from_link",
    "set_shown",
    "retire_user",
    "MAX_LINKS",
]

MAX_LINKS = 20
_validate_url = URLValidator(schemes=["http", "https"])


# ---- surveys ---------------------------------------------------------------------------------------------------

def open_survey(*, program: Program, cycle: Cycle, actor: User | None, title: str, opens_at: datetime.datetime,
                closes_at: datetime.datetime, introduction: str = "") -> AccomplishmentSurvey:
    """Program staff open the accomplishment survey of ``cycle`` (one per cycle) for the given window (R25)."""
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=program)
    if cycle.program_id != program.pk:
        raise ValidationFailed(_("This cycle is not part of the program."), field="cycle")
    if not (title or "").strip():
        raise ValidationFailed(_("Give the survey a title."), field="title")
    if closes_at <= opens_at:
        raise ValidationFailed(_("The survey must close after it opens."), field="closes_at")
    try:
        with transaction.atomic():
            survey = AccomplishmentSurvey.objects.create(
                program=program, cycle=cycle, title=title.strip(), introduction=introduction or "",
                opens_at=opens_at, closes_at=closes_at,
            )
            audit.record(survey, program, "open_survey", actor,
                         note=f"{opens_at:%Y-%m-%d %H:%M} to {closes_at:%Y-%m-%d %H:%M} UTC")
    except IntegrityError as exc:
        raise RuleViolation(_("{cycle} already has an accomplishment survey.").format(cycle=cycle.name),
                            field="cycle", code="survey_exists") from exc
    return survey


def survey_of(program: Program, pk: int) -> AccomplishmentSurvey | None:
    """The survey ``pk`` of ``program``, or None (another program's survey reads as not found)."""
    return AccomplishmentSurvey.objects.filter(program=program, pk=pk).select_related("cycle", "program").first()


def current_survey(program: Program, *, now: datetime.datetime | None = None) -> AccomplishmentSurvey | None:
    """The survey open now, else the one that opens next, else the latest that closed; None when there is none."""
    now = now or timezone.now()
    surveys = AccomplishmentSurvey.objects.filter(program=program).select_related("cycle", "program")
    return (
        surveys.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at").first()
        or surveys.filter(opens_at__gt=now).order_by("opens_at").first()
        or surveys.order_by("-closes_at").first()
    )


# ---- submitting ------------------------------------------------------------------------------------------------

def _clean_links(links):
    cleaned = []
    for link in links or []:
        link = str(link).strip()
        try:
            _validate_url(link)
        except DjangoValidationError:
            raise ValidationFailed(_("“{link}” is not a web address (https://…).").format(link=link[:100]),
                                   field="links") from None
        if link not in cleaned:
            cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationFailed(_("Give at most {count} links.").format(count=MAX_LINKS), field="links")
    return cleaned


def _window_problem(survey, now):
    if now < survey.opens_at:
        return _("The survey “{title}” opens on {date:%Y-%m-%d %H:%M} UTC; submit your accomplishments then.").format(
            title=survey.title, date=survey.opens_at)
    if now >= survey.closes_at:
        return _("The survey “{title}” closed on {date:%Y-%m-%d %H:%M} UTC: accomplishments are no longer "
                 "accepted.").format(title=survey.title, date=survey.closes_at)
    return None


def submit_accomplishment(*, survey: AccomplishmentSurvey, actor: User, track: Track, title: str, why: str,
                          links: list | None = None) -> Accomplishment:
    """
    A signed-in community member submits one accomplishment of the year on ``track`` (R25): what, why it mattered
    and links. Refused, with the dates, outside the survey's window.
    """
    if not getattr(actor, "is_authenticated", False):
        raise NotPermitted(_("Sign in to submit an accomplishment."))
    problem = _window_problem(survey, timezone.now())
    if problem:
        raise RuleViolation(problem, field="survey", code="survey_closed")
    if track.program_id != survey.program_id or not track.is_active:
        raise ValidationFailed(_("Choose one of the program's tracks."), field="track")
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("Say what was accomplished.")]
    if not (why or "").strip():
        errors["why"] = [_("Say why it mattered.")]
    if errors:
        first = next(iter(errors))
        raise ValidationFailed(errors[first][0], field=first, errors=errors)
    cleaned = _clean_links(links)
    with transaction.atomic():
        accomplishment = Accomplishment.objects.create(
            survey=survey, track=track, submitted_by=actor, title=title.strip()[:200], why=why.strip(),
            links=cleaned,
        )
        audit.record(accomplishment, survey.program, "submit_accomplishment", actor)
    return accomplishment


def submitted_by(user: User, program: Program) -> QuerySet:
    """The accomplishments ``user`` submitted to ``program``'s surveys, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Accomplishment.objects.none()
    return (
        Accomplishment.objects.filter(submitted_by=user, survey__program=program)
        .select_related("survey", "track", "merged_into")
        .order_by("-created", "-id")
    )


def public_accomplishments(program: Program) -> QuerySet:
    """
    What the program chose to show (``shown``), never a merged duplicate: newest survey first. The people linked
    behind an accomplishment are not part of it: being linked is no consent to be named in public (R26).
    """
    return (
        Accomplishment.objects.filter(survey__program=program, shown=True, merged_into__isnull=True)
        .select_related("survey", "track")
        .order_by("-survey__opens_at", "track__order", "-created", "-id")
    )


# ---- curating --------------------------------------------------------------------------------------------------

def _is_panelist(user, survey):
    return Panelist.objects.filter(cycle_id=survey.cycle_id, user_id=getattr(user, "pk", None)).exists()


def may_curate(user: User, survey: AccomplishmentSurvey) -> bool:
    """Program staff, and the panelists of the survey's cycle, curate its accomplishments (R25)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return programs_api.is_program_staff(user=user, program=survey.program) or _is_panelist(user, survey)


def may_show(user: User, survey: AccomplishmentSurvey) -> bool:
    """Program staff choose what the public page shows."""
    return bool(getattr(user, "is_authenticated", False)) and programs_api.is_program_staff(user=user,
                program=survey.program)


def _conflicted(user, survey):
    """
    A condition on ``Accomplishment`` for those ``user`` may not curate as a panelist of the survey's cycle: they
    submitted it, they or an organization they belong to or represent are linked to it, or one of its
    nominations is hidden from them (R10, R26).
    """
    organizations = represented_organization_ids(user, survey.program)
    hidden = conflicts.hidden_from(user, cycle_ids=[survey.cycle_id])
    linked = AccomplishmentLink.objects.filter(accomplishment=OuterRef("pk")).filter(
        Q(user=user) | Q(organization_id__in=organizations) | Q(nomination_id__in=hidden))
    return Q(submitted_by=user) | Q(Exists(linked))


def curated_by(user: User, survey: AccomplishmentSurvey) -> QuerySet:
    """
    The accomplishments of ``survey`` that ``user`` may curate: all of them for program staff who do not sit on
    the cycle's panel, none for who may not curate, and for a panelist all but those they are conflicted on.
    """
    if not may_curate(user, survey):
        return Accomplishment.objects.none()
    rows = Accomplishment.objects.filter(survey=survey)
    if _is_panelist(user, survey):
        rows = rows.exclude(_conflicted(user, survey))
    return rows


def curated_accomplishment(user: User, survey: AccomplishmentSurvey, pk: int) -> Accomplishment:
    """The accomplishment ``pk`` of ``survey`` if ``user`` may curate it, else ``NotFound`` (R26)."""
    found = (curated_by(user, survey).filter(pk=pk)
             .select_related("survey__program", "survey__cycle", "track", "submitted_by", "merged_into").first())
    if found is None:
        raise NotFound()
    return found


def _require_curator(actor, accomplishment):
    """The accomplishment as ``actor`` may curate it, locked; ``NotFound`` when they may not (R26)."""
    survey = accomplishment.survey
    if actor is not None and not curated_by(actor, survey).filter(pk=accomplishment.pk).exists():
        raise NotFound()
    return Accomplishment.objects.select_for_update().select_related("survey__program", "survey__cycle",
                                                                      "track").get(pk=accomplishment.pk)


def merge(*, duplicate: Accomplishment, kept: Accomplishment, actor: User | None) -> Accomplishment:
    """
    Merge ``duplicate`` into ``kept`` (same survey): the duplicate points to the kept one and keeps its own text;
    its links (web addresses, and the people and organizations behind it) are carried to the kept one, so nothing
    is lost. Returns the kept accomplishment.
    """
    with transaction.atomic():
        if duplicate.pk == kept.pk:
            raise ValidationFailed(_("An accomplishment cannot be merged into itself."), field="kept")
        if duplicate.survey_id != kept.survey_id:
            raise ValidationFailed(_("Only accomplishments of the same survey can be merged."), field="kept")
        target = _require_curator(actor, kept)
        source = _require_curator(actor, duplicate)
        if source.merged_into_id is not None:
            raise RuleViolation(_("This accomplishment is already merged into another one."), field="duplicate",
                                code="already_merged")
        if target.merged_into_id is not None:
            raise RuleViolation(_("Merge into the accomplishment that was kept, not into a duplicate."),
                                field="kept", code="already_merged")
        target.links = list(dict.fromkeys([*target.links, *source.links]))[:MAX_LINKS]
        target.shown = target.shown or source.shown
        target.save(update_fields=["links", "shown"])
        have = {(link.user_id, link.organization_id) for link in target.people.all()}
        for link in source.people.all():
            if (link.user_id, link.organization_id) in have:
                continue
            AccomplishmentLink.objects.create(accomplishment=target, user_id=link.user_id,
                                              organization_id=link.organization_id, linked_by=link.linked_by,
                                              nomination_id=link.nomination_id)
        # Duplicates merged earlier into the duplicate now point to the kept one too.
        Accomplishment.objects.filter(merged_into=source).update(merged_into=target)
        source.merged_into = target
        source.shown = False
        source.save(update_fields=["merged_into", "shown"])
        program = target.survey.program
        audit.record(source, program, "merge_accomplishment", actor, note=f"into #{target.pk}")
        audit.record(target, program, "keep_accomplishment", actor, note=f"merged #{source.pk}")
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    return target


def link_party(*, accomplishment: Accomplishment, actor: User | None, username: str = "",
               organization_slug: str = "") -> AccomplishmentLink:
    """
    Link the person (by exact username, no account listing) or the organization (by slug, on the program's
    site) behind ``accomplishment``. Each is linked once.
    """
    username, organization_slug = (username or "").strip(), (organization_slug or "").strip()
    if bool(username) == bool(organization_slug):
        raise ValidationFailed(_("Name one person (their exact username) or one organization."), field="username")
    with transaction.atomic():
        locked = _require_curator(actor, accomplishment)
        if locked.merged_into_id is not None:
            raise RuleViolation(_("This accomplishment was merged: link people to the one that was kept."),
                                field="accomplishment", code="already_merged")
        party = {}
        if username:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise ValidationFailed(_("No account has this username."), field="username")
            party["user"] = user
        else:
            organization = Organization.objects.filter(site_id=locked.survey.program.site_id,
                                                       slug=organization_slug).first()
            if organization is None:
                raise ValidationFailed(_("No organization has this slug on this site."), field="organization")
            party["organization"] = organization
        try:
            with transaction.atomic():
                link = AccomplishmentLink.objects.create(accomplishment=locked, linked_by=actor, **party)
        except IntegrityError as exc:
            raise RuleViolation(_("They are already linked to this accomplishment."), field=next(iter(party)),
                                code="already_linked") from exc
        audit.record(locked, locked.survey.program, "link_accomplishment", actor, note=link.party_display)
    return link


def _link_of_curator(actor, link):
    accomplishment = Accomplishment.objects.select_related("survey").get(pk=link.accomplishment_id)
    locked_accomplishment = _require_curator(actor, accomplishment)
    locked = AccomplishmentLink.objects.select_for_update().select_related("user", "organization").get(pk=link.pk)
    return locked_accomplishment, locked


def unlink(*, link: AccomplishmentLink, actor: User | None) -> None:
    """Remove a link that has not been turned into a nomination."""
    with transaction.atomic():
        accomplishment, locked = _link_of_curator(actor, link)
        if locked.nomination_id is not None:
            raise RuleViolation(_("This link became a nomination; it stays as the nomination's origin."),
                                field="link", code="link_nominated")
        audit.record(accomplishment, accomplishment.survey.program, "unlink_accomplishment", actor,
                     note=locked.party_display)
        locked.delete()


def _nomination_content(accomplishment, duplicates):
    survey = accomplishment.survey
    summary = _("Accomplishment reported by the community in “{survey}”: {title}").format(
        survey=survey.title, title=accomplishment.title)
    impact = accomplishment.why
    for duplicate in duplicates:
        impact += "\n\n" + _("Also reported: {title}. {why}").format(title=duplicate.title, why=duplicate.why)
    page = notifications.page_url(survey.program, "accomplishment-public-list")
    links = list(accomplishment.links)
    return {
        "summary": summary[:10000],
        "impact_statement": impact[:10000],
        "references": _("Accomplishment survey “{survey}”, accomplishment #{pk}. {page}").format(
            survey=survey.title, pk=accomplishment.pk, page=page).strip(),
        "evidence_links": links,
    }


def nominate_from_link(*, link: AccomplishmentLink, actor: User) -> Nomination:
    """
    Turn ``link`` into a peer nomination draft of the linked person or organization on the accomplishment's
    track and the survey's cycle, with the accomplishment (and its merged duplicates) as evidence, by ``actor``
    as nominator. ``nominations.api.create_nomination`` decides whether it may be created; the draft then
    follows the usual rules from the nominee's consent onwards (R5, R25).
    """
    with transaction.atomic():
        accomplishment, locked = _link_of_curator(actor, link)
        if locked.nomination_id is not None:
            raise RuleViolation(_("This link is already a nomination."), field="link", code="link_nominated")
        if accomplishment.merged_into_id is not None:
            raise RuleViolation(_("This accomplishment was merged: nominate from the one that was kept."),
                                field="link", code="already_merged")
        duplicates = list(accomplishment.duplicates.order_by("created", "id"))
        nomination = nominations_api.create_nomination(
            cycle=accomplishment.survey.cycle, track=accomplishment.track, nominator=actor, kind=Nomination.PEER,
            nominee_user=locked.user, nominee_organization=locked.organization,
            **_nomination_content(accomplishment, duplicates),
        )
        locked.nomination = nomination
        locked.save(update_fields=["nomination"])
        audit.record(accomplishment, accomplishment.survey.program, "nominate_from_accomplishment", actor,
                     note=f"nomination #{nomination.pk} of {locked.party_display}")
    link.refresh_from_db()
    return nomination


def set_shown(*, accomplishment: Accomplishment, actor: User | None, shown: bool) -> Accomplishment:
    """Program staff choose whether the public page lists ``accomplishment`` (never a merged duplicate)."""
    with transaction.atomic():
        locked = Accomplishment.objects.select_for_update().select_related("survey__program").get(
            pk=accomplishment.pk)
        if actor is not None and not may_show(actor, locked.survey):
            raise NotFound() if not may_curate(actor, locked.survey) else NotPermitted(
                _("Only program staff choose what the public page shows."))
        if shown and locked.merged_into_id is not None:
            raise RuleViolation(_("A merged duplicate is not shown; show the accomplishment that was kept."),
                                field="shown", code="already_merged")
        locked.shown = bool(shown)
        locked.save(update_fields=["shown"])
        audit.record(locked, locked.survey.program, "show_accomplishment" if shown else "hide_accomplishment", actor)
    accomplishment.refresh_from_db()
    return locked


# ---- retirement ------------------------------------------------------------------------------------------------

def retire_user(user: User) -> dict:
    """
    Remove ``user``'s accomplishments and the links naming them. Duplicates merged into one of their
    accomplishments stand on their own again (they keep their text); nominations made from a link stay (the
    nominations package redacts them).
    """
    mine = Accomplishment.objects.filter(submitted_by=user)
    Accomplishment.objects.filter(merged_into__in=mine.values("pk")).exclude(submitted_by=user).update(
        merged_into=None)
    links = AccomplishmentLink.objects.filter(user=user).delete()[0]
    removed = mine.count()
    mine.delete()
    return {"accomplishments": removed, "accomplishment_links": links}
