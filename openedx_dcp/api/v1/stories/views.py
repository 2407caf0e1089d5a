"""
REST API of stories (R19) and citations (KR 5.2): thin callers of ``engagement.stories.api`` and
``engagement.citations.api``.

- ``public/programs/<slug>/stories/`` (and ``<id>/``): the published stories, anonymous;
- ``stories/``: program staff list (their programs' stories, drafts included) and write; a story they do not run
  reads as not found (R26), so does a draft for anyone but staff and its subject;
- ``stories/<id>/consent/``: the member the story is about consents (POST) or withdraws consent (DELETE);
- ``citations/``: a signed-in person says the program motivated them (POST); program staff list them (GET).
"""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from openedx_dcp.api.v1.base import DcpPagination, DcpViewMixin, PublicView
from openedx_dcp.api.v1.schema import extend_schema
from openedx_dcp.api.v1.stories import serializers as ser
from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.engagement.stories.models import Story
from openedx_dcp.exceptions import NotFound
from openedx_dcp.programs import api as programs_api

__all__ = ["PublicStoryList", "PublicStoryDetail", "StoryList", "StoryDetail", "StoryPublishView",
           "StoryUnpublishView", "StoryAskConsentView", "StoryConsentView", "CitationList"]

_WRITE_FIELDS = ("title", "summary", "body", "links", "image_url", "image_alt")


class PublicStoryList(PublicView):
    """``GET``: the published stories of a program of this site, newest first. Anonymous, paginated."""

    @extend_schema(responses=ser.PublicStoryListSerializer(many=True))
    def get(self, request, program_slug):
        paginator = DcpPagination()
        page = paginator.paginate_queryset(stories_api.published_stories(self.program(program_slug)), request,
                                           view=self)
        return paginator.get_paginated_response(ser.PublicStoryListSerializer(page, many=True).data)


class PublicStoryDetail(PublicView):
    """``GET``: one published story with its body as Markdown and as cleaned HTML. Anonymous."""

    @extend_schema(responses=ser.PublicStorySerializer)
    def get(self, request, program_slug, pk):
        story = stories_api.published_story(self.program(program_slug), pk)
        if story is None:
            raise Http404("No such story.")
        return Response(ser.PublicStorySerializer(story).data)


class _StaffStory(DcpViewMixin):
    permission_classes = [IsAuthenticated]

    def story(self, pk):
        """The story ``pk`` if the caller runs its program on this site; not found otherwise (R26)."""
        story = stories_api.stories_for_staff(self.request.user, self.site).filter(pk=pk).first()
        if story is None:
            raise NotFound()
        return story


