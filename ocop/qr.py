"""QR codes of a product's permanent URL, for packaging and market stalls (segno).

segno is a maintained, dependency-free QR encoder (ISO/IEC 18004); the SVG and the PNG are
written from its module matrix here (the same bytes and pixels as its own writers, faster). Error correction level M survives a
scuffed label; the quiet zone is the standard 4 modules. Output is deterministic, so the
image stage caches it by URL.
"""
from __future__ import annotations

import functools
import io
import re
from xml.sax.saxutils import escape

import segno
from PIL import Image

SVG_FILE = "qr.svg"
PNG_FILE = "qr.png"
ERROR_LEVEL = "m"
# One fixed mask pattern instead of scoring all eight: every mask gives a valid code (the
# format information says which one was used) and the scoring was ~85 % of the time of a
# code (14 of 16 ms, pure Python). tests/test_qr.py decodes codes with a real reader (zxing-cpp).
MASK = 2
BORDER = 4  # modules of quiet zone, as the standard asks
PNG_MODULE_PX = 12  # a version-4 code is 33 modules + 8 quiet: 492 px, sharp on a 3 cm print at 400 dpi


@functools.lru_cache(maxsize=256)  # the SVG and PNG jobs of one URL run next to each other: encode once
def _code(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)


SVG_SCALE = 8  # user units per module: a 41-module code is 328 px wide where the page shows it at its own size
_DARK_RUN = re.compile(b"\x01+")


def qr_svg(url: str) -> bytes:
    """The code as one SVG path of horizontal strokes, one per run of dark modules, on a white square.

    The very bytes segno's own SVG writer gives (save(kind="svg", scale=8, border=4, dark="#000",
    light="#fff", title=...), tests/test_qr.py compares them) in a tenth of the time: segno makes the path
    module by module in Python (2.3-3.3 ms a code, a sixth of a product's pictures at a cold build).
    """
    matrix = _code(url).matrix
    side = len(matrix) + 2 * BORDER
    moves = []
    pen_x, pen_y = 0, 0.0  # each stroke starts where the last one ended, relative to it ("m dx dy")
    for row_number, row in enumerate(matrix):
        y = BORDER + row_number + 0.5  # a stroke 1 module wide along the middle of its row
        for run in _DARK_RUN.finditer(row):
            x1, x2 = BORDER + run.start(), BORDER + run.end()
            dy = y - pen_y
            moves.append(f"{'m' if moves else 'M'}{x1 - pen_x} {int(dy) if dy == int(dy) else dy}h{x2 - x1}")
            pen_x, pen_y = x2, y
    width = side * SVG_SCALE
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{width}"><title>{escape(f"Mã QR: {url}")}</title><g transform="scale({SVG_SCALE})">'
            f'<path fill="#fff" d="M0 0h{side}v{side}h-{side}z"/><path stroke="#000" d="{"".join(moves)}"/>'
            f'</g></svg>\n').encode()


def qr_png(url: str) -> bytes:
    """A 1-bit PNG, each module PNG_MODULE_PX pixels square, with the 4-module quiet zone.

    Drawn with Pillow from segno's module matrix: the same pixels as segno's own PNG writer
    (pure Python) in about half the time.
    """
    matrix = _code(url).matrix
    side = len(matrix) + 2 * BORDER
    light = b"\xff" * side
    rows = [light] * BORDER
    rows += [b"\xff" * BORDER + bytes(0 if dark else 255 for dark in row) + b"\xff" * BORDER for row in matrix]
    rows += [light] * BORDER
    modules = Image.frombytes("L", (side, side), b"".join(rows)).convert("1", dither=Image.Dither.NONE)
    out = io.BytesIO()
    modules.resize((side * PNG_MODULE_PX, side * PNG_MODULE_PX), Image.Resampling.NEAREST).save(out, "PNG")
    return out.getvalue()
