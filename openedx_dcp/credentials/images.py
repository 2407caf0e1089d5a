"""
The badge image of a track (R22): a clean default drawn for each program and track, or the image program staff
uploaded in its place.

The default is an SVG drawn here: a shape and a colour derived from the program and the track (so each track
of a program looks different and keeps its look), the program's name, the track's name and a star, with an
accessible ``<title>`` and ``<desc>``. Its PNG form is drawn with Pillow from the same geometry (no SVG renderer,
so no system library is needed). An uploaded image (PNG, JPEG or WebP) is re-encoded as a PNG (which drops
any metadata, a credential baked into it included); its SVG form embeds that PNG.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from openedx_dcp.credentials.models import TrackBadgeImage
from openedx_dcp.exceptions import ValidationFailed

if TYPE_CHECKING:  # names in type hints only
    from openedx_dcp.programs.models import Track

__all__ = [
    "SIZE",
    "UPLOAD_FORMATS",
    "max_upload_bytes",
    "track_badge_svg",
    "track_badge_png",
    "normalize_upload",
    "default_traits",
]

#: Width and height of the drawn badge, in pixels (SVG user units).
SIZE = 512
#: What staff may upload (Pillow format names); stored as PNG.
UPLOAD_FORMATS = ("PNG", "JPEG", "WEBP")
_MIN_SIDE = 64
_MAX_SIDE = 4096

# Dark colours: white text on each has a contrast ratio of at least 7:1 (WCAG AAA).
_PALETTE = (
    ("#1d4e89", "blue"),
    ("#7a1f5c", "plum"),
    ("#1f5f2e", "green"),
    ("#8a3312", "rust"),
    ("#4b2a86", "purple"),
    ("#0e5a60", "teal"),
    ("#7d2323", "red"),
    ("#34404f", "slate"),
)
_SHAPES = ("hexagon", "circle", "shield", "octagon", "rosette")
_FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
_CENTER = SIZE / 2


def max_upload_bytes() -> int:
    """The largest image staff may upload (``DCP_BADGE_IMAGE_MAX_BYTES``, 1 MB by default)."""
    return int(getattr(settings, "DCP_BADGE_IMAGE_MAX_BYTES", 1024 * 1024))


@dataclass(frozen=True)
class Traits:
    """What the default image of a track looks like: its shape and colour."""

    shape: str
    colour: str
    colour_name: str


def default_traits(program_slug: str, track_slug: str) -> Traits:
    """The shape and colour of the default image of a track, derived from the program's and track's slugs."""
    digest = hashlib.sha256(f"{program_slug}/{track_slug}".encode()).digest()
    colour, colour_name = _PALETTE[digest[1] % len(_PALETTE)]
    return Traits(shape=_SHAPES[digest[0] % len(_SHAPES)], colour=colour, colour_name=colour_name)


# ---- geometry shared by the SVG and the PNG ----------------------------------------------------------------

def _regular(sides, radius, rotation):
    return [(_CENTER + radius * math.cos(rotation + 2 * math.pi * i / sides),
             _CENTER + radius * math.sin(rotation + 2 * math.pi * i / sides)) for i in range(sides)]


def _outline(shape, scale):
    """The outline of ``shape`` (a list of points; None for a circle) at ``scale`` of the full badge."""
    radius = 240 * scale
    if shape == "rosette" and scale < 1:
        return None  # the rosette's inner ring is a circle
    if shape == "hexagon":
        return _regular(6, radius, -math.pi / 2)
    if shape == "octagon":
        return _regular(8, radius, math.pi / 8)
    if shape == "rosette":
        points = []
        for i in range(32):
            r = radius if i % 2 == 0 else radius * 0.9
            angle = -math.pi / 2 + 2 * math.pi * i / 32
            points.append((_CENTER + r * math.cos(angle), _CENTER + r * math.sin(angle)))
        return points
    if shape == "shield":
        top, side, bottom = _CENTER - radius * 0.95, radius * 0.86, _CENTER + radius
        points = [(_CENTER - side, top), (_CENTER + side, top), (_CENTER + side, _CENTER + radius * 0.1)]
        # The lower edge curves to the point at the bottom.
        for i in range(1, 12):
            t = i / 12
            points.append((_CENTER + side * (1 - t), _CENTER + radius * 0.1 + (bottom - _CENTER - radius * 0.1)
                           * math.sin(t * math.pi / 2)))
        points.append((_CENTER, bottom))
        for x, y in reversed(points[3:-1]):
            points.append((2 * _CENTER - x, y))
        points.append((_CENTER - side, _CENTER + radius * 0.1))
        return points
    return None


def _star(cx, cy, radius):
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.42
        angle = -math.pi / 2 + math.pi * i / 5
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return points


def _wrap(text, width, lines):
    """``text`` in at most ``lines`` lines of about ``width`` characters, the last one cut with an ellipsis."""
    words, result, current = text.split(), [], ""
    for word in words:
        if len(word) > width:
            word = word[: width - 1] + "…"
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width:
            current = candidate
            continue
        result.append(current)
        current = word
    if current:
        result.append(current)
    if len(result) > lines:
        result = result[:lines]
        last = result[-1]
        result[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return result or [""]


@dataclass(frozen=True)
class _Text:
    lines: tuple
    size: int
    y: float
    bold: bool


def _layout(program_name, track_name):
    track_lines = _wrap(track_name, 14, 2)
    track_size = 46 if len(track_lines) == 1 else 40
    program_lines = _wrap(program_name, 22, 2)
    track_y = 266 if len(track_lines) == 1 else 248
    return (
        _Text(tuple(program_lines), 21, 172 if len(program_lines) == 1 else 158, False),
        _Text(tuple(track_lines), track_size, track_y, True),
    )


def _points(points):
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


# ---- SVG ---------------------------------------------------------------------------------------------------

def _labels(program_name, track_name, traits):
    title = _("%(track)s badge, %(program)s") % {"track": track_name, "program": program_name}
    if traits is None:
        desc = _("The badge of the %(track)s track of %(program)s.") % {"track": track_name, "program": program_name}
    else:
        desc = _("The badge of the %(track)s track of %(program)s: a %(colour)s %(shape)s with a white star.") % {
            "track": track_name, "program": program_name, "colour": _colour_label(traits.colour_name),
            "shape": _shape_label(traits.shape)}
    return title, desc


def _colour_label(name):
    return {"blue": _("blue"), "plum": _("plum"), "green": _("green"), "rust": _("rust"), "purple": _("purple"),
            "teal": _("teal"), "red": _("red"), "slate": _("slate grey")}[name]


def _shape_label(name):
    return {"hexagon": _("hexagon"), "circle": _("circle"), "shield": _("shield"), "octagon": _("octagon"),
            "rosette": _("rosette")}[name]


def _svg_open(title, desc):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}" '
        f'role="img" aria-labelledby="dcp-badge-title dcp-badge-desc">'
        f'<title id="dcp-badge-title">{escape(title)}</title><desc id="dcp-badge-desc">{escape(desc)}</desc>'
    )


def _svg_shape(shape, scale, **attributes):
    attrs = " ".join(f'{name.replace("_", "-")}="{value}"' for name, value in attributes.items())
    outline = _outline(shape, scale)
    if outline is None:
        return f'<circle cx="{_CENTER:g}" cy="{_CENTER:g}" r="{240 * scale:.1f}" {attrs}/>'
    return f'<polygon points="{_points(outline)}" {attrs}/>'


def default_svg(program_name: str, program_slug: str, track_name: str, track_slug: str) -> str:
    """The default badge of a track as SVG text."""
    traits = default_traits(program_slug, track_slug)
    title, desc = _labels(program_name, track_name, traits)
    parts = [_svg_open(title, desc),
             _svg_shape(traits.shape, 1, fill=traits.colour),
             _svg_shape(traits.shape, 0.84, fill="none", stroke="#ffffff", stroke_width=6)]
    for text in _layout(program_name, track_name):
        weight = ' font-weight="bold"' if text.bold else ""
        for number, line in enumerate(text.lines):
            y = text.y + number * text.size * 1.2
            parts.append(f'<text x="{_CENTER:g}" y="{y:.1f}" text-anchor="middle" dominant-baseline="middle" '
                         f'font-family="{_FONT_FAMILY}" font-size="{text.size}"{weight} fill="#ffffff">'
                         f'{escape(line)}</text>')
    parts.append(f'<polygon points="{_points(_star(_CENTER, 372, 34))}" fill="#ffffff"/>')
    parts.append("</svg>")
    return "".join(parts)


def _uploaded_svg(png, width, height, program_name, track_name):
    title, desc = _labels(program_name, track_name, None)
    data = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (_svg_open(title, desc).replace(f'width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}"',
                                           f'width="{width}" height="{height}" viewBox="0 0 {width} {height}"')
            + f'<image width="{width}" height="{height}" href={quoteattr(data)}/></svg>')


# ---- PNG ---------------------------------------------------------------------------------------------------

_SCALE = 2  # drawn at twice the size, then reduced: smooth edges without an anti-aliasing renderer


@functools.lru_cache(maxsize=8)
def _font(size, bold):
    for name in (("DejaVuSans-Bold.ttf",) if bold else ()) + ("DejaVuSans.ttf",):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _scaled(points):
    return [(x * _SCALE, y * _SCALE) for x, y in points]


def _draw_shape(draw, shape, scale, fill=None, outline=None, width=0):
    points = _outline(shape, scale)
    if points is None:
        r = 240 * scale * _SCALE
        c = _CENTER * _SCALE
        draw.ellipse((c - r, c - r, c + r, c + r), fill=fill, outline=outline, width=width)
    else:
        draw.polygon(_scaled(points), fill=fill, outline=outline, width=width)


@functools.lru_cache(maxsize=64)
def default_png(program_name: str, program_slug: str, track_name: str, track_slug: str) -> bytes:
    """The default badge of a track as PNG, drawn from the same geometry and text as ``default_svg``."""
    traits = default_traits(program_slug, track_slug)
    image = Image.new("RGBA", (SIZE * _SCALE, SIZE * _SCALE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    _draw_shape(draw, traits.shape, 1, fill=traits.colour)
    _draw_shape(draw, traits.shape, 0.84, outline="#ffffff", width=6 * _SCALE)
    for text in _layout(program_name, track_name):
        font = _font(text.size * _SCALE, text.bold)
        for number, line in enumerate(text.lines):
            y = (text.y + number * text.size * 1.2) * _SCALE
            draw.text((_CENTER * _SCALE, y), line, fill="#ffffff", font=font, anchor="mm")
    draw.polygon(_scaled(_star(_CENTER, 372, 34)), fill="#ffffff")
    image = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


# ---- a track's image -------------------------------------------------------------------------------------

def _uploaded(track):
    try:
        return track.badge_image
    except TrackBadgeImage.DoesNotExist:
        return None


def track_badge_svg(*, track: Track) -> str:
    """The image of ``track`` as SVG text: staff's upload (embedded as PNG) or the generated default."""
    program = track.program
    uploaded = _uploaded(track)
    if uploaded is not None:
        return _uploaded_svg(bytes(uploaded.png), uploaded.width, uploaded.height, program.name, track.name)
    return default_svg(program.name, program.slug, track.name, track.slug)


