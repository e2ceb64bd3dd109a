"""QR codes of a product's permanent URL, for packaging and market stalls (segno).

segno is a maintained, dependency-free QR encoder (ISO/IEC 18004); it writes the SVG,
and Pillow draws the PNG from its module matrix. Error correction level M survives a
scuffed label; the quiet zone is the standard 4 modules. Output is deterministic, so the
image stage caches it by URL.
"""
from __future__ import annotations

import functools
import io

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


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=8, border=BORDER, dark="#000", light="#fff",
                    title=f"Mã QR: {url}", xmldecl=True, svgclass=None, lineclass=None)
    return out.getvalue()


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
