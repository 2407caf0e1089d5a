"""
Issuing Open Badges 3.0 credentials (R22, R23): issue, re-sign, revoke, retire, and publish what verifiers fetch
(the issuer Profile, the DID document, keys, status lists). Callers use the ``credentials.api`` front.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from openedx_dcp import audit
from openedx_dcp.credentials import documents, keys
from openedx_dcp.credentials.endorsements import (
    issue_endorsement_credentials,
    retire_endorsement_credentials,
    revoke_endorsements_of_badge,
)
from openedx_dcp.credentials.models import BadgeCredential, StatusList
from openedx_dcp.credentials.signing import allocate_status_entry, data_integrity_proof, entries_of
from openedx_dcp.exceptions import NotPermitted, ValidationFailed
from openedx_dcp.membership.models import Membership, MembershipState
from openedx_dcp.programs import api as programs_api
from openedx_dcp.programs.models import Program, Track

if TYPE_CHECKING:  # names in type hints only
    import datetime
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser as User
    from django.contrib.sites.models import Site
    from django.db.models import QuerySet

__all__ = [
    "issue_credential",
    "issue_missing_credentials",
    "credential_period",
    "revoke_credential",
    "retire_user",
    "newest_credentials_of",
    "revoke_membership_credentials",
    "resign_credential",
    "reconcile_credentials",
    "REVOCATION_REASONS",
    "resign_credentials_of_compromised_keys",
    "backfill_data_integrity_proofs",
    "credential_on_site",
    "credentials_visible_to",
    "require_may_download",
    "live_badges_of",
    "issuer_profile",
    "did_document",
    "secured_document",
    "status_list_secured",
    "achievement",
    "track_on_site",
    "public_key",
    "jwks",
    "status_list_on_site",
    "status_list_credential",
    "status_list_jwt",
]

log = logging.getLogger(__name__)

_RELATED = ("program__site", "track", "membership__user", "membership__organization", "status_list")


# ---- issuing ---------------------------------------------------------------------------------------------------

def _term_snapshot(membership):
    """The track as recorded in the rules of the member's cycle (R24), or None for a membership without one."""
    if membership.cycle_id is None:
        return None
    return programs_api.cycle_rules(cycle=membership.cycle, track=membership.track).track


def issue_credential(*, membership: Membership) -> BadgeCredential | None:
    """
    Issue the ``OpenBadgeCredential`` of ``membership``'s current term, valid from the term's start to its end,
    signed with the program's current key. A lifetime member (R16) gets one more credential, numbered after
    their last term, valid from the day lifetime status began and without ``validUntil``. Idempotent: the
    credential of a term is issued once, and a retry or a second worker gets the existing one. Returns None for
    a membership that has already ended. Raises ``keys.CredentialKeyMissing`` when the program has no key.
    """
    membership = Membership.objects.select_related(
        "program__site", "track", "cycle__rules", "nomination", "user", "organization"
    ).get(pk=membership.pk)
    number, valid_from, valid_until = credential_period(membership=membership)
    existing = BadgeCredential.objects.filter(membership=membership, term_number=number).first()
    if existing is not None:
        return existing
    if membership.state in MembershipState.ENDED:
        return None
    program = membership.program
    key = keys.signing_key(program)
    try:
        with transaction.atomic():
            Program.objects.select_for_update().filter(pk=program.pk).first()
            status_list, index = allocate_status_entry(program)
            credential = BadgeCredential(
                program=program, track=membership.track, membership=membership,
                term_number=number, valid_from=valid_from, valid_until=valid_until,
                status_list=status_list, status_index=index, kid=key.kid, alg=key.alg,
            )
            credential.document = documents.credential_document(credential, membership, _term_snapshot(membership))
            credential.jwt = documents.sign(
                documents.jwt_claims(credential.document), key, documents.verification_method(program, key.kid)
            )
            # The second proof format: the same document with an embedded eddsa-rdfc-2022 proof.
            credential.proof = data_integrity_proof(program, key, credential.document, timezone.now())
            credential.save()
            audit.record(credential, program, "credential_issued", None, to_state="issued",
                         note=f"Term {credential.term_number} of membership {membership.pk}, signed with {key.kid}")
    except IntegrityError:
        # Another worker issued this term's credential first.
        return BadgeCredential.objects.get(membership=membership, term_number=number)
    # The nomination's endorsements whose endorsers consented, as EndorsementCredentials about this badge.
    issue_endorsement_credentials(credential=credential)
    return credential


