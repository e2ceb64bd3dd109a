#!/usr/bin/env python3
"""OCOP catalog & plans — command line.

    python build.py [build]     build content/ into site/ (the default)
    python build.py check       validate content/ and report every mistake
    python build.py serve       build, then serve site/ on http://127.0.0.1:8000/

Common options: --date YYYY-MM-DD (the build date; default today), --content DIR,
--out DIR, --workers N, --no-search (skip the Pagefind index).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ocop.build import build, check
from ocop.config import PROJECT_DIR, Config
from ocop.dates import parse_build_date
from ocop.errors import BuildFailed


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
    parser.add_argument("command", nargs="?", default="build", choices=["build", "check", "serve"])
    parser.add_argument("--date", help="build date YYYY-MM-DD (default: today)")
    parser.add_argument("--content", help="content folder (default: ./content)")
    parser.add_argument("--out", help="output folder (default: site/ beside the content folder)")
    parser.add_argument("--workers", type=int, help="render processes (default: number of cores)")
    parser.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the Markdown cache")
    parser.add_argument("--port", type=int, default=8000, help="port for serve (default 8000)")
    args = parser.parse_args(argv)
    config = make_config(args)
    try:
        if args.command == "check":
            catalog = check(config)
            print(f"OK: {len(catalog.products)} sản phẩm, {len(catalog.decisions)} quyết định, "
                  f"{len(catalog.plans)} kế hoạch, {len(catalog.provinces)} tỉnh/thành — không có lỗi.")
            return 0
        report = build(config)
        print(f"Built {report.summary()} into {config.site_dir}")
        print(f"Open {config.site_dir / 'index.html'} in a browser, or run: python build.py serve")
        if args.command == "serve":
            from ocop.serve import serve
            serve(config, args.port)
        return 0
    except BuildFailed as failure:
        print(failure.report(), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
