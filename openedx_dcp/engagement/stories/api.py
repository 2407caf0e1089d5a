"""
Stories and spotlights (R19, KR 2.1): the one place stories are written, consented to, published and read.

Who may do what:

- program staff write, change, publish, unpublish and delete the stories of the programs they run, and ask the
  subject for consent (an email with a link to the consent page);
- the subject consents or withdraws consent on the program's pages: the member, or for a member organization a
  person currently affiliated with it (R26: nobody else may see a draft; for them it does not exist);
- everyone reads published stories: ``published_at`` passed, consent given, the program's tenant (R1).

The body is Markdown, rendered to HTML by Python-Markdown and then cleaned by nh3 (ammonia) to a short list of
tags and attributes: scripts, event handlers, styles, frames, images and ``javascript:`` links never reach a
page or the feed, whatever a body holds (ADR 0018).
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import markdown
import nh3
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit, notifications
from openedx_dcp.engagement.stories.models import Story
from openedx_dcp.exceptions import NotFound, RuleViolation, ValidationFailed
from openedx_dcp.membership import api as membership_api
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Affiliation

if TYPE_CHECKING:  # names in type hints only
    from django.contrib.auth.models import User

    from openedx_dcp.programs.models import Organization, Program

__all__ = [
    "create_story", "update_story", "publish_story", "unpublish_story", "delete_story", "ask_for_consent",
    "give_consent", "withdraw_consent", "published_stories", "published_story", "stories_about",
    "story_for_subject", "stories_for_staff", "may_consent", "render_markdown", "story_figures", "retire_user",
    "CONTENT_FIELDS", "MAX_LINKS",
]

# What the member consents to: a change to any of these after consent takes the consent back.
CONTENT_FIELDS = ("title", "summary", "body", "links", "image_url", "image_alt")
MAX_LINKS = 10
_WEB_SCHEMES = {"http", "https"}

# What a story's Markdown may become (ADR 0018): text structure and links, nothing that runs or restyles.
ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul",
    "ol", "li", "a", "abbr", "sup", "sub", "del", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def _headings_from_h2(html):
    """The body's headings shifted so that its top level is ``h2``: the page's ``h1`` is the story's title."""
    levels = [int(level) for _slash, level in _HEADING.findall(html)]
    if not levels:
        return html
    shift = 2 - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", html)


def render_markdown(text: str) -> str:
    """
    ``text`` (Markdown) as safe HTML: headings start at ``h2`` (the page's ``h1`` is the title), links open
    with ``rel="nofollow noopener noreferrer"``, and anything outside ``ALLOWED_TAGS`` is removed (the content
    of ``script`` and ``style`` too).
    """
    html = _headings_from_h2(markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html"))
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES,
                     link_rel="nofollow noopener noreferrer")


def _is_web_url(value):
    parts = urlsplit(value)
    return parts.scheme in _WEB_SCHEMES and bool(parts.netloc)


def _clean_content(fields: dict) -> dict:
    """The content fields checked: a title, a body, web links only, an image with its description."""
    errors = {}
    cleaned = dict(fields)
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            errors["title"] = [_("Give the story a title.")]
        elif len(cleaned["title"]) > 200:
            errors["title"] = [_("Keep the title to 200 characters.")]
    if "summary" in cleaned:
        cleaned["summary"] = (cleaned["summary"] or "").strip()
        if len(cleaned["summary"]) > 300:
            errors["summary"] = [_("Keep the summary to 300 characters.")]
    if "body" in cleaned:
        cleaned["body"] = (cleaned["body"] or "").strip()
        if not cleaned["body"]:
            errors["body"] = [_("Write the story's text (Markdown).")]
        elif len(cleaned["body"]) > 20000:
            errors["body"] = [_("Keep the story to 20,000 characters.")]
    if "links" in cleaned:
        links = [str(link).strip() for link in (cleaned["links"] or []) if str(link).strip()]
        if len(links) > MAX_LINKS:
            errors["links"] = [_("At most %(count)s links.") % {"count": MAX_LINKS}]
        elif any(not _is_web_url(link) or len(link) > 500 for link in links):
            errors["links"] = [_("Each link is a web address starting with https:// or http://.")]
        cleaned["links"] = links
    if "image_url" in cleaned:
        cleaned["image_url"] = (cleaned["image_url"] or "").strip()
        if cleaned["image_url"] and not _is_web_url(cleaned["image_url"]):
            errors["image_url"] = [_("The image is a web address starting with https:// or http://.")]
    if "image_alt" in cleaned:
        cleaned["image_alt"] = (cleaned["image_alt"] or "").strip()
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    return cleaned