def secured_document(*, credential: BadgeCredential) -> dict:
    """
    The credential with its embedded Data Integrity proof (what wallets import and the public id answers); the
    bare document for a credential issued before proofs existed.
    """
    if not credential.proof:
        return credential.document
    return {**credential.document, "proof": [credential.proof]}


def credential_period(*, membership: Membership) -> tuple[int, datetime.datetime, datetime.datetime | None]:
    """
    ``(number, valid_from, valid_until)`` of the credential ``membership`` should hold now: its current term's,
    or, for a lifetime member, an open-ended one numbered after the last term.
    """
    if membership.state == MembershipState.LIFETIME and membership.lifetime_since:
        return membership.term_number + 1, documents.as_datetime(membership.lifetime_since), None
    until = documents.as_datetime(membership.term_end) if membership.term_end else None
    return membership.term_number, documents.as_datetime(membership.term_start), until


def issue_missing_credentials(*, program: Program | None = None) -> int:
    """
    Issue the credentials that live memberships lack for their current term (after a key was configured late,
    or a worker was down). Returns the number issued; programs without a key are logged and skipped.
    """
    credentials = BadgeCredential.objects.filter(membership=OuterRef("pk"))
    lifetime = Q(state=MembershipState.LIFETIME, lifetime_since__isnull=False)
    memberships = Membership.objects.exclude(state__in=MembershipState.ENDED).filter(
        (lifetime & ~Exists(credentials.filter(term_number=OuterRef("term_number") + 1)))
        | (~lifetime & ~Exists(credentials.filter(term_number=OuterRef("term_number"))))
    )
    if program is not None:
        memberships = memberships.filter(program=program)
    issued = 0
    for membership in memberships.only("pk"):
        try:
            issue_credential(membership=membership)
        except keys.CredentialKeyMissing as exc:
            log.error("Credential of membership %s not issued: %s", membership.pk, exc.message)
            continue
        issued += 1
    return issued


# ---- revoking --------------------------------------------------------------------------------------------------

