"""Drawing with Pillow: the Open Graph share cards (1200×630) of product, plan and province pages.

Text is set in Noto Sans (ocop/fonts/, SIL OFL 1.1; build time only, never copied into site/), which covers Vietnamese fully;
text is NFC-normalised first, so stacked marks ("ặ", "ễ", "Đắk Lắk") use the font's
precomposed glyphs, and the Raqm layout (HarfBuzz) is used when Pillow has it.
Each drawing is a pure function of a small frozen spec, so the image stage can cache it
by a hash of the spec.
"""
from __future__ import annotations

import unicodedata
import zlib
from dataclasses import dataclass
from functools import lru_cache
from math import cos, pi, sin
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from .model import Catalog, Product
from .urls import card_url, plan_url, product_url, province_url

DRAWING_VERSION = "draw-7"  # part of every cache key: change it when a drawing changes
FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
FONT_BOLD = FONT_DIR / "NotoSans-Bold.ttf"
CARD_SIZE = (1200, 630)
BAND_BOTTOM = 96  # the green band with the site name: rows 0-96
FOOTER_LINE = CARD_SIZE[1] - 84  # the rule above the host: 2 px wide around this row

GREEN = (23, 99, 58)
GREEN_DARK = (14, 68, 39)
GREEN_LIGHT = (232, 243, 236)
GOLD = (201, 138, 0)
STAR_OFF = (213, 217, 214)
INK = (29, 35, 32)
MUTED = (91, 102, 96)
PAPER = (251, 252, 251)
MARK_RING = (190, 214, 198)

def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    layout = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size, layout_engine=layout)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap by measured width; a word longer than the line stays whole."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if not line or face.getlength(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def fit(text: str, width: int, max_lines: int, sizes: tuple[int, ...], bold: bool = True):
    """The largest size at which text fits in max_lines; the smallest size, cut with "…", otherwise.
    Cached (a province's line is the same on every card of its products): each caller gets its own list."""
    face, lines = _fit(text, width, max_lines, sizes, bold)
    return face, list(lines)


MAX_CARD_TEXT = 300  # characters: more than any card's lines hold; a longer name is cut before it is laid out


@lru_cache(maxsize=256)
def _fit(text: str, width: int, max_lines: int, sizes: tuple[int, ...], bold: bool):
    # a name of 140,000 characters without a space (the fuzz test's) would be one line millions of pixels wide
    text = text[:MAX_CARD_TEXT]
    for size in sizes:
        face = font(size, bold)
        lines = wrap(text, face, width)
        if len(lines) <= max_lines and all(face.getlength(x) <= width for x in lines):
            return face, tuple(lines)
    face = font(sizes[-1], bold)
    lines = wrap(text, face, width)
    cut = len(lines) > max_lines
    lines = lines[:max_lines]
    for index, line in enumerate(lines):  # a word wider than the card is cut too
        if cut and index == len(lines) - 1 or face.getlength(line) > width:
            while line and face.getlength(line + " …") > width:
                line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
            lines[index] = line + " …"
    return face, tuple(lines)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.42
        angle = -pi / 2 + i * pi / 5
        points.append((cx + radius * cos(angle), cy + radius * sin(angle)))
    draw.polygon(points, fill=fill)


@lru_cache(maxsize=128)
def _text_tile(text: str, size: int, bold: bool, fill: tuple, background: tuple) -> tuple[Image.Image, int, int]:
    """Text drawn at (0, 0) on `background`, cut to its ink box with a margin: (tile, left, top).

    Pasted at (x + left, y + top) onto that background it gives the very pixels of draw.text((x, y)):
    the same glyph bitmap, moved by whole pixels. Text that recurs on many cards (a province's line,
    "4 sao", an initial) is rasterised once per process (text layout was ~30 % of a card).
    """
    face = font(size, bold)
    left, top, right, bottom = face.getbbox(text)
    left, top = left - 2, top - 2
    tile = Image.new("RGB", (right - left + 2, bottom - top + 2), background)
    ImageDraw.Draw(tile).text((-left, -top), text, font=face, fill=fill)
    return tile, left, top


def paste_text(im: Image.Image, xy: tuple[int, int], text: str, size: int, bold: bool, fill: tuple,
               background: tuple = PAPER) -> None:
    """draw.text(xy, text) with the default anchor, for text over a plain `background`, through _text_tile."""
    tile, left, top = _text_tile(text, size, bold, fill, background)
    im.paste(tile, (xy[0] + left, xy[1] + top))


