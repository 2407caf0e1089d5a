"""
Stories and spotlights (R19, KR 2.1).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openedx_dcp.compat import check_constraint

__all__ = ["Story"]


class Story(models.Model):
    """
    A story or spotlight about a Distinguished Contributor (a person) or a member organization, written by
    program staff in Markdown (R19, KR 2.1).

    It is public once ``published_at`` has passed, and only with the subject's consent (``consent_given_at``,
    given on the program's pages by the member, or by a person of the member organization): a database
    constraint refuses a publication date without consent. A change to what the story says after consent
    takes the consent (and the publication) back, because the member consented to a text.

    .. pii: The title, summary and body are free text written about the member; the image and links may show them.
    .. pii_types: name, other
    .. pii_retirement: local_api
    """

    program = models.ForeignKey("openedx_dcp.Program", on_delete=models.CASCADE, related_name="stories")
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="dcp_stories",
        help_text=_("The member the story is about (or leave empty and choose an organization)."),
    )
    subject_organization = models.ForeignKey(
        "openedx_dcp.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="stories",
        help_text=_("The member organization the story is about."),
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True,
                               help_text=_("One or two sentences for the list of stories and the feed."))
    body = models.TextField(max_length=20000, help_text=_(
        "Markdown: paragraphs, headings, emphasis, lists, quotes and links. HTML is removed when shown."))
    links = models.JSONField(default=list, blank=True,
                             help_text=_("Further reading: a list of web addresses (https://...)."))
    image_url = models.URLField(max_length=500, blank=True, help_text=_("A picture for the story (https://...)."))
    image_alt = models.CharField(max_length=300, blank=True,
                                 help_text=_("What the picture shows, for people who cannot see it."))
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_given_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True,
        help_text=_("When the story becomes public; a future date schedules it. Empty: a draft."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            check_constraint(
                (Q(subject_user__isnull=False) & Q(subject_organization__isnull=True))
                | (Q(subject_user__isnull=True) & Q(subject_organization__isnull=False)),
                name="dcp_story_one_subject",
            ),
            check_constraint(Q(published_at__isnull=True) | Q(consent_given_at__isnull=False),
                             name="dcp_story_published_with_consent"),
        ]
        indexes = [models.Index(fields=["program", "published_at"], name="dcp_story_program_published")]
        ordering = ["-published_at", "-id"]
        verbose_name_plural = _("stories")

    def __str__(self):
        return self.title
