"""
Signing keys of each program's credentials, from the ``DCP_CREDENTIAL_KEYS`` setting (R22).

Keys live in settings (rendered by the Tutor plugin from its config or from files mounted in the container),
never in the database: a database dump must not be enough to forge Distinguished Contributor badges. The
setting maps ``"<site domain>/<program slug>"`` to a list of keys::

    DCP_CREDENTIAL_KEYS = {
        "courses.example.com/dcp": [
            {"kid": "dcp-2027", "alg": "RS256", "private_key_path": "/openedx/keys/dcp-2027.pem"},
            {"kid": "dcp-2026", "alg": "RS256", "private_key_pem": "-----BEGIN PRIVATE KEY-----...",
             "retired": True},
            {"kid": "dcp-2025", "alg": "RS256", "private_key_path": "/openedx/keys/dcp-2025.pem",
             "compromised": True},
        ],
    }

The first key that is neither retired nor compromised signs new credentials. Retired keys are still published
in the program's JWKS, so credentials they signed while current keep verifying. A key marked ``compromised``
(its private half leaked) is no longer published and every credential it signed fails verification until
``dcp_reissue_credentials`` re-signs it with the current key (docs/credentials.md).
"""

import contextlib
import functools
import re
import warnings
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.conf import settings
from django.utils.translation import gettext as _
from joserfc import jwk

from openedx_dcp.exceptions import DcpError

__all__ = [
    "ALGORITHMS",
    "CredentialKeyMissing",
    "SigningKey",
    "program_keys",
    "signing_key",
    "key_by_kid",
    "published_keys",
    "public_jwks",
    "generate_private_key_pem",
    "quiet_joserfc",
]

_KID = re.compile(r"[A-Za-z0-9_-]{1,100}")
# JOSE algorithm -> JWK key type. RS256 is the minimum every Open Badges 3.0 verifier supports.
ALGORITHMS = {"RS256": "RSA", "ES256": "EC", "EdDSA": "OKP"}


class CredentialKeyMissing(DcpError):
    """
    The program has no usable signing key. This is an operator's configuration problem, not the user's.
    """

    status_code = 503


@dataclass(frozen=True)
class SigningKey:
    """
    One configured key of a program: its id, algorithm, whether it is retired (signs nothing new) or
    compromised (signs nothing, is not published, and what it signed no longer verifies), and the key itself.
    """

    kid: str
    alg: str
    retired: bool
    key: object
    compromised: bool = False

    @property
    def signs(self):
        """Whether this key may sign new credentials and status lists."""
        return not (self.retired or self.compromised)

    def public_jwk(self):
        """The public half as a JWK, with the fields verifiers use to pick it."""
        return {**self.key.as_dict(private=False), "kid": self.kid, "alg": self.alg, "use": "sig"}

    @property
    def data_integrity_key(self) -> Ed25519PrivateKey:
        """
        The Ed25519 key of this key's ``eddsa-rdfc-2022`` proofs: the key itself for an ``EdDSA`` key; for an
        RSA or EC key, an Ed25519 key derived from it with HKDF-SHA256, so operators manage one secret per
        ``kid`` whatever the JWT algorithm (and rotating the JWT key rotates its Data Integrity companion).
        """
        return _data_integrity_key(self.kid, self.alg, self.key)

    @property
    def data_integrity_fragment(self):
        """The DID URL fragment of the Data Integrity key in the issuer's DID document."""
        return self.kid if self.alg == "EdDSA" else f"{self.kid}-eddsa"


