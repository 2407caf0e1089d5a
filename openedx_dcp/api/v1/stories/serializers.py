"""
Serializers of stories (R19) and citations (KR 5.2): input is read and typed here; whether it is allowed is
``engagement.stories.api``'s and ``engagement.citations.api``'s to say.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from openedx_dcp.api.v1.base import TenantScopedFieldsMixin
from openedx_dcp.api.v1.filters import UsernameField
from openedx_dcp.engagement.citations.models import Citation
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.engagement.stories.models import Story
from openedx_dcp.programs.models import Organization, Program

SLUG_MAX_LENGTH = 64


@extend_schema_field({
    "type": "object",
    "description": "Who the story is about: a member (`username`) or a member organization (`organization`, "
                   "its slug), with the name to show.",
    "properties": {
        "name": {"type": "string"},
        "username": {"type": "string"},
        "organization": {"type": "string"},
    },
    "required": ["name"],
    "readOnly": True,
})
class StorySubjectField(serializers.Field):
    """The story's subject: ``{"name", "username"}`` for a person, ``{"name", "organization"}`` (slug) for one."""

    def to_representation(self, story):
        if story.subject_organization_id:
            return {"name": stories_api.subject_name(story), "organization": story.subject_organization.slug}
        return {"name": stories_api.subject_name(story), "username": story.subject_user.get_username()}


@extend_schema_field({"type": "string", "maxLength": SLUG_MAX_LENGTH, "pattern": r"^[-a-zA-Z0-9_]+$",
                     "example": "acme"})
class OrganizationSlugField(serializers.SlugRelatedField):
    """A member organization named by its slug (at most 64 characters; an unknown one is ``does_not_exist``)."""

    default_error_messages = {
        **serializers.SlugRelatedField.default_error_messages,
        "max_length": _("Ensure this field has no more than {max_length} characters."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) > SLUG_MAX_LENGTH:
            self.fail("max_length", max_length=SLUG_MAX_LENGTH)
        return super().to_internal_value(data)


@extend_schema_field({"oneOf": [{"type": "string", "format": "uri"}, {"type": "string", "maxLength": 0}],
                      "description": "A picture for the story (https://...), blank when it has none."})
class OptionalUrlField(serializers.CharField):
    """A URL in an answer, or blank when there is none (a read-only model field drops ``allow_blank``)."""


class PublicStorySerializer(serializers.ModelSerializer):
    """A published story as the public reads it; ``body_html`` is the Markdown rendered and cleaned."""

    subject = StorySubjectField(source="*", read_only=True)
    image_url = OptionalUrlField(read_only=True)
    body_html = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = ["id", "title", "summary", "subject", "published_at", "image_url", "image_alt", "links", "body",
                  "body_html"]
        read_only_fields = fields

    def get_body_html(self, story) -> str:
        return stories_api.render_markdown(story.body)


class PublicStoryListSerializer(PublicStorySerializer):
    """A published story in a list: no body (a list never renders Markdown)."""

    class Meta(PublicStorySerializer.Meta):
        fields = ["id", "title", "summary", "subject", "published_at", "image_url", "image_alt", "links"]
        read_only_fields = fields


class StorySerializer(TenantScopedFieldsMixin, serializers.ModelSerializer):
    """
    A story as program staff write and read it. The subject is a member's ``subject_username`` or a member
    organization's ``subject_organization`` (slug); consent is read only (the member gives it).
    """

    program = serializers.PrimaryKeyRelatedField(queryset=Program.objects.all())
    subject = StorySubjectField(source="*", read_only=True)
    subject_username = UsernameField(source="subject_user", required=False, allow_null=True, write_only=True)
    subject_organization = OrganizationSlugField(queryset=Organization.objects.all(), required=False,
                                                 allow_null=True, write_only=True)
    links = serializers.ListField(child=serializers.CharField(max_length=500), required=False, max_length=20)
    body_html = serializers.SerializerMethodField()
    ask_consent = serializers.BooleanField(write_only=True, required=False, default=False)
    tenant_scoped = {"program": "site", "subject_organization": "site"}

    class Meta:
        model = Story
        fields = ["id", "program", "subject", "subject_username", "subject_organization", "title", "summary", "body",
                  "body_html", "links", "image_url", "image_alt", "consent_given_at", "published_at", "created",
                  "updated", "ask_consent"]
        read_only_fields = ["consent_given_at", "published_at", "created", "updated"]
        # The domain checks the content (it says what to fix); the model's validators would say it first.
        extra_kwargs = {"title": {"validators": []}, "image_url": {"validators": []}}

    def get_body_html(self, story) -> str:
        return stories_api.render_markdown(story.body)


class StoryChangeSerializer(StorySerializer):
    """A change: every field optional, the program fixed."""

    program = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta(StorySerializer.Meta):
        extra_kwargs = {**StorySerializer.Meta.extra_kwargs, "title": {"required": False, "validators": []},
                        "body": {"required": False}}


class PublishSerializer(serializers.Serializer):
    published_at = serializers.DateTimeField(required=False, allow_null=True,
                                             help_text="When the story becomes public; now by default.")


class CitationSerializer(serializers.ModelSerializer):
    """A citation: the person, when and where they said it, and their sentence."""

    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Citation
        fields = ["id", "program", "username", "source", "statement", "cited_at"]
        read_only_fields = fields


class CitationInputSerializer(serializers.Serializer):
    program = serializers.SlugField(max_length=SLUG_MAX_LENGTH, help_text="The program's slug, on this site.")
    statement = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