def revoke_credential(*, credential: BadgeCredential, actor: User | None = None, reason: str = "",
                      publish_reason: bool = False) -> BadgeCredential:
    """
    Revoke ``credential``: its status list bit is set, so every verifier sees it revoked. Staff revoke with a
    reason (``actor`` given); the system revokes when a membership lapses or its decision is withdrawn
    (``actor`` None). Revoking twice changes nothing.

    The reason is kept for the holder and program staff; the public verifier shows it only when staff choose
    to publish it (``publish_reason``), since a reason such as a withdrawn decision is about a person.
    Runs in the caller's transaction when there is one, so a revocation commits with the change that causes it.
    The EndorsementCredentials about the badge are revoked with it.
    """
    if actor is not None:
        programs_api.require_program_staff(user=actor, program=credential.program)
        if not (reason or "").strip():
            raise ValidationFailed(_("Say why the credential is revoked: a reason is required."), field="reason")
    with transaction.atomic():
        locked = BadgeCredential.objects.select_for_update().get(pk=credential.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.revocation_reason = (reason or "").strip()[:255]
            locked.revocation_reason_published = bool(publish_reason) and bool(locked.revocation_reason)
            locked.save(update_fields=["revoked_at", "revocation_reason", "revocation_reason_published"])
            audit.record(locked, locked.program, "credential_revoked", actor, "issued", "revoked", reason)
            revoke_endorsements_of_badge(badge=locked)
    credential.refresh_from_db()
    return credential


def resign_credential(*, credential: BadgeCredential) -> BadgeCredential:
    """
    Sign ``credential`` again with its program's current key: same id, document, status entry and validity,
    new VC-JWT. Used after a key was compromised; copies the holder saved before stop verifying (they are no
    longer what the issuer issued), the public URL answers the new one. An erased credential is left as it is.
    """
    with transaction.atomic():
        locked = BadgeCredential.objects.select_for_update().select_related("program__site").get(pk=credential.pk)
        if not locked.jwt:
            return locked
        program = locked.program
        key = keys.signing_key(program)
        previous = locked.kid
        locked.jwt = documents.sign(documents.jwt_claims(locked.document), key,
                                    documents.verification_method(program, key.kid))
        locked.proof = data_integrity_proof(program, key, locked.document, timezone.now())
        locked.kid, locked.alg = key.kid, key.alg
        locked.save(update_fields=["jwt", "proof", "kid", "alg"])
        audit.record(locked, program, "credential_resigned", None, "issued", "issued",
                     note=f"Signed again with {key.kid} (was {previous}).")
    return locked


def resign_credentials_of_compromised_keys(*, program: Program | None = None) -> int:
    """
    Re-sign every credential signed with a key its program marks compromised (``DCP_CREDENTIAL_KEYS``).
    Returns how many. Raises ``keys.CredentialKeyMissing`` when such a program has no current key left.
    """
    programs = Program.objects.select_related("site").order_by("pk")
    if program is not None:
        programs = programs.filter(pk=program.pk)
    resigned = 0
    for each in programs:
        compromised = [key.kid for key in keys.program_keys(each) if key.compromised]
        if not compromised:
            continue
        stale = BadgeCredential.objects.filter(program=each, kid__in=compromised).exclude(jwt="").order_by("pk")
        for credential in stale.only("pk"):
            resign_credential(credential=credential)
            resigned += 1
    return resigned


def backfill_data_integrity_proofs(*, program: Program | None = None) -> dict:
    """
    Give the credentials issued before Data Integrity proofs existed their ``eddsa-rdfc-2022`` proof, signed with
    the key that signed their VC-JWT (retired keys too: they stay published), so wallets and the DCC verifier
    accept them; the document, id, JWT and status entry stay as they are. Skipped, and counted: credentials
    whose issuer is not the program's DID (issued before did:web; a verifier could not find the proof's key
    from them), whose key is gone from the settings or compromised (``dcp_reissue_credentials`` re-signs those),
    and erased ones. Idempotent. Returns ``{"added": n, "skipped": n}``.
    """
    pending = BadgeCredential.objects.select_related("program__site").filter(proof={}).exclude(jwt="")
    if program is not None:
        pending = pending.filter(program=program)
    added = skipped = 0
    for credential in pending.order_by("pk"):
        key = keys.key_by_kid(credential.program, credential.kid)
        issuer = credential.document.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
        if key is None or key.compromised or issuer_id != documents.issuer_did(credential.program):
            skipped += 1
            continue
        with transaction.atomic():
            locked = BadgeCredential.objects.select_for_update().get(pk=credential.pk)
            if locked.proof or not locked.jwt:
                continue
            locked.proof = data_integrity_proof(credential.program, key, locked.document, timezone.now())
            locked.save(update_fields=["proof"])
            audit.record(locked, credential.program, "credential_proof_added", None, "issued", "issued",
                         note=f"Data Integrity proof added with {key.kid}.")
        added += 1
    return {"added": added, "skipped": skipped}


# The system's reason for revoking the credentials of a membership that ended, by the membership's state.
REVOCATION_REASONS = {
    MembershipState.LAPSED: "The membership lapsed.",
    MembershipState.REVOKED: "The membership decision was withdrawn.",
}


def reconcile_credentials(*, program: Program | None = None) -> dict:
    """
    Make credentials agree with memberships, whatever was lost on the way: revoke the unrevoked credentials of
    memberships that ended (lapsed, decision withdrawn), and issue the credentials live memberships lack.
    Idempotent; run by Celery beat (``dcp-credentials-reconcile``) and ``dcp_drain_outbox --reconcile``.
    Returns ``{"revoked": n, "issued": n}``.
    """
    stale = BadgeCredential.objects.filter(revoked_at__isnull=True, membership__state__in=MembershipState.ENDED)
    if program is not None:
        stale = stale.filter(program=program)
    revoked = 0
    for credential in stale.select_related("membership").order_by("pk"):
        revoke_credential(credential=credential, actor=None, reason=REVOCATION_REASONS[credential.membership.state])
        revoked += 1
    return {"revoked": revoked, "issued": issue_missing_credentials(program=program)}


def revoke_membership_credentials(*, membership: Membership, reason: str) -> int:
    """Revoke every credential of ``membership`` (a lapse, R15, or a withdrawn decision). Returns how many."""
    revoked = 0
    for credential in BadgeCredential.objects.filter(membership=membership, revoked_at__isnull=True):
        revoke_credential(credential=credential, actor=None, reason=reason)
        revoked += 1
    return revoked


def retire_user(*, user: User) -> int:
    """
    Retire ``user``'s credentials (Open edX user retirement): revoke them and erase the signed documents, which
    name the user. Their public URLs then answer 410 Gone, and copies the user downloaded verify as revoked.
    """
    retired = 0
    for credential in BadgeCredential.objects.filter(membership__user=user):
        revoke_credential(credential=credential, actor=None, reason="The member's account was retired.")
        BadgeCredential.objects.filter(pk=credential.pk).update(document={}, jwt="", proof={})
        retired += 1
    # Endorsement credentials name the endorser and the badge they endorse: revoked and erased for both.
    retire_endorsement_credentials(user)
    return retired


# ---- reading ---------------------------------------------------------------------------------------------------

def credential_on_site(*, site: Site, public_id: str) -> BadgeCredential | None:
    """The credential ``public_id`` of a program of ``site`` (R1: None for another tenant's)."""
    return BadgeCredential.objects.select_related(*_RELATED).filter(
        public_id=public_id, program__site=site
    ).first()


def credentials_visible_to(*, user: User, site: Site) -> QuerySet:
    """
    The credentials of ``site`` that ``user`` may download: their own (or their organization's), and every
    credential of the programs they run on this site.
    """
    if not getattr(user, "is_authenticated", False):
        return BadgeCredential.objects.none()
    # Joins neither the program nor the membership: the staff's programs are of ``site`` already and the
    # holder's memberships are a few ids, so the list's index answers which rows are visible without reading
    # any row (kilobytes each; P3, ADR 0025).
    # Own credentials are looked for only in the programs the user does not run: staff running every program
    # of the tenant get one index range.
    programs, runs = programs_api.tenant_programs(user=user, site=site)
    visible = Q(program_id__in=sorted(runs))
    others = sorted(programs - runs)
    if others:
        held = Membership.objects.filter(
            Q(user=user) | Q(organization_id__in=programs_api.affiliated_organization_ids(user=user))
        ).values("pk")
        visible |= Q(program_id__in=others, membership_id__in=held)
    return BadgeCredential.objects.select_related(*_RELATED).filter(visible)


def require_may_download(*, user: User, credential: BadgeCredential) -> None:
    """Raise ``NotPermitted`` unless ``user`` holds ``credential`` or runs its program."""
    membership = credential.membership
    if membership.user_id and membership.user_id == user.pk:
        return
    if membership.organization_id and membership.organization_id in programs_api.affiliated_organization_ids(user=user):
        return
    if programs_api.is_program_staff(user=user, program=credential.program):
        return
    raise NotPermitted(_("Only the member and program staff may download this credential."))


def live_badges_of(*, site: Site, username: str, at: datetime.datetime | None = None) -> list[BadgeCredential]:
    """
    The credentials of ``username`` on ``site`` that are valid at ``at`` (now): issued, not revoked, within
    their term (R23, for the profile MFE). One query whatever the number of badges.
    """
    at = at or timezone.now()
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return []
    return list(
        BadgeCredential.objects.select_related("program__site", "track")
        .filter(program__site=site, membership__user=user, revoked_at__isnull=True, valid_from__lte=at)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=at))
        .order_by("program_id", "track__order", "-valid_from")
    )


