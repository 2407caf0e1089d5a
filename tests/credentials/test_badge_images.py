"""
R22: each track has a badge image (a default drawn per program and track, or staff's upload), achievements and
credentials carry it, and the member downloads the badge as SVG and PNG with the credential baked in as Open
Badges 3.0 §5.3 says. A baked image verifies with verifiers no one here wrote: the credential is read back with
openbadgeslib's own extraction (and, for the PNG, a few lines of chunk parsing here), then verified by
openbadgeslib and by the DCC verifier-core.
"""

import io
import json
import struct
import zlib
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openbadgeslib.ob3.ldp import OB3LdpVerifier
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier
from PIL import Image

from openedx_dcp.credentials import api, baking, images
from openedx_dcp.credentials.models import TrackBadgeImage
from openedx_dcp.exceptions import ValidationFailed
from tests.credentials.factories import configure_keys, start_member
from tests.credentials.test_dcc_verifier import dcc_verify
from tests.credentials.test_openbadgeslib import _downloader
from tests.factories import SiteFactory, UserFactory, make_cycle, make_program, make_staff

BASE = "/api/dcp/v1/public"
SVG = "{http://www.w3.org/2000/svg}"
OB = "{https://purl.imsglobal.org/ob/v3p0}"


def _png(colour="#336699", size=(300, 300), image_format="PNG"):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=image_format)
    return out.getvalue()


