"""
Stories and spotlights (R19) on the program's pages: the public list and a story's page, the Atom feed, the
consent page of the member a story is about, and the small form where a signed-in person says the program
motivated them (KR 5.2).

Drafts, scheduled stories and another tenant's stories read as not found, for everyone but the subject on the
consent page (R26). The list makes the same number of queries whatever the number of stories.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.exceptions import DcpError
from openedx_dcp.pages.base import PageView, page_url
from openedx_dcp.pages.forms import PageForm
from openedx_dcp.programs import api as programs_api
from openedx_dcp.tenancy import current_site, public_url
from openedx_dcp.toggles import program_enabled

__all__ = ["StoryListView", "StoryView", "StoryFeed", "StoryConsentView", "CiteProgramView", "story_entry",
           "stories_of_member"]

PAGE_SIZE = 12


def subject_url(story):
    """The subject's badge page in the directory."""
    if story.subject_organization_id:
        return page_url("member-organization", program=story.program.slug,
                        organization=story.subject_organization.slug)
    return page_url("member", program=story.program.slug, username=story.subject_user.get_username())


def story_entry(story, program):
    """What a list shows of a story (no body: the list never renders Markdown)."""
    story.program = program  # the page's program: no query per story
    return {"pk": story.pk, "title": story.title, "summary": story.summary,
            "subject": stories_api.subject_name(story), "subject_url": subject_url(story),
            "published_at": story.published_at, "image_url": story.image_url, "image_alt": story.image_alt,
            "url": page_url("story", program=program.slug, pk=story.pk)}


def stories_of_member(program, *, user=None, organization=None):
    """The published stories about one member, for the member's page (one query)."""
    return [story_entry(story, program)
            for story in stories_api.stories_about(program, user=user, organization=organization)[:20]]


