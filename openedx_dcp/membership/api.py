"""
Public functions for memberships (R14–R17).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.exceptions import RuleViolation
from openedx_dcp.membership import signals
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.nominations.eligibility import add_years
from openedx_dcp.programs.models import CommunityRole

__all__ = ["start_membership", "revoke_membership"]


def start_membership(nomination, start=None, actor=None):
    """
    Create the membership of an announced nominee: a term of ``term_years`` (the cycle's rules) from
    ``start`` (the cycle's announcement date by default), and the Distinguished Contributor community role.
    Sends ``membership_started`` after commit.
    """
    cycle = nomination.cycle
    start = start or cycle.announcement_at.date()
    term_years = cycle.rules.threshold("term_years")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                program=cycle.program, track=nomination.track, cycle=cycle, nomination=nomination,
                user=nomination.nominee_user, organization=nomination.nominee_organization,
                term_start=start, term_end=add_years(start, term_years),
            )
            if nomination.nominee_user_id:
                CommunityRole.objects.create(
                    program=cycle.program, user=nomination.nominee_user,
                    role=CommunityRole.DISTINGUISHED_CONTRIBUTOR, start=start, note=f"{cycle.name} cohort",
                )
            audit.record(membership, cycle.program, "start", actor, to_state=membership.state,
                         note=f"Term {membership.term_start} to {membership.term_end}")
            transaction.on_commit(
                lambda: signals.membership_started.send(sender=Membership, membership=membership)
            )
    except IntegrityError as exc:
        raise RuleViolation("The nominee already holds a membership on this track.") from exc
    return membership


def revoke_membership(membership, actor=None, note=""):
    """
    End a membership whose decision was withdrawn; its credential is revoked by the ``membership_revoked``
    receiver.
    """
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if locked.state in MembershipState.ENDED:
            return locked
        previous = locked.state
        locked.state = MembershipState.REVOKED
        locked.lapsed_on = timezone.now().date()
        locked.save()
        CommunityRole.objects.filter(
            program=locked.program, user_id=locked.user_id, role=CommunityRole.DISTINGUISHED_CONTRIBUTOR,
            end__isnull=True,
        ).update(end=locked.lapsed_on)
        audit.record(locked, locked.program, "revoke", actor, previous, locked.state, note)
        transaction.on_commit(lambda: signals.membership_revoked.send(sender=Membership, membership=locked))
    membership.refresh_from_db()
    return locked
