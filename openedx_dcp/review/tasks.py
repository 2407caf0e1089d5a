"""
Celery tasks of panel review: the emails of the nomination's life and of the panel's work.

Tasks take ids, read fresh rows and are queued after the transaction commits, so a worker never sees a change
that was rolled back. Each message is one template ``openedx_dcp/email/<message>.txt`` whose first line is
the subject and the rest the body.
"""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from openedx_dcp.nominations.models import Nomination
from openedx_dcp.programs.models import CommunityRole

__all__ = [
    "notify_nomination", "notify_consent_requested", "notify_endorsement_requested", "notify_panelist_assigned",
    "notify_approval_requested", "announce_due_cohorts",
]


def _send(message, recipients, context):
    """Render ``message`` and email it to each recipient with an address; returns how many were sent."""
    sent = 0
    for user in recipients:
        if not user.email:
            continue
        text = render_to_string(f"openedx_dcp/email/{message}.txt", {**context, "recipient": user})
        subject, _, body = text.strip().partition("\n")
        sent += send_mail(subject.strip(), body.strip() + "\n", getattr(settings, "DCP_FROM_EMAIL", None),
                          [user.email])
    return sent


def _nomination_people(nomination):
    """The nominator and the nominee (a person, or the representatives of a nominee organization)."""
    people = {nomination.nominator_id: nomination.nominator}
    if nomination.nominee_user_id:
        people[nomination.nominee_user_id] = nomination.nominee_user
    else:
        representatives = CommunityRole.objects.filter(
            program=nomination.cycle.program, role=CommunityRole.PARTNER_REPRESENTATIVE,
            organization_id=nomination.nominee_organization_id, end__isnull=True,
        ).select_related("user")
        people.update({role.user_id: role.user for role in representatives})
    return [people[key] for key in sorted(people)]


def _nomination(nomination_id):
    return Nomination.objects.select_related(
        "cycle__program", "track", "nominator", "nominee_user", "nominee_organization"
    ).get(pk=nomination_id)


@shared_task(name="openedx_dcp.review.notify_nomination")
def notify_nomination(nomination_id, message):
    """Email the nominee and nominator of a nomination about ``message`` (submission, screening, decision)."""
    nomination = _nomination(nomination_id)
    return _send(message, _nomination_people(nomination), {"nomination": nomination,
                                                           "program": nomination.cycle.program})


@shared_task(name="openedx_dcp.review.notify_consent_requested")
def notify_consent_requested(nomination_id):
    """Tell the nominee of a peer nomination (or the nominee organization's people) and ask for consent (R5)."""
    nomination = _nomination(nomination_id)
    nominee = [person for person in _nomination_people(nomination) if person.pk != nomination.nominator_id]
    return _send("consent_requested", nominee, {"nomination": nomination, "program": nomination.cycle.program})


@shared_task(name="openedx_dcp.review.notify_approval_requested")
def notify_approval_requested(cycle_id):
    """Ask the program's steward representatives to approve the cycle's final list (R11)."""
    from django.db.models import Q  # pylint: disable=import-outside-toplevel
    from django.utils import timezone  # pylint: disable=import-outside-toplevel

    from openedx_dcp.programs.models import Cycle  # pylint: disable=import-outside-toplevel

    cycle = Cycle.objects.select_related("program__site").get(pk=cycle_id)
    today = timezone.now().date()
    stewards = {
        role.user_id: role.user
        for role in CommunityRole.objects.filter(
            program=cycle.program, role=CommunityRole.STEWARD_REPRESENTATIVE, start__lte=today,
        ).filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("user")
    }
    return _send("approval_requested", [stewards[key] for key in sorted(stewards)],
                 {"cycle": cycle, "program": cycle.program})


@shared_task(name="openedx_dcp.review.notify_endorsement_requested")
def notify_endorsement_requested(nomination_id, endorser_id):
    """Email a community member whom the nominator asked to endorse a nomination."""
    nomination = _nomination(nomination_id)
    endorser = get_user_model().objects.get(pk=endorser_id)
    return _send("endorsement_requested", [endorser], {"nomination": nomination,
                                                       "program": nomination.cycle.program})


@shared_task(name="openedx_dcp.review.notify_panelist_assigned")
def notify_panelist_assigned(panelist_id, nomination_ids):
    """Email a panelist the nominations they were just assigned to review."""
    from openedx_dcp.review.models import Panelist  # pylint: disable=import-outside-toplevel

    panelist = Panelist.objects.select_related("user", "cycle__program__site").get(pk=panelist_id)
    nominations = list(Nomination.objects.filter(pk__in=nomination_ids).select_related("track").order_by("pk"))
    program = panelist.cycle.program
    for nomination in nominations:
        nomination.review_url = _page_url(program, "review-nomination", pk=nomination.pk)
    return _send("panelist_assigned", [panelist.user], {"panelist": panelist, "cycle": panelist.cycle,
                                                        "nominations": nominations, "program": program,
                                                        "queue_url": _page_url(program, "review-queue")})


def _page_url(program, name, **kwargs):
    """
    The absolute address of the panelists' page ``name`` on the program's site (``/dcp/…``), or "" where the
    pages are not mounted (the CMS). By URL name, so the domain does not import the pages.
    """
    try:
        path = reverse(f"dcp:{name}", kwargs={"program": program.slug, **kwargs})
    except NoReverseMatch:
        return ""
    return f"{getattr(settings, 'DCP_PUBLIC_SCHEME', 'https')}://{program.site.domain}{path}"


@shared_task(name="openedx_dcp.review.announce_due_cohorts")
def announce_due_cohorts():
    """Periodic sweep: publish the cohort of every approved cycle whose announcement date has come."""
    from openedx_dcp.review import api  # pylint: disable=import-outside-toplevel

    return [cycle.pk for cycle in api.announce_due_cohorts()]
