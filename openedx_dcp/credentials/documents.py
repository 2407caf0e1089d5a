"""
The JSON documents of Open Badges 3.0 (R22): public URLs on the tenant's domain, the issuer Profile, the
Achievement of a track, the OpenBadgeCredential, the Bitstring Status List credential, and VC-JWT encoding.

Everything here is pure construction from models; what to issue, when, and who may see it lives in ``api``.
"""

from __future__ import annotations

import base64
import datetime
import gzip
import hashlib
import json
import secrets
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from django.urls import reverse
from joserfc import jws

from openedx_dcp import tenancy
from openedx_dcp.credentials import dataintegrity
from openedx_dcp.credentials.keys import quiet_joserfc

if TYPE_CHECKING:  # names in type hints only
    from openedx_dcp.programs.models import Program

__all__ = [
    "VC_CONTEXT",
    "OB_CONTEXT",
    "public_url",
    "issuer_url",
    "issuer_did",
    "did_document_url",
    "verification_method",
    "did_document",
    "achievement_url",
    "achievement_image_url",
    "credential_url",
    "credential_jwt_url",
    "key_url",
    "jwks_url",
    "status_list_url",
    "badges_url",
    "verify_url",
    "issuer_profile",
    "achievement",
    "credential_document",
    "endorsement_url",
    "endorsement_document",
    "status_list_document",
    "jwt_claims",
    "sign",
    "encode_bitstring",
    "bit_is_set",
    "as_datetime",
    "format_datetime",
]

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


# ---- public URLs ---------------------------------------------------------------------------------------------

def public_url(site, name, **kwargs):
    """
    The absolute URL of the plugin route ``name`` on ``site``'s public base URL (``tenancy.public_base_url``:
    ``DCP_PUBLIC_BASE_URL``, never the request's host). Credential ids must be URLs of the tenant's own
    (R1): a badge of one tenant never points at another tenant's host.
    """
    return tenancy.public_url(site, reverse(f"openedx_dcp:{name}", kwargs=kwargs))


def issuer_url(program):
    """Where the program's issuer Profile is published (its id is the issuer's DID, ``issuer_did``)."""
    return public_url(program.site, "dcp-public-issuer", program_slug=program.slug)


def did_document_url(program):
    """Where the program's DID document is served: the URL its ``did:web`` resolves to."""
    return public_url(program.site, "dcp-public-did", program_slug=program.slug)


def issuer_did(program):
    """
    The program's issuer identity, a path-based ``did:web`` (W3C did:web method): the host (a port written
    ``%3A``) and the path of the DID document without ``/did.json``, joined with ``:``. A verifier holding only
    a credential resolves it to the DID document, which lists the keys, so it needs no other configuration.
    """
    parts = urlsplit(did_document_url(program))
    segments = [quote(segment, safe="") for segment in parts.path.split("/")[:-1] if segment]
    return ":".join(["did:web", quote(parts.netloc, safe=""), *segments])


def verification_method(program, fragment):
    """The DID URL of one key of the program (a JWS ``kid``, a Data Integrity ``verificationMethod``)."""
    return f"{issuer_did(program)}#{fragment}"


def did_document(program, program_keys):
    """
    The DID document of ``program``: every configured key (retired ones too, so earlier credentials verify),
    each as a ``JsonWebKey2020`` for VC-JWT (an ``EdDSA`` key as a ``Multikey``) and, for the Data Integrity
    proofs, its Ed25519 key as a ``Multikey``; all listed under ``assertionMethod`` (keys that issue
    credentials). The issuer Profile is linked as a service.
    """
    did = issuer_did(program)
    methods = []
    for key in program_keys:
        if key.alg != "EdDSA":
            jwk = {name: value for name, value in key.public_jwk().items() if name not in ("kid", "use")}
            methods.append({"id": f"{did}#{key.kid}", "type": "JsonWebKey2020", "controller": did,
                            "publicKeyJwk": jwk})
        methods.append({
            "id": f"{did}#{key.data_integrity_fragment}", "type": "Multikey", "controller": did,
            "publicKeyMultibase": dataintegrity.multikey(key.data_integrity_key.public_key()),
        })
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1",
                     "https://w3id.org/security/suites/jws-2020/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
        "service": [{"id": f"{did}#issuer-profile", "type": "OpenBadgesIssuerProfile",
                     "serviceEndpoint": issuer_url(program)}],
    }


def achievement_url(program, track_slug):
    """The id of a track's Achievement."""
    return public_url(program.site, "dcp-public-achievement", program_slug=program.slug, track_slug=track_slug)


def achievement_image_url(*, program: Program, track_slug: str, extension: str = "png") -> str:
    """Where a track's badge image is published (``png``, what wallets show, or ``svg``)."""
    name = "dcp-public-achievement-image-png" if extension == "png" else "dcp-public-achievement-image"
    return public_url(program.site, name, program_slug=program.slug, track_slug=track_slug)