class StoryList(_StaffStory, generics.GenericAPIView):
    """``GET``: the stories of the programs the caller runs (drafts included). ``POST``: write one (staff)."""

    serializer_class = ser.StorySerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site": self.site}

    @extend_schema(responses=ser.StorySerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(stories_api.stories_for_staff(request.user, self.site))
        return self.get_paginated_response(ser.StorySerializer(page, many=True).data)

    @extend_schema(request=ser.StorySerializer, responses={201: ser.StorySerializer})
    def post(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        story = stories_api.create_story(
            program=data["program"], actor=request.user, subject_user=data.get("subject_user"),
            subject_organization=data.get("subject_organization"), ask_consent=data.get("ask_consent", False),
            **{name: data[name] for name in _WRITE_FIELDS if name in data},
        )
        return Response(ser.StorySerializer(story).data, status=status.HTTP_201_CREATED)


class StoryDetail(_StaffStory, generics.GenericAPIView):
    """``GET``, ``PATCH`` (a change to what a consented story says takes consent back), ``DELETE``: staff."""

    serializer_class = ser.StoryChangeSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site": self.site}

    @extend_schema(responses=ser.StorySerializer)
    def get(self, request, pk):
        return Response(ser.StorySerializer(self.story(pk)).data)

    @extend_schema(request=ser.StoryChangeSerializer, responses=ser.StorySerializer)
    def patch(self, request, pk):
        story = self.story(pk)
        payload = self.get_serializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        changes = {name: data[name] for name in (*_WRITE_FIELDS, "subject_user", "subject_organization")
                   if name in data}
        story = stories_api.update_story(story=story, actor=request.user, **changes)
        return Response(ser.StorySerializer(story).data)

    def delete(self, request, pk):
        stories_api.delete_story(story=self.story(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StoryPublishView(_StaffStory, generics.GenericAPIView):
    """``POST``: publish now or on ``published_at``; refused (400, ``consent_required``) without consent."""

    serializer_class = ser.PublishSerializer

    @extend_schema(request=ser.PublishSerializer, responses=ser.StorySerializer)
    def post(self, request, pk):
        story = self.story(pk)
        payload = ser.PublishSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        story = stories_api.publish_story(story=story, actor=request.user,
                                          publish_at=payload.validated_data.get("published_at"))
        return Response(ser.StorySerializer(story).data)


class StoryUnpublishView(_StaffStory, generics.GenericAPIView):
    """``POST``: take the story off the public pages and the feed."""

    @extend_schema(request=None, responses=ser.StorySerializer)
    def post(self, request, pk):
        story = stories_api.unpublish_story(story=self.story(pk), actor=request.user)
        return Response(ser.StorySerializer(story).data)


class StoryAskConsentView(_StaffStory, generics.GenericAPIView):
    """``POST``: email the member a link to read the story and consent."""

    @extend_schema(request=None, responses={202: None})
    def post(self, request, pk):
        stories_api.ask_for_consent(story=self.story(pk), actor=request.user)
        return Response(status=status.HTTP_202_ACCEPTED)


class StoryConsentView(DcpViewMixin, generics.GenericAPIView):
    """
    ``GET``: the story as written, for the member it is about; ``POST``: consent to publishing it; ``DELETE``:
    withdraw consent (the story leaves the public pages at once). Not found for anyone else.
    """

    permission_classes = [IsAuthenticated]

    def story(self, pk):
        story = Story.objects.select_related("program__site").filter(pk=pk, program__site=self.site).first()
        if story is None:
            raise NotFound()
        return stories_api.story_for_subject(program=story.program, pk=pk, user=self.request.user)

    @extend_schema(responses=ser.StorySerializer)
    def get(self, request, pk):
        return Response(ser.StorySerializer(self.story(pk)).data)

    @extend_schema(request=None, responses=ser.StorySerializer)
    def post(self, request, pk):
        story = stories_api.give_consent(story=self.story(pk), actor=request.user)
        return Response(ser.StorySerializer(story).data)

    @extend_schema(request=None, responses=ser.StorySerializer)
    def delete(self, request, pk):
        story = stories_api.withdraw_consent(story=self.story(pk), actor=request.user)
        return Response(ser.StorySerializer(story).data)


class CitationList(DcpViewMixin, generics.GenericAPIView):
    """
    ``POST`` (signed in): "the program motivated me", with an optional sentence, once per person (again: the
    sentence changes). ``GET``: program staff read the citations of their programs on this site; others their own.
    """

    permission_classes = [IsAuthenticated]
    serializer_class = ser.CitationInputSerializer

    @extend_schema(responses=ser.CitationSerializer(many=True))
    def get(self, request):
        citations = citations_api.citations_for_staff(request.user, self.site)
        if not programs_api.staff_program_ids(user=request.user, site=self.site):
            citations = citations_api.citations_of_user(request.user, self.site)
        page = self.paginate_queryset(citations)
        return self.get_paginated_response(ser.CitationSerializer(page, many=True).data)

    @extend_schema(request=ser.CitationInputSerializer, responses={201: ser.CitationSerializer})
    def post(self, request):
        payload = ser.CitationInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        program = programs_api.program_on_site(site=self.site, slug=payload.validated_data["program"])
        if program is None or not program.is_active:
            raise NotFound(_("No such program on this site."), field="program")
        citation = citations_api.record_citation(program=program, user=request.user,
                                                 statement=payload.validated_data["statement"])
        return Response(ser.CitationSerializer(citation).data, status=status.HTTP_201_CREATED)
