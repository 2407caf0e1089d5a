"""
Embedded Data Integrity proofs, cryptosuite ``eddsa-rdfc-2022`` (W3C Data Integrity EdDSA Cryptosuites v1.0).

The second proof format of Open Badges 3.0, beside VC-JWT: the credential carries its own ``proof``, which the
Learner Credential Wallet and the Digital Credentials Consortium verifier check. Written from the
specification's algorithms:

- transformation: RDF Dataset Canonicalization (RDFC-1.0, the algorithm pyld calls URDNA2015) of the document
  without its proof, and of the proof options with the document's ``@context``;
- hashing: SHA-256 of each; the data to sign is the proof options' hash followed by the document's hash;
- signing: Ed25519 over those 64 bytes; ``proofValue`` is the signature in multibase base58btc (``z…``).

JSON-LD contexts are pinned in ``contexts/`` and served by a document loader that never goes to the network: a
document naming any other context is refused, so canonicalization cannot be steered by a remote server and
issuance never waits on one.
"""

import functools
import hashlib
import json
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyld import jsonld

__all__ = [
    "CRYPTOSUITE",
    "CONTEXTS",
    "DataIntegrityError",
    "document_loader",
    "canonicalize",
    "multibase_base58btc",
    "decode_multibase_base58btc",
    "multikey",
    "public_key_of_multikey",
    "add_proof",
    "verify_proof",
]

CRYPTOSUITE = "eddsa-rdfc-2022"
_CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
# URL -> pinned file: the published context documents, byte for byte.
CONTEXTS = {
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.jsonld",
    "https://www.w3.org/ns/did/v1": "did-v1.jsonld",
    "https://w3id.org/security/multikey/v1": "multikey-v1.jsonld",
}
# Multicodec prefix of an Ed25519 public key (varint 0xed) in a Multikey.
_ED25519_PUB = b"\xed\x01"
_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class DataIntegrityError(ValueError):
    """A document or proof that cannot be processed (bad shape, unknown context, bad encoding)."""


@functools.cache
def _context(url):
    return json.loads((_CONTEXT_DIR / CONTEXTS[url]).read_text(encoding="utf-8"))


def document_loader(url, options=None):
    """pyld document loader over the pinned contexts only: any other URL is an error, never a fetch."""
    if url not in CONTEXTS:
        raise DataIntegrityError(f"The JSON-LD context {url} is not one this issuer pins; it is never fetched.")
    return {"contextUrl": None, "documentUrl": url, "document": _context(url)}


def canonicalize(document):
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document, with the pinned contexts."""
    try:
        return jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                           "documentLoader": document_loader, "safe": True})
    except DataIntegrityError:
        raise
    except jsonld.JsonLdError as exc:
        cause = exc
        while getattr(cause, "cause", None) is not None:  # pyld wraps the loader's error
            cause = cause.cause
        if isinstance(cause, DataIntegrityError):
            raise cause from exc
        raise DataIntegrityError(f"The document is not valid JSON-LD ({getattr(exc, 'type', exc)}).") from exc


def _b58encode(data):
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, rest = divmod(number, 58)
        encoded = _B58[rest] + encoded
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + encoded


def _b58decode(text):
    number = 0
    for char in text:
        index = _B58.find(char)
        if index < 0:
            raise DataIntegrityError(f"{char!r} is not a base58btc character.")
        number = number * 58 + index
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def multibase_base58btc(data):
    """``data`` in multibase base58btc: ``z`` followed by the base58 (Bitcoin alphabet) text."""
    return "z" + _b58encode(data)


def decode_multibase_base58btc(value):
    """The bytes of a multibase base58btc value (``z…``)."""
    if not isinstance(value, str) or not value.startswith("z") or len(value) < 2:
        raise DataIntegrityError("A multibase base58btc value starts with 'z'.")
    return _b58decode(value[1:])


def multikey(public_key):
    """The ``publicKeyMultibase`` of an Ed25519 public key (Multikey: multicodec 0xed01, base58btc)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return multibase_base58btc(_ED25519_PUB + raw)


def public_key_of_multikey(value):
    """The Ed25519 public key of a ``publicKeyMultibase`` value."""
    data = decode_multibase_base58btc(value)
    if not data.startswith(_ED25519_PUB) or len(data) != 34:
        raise DataIntegrityError("The Multikey is not an Ed25519 public key.")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def _hash_data(unsecured, proof_options):
    """SHA-256(canonical proof options) || SHA-256(canonical document): what the signature covers."""
    config = {**proof_options, "@context": unsecured["@context"]}
    config.pop("proofValue", None)
    return (hashlib.sha256(canonicalize(config).encode("utf-8")).digest()
            + hashlib.sha256(canonicalize(unsecured).encode("utf-8")).digest())


def add_proof(document, private_key: Ed25519PrivateKey, *, verification_method, created,
              proof_purpose="assertionMethod"):
    """
    ``document`` with an embedded ``DataIntegrityProof`` (``eddsa-rdfc-2022``) made with ``private_key``.
    ``verification_method`` is the DID URL of the key; ``created`` an XML Schema dateTime (UTC, ``Z``). The
    proof is a one-proof array (a proof set), the shape the Open Badges 3.0 JSON Schema requires.
    """
    unsecured = {name: value for name, value in document.items() if name != "proof"}
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(_hash_data(unsecured, proof))
    return {**unsecured, "proof": [{**proof, "proofValue": multibase_base58btc(signature)}]}


def verify_proof(secured, public_key: Ed25519PublicKey):
    """
    Whether the ``eddsa-rdfc-2022`` proof of ``secured`` was made with ``public_key`` over exactly this content.
    Raises ``DataIntegrityError`` for a proof of another kind or a document that cannot be canonicalized.
    """
    proof = secured.get("proof") if isinstance(secured, dict) else None
    if isinstance(proof, list) and len(proof) == 1:  # a proof set of one: ours, or a single embedded proof
        proof = proof[0]
    if not isinstance(proof, dict) or proof.get("type") != "DataIntegrityProof" \
            or proof.get("cryptosuite") != CRYPTOSUITE:
        raise DataIntegrityError(f"The credential has no DataIntegrityProof with cryptosuite {CRYPTOSUITE}.")
    signature = decode_multibase_base58btc(proof.get("proofValue"))
    unsecured = {name: value for name, value in secured.items() if name != "proof"}
    if "@context" not in unsecured:
        raise DataIntegrityError("The credential has no @context.")
    try:
        public_key.verify(signature, _hash_data(unsecured, proof))
    except InvalidSignature:
        return False
    return True