def credential_url(credential):
    """The id of a credential, which answers its JSON."""
    return public_url(credential.program.site, "dcp-public-credential", public_id=credential.public_id)


def credential_jwt_url(credential):
    """Where the credential's VC-JWT is published."""
    return public_url(credential.program.site, "dcp-public-credential-jwt", public_id=credential.public_id)


def key_url(program, kid):
    """
    The ``kid`` of a JWS header: a URL that answers the public JWK (Open Badges 3.0 wants a ``kid`` that
    dereferences to the key); the same URL is the ``kid`` of the key in the program's JWKS.
    """
    return public_url(program.site, "dcp-public-key", program_slug=program.slug, kid=kid)


def jwks_url(program):
    """The program's JWK Set, retired keys included."""
    return public_url(program.site, "dcp-public-jwks", program_slug=program.slug)


def status_list_url(status_list):
    """The id of a status list credential."""
    program = status_list.program
    return public_url(program.site, "dcp-public-status-list", program_slug=program.slug, number=status_list.number)


def badges_url(site, username):
    """The public list of a user's live badges on ``site`` (the profile MFE widget reads it)."""
    return public_url(site, "dcp-public-badges", username=username)


def verify_url(credential):
    """A link that verifies the credential with the tenant's verifier."""
    return f"{public_url(credential.program.site, 'dcp-public-verify')}?id={credential_url(credential)}"


# ---- dates -----------------------------------------------------------------------------------------------------

def as_datetime(day):
    """Midnight UTC of a date: a term runs from the start of its first day to the start of its end date."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.timezone.utc)


def format_datetime(moment):
    """An RFC 3339 UTC timestamp with a ``Z`` suffix, as the OB 3.0 schema's ``date-time`` format wants."""
    return moment.astimezone(datetime.timezone.utc).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- documents -------------------------------------------------------------------------------------------------

def _image(url, caption):
    return {"id": url, "type": "Image", "caption": caption} if url else None


def issuer_profile(program):
    """
    The issuer Profile of ``program`` (name, url, image), embedded in every credential and published at its
    id. The url falls back to the tenant's home page.
    """
    profile = {
        "id": issuer_did(program),
        "type": ["Profile"],
        "name": program.organization_name or program.name,
        "url": program.url or tenancy.public_url(program.site, "/"),
    }
    if program.description:
        profile["description"] = program.description
    image = _image(program.image_url, program.name)
    if image:
        profile["image"] = image
    return profile


def achievement(program, track, snapshot=None):
    """
    The Achievement of ``track``: name, description and criteria narrative come from ``snapshot`` (the track
    as recorded in the rules version the member's cycle ran with, R24) and fall back to the track as it is
    now; the image is the track's badge image as published by the plugin (PNG: wallets show it), whether
    generated or uploaded by staff.
    """
    snapshot = snapshot or {}
    name = snapshot.get("name") or track.name
    narrative = snapshot.get("criteria_narrative") or track.criteria_narrative or snapshot.get("description") \
        or track.description or name
    data = {
        "id": achievement_url(program, track.slug),
        "type": ["Achievement"],
        "achievementType": "Membership",
        "name": name,
        "description": snapshot.get("description") or track.description or name,
        "criteria": {"narrative": narrative},
    }
    data["image"] = _image(achievement_image_url(program=program, track_slug=track.slug), name)
    return data


def _evidence(links):
    evidence = []
    for link in links or []:
        if isinstance(link, dict):
            url, name = link.get("url") or link.get("id"), link.get("name")
        else:
            url, name = link, None
        if url:
            evidence.append({"id": str(url), "type": ["Evidence"], "name": name or "Nomination evidence"})
    return evidence


def _subject(membership, site, achievement_data):
    subject = {"type": ["AchievementSubject"], "achievement": achievement_data}
    if membership.user_id:
        user = membership.user
        subject["id"] = badges_url(site, user.get_username())
        if user.email:
            # A salted hash lets the holder prove the badge is theirs by email without publishing the address.
            salt = secrets.token_hex(8)
            subject["identifier"] = [{
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": "sha256$" + hashlib.sha256((user.email.lower() + salt).encode()).hexdigest(),
                "salt": salt,
            }]
    else:
        organization = membership.organization
        if organization.url:
            subject["id"] = organization.url
        subject["identifier"] = [{
            "type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": organization.name,
        }]
    return subject


