"""Stage 6 — images: the picture files of the site, made with Pillow (and segno), in three steps.

1. **photos** (`photos.py`): each photo beside a product's `index.md` becomes WebP + JPEG
   derivatives; unchanged photos are not even read again (a stat index maps path, size
   and mtime to the content hash).
2. **drawings**: the share cards of product,
   province and plan pages (`share_cards.py`) and each product's QR code (`qr.py`).
3. **placement**: which cached file goes to which address of the site; the write stage
   links them into place.

Everything is cached by content hash in `Config.cache_dir / "images"`: a warm rebuild
opens no image and draws nothing. The stage returns what the templates show of each
product (`ProductMedia`), the files to place, and the errors of bad photos
(`path:0: message`), which the build reports together; none may crash or hang the build.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import shutil
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

from PIL import features

from . import parallel, qr, share_cards
from .errors import ContentError
from .files import write_atomic
from .model import Catalog, Photo, Product
from .photos import PHOTO_VERSION, PhotoJob, photo_key, process_photo
from .reuse import Reuse
from .urls import photo_url, product_url, qr_urls

log = logging.getLogger("ocop.images")

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
class ProductMedia:
    photos: tuple[Picture, ...]  # none yet: the pages show a "no photo" tile in HTML (templates/macros.html)
    qr_svg: str  # site paths
    qr_png: str


@dataclass(frozen=True)
class ImageReport:
    photos: int = 0  # photos on the site
    opened: int = 0  # Image.open calls this build (0 on a warm rebuild)
    drawn: int = 0  # cards and QR codes drawn this build (0 on a warm rebuild)
    reused: int = 0  # files taken from the cache unchanged
    seconds: float = 0.0


@dataclass(frozen=True)
class ImageStage:
    media: dict  # product slug -> ProductMedia
    files: tuple[tuple[str, str, bool], ...]  # (file in the cache, site path, link): what the write stage places
    errors: tuple[ContentError, ...]
    report: ImageReport
    drawn_folder: str = ""  # where the drawn files are: each named by what it holds (draw_key)


# ---------------------------------------------------------------- step 1: photos

@dataclass(frozen=True)
class PhotoStep:
    per_product: dict  # product slug -> [(Photo, key)]
    manifests: dict  # key -> {"width", "height", "decoded", "files": [[name, width, height, ext], ...]}
    made_now: int  # derivative files made this build
    opened: int
    errors: tuple[ContentError, ...]


def photo_step(catalog: Catalog, cache: Path, workers: int) -> PhotoStep:
    """Hash every photo (unchanged files by their stat), make the derivatives that are not cached."""
    photo_cache = cache / "photos"
    photo_cache.mkdir(parents=True, exist_ok=True)
    jobs: dict[str, PhotoJob] = {}
    per_product: dict[str, list[tuple[Photo, str]]] = {}
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
        folder = _folder(product)
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
    errors = [ContentError(f"{_folder(catalog.products[slug])}/{photo.file}", 0, failed[key])
              for slug, items in per_product.items() for photo, key in items if key in failed]
    if not errors and seen != known:
        write_atomic(index_file, json.dumps(seen, sort_keys=True).encode())
    made_now = sum(len(manifests[j.key]["files"]) for j in misses if j.key in manifests)
    return PhotoStep(per_product, manifests, made_now, opened, tuple(errors))


def _folder(product: Product) -> str:
    """The product's folder as messages show it: content/products/<province>/<slug>."""
    return product.path.rsplit("/", 1)[0]


# ---------------------------------------------------------------- step 2: drawings

@dataclass(frozen=True)
class DrawJob:
    kind: str  # a key of DRAWERS
    payload: object  # what the drawer needs (a frozen dataclass or a string)
    key: str  # hash of kind + payload + drawing version
    ext: str
    cache: Path
    cache_name: str  # key.ext: its file in the cache

    @property
    def cache_file(self) -> Path:
        return self.cache / self.cache_name


DRAWERS = {
    "card": share_cards.card_png,
    "qr-svg": qr.qr_svg,
    "qr-png": qr.qr_png,
}


