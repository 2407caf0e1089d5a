"""
Contributors who cite the program as a motivator (KR 5.2).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Citation", "CitationSource"]


class CitationSource(models.TextChoices):
    """Where a person said the program motivated them."""

    PAGE = "page", _("On the program's pages")
    FEEDBACK = "feedback", _("In a feedback round")
    STAFF = "staff", _("Recorded by program staff")
    IMPORT = "import", _("Imported with the contribution signals")


class Citation(models.Model):
    """
    A person's statement that the program motivated them to engage with the community (KR 5.2), dated. One per
    person and source; the dashboard counts distinct people.

    .. pii: The statement is free text written by the person about themselves.
    .. pii_types: other
    .. pii_retirement: local_api
    """

    program = models.ForeignKey("openedx_dcp.Program", on_delete=models.CASCADE, related_name="citations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dcp_citations")
    source = models.CharField(max_length=16, choices=CitationSource.choices, default=CitationSource.PAGE)
    statement = models.TextField(max_length=2000, blank=True,
                                 help_text=_("How the program motivated them, in their words (optional)."))
    cited_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "user", "source"],
                                               name="dcp_citation_once_per_source")]
        indexes = [models.Index(fields=["program", "cited_at"], name="dcp_citation_program_at")]
        ordering = ["-cited_at", "-id"]

    def __str__(self):
        return f"{self.user_id} cites {self.program_id} ({self.source})"