def _itxt_chunks(data):
    """The iTXt chunks of a PNG, read here with the PNG specification and nothing else: (keyword, text)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, found = 8, []
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        if kind == b"iTXt":
            keyword, rest = body.split(b"\0", 1)
            assert rest[:2] == b"\0\0"  # not compressed, as the baking rules require
            _language, _translated, text = rest[2:].split(b"\0", 2)
            found.append((keyword.decode(), text.decode("utf-8")))
        position += 12 + length
    return found


# ---- the track's image --------------------------------------------------------------------------------------

def test_r22_default_image_is_drawn_per_program_and_track_with_an_accessible_title(program):
    track = program.tracks.get(slug="engineer")
    svg = api.track_badge_svg(track=track)
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "dcp-badge-title dcp-badge-desc"
    assert root.find(f"{SVG}title").text == "Distinguished Engineer badge, Distinguished Contributor Program"
    traits = images.default_traits(program.slug, track.slug)
    desc = root.find(f"{SVG}desc").text
    assert "Distinguished Engineer track of Distinguished Contributor Program" in desc
    assert traits.colour_name.split()[0] in desc
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert texts == ["Distinguished", "Contributor Program", "Distinguished", "Engineer"]
    # The shape and colour come from the track: the program's tracks do not all look alike.
    looks = {images.default_traits(program.slug, t.slug) for t in program.tracks.all()}
    assert len(looks) > 1
    assert traits.colour in svg

    png = Image.open(io.BytesIO(api.track_badge_png(track=track)))
    assert (png.format, png.size) == ("PNG", (images.SIZE, images.SIZE))
    # The PNG is drawn from the same geometry: the track's colour inside, transparent at the corner.
    red, green, blue, alpha = png.convert("RGBA").getpixel((100, 330))
    assert f"#{red:02x}{green:02x}{blue:02x}" == traits.colour and alpha == 255
    assert png.convert("RGBA").getpixel((2, 2))[3] == 0


def test_r22_long_names_wrap_and_are_cut_not_drawn_outside_the_badge(program):
    track = program.tracks.get(slug="engineer")
    track.name = "An Extraordinarily Long Track Name That Goes On And On"
    root = ElementTree.fromstring(api.track_badge_svg(track=track))
    lines = [element.text for element in root.iter(f"{SVG}text")]
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(len(line) <= 22 for line in lines)


def test_r22_achievement_and_credential_carry_the_image_and_it_is_served(api_client, credential):
    host = credential.program.site.domain
    image = credential.document["credentialSubject"]["achievement"]["image"]
    assert image["type"] == "Image" and credential.document["image"] == image
    path = urlsplit(image["id"]).path
    response = api_client.get(path, HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content == api.track_badge_png(track=credential.track)
    svg = api_client.get(path.replace(".png", ".svg"), HTTP_HOST=host)
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in svg["Content-Security-Policy"]
    assert svg["X-Content-Type-Options"] == "nosniff"
    assert reverse("openedx_dcp:dcp-public-achievement-image",
                   kwargs={"program_slug": "dcp", "track_slug": "engineer"}) == path.replace(".png", ".svg")
    # Another tenant's host, an unknown track: not found.
    assert api_client.get(path, HTTP_HOST="elsewhere.example.com").status_code == 404
    assert api_client.get(path.replace("engineer", "nope"), HTTP_HOST=host).status_code == 404


# ---- staff's upload ---------------------------------------------------------------------------------------

ADD = "admin:openedx_dcp_trackbadgeimage_add"


def _staff_client(client, program):
    staff = make_staff(program)
    client.force_login(staff)
    client.defaults["HTTP_HOST"] = program.site.domain
    return client


def test_r22_staff_upload_replaces_the_image_everywhere(client, api_client, credential):
    program = credential.program
    track = credential.track
    _staff_client(client, program)
    upload = SimpleUploadedFile("badge.jpg", _png("#aa2200", (800, 600), "JPEG"), content_type="image/jpeg")
    response = client.post(reverse(ADD), {"track": track.pk, "image": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = TrackBadgeImage.objects.get(track=track)
    png = Image.open(io.BytesIO(bytes(stored.png)))
    assert png.format == "PNG" and png.size == (512, 384) == (stored.width, stored.height)

    track.refresh_from_db()
    assert api.track_badge_png(track=track) == bytes(stored.png)
    root = ElementTree.fromstring(api.track_badge_svg(track=track))
    assert root.find(f"{SVG}image").get("href").startswith("data:image/png;base64,")
    assert root.find(f"{SVG}title").text == "Distinguished Engineer badge, Distinguished Contributor Program"
    served = api_client.get(f"{BASE}/programs/dcp/achievements/engineer/image.png", HTTP_HOST=program.site.domain)
    assert served.content == bytes(stored.png)
    baked = api_client.get(f"{BASE}/credentials/{credential.public_id}/badge.png", HTTP_HOST=program.site.domain)
    assert Image.open(io.BytesIO(baked.content)).size == (512, 384)

    # Deleting the upload brings the generated image back.
    stored.delete()
    track = api.track_on_site(site=program.site, program_slug="dcp", track_slug="engineer")
    assert api.track_badge_png(track=track) == images.default_png(program.name, "dcp", track.name, "engineer")


@pytest.mark.parametrize(("content", "message"), [
    (b"GIF89a" + b"\0" * 100, "not an image"),
    (_png(image_format="GIF"), "GIF images are not accepted"),
    (_png(size=(20, 20)), "each side must be between 64 and 4096 pixels"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not an image"),
])
def test_r22_staff_upload_refuses_what_is_not_a_usable_image(client, program, content, message):
    _staff_client(client, program)
    track = program.tracks.get(slug="engineer")
    response = client.post(reverse(ADD), {"track": track.pk, "image": SimpleUploadedFile("x.png", content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrackBadgeImage.objects.exists()


def test_r22_upload_size_limit(settings, program):
    settings.DCP_BADGE_IMAGE_MAX_BYTES = 2048
    with pytest.raises(ValidationFailed, match="upload one of at most 2 KB") as caught:
        images.normalize_upload(data=_png(size=(1000, 1000)) + b"\0" * 4096)
    assert (caught.value.code, caught.value.field) == ("image_too_large", "image")


def test_r1_staff_upload_only_for_their_programs_tracks(client, program, other_tenant):
    _staff_client(client, program)
    foreign = other_tenant["program"].tracks.get(slug="engineer")
    upload = SimpleUploadedFile("badge.png", _png())
    response = client.post(reverse(ADD), {"track": foreign.pk, "image": upload})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not TrackBadgeImage.objects.exists()


# ---- baking ----------------------------------------------------------------------------------------------

def test_r22_baked_png_carries_the_data_integrity_credential_once(api_client, credential):
    host = credential.program.site.domain
    response = api_client.get(f"{BASE}/credentials/{credential.public_id}/badge.png", HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    chunks = _itxt_chunks(response.content)
    assert [keyword for keyword, _ in chunks] == ["openbadgecredential"]
    assert json.loads(chunks[0][1]) == api.secured_document(credential=credential)
    assert Image.open(io.BytesIO(response.content)).size == (images.SIZE, images.SIZE)
    # Baking a baked image again replaces the chunk (it must not appear twice).
    rebaked = baking.bake_png(response.content, "another")
    assert _itxt_chunks(rebaked) == [("openbadgecredential", "another")]
    assert api.unbake(data=response.content) == chunks[0][1]


def test_r22_baked_svg_carries_the_credential_in_the_ob_namespace(api_client, credential):
    host = credential.program.site.domain
    response = api_client.get(f"{BASE}/credentials/{credential.public_id}/badge.svg", HTTP_HOST=host)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{SVG}svg"
    first = list(root)[0]
    assert first.tag == f"{OB}credential"
    assert json.loads(first.text) == api.secured_document(credential=credential)
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in response.content
    assert api.unbake(data=response.content) == first.text
    assert root.find(f"{SVG}title") is not None


def test_r22_a_credential_without_data_integrity_proof_bakes_its_jwt(credential):
    credential.proof = {}
    svg = api.baked_svg(credential=credential)
    root = ElementTree.fromstring(svg)
    assert list(root)[0].get("verify") == credential.jwt
    assert api.unbake(data=svg) == credential.jwt
    assert api.unbake(data=api.baked_png(credential=credential)) == credential.jwt


def test_r22_the_credential_survives_a_closing_bracket_in_its_text(credential):
    credential.document = {**credential.document, "name": "Tricky ]]> name"}
    assert json.loads(api.unbake(data=api.baked_svg(credential=credential)))["name"] == "Tricky ]]> name"


@pytest.mark.parametrize(("data", "code"), [
    (b"not an image at all", "not_a_badge_image"),
    (_png(), "no_baked_credential"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "no_baked_credential"),
    (b"<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'aaaa'>]><svg xmlns='http://www.w3.org/2000/svg'>&a;</svg>",
     "not_a_badge_image"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", "not_a_badge_image"),
])
def test_r22_unbake_says_why_nothing_was_found(data, code):
    with pytest.raises(ValidationFailed) as caught:
        api.unbake(data=data)
    assert caught.value.code == code and caught.value.message.endswith(".")


def test_r22_baked_downloads_of_a_retired_credential_are_gone(api_client, credential):
    api.retire_user(user=credential.membership.user)
    host = credential.program.site.domain
    for name in ("badge.png", "badge.svg"):
        assert api_client.get(f"{BASE}/credentials/{credential.public_id}/{name}", HTTP_HOST=host).status_code == 410


# ---- outside verifiers on baked images -------------------------------------------------------------------

def _openbadgeslib_verify(client, document_text):
    fetched = []
    download = _downloader(client, fetched)
    issuer = json.loads(document_text)["issuer"]["id"]
    verifier = OB3LdpVerifier.for_issuer_did(issuer, download=download)
    return verifier.verify(document_text, check_status=True, verify_status_list=True, download=download), fetched


def test_r22_baked_png_and_svg_verify_with_openbadgeslib_and_show_revocation(client, credential):
    png = api.baked_png(credential=credential)
    svg = api.baked_svg(credential=credential)
    # openbadgeslib reads the images with its own extraction...
    from_png = OB3Verifier.extract_token_from_png(png)
    from_svg = OB3Verifier.extract_token_from_svg(svg)
    assert from_png == _itxt_chunks(png)[0][1]
    for text in (from_png, from_svg):
        verified, fetched = _openbadgeslib_verify(client, text)
        assert verified.issuer.id == credential.document["issuer"]["id"]
        assert credential.document["credentialStatus"]["statusListCredential"] in fetched

    api.revoke_credential(credential=credential, actor=None, reason="The membership lapsed.")
    with pytest.raises(OB3VerificationError, match="status 'revocation' is set"):
        _openbadgeslib_verify(client, OB3Verifier.extract_token_from_png(api.baked_png(credential=credential)))


def test_r22_baked_jwt_verifies_with_openbadgeslib(client, credential):
    credential.proof = {}
    token = OB3Verifier.extract_token_from_png(api.baked_png(credential=credential))
    fetched = []
    download = _downloader(client, fetched)
    verifier = OB3Verifier.for_issuer_did(credential.document["issuer"]["id"], download=download)
    assert verifier.verify(token, check_status=True, download=download).issuer.id.startswith("did:web:")


@pytest.fixture
def live_credential(live_server, settings, transactional_db):
    site = SiteFactory(domain=urlsplit(live_server.url).netloc)
    program = make_program(site=site)
    configure_keys(settings, program, {"kid": "k1"})
    membership = start_member(make_cycle(program), program.tracks.get(slug="engineer"),
                              nominee=UserFactory(username="baked-member"))
    return membership.badge_credentials.get()


def test_r22_baked_png_and_svg_verify_with_the_dcc_verifier(live_server, live_credential):
    png = api.baked_png(credential=live_credential)
    svg = api.baked_svg(credential=live_credential)
    for text in (_itxt_chunks(png)[0][1], OB3Verifier.extract_token_from_svg(svg)):
        result = dcc_verify(live_server, json.loads(text))
        assert result["errors"] == [], result
        steps = {entry["id"]: entry.get("valid") for entry in result["log"]}
        assert steps["valid_signature"] is True and steps["revocation_status"] is True, result
    api.revoke_credential(credential=live_credential, actor=None, reason="The membership lapsed.")
    result = dcc_verify(live_server, json.loads(_itxt_chunks(png)[0][1]))
    assert {entry["id"]: entry.get("valid") for entry in result["log"]}["revocation_status"] is False