@contextlib.contextmanager
def quiet_joserfc():
    """
    Silence joserfc's warning about the ``EdDSA`` name (RFC 9864 prefers ``Ed25519``); we keep ``EdDSA``
    because it is the name Open Badges verifiers and most JOSE libraries understand.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=jwk.SecurityWarning)
        yield


def _data_integrity_key(kid, alg, key):
    if alg == "EdDSA":
        return key.private_key
    secret = key.private_key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"openedx-dcp",
                info=f"eddsa-rdfc-2022 {kid}".encode()).derive(secret)
    return Ed25519PrivateKey.from_private_bytes(seed)


def _setting_key(program):
    return f"{program.site.domain}/{program.slug}"


@functools.lru_cache(maxsize=64)
def _import_pem(pem, alg):
    """Parse a PEM once per process; RSA key parsing is slow enough to matter on the JWKS endpoint."""
    return jwk.import_key(pem, ALGORITHMS[alg])


def _load(entry, where):
    kid = entry.get("kid")
    alg = entry.get("alg", "RS256")
    if not kid or not _KID.fullmatch(str(kid)):
        raise CredentialKeyMissing(
            f"A key of DCP_CREDENTIAL_KEYS['{where}'] needs a 'kid' of letters, digits, '-' and '_' (it becomes "
            f"part of the key's public URL); got {kid!r}."
        )
    if alg not in ALGORITHMS:
        raise CredentialKeyMissing(
            f"Key '{kid}' of DCP_CREDENTIAL_KEYS['{where}'] uses {alg}; use one of {', '.join(ALGORITHMS)}."
        )
    pem = entry.get("private_key_pem")
    if not pem and entry.get("private_key_path"):
        try:
            with open(entry["private_key_path"], encoding="ascii") as pem_file:
                pem = pem_file.read()
        except OSError as exc:
            raise CredentialKeyMissing(
                f"Key '{kid}' of DCP_CREDENTIAL_KEYS['{where}'] cannot be read from "
                f"{entry['private_key_path']}: {exc.strerror}."
            ) from exc
    if not pem:
        raise CredentialKeyMissing(
            f"Key '{kid}' of DCP_CREDENTIAL_KEYS['{where}'] needs 'private_key_pem' or 'private_key_path'."
        )
    try:
        key = _import_pem(pem, alg)
    except Exception as exc:  # joserfc raises several types for a PEM of the wrong kind
        raise CredentialKeyMissing(
            f"Key '{kid}' of DCP_CREDENTIAL_KEYS['{where}'] is not a {ALGORITHMS[alg]} private key in PEM form "
            f"usable with {alg}."
        ) from exc
    return SigningKey(kid=kid, alg=alg, retired=bool(entry.get("retired", False)), key=key,
                      compromised=bool(entry.get("compromised", False)))


def program_keys(program):
    """All configured keys of ``program`` (compromised ones included), in the setting's order; may be empty."""
    where = _setting_key(program)
    entries = getattr(settings, "DCP_CREDENTIAL_KEYS", {}).get(where, [])
    return [_load(entry, where) for entry in entries]


def signing_key(program):
    """
    The key that signs ``program``'s new credentials: the first key that is neither retired nor compromised.
    Raises ``CredentialKeyMissing`` with what the operator should do when there is none.
    """
    for key in program_keys(program):
        if key.signs:
            return key
    raise CredentialKeyMissing(
        f"Program '{program.slug}' of {program.site.domain} has no active credential signing key: add one to "
        f"DCP_CREDENTIAL_KEYS['{_setting_key(program)}'] (generate it with the dcp_credential_keys management "
        "command)."
    )


def key_by_kid(program, kid):
    """The key of ``program`` called ``kid`` (retired and compromised keys included), or None."""
    for key in program_keys(program):
        if key.kid == kid:
            return key
    return None


def published_keys(program):
    """
    The keys ``program`` publishes: every configured key but the compromised ones (retired keys stay, so what
    they signed keeps verifying; a compromised key must stop verifying anywhere, not only here).
    """
    return [key for key in program_keys(program) if not key.compromised]


def public_jwks(program):
    """The program's JWK Set: the public half of every published key, retired ones included."""
    return {"keys": [key.public_jwk() for key in published_keys(program)]}


def generate_private_key_pem(alg="RS256"):
    """A new private key for ``alg`` as PKCS#8 PEM text (RSA keys are 3072 bits)."""
    if alg == "RS256":
        key = jwk.RSAKey.generate_key(3072)
    elif alg == "ES256":
        key = jwk.ECKey.generate_key("P-256")
    elif alg == "EdDSA":
        key = jwk.OKPKey.generate_key("Ed25519")
    else:
        raise DcpError(_("Unsupported algorithm {alg}; use one of {algorithms}.").format(
            alg=alg, algorithms=", ".join(ALGORITHMS)), field="alg")
    return key.as_pem(private=True).decode("ascii")
