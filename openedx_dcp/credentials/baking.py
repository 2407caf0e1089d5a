"""
Badges with the credential baked in, as Open Badges 3.0 §5.3 "Badge Baking" says, and reading it back.

- PNG: one ``iTXt`` chunk with the keyword ``openbadgecredential``, no compression, empty language tag and
  translated keyword, whose text is the credential: the JSON of the credential with its embedded Data
  Integrity proof, or the compact VC-JWT for a credential issued before Data Integrity proofs existed. An
  earlier ``openbadgecredential`` chunk is replaced (the chunk must not appear twice).
- SVG: the root ``<svg>`` declares ``xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"`` and its first child
  is ``<openbadges:credential>``: the JSON in a CDATA section, or for a VC-JWT the token in its ``verify``
  attribute.

The JSON form is baked because it is what the Learner Credential Wallet and the DCC verifier read, and verifiers
of the VC-JWT also verify Data Integrity (openbadgeslib does); both carry the same credential and status entry.
"""

from __future__ import annotations

import json
import struct
import zlib
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from openedx_dcp.credentials.images import track_badge_png, track_badge_svg
from openedx_dcp.credentials.issue import secured_document
from openedx_dcp.exceptions import ValidationFailed

if TYPE_CHECKING:  # names in type hints only
    from openedx_dcp.credentials.models import BadgeCredential

__all__ = ["OB_NAMESPACE", "PNG_KEYWORD", "baked_payload", "baked_png", "baked_svg", "bake_png", "bake_svg",
           "unbake", "MAX_BAKED_BYTES"]

OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
PNG_KEYWORD = b"openbadgecredential"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: The largest image ``unbake`` reads (and the largest text it inflates from a compressed chunk).
MAX_BAKED_BYTES = 8 * 1024 * 1024


def baked_payload(credential) -> str:
    """What is baked into ``credential``'s images: its JSON with the Data Integrity proof, else its VC-JWT."""
    if credential.proof:
        return json.dumps(secured_document(credential=credential), ensure_ascii=False, separators=(",", ":"))
    return credential.jwt


# ---- PNG -----------------------------------------------------------------------------------------------------

def _chunks(data):
    """``(type, body)`` of each chunk of a PNG datastream; raises ValueError on a malformed one."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    position = len(PNG_SIGNATURE)
    while position < len(data):
        if position + 8 > len(data):
            raise ValueError("truncated chunk header")
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        end = position + 12 + length
        if end > len(data):
            raise ValueError("truncated chunk")
        yield kind, data[position + 8:position + 8 + length]
        position = end
        if kind == b"IEND":
            return
    raise ValueError("no IEND chunk")


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _is_credential_chunk(kind, body):
    return kind == b"iTXt" and body.split(b"\0", 1)[0] == PNG_KEYWORD


def bake_png(png: bytes, payload: str) -> bytes:
    """``png`` with ``payload`` in its ``openbadgecredential`` iTXt chunk (any earlier one replaced)."""
    body = PNG_KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + payload.encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, chunk_body in _chunks(png):
        if _is_credential_chunk(kind, chunk_body):
            continue
        if kind == b"IEND":
            out.append(_chunk(b"iTXt", body))
        out.append(_chunk(kind, chunk_body))
    return b"".join(out)


def _png_payload(data):
    for kind, body in _chunks(data):
        if not _is_credential_chunk(kind, body):
            continue
        rest = body[len(PNG_KEYWORD) + 1:]
        compressed, _method = rest[0], rest[1]
        # Language tag and translated keyword: each ends with a NUL.
        _language, _, rest = rest[2:].partition(b"\0")
        _translated, _, text = rest.partition(b"\0")
        if compressed:
            inflater = zlib.decompressobj()
            text = inflater.decompress(text, MAX_BAKED_BYTES)
            if inflater.unconsumed_tail:
                raise ValueError("the compressed credential is too large")
        return text.decode("utf-8")
    return None


# ---- SVG -----------------------------------------------------------------------------------------------------

def _cdata(text):
    # "]]>" cannot appear inside a CDATA section: end the section there and open another.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def bake_svg(svg: str, payload: str) -> bytes:
    """
    ``svg`` (an SVG document of ours: its root element starts the text) with ``payload`` baked in: the OB
    namespace declared on the root and ``<openbadges:credential>`` as the root's first child.
    """
    if payload.lstrip().startswith("{"):
        element = f"<openbadges:credential>{_cdata(payload)}</openbadges:credential>"
    else:
        element = f'<openbadges:credential verify="{payload}"/>'
    start = svg.index("<svg")
    end = svg.index(">", start)
    root = svg[start:end]
    if "xmlns:openbadges=" not in root:
        root += f' xmlns:openbadges="{OB_NAMESPACE}"'
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + root + ">" + element + svg[end + 1:]).encode("utf-8")


def _svg_payload(data):
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        # No DTDs, no entities: nothing to expand.
        raise ValueError("an SVG with a document type declaration")
    root = ElementTree.fromstring(data)
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ValueError("not an SVG")
    element = root.find(f".//{{{OB_NAMESPACE}}}credential")
    if element is None:
        return None
    if element.get("verify"):
        return element.get("verify").strip()
    return (element.text or "").strip() or None


# ---- the public functions ------------------------------------------------------------------------------------

def baked_png(*, credential: BadgeCredential) -> bytes:
    """The badge image of ``credential``'s track as PNG, with the credential baked in (OB 3.0 §5.3)."""
    return bake_png(track_badge_png(track=credential.track), baked_payload(credential))


def baked_svg(*, credential: BadgeCredential) -> bytes:
    """The badge image of ``credential``'s track as SVG, with the credential baked in (OB 3.0 §5.3)."""
    return bake_svg(track_badge_svg(track=credential.track), baked_payload(credential))


def unbake(*, data: bytes) -> str:
    """
    The credential baked into a PNG or SVG badge: its JSON text or its compact JWT, as baked. Raises
    ``ValidationFailed`` with a sentence when ``data`` is not such an image or carries no credential.
    """
    if len(data) > MAX_BAKED_BYTES:
        raise ValidationFailed(_("The image is larger than 8 MB: no badge image is that large."),
                               field="image", code="image_too_large")
    is_png = data.startswith(PNG_SIGNATURE)
    try:
        payload = _png_payload(data) if is_png else _svg_payload(data)
    except (ValueError, UnicodeDecodeError, ElementTree.ParseError, IndexError, zlib.error) as exc:
        raise ValidationFailed(
            _("The file is not a readable PNG or SVG image: upload the badge image as downloaded."),
            field="image", code="not_a_badge_image") from exc
    if not payload:
        raise ValidationFailed(
            _("This image carries no Open Badges 3.0 credential: download the badge again from its page."),
            field="image", code="no_baked_credential")
    return payload
