"""
Endorsements as credentials (R6, R22): with the endorser's consent, each endorsement of the nomination that led
to a badge is issued as an Open Badges 3.0 ``EndorsementCredential`` about that badge credential, signed by the
program like the badge (VC-JWT and an embedded Data Integrity proof) and revocable through a status list.

When: as soon as both hold, whichever comes last: the badge of the nomination is issued (the membership's first
credential), and the endorser consented (the endorse page's checkbox, or REST). An endorsement withdrawn before
the badge is never issued; withdrawing consent revokes what was issued; revoking the badge (staff, a lapse, a
withdrawn decision) revokes the endorsements about it, since they vouch for a credential the issuer no longer
stands behind; retirement of the endorser or of the member revokes and erases them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from openedx_dcp import audit
from openedx_dcp.credentials import documents, keys
from openedx_dcp.credentials.models import BadgeCredential, EndorsementConsent, EndorsementCredential, StatusList
from openedx_dcp.credentials.signing import allocate_status_entry, data_integrity_proof
from openedx_dcp.exceptions import NotFound
from openedx_dcp.nominations.models import Endorsement
from openedx_dcp.programs.models import Program

if TYPE_CHECKING:  # names in type hints only
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser as User
    from django.contrib.sites.models import Site

__all__ = [
    "endorsement_credentials_for",
    "endorsement_credentials_for_each",
    "endorsement_credentials_of",
    "endorsement_credential_on_site",
    "set_endorsement_consent",
    "has_endorsement_consent",
    "endorsements_with_consent",
    "issue_endorsement_credentials",
    "revoke_endorsement_credential",
    "revoke_endorsements_of_badge",
    "retire_endorsement_credentials",
    "secured_endorsement",
]

log = logging.getLogger(__name__)

_RELATED = ("program__site", "badge_credential__program__site", "badge_credential__track", "status_list",
            "endorsement__endorser")


def _endorser_name(user):
    return (user.get_full_name() or "").strip() or user.get_username()


def _badge_of_nomination(nomination_id):
    """The badge credential a nomination led to: the first credential of its membership, or None."""
    return (BadgeCredential.objects.select_related("program__site", "track")
            .filter(membership__nomination_id=nomination_id).order_by("issued_at", "pk").first())


def _issue_one(badge, endorsement):
    program = badge.program
    key = keys.signing_key(program)
    try:
        with transaction.atomic():
            Program.objects.select_for_update().filter(pk=program.pk).first()
            status_list, index = allocate_status_entry(program, StatusList.ENDORSEMENTS)
            credential = EndorsementCredential(
                program=program, badge_credential=badge, endorsement=endorsement, valid_from=timezone.now(),
                status_list=status_list, status_index=index, kid=key.kid, alg=key.alg,
            )
            credential.document = documents.endorsement_document(
                credential, _endorser_name(endorsement.endorser), endorsement.statement)
            credential.jwt = documents.sign(documents.jwt_claims(credential.document), key,
                                            documents.verification_method(program, key.kid))
            credential.proof = data_integrity_proof(program, key, credential.document, timezone.now())
            credential.save()
            audit.record(credential, program, "endorsement_credential_issued", None, to_state="issued",
                         note=f"Endorsement {endorsement.pk} of badge {badge.public_id}, signed with {key.kid}")
    except IntegrityError:
        return EndorsementCredential.objects.get(badge_credential=badge, endorsement=endorsement)
    return credential


def issue_endorsement_credentials(*, credential: BadgeCredential) -> list:
    """
    Issue the EndorsementCredentials of the badge ``credential`` (when it is the badge its nomination led to):
    one per active endorsement of that nomination whose endorser consented, not yet issued. Idempotent; returns
    the credentials issued now. Raises ``keys.CredentialKeyMissing`` when the program has no key.
    """
    membership = credential.membership
    if not membership.nomination_id or not credential.jwt:
        return []
    badge = _badge_of_nomination(membership.nomination_id)
    if badge is None or badge.pk != credential.pk or badge.revoked_at is not None:
        return []
    pending = (Endorsement.objects.select_related("endorser")
               .filter(nomination_id=membership.nomination_id, withdrawn_at__isnull=True,
                       credential_consent__isnull=False)
               .exclude(endorsement_credentials__badge_credential=badge).order_by("pk"))
    return [_issue_one(badge, endorsement) for endorsement in pending]


def has_endorsement_consent(*, endorsement: Endorsement) -> bool:
    """Whether the endorser consented to publishing ``endorsement`` as a credential."""
    return EndorsementConsent.objects.filter(endorsement=endorsement).exists()


def endorsements_with_consent(*, endorsements) -> set:
    """The ids of those of ``endorsements`` whose endorser consented to publishing them (one query)."""
    ids = [endorsement.pk for endorsement in endorsements]
    if not ids:
        return set()
    return set(EndorsementConsent.objects.filter(endorsement_id__in=ids).values_list("endorsement_id", flat=True))


def set_endorsement_consent(*, endorsement: Endorsement, actor: User | None, consent: bool) -> list:
    """
    The endorser says whether ``endorsement`` may be published as an EndorsementCredential (only they may: for
    anyone else the endorsement reads as not found). Consenting after the badge was issued issues it now;
    withdrawing consent revokes what was issued. Returns the endorsement's live EndorsementCredentials.
    """
    if endorsement.endorser_id != getattr(actor, "pk", None):
        raise NotFound()
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().select_related(
            "endorser", "nomination__cycle__program").get(pk=endorsement.pk)
        program = locked.nomination.cycle.program
        if consent:
            _, created = EndorsementConsent.objects.get_or_create(endorsement=locked)
            if created:
                audit.record(locked, program, "endorsement_credential_consent", actor, note="given")
        else:
            deleted, _ = EndorsementConsent.objects.filter(endorsement=locked).delete()
            for issued in EndorsementCredential.objects.filter(endorsement=locked, revoked_at__isnull=True):
                revoke_endorsement_credential(credential=issued, reason="The endorser withdrew their consent.")
            if deleted:
                audit.record(locked, program, "endorsement_credential_consent", actor, note="withdrawn")
    if consent and locked.withdrawn_at is None:
        badge = _badge_of_nomination(locked.nomination_id)
        if badge is not None:
            try:
                issue_endorsement_credentials(credential=badge)
            except keys.CredentialKeyMissing as exc:
                log.error("Endorsement credentials of badge %s not issued: %s", badge.pk, exc.message)
    return endorsement_credentials_of(endorsement=locked)


def endorsement_credentials_of(*, endorsement: Endorsement) -> list:
    """The live EndorsementCredentials issued for ``endorsement`` (what its endorser sees)."""
    return list(EndorsementCredential.objects.select_related(*_RELATED)
                .filter(endorsement=endorsement, revoked_at__isnull=True).exclude(jwt="").order_by("pk"))


def revoke_endorsement_credential(*, credential: EndorsementCredential, reason: str) -> EndorsementCredential:
    """Revoke an EndorsementCredential: its status list bit is set. Revoking twice changes nothing."""
    with transaction.atomic():
        locked = EndorsementCredential.objects.select_for_update().select_related("program").get(pk=credential.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.revocation_reason = reason[:255]
            locked.save(update_fields=["revoked_at", "revocation_reason"])
            audit.record(locked, locked.program, "endorsement_credential_revoked", None, "issued", "revoked",
                         reason)
    credential.refresh_from_db()
    return credential


BADGE_REVOKED_REASON = "The badge this endorsement is about was revoked."


def revoke_endorsements_of_badge(*, badge) -> int:
    """
    Revoke the live EndorsementCredentials about the badge credential ``badge`` (called in the transaction that
    revokes the badge, so both commit together). Returns how many were revoked now.
    """
    live = EndorsementCredential.objects.filter(badge_credential=badge, revoked_at__isnull=True).order_by("pk")
    revoked = 0
    for credential in live:
        revoke_endorsement_credential(credential=credential, reason=BADGE_REVOKED_REASON)
        revoked += 1
    return revoked


def retire_endorsement_credentials(user) -> int:
    """
    Retirement: revoke and erase the EndorsementCredentials that name ``user``, as endorser or as the member
    whose badge they endorse. Returns how many.
    """
    retired = 0
    rows = EndorsementCredential.objects.select_related("program").filter(
        endorsement__endorser=user) | EndorsementCredential.objects.select_related("program").filter(
        badge_credential__membership__user=user)
    for credential in rows.distinct():
        revoke_endorsement_credential(credential=credential, reason="An account named in the endorsement was retired.")
        EndorsementCredential.objects.filter(pk=credential.pk).update(document={}, jwt="", proof={})
        retired += 1
    EndorsementConsent.objects.filter(endorsement__endorser=user).delete()
    return retired


def endorsement_credentials_for(*, credential: BadgeCredential) -> list:
    """
    The live EndorsementCredentials about the badge ``credential`` (issued, not revoked, not erased), oldest
    first; the member's page lists them. One query.
    """
    return list(EndorsementCredential.objects.select_related(*_RELATED)
                .filter(badge_credential=credential, revoked_at__isnull=True).exclude(jwt="")
                .order_by("issued_at", "pk"))


def endorsement_credentials_for_each(*, credentials: Iterable[BadgeCredential]) -> dict:
    """
    ``{badge credential id: [EndorsementCredential]}``: ``endorsement_credentials_for`` of each of
    ``credentials`` in one query (the member's page lists the endorsements of each of their badges).
    """
    found = {credential.pk: [] for credential in credentials}
    for endorsement in (EndorsementCredential.objects.select_related(*_RELATED)
                        .filter(badge_credential__in=list(found), revoked_at__isnull=True).exclude(jwt="")
                        .order_by("issued_at", "pk")):
        found[endorsement.badge_credential_id].append(endorsement)
    return found


def endorsement_credential_on_site(*, site: Site, public_id: str) -> EndorsementCredential | None:
    """The EndorsementCredential ``public_id`` of a program of ``site``, or None."""
    return EndorsementCredential.objects.select_related(*_RELATED).filter(
        public_id=public_id, program__site=site).first()


def secured_endorsement(*, credential: EndorsementCredential) -> dict:
    """The EndorsementCredential with its embedded Data Integrity proof."""
    return {**credential.document, "proof": [credential.proof]}