def _check_subject(program, subject_user, subject_organization):
    if (subject_user is None) == (subject_organization is None):
        raise ValidationFailed(_("A story is about one member: a person or an organization."), field="subject_user",
                               code="one_subject")
    if subject_user is not None:
        listed = membership_api.directory_entries_of(program=program, username=subject_user.get_username())
        field = "subject_user"
    else:
        listed = (subject_organization.site_id == program.site_id
                  and membership_api.directory_entries_of(program=program, organization_slug=subject_organization.slug))
        field = "subject_organization"
    if not listed:
        raise RuleViolation(_("Stories are about the program's Distinguished Contributors: this one is not in the "
                              "program's directory."), field=field, code="not_a_member")


def _check_image(fields, story=None):
    image_url = fields.get("image_url", story.image_url if story else "")
    image_alt = fields.get("image_alt", story.image_alt if story else "")
    if image_url and not image_alt:
        raise ValidationFailed(_("Describe the picture in a few words (its text alternative)."), field="image_alt",
                               code="image_alt_required")


def _staff_story(story: Story, actor) -> Story:
    """``story`` locked for a change by program staff; anyone else reads "not found" (R26)."""
    if not programs_api.is_program_staff(user=actor, program=story.program):
        raise NotFound()
    return Story.objects.select_for_update().select_related("program__site").get(pk=story.pk)


@transaction.atomic
def create_story(*, program: Program, actor: User, title: str, body: str, subject_user: User | None = None,
                 subject_organization: Organization | None = None, summary: str = "", links: list | None = None,
                 image_url: str = "", image_alt: str = "", ask_consent: bool = False) -> Story:
    """
    A draft story about a member of ``program`` (a person or an organization in its directory), written by
    program staff. ``ask_consent`` also emails the subject a link to read it and consent.
    """
    programs_api.require_program_staff(user=actor, program=program)
    fields = _clean_content({"title": title, "summary": summary, "body": body, "links": links or [],
                             "image_url": image_url, "image_alt": image_alt})
    _check_image(fields)
    _check_subject(program, subject_user, subject_organization)
    story = Story.objects.create(program=program, subject_user=subject_user,
                                 subject_organization=subject_organization, created_by=actor, **fields)
    audit.record(story, program, "create", actor=actor)
    if ask_consent:
        _owe_consent_request(story)
    return story


@transaction.atomic
def update_story(*, story: Story, actor: User, **changes) -> Story:
    """
    Change a story's content (``CONTENT_FIELDS``) or subject. A change to what a consented story says takes the
    consent back and unpublishes it: the member consented to a text, not to whatever it becomes.
    """
    story = _staff_story(story, actor)
    unknown = set(changes) - set(CONTENT_FIELDS) - {"subject_user", "subject_organization"}
    if unknown:
        raise ValidationFailed(_("These fields cannot be changed here: %(fields)s.") % {
            "fields": ", ".join(sorted(unknown))}, code="unknown_field")
    content = _clean_content({k: v for k, v in changes.items() if k in CONTENT_FIELDS})
    _check_image(content, story)
    changed = {name for name, value in content.items() if getattr(story, name) != value}
    if "subject_user" in changes or "subject_organization" in changes:
        subject_user = changes.get("subject_user", story.subject_user)
        subject_organization = changes.get("subject_organization", story.subject_organization)
        if (subject_user, subject_organization) != (story.subject_user, story.subject_organization):
            _check_subject(story.program, subject_user, subject_organization)
            story.subject_user, story.subject_organization = subject_user, subject_organization
            changed.add("subject")
    for name, value in content.items():
        setattr(story, name, value)
    note = ""
    if changed and story.consent_given_at is not None:
        story.consent_given_at = None
        story.consent_given_by = None
        story.published_at = None
        note = _("The story changed after consent: consent and publication taken back.")
    story.save()
    if changed:
        audit.record(story, story.program, "edit", actor=actor, note=note)
    return story


