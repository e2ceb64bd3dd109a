"""QR codes of each product's permanent URL, as SVG and PNG."""
from __future__ import annotations

import io
import tomllib
import xml.etree.ElementTree as ET

import segno
import zxingcpp
from PIL import Image, ImageChops

from conftest import build_site, minimal_content, read
from ocop.config import PROJECT_DIR
from ocop.qr import BORDER, MASK, PNG_MODULE_PX, SVG_SCALE, qr_png, qr_svg

BASE = "https://ocop.example.test"


def png_matrix(path, module: int, border: int = 4) -> list[list[bool]]:
    with Image.open(path) as im:
        grey = im.convert("L")
    n = grey.size[0] // module - 2 * border
    return [[grey.getpixel(((border + x) * module + module // 2, (border + y) * module + module // 2)) < 128
             for x in range(n)] for y in range(n)]


def test_each_product_has_qr_svg_and_png_of_its_permanent_url(tmp_path):
    site = build_site(tmp_path, minimal_content())
    for slug in ("mien-dong-thu", "tra-thu"):
        url = f"{BASE}/san-pham/{slug}/"
        expected = [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False, boost_error=False,
                                                                   mask=MASK).matrix]
        # the PNG, read module by module, is exactly the code of the URL
        assert png_matrix(site / f"san-pham/{slug}/qr.png", PNG_MODULE_PX) == expected
        svg = ET.parse(site / f"san-pham/{slug}/qr.svg").getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert svg.find("{http://www.w3.org/2000/svg}title").text == f"Mã QR: {url}"
        html = read(site, f"/san-pham/{slug}/")
        assert '<a href="qr.svg" download>' in html and '<a href="qr.png" download>' in html
        assert f'alt="Mã QR dẫn tới {url}"' in html


def test_qr_codes_differ_per_product(tmp_path):
    site = build_site(tmp_path, minimal_content())
    assert (site / "san-pham/mien-dong-thu/qr.png").read_bytes() != (site / "san-pham/tra-thu/qr.png").read_bytes()


def test_segno_is_a_declared_dependency():
    project = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["project"]
    assert any(d.startswith("segno") for d in project["dependencies"])


def test_png_has_the_same_pixels_as_segnos_own_writer():
    """qr_png draws with Pillow for speed; the picture must not change because of it."""
    for url in (f"{BASE}/san-pham/tra-thu/", f"{BASE}/san-pham/{'mien-dong-thu-' * 6}bac-kan/"):
        expected = io.BytesIO()
        segno.make(url, error="m", micro=False, boost_error=False, mask=MASK).save(
            expected, kind="png", scale=PNG_MODULE_PX, border=4, dark="#000", light="#fff")
        with Image.open(io.BytesIO(qr_png(url))) as ours, Image.open(expected) as theirs:
            assert ours.mode == "1" and ours.size == theirs.size
            assert ImageChops.difference(ours.convert("L"), theirs.convert("L")).getbbox() is None


def test_svg_is_the_very_file_segnos_own_writer_gives():
    """qr_svg writes the path itself for speed (segno's writer was a sixth of a cold build's pictures): the
    file must stay byte for byte segno's, for short and long addresses and text that XML must escape."""
    for url in (f"{BASE}/san-pham/tra-thu/", f"{BASE}/san-pham/{'mien-dong-thu-' * 6}bac-kan/",
                *(f"{BASE}/san-pham/{'san-pham-' * (index % 9)}thu-{index}/" for index in range(40)),
                "https://ocop.example.test/?a=<b>&c='d'\""):
        expected = io.BytesIO()
        segno.make(url, error="m", micro=False, boost_error=False, mask=MASK).save(
            expected, kind="svg", scale=SVG_SCALE, border=BORDER, dark="#000", light="#fff", title=f"Mã QR: {url}",
            xmldecl=True, svgclass=None, lineclass=None)
        assert qr_svg(url) == expected.getvalue()


def test_codes_are_read_back_by_a_real_reader():
    """A fixed mask pattern (qr.MASK) must still give codes phones read: zxing-cpp decodes each PNG."""
    for index in range(120):
        url = f"{BASE}/san-pham/{'san-pham-' * (index % 9)}thu-{index}/"
        with Image.open(io.BytesIO(qr_png(url))) as image:
            found = zxingcpp.read_barcodes(image.convert("L"))
        assert [code.text for code in found] == [url]