def newest_credentials_of(*, memberships: Iterable[Membership]) -> dict[int, BadgeCredential]:
    """
    ``{membership id: credential}``: the newest credential issued for each of ``memberships`` (its latest term,
    the latest re-issue), whatever its status, erased ones left out (R23: the member's page shows each badge
    with its status). One query whatever the number of memberships and terms.
    """
    newest = {}
    for credential in BadgeCredential.objects.select_related(*_RELATED).filter(
        membership__in=[membership.pk for membership in memberships]
    ).exclude(jwt="").order_by("membership_id", "-term_number", "-issued_at", "-pk"):
        newest.setdefault(credential.membership_id, credential)
    return newest


def issuer_profile(*, program: Program) -> dict:
    """The issuer Profile of ``program`` as a JSON-LD document."""
    return {"@context": [documents.VC_CONTEXT, documents.OB_CONTEXT], **documents.issuer_profile(program)}


def track_on_site(*, site: Site, program_slug: str, track_slug: str) -> Track | None:
    """The track ``track_slug`` of program ``program_slug`` of ``site`` (with its uploaded image), or None."""
    return Track.objects.select_related("program__site", "badge_image").filter(
        program__site=site, program__slug=program_slug, slug=track_slug
    ).first()


def achievement(*, program: Program, track_slug: str) -> dict | None:
    """The Achievement of a track of ``program`` as it is now, or None."""
    track = program.tracks.filter(slug=track_slug).first()
    if track is None:
        return None
    return {"@context": [documents.VC_CONTEXT, documents.OB_CONTEXT], **documents.achievement(program, track)}