def _draw_initial(draw: ImageDraw.ImageDraw, text: str, box: tuple[int, int, int]) -> None:
    """A neutral mark for a product: its initial in a circle. A drawing by group would be wrong
    for some products (a cup for rice wine); the initial never is."""
    x, y, s = box
    draw.ellipse((x, y, x + s, y + s), fill=GREEN_LIGHT, outline=MARK_RING, width=max(2, s // 50))
    initial = nfc(text.strip())[:1].upper() or "?"
    draw.text((x + s / 2, y + s / 2), initial, font=font(int(s * 0.5), True), fill=GREEN_DARK, anchor="mm")


# ---------------------------------------------------------------- share cards

@dataclass(frozen=True)
class Card:
    label: str  # "Sản phẩm OCOP", "Kế hoạch", "Tỉnh, thành phố"
    title: str
    lines: tuple[str, ...]  # one or two short lines under the title
    stars: int  # 0: no stars row
    group: str | None  # the mark in the corner (products)
    site: str
    host: str  # "ocop.example.test"
    with_mark: bool  # the product's initial in the corner (product cards)


@lru_cache(maxsize=8)
def _card_base(site: str, label: str, host: str) -> Image.Image:
    """What every card of one kind shares (band with site name and label, footer with host).

    Drawn once per process and copied for each card: 5.8 ms per card instead of 8.5 ms.
    """
    w, h = CARD_SIZE
    im = Image.new("RGB", (w, h), PAPER)
    draw = ImageDraw.Draw(im)
    # band with the site name
    draw.rectangle((0, 0, w, BAND_BOTTOM), fill=GREEN)
    _star(draw, 64, 48, 26, (255, 211, 77))
    site_face, site_lines = fit(nfc(site), w - 420, 1, (36, 32, 28), bold=True)
    draw.text((108, 48), site_lines[0], font=site_face, fill=(255, 255, 255), anchor="lm")
    draw.text((w - 56, 48), nfc(label), font=font(28, False), fill=(220, 240, 228), anchor="rm")
    # footer
    draw.line((72, FOOTER_LINE, w - 72, FOOTER_LINE), fill=(217, 224, 220), width=2)
    draw.text((72, h - 44), host, font=font(32, False), fill=GREEN_DARK, anchor="lm")
    return im


def draw_card(card: Card) -> Image.Image:
    """The whole card in RGB: what card_png encodes (tests compare the two, pixel for pixel)."""
    im = _card_base(card.site, card.label, card.host).copy()
    _draw_text_part(im, card, 0)
    return im


# The card's rows that show its own text (title, stars, lines, mark) lie between the band and the footer's
# rule: every other row is the same on every card of a kind (_card_base). 97-543.
TEXT_ROWS = (BAND_BOTTOM + 1, FOOTER_LINE - 2)


def _draw_text_part(im: Image.Image, card: Card, top: int) -> None:
    """The card's title, stars row, lines and mark, drawn onto `im`, whose row 0 is the card's row `top`."""
    w, h = CARD_SIZE
    draw = ImageDraw.Draw(im)
    right = w - 72 - (170 if card.with_mark else 0)
    title_face, title_lines = fit(nfc(card.title), right - 72, 3, (68, 62, 56, 50, 44), bold=True)
    y = 138
    line_height = int(title_face.size * 1.28)
    for line in title_lines:
        draw.text((72, y - top), line, font=title_face, fill=INK)
        y += line_height
    y += 18
    if card.stars:
        im.paste(_stars_row(card.stars), (72, y - top))
        y += 84
    for number, text in enumerate(card.lines[:2]):
        line_face, lines = fit(nfc(text), w - 144, 1, (32, 28, 26), bold=False)
        if y + 40 > h - 100:
            break
        if number == 0:  # where the product is from: the same on many cards
            paste_text(im, (72, y - top), lines[0], line_face.size, False, MUTED)
        else:
            draw.text((72, y - top), lines[0], font=line_face, fill=MUTED)
        y += 48
    if card.with_mark:
        im.paste(_initial_mark(nfc(card.title.strip())[:1].upper() or "?"), (w - 72 - 150, 138 - top))


@lru_cache(maxsize=8)
def _stars_row(stars: int) -> Image.Image:
    """The row of five stars and "N sao", 60 px high from its top, on paper."""
    row = Image.new("RGB", (5 * 66 + 20 + 140, 62), PAPER)
    draw = ImageDraw.Draw(row)
    for i in range(5):
        _star(draw, 30 + i * 66, 30, 30, GOLD if i < stars else STAR_OFF)
    draw.text((5 * 66 + 20, 30), f"{stars} sao", font=font(40, True), fill=GOLD, anchor="lm")
    return row


@lru_cache(maxsize=64)
def _initial_mark(initial: str) -> Image.Image:
    """The product's initial in its ring (_draw_initial), 150 px square, on paper."""
    mark = Image.new("RGB", (151, 151), PAPER)
    _draw_initial(ImageDraw.Draw(mark), initial, (0, 0, 150))
    return mark


def _ramp(start: tuple, end: tuple, steps: int) -> list[tuple]:
    return [tuple(round(a + (b - a) * i / (steps - 1)) for a, b in zip(start, end)) for i in range(steps)]


@lru_cache(maxsize=1)
def card_palette() -> Image.Image:
    """The colours a card is made of, with the anti-aliasing steps between each ink and what it
    is drawn on. Mapping to this fixed palette is ~40 % faster than finding a palette per card
    (FASTOCTREE) and makes every card from the same colours."""
    white, site_gold, label = (255, 255, 255), (255, 211, 77), (220, 240, 228)
    colours = (_ramp(PAPER, INK, 12) + _ramp(PAPER, MUTED, 8) + _ramp(PAPER, GOLD, 12) + _ramp(PAPER, STAR_OFF, 4)
               + _ramp(GREEN, white, 8) + _ramp(GREEN, site_gold, 6) + _ramp(GREEN, label, 6)
               + _ramp(PAPER, GREEN_DARK, 8) + _ramp(PAPER, (217, 224, 220), 4))
    # the product's initial: dark green on light green, in a ring
    colours += _ramp(PAPER, GREEN_LIGHT, 3) + _ramp(PAPER, MARK_RING, 6) + _ramp(GREEN_LIGHT, MARK_RING, 6) \
        + _ramp(GREEN_LIGHT, GREEN_DARK, 12)
    colours = list(dict.fromkeys(colours))
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in colours for value in colour] + [0] * (768 - 3 * len(colours)))
    return palette


