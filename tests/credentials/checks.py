"""
Independent checks of what the plugin publishes: the OB 3.0 schema, and verification with PyJWT (a different
JOSE library from joserfc, which signs) against the published JWKS and status list.
"""

import base64
import datetime
import gzip
import json

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


def get_json(client, url):
    """GET an absolute URL of the plugin as anonymous, on the URL's own host."""
    scheme_less = url.split("://", 1)[1]
    host, path = scheme_less.split("/", 1)
    response = client.get("/" + path, HTTP_HOST=host)
    assert response.status_code == 200, (url, response.status_code)
    return response


def pyjwt_verify(client, token, **options):
    """
    Verify a VC-JWT as an outside verifier would: dereference the header's ``kid`` URL to the JWK, check it
    is listed in the issuer's JWKS, and verify with PyJWT (signature, ``nbf`` and ``exp``).
    """
    header = pyjwt.get_unverified_header(token)
    jwk_data = get_json(client, header["kid"]).json()
    jwks_url = jwk_data["kid"].rsplit("/keys/", 1)[0] + "/jwks/"
    assert header["kid"] in {key["kid"] for key in get_json(client, jwks_url).json()["keys"]}
    key = pyjwt.PyJWK(jwk_data).key
    return pyjwt.decode(token, key, algorithms=[jwk_data["alg"]], options={"verify_aud": False, **options})


def status_bit(client, document):
    """Fetch the credential's status list credential and read its bit, without the plugin's code."""
    entry = document["credentialStatus"]
    status_list = get_json(client, entry["statusListCredential"]).json()
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
