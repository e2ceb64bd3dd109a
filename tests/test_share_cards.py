"""Open Graph share cards: one 1200×630 PNG per product, plan and province page, with Vietnamese set right."""
from __future__ import annotations

import io
import re
import unicodedata
import zlib

import pytest
from PIL import Image, ImageChops, ImageDraw

from conftest import build_site, make_config, minimal_content, read, write_content
from ocop.build import build
from ocop.share_cards import (CARD_SIZE, FONT_BOLD, FONT_DIR, GOLD, MUTED, PAPER, STAR_OFF, Card, _draw_initial,
                               _blank_rows, _card_encoder, _deflate_runs, _in_palette, _initial_mark, _star, _stars_row,
                               card_png, draw_card, fit, font, paste_text)

BASE = "https://ocop.example.test"
VIETNAMESE = ("aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ")


def test_every_product_plan_and_province_page_has_a_card_and_its_meta_tags(tmp_path):
    site = build_site(tmp_path, minimal_content())
    pages = ["/san-pham/mien-dong-thu/", "/san-pham/tra-thu/", "/ke-hoach/bac-kan/2022-75-kh-ubnd/",
             "/tinh/bac-kan/", "/tinh/thai-nguyen/"]
    for url in pages:
        with Image.open(site / url.lstrip("/") / "og.png") as im:
            assert im.format == "PNG" and im.size == (1200, 630)
        html = read(site, url)
        assert f'<meta property="og:image" content="{BASE}{url}og.png">' in html
        assert f'<meta name="twitter:image" content="{BASE}{url}og.png">' in html
        assert '<meta property="og:image:width" content="1200">' in html
        assert '<meta property="og:image:height" content="630">' in html
        assert re.search(r'<meta property="og:image:alt" content="[^"]+">', html)
    # pages without a card do not announce one
    for url in ("/", "/san-pham/", "/tim-kiem/"):
        assert "og:image" not in read(site, url)
    assert not (site / "og.png").exists()


def test_font_covers_every_vietnamese_letter(tmp_path):
    """Each letter (both cases) draws its own glyph, never the font's empty 'missing' box."""
    face = font(48, True)

    def glyph(ch: str) -> bytes:
        im = Image.new("L", (80, 90), 0)
        ImageDraw.Draw(im).text((10, 10), ch, font=face, fill=255)
        return im.tobytes()

    missing = glyph("\ue000")  # a private-use code point: not in the font
    letters = VIETNAMESE + VIETNAMESE.upper()
    assert [ch for ch in letters if glyph(ch) == missing] == []
    assert (FONT_DIR / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1
    assert FONT_BOLD.is_file()


def test_stacked_marks_and_decomposed_text_render_like_precomposed():
    face = font(96, True)
    # "ặ" carries a breve and an acute above and a dot below: taller than "a" both ways
    a = face.getbbox("a")
    stacked = face.getbbox("ặ")
    assert stacked[1] < a[1] - 20 and stacked[3] > a[3] + 8
    title = "Hoà Bình, Đắk Lắk: ặ ễ"
    nfd = unicodedata.normalize("NFD", title)
    assert nfd != title
    card = Card("Kế hoạch OCOP", title, ("UBND tỉnh Đắk Lắk",), 0, None, "Sản phẩm OCOP", "ocop.example.test", False)
    same = draw_card(Card(card.label, nfd, card.lines, 0, None, card.site, card.host, False))
    assert ImageChops.difference(draw_card(card), same).getbbox() is None  # NFC-normalised before drawing


def test_long_titles_wrap_within_the_card():
    title = ("Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm tỉnh Bà Rịa - Vũng Tàu giai đoạn "
             "2021-2025, định hướng đến năm 2030 và các nhiệm vụ trọng tâm năm 2022 của các huyện, thị xã")
    face, lines = fit(title, 1000, 3, (68, 62, 56, 50, 44))
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1000 for line in lines)
    face, lines = fit("Miến dong Tài Hoan", 1000, 3, (68, 62))
    assert face.size == 68 and lines == ["Miến dong Tài Hoan"]
    im = draw_card(Card("Kế hoạch OCOP", title, ("x",), 0, None, "Sản phẩm OCOP", "ocop.example.test", False))
    assert im.size == CARD_SIZE


def test_product_card_shows_stars(tmp_path):
    four = draw_card(Card("Sản phẩm OCOP", "Trà", ("Tỉnh Bắc Kạn",), 4, "Đồ uống", "S", "h", True))
    none = draw_card(Card("Sản phẩm OCOP", "Trà", ("Tỉnh Bắc Kạn",), 0, "Đồ uống", "S", "h", True))
    gold = (201, 138, 0)
    count = lambda im: dict((colour, n) for n, colour in im.getcolors(1_000_000)).get(gold, 0)
    assert count(four) > 2000 and count(none) == 0


