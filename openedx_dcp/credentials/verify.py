"""
Verifying Open Badges 3.0 credentials (R22) as any verifier would, with the keys a tenant publishes: the VC-JWT
form, the JSON form with its embedded Data Integrity proof, or a credential by its id. Callers use the
``credentials.api`` front.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from joserfc import jws
from joserfc.errors import BadSignatureError, JoseError

from openedx_dcp import safejson, tenancy
from openedx_dcp.credentials import dataintegrity, documents, keys
from openedx_dcp.credentials.endorsements import endorsement_credential_on_site
from openedx_dcp.credentials.issue import credential_on_site, status_list_on_site
from openedx_dcp.credentials.signing import entries_of
from openedx_dcp.programs import api as programs_api

if TYPE_CHECKING:  # names in type hints only
    from typing import Any

    from django.contrib.sites.models import Site

__all__ = [
    "verify_jwt",
    "verify_document",
    "verify_data_integrity",
    "verify_credential_id",
    "Verification",
]

# The verifier's words that several checks share (translatable; formatted where they name a key or a credential).
UNKNOWN_CREDENTIAL = gettext_lazy("{domain} issued no credential {id}.")
KEY_COMPROMISED = gettext_lazy(
    "The key {kid} that signed this copy was compromised: the issuer no longer vouches for what it signed. Ask the "
    "holder for the re-issued credential.")
ISSUER_NOT_KEY_OWNER = gettext_lazy("The issuer of the credential is not the owner of the key.")
NOT_THE_ISSUED_COPY = gettext_lazy(
    "This copy differs from the credential the issuer issued under this id (it may have been re-issued: ask the "
    "holder for the current copy).")


# ---- verifying -------------------------------------------------------------------------------------------------

@dataclass
class Verification:
    """
    The answer of the verifier: ``status`` is one of ``STATUSES`` and ``reason`` says why, for a person.
    """

    VALID = "valid"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    REVOKED = "revoked"
    TAMPERED = "tampered"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_KEY = "unknown_key"
    KEY_COMPROMISED = "key_compromised"
    NOT_ISSUED = "not_issued"
    UNKNOWN = "unknown_credential"
    MALFORMED = "malformed"

    status: str
    reason: str
    credential_id: str = ""
    checks: list = field(default_factory=list)

    def __post_init__(self):
        self.reason = str(self.reason)  # a translated message, in the language of the request

    @property
    def is_valid(self):
        return self.status == self.VALID

    def as_dict(self):
        """The JSON answer of the verification endpoint."""
        return {"valid": self.is_valid, "status": self.status, "reason": self.reason,
                "credential_id": self.credential_id, "checks": self.checks}




def _resolve_route(site, url, route_name):
    """The URL kwargs of ``url`` when it is ``route_name`` on ``site``'s domain, else None."""
    try:
        path = tenancy.public_path(site, url)
        if path is None:
            return None
        match = resolve(urlparse(path).path)
    except (Resolver404, ValueError, TypeError, AttributeError):
        return None
    return match.kwargs if match.url_name == route_name else None


def _program_of_did(site, did):
    """The program of ``site`` whose issuer DID is ``did``, or None."""
    if not isinstance(did, str) or not did.startswith("did:web:"):
        return None
    # The DID names its document's URL: did:web:<host>:<path segments> -> <scheme>://<host>/<path>/did.json,
    # with the scheme of the tenant's public base URL (https in production).
    host, *segments = [unquote(part) for part in did[len("did:web:"):].split(":")]
    scheme = urlparse(tenancy.public_base_url(site)).scheme
    kwargs = _resolve_route(site, f"{scheme}://{host}/{'/'.join(segments)}/did.json", "dcp-public-did")
    program = programs_api.program_on_site(site=site, slug=kwargs["program_slug"]) if kwargs else None
    return program if program is not None and documents.issuer_did(program) == did else None


def _key_of_kid(site, kid_url):
    if isinstance(kid_url, str) and kid_url.startswith("did:"):
        did, _hash, fragment = kid_url.partition("#")
        program = _program_of_did(site, did)
        return (program, keys.key_by_kid(program, fragment)) if program else (None, None)
    kwargs = _resolve_route(site, kid_url, "dcp-public-key") if isinstance(kid_url, str) else None
    if not kwargs:
        return None, None
    program = programs_api.program_on_site(site=site, slug=kwargs["program_slug"])
    if program is None:
        return None, None
    return program, keys.key_by_kid(program, kwargs["kid"])