def _in_palette(im: Image.Image) -> Image.Image:
    """An RGB drawing mapped to the card's fixed palette, each pixel to its nearest colour (no dithering)."""
    return im.quantize(palette=card_palette(), dither=Image.Dither.NONE)


def card_png(card: Card) -> bytes:
    """The card as a PNG of at most 256 colours (card_palette): flat colours and anti-aliased
    text lose nothing visible (tests/test_share_cards.py bounds the change of any pixel), and
    the file is about a third of the RGB one (~16 KB instead of ~65 KB: ~0.9 GB less at 20,000
    products). The same card gives the same bytes.

    Only the rows of the card's own text (TEXT_ROWS) are drawn, mapped to the palette and compressed for each
    card; the band's and the footer's, the same on every card of a kind, were compressed once (_CardEncoder),
    and the text rows' blank runs too (_deflate_runs): 5.0-5.1 ms a card instead of ~8.6 ms (PNG encoding was half
    of a card, and a cold build's pictures are mostly cards; docs/images.md).
    """
    top, bottom = TEXT_ROWS
    text_part = Image.new("RGB", (CARD_SIZE[0], bottom - top), PAPER)
    _draw_text_part(text_part, card, top)
    return _card_encoder(card.site, card.label, card.host).png(_in_palette(text_part))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def _scanlines(im: Image.Image) -> bytes:
    """A palette image's rows as PNG scanlines: each row's filter type (0: none, as for any palette image) and
    its bytes. They are the bytes of the image one column wider, pasted one pixel to the right of a column of
    index 0: a paste and a copy in C instead of a join of 447 rows in Python (0.70 against 0.88 ms a card)."""
    width, height = im.size
    wider = Image.new("P", (width + 1, height), 0)
    wider.paste(im, (1, 0))
    return wider.tobytes()


def _deflate(data: bytes, last: bool) -> bytes:
    """data as raw deflate blocks of their own (a fresh compressor), which the blocks of other data may follow
    in one stream (a full flush: byte-aligned, no reference back) unless `last`."""
    compressor = zlib.compressobj(CARD_ZLIB_LEVEL, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH)


_IEND = _chunk(b"IEND", b"")
CARD_ZLIB_LEVEL = 6  # 5 would save ~0.5 ms a card and add ~4 % to the file; 9 costs ~20 ms


@dataclass(frozen=True)
class _CardEncoder:
    """A card's PNG made of what every card of a kind shares, compressed once, and each card's text rows.

    The image data of a PNG is one zlib stream of the scanlines (RFC 1950/1951); deflate blocks compressed apart
    may follow one another in it when each but the last ends on a full flush, and its checksum (Adler-32) is
    carried over the parts in order. A decoder sees one ordinary PNG (tests decode it with Pillow)."""
    head: bytes  # signature, IHDR, PLTE
    band: bytes  # the zlib header and the band's rows, deflated
    band_adler: int
    footer: bytes  # the footer's rows, deflated, the stream's last block
    footer_rows: bytes  # the footer's scanlines, for the checksum
    blank: bytes  # a scanline of paper from edge to edge (_deflate_runs)

    def png(self, text_part: Image.Image) -> bytes:
        rows = _scanlines(text_part)
        checksum = zlib.adler32(self.footer_rows, zlib.adler32(rows, self.band_adler))
        stream = b"".join((self.band, _deflate_runs(rows, self.blank), self.footer, checksum.to_bytes(4, "big")))
        return self.head + _chunk(b"IDAT", stream) + _IEND