def test_card_file_is_a_small_palette_png_that_looks_like_the_drawing():
    card = Card("Sản phẩm OCOP", "Miến dong Thứ Bắc Kạn", ("Tỉnh Bắc Kạn (nay thuộc tỉnh Thái Nguyên)",
                "Hợp tác xã Nông nghiệp Tân Thành"), 4, "Thực phẩm", "Sản phẩm OCOP Việt Nam", "ocop.example.test", True)
    data = card_png(card)
    assert data == card_png(card), "the same card gives the same bytes"
    assert len(data) < 40_000
    with Image.open(io.BytesIO(data)) as im:
        assert im.mode == "P" and im.size == CARD_SIZE
        shown = im.convert("RGB")
    difference = ImageChops.difference(shown, draw_card(card))
    assert max(high for _, high in difference.getextrema()) <= 24, "no pixel visibly changed by the palette"


LONG = "Ặặ Ễễ Ỵỵ mứt gừng dẻo " * 12


@pytest.mark.parametrize("card", [
    Card("Sản phẩm OCOP", "Miến dong Thứ Bắc Kạn", ("Tỉnh Bắc Kạn (nay thuộc tỉnh Thái Nguyên)", "Hợp tác xã Tân Thành"),
         4, "Thực phẩm", "Sản phẩm OCOP Việt Nam", "ocop.example.test", True),
    Card("Sản phẩm OCOP", LONG, (LONG, LONG), 5, None, "Sản phẩm OCOP Việt Nam", "ocop.example.test", True),  # 3 lines, cut
    # the lowest text a card has: three title lines at the largest size, no stars row, both lines, descenders
    Card("Sản phẩm OCOP", "Ẵng Ặặ gạo nếp cái hoa vàng Đông Triều ngon vùng gỵ", ("Tỉnh Quảng Ninh gỵ", "Hợp tác xã gỵ ặ"),
         0, None, "Sản phẩm OCOP Việt Nam", "ocop.example.test", True),
    Card("Kế hoạch OCOP", LONG, ("Kế hoạch số 12/KH-UBND — UBND tỉnh Hà Giang", "Ban hành 1/2/2021, 2021–2025"), 0,
         None, "Sản phẩm OCOP Việt Nam", "ocop.example.test", False),
    Card("Tỉnh, thành phố", "Tỉnh Bắc Kạn", ("Đông Bắc Bộ", "1.234 sản phẩm OCOP trong danh mục"), 0, None,
         "Sản phẩm OCOP Việt Nam và một tên trang rất dài để cắt bớt ở dải trên cùng", "ocop.example.test", False),
], ids=["product", "longest product", "lowest text", "plan", "province"])
def test_card_file_has_the_very_pixels_of_the_whole_drawing_mapped_to_the_palette(card):
    """card_png draws and compresses only the rows of the card's own text and puts them between the band and the
    footer compressed once (share_cards._CardEncoder): the file must be a valid PNG (every chunk's CRC, the image
    data's Adler-32) holding exactly the whole card, drawn and mapped to the palette in one piece."""
    data = card_png(card)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + size]
        assert int.from_bytes(data[at + 8 + size:at + 12 + size], "big") == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        at += 12 + size
    assert [kind for kind, _ in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    scanlines = zlib.decompress(chunks[2][1])  # checks the stream's Adler-32
    assert len(scanlines) == CARD_SIZE[1] * (CARD_SIZE[0] + 1)
    whole = _in_palette(draw_card(card))
    with Image.open(io.BytesIO(data)) as im:
        assert im.mode == "P" and im.size == CARD_SIZE
        assert im.tobytes() == whole.tobytes()
        assert im.getpalette() == whole.getpalette()


def test_cards_of_one_kind_share_their_band_and_footer_but_not_their_text():
    one = draw_card(Card("Sản phẩm OCOP", "Trà", ("Tỉnh Bắc Kạn",), 0, None, "S", "h", True))
    other = draw_card(Card("Sản phẩm OCOP", "Miến", ("Tỉnh Bắc Kạn",), 0, None, "S", "h", True))
    label = draw_card(Card("Kế hoạch OCOP", "Trà", ("Tỉnh Bắc Kạn",), 0, None, "S", "h", False))
    band = (0, 0, 1200, 96)
    assert ImageChops.difference(one.crop(band), other.crop(band)).getbbox() is None
    assert ImageChops.difference(one.crop(band), label.crop(band)).getbbox() is not None
    assert ImageChops.difference(one, other).getbbox() is not None, "a cached base must not keep the last title"


def test_cards_are_cached_and_redrawn_only_when_their_text_changes(tmp_path):
    files = minimal_content()
    write_content(tmp_path, files)
    config = make_config(tmp_path)
    assert build(config).images.drawn > 0
    card = config.site_dir / "tinh/bac-kan/og.png"
    first = card.read_bytes()
    assert build(config).images.drawn == 0
    files["plans/bac-kan/2022-75-kh-ubnd.md"] = files["plans/bac-kan/2022-75-kh-ubnd.md"].replace(
        "Kế hoạch thử năm 2022", "Kế hoạch thử năm 2022 (sửa đổi)")
    write_content(tmp_path, files)
    assert build(config).images.drawn == 1  # only the plan's card
    assert card.read_bytes() == first


@pytest.mark.parametrize("title", ["Rượu men lá Đắk Lắk", "Ổi Đông Dư", "Ẩm thực 3 miền", "Bánh tét Trà Cuôn"])
def test_every_initial_and_star_count_keeps_its_colours_in_the_fixed_palette(title):
    """The palette is fixed (share_cards.card_palette): no card may lose a colour it is drawn with."""
    for stars in (0, 3, 5):
        card = Card("Sản phẩm OCOP", title, ("Tỉnh Đắk Lắk", "Hộ kinh doanh Ê Đê"), stars, None,
                    "Sản phẩm OCOP Việt Nam", "ocop.example.test", True)
        with Image.open(io.BytesIO(card_png(card))) as im:
            shown = im.convert("RGB")
        difference = ImageChops.difference(shown, draw_card(card))
        assert max(high for _, high in difference.getextrema()) <= 24, (title, stars)


# ---------------------------------------------------------------- recurring parts drawn once, pasted

@pytest.mark.parametrize("text, size, bold", [("Tỉnh Nghệ An", 32, False), ("Đắk Lắk (nay thuộc tỉnh Đắk Lắk)", 28, False),
                                              ("Thành phố Hồ Chí Minh", 26, False), ("gậy, ý, Ỷ, Ữ", 40, True)])
def test_pasted_text_has_the_pixels_of_draw_text(text, size, bold):
    for xy in [(72, 300), (73, 451), (5, 5)]:
        drawn = Image.new("RGB", CARD_SIZE, PAPER)
        ImageDraw.Draw(drawn).text(xy, text, font=font(size, bold), fill=MUTED)
        pasted = Image.new("RGB", CARD_SIZE, PAPER)
        paste_text(pasted, xy, text, size, bold, MUTED)
        assert ImageChops.difference(drawn, pasted).getbbox() is None, (text, xy)
    assert ImageChops.difference(drawn, Image.new("RGB", CARD_SIZE, PAPER)).getbbox()  # something was drawn


@pytest.mark.parametrize("stars", [1, 3, 5])
def test_pasted_stars_row_and_initial_have_the_pixels_of_drawing_them_in_place(stars):
    x, y = 72, 251
    drawn = Image.new("RGB", CARD_SIZE, PAPER)
    draw = ImageDraw.Draw(drawn)
    for i in range(5):
        _star(draw, x + 30 + i * 66, y + 30, 30, GOLD if i < stars else STAR_OFF)
    draw.text((x + 5 * 66 + 20, y + 30), f"{stars} sao", font=font(40, True), fill=GOLD, anchor="lm")
    _draw_initial(draw, "Ấm", (978, 138, 150))
    pasted = Image.new("RGB", CARD_SIZE, PAPER)
    pasted.paste(_stars_row(stars), (x, y))
    pasted.paste(_initial_mark("Ấ"), (978, 138))
    assert ImageChops.difference(drawn, pasted).getbbox() is None


def test_a_name_of_300000_letters_without_a_space_gives_a_card_not_a_decompression_bomb():
    """Found by the fuzz test: the one-line title was laid out 4.7 million pixels wide (Pillow refused it)."""
    card = Card("Sản phẩm OCOP", "x" * 300_000, ("Tỉnh Bắc Kạn", "y" * 5000), 4, "Thực phẩm", "Danh mục OCOP",
                "ocop.example.vn", True)
    image = Image.open(io.BytesIO(card_png(card)))
    assert image.size == CARD_SIZE


@pytest.mark.parametrize("layout", ["bbdddbbd", "dddd", "bbbb", "dbd", "b", "d"])
def test_rows_deflated_in_runs_of_blank_and_drawn_rows_inflate_to_the_rows(layout):
    """share_cards._deflate_runs: blank rows (paper from edge to edge) in blocks made once per run length, the drawn
    rows between on their own; whatever the order, the blocks inflate to the very rows, in one raw deflate stream
    (the card's stream goes on after them)."""
    blank = _card_encoder("Sản phẩm OCOP", "Sản phẩm", "ocop.example.test").blank
    drawn = [b"\0" + bytes((n % 7 + 1,)) * (len(blank) - 1) for n in range(len(layout))]
    rows = b"".join(blank if kind == "b" else drawn[n] for n, kind in enumerate(layout))
    stream = _deflate_runs(rows, blank)
    inflate = zlib.decompressobj(-15)
    assert inflate.decompress(stream) == rows
    assert not inflate.eof  # the stream is not ended: the footer's block ends it
    if "b" in layout and "d" in layout:  # a run of blank rows is a block of its own, made once
        assert _blank_rows(blank, 2 if "bb" in layout else 1) in stream