def _published_jwk(program, key):
    # The kid is the key's DID URL, which JWS headers name, so JOSE tooling picks it from the JWKS too.
    return {**key.public_jwk(), "kid": documents.verification_method(program, key.kid)}


def did_document(*, program: Program) -> dict:
    """
    The program's DID document (what its ``did:web`` resolves to): every published key, retired ones too, never
    a compromised one.
    """
    return documents.did_document(program, keys.published_keys(program))


def jwks(*, program: Program) -> dict:
    """
    The program's JWK Set: every published key (retired ones too, so old credentials verify; never a
    compromised one).
    """
    return {"keys": [_published_jwk(program, key) for key in keys.published_keys(program)]}


def public_key(*, program: Program, kid: str) -> dict | None:
    """
    The public JWK ``kid`` of ``program`` (what a JWS header's ``kid`` URL answers), or None, also for a
    compromised key.
    """
    key = keys.key_by_kid(program, kid)
    return _published_jwk(program, key) if key and not key.compromised else None


def status_list_on_site(*, site: Site, program_slug: str, number: int) -> StatusList | None:
    """The status list ``number`` of program ``program_slug`` of ``site``, or None."""
    return StatusList.objects.select_related("program__site").filter(
        program__site=site, program__slug=program_slug, number=number
    ).first()


def status_list_credential(*, status_list: StatusList) -> dict:
    """The status list as a ``BitstringStatusListCredential`` (JSON), built from the revoked credentials."""
    revoked = entries_of(status_list).filter(revoked_at__isnull=False).values_list("status_index", flat=True)
    return documents.status_list_document(status_list, revoked)


def status_list_jwt(*, status_list: StatusList) -> str:
    """The status list credential signed as VC-JWT with the program's current key."""
    program = status_list.program
    key = keys.signing_key(program)
    document = status_list_credential(status_list=status_list)
    claims = {**document, "iss": document["issuer"], "jti": document["id"],
              "nbf": int(status_list.created.timestamp()), "iat": int(timezone.now().timestamp())}
    return documents.sign(claims, key, documents.verification_method(program, key.kid))


def status_list_secured(*, status_list: StatusList, at: datetime.datetime | None = None) -> dict:
    """
    The status list credential with an embedded Data Integrity proof made now (the list changes with every
    revocation, so it is signed when asked for), by the program's current key.
    """
    program = status_list.program
    return {**(document := status_list_credential(status_list=status_list)),
            "proof": [data_integrity_proof(program, keys.signing_key(program), document, at or timezone.now())]}