class CitationForm(PageForm):
    statement = forms.CharField(
        label=gettext_lazy("How did the program motivate you? (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("A sentence or two; program staff read it, it is not published."),
    )


class StoryListView(PageView):
    """``/dcp/<program>/stories/``: the published stories, newest first, 12 a page, with the Atom feed link."""

    login_required = False
    nav = "stories"
    template_name = "openedx_dcp/pages/stories/list.html"

    def get(self, request, *args, **kwargs):
        page = Paginator(stories_api.published_stories(self.program), PAGE_SIZE).get_page(request.GET.get("page"))
        user = request.user
        slug = self.program.slug
        context = self.get_context_data(
            page_title=_("Stories and spotlights"),
            page=page,
            entries=[story_entry(story, self.program) for story in page],
            feed_url=page_url("story-feed", program=self.program.slug),
            citation=citations_api.citation_of(self.program, user),
            citation_form=CitationForm() if user.is_authenticated else None,
            sign_in_url=f"{settings.LOGIN_URL}?{urlencode({'next': page_url('story-cite', program=slug)})}",
        )
        return self.render_to_response(context)


class StoryView(PageView):
    """``/dcp/<program>/stories/<id>/``: one published story, its Markdown rendered safely."""

    login_required = False
    nav = "stories"
    template_name = "openedx_dcp/pages/stories/story.html"

    def get(self, request, *args, **kwargs):
        story = stories_api.published_story(self.program, kwargs["pk"])
        if story is None:
            raise Http404("No such story.")
        story.program = self.program
        context = self.get_context_data(
            page_title=story.title,
            story=story,
            entry=story_entry(story, self.program),
            # Cleaned by nh3 to ALLOWED_TAGS (stories.api.render_markdown): safe to insert as HTML.
            body=mark_safe(stories_api.render_markdown(story.body)),  # noqa: S308
            page_link=public_url(self.site, request.path),
            feed_url=page_url("story-feed", program=self.program.slug),
        )
        return self.render_to_response(context)


class StoryConsentView(PageView):
    """
    ``/dcp/<program>/stories/<id>/consent/``: the member (or a person of the member organization) reads the
    story as written and consents to its publication, or withdraws consent. Not found for anyone else.
    """

    nav = "stories"
    template_name = "openedx_dcp/pages/stories/consent.html"

    def story(self):
        return stories_api.story_for_subject(program=self.program, pk=self.kwargs["pk"], user=self.request.user)

    def render_story(self, story, status=200, refusal=None):
        story.program = self.program
        context = self.get_context_data(
            page_title=_("A story about you: consent to publish"),
            story=story,
            subject=stories_api.subject_name(story),
            body=mark_safe(stories_api.render_markdown(story.body)),  # noqa: S308 (cleaned by nh3)
            public_url=page_url("story", program=self.program.slug, pk=story.pk) if story.published_at else None,
            refusal=refusal,
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        try:
            story = self.story()
        except DcpError as exc:
            raise Http404("No such story.") from exc
        return self.render_story(story)

    def post(self, request, *args, **kwargs):
        try:
            story = self.story()
        except DcpError as exc:
            raise Http404("No such story.") from exc
        decision = request.POST.get("decision")
        try:
            if decision == "consent":
                stories_api.give_consent(story=story, actor=request.user)
                messages.success(request, _("Thank you: you consented to publishing this story. Program staff "
                                            "publish it on the date they choose."))
            elif decision == "withdraw":
                stories_api.withdraw_consent(story=story, actor=request.user)
                messages.success(request, _("Your consent is withdrawn: the story is not public."))
            else:
                return self.render_story(story, status=400,
                                         refusal=_("Choose to consent or to withdraw your consent."))
        except DcpError as exc:
            return self.render_story(story, status=exc.status_code, refusal=exc.message)
        return self.redirect_to("story-consent", program=self.program.slug, pk=story.pk)


class CiteProgramView(PageView):
    """
    ``/dcp/<program>/stories/motivated/``: a signed-in person says the program motivated them to engage with
    the community (KR 5.2), with an optional sentence. Once per person; saying it again updates the sentence.
    """

    nav = "stories"
    template_name = "openedx_dcp/pages/stories/cite.html"

    def render_form(self, form, status=200):
        context = self.get_context_data(page_title=_("The program motivated me"), form=form,
                                        citation=citations_api.citation_of(self.program, self.request.user))
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        citation = citations_api.citation_of(self.program, request.user)
        return self.render_form(CitationForm(initial={"statement": citation.statement if citation else ""}))

    def post(self, request, *args, **kwargs):
        form = CitationForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            citations_api.record_citation(program=self.program, user=request.user,
                                          statement=form.cleaned_data["statement"])
        except DcpError as exc:
            return self.refuse(exc, form=form)
        messages.success(request, _("Thank you for telling us. It helps the program know it reaches new "
                                    "contributors."))
        return self.redirect_to("story-cite", program=self.program.slug)


class StoryFeed(Feed):
    """
    ``/dcp/<program>/stories/feed.atom``: the program's published stories as an Atom feed (RFC 4287), newest
    first, each entry with its summary and its body as cleaned HTML; links on the tenant's public base URL.
    """

    feed_type = Atom1Feed

    def get_object(self, request, program):
        if not program_enabled():
            raise Http404("The Distinguished Contributor Program is not enabled.")
        site = current_site(request)
        found = programs_api.program_on_site(site=site, slug=program)
        if found is None or not found.is_active:
            raise Http404("No such program on this site.")
        return found

    def title(self, obj):
        return _("Stories and spotlights: %(program)s") % {"program": obj.name}

    def subtitle(self, obj):
        return _("Stories of the Distinguished Contributors of %(program)s.") % {"program": obj.name}

    def link(self, obj):
        return public_url(obj.site, page_url("stories", program=obj.slug))

    def feed_url(self, obj):
        return public_url(obj.site, page_url("story-feed", program=obj.slug))

    def author_name(self, obj):
        return obj.organization_name or obj.name

    def items(self, obj):
        stories = list(stories_api.published_stories(obj)[:20])
        for story in stories:
            story.program = obj
        return stories

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom's <summary type="html">: the summary, then the story's body, both cleaned.
        summary = stories_api.render_markdown(item.summary) if item.summary else ""
        return summary + stories_api.render_markdown(item.body)

    def item_link(self, item):
        return public_url(item.program.site, page_url("story", program=item.program.slug, pk=item.pk))

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated, item.published_at)

    def item_author_name(self, item):
        return item.program.organization_name or item.program.name
