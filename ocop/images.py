"""Image stage (between routes and render): product photos, placeholders, share cards, QR codes.

Everything here is a file in the site made from content with Pillow (or segno), and
everything is cached by content hash in `Config.cache_dir / "images"`:

* **Photos** — each photo beside a product's `index.md` becomes WebP + JPEG derivatives at
  a few widths (never wider than the original), auto-oriented by EXIF, converted to sRGB
  with its embedded ICC profile, with every byte of metadata dropped (EXIF, GPS, XMP, ICC).
  A derivative is named after the source's hash, its width and format
  (`3f2a9c0d1e4b5a67-640.webp`), so the name changes exactly when the photo does.
* **Placeholders** — one per product group, drawn at build time ("chưa có ảnh").
* **Share cards** (`<page url>og.png`) and **QR codes** (`/san-pham/<slug>/qr.svg|png`).

A warm rebuild (nothing changed) opens no image and draws nothing: it only links the
cached files into the staging folder. Bad photos become ContentErrors (`path:0: message`)
that the build reports together; none may crash or hang the build.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from . import parallel
from .errors import ContentError

log = logging.getLogger("ocop.images")

# ---------------------------------------------------------------- settings

PHOTO_VERSION = "photo-2"  # part of every photo's cache key: change it when the processing changes
WIDTHS = (320, 640, 1024, 1600)  # derivative widths; the largest is also the cap
MAX_PIXELS = 100_000_000  # larger photos are refused (a 40-megapixel photo is fine)
MAX_FILE_BYTES = 50 * 1024 * 1024  # larger files are refused before any decoding
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # what Pillow may try; anything else is "not a photo"
JPEG_OPTIONS = {"quality": 82, "optimize": True, "progressive": True}
WEBP_OPTIONS = {"quality": 80, "method": 2}  # method 2: half the time of 4 for ~5 % more bytes (docs/images.md)
BACKGROUND = (255, 255, 255)  # transparent parts of a photo are shown on white
PARALLEL_MIN_JOBS = 8  # fewer jobs than this run in the main process


# ---------------------------------------------------------------- what templates see

@dataclass(frozen=True)
class Derivative:
    url: str  # site path: /san-pham/<slug>/<hash>-<width>.<ext>
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """One photo as the templates show it (templates/partials/picture.html)."""
    alt: str
    credit: str | None
    width: int  # of the largest derivative: with height, reserves the space (no layout shift)
    height: int
    webp: tuple[Derivative, ...]  # narrowest first
    jpeg: tuple[Derivative, ...]

    @property
    def fallback(self) -> Derivative:
        """The JPEG for browsers without srcset: the one nearest 640 px wide."""
        return min(self.jpeg, key=lambda d: abs(d.width - 640))


@dataclass(frozen=True)
class Placeholder:
    url: str  # /assets/anh-mau/<group slug>.png
    width: int
    height: int
    alt: str  # "Chưa có ảnh — nhóm Thực phẩm"


@dataclass(frozen=True)
class ProductMedia:
    photos: tuple[Picture, ...]
    placeholder: Placeholder
    qr_svg: str  # site paths
    qr_png: str


@dataclass(frozen=True)
class ImageReport:
    photos: int = 0  # photos on the site
    opened: int = 0  # Image.open calls this build (0 on a warm rebuild)
    drawn: int = 0  # cards, placeholders and QR codes drawn this build (0 on a warm rebuild)
    reused: int = 0  # files taken from the cache unchanged
    seconds: float = 0.0


@dataclass(frozen=True)
class ImageStage:
    media: dict  # product slug -> ProductMedia
    errors: tuple[ContentError, ...]
    report: ImageReport


# ---------------------------------------------------------------- photos: one file

@dataclass(frozen=True)
class PhotoJob:
    source: Path
    shown: str  # path for messages: content/products/<province>/<slug>/<file>
    key: str  # content hash (with PHOTO_VERSION)
    cache: Path  # folder of derivatives and manifests


@dataclass(frozen=True)
class PhotoResult:
    key: str
    shown: str
    manifest: dict | None  # {"width", "height", "files": [[name, width, height, fmt], ...]}
    error: str | None
    opened: int


def photo_key(data: bytes) -> str:
    return hashlib.sha256(PHOTO_VERSION.encode() + b"\0" + data).hexdigest()[:16]


def derivative_widths(width: int) -> list[int]:
    """The widths to make for a photo `width` px wide: never upscaled, the largest capped."""
    largest = min(width, WIDTHS[-1])
    return [w for w in WIDTHS if w < largest] + [largest]


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert with the embedded ICC profile to sRGB; without one (or a broken one) assume sRGB."""
    if icc and im.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
            return ImageCms.profileToProfile(im, source, _srgb(), outputMode=out_mode,
                                             renderingIntent=ImageCms.Intent.PERCEPTUAL)
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # unusable profile: fall through to a plain conversion
    return im