def _credential_of_url(site, url):
    """The badge or endorsement credential whose id is ``url`` on ``site``, or None."""
    if not isinstance(url, str):
        return None
    kwargs = _resolve_route(site, url, "dcp-public-credential")
    if kwargs:
        return credential_on_site(site=site, public_id=kwargs["public_id"])
    kwargs = _resolve_route(site, url, "dcp-public-endorsement-credential")
    return endorsement_credential_on_site(site=site, public_id=kwargs["public_id"]) if kwargs else None


def _parse_timestamp(value):
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    except (TypeError, ValueError):
        return None


def _issuer_name(document):
    issuer = document.get("issuer")
    return issuer.get("name", issuer.get("id")) if isinstance(issuer, dict) else issuer


def _status_and_validity(site, document, at, checks):
    """The revocation and validity-period checks shared by the JWT and the JSON paths."""
    credential_id = document.get("id", "")
    status_entry = document.get("credentialStatus") or {}
    kwargs = _resolve_route(site, status_entry.get("statusListCredential"), "dcp-public-status-list") \
        if isinstance(status_entry, dict) else None
    if not kwargs:
        return Verification(Verification.MALFORMED, _("The credential has no status list entry of this issuer."),
                            credential_id, checks)
    status_list = status_list_on_site(site=site, program_slug=kwargs["program_slug"], number=kwargs["number"])
    try:
        index = int(status_entry.get("statusListIndex"))
    except (TypeError, ValueError):
        index = -1
    if status_list is None or not 0 <= index < status_list.size:
        return Verification(Verification.MALFORMED, _("The credential's status list entry does not exist."),
                            credential_id, checks)
    revoked = entries_of(status_list).filter(status_index=index, revoked_at__isnull=False).first()
    if revoked is not None:
        checks.append("status: revoked")
        return Verification(Verification.REVOKED, _revoked_reason(revoked), credential_id, checks)
    checks.append("status: not revoked")
    valid_from = _parse_timestamp(document.get("validFrom"))
    valid_until = _parse_timestamp(document.get("validUntil")) if document.get("validUntil") else None
    if valid_from is None:
        return Verification(Verification.MALFORMED, _("validFrom is missing or not a UTC timestamp."),
                            credential_id, checks)
    if valid_until is not None and at >= valid_until:
        return Verification(Verification.EXPIRED, _("Expired on {date} (the membership term ended).").format(
                            date=document["validUntil"]), credential_id, checks)
    if at < valid_from:
        return Verification(Verification.NOT_YET_VALID, _("Valid only from {date}.").format(date=document["validFrom"]),
                            credential_id, checks)
    checks.append("validity period: current")
    return Verification(Verification.VALID, _("Signed by {issuer}, not revoked, valid until {date}.").format(
                        issuer=_issuer_name(document), date=document.get("validUntil") or _("further notice")),
                        credential_id, checks)


def verify_jwt(*, site: Site, token: str, at: datetime.datetime | None = None) -> Verification:
    """
    Verify a credential in VC-JWT form as any verifier would, with the keys ``site`` publishes: the key named by
    ``kid`` (unknown key), the signature (tampered when the content differs from what was issued, bad signature
    otherwise), the status list (revoked) and the validity period (expired, not yet valid).
    """
    at = at or timezone.now()
    checks = []
    try:
        compact = jws.extract_compact(token.strip().encode("ascii"))
        header = compact.headers()
        claims = safejson.loads(compact.payload)
        if not isinstance(claims, dict):
            raise ValueError("payload is not an object")
    except RecursionError:  # a header nested beyond what joserfc's json can read
        return Verification(Verification.MALFORMED, _("Not a compact JWS: its header nests too deep."))
    except (JoseError, ValueError, UnicodeError, AttributeError) as exc:
        return Verification(Verification.MALFORMED,
                            _("Not a compact JWS with a JSON payload ({error}).").format(error=exc))
    credential_id = str(claims.get("id", ""))
    program, key = _key_of_kid(site, header.get("kid"))
    if key is None:
        return Verification(Verification.UNKNOWN_KEY, _("The key {kid} is not published by {domain}.").format(
                            kid=repr(header.get("kid")), domain=site.domain), credential_id, checks)
    checks.append(f"key: {key.kid} of {program.slug}")
    if key.compromised:
        return Verification(Verification.KEY_COMPROMISED, KEY_COMPROMISED.format(kid=key.kid), credential_id, checks)
    if header.get("alg") != key.alg:
        refusal = _("The token says {alg} but key {kid} signs with {key_alg}.")
        return Verification(Verification.BAD_SIGNATURE, refusal.format(alg=header.get("alg"), kid=key.kid,
                                                                       key_alg=key.alg), credential_id, checks)
    try:
        with keys.quiet_joserfc():
            jws.deserialize_compact(token.strip(), key.key, algorithms=[key.alg])
    except BadSignatureError:
        issued = _credential_of_url(site, claims.get("jti") or credential_id)
        if issued is not None and documents.jwt_claims(issued.document) != {
            name: value for name, value in claims.items() if name != "iat"
        }:
            return Verification(Verification.TAMPERED, _(
                "The signature does not match: the content differs from the credential the issuer signed."),
                credential_id, checks)
        return Verification(Verification.BAD_SIGNATURE,
                            _("The signature was not made with key {kid}.").format(kid=key.kid), credential_id, checks)
    except JoseError as exc:
        return Verification(Verification.MALFORMED, _("The JWS cannot be checked ({error}).").format(error=exc),
                            credential_id, checks)
    checks.append("signature: valid")
    # Credentials name the issuer's DID; those issued before DIDs, the Profile URL.
    if claims.get("iss") not in (documents.issuer_did(program), documents.issuer_url(program)):
        return Verification(Verification.TAMPERED, ISSUER_NOT_KEY_OWNER,
                            credential_id, checks)
    refusal = _check_issued(site, program, key, token.strip(), claims, credential_id, checks)
    if refusal is not None:
        return refusal
    return _status_and_validity(site, claims, at, checks)