def _deflate_runs(rows: bytes, blank: bytes) -> bytes:
    """Scanlines deflated in runs: each run of blank rows (paper from edge to edge: about half of a card's text
    part, above, between and below its lines) as a block made once per length, each run of the rows between on
    its own, every block ending on a full flush. ~0.5 ms a card less than deflating the rows together, and the
    file ~3 % smaller (200 cards of the 20,000-product site)."""
    step, end, parts = len(blank), len(rows), []
    drawn = at = 0  # where the current run of drawn rows began; the row looked at
    while at < end:
        if not rows.startswith(blank, at):
            at += step
            continue
        after = at
        while after < end and rows.startswith(blank, after):
            after += step
        if drawn < at:
            parts.append(_deflate(rows[drawn:at], last=False))
        parts.append(_blank_rows(blank, (after - at) // step))
        drawn = at = after
    if drawn < end:
        parts.append(_deflate(rows[drawn:end], last=False))
    return b"".join(parts)


@lru_cache(maxsize=1024)
def _blank_rows(blank: bytes, count: int) -> bytes:
    return _deflate(blank * count, last=False)


@lru_cache(maxsize=8)
def _card_encoder(site: str, label: str, host: str) -> _CardEncoder:
    top, bottom = TEXT_ROWS
    base = _in_palette(_card_base(site, label, host))
    width, height = CARD_SIZE
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes((8, 3, 0, 0, 0))  # 8-bit palette
    band_rows = _scanlines(base.crop((0, 0, width, top)))
    footer_rows = _scanlines(base.crop((0, bottom, width, height)))
    return _CardEncoder(
        head=b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", bytes(base.getpalette("RGB"))),
        band=b"\x78\x9c" + _deflate(band_rows, last=False), band_adler=zlib.adler32(band_rows),
        footer=_deflate(footer_rows, last=True), footer_rows=footer_rows,
        blank=_scanlines(_in_palette(Image.new("RGB", (width, 1), PAPER))))


def _host(base_url: str) -> str:
    return base_url.split("://", 1)[-1].rstrip("/")


def cards_for(catalog: Catalog) -> list[tuple[str, Card]]:
    """(card URL, Card) for every product, province and plan page."""
    return [product_card(catalog, p) for p in catalog.products.values()] + other_cards(catalog)


def product_card(catalog: Catalog, p: Product) -> tuple[str, Card]:
    """(card URL, Card) of a product page: it reads the product, its provinces (then and now) and the site."""
    then = catalog.provinces[p.province]
    where = then.full_name
    if p.province_now != p.province:
        where += f" (nay thuộc {catalog.provinces[p.province_now].lower_name})"
    lines = [where]
    if p.producer:
        lines.append(p.producer.name)
    return (card_url(product_url(p.slug)), Card("Sản phẩm OCOP", p.name, tuple(lines), p.stars, p.group,
                                                catalog.site.title, _host(catalog.site.base_url), True))


def other_cards(catalog: Catalog) -> list[tuple[str, Card]]:
    """(card URL, Card) for every province and plan page."""
    site, host = catalog.site.title, _host(catalog.site.base_url)
    out = []
    for pr in catalog.provinces.values():
        total = len(catalog.province_products[pr.slug])
        counted = (f"{total:,} sản phẩm OCOP trong danh mục".replace(",", ".") if total
                   else "Danh mục chưa có sản phẩm nào")
        lines = [pr.region, counted]
        if pr.merged_into:
            lines[0] = f"Từ {pr.merged_on.vi()} thuộc {catalog.provinces[pr.merged_into].lower_name}"
        out.append((card_url(province_url(pr.slug)),
                    Card("Tỉnh, thành phố", pr.full_name, tuple(lines), 0, None, site, host, False)))
    for plan in catalog.plans:
        label = plan.document_type if not plan.number else f"{plan.document_type} số {plan.number}"
        out.append((card_url(plan_url(plan.province, plan.slug)),
                    Card("Kế hoạch OCOP", plan.title, (f"{label} — {plan.issuer}",
                                                      f"Ban hành {plan.issued.vi()}, {plan.period_label}"),
                         0, None, site, host, False)))
    return out