def credential_document(credential, membership, snapshot):
    """
    The ``OpenBadgeCredential`` of ``credential`` (not yet saved: its public id, status entry and validity
    are set) for ``membership``'s current term.
    """
    program = credential.program
    achievement_data = achievement(program, credential.track, snapshot)
    status_url = status_list_url(credential.status_list)
    document = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_url(credential),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": f"{achievement_data['name']}, {program.name}",
        "description": f"{achievement_data['name']} of {program.name}, term {credential.term_number}.",
        "issuer": issuer_profile(program),
        "validFrom": format_datetime(credential.valid_from),
        "credentialSubject": _subject(membership, program.site, achievement_data),
        "credentialStatus": {
            "id": f"{status_url}#{credential.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": credential.status_list.purpose,
            "statusListIndex": str(credential.status_index),
            "statusListCredential": status_url,
        },
    }
    if credential.valid_until:
        document["validUntil"] = format_datetime(credential.valid_until)
    if achievement_data.get("image"):
        document["image"] = achievement_data["image"]
    evidence = _evidence(membership.nomination.evidence_links if membership.nomination_id else [])
    if evidence:
        document["evidence"] = evidence
    return document


def endorsement_url(endorsement_credential):
    """The id of an EndorsementCredential, which answers its JSON."""
    return public_url(endorsement_credential.program.site, "dcp-public-endorsement-credential",
                      public_id=endorsement_credential.public_id)


def endorsement_document(endorsement_credential, endorser_name, statement):
    """
    The ``EndorsementCredential`` of ``endorsement_credential`` (not yet saved): the program, as issuer, vouches
    that ``endorser_name`` endorsed the nomination that led to the badge, whose credential is the subject, with
    ``statement`` as the comment (Open Badges 3.0 EndorsementCredential and EndorsementSubject).
    """
    badge = endorsement_credential.badge_credential
    program = endorsement_credential.program
    track_name = badge.document.get("credentialSubject", {}).get("achievement", {}).get("name") or badge.track.name
    status_url = status_list_url(endorsement_credential.status_list)
    subject = {"id": badge.document["id"], "type": ["EndorsementSubject"]}
    if statement:
        subject["endorsementComment"] = statement
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": endorsement_url(endorsement_credential),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": f"Endorsement by {endorser_name}: {track_name}, {program.name}",
        "description": f"{endorser_name} endorsed the nomination that led to this {track_name} badge of "
                       f"{program.name}; the program publishes the endorsement with their consent.",
        "issuer": issuer_profile(program),
        "validFrom": format_datetime(endorsement_credential.valid_from),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{status_url}#{endorsement_credential.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": endorsement_credential.status_list.purpose,
            "statusListIndex": str(endorsement_credential.status_index),
            "statusListCredential": status_url,
        },
    }


def status_list_document(status_list, revoked_indexes):
    """
    The ``BitstringStatusListCredential`` of ``status_list`` with the bits of ``revoked_indexes`` set.
    """
    url = status_list_url(status_list)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(status_list.program),
        "validFrom": format_datetime(status_list.created),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": encode_bitstring(status_list.size, revoked_indexes),
        },
    }


# ---- VC-JWT ----------------------------------------------------------------------------------------------------

def _numeric_date(timestamp):
    return int(datetime.datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ")
               .replace(tzinfo=datetime.timezone.utc).timestamp())


def jwt_claims(document):
    """
    The JWT payload of a credential (Open Badges 3.0, VC-JWT): the credential itself plus the registered
    claims mapped from it (``iss``, ``jti``, ``sub``, ``nbf`` = validFrom, ``exp`` = validUntil), so generic
    JWT libraries enforce expiry too.
    """
    issuer = document["issuer"]
    claims = {
        **document,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": document["id"],
        "nbf": _numeric_date(document["validFrom"]),
    }
    subject_id = document.get("credentialSubject", {}).get("id")
    if subject_id:
        claims["sub"] = subject_id
    if document.get("validUntil"):
        claims["exp"] = _numeric_date(document["validUntil"])
    return claims


def sign(claims, key, kid_url):
    """Sign ``claims`` as a compact JWS with ``key`` (a ``keys.SigningKey``); ``kid_url`` names the key."""
    header = {"alg": key.alg, "kid": kid_url, "typ": "JWT"}
    payload = json.dumps(claims, separators=(",", ":"), ensure_ascii=False)
    with quiet_joserfc():
        return jws.serialize_compact(header, payload, key.key, algorithms=[key.alg])


# ---- Bitstring Status List -------------------------------------------------------------------------------------

def encode_bitstring(size, indexes):
    """
    A ``size``-bit list with the bits at ``indexes`` set, GZIP-compressed and multibase base64url encoded
    (``u`` prefix, no padding). Bit 0 is the most significant bit of the first byte (W3C Bitstring Status List).
    """
    bits = bytearray(size // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def bit_is_set(encoded, index):
    """Whether bit ``index`` of an encoded list is set (what a verifier does with the published list)."""
    raw = encoded[1:] if encoded.startswith("u") else encoded
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