def _check_issued(site, program, key, token, claims, credential_id, checks):
    """
    A valid signature is not enough: a key (a retired one, say, whose private half was kept somewhere less safe)
    can sign anything. The token must be the very credential the program issued under its id, signed with the
    key recorded at issuance. Returns the refusal, or None when it is.
    """
    issued = _credential_of_url(site, claims.get("jti") or credential_id)
    if issued is None or issued.program_id != program.pk:
        return Verification(Verification.UNKNOWN, UNKNOWN_CREDENTIAL.format(domain=site.domain, id=repr(credential_id)),
                            credential_id, checks)
    if not issued.jwt:
        return _erased(issued, credential_id)
    if issued.kid != key.kid:
        refusal = _("The credential was issued signed with key {issued_kid}, not {kid}: this copy is not the one the "
                    "issuer issued.")
        return Verification(Verification.NOT_ISSUED, refusal.format(issued_kid=issued.kid, kid=key.kid),
                            credential_id, checks)
    if not hmac.compare_digest(hashlib.sha256(token.encode("ascii")).digest(),
                               hashlib.sha256(issued.jwt.encode("ascii")).digest()):
        return Verification(Verification.NOT_ISSUED, NOT_THE_ISSUED_COPY,
                            credential_id, checks)
    checks.append("issued: matches the issuer's record")
    return None


def verify_document(*, site: Site, document: Any, at: datetime.datetime | None = None) -> Verification:
    """
    Verify a credential in JSON form. JSON carries no proof of its own here (the proof is the VC-JWT), so it
    is compared with the credential issued under its id (tampered when any field differs) and then checked
    for revocation and validity like the JWT.
    """
    at = at or timezone.now()
    if not isinstance(document, dict):
        return Verification(Verification.MALFORMED, _("The credential must be a JSON object."))
    if "proof" in document:
        return verify_data_integrity(site=site, document=document, at=at)
    credential_id = str(document.get("id", ""))
    issued = _credential_of_url(site, credential_id)
    if issued is None:
        return Verification(Verification.UNKNOWN, UNKNOWN_CREDENTIAL.format(domain=site.domain, id=repr(credential_id)),
                            credential_id)
    if not issued.jwt:
        return _erased(issued, credential_id)
    if document != issued.document:
        changed = sorted(
            name for name in set(document) | set(issued.document) if document.get(name) != issued.document.get(name)
        )
        refusal = _("The credential differs from what the issuer signed: {fields}.")
        return Verification(Verification.TAMPERED, refusal.format(fields=", ".join(changed)), credential_id,
                            ["content: differs"])
    return verify_jwt(site=site, token=issued.jwt, at=at)


def _data_integrity_key(site, verification_method):
    """(program, key) of a Data Integrity ``verificationMethod`` DID URL of ``site``, or (None, None)."""
    did, _hash, fragment = str(verification_method or "").partition("#")
    program = _program_of_did(site, did)
    if program is None:
        return None, None
    for key in keys.program_keys(program):
        if key.data_integrity_fragment == fragment:
            return program, key
    return program, None


