"""
User retirement, in one place: when the LMS retires a user, every package scrubs what it holds about them.

The LMS sends ``USER_RETIRE_LMS_MISC`` from ``openedx.core.djangoapps.user_api.accounts.signals``; outside the
LMS (tests, dev host) the import fails and ``retire_user_data`` is called directly.

What is removed or redacted (the models' PII annotations say the same):

- free text about the retired person: the content of nominations of them, their closing reasons, the panel's
  review comments, deliberation comments, decision rationales and conflict reasons on those nominations, and the
  notes of the audit lines about those nominations and about their memberships;
- free text they wrote: their endorsement statements, review comments, deliberation comments, conflict reasons
  (recusals), the notes of the audit lines they are the actor of, the endorsement credentials naming them
  (revoked, documents erased) and their consents to publish endorsements;
- their contribution signals' URLs and source identifiers (replaced by a digest, which keeps re-imports
  idempotent), the notes of their community roles and memberships, their credentials (revoked, documents
  erased), and their place in the public directory;
- the accomplishments they submitted and the links naming them behind accomplishments (R25), their mentoring
  pairs and the validations asked of them (R17);
- the stories about them (R19) and their citations of the program (KR 5.2), with their ``program_citation``
  signals: deleted;
- their answers to named feedback rounds and the records that they answered a round (anonymous answers stay:
  nothing links them to anybody, ADR 0019);
- any other mention of their username, email or name in the text of the plugin's tables.

States, dates, scores, votes and ids stay, so counts and the program's history hold.
"""

import hashlib
import json
import logging
import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast
from django.dispatch import receiver

from openedx_dcp.audit.models import AuditRecord
from openedx_dcp.contributions.models import ContributionSignal
from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.credentials.models import BadgeCredential, EndorsementCredential
from openedx_dcp.engagement.citations import api as citations_api
from openedx_dcp.engagement.feedback import api as feedback_api
from openedx_dcp.engagement.intake import api as intake_api
from openedx_dcp.engagement.mentoring import api as mentoring_api
from openedx_dcp.engagement.stories import api as stories_api
from openedx_dcp.membership import api as membership_api
from openedx_dcp.membership.models import Membership
from openedx_dcp.nominations.models import Endorsement, Nomination
from openedx_dcp.programs.models import CommunityRole
from openedx_dcp.review.models import ConflictOfInterest, Decision, DeliberationComment, Review

log = logging.getLogger(__name__)
RETIRED_TEXT = "(retired)"

try:  # pragma: no cover - only inside edx-platform
    from openedx.core.djangoapps.user_api.accounts.signals import USER_RETIRE_LMS_MISC
except ImportError:
    USER_RETIRE_LMS_MISC = None

# Tables the sweep for mentions skips: signals are redacted by their owner (a scan of millions of rows for a
# name would be slow), and credentials' signed documents (badges, endorsements) are erased whole by the
# credentials package: rewriting a word in a signed document would only break its signature.
_SWEEP_SKIPS = {ContributionSignal, BadgeCredential, EndorsementCredential}


def _identifiers(user, original_username=None, original_email=None):
    """The strings that identify ``user``: emails first, then names, then usernames (longest first)."""
    emails = {value for value in (original_email, user.email) if value}
    names = {value.strip() for value in (user.get_full_name(), user.first_name, user.last_name)
             if value and len(value.strip()) > 2}
    usernames = {value for value in (original_username, user.get_username()) if value}
    ordered = []
    for group in (emails, names, usernames):
        ordered.extend(sorted(group, key=len, reverse=True))
    return ordered


def _pattern(identifier):
    # Whole tokens only: "ann" is not redacted inside "annual" or "ann_b", a username inside its email is.
    return re.compile(r"(?<![\w.+-])" + re.escape(identifier) + r"(?![\w+-])", re.IGNORECASE)


def _redact_text(value, patterns):
    for pattern in patterns:
        value = pattern.sub(RETIRED_TEXT, value)
    return value


def _redact_json(value, patterns):
    if isinstance(value, str):
        return _redact_text(value, patterns)
    if isinstance(value, list):
        return [_redact_json(item, patterns) for item in value]
    if isinstance(value, dict):
        return {key: _redact_json(item, patterns) for key, item in value.items()}
    return value


def _sweepable(field):
    if isinstance(field, models.JSONField):
        return True
    return (isinstance(field, (models.CharField, models.TextField)) and not isinstance(field, models.SlugField)
            and not field.choices and field.editable)


def _sweep_mentions(identifiers):
    """Replace every mention of ``identifiers`` in the text and JSON columns of the plugin's tables."""
    patterns = [_pattern(identifier) for identifier in identifiers]
    changed = 0
    for model in apps.get_app_config("openedx_dcp").get_models():
        if model in _SWEEP_SKIPS or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if not _sweepable(field):
                continue
            is_json = isinstance(field, models.JSONField)
            rows = model._default_manager.all()
            if is_json:
                rows = rows.annotate(_as_text=Cast(field.name, models.TextField()))
                lookup = "_as_text__icontains"
            else:
                lookup = f"{field.name}__icontains"
            condition = Q(pk__in=[])
            for identifier in identifiers:
                condition |= Q(**{lookup: identifier if not is_json else json.dumps(identifier)[1:-1]})
            for pk, value in rows.filter(condition).values_list("pk", field.name):
                redacted = _redact_json(value, patterns) if is_json else _redact_text(value, patterns)
                if redacted != value:
                    # A queryset update: audit records refuse ``save`` once written.
                    model._default_manager.filter(pk=pk).update(**{field.name: redacted})
                    changed += 1
    return changed


