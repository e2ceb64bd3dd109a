#!/usr/bin/env python3
"""Benchmark of `python build.py import`: one 1,000-row annex, then 20 annexes in a row.

    python bench/import.py [--rows 1000] [--annexes 20] [--annex-rows 50] [--products N] [--keep DIR]

Into a copy of the bundled content/ (or, with --products N, bench/synthetic.py's N products),
in a temporary folder, never content/ itself, each
import run the way an editor runs it: `python build.py import FILE ...` in a fresh process,
wall time from start to exit. The annexes are generated .xlsx files shaped like real ones
(title rows, a merged two-row header, district sections, stars as "3 sao", "★★★★" or digits,
decimal-comma scores, a total row), with invented names (bench/synthetic.py's vocabulary).

1. One annex of --rows rows for Vĩnh Long: --dry-run, the import, the same import again
   (nothing changes), then `python build.py check` on the result.
2. --annexes annexes of --annex-rows rows, one after the other, over five current provinces,
   dated a month apart: from the sixth on, half the rows of each re-recognise products an
   earlier annex of the same province brought in (same name and producer). Then `check`.

A benchmark, not a test: it prints the figures (see bench/README.md).
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from bench.synthetic import FAMILY_NAMES, MIDDLE_NAMES, PRODUCT_KINDS, SYLLABLES  # noqa: E402
from bench.synthetic import write_content as write_synthetic  # noqa: E402

PROVINCES = ("vinh-long", "thai-nguyen", "phu-tho", "lam-dong", "ha-noi")
DISTRICTS = ("Huyện Đức Linh", "Huyện Na Rì", "Thị xã Bình Minh", "Huyện Càng Long", "Thành phố Mẫu Sơn",
             "Huyện Chợ Đồn", "Huyện Tánh Linh", "Huyện Ba Bể")
LEGAL_FORMS = ("Hợp tác xã", "HTX", "Công ty TNHH", "Công ty cổ phần", "Hộ kinh doanh", "Tổ hợp tác", "Cơ sở")
STARS = ((3, (50, 69.99)), (4, (70, 89.99)), (5, (90, 99)))


def make_rows(count: int, rng: random.Random, seen: set[str]) -> list[tuple[str, str, str, int, float]]:
    """(name, producer, address, stars, score) for `count` products with names not in `seen`."""
    rows = []
    while len(rows) < count:
        kind, _ = rng.choice(PRODUCT_KINDS)
        brand = " ".join(rng.sample(SYLLABLES, 2))
        name = f"{kind} {brand} Mẫu"  # "Mẫu": never the name of a synthetic product
        if name in seen:
            continue
        seen.add(name)
        form = rng.choice(LEGAL_FORMS)
        owner = (f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(SYLLABLES)}"
                 if form == "Hộ kinh doanh" else " ".join(rng.sample(SYLLABLES, 2)))
        stars, (low, high) = rng.choices(STARS, weights=(70, 27, 3))[0]
        rows.append((name, f"{form} {owner}", f"xã {rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}", stars,
                     round(rng.uniform(low, high), 2)))
    return rows


def write_annex(path: Path, number: str, rows: list[tuple[str, str, str, int, float]], rng: random.Random) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet.append(["DANH SÁCH SẢN PHẨM ĐƯỢC CÔNG NHẬN ĐẠT CHUẨN OCOP (DỮ LIỆU MẪU)"])
    sheet.append([f"(Kèm theo Quyết định số {number})"])
    sheet.append(["STT", "Tên sản phẩm", "Chủ thể OCOP", "Địa chỉ", "Kết quả đánh giá", None, "Ghi chú"])
    sheet.append([None, None, None, None, "Tổng điểm", "Hạng sao", None])
    for first, last in ((1, 1), (2, 2)):
        sheet.merge_cells(start_row=first, start_column=1, end_row=last, end_column=7)
    for column in (1, 2, 3, 4, 7):
        sheet.merge_cells(start_row=3, start_column=column, end_row=4, end_column=column)
    sheet.merge_cells(start_row=3, start_column=5, end_row=3, end_column=6)
    section = 0
    for index, (name, producer, address, stars, score) in enumerate(rows, 1):
        if index % 25 == 1:
            section += 1
            sheet.append(["IVX"[section % 3] * (1 + section // 3 % 2), DISTRICTS[section % len(DISTRICTS)]])
        shown_stars = rng.choice((f"{stars} sao", "★" * stars, stars))
        shown_score = f"{score:.2f}".replace(".", ",")
        sheet.append([index, name, producer, address, shown_score, shown_stars, None])
    sheet.append([f"Tổng cộng: {len(rows)} sản phẩm"])
    book.save(path)


def run(content: Path, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), *args, "--content", str(content)],
                            capture_output=True, text=True, encoding="utf-8")
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(args)}\n{result.stdout}{result.stderr}")
    return seconds, result


def copy_content(root: Path, products: int | None) -> None:
    if products:
        write_synthetic(root, products=products)
    else:
        shutil.copytree(PROJECT_DIR / "content", root / "content")


def decision(province: str, date: str, number: str) -> list[str]:
    return ["--province", province, "--date", date, "--number", number, "--level", "tỉnh",
            "--source-url", f"https://example.com/{province}/{number.split('/')[0]}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--annexes", type=int, default=20)
    parser.add_argument("--annex-rows", type=int, default=50)
    parser.add_argument("--products", type=int, help="import into N synthetic products instead of the bundled "
                        "content")
    parser.add_argument("--keep", type=Path, help="work here (kept) instead of a temporary folder")
    args = parser.parse_args()
    rng = random.Random(2026)
    work = args.keep or Path(tempfile.mkdtemp(prefix="ocop-import-bench-"))
    try:
        seen: set[str] = set()
        # ------------------------------------------------ one big annex
        root = work / "big"
        copy_content(root, args.products)
        before = len(list((root / "content/products").rglob("*.md")))
        annex = work / f"phu-luc-{args.rows}.xlsx"
        started = time.perf_counter()
        write_annex(annex, "1000/QĐ-UBND", make_rows(args.rows, rng, seen), rng)
        print(f"{args.rows}-row annex written in {time.perf_counter() - started:.2f} s ({annex.stat().st_size:,} bytes); "
              f"{'synthetic' if args.products else 'bundled'} content: {before} products")
        what = decision("vinh-long", "2025-08-15", "1000/QĐ-UBND")
        dry, _ = run(root / "content", "import", str(annex), *what, "--dry-run")
        first, result = run(root / "content", "import", str(annex), *what)
        again, result_again = run(root / "content", "import", str(annex), *what)
        check, _ = run(root / "content", "check")
        after = len(list((root / "content/products").rglob("*.md")))
        assert after == before + args.rows, (before, after)
        assert result_again.stdout.startswith("Không có gì thay đổi"), result_again.stdout
        print(f"  --dry-run {dry:.2f} s | import {first:.2f} s ({after - before} new products, 1 decision) | "
              f"same annex again {again:.2f} s (nothing changed) | check afterwards {check:.2f} s")

        # ------------------------------------------------ annexes in a row
        root = work / "series"
        copy_content(root, args.products)
        before = len(list((root / "content/products").rglob("*.md")))
        earlier: dict[str, list] = {p: [] for p in PROVINCES}
        times, entries, recognised_again = [], 0, 0
        for index in range(args.annexes):
            province = PROVINCES[index % len(PROVINCES)]
            again_count = min(args.annex_rows // 2, len(earlier[province])) if index >= len(PROVINCES) else 0
            rows = []
            for name, producer, address, stars, _ in rng.sample(earlier[province], again_count):
                stars = min(5, stars + (rng.random() < 0.3))  # re-rated: the same or one star more
                rows.append((name, producer, address, stars, round(rng.uniform(*dict(STARS)[stars]), 2)))
            new = make_rows(args.annex_rows - again_count, rng, seen)
            earlier[province] += new
            annex = work / f"phu-luc-{index + 1:02d}.xlsx"
            write_annex(annex, f"{index + 1}/QĐ-UBND", rows + new, rng)
            month = 8 + index
            date = f"{2025 + (month - 1) // 12}-{(month - 1) % 12 + 1:02d}-10"
            seconds, result = run(root / "content", "import", str(annex),
                                  *decision(province, date, f"{index + 1}/QĐ-UBND"))
            times.append(seconds)
            entries += len(rows) + len(new)
            recognised_again += again_count
            assert f"{again_count} sản phẩm đã có được công nhận lại" in result.stdout or again_count == 0, result.stdout
        check, _ = run(root / "content", "check")
        after = len(list((root / "content/products").rglob("*.md")))
        print(f"{args.annexes} annexes of {args.annex_rows} rows in a row: {sum(times):.2f} s in all, per annex "
              f"median {statistics.median(times):.2f} s, first {times[0]:.2f} s, last {times[-1]:.2f} s; "
              f"{entries} entries, {after - before} new products, {recognised_again} re-recognitions; "
              f"check afterwards {check:.2f} s")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