@transaction.atomic
def publish_story(*, story: Story, actor: User, publish_at: datetime.datetime | None = None) -> Story:
    """
    Publish ``story`` now, or on ``publish_at`` (a later date schedules it). Refused without the subject's
    consent (R19, R26).
    """
    story = _staff_story(story, actor)
    if story.consent_given_at is None:
        raise RuleViolation(
            _("%(subject)s has not consented to publishing this story yet: ask for consent, and publish once it "
              "is given.") % {"subject": subject_name(story)},
            field="published_at", code="consent_required")
    story.published_at = publish_at or timezone.now()
    story.save(update_fields=["published_at", "updated"])
    audit.record(story, story.program, "publish", actor=actor, note=story.published_at.isoformat())
    return story


@transaction.atomic
def unpublish_story(*, story: Story, actor: User) -> Story:
    """Take a story off the public pages and the feed (it stays a draft, its consent kept)."""
    story = _staff_story(story, actor)
    if story.published_at is not None:
        story.published_at = None
        story.save(update_fields=["published_at", "updated"])
        audit.record(story, story.program, "unpublish", actor=actor)
    return story


@transaction.atomic
def delete_story(*, story: Story, actor: User) -> None:
    """Delete a story (program staff)."""
    story = _staff_story(story, actor)
    audit.record(story, story.program, "delete", actor=actor, note=story.title)
    story.delete()


def subject_name(story: Story) -> str:
    """The name the pages show for the story's subject: the organization's, or the person's full name or
    username."""
    if story.subject_organization_id:
        return story.subject_organization.name
    user = story.subject_user
    return user.get_full_name() or user.get_username()


def may_consent(user, story: Story) -> bool:
    """Whether ``user`` speaks for the story's subject: the member, or a person of the member organization."""
    if not getattr(user, "is_authenticated", False):
        return False
    if story.subject_user_id:
        return story.subject_user_id == user.pk
    return story.subject_organization_id in programs_api.affiliated_organization_ids(user=user)


def story_for_subject(*, program: Program, pk, user) -> Story:
    """The story ``pk`` of ``program`` for the person who speaks for its subject; "not found" for anyone else."""
    story = (Story.objects.select_related("program__site", "subject_user", "subject_organization")
             .filter(program=program, pk=pk).first())
    if story is None or not may_consent(user, story):
        raise NotFound()
    return story


def _subject_story(story, actor):
    if not may_consent(actor, story):
        raise NotFound()
    return Story.objects.select_for_update().select_related("program__site").get(pk=story.pk)


@transaction.atomic
def give_consent(*, story: Story, actor: User) -> Story:
    """The subject (or a person of the member organization) consents to publishing the story as written."""
    story = _subject_story(story, actor)
    if story.consent_given_at is None:
        story.consent_given_at = timezone.now()
        story.consent_given_by = actor
        story.save(update_fields=["consent_given_at", "consent_given_by", "updated"])
        audit.record(story, story.program, "consent", actor=actor)
    return story


@transaction.atomic
def withdraw_consent(*, story: Story, actor: User) -> Story:
    """The subject withdraws consent: the story leaves the public pages and the feed at once."""
    story = _subject_story(story, actor)
    if story.consent_given_at is not None:
        story.consent_given_at = None
        story.consent_given_by = None
        story.published_at = None
        story.save(update_fields=["consent_given_at", "consent_given_by", "published_at", "updated"])
        audit.record(story, story.program, "withdraw_consent", actor=actor)
    return story