def _redact_review_work(user):
    """The panel's text about nominations of ``user``, and the panel text ``user`` wrote."""
    about = Nomination.objects.filter(nominee_user=user).values("pk")
    counts = {
        "review_comments": Review.objects.filter(Q(nomination_id__in=about) | Q(panelist__user=user))
        .exclude(comment="").update(comment=""),
        "deliberation_comments": DeliberationComment.objects.filter(Q(nomination_id__in=about) | Q(author=user))
        .update(body=RETIRED_TEXT),
        "decision_rationales": Decision.objects.filter(nomination_id__in=about).update(rationale=RETIRED_TEXT),
        "conflict_reasons": ConflictOfInterest.objects.filter(Q(nomination_id__in=about) | Q(panelist__user=user))
        .update(reason=RETIRED_TEXT),
    }
    return counts


def _redact_audit_notes(user):
    """Notes of the audit lines ``user`` acted on, and of the lines about their nominations and memberships."""
    about = (
        Q(content_type=ContentType.objects.get_for_model(Nomination),
          object_id__in=Nomination.objects.filter(nominee_user=user).values("pk"))
        | Q(content_type=ContentType.objects.get_for_model(Membership),
            object_id__in=Membership.objects.filter(user=user).values("pk"))
    )
    return AuditRecord.objects.filter(Q(actor=user) | about).exclude(note="").update(note=RETIRED_TEXT)


def _redact_signals(user):
    """The user's signals keep kind, date and weight; their URL goes and their source id becomes a digest."""
    redacted = 0
    for pk, source_id in ContributionSignal.objects.filter(user=user).values_list("pk", "source_id"):
        digest = "retired-" + hashlib.sha256(source_id.encode()).hexdigest()[:40]
        ContributionSignal.objects.filter(pk=pk).update(source_id=digest, url="")
        redacted += 1
    return redacted


@transaction.atomic
def retire_user_data(user, original_username=None, original_email=None):
    """
    Remove or redact what the plugin holds about ``user`` (see the module's docstring). ``original_username``
    and ``original_email`` are the values before the LMS replaced them, when it already has.
    """
    identifiers = _identifiers(user, original_username, original_email)
    nominations = Nomination.objects.filter(nominee_user=user).update(
        summary=RETIRED_TEXT, impact_statement=RETIRED_TEXT, references="", evidence_links=[],
        first_contribution_evidence="",
    )
    Nomination.objects.filter(nominee_user=user).exclude(closed_reason="").update(closed_reason=RETIRED_TEXT)
    statements = Endorsement.objects.filter(endorser=user).update(statement="")
    review = _redact_review_work(user)
    audit_notes = _redact_audit_notes(user)
    roles = CommunityRole.objects.filter(user=user).exclude(note="").update(note="")
    notes = membership_api.retire_user(user=user)
    credentials = credentials_api.retire_user(user=user)
    signals = _redact_signals(user)
    # Engagement (R25, R17, R19, R20, KR 5.2): their accomplishments, the links naming them, their mentoring pairs
    # and validations; stories about them and their citations of the program go whole; their named feedback answers
    # go (anonymous ones were never linked to them, ADR 0019).
    engagement = {**intake_api.retire_user(user), **mentoring_api.retire_user(user),
                  "stories": stories_api.retire_user(user), "citations": citations_api.retire_user(user),
                  **feedback_api.retire_user(user)}
    mentions = _sweep_mentions(identifiers)
    result = {"nominations": nominations, "endorsements": statements, **review, "audit_notes": audit_notes,
              **engagement, "role_notes": roles, "membership_notes": notes, "credentials": credentials,
              "signals": signals, "mentions": mentions}
    log.info("DCP retirement of user %s: %s.", user.pk, ", ".join(f"{k} {v}" for k, v in result.items()))
    return result


def _original_identity(user):  # pragma: no cover - only inside edx-platform
    """The username and email the LMS recorded before replacing them, when it has a retirement status."""
    try:
        # edx-platform is only there inside the LMS: an optional import, not a cycle.
        from openedx.core.djangoapps.user_api.models import (  # noqa: PLC0415
            UserRetirementStatus,
        )
    except ImportError:
        return None, None
    status = UserRetirementStatus.objects.filter(user=user).first()
    return (status.original_username, status.original_email) if status else (None, None)


if USER_RETIRE_LMS_MISC is not None:  # pragma: no cover - only inside edx-platform
    @receiver(USER_RETIRE_LMS_MISC)
    def _on_user_retire_lms_misc(sender, user=None, email=None, **kwargs):
        if user is not None:
            username, original_email = _original_identity(user)
            retire_user_data(user, original_username=username, original_email=original_email or email)
