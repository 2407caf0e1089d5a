"""
Emails to members about their membership, rendered from ``openedx_dcp/email/<name>.txt`` templates whose
first line is ``Subject: …``. Each is an outbox message (``EMAIL``) recorded with the change and sent after it
commits, retried while the mail server fails.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from openedx_dcp.membership.models import Membership
from openedx_dcp.outbox import api as outbox
from openedx_dcp.programs.models import Affiliation

__all__ = ["recipients", "render", "send_membership_email", "enqueue_membership_email", "EMAIL"]

# Outbox kind of a member's email.
EMAIL = "membership.email"


def recipients(membership):
    """The member's address, or those of the people currently affiliated with the member organization."""
    if membership.user_id:
        return [membership.user.email] if membership.user.email else []
    today = timezone.now().date()
    emails = (
        Affiliation.objects.filter(organization_id=membership.organization_id, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .exclude(user__email="").values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def render(membership, name):
    """``(subject, body)`` of the email ``name`` about ``membership``."""
    text = render_to_string(f"openedx_dcp/email/{name}.txt", {
        "membership": membership, "program": membership.program, "track": membership.track,
        "member": membership.member_display,
    })
    first, _, body = text.lstrip().partition("\n")
    return first.removeprefix("Subject:").strip(), body.strip() + "\n"


def send_membership_email(membership_id, name):
    """Send the email ``name`` to the member; return how many messages went out (0 if none is due)."""
    membership = Membership.objects.select_related("program", "track", "user", "organization").filter(
        pk=membership_id
    ).first()
    if membership is None:
        return 0
    to = recipients(membership)
    if not to:
        return 0
    subject, body = render(membership, name)
    sender = getattr(settings, "DCP_FROM_EMAIL", None) or getattr(settings, "DEFAULT_FROM_EMAIL", None)
    return send_mail(subject, body, sender, to)


outbox.register_handler(EMAIL, send_membership_email)


def enqueue_membership_email(membership, name):
    """Owe the member the email ``name`` about ``membership``, in the current transaction."""
    outbox.enqueue(EMAIL, membership_id=membership.pk, name=name)
