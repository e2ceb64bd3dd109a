"""Product photos: derivatives, orientation, colour, metadata, caching and bad files.

Every photo is generated with Pillow inside the test (the bundled content has no photos).
"""
from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from conftest import build_site, make_config, minimal_content, product_md, read, write_content
from ocop import images, photos, share_cards
from ocop.build import build
from ocop.errors import BuildFailed

PRODUCT_DIR = "products/bac-kan/mien-dong-thu"
PAGE = "/san-pham/mien-dong-thu/"


# ---------------------------------------------------------------- photo makers

def jpeg(size=(1200, 900), colour=(200, 120, 40), exif: Image.Exif | None = None, icc: bytes | None = None,
         mode="RGB", **options) -> bytes:
    im = Image.new(mode, size, colour)
    out = io.BytesIO()
    extra = {}
    if exif is not None:
        extra["exif"] = exif
    if icc is not None:
        extra["icc_profile"] = icc
    im.save(out, "JPEG", **{"quality": 90, **extra, **options})
    return out.getvalue()


def png(im: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG", **options)
    return out.getvalue()


def phone_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, orientation and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    exif[0x0110] = "SecretModel X"  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 30.5)
    gps[3] = "E"
    gps[4] = (105.0, 51.0, 12.25)
    return exif


def matrix_icc(red_xyz, green_xyz, blue_xyz, gamma: float = 2.2) -> bytes:
    """A minimal ICC v4 RGB matrix/TRC display profile with the given (D50) colorants."""
    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(v) -> bytes:
        return b"XYZ " + b"\0" * 4 + b"".join(s15(c) for c in v)

    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    text = "Test swapped-primaries RGB".encode("utf-16-be")
    desc = b"mluc" + b"\0" * 4 + struct.pack(">II", 1, 12) + b"enUS" + struct.pack(">II", len(text), 28) + text
    desc += b"\0" * (-len(desc) % 4)
    tags = [(b"desc", desc), (b"wtpt", xyz((0.9642, 1.0, 0.8249))), (b"rXYZ", xyz(red_xyz)),
            (b"gXYZ", xyz(green_xyz)), (b"bXYZ", xyz(blue_xyz)), (b"rTRC", curve), (b"gTRC", curve),
            (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body + b"\0" * (-len(body) % 4)
    size = offset + len(data)
    header = (struct.pack(">I", size) + b"\0" * 4 + bytes([4, 0x30, 0, 0]) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + b"\0" * 4 + b"\0" * 4 + b"\0" * 8
              + b"\0" * 8 + struct.pack(">I", 0) + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 4
              + b"\0" * 16 + b"\0" * 28)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


SRGB_D50 = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))


def with_photos(photos: dict[str, bytes], group: str = "Thực phẩm") -> dict:
    """The minimal fixture with 'Miến dong Thử' as a folder holding these photos."""
    files = minimal_content()
    del files["products/bac-kan/mien-dong-thu.md"]
    listing = "".join(f"  - file: {name}\n    alt: Ảnh {name} của miến dong\n    credit: HTX Thử\n" for name in photos)
    files[f"{PRODUCT_DIR}/index.md"] = product_md("Miến dong Thử", "bac-kan",
                                                   extra=f"group: {group}\nphotos:\n{listing}")
    for name, data in photos.items():
        files[f"{PRODUCT_DIR}/{name}"] = data
    return files


