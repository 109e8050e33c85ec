"""App icons for phones, drawn at build time from static/icon.svg (so the SVG stays the one source)."""

from __future__ import annotations

from io import BytesIO

import cairosvg
from PIL import Image

SIZES = (192, 512)
MASKABLE_SAFE = 0.6  # a maskable icon keeps its drawing inside the middle 80% circle; this leaves room
BACKGROUND = (176, 0, 32, 255)  # the icon's own red (#b00020), for the bleed of maskable icons


def _png(svg: bytes, size: int) -> bytes:
    return cairosvg.svg2png(bytestring=svg, output_width=size, output_height=size)


def _save(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def png_icons(svg: bytes) -> dict[str, bytes]:
    """icon-192.png, icon-512.png and their maskable twins (drawn smaller on a full red square)."""
    icons = {}
    for size in SIZES:
        icons[f"icon-{size}.png"] = _save(Image.open(BytesIO(_png(svg, size))))
        inner = round(size * MASKABLE_SAFE)
        canvas = Image.new("RGBA", (size, size), BACKGROUND)
        drawing = Image.open(BytesIO(_png(svg, inner))).convert("RGBA")
        canvas.alpha_composite(drawing, ((size - inner) // 2, (size - inner) // 2))
        icons[f"icon-maskable-{size}.png"] = _save(canvas)
    return icons


def png_icon(svg: bytes, size: int) -> bytes:
    """The icon at one size, as PNG (for Kiwix's 48 x 48 illustration, among others)."""
    return _save(Image.open(BytesIO(_png(svg, size))))