@functools.lru_cache(maxsize=1)
def drawing_tools() -> str:
    """What else decides a drawing's bytes: the libraries that draw and encode it and the fonts. Part of every
    draw key, so a drawn file's name says what it holds: the write stage places a drawn file again only when
    its name changed, without a stat of each of the 60,000 (write.plan), and a Pillow or zlib upgrade (the
    share cards' compression: share_cards._CardEncoder) or raqm installed gives new names, never old pictures under a name they no longer match."""
    fonts = hashlib.sha256(b"".join(f.read_bytes() for f in sorted(share_cards.FONT_DIR.glob("*.ttf")))).hexdigest()
    return (f"Pillow {importlib.metadata.version('pillow')}, raqm {features.check('raqm')}, "
            f"segno {importlib.metadata.version('segno')}, zlib {zlib.ZLIB_RUNTIME_VERSION}, fonts {fonts[:16]}")


def draw_key(kind: str, payload: object) -> str:
    text = f"{share_cards.DRAWING_VERSION}\0{drawing_tools()}\0{kind}\0{payload!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def run_draw_job(job: DrawJob) -> int:
    write_atomic(job.cache_file, DRAWERS[job.kind](job.payload))
    return 1


def _job(kind: str, payload, ext: str, url: str, drawn_cache: Path) -> tuple[DrawJob, tuple[str, str, bool]]:
    """A drawing and where it goes: (job, (cached file, site path, link)), made once per product while serve
    reuses them (no string per file and build: 60,000 at 20,000 products)."""
    key = draw_key(kind, payload)
    job = DrawJob(kind, payload, key, ext, drawn_cache, f"{key}.{ext}")
    return job, (f"{drawn_cache}/{job.cache_name}", url, True)


def _product_jobs(catalog: Catalog, product: Product, drawn_cache: Path) -> tuple[tuple[DrawJob, tuple], ...]:
    """A product's share card and QR codes (SVG, PNG), each with its placement (_job)."""
    url, card = share_cards.product_card(catalog, product)
    target = catalog.site.base_url + product_url(product.slug)
    svg, png = qr_urls(product.slug)
    return (_job("card", card, "png", url, drawn_cache), _job("qr-svg", target, "svg", svg, drawn_cache),
            _job("qr-png", target, "png", png, drawn_cache))


def drawing_step(catalog: Catalog, drawn_cache: Path, workers: int,
                 reuse: Reuse) -> tuple[list[tuple[DrawJob, tuple]], int]:
    """Every drawn file as (job, placement) in drawn_cache (drawn_folder); draw those not there. Returns them
    and how many were drawn."""
    drawn_cache.mkdir(parents=True, exist_ok=True)
    placements: list[tuple[DrawJob, tuple]] = []

    site = (catalog.site.title, catalog.site.base_url, str(drawn_cache))
    for product in catalog.products.values():
        # a product's card and QR codes: last build's jobs (serve) while the product and its provinces are the
        # very same objects (the draw keys hash each card's whole text: 60,000 hashes per build)
        placements += reuse.get(("drawings", product.slug, *site), (
            product, catalog.provinces[product.province], catalog.provinces[product.province_now]),
            lambda: _product_jobs(catalog, product, drawn_cache))
    for url, card in share_cards.other_cards(catalog):  # provinces and plans: a few hundred
        placements.append(_job("card", card, "png", url, drawn_cache))
    in_cache = set(os.listdir(drawn_cache))  # one directory read instead of a stat per file
    unique: dict[str, DrawJob] = {}
    for job, _ in placements:
        if job.cache_name not in in_cache:
            unique.setdefault(job.key, job)
    drawn = sum(parallel.map_in_processes(run_draw_job, list(unique.values()), workers,
                                          min_items=PARALLEL_MIN_JOBS))
    return placements, drawn


def redrawn(catalog: Catalog, products: list[Product], cache_dir: Path) -> list[tuple[str, str, bool]]:
    """These products' share cards and QR codes, each drawn into the cache unless it is there, as (cached file,
    site path, link): for a build that makes only the pages of a few edited products (ocop/body_edits.py)."""
    drawn_cache = Path(drawn_folder(cache_dir))
    drawn_cache.mkdir(parents=True, exist_ok=True)
    jobs = [pair for product in products for pair in _product_jobs(catalog, product, drawn_cache)]
    for job, _ in jobs:
        if not job.cache_file.is_file():
            run_draw_job(job)
    return [placed for _, placed in jobs]


