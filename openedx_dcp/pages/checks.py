"""
A credential's verification in plain words: the verifier's answer (``credentials.api.Verification``) as the four
checks a person reads (the issuer's key, the signature, the status, the validity dates), each passed, failed or
not checked, and what a visitor pasted or dropped on the verification page read into something the verifier
takes (a VC-JWT, a JSON credential, or a baked badge image through ``credentials.api.unbake``).

The checks restate nothing: which check failed is read from the verifier's own status and the checks it
records; the verifier's reason is shown beside them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from openedx_dcp import safejson
from openedx_dcp.credentials import api as credentials_api
from openedx_dcp.exceptions import ValidationFailed

__all__ = ["Check", "plain_checks", "headline", "read_credential", "UnreadableCredential", "MAX_UPLOAD_BYTES"]

V = credentials_api.Verification

KEY, SIGNATURE, STATUS, VALIDITY = "key", "signature", "status", "validity"
PASSED, FAILED, NOT_CHECKED = "passed", "failed", "not_checked"

NAMES = {
    KEY: _("Issuer's key"),
    SIGNATURE: _("Signature"),
    STATUS: _("Status"),
    VALIDITY: _("Validity dates"),
}

# Which check a verifier's answer failed on.
FAILED_CHECK = {
    V.UNKNOWN_KEY: KEY,
    V.KEY_COMPROMISED: KEY,
    V.BAD_SIGNATURE: SIGNATURE,
    V.TAMPERED: SIGNATURE,
    V.NOT_ISSUED: SIGNATURE,
    V.UNKNOWN: SIGNATURE,
    V.REVOKED: STATUS,
    V.EXPIRED: VALIDITY,
    V.NOT_YET_VALID: VALIDITY,
}

PASSED_SENTENCES = {
    KEY: _("The key that signed it is one the issuer publishes."),
    SIGNATURE: _("The signature is valid, and the content is exactly what the issuer issued."),
    STATUS: _("Not revoked: the issuer's status list says the badge stands."),
    VALIDITY: _("Today is within its validity dates."),
}

FAILED_SENTENCES = {
    V.UNKNOWN_KEY: _("The key that signed it is not one this issuer publishes."),
    V.KEY_COMPROMISED: _("The key that signed this copy was compromised: the issuer no longer vouches for what it "
                         "signed. Ask the holder for the re-issued badge."),
    V.BAD_SIGNATURE: _("The signature was not made with the issuer's key."),
    V.TAMPERED: _("The content differs from what the issuer signed: it was changed after issuing."),
    V.NOT_ISSUED: _("This copy is not the one the issuer issued (it may have been re-issued: ask the holder for "
                    "the current copy)."),
    V.UNKNOWN: _("The issuer has no record of issuing this credential."),
    V.REVOKED: _("Revoked: the issuer withdrew this badge."),
    V.EXPIRED: _("Expired: its validity dates have passed."),
    V.NOT_YET_VALID: _("Not valid yet: its validity starts later."),
    V.MALFORMED: _("This part of the credential could not be read."),
}

NOT_CHECKED_SENTENCE = _("An earlier check failed, so this one was not run.")

HEADLINES = {
    V.VALID: _("Verified: this badge is genuine, current and not revoked."),
    V.REVOKED: _("Not valid: this badge was revoked by its issuer."),
    V.EXPIRED: _("Not valid any more: this badge has expired."),
    V.NOT_YET_VALID: _("Not valid yet."),
    V.KEY_COMPROMISED: _("Not trustworthy: the key that signed this copy was compromised."),
    V.UNKNOWN_KEY: _("Not verified: the signing key is not this issuer's."),
    V.BAD_SIGNATURE: _("Not verified: the signature does not match."),
    V.TAMPERED: _("Not verified: the badge was changed after it was issued."),
    V.NOT_ISSUED: _("Not verified: this copy is not the one the issuer issued."),
    V.UNKNOWN: _("Not verified: this issuer has no record of the badge."),
    V.MALFORMED: _("Not verified: the credential could not be read."),
}


@dataclass(frozen=True)
class Check:
    key: str
    name: str
    outcome: str
    sentence: str

    @property
    def passed(self):
        return self.outcome == PASSED

    @property
    def failed(self):
        return self.outcome == FAILED


def _passed(key, recorded):
    if key == KEY:
        return any(check.startswith("key:") for check in recorded)
    if key == SIGNATURE:
        return "signature: valid" in recorded and any(check.startswith("issued:") for check in recorded)
    if key == STATUS:
        return "status: not revoked" in recorded
    return "validity period: current" in recorded


def plain_checks(verification):
    """The four checks of ``verification``, in the order the verifier runs them, each in plain words."""
    recorded = list(verification.checks or [])
    status = verification.status
    failed = FAILED_CHECK.get(status)
    order = [KEY, SIGNATURE, STATUS, VALIDITY]
    if status == V.TAMPERED and "signature: valid" in recorded:
        failed = KEY  # a valid signature by a key the credential's issuer does not own
    passed = {key: _passed(key, recorded) and key != failed for key in order}
    if status == V.MALFORMED:
        failed = next((key for key in order if not passed[key]), None)
    checks = []
    for key in order:
        if passed[key]:
            outcome, sentence = PASSED, PASSED_SENTENCES[key]
        elif key == failed:
            outcome = FAILED
            sentence = FAILED_SENTENCES.get(status, FAILED_SENTENCES[V.MALFORMED])
            if status == V.TAMPERED and key == KEY:
                sentence = _("The issuer named in the credential does not own the key that signed it.")
        else:
            outcome, sentence = NOT_CHECKED, NOT_CHECKED_SENTENCE
        checks.append(Check(key, NAMES[key], outcome, sentence))
    return checks


def headline(verification):
    """One sentence saying whether the badge verifies."""
    return HEADLINES.get(verification.status, HEADLINES[V.MALFORMED])


# ---- reading what a visitor submits ------------------------------------------------------------------------

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class UnreadableCredential(ValueError):
    """What was submitted is not a credential the verifier can take; the message says what to fix."""


def _from_text(text):
    text = text.strip().lstrip("\ufeff")
    if text.startswith("{"):
        try:
            document = safejson.loads(text)
        except ValueError as exc:
            raise UnreadableCredential(_(
                "This looks like JSON but cannot be read (%(error)s). Paste the whole credential file, from its "
                "first { to its last }."
            ) % {"error": exc}) from exc
        if not isinstance(document, dict):
            raise UnreadableCredential(_("The JSON must be one credential object, starting with {."))
        return "json", document
    if text.count(".") == 2 and " " not in text and text.startswith("eyJ"):
        return "jwt", text
    raise UnreadableCredential(_(
        "This is neither a JWT nor a JSON credential. A JWT is one long line of three parts separated by dots "
        "that starts with eyJ; a JSON credential starts with {."
    ))


def _unbake(data):
    try:
        return credentials_api.unbake(data=data)
    except ValidationFailed as exc:  # its sentence says what is missing
        raise UnreadableCredential(exc.message) from exc


def read_credential(text="", upload=None):
    """
    ``("jwt", token)`` or ``("json", document)`` from pasted ``text`` or an uploaded file (a JSON credential, a
    JWT, or a baked SVG or PNG badge image); ``UnreadableCredential`` with a sentence saying what to fix.
    """
    text = (text or "").strip()
    if text and upload is not None:
        raise UnreadableCredential(_("Paste a credential or choose a file, not both."))
    if upload is None:
        if not text:
            raise UnreadableCredential(_("Paste a credential (its JWT or its JSON) or choose a file to check."))
        return _from_text(text)
    if upload.size > MAX_UPLOAD_BYTES:
        raise UnreadableCredential(_("The file is larger than 2 MB: a badge image or credential file is much "
                                     "smaller. Choose the file you downloaded from the badge page."))
    data = upload.read()
    if not data.strip():
        raise UnreadableCredential(_("The file is empty. Choose the credential or badge image you downloaded."))
    if data.startswith(PNG_SIGNATURE):
        return _from_text(_unbake(data))
    head = data[:2048].lstrip().lower()
    if b"<svg" in head:
        return _from_text(_unbake(data))
    try:
        return _from_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise UnreadableCredential(_(
            "This file is not a credential: choose a JSON credential, a JWT file, or a badge image (SVG or PNG) "
            "downloaded from a badge page."
        )) from exc


def verify(site, kind, value):
    """The verifier's answer for what ``read_credential`` returned."""
    if kind == "jwt":
        return credentials_api.verify_jwt(site=site, token=value)
    return credentials_api.verify_document(site=site, document=value)