def verify_data_integrity(*, site: Site, document: dict, at: datetime.datetime | None = None) -> Verification:
    """
    Verify a credential secured with an embedded ``eddsa-rdfc-2022`` proof: the key its ``verificationMethod``
    names among the keys ``site`` publishes in the issuer's DID document, the proof over the canonical document
    (tampered when the content differs from what was issued, bad signature otherwise), the issuer, then status
    and validity like the VC-JWT.
    """
    at = at or timezone.now()
    credential_id = str(document.get("id", ""))
    proof = document.get("proof")
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    checks = []
    program, key = _data_integrity_key(site, proof.get("verificationMethod") if isinstance(proof, dict) else None)
    if key is None:
        method = proof.get("verificationMethod") if isinstance(proof, dict) else None
        return Verification(Verification.UNKNOWN_KEY, _("The key {kid} is not published by {domain}.").format(
                            kid=repr(method), domain=site.domain),
                            credential_id, checks)
    checks.append(f"key: {key.kid} of {program.slug}")
    if key.compromised:
        return Verification(Verification.KEY_COMPROMISED, KEY_COMPROMISED.format(kid=key.kid), credential_id, checks)
    try:
        valid = dataintegrity.verify_proof(document, key.data_integrity_key.public_key())
    except dataintegrity.DataIntegrityError as exc:
        return Verification(Verification.MALFORMED, str(exc), credential_id, checks)
    if not valid:
        issued = _credential_of_url(site, credential_id)
        unsecured = {name: value for name, value in document.items() if name != "proof"}
        if issued is not None and issued.document and unsecured != issued.document:
            return Verification(Verification.TAMPERED, _(
                "The proof does not match: the content differs from the credential the issuer signed."),
                credential_id, checks)
        return Verification(Verification.BAD_SIGNATURE, _("The proof was not made with key {kid}.").format(kid=key.kid),
                            credential_id, checks)
    checks.append("signature: valid")
    issuer = document.get("issuer")
    if (issuer.get("id") if isinstance(issuer, dict) else issuer) != documents.issuer_did(program):
        return Verification(Verification.TAMPERED, ISSUER_NOT_KEY_OWNER,
                            credential_id, checks)
    # As for the VC-JWT: a valid proof is not enough, it must be the credential issued under this id, with the
    # key recorded at issuance.
    issued = _credential_of_url(site, credential_id)
    if issued is None or issued.program_id != program.pk:
        return Verification(Verification.UNKNOWN, UNKNOWN_CREDENTIAL.format(domain=site.domain, id=repr(credential_id)),
                            credential_id, checks)
    if not issued.jwt:
        return _erased(issued, credential_id)
    if issued.kid != key.kid or issued.proof != proof \
            or {name: value for name, value in document.items() if name != "proof"} != issued.document:
        return Verification(Verification.NOT_ISSUED, NOT_THE_ISSUED_COPY,
                            credential_id, checks)
    checks.append("issued: matches the issuer's record")
    return _status_and_validity(site, document, at, checks)


def verify_credential_id(*, site: Site, credential_id: str, at: datetime.datetime | None = None) -> Verification:
    """Verify the credential published at ``credential_id`` (a credential URL or its public id)."""
    issued = _credential_of_url(site, credential_id)
    if issued is None:
        try:
            issued = credential_on_site(site=site, public_id=str(credential_id).strip())
        except (ValidationError, ValueError):  # not a UUID: an unknown credential
            issued = None
    if issued is None:
        return Verification(Verification.UNKNOWN, UNKNOWN_CREDENTIAL.format(domain=site.domain, id=repr(credential_id)),
                            str(credential_id))
    if not issued.jwt:
        return _erased(issued, str(credential_id))
    return verify_jwt(site=site, token=issued.jwt, at=at)


def _revoked_reason(credential):
    """What the public verifier says about a revoked credential: the date, and the reason only if published."""
    date = f"{credential.revoked_at:%Y-%m-%d}"
    if credential.revocation_reason_published and credential.revocation_reason:
        return _("Revoked on {date}: {reason}.").format(date=date, reason=credential.revocation_reason.rstrip("."))
    return _("Revoked on {date}.").format(date=date)


def _erased(issued, credential_id):
    return Verification(Verification.REVOKED, _revoked_reason(issued), credential_id)
