"""
Independent checks of what the plugin publishes: the OB 3.0 schema, and verification with PyJWT (a different
JOSE library from joserfc, which signs) against the keys of the issuer's did:web DID document and the signed
status list the credential names.
"""

import base64
import datetime
import gzip
import json
from urllib.parse import unquote

import jwt as pyjwt


def assert_valid_ob3(validator, document):
    """
    ``document`` passes the 1EdTech AchievementCredential schema, and its timestamps are RFC 3339 with a zone
    (the schema's ``date-time`` format, which jsonschema only checks with an optional package).
    """
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    assert not errors, [f"{list(error.absolute_path)}: {error.message}" for error in errors]
    for name in ("validFrom", "validUntil"):
        if name in document:
            parsed = datetime.datetime.fromisoformat(document[name].replace("Z", "+00:00"))
            assert parsed.tzinfo is not None


def get_json(client, url, **headers):
    """GET an absolute URL of the plugin as anonymous, on the URL's own host."""
    scheme_less = url.split("://", 1)[1]
    host, path = scheme_less.split("/", 1)
    response = client.get("/" + path, HTTP_HOST=host, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def did_web_url(did):
    """The HTTPS URL a did:web resolves to (W3C did:web: ``:`` separates path segments, ``%3A`` is a port)."""
    host, *segments = [unquote(part) for part in did.removeprefix("did:web:").split(":")]
    return f"https://{host}/{'/'.join(segments)}/did.json" if segments else f"https://{host}/.well-known/did.json"


def resolve_method(client, did_url):
    """The verification method a DID URL names, from the DID document its did:web resolves to."""
    did = did_url.split("#", 1)[0]
    document = get_json(client, did_web_url(did)).json()
    assert document["id"] == did
    method = next(method for method in document["verificationMethod"] if method["id"] == did_url)
    assert method["controller"] == did and did_url in document["assertionMethod"]
    return method


def pyjwt_verify(client, token, **options):
    """
    Verify a VC-JWT as an outside verifier would: resolve the header's ``kid`` (a DID URL) through the
    issuer's did:web DID document to the JWK, and verify with PyJWT (signature, ``nbf`` and ``exp``).
    """
    header = pyjwt.get_unverified_header(token)
    method = resolve_method(client, header["kid"])
    if "publicKeyJwk" in method:
        jwk_data = method["publicKeyJwk"]
    else:  # an Ed25519 Multikey: multicodec 0xed01 + 32 bytes, base58btc
        raw = _b58decode(method["publicKeyMultibase"][1:])
        assert raw[:2] == b"\xed\x01"
        jwk_data = {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA",
                    "x": base64.urlsafe_b64encode(raw[2:]).rstrip(b"=").decode()}
    key = pyjwt.PyJWK(jwk_data).key
    return pyjwt.decode(token, key, algorithms=[jwk_data["alg"]], options={"verify_aud": False, **options})


def _b58decode(text):
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    number = 0
    for char in text:
        number = number * 58 + alphabet.index(char)
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def status_bit(client, document):
    """
    Follow the credential's ``statusListCredential`` URL, verify the signed list it answers (VC-JWT, issued by
    the credential's issuer) and read the credential's bit, without the plugin's code.
    """
    entry = document["credentialStatus"]
    token = get_json(client, entry["statusListCredential"]).content.decode()
    status_list = pyjwt_verify(client, token)
    issuer = document["issuer"]["id"] if isinstance(document["issuer"], dict) else document["issuer"]
    assert status_list["issuer"] == issuer
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    index = int(entry["statusListIndex"])
    return bool(raw[index // 8] & (0x80 >> (index % 8)))


def tamper(token, change):
    """Re-encode the payload of ``token`` after ``change(claims)``, keeping the original signature."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(claims)
    new_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{new_payload}.{signature}"
