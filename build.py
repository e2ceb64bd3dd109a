#!/usr/bin/env python3
"""OCOP catalog & plans — command line.

    python build.py [build]     build content/ into site/ (the default)
    python build.py check       validate content/ and report every mistake
    python build.py serve       build, serve site/ on http://127.0.0.1:8000/, rebuild on save
    python build.py new product|rating|plan   write a new, commented record (asks for the facts)

Common options: --date YYYY-MM-DD (the build date; default today), --content DIR,
--out DIR, --workers N, --no-search (skip the Pagefind index).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ocop import ledger
from ocop.build import build, check
from ocop.config import PROJECT_DIR, Config
from ocop.dates import parse_build_date
from ocop.errors import BuildFailed, ContentError


def github_annotation(error: ContentError) -> str:
    """One error as a GitHub Actions workflow command: an annotation on that file and line."""
    def escape(text: str, chars: str) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if ":" in chars else text
    where = f"file={escape(error.path, ':,')}" + (f",line={error.line}" if error.line > 0 else "")
    return f"::error {where}::{escape(error.message, '')}"


def error_report(failure: BuildFailed, fmt: str) -> str:
    if fmt == "github":
        return "\n".join([github_annotation(e) for e in failure.errors] + [failure.report()])
    return failure.report()


def make_config(args: argparse.Namespace) -> Config:
    content = Path(args.content).resolve() if args.content else PROJECT_DIR / "content"
    out = Path(args.out).resolve() if args.out else content.parent / "site"
    overrides = {}
    if args.workers:
        overrides["workers"] = args.workers
    if args.no_search:
        overrides["search_index"] = False
    if args.no_cache:
        overrides["cache_dir"] = None
    return Config(content_dir=content, site_dir=out, build_date=parse_build_date(args.date), **overrides)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the OCOP catalog & plans site.")
    parser.add_argument("command", nargs="?", default="build", choices=["build", "check", "serve", "new"])
    parser.add_argument("kind", nargs="?", choices=["product", "rating", "plan"], help="for new: what to write")
    parser.add_argument("--date", help="build date YYYY-MM-DD (default: today); "
                        "for new: the decision or issue date (2022, 2022-08 or 2022-08-22)")
    parser.add_argument("--content", help="content folder (default: ./content)")
    parser.add_argument("--out", help="output folder (default: site/ beside the content folder)")
    parser.add_argument("--workers", type=int, help="render processes (default: number of cores)")
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the Markdown cache")
    parser.add_argument("--port", type=int, default=8000, help="port for serve (default 8000; 0 picks a free one)")
    parser.add_argument("--format", choices=["text", "github"], default="text",
                        help="how to print content errors: text (path:line: message) or github "
                             "(also ::error annotations for GitHub Actions)")
    new = parser.add_argument_group("new", "facts for `new` (anything missing is asked for)")
    for option, what in (("--name", "product name"), ("--province", "province slug or name"),
                         ("--slug", "file name (default: from the name or number)"), ("--producer", "producer name"),
                         ("--producer-kind", "doanh nghiệp, hợp tác xã, tổ hợp tác or hộ sản xuất"),
                         ("--group", "product group"), ("--locality", "district/commune as published"),
                         ("--number", "decision or plan number, e.g. 1693/QĐ-UBND"),
                         ("--level", "tỉnh, trung ương or huyện"), ("--issuer", "issuing body"),
                         ("--title", "plan title"), ("--period", "plan period: 2022 or 2021-2025"),
                         ("--source-url", "address of the source"), ("--source-title", "title of the source"),
                         ("--publisher", "who published the source")):
        new.add_argument(option, help=what)
    new.add_argument("--product", action="append", help="rating entry: product slug (repeat for more)")
    new.add_argument("--stars", action="append", help="rating entry: stars 1-5 (one for all, or one per --product)")
    new.add_argument("--photos", action="store_true", help="product: make a folder <slug>/index.md for photos")
    new.add_argument("--no-input", action="store_true", help="never ask; fail when a required fact is missing")
    args = parser.parse_args(argv)
    if args.command == "new":
        return new_record(args)
    if args.kind:
        parser.error(f"'{args.kind}' only goes with new: python build.py new {args.kind}")
    config = make_config(args)
    try:
        if args.command == "check":
            catalog = check(config)
            print(f"OK: {len(catalog.products)} sản phẩm, {len(catalog.decisions)} quyết định, "
                  f"{len(catalog.plans)} kế hoạch, {len(catalog.provinces)} tỉnh/thành — không có lỗi.")
            return 0
        if args.command == "serve":
            from ocop.serve import serve
            return serve(config, args.port)
        report = build(config)
        # only here (and so in CI): check and serve never write into content/
        ledger.record_new_urls(config.content_dir, config.project_dir, report.new_urls)
        ledger_note = (f"; {len(report.new_urls)} new URLs recorded in {ledger.LEDGER_FILE}, commit it"
                       if report.new_urls else "")
        print(f"Built {report.summary()[:-1]}{ledger_note}) into {config.site_dir}")
        print(f"Open {config.site_dir / 'index.html'} in a browser, or run: python build.py serve")
        return 0
    except BuildFailed as failure:
        print(error_report(failure, args.format), file=sys.stdout if args.format == "github" else sys.stderr)
        return 1


def new_record(args: argparse.Namespace) -> int:
    """`python build.py new product|rating|plan` (ocop/scaffold.py)."""
    from ocop.scaffold import ScaffoldError, input_asker, scaffold
    if not args.kind:
        print("Viết: python build.py new product (hoặc rating, plan)", file=sys.stderr)
        return 2
    content = Path(args.content).resolve() if args.content else PROJECT_DIR / "content"
    try:
        written = scaffold(args.kind, vars(args), input_asker(not args.no_input), content, content.parent)
    except ScaffoldError as problem:
        print(f"Chưa tạo được: {problem}", file=sys.stderr)
        return 1
    print(f"Đã tạo {written.shown}" + (f" (trang {written.url})" if written.url else ""))
    print("Mở tệp, đọc các dòng chú thích (#) và bổ sung; rồi chạy: python build.py check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