def derivatives(site: Path, ext: str) -> list[Path]:
    return sorted((site / "san-pham/mien-dong-thu").glob(f"*.{ext}"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def only_photo(site: Path) -> Image.Image:
    """The largest JPEG derivative, loaded."""
    path = derivatives(site, "jpg")[-1]
    with Image.open(path) as im:
        im.load()
        return im.copy()


def run(job_bytes: bytes, tmp_path: Path, name: str = "x.jpg") -> photos.PhotoResult:
    source = tmp_path / name
    source.write_bytes(job_bytes)
    key = photos.photo_key(job_bytes)
    return photos.process_photo(photos.PhotoJob(source, f"content/products/a/b/{name}", key, tmp_path / "cache"))


# ---------------------------------------------------------------- derivatives and markup

def test_derivatives_webp_and_jpeg_at_widths_up_to_the_original_never_upscaled(tmp_path):
    site = build_site(tmp_path, with_photos({"goi-mien.jpg": jpeg((1200, 900))}))
    webp, jpg = derivatives(site, "webp"), derivatives(site, "jpg")
    assert [Image.open(p).size for p in webp] == [(320, 240), (640, 480), (1024, 768), (1200, 900)]
    assert [Image.open(p).size for p in jpg] == [(320, 240), (640, 480), (1024, 768), (1200, 900)]
    assert {Image.open(p).format for p in webp} == {"WEBP"} and {Image.open(p).format for p in jpg} == {"JPEG"}
    # a small photo is never upscaled: only its own width
    site = build_site(tmp_path / "small", with_photos({"nho.jpg": jpeg((300, 200))}))
    assert [Image.open(p).size for p in derivatives(site, "jpg")] == [(300, 200)]


def test_huge_width_is_capped_and_names_come_from_the_source_hash(tmp_path):
    data = jpeg((3000, 1000))
    site = build_site(tmp_path, with_photos({"rong.jpg": data}))
    key = photos.photo_key(data)
    names = sorted(p.name for p in (site / "san-pham/mien-dong-thu").glob(f"{key}-*"))
    assert names == sorted(f"{key}-{w}.{ext}" for w in (320, 640, 1024, 1600) for ext in ("webp", "jpg"))
    # the same bytes under another name in another build give the same derivative names
    other = build_site(tmp_path / "again", with_photos({"ten-khac.jpg": data}))
    assert sorted(p.name for p in (other / "san-pham/mien-dong-thu").glob(f"{key}-*")) == names


def test_picture_markup_has_srcset_dimensions_and_lazy_loading(tmp_path):
    site = build_site(tmp_path, with_photos({"a.jpg": jpeg((1200, 900), (10, 20, 30)),
                                             "b.jpg": jpeg((800, 800), (30, 20, 10))}))
    html = read(site, PAGE)
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 2
    first, second = pictures
    assert '<source type="image/webp" srcset="' in first and " 1200w" in first and " 320w" in first
    assert 'width="1200" height="900"' in first and 'width="800" height="800"' in second
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first  # above the fold
    assert 'loading="lazy"' in second
    assert 'alt="Ảnh a.jpg của miến dong"' in first
    assert "Ảnh: HTX Thử" in html
    # every URL in the markup is a file of the site, and its size matches what the markup says
    for src, width in re.findall(r'([0-9a-f]{16}-\d+\.(?:webp|jpg)) (\d+)w', html):
        with Image.open(site / "san-pham/mien-dong-thu" / src) as im:
            assert im.size[0] == int(width)
    # the card in the province listing shows the photo too, lazily
    province = read(site, "/tinh/bac-kan/")
    assert re.search(r'<span class="card-thumb">\s*<picture>', province)
    assert "../../san-pham/mien-dong-thu/" in province and 'loading="lazy"' in province


def test_exif_orientation_is_applied(tmp_path):
    # stored landscape 400×200 with a red left third; Orientation 6 = rotate 90° clockwise to show
    im = Image.new("RGB", (400, 200), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, 130, 200))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=95, exif=phone_exif(orientation=6))
    site = build_site(tmp_path, with_photos({"xoay.jpg": out.getvalue()}))
    shown = only_photo(site)
    assert shown.size == (200, 400)  # portrait, as the phone showed it
    r, g, b = shown.getpixel((100, 20))  # the red band is now at the top
    assert r > 200 and b < 60
    r, g, b = shown.getpixel((100, 380))
    assert b > 200 and r < 60
    assert 'width="200" height="400"' in read(site, PAGE)


def test_all_metadata_is_stripped_gps_included(tmp_path):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = jpeg((900, 600), exif=phone_exif(), icc=icc, comment=b"secret comment")
    assert b"SecretPhoneMaker" in data  # the source really carries it
    site = build_site(tmp_path, with_photos({"dien-thoai.jpg": data}))
    files = derivatives(site, "jpg") + derivatives(site, "webp")
    assert len(files) == 6
    for path in files:
        raw = path.read_bytes()
        for secret in (b"SecretPhoneMaker", b"SecretModel", b"secret comment", b"Exif", b"ICC_PROFILE",
                       b"ICCP", b"EXIF", b"XMP", b"http://ns.adobe.com"):
            assert secret not in raw, f"{path.name} still holds {secret!r}"
        with Image.open(path) as im:
            assert len(im.getexif()) == 0
            assert im.getexif().get_ifd(0x8825) == {}
            assert "icc_profile" not in im.info and "exif" not in im.info and "comment" not in im.info