def _normalise_mode(im: Image.Image) -> Image.Image:
    """Any Pillow mode -> RGB, RGBA, CMYK or L, keeping tones (16-bit scaled, palettes expanded)."""
    if im.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        # 16-bit greyscale: scale 0..65535 to 0..255 (a plain convert would clip to white)
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if im.mode == "F":
        return im.convert("L")
    if im.mode in ("P", "PA", "LA", "La", "RGBa", "1"):
        if im.mode == "1":
            return im.convert("L")
        return im.convert("RGBA")
    if im.mode in ("RGB", "RGBA", "CMYK", "L"):
        if im.mode == "RGB" and "transparency" in im.info:
            return im.convert("RGBA")
        if im.mode == "L" and "transparency" in im.info:
            return im.convert("RGBA")
        return im
    return im.convert("RGB")  # YCbCr, LAB, HSV, ...


def _flatten(im: Image.Image) -> Image.Image:
    if im.mode == "RGBA":
        background = Image.new("RGB", im.size, BACKGROUND)
        background.paste(im, mask=im.getchannel("A"))
        return background
    return im.convert("RGB")


def _open_photo(path: Path) -> Image.Image:
    """Image.open with our limits; the caller counts the call."""
    with warnings.catch_warnings():
        # we check the pixel count ourselves (MAX_PIXELS), with a message an editor can act on
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(path, formats=ALLOWED_FORMATS)