def _subject_people(story, **params):
    if story.subject_user_id:
        return [story.subject_user]
    today = timezone.now().date()
    return [affiliation.user for affiliation in Affiliation.objects.filter(
        organization_id=story.subject_organization_id, start__lte=today,
    ).filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("user")]


def _story_context(story, **params):
    return {"program": story.program, "subject_name": subject_name(story),
            "consent_url": notifications.page_url(story.program, "story-consent", pk=story.pk)}


STORY_SUBJECT = notifications.register_audience("story.subject", recipients=_subject_people, context=_story_context)


def _owe_consent_request(story):
    notifications.owe(template="story_consent_requested", audience=STORY_SUBJECT, subject=story)


@transaction.atomic
def ask_for_consent(*, story: Story, actor: User) -> Story:
    """Email the subject a link to read the story and consent (program staff)."""
    story = _staff_story(story, actor)
    _owe_consent_request(story)
    audit.record(story, story.program, "consent_requested", actor=actor)
    return story


def _public(queryset, now):
    return queryset.filter(published_at__isnull=False, published_at__lte=now, consent_given_at__isnull=False)


def published_stories(program: Program, *, now: datetime.datetime | None = None) -> QuerySet:
    """The stories of ``program`` the public sees, newest first (subjects joined: one query a page)."""
    return (_public(Story.objects.filter(program=program), now or timezone.now())
            .select_related("subject_user", "subject_organization").order_by("-published_at", "-id"))


def published_story(program: Program, pk) -> Story | None:
    """The published story ``pk`` of ``program``, or None (a draft, a scheduled story, another tenant's)."""
    return published_stories(program).filter(pk=pk).first()


def stories_about(program: Program, *, user=None, organization=None) -> QuerySet:
    """The published stories about one member (the member's public page)."""
    stories = published_stories(program)
    if user is not None:
        return stories.filter(subject_user=user)
    return stories.filter(subject_organization=organization)


def stories_for_staff(user, site) -> QuerySet:
    """Every story (drafts included) of the programs of ``site`` that ``user`` runs (R1)."""
    return (Story.objects.filter(program_id__in=programs_api.staff_program_ids(user=user, site=site))
            .select_related("program", "subject_user", "subject_organization").order_by("-created", "-id"))


def _quarter(moment):
    return moment.year, (moment.month - 1) // 3 + 1


def story_figures(program: Program, *, now: datetime.datetime | None = None, since=None, until=None) -> dict:
    """
    KR 2.1 in figures: ``published`` (stories public by ``now``), and ``quarters``: from the quarter of the
    first story to the current one, how many stories each had. A quarter is "missed" when it ended without one
    (the current quarter is never missed while it runs). ``since``/``until`` narrow the count (the program
    report). One query.
    """
    now = now or timezone.now()
    stories = _public(Story.objects.filter(program=program), now)
    if since is not None:
        stories = stories.filter(published_at__gte=since)
    if until is not None:
        stories = stories.filter(published_at__lt=until)
    dates = sorted(stories.values_list("published_at", flat=True))
    counts = {}
    for moment in dates:
        counts[_quarter(moment)] = counts.get(_quarter(moment), 0) + 1
    quarters = []
    if dates:
        year, quarter = _quarter(dates[0])
        current = _quarter(now)
        while (year, quarter) <= current:
            stories_in = counts.get((year, quarter), 0)
            quarters.append({"quarter": f"{year}-Q{quarter}", "stories": stories_in,
                             "missed": stories_in == 0 and (year, quarter) != current})
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return {"published": len(dates), "quarters": quarters}


def retire_user(user) -> int:
    """Delete the stories about ``user`` (retirement); their consent on an organization's story is kept, unnamed."""
    deleted, _rows = Story.objects.filter(subject_user=user).delete()
    Story.objects.filter(consent_given_by=user).update(consent_given_by=None)
    return deleted