def drawn_folder(cache_dir: Path) -> str:
    """The folder of the drawn pictures (named by what they hold: write.plan's named_by_content), one per
    generation of the drawing code and tools (drawing_generation): no picture of another is ever used again."""
    return str(cache_dir / "images" / "drawn" / drawing_generation())


@functools.lru_cache(maxsize=1)
def drawing_generation() -> str:
    """DRAWING_VERSION and drawing_tools(), the part of every draw key that is the same for every picture."""
    return hashlib.sha256(f"{share_cards.DRAWING_VERSION}\0{drawing_tools()}".encode()).hexdigest()[:12]


def remove_other_generations(cache_dir: Path) -> None:
    """Remove the drawn pictures of other generations (drawn_folder), and those kept loose in the folder before
    there were generations: each new DRAWING_VERSION or Pillow, zlib or segno upgrade left ~60,000 files
    (~400 MB) at 20,000 products that no build would use again."""
    root = Path(drawn_folder(cache_dir)).parent
    current = drawing_generation()
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.name == current:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)


# ---------------------------------------------------------------- step 3: placement

def placements(catalog: Catalog, photos: PhotoStep, drawings: list[tuple[DrawJob, tuple]],
               cache: Path, reuse: Reuse) -> tuple[dict, list[tuple[str, str, bool]]]:
    """Each product's media, and every (cached file, site path, link) to place."""
    files = [placed for _job, placed in drawings]
    photo_cache = cache / "photos"
    media = {}
    for product in catalog.products.values():
        photo_files = tuple((key, tuple(map(tuple, photos.manifests[key]["files"])))
                            for _photo, key in photos.per_product.get(product.slug, ()))
        # last build's media object (serve) while the product and its photos' derivatives are the same: the
        # fingerprints then know the product's pictures by identity
        made, placed = reuse.get(("media", product.slug, photo_files, str(photo_cache)), (product,),
                                 lambda: _product_media(product, photos, photo_cache))
        # an edited record with the same pictures: still last build's very same object
        media[product.slug] = reuse.equal(("media of", product.slug), made)
        files += placed
    return media, files


def _product_media(product: Product, photos: PhotoStep, photo_cache: Path) -> tuple[ProductMedia, tuple]:
    """What the templates show of a product's pictures, and its photo files to place."""
    pictures, files = [], []
    for photo, key in photos.per_product.get(product.slug, ()):
        by_format: dict[str, list[Derivative]] = {"webp": [], "jpg": []}
        for name, width, height, ext in photos.manifests[key]["files"]:
            url = photo_url(product.slug, name)
            files.append((str(photo_cache / name), url, True))
            by_format[ext].append(Derivative(url, width, height))
        largest = by_format["jpg"][-1]
        pictures.append(Picture(photo.alt or product.name, photo.credit, largest.width, largest.height,
                                tuple(by_format["webp"]), tuple(by_format["jpg"])))
    return ProductMedia(tuple(pictures), *qr_urls(product.slug)), tuple(files)


# ---------------------------------------------------------------- the stage

def build_images(catalog: Catalog, cache_dir: Path, workers: int, reuse: Reuse | None = None) -> ImageStage:
    """Make every image file of the site in the cache; return what templates need, the files to place, the errors.
    reuse: what the last build in this process made of the very same products (serve)."""
    started = time.perf_counter()
    reuse = reuse or Reuse(keep=False)
    cache = cache_dir / "images"
    photos = photo_step(catalog, cache, workers)
    if photos.errors:
        return ImageStage({}, (), photos.errors, ImageReport(opened=photos.opened,
                                                             seconds=time.perf_counter() - started))
    drawings, drawn = drawing_step(catalog, Path(drawn_folder(cache_dir)), workers, reuse)
    remove_other_generations(cache_dir)  # a look at a folder of one entry, but after an upgrade
    media, files = placements(catalog, photos, drawings, cache, reuse)
    reuse.next_build()
    report = ImageReport(photos=sum(len(v) for v in photos.per_product.values()), opened=photos.opened,
                         drawn=drawn, reused=len(files) - drawn - photos.made_now,
                         seconds=time.perf_counter() - started)
    log.info("images: %d photos (%d opened), %d drawn, %d reused from the cache in %.2fs",
             report.photos, report.opened, report.drawn, report.reused, report.seconds)
    return ImageStage(media, tuple(files), (), report, drawn_folder(cache_dir))