def test_srgb_profile_keeps_colours(tmp_path):
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    site = build_site(tmp_path, with_photos({"srgb.jpg": jpeg((400, 300), (200, 120, 40), icc=icc)}))
    r, g, b = only_photo(site).getpixel((200, 150))
    assert abs(r - 200) <= 6 and abs(g - 120) <= 6 and abs(b - 40) <= 6


def test_non_srgb_profile_is_converted_to_srgb(tmp_path):
    red, green, blue = SRGB_D50
    swapped = matrix_icc(green, red, blue)  # in this profile, "red" (255, 0, 0) means sRGB green
    data = jpeg((400, 300), (255, 0, 0), icc=swapped)
    with Image.open(io.BytesIO(data)) as im:
        assert im.info["icc_profile"] == swapped
    site = build_site(tmp_path, with_photos({"wide.jpg": data}))
    r, g, b = only_photo(site).getpixel((200, 150))
    assert g > 200 and r < 70 and b < 70, (r, g, b)


# ---------------------------------------------------------------- difficult but valid files

def test_cmyk_jpeg_becomes_rgb_with_the_right_colour(tmp_path):
    data = jpeg((500, 400), (0, 255, 255, 0), mode="CMYK")  # no cyan, full magenta + yellow: red
    with Image.open(io.BytesIO(data)) as im:
        assert im.mode == "CMYK"
    site = build_site(tmp_path, with_photos({"cmyk.jpg": data}))
    shown = only_photo(site)
    assert shown.mode == "RGB"
    r, g, b = shown.getpixel((250, 200))
    assert r > 200 and g < 80 and b < 80, (r, g, b)


def test_16_bit_png_keeps_its_tones(tmp_path):
    row = struct.pack("<H", 32768) * 300 + struct.pack("<H", 65535) * 300  # mid grey | white, 16 bits
    im = Image.frombytes("I;16", (600, 400), row * 400)
    data = png(im)
    with Image.open(io.BytesIO(data)) as check:
        assert check.mode.startswith("I") and check.getpixel((10, 10)) == 32768  # really 16-bit
    site = build_site(tmp_path, with_photos({"sau-muoi-sau-bit.png": data}))
    shown = only_photo(site)
    assert abs(shown.getpixel((150, 200))[0] - 128) <= 4  # not clipped to white
    assert shown.getpixel((450, 200))[0] >= 250


def test_palette_png_with_transparency_is_shown_on_white(tmp_path):
    im = Image.new("P", (600, 400), 0)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * (256 * 3 - 6))  # 0: black (transparent), 1: red
    im.paste(1, (300, 0, 600, 400))
    data = png(im, transparency=0)
    site = build_site(tmp_path, with_photos({"trong-suot.png": data}))
    shown = only_photo(site)
    assert shown.getpixel((100, 200)) == (255, 255, 255)  # transparent -> white, not black
    r, g, b = shown.getpixel((500, 200))
    assert r > 230 and g < 30 and b < 30


def test_40_megapixel_jpeg_is_decoded_at_reduced_scale(tmp_path):
    data = jpeg((7744, 5168), (90, 140, 60), quality=70)
    result = run(data, tmp_path)
    assert result.error is None and result.opened == 1
    manifest = result.manifest
    assert (manifest["width"], manifest["height"]) == (7744, 5168)
    # JPEG draft: decoded at 1/2 scale (3872 px wide), never at full 40 megapixels
    assert manifest["decoded"][0] <= 7744 // 2
    assert [f[1] for f in manifest["files"] if f[3] == "jpg"] == [320, 640, 1024, 1600]
    with Image.open(tmp_path / "cache" / manifest["files"][-1][0]) as im:
        assert im.size == (1600, round(5168 * 1600 / 7744))


# ---------------------------------------------------------------- bad files: path: message, site untouched

