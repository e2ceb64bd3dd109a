"""QR codes of a product's permanent URL, for packaging and market stalls (segno).

segno is a maintained, dependency-free QR encoder (ISO/IEC 18004) that writes SVG and
PNG itself. Error correction level M survives a scuffed label; the quiet zone is the
standard 4 modules. Output is deterministic, so the image stage caches it by URL.
"""
from __future__ import annotations

import functools
import io

import segno

SVG_FILE = "qr.svg"
PNG_FILE = "qr.png"
ERROR_LEVEL = "m"
PNG_MODULE_PX = 12  # a version-4 code is 33 modules + 8 quiet: 492 px, sharp on a 3 cm print at 400 dpi


@functools.lru_cache(maxsize=256)  # the SVG and PNG jobs of one URL run next to each other: encode once
def _code(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False, boost_error=False)


def qr_svg(url: str) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=8, border=4, dark="#000", light="#fff",
                    title=f"Mã QR: {url}", xmldecl=True, svgclass=None, lineclass=None)
    return out.getvalue()


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=PNG_MODULE_PX, border=4, dark="#000", light="#fff")
    return out.getvalue()