def track_badge_png(*, track: Track) -> bytes:
    """The image of ``track`` as PNG: staff's upload or the generated default."""
    uploaded = _uploaded(track)
    if uploaded is not None:
        return bytes(uploaded.png)
    program = track.program
    return default_png(program.name, program.slug, track.name, track.slug)


def normalize_upload(*, data: bytes) -> tuple[bytes, int, int]:
    """
    ``(png, width, height)`` of an image staff upload: a PNG, JPEG or WebP of at most ``max_upload_bytes()``,
    each side between 64 and 4096 pixels, reduced to fit 512×512 and re-encoded as PNG (which drops metadata,
    a credential already baked in included). Raises ``ValidationFailed`` saying what to fix.
    """
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ValidationFailed(
            _("The image is %(size)s KB; upload one of at most %(limit)s KB.")
            % {"size": math.ceil(len(data) / 1024), "limit": limit // 1024},
            field="image", code="image_too_large",
        )
    try:
        image = Image.open(io.BytesIO(data))
        image_format = image.format
        width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ValidationFailed(_("The file is not an image: upload a PNG, JPEG or WebP file."),
                               field="image", code="image_type") from exc
    if image_format not in UPLOAD_FORMATS:
        raise ValidationFailed(
            _("%(format)s images are not accepted: upload a PNG, JPEG or WebP file.") % {"format": image_format},
            field="image", code="image_type",
        )
    if not (_MIN_SIDE <= width <= _MAX_SIDE and _MIN_SIDE <= height <= _MAX_SIDE):
        raise ValidationFailed(
            _("The image is %(width)s×%(height)s pixels; each side must be between %(min)s and %(max)s pixels.")
            % {"width": width, "height": height, "min": _MIN_SIDE, "max": _MAX_SIDE},
            field="image", code="image_dimensions",
        )
    try:
        image.load()
        image = image.convert("RGBA")
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationFailed(_("The image file is damaged: upload it again or export it anew."),
                               field="image", code="image_damaged") from exc
    image.thumbnail((SIZE, SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue(), image.width, image.height