def process_photo(job: PhotoJob) -> PhotoResult:
    """Make the derivatives of one photo in job.cache; never raises for a bad file."""
    opened = 0
    try:
        size = job.source.stat().st_size
        if size > MAX_FILE_BYTES:
            return PhotoResult(job.key, job.shown, None, (
                f"photo file is {size / 1024 / 1024:.0f} MB, more than the {MAX_FILE_BYTES // 1024 // 1024} MB "
                "the site accepts; export it as a JPEG of at most 4000 px wide"), 0)
        opened = 1
        with _open_photo(job.source) as im:
            width, height = im.size
            if width * height > MAX_PIXELS:
                return PhotoResult(job.key, job.shown, None, _too_many_pixels(width, height), opened)
            if im.format == "JPEG":
                # decode at 1/2, 1/4 or 1/8 scale when that still covers the largest derivative's
                # width (the stored height when EXIF turns the photo by 90°): a 40-megapixel JPEG
                # then costs a fraction of the memory and time
                turned = im.getexif().get(0x0112) in (5, 6, 7, 8)
                im.draft(None, (1, WIDTHS[-1]) if turned else (WIDTHS[-1], 1))
            im.load()
            decoded = im.size
            icc = im.info.get("icc_profile")
            oriented = ImageOps.exif_transpose(im)
            if oriented.size != im.size and (oriented.size[1], oriented.size[0]) == im.size:
                width, height = height, width  # rotated by EXIF: the original's shape turned
            picture = _flatten(_to_srgb(_normalise_mode(oriented), icc))
        picture.info = {}  # drop EXIF, GPS, XMP, ICC, comments: nothing of the source is written
        files = []
        scaled = picture
        for target in reversed(derivative_widths(width)):  # largest first, each from the one before
            h = max(1, round(height * target / width))
            if scaled.size != (target, h):
                scaled = scaled.resize((target, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
            scaled.info = {}
            for fmt, ext, options in (("WEBP", "webp", WEBP_OPTIONS), ("JPEG", "jpg", JPEG_OPTIONS)):
                name = f"{job.key}-{target}.{ext}"
                _write_atomic(job.cache / name, _encode(scaled, fmt, options))
                files.append([name, target, h, ext])
        files.sort(key=lambda f: (f[1], f[3]))  # narrowest first
        manifest = {"width": width, "height": height, "decoded": list(decoded), "files": files}
        _write_atomic(job.cache / f"{job.key}.json", json.dumps(manifest).encode())
        return PhotoResult(job.key, job.shown, manifest, None, opened)
    except Image.DecompressionBombError as exc:
        return PhotoResult(job.key, job.shown, None, f"{_bomb_text(exc)}", opened)
    except UnidentifiedImageError:
        return PhotoResult(job.key, job.shown, None, (
            "is not a photo the site can read (JPEG, PNG, WebP or GIF expected; HEIC, RAW, PDF are not); "
            "export it as JPEG and replace the file"), opened)
    except (OSError, SyntaxError, ValueError, MemoryError, Image.DecompressionBombWarning) as exc:
        text = str(exc)
        if "truncated" in text or "broken" in text or "premature" in text.lower():
            reason = "is damaged or incomplete (the file ends too early)"
        else:
            reason = f"could not be read ({text or type(exc).__name__})"
        return PhotoResult(job.key, job.shown, None,
                           f"photo {reason}; copy or export the photo again and replace the file", opened)


def _too_many_pixels(width: int, height: int) -> str:
    return (f"photo is {width}×{height} px ({width * height / 1e6:.0f} megapixels), more than the "
            f"{MAX_PIXELS // 1_000_000} megapixels the site accepts (it may be a decompression bomb); "
            "resize it to at most 4000 px wide")


def _bomb_text(exc: Exception) -> str:
    return ("photo has too many pixels to be decoded safely (a decompression bomb?); "
            f"resize it to at most 4000 px wide ({exc})")


def _encode(im: Image.Image, fmt: str, options: dict) -> bytes:
    buffer = io.BytesIO()
    im.save(buffer, fmt, **options)
    return buffer.getvalue()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


# ---------------------------------------------------------------- drawn files (cards, placeholders, QR)

@dataclass(frozen=True)
class DrawJob:
    kind: str  # a key of DRAWERS
    payload: object  # what the drawer needs (a frozen dataclass or a string)
    key: str  # hash of kind + payload + drawing version
    ext: str
    cache: Path

    @property
    def cache_name(self) -> str:
        return f"{self.key}.{self.ext}"

    @property
    def cache_file(self) -> Path:
        return self.cache / self.cache_name


def _drawers() -> dict:
    from . import qr, share_cards
    return {
        "card": share_cards.card_png,
        "placeholder": share_cards.placeholder_png,
        "qr-svg": qr.qr_svg,
        "qr-png": qr.qr_png,
    }


def draw_key(kind: str, payload: object) -> str:
    from .share_cards import DRAWING_VERSION
    text = f"{DRAWING_VERSION}\0{kind}\0{payload!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def run_draw_job(job: DrawJob) -> int:
    _write_atomic(job.cache_file, _drawers()[job.kind](job.payload))
    return 1


# ---------------------------------------------------------------- parallel runner

class _Placer:
    """Puts cached files into the staging folder: a hard link (no copy, mtime kept) or a copy.

    Plain strings and a set of folders already made: at 20,000 products this places ~60,000
    files, and pathlib plus a mkdir per file cost more than the links themselves.
    """

    def __init__(self, staging: Path):
        self.staging = str(staging)
        self.made: set[str] = set()

    def place(self, cache_file: str, site_path: str) -> None:
        target = os.path.join(self.staging, site_path.lstrip("/"))
        folder = os.path.dirname(target)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        try:
            os.link(cache_file, target)
        except OSError:
            shutil.copy2(cache_file, target)


# ---------------------------------------------------------------- the stage

def placeholder_for(group: str | None) -> Placeholder:
    from .share_cards import PLACEHOLDER_SIZE, group_slug_or_none
    label = group or "chưa rõ nhóm"
    return Placeholder(f"/assets/anh-mau/{group_slug_or_none(group)}.png", *PLACEHOLDER_SIZE,
                       f"Chưa có ảnh sản phẩm — nhóm {label}" if group else "Chưa có ảnh sản phẩm")


def build_images(catalog, routes, cache_dir: Path | None, staging: Path, workers: int) -> ImageStage:
    """Make every image file of the site into staging; return what templates need and the errors."""
    started = time.perf_counter()
    temporary = None
    if cache_dir is None:
        temporary = tempfile.mkdtemp(prefix="ocop-images-")
        cache_dir = Path(temporary)
    try:
        return _build_images(catalog, routes, cache_dir / "images", staging, workers, started)
    finally:
        if temporary:
            shutil.rmtree(temporary, ignore_errors=True)


def _build_images(catalog, routes, cache: Path, staging: Path, workers: int, started: float) -> ImageStage:
    from . import qr, share_cards
    photo_cache = cache / "photos"
    drawn_cache = cache / "drawn"
    photo_cache.mkdir(parents=True, exist_ok=True)
    drawn_cache.mkdir(parents=True, exist_ok=True)
    errors: list[ContentError] = []

    # 1. photos: hash every source; open only those without a complete cached manifest
    jobs: dict[str, PhotoJob] = {}
    per_product: dict[str, list[tuple[object, str]]] = {}  # slug -> [(Photo, key)]
    # (path, size, mtime) -> hash from the last build: unchanged files are not even read again
    index_file = cache / "stat-index.json"
    try:
        known = json.loads(index_file.read_text())
    except (OSError, ValueError):
        known = {}
    seen = {}
    for product in catalog.products.values():
        if not product.photos or product.photo_dir is None:
            continue
        folder = product.path.rsplit("/", 1)[0]
        for photo in product.photos:
            source = product.photo_dir / photo.file
            status = source.stat()
            stamp = f"{PHOTO_VERSION}|{source.resolve()}|{status.st_size}|{status.st_mtime_ns}"
            key = known.get(stamp) or photo_key(source.read_bytes())
            seen[stamp] = key
            per_product.setdefault(product.slug, []).append((photo, key))
            jobs.setdefault(key, PhotoJob(source, f"{folder}/{photo.file}", key, photo_cache))
    manifests: dict[str, dict] = {}
    misses = []
    for key, job in jobs.items():
        cached = photo_cache / f"{key}.json"
        if cached.is_file():
            manifests[key] = json.loads(cached.read_text())
        else:
            misses.append(job)
    opened = 0
    failed: dict[str, str] = {}
    for result in parallel.map_in_processes(process_photo, misses, workers, min_items=PARALLEL_MIN_JOBS):
        opened += result.opened
        if result.manifest is not None:
            manifests[result.key] = result.manifest
        else:
            failed[result.key] = result.error
    # every path holding a bad photo is reported (the same bad file may sit in two folders)
    for slug, items in per_product.items():
        product = catalog.products[slug]
        folder = product.path.rsplit("/", 1)[0]
        for photo, key in items:
            if key in failed:
                errors.append(ContentError(f"{folder}/{photo.file}", 0, failed[key]))
    if errors:
        return ImageStage({}, tuple(errors), ImageReport(opened=opened, seconds=time.perf_counter() - started))
    if seen != known:
        _write_atomic(index_file, json.dumps(seen, sort_keys=True).encode())

    # 2. drawn files: placeholders, share cards, QR codes
    placements: list[tuple[DrawJob, str]] = []  # (job, site path)

    def draw(kind: str, payload, ext: str, url: str) -> None:
        key = draw_key(kind, payload)
        placements.append((DrawJob(kind, payload, key, ext, drawn_cache), url))

    groups = sorted({p.group for p in catalog.products.values()}, key=lambda g: (g is None, g or ""))
    for group in groups:
        draw("placeholder", share_cards.placeholder_spec(group), "png", placeholder_for(group).url)
    for route, card in share_cards.cards_for(catalog, routes):
        draw("card", card, "png", route.url + share_cards.CARD_FILE)
    for product in catalog.products.values():
        target = catalog.site.base_url + f"/san-pham/{product.slug}/"
        draw("qr-svg", target, "svg", f"/san-pham/{product.slug}/{qr.SVG_FILE}")
        draw("qr-png", target, "png", f"/san-pham/{product.slug}/{qr.PNG_FILE}")
    in_cache = set(os.listdir(drawn_cache))  # one directory read instead of a stat per file
    unique: dict[str, DrawJob] = {}
    for job, _ in placements:
        if job.cache_name not in in_cache:
            unique.setdefault(job.key, job)
    drawn = sum(parallel.map_in_processes(run_draw_job, list(unique.values()), workers,
                                          min_items=PARALLEL_MIN_JOBS))

    # 3. place everything into staging and describe it for the templates
    reused = len(placements) - drawn
    placer = _Placer(staging)
    drawn_folder = str(drawn_cache)
    for job, url in placements:
        placer.place(f"{drawn_folder}/{job.cache_name}", url)
    media = {}
    for product in catalog.products.values():
        pictures = []
        for photo, key in per_product.get(product.slug, ()):
            manifest = manifests[key]
            folder = f"/san-pham/{product.slug}/"
            by_format: dict[str, list[Derivative]] = {"webp": [], "jpg": []}
            for name, width, height, ext in manifest["files"]:
                placer.place(str(photo_cache / name), folder + name)
                by_format[ext].append(Derivative(folder + name, width, height))
                reused += 1
            largest = by_format["jpg"][-1]
            pictures.append(Picture(photo.alt or product.name, photo.credit, largest.width, largest.height,
                                    tuple(by_format["webp"]), tuple(by_format["jpg"])))
        media[product.slug] = ProductMedia(tuple(pictures), placeholder_for(product.group),
                                           f"/san-pham/{product.slug}/{qr.SVG_FILE}",
                                           f"/san-pham/{product.slug}/{qr.PNG_FILE}")
    made_now = sum(len(manifests[j.key]["files"]) for j in misses if j.key in manifests)
    report = ImageReport(photos=sum(len(v) for v in per_product.values()), opened=opened, drawn=drawn,
                         reused=reused - made_now, seconds=time.perf_counter() - started)
    log.info("images: %d photos (%d opened), %d drawn, %d reused from the cache in %.2fs",
             report.photos, report.opened, report.drawn, report.reused, report.seconds)
    return ImageStage(media, (), report)


def attach(routes: list, stage: ImageStage) -> list:
    """Routes with `media` (slug -> ProductMedia) and, on home and province pages, `charts`."""
    from .charts import charts_for
    out = []
    for route in routes:
        extra = {"media": stage.media}
        if route.kind in ("home", "province") and route.context.get("stats") is not None:
            extra["charts"] = charts_for(route.context["stats"])
        out.append(replace(route, context={**route.context, **extra}))
    return out


# ---------------------------------------------------------------- benchmark (python -m ocop.images)

def _bench_photo_bytes(variant: int, size: tuple[int, int]) -> bytes:
    """A phone-like JPEG (gradient + noise, so it compresses like a photo), one of a few variants."""
    coarse = Image.effect_noise((size[0] // 8, size[1] // 8), 60).resize(size, Image.Resampling.BICUBIC)
    fine = Image.effect_noise(size, 12)  # sensor grain
    base = Image.linear_gradient("L").resize(size).rotate(variant * 40, expand=False)
    picture = Image.merge("RGB", (Image.blend(base, coarse, 0.5), Image.blend(coarse, fine, 0.2),
                                  Image.blend(base, fine, 0.15)))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88, exif=Image.Exif())
    return out.getvalue()


def _unique(jpeg: bytes, index: int) -> bytes:
    """The same pixels with a distinct JPEG comment, so every photo has its own hash."""
    comment = f"bench photo {index}".encode()
    return jpeg[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + jpeg[2:]


def bench(photos: int, root: Path, workers: int) -> None:
    """Time per photo, then a build of `photos` synthetic products with one 12 MP photo each, cold and warm."""
    import datetime as dt
    import sys

    from .build import build
    from .config import PROJECT_DIR, Config
    sys.path.insert(0, str(PROJECT_DIR))
    from bench.synthetic import write_content

    variants = [_bench_photo_bytes(v, (4032, 3024)) for v in range(4)]
    print(f"source: 4032×3024 (12 MP) JPEG, {len(variants[0]) / 1e6:.1f} MB; widths {WIDTHS}; workers {workers}")
    scratch = root / "one-by-one"
    timings = []
    for index in range(12):
        data = _unique(variants[index % 4], index)
        source = scratch / f"{index}.jpg"
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(data)
        start = time.perf_counter()
        result = process_photo(PhotoJob(source, str(source), photo_key(data), scratch / "cache"))
        timings.append(time.perf_counter() - start)
        assert result.error is None, result.error
    timings.sort()
    print(f"derivatives of one 12 MP photo (8 files), one core: median {timings[len(timings) // 2] * 1000:.0f} ms, "
          f"min {timings[0] * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms")
    big = _bench_photo_bytes(0, (7744, 5168))
    (scratch / "40mp.jpg").write_bytes(big)
    start = time.perf_counter()
    result = process_photo(PhotoJob(scratch / "40mp.jpg", "40mp.jpg", photo_key(big), scratch / "cache"))
    print(f"derivatives of one 40 MP photo: {(time.perf_counter() - start) * 1000:.0f} ms (decoded at "
          f"{result.manifest['decoded'][0]}×{result.manifest['decoded'][1]})")

    content = write_content(root, products=photos)
    made = 0
    for index, page in enumerate(sorted(content.glob("products/*/*.md"))):
        if made == photos:
            break
        folder = page.with_suffix("")
        folder.mkdir()
        text = page.read_text(encoding="utf-8")
        text = text.replace("---\n", "---\nphotos:\n  - file: anh.jpg\n    alt: Ảnh sản phẩm (thử)\n", 1)
        (folder / "index.md").write_text(text, encoding="utf-8")
        (folder / "anh.jpg").write_bytes(_unique(variants[index % 4], index))
        page.unlink()
        made += 1
    config = Config(content_dir=content, site_dir=root / "site", build_date=dt.date(2026, 11, 23),
                    cache_dir=root / ".cache", workers=workers, search_index=False)
    for label in ("cold", "warm"):
        start = time.perf_counter()
        report = build(config)
        total = time.perf_counter() - start
        print(f"{label}: build {total:.1f} s, image stage {report.seconds['images']:.1f} s — "
              f"{report.images.photos} photos, {report.images.opened} opened, {report.images.drawn} drawn, "
              f"{report.images.reused} files reused; {report.summary()}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Benchmark the image stage.")
    parser.add_argument("command", choices=["bench"])
    parser.add_argument("--photos", type=int, default=2000)
    parser.add_argument("--out", required=True, help="scratch folder (will hold content, site and cache)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    bench(args.photos, Path(args.out).resolve(), args.workers)