def fails_with(tmp_path, name: str, data: bytes) -> list:
    """Build a good site, then the same with this bad photo: the build fails, site/ is unchanged."""
    site = build_site(tmp_path, with_photos({"tot.jpg": jpeg((640, 480))}))
    before = read(site, PAGE)
    files = with_photos({"tot.jpg": jpeg((640, 480)), name: data})
    write_content(tmp_path, files)
    with pytest.raises(BuildFailed) as failure:
        build(make_config(tmp_path))
    assert read(site, PAGE) == before
    assert not list(tmp_path.glob(".site-staging-*"))
    errors = failure.value.errors
    assert [e.path for e in errors] == [f"content/{PRODUCT_DIR}/{name}"]
    return errors


def test_not_an_image(tmp_path):
    [error] = fails_with(tmp_path, "anh.jpg", b"Day khong phai la anh, chi la van ban.\n" * 20)
    assert "không phải là ảnh trang web đọc được" in error.message and "xuất lại ảnh dạng JPEG" in error.message
    assert str(error).startswith(f"content/{PRODUCT_DIR}/anh.jpg:0: ")


def test_truncated_jpeg(tmp_path):
    whole = jpeg((1200, 900), (30, 160, 90))
    [error] = fails_with(tmp_path, "cut.jpg", whole[: len(whole) // 2])
    assert "bị hỏng hoặc chưa chép hết" in error.message and "thay tệp này" in error.message


def test_decompression_bomb_over_our_limit(tmp_path):
    bomb = png(Image.new("1", (12_000, 12_000)))  # 144 megapixels of nothing: a few hundred KB
    assert len(bomb) < 1_000_000
    [error] = fails_with(tmp_path, "bom.png", bomb)
    assert "12000×12000" in error.message and "144 triệu điểm ảnh" in error.message
    assert "thu nhỏ ảnh" in error.message


def test_decompression_bomb_over_pillows_limit(tmp_path):
    bomb = png(Image.new("1", (20_000, 10_000)))  # 200 MP: Pillow itself refuses (DecompressionBombError)
    result = run(bomb, tmp_path, "bom.png")
    assert result.manifest is None and "quá nhiều điểm ảnh để mở an toàn" in result.error
    [error] = fails_with(tmp_path, "bom.png", bomb)
    assert "thu nhỏ ảnh" in error.message


def test_photo_file_over_the_byte_limit_is_refused_before_it_is_read(tmp_path):
    files = with_photos({"lon.jpg": b""})
    write_content(tmp_path, files)
    big = tmp_path / "content" / PRODUCT_DIR / "lon.jpg"
    with big.open("wb") as out:  # a sparse file: 51 MB on paper, nothing on disk, never decoded
        out.truncate(photos.MAX_FILE_BYTES + 1_000_000)
    with pytest.raises(BuildFailed) as failure:
        build(make_config(tmp_path))
    [error] = failure.value.errors
    assert error.path.endswith("/lon.jpg") and "51 MB" in error.message and "50 MB" in error.message
    assert "4000 điểm ảnh (px)" in error.message


def test_every_bad_photo_is_reported_in_one_run(tmp_path):
    files = with_photos({"a.jpg": b"not an image", "b.jpg": jpeg()[:300], "c.png": b"\x89PNG\r\n\x1a\n"})
    write_content(tmp_path, files)
    with pytest.raises(BuildFailed) as failure:
        build(make_config(tmp_path))
    assert [e.path.rsplit("/", 1)[1] for e in failure.value.errors] == ["a.jpg", "b.jpg", "c.png"]
    assert not (tmp_path / "site").exists()


# ---------------------------------------------------------------- no photo: placeholder

def test_product_without_photo_shows_a_neutral_text_placeholder(tmp_path):
    """No photo: a small tile with the product's initial and the words as text (legible at any size,
    never a drawing of the group that could be wrong about the product), on the page and the cards."""
    site = build_site(tmp_path, minimal_content())
    html = read(site, PAGE)
    assert "<picture>" not in html and "anh-mau" not in html
    assert re.search(r'<span class="no-photo"><span class="no-photo-mark" aria-hidden="true">M</span>'
                     r'<span class="no-photo-text">Danh mục chưa có ảnh được phép đăng của sản phẩm này.</span></span>', html)
    card = read(site, "/san-pham/")
    assert '<span class="no-photo-mark" aria-hidden="true">T</span><span class="no-photo-text">Chưa có ảnh</span>' in card
    # no drawn "no photo" picture is published any more: the tile is HTML
    assert not (site / "assets/anh-mau").exists()


# ---------------------------------------------------------------- cache: a warm rebuild touches no image

def image_files(site: Path) -> dict:
    """Every file the image stage publishes -> its mtime (static assets/ files excluded)."""
    return {p.relative_to(site): p.stat().st_mtime_ns for p in site.rglob("*")
            if p.suffix in (".webp", ".jpg", ".png", ".svg")
            and p.relative_to(site).parts[0] != "assets"}


def test_warm_rebuild_opens_no_image_and_changes_no_file(tmp_path):
    files = with_photos({"a.jpg": jpeg((1300, 900)), "b.png": png(Image.new("RGB", (700, 500), (9, 99, 199)))})
    write_content(tmp_path, files)
    config = make_config(tmp_path)
    cold = build(config).images
    assert cold.photos == 2 and cold.opened == 2 and cold.drawn > 0
    cache = tmp_path / ".cache" / "images"
    cached = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    published = image_files(config.site_dir)
    assert len(published) > 10

    warm = build(config).images
    assert warm.opened == 0 and warm.drawn == 0
    assert warm.reused == len(published)
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == cached
    assert image_files(config.site_dir) == published

    # one photo changes: exactly that one is opened again, under a new name
    (tmp_path / "content" / PRODUCT_DIR / "a.jpg").write_bytes(jpeg((1300, 900), (1, 2, 3)))
    again = build(config).images
    assert again.opened == 1 and again.drawn == 0


@pytest.mark.slow  # determinism: two builds, 1 and 2 workers
def test_parallel_processing_gives_the_same_files(tmp_path):
    photos = {f"p{i}.jpg": jpeg((700 + 10 * i, 500), (i * 20, 100, 200 - i * 10)) for i in range(10)}
    one = build_site(tmp_path / "one", with_photos(photos))
    two = build_site(tmp_path / "two", with_photos(photos), workers=2)
    names = sorted(p.name for p in (one / "san-pham/mien-dong-thu").iterdir())
    assert names == sorted(p.name for p in (two / "san-pham/mien-dong-thu").iterdir())
    assert len([n for n in names if n.endswith(".webp")]) == 10 * 3
    for name in names:
        if name.endswith((".jpg", ".webp")):
            assert (one / "san-pham/mien-dong-thu" / name).read_bytes() == (two / "san-pham/mien-dong-thu" / name).read_bytes()


def test_build_without_cache_still_makes_everything(tmp_path):
    site = build_site(tmp_path, with_photos({"a.jpg": jpeg((700, 500))}), cache_dir=None)
    assert len(derivatives(site, "webp")) == 3
    assert not (tmp_path / ".cache").exists()


def test_drawings_of_another_generation_are_removed_and_this_ones_are_placed(tmp_path, monkeypatch):
    """Share cards and QR codes are kept per generation of the drawing code and tools (images.drawn_folder): a
    new DRAWING_VERSION, or a Pillow, zlib or segno upgrade, draws them again into a new folder and removes the
    old ones (~60,000 files a generation at 20,000 products), and the loose files of the cache before there were
    generations."""
    config = make_config(tmp_path)
    site = build_site(tmp_path, minimal_content())
    drawn = tmp_path / ".cache/images/drawn"
    first = images.drawing_generation()
    card = site / "san-pham/tra-thu/og.png"
    assert [p.name for p in drawn.iterdir()] == [first]
    assert card.stat().st_ino in {p.stat().st_ino for p in (drawn / first).iterdir()}  # linked from the cache
    (drawn / "0123456789abcdef0123.png").write_bytes(b"a drawing kept loose, before generations")
    images.drawing_generation.cache_clear()
    monkeypatch.setattr(share_cards, "DRAWING_VERSION", share_cards.DRAWING_VERSION + "-next")
    try:
        second = images.drawing_generation()
        assert second != first
        report = build(config)
        assert report.images.drawn > 0  # every picture drawn again, into the new generation's folder
        assert [p.name for p in drawn.iterdir()] == [second]
        assert card.stat().st_ino in {p.stat().st_ino for p in (drawn / second).iterdir()}
    finally:
        images.drawing_generation.cache_clear()
