"""Benchmark of the image stage: time per photo, then a build of N products with one 12 MP photo each;
or (--drawings N) a product's drawn pictures (share card, QR SVG, QR PNG), one after another in one process.

    python bench/images.py --photos 2000 --out /tmp/ocop-images-bench
    python bench/images.py --drawings 600 --out /tmp/ocop-drawings-bench

Figures are in docs/images.md. Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:  # `python bench/images.py` runs with bench/ first on sys.path
    sys.path.insert(0, str(PROJECT_DIR))

from PIL import Image  # noqa: E402

from bench.synthetic import write_content  # noqa: E402
from ocop import images, qr  # noqa: E402
from ocop.build import build, checked  # noqa: E402
from ocop.config import Config  # noqa: E402
from ocop.photos import WIDTHS, PhotoJob, photo_key, process_photo  # noqa: E402


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


def drawings(products: int, root: Path, repeat: int = 3) -> dict[str, float]:
    """Milliseconds per product of each kind of drawing (images.DRAWERS), the median of `repeat` passes over the
    jobs of `products` synthetic products, drawn one after another in this process into a scratch folder (what
    one image worker does at a cold build, without the fork)."""
    content = write_content(root, products=products)
    config = Config(content_dir=content, site_dir=root / "site", build_date=dt.date(2026, 12, 2),
                    cache_dir=root / ".cache", search_index=False)
    catalog = checked(config).catalog
    jobs = [job for product in catalog.products.values()
            for job, _ in images._product_jobs(catalog, product, root / "drawn")]
    (root / "drawn").mkdir(parents=True, exist_ok=True)
    images.run_draw_job(jobs[0])  # fonts opened, recurring parts drawn: not part of any product's time
    passes: dict[str, list[float]] = {kind: [] for kind in images.DRAWERS}
    for _ in range(repeat):
        qr._code.cache_clear()  # a build encodes each address once (for its SVG, then its PNG): so does each pass
        spent = dict.fromkeys(images.DRAWERS, 0.0)
        for job in jobs:
            start = time.perf_counter()
            images.run_draw_job(job)
            spent[job.kind] += time.perf_counter() - start
        for kind, seconds in spent.items():
            passes[kind].append(seconds * 1000 / products)
    medians = {kind: sorted(values)[len(values) // 2] for kind, values in passes.items()}
    for kind, values in passes.items():
        print(f"{kind}: {medians[kind]:.2f} ms per product (passes {', '.join(f'{v:.2f}' for v in values)})")
    print(f"all: {sum(medians.values()):.2f} ms per product, {products} products, one process")
    return medians


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Benchmark the image stage.")
    parser.add_argument("--photos", type=int, default=2000)
    parser.add_argument("--drawings", type=int, metavar="N",
                        help="only time the drawings (share card, QR codes) of N products, in one process")
    parser.add_argument("--out", required=True, help="scratch folder (will hold content, site and cache)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.drawings:
        drawings(args.drawings, Path(args.out).resolve())
    else:
        bench(args.photos, Path(args.out).resolve(), args.workers)
