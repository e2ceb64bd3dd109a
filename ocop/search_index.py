"""Stage 9 — index: Pagefind over the built site, with its CLI (never one page at a time), shard by shard.

What gets indexed is decided in the templates (docs/search.md):
- only routes with `searchable=True` (products, provinces' first pages, plans) put
  `data-pagefind-body` on their <main>; Pagefind then ignores every other page
  (listings, aliases, the 404 page, the search page);
- templates/search_data.html adds, hidden on those pages, the filters, sort keys, result
  metadata and a copy of the names folded to ASCII (Pagefind folds tone marks, not đ/Đ).

The index is written to <site>/pagefind/ (and, for a large catalog, <site>/pagefind-2/…: see
search_shards.py) and loaded by assets/search.js.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .search_shards import Shard
from .urls import is_search_bundle

OUTPUT_SUBDIR = "pagefind"
_COUNT = re.compile(r"Indexed (\d+) (pages?|words?|filters?|sorts?)")


@dataclass(frozen=True)
class IndexReport:
    pages: int
    words: int
    filters: int
    sorts: int


def pagefind_command(site_dir: Path, output: Path | None = None, glob: str | None = None) -> list[str]:
    """The Pagefind CLI (from the `pagefind[bin]` package) over the folder at once (or the files of glob)."""
    where = ["--output-path", str(output)] if output else ["--output-subdir", OUTPUT_SUBDIR]
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), *where, *(["--glob", glob] if glob else [])]


def parse_report(output: str) -> IndexReport:
    counts = {"page": 0, "word": 0, "filter": 0, "sort": 0}
    for number, noun in _COUNT.findall(output):
        counts[noun.rstrip("s")] = int(number)
    return IndexReport(counts["page"], counts["word"], counts["filter"], counts["sort"])


def index_site(site_dir: Path, output: Path | None = None, glob: str | None = None) -> IndexReport:
    """Index site_dir (or its files matching glob) with Pagefind into site_dir/pagefind (or output);
    raise RuntimeError when it fails."""
    result = subprocess.run(pagefind_command(site_dir, output, glob), capture_output=True, text=True)
    text = f"{result.stdout}\n{result.stderr}"
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed (exit {result.returncode}):\n{text.strip()}")
    if not ((output or site_dir / OUTPUT_SUBDIR) / "pagefind.js").is_file():
        raise RuntimeError(f"Pagefind wrote no pagefind.js for {site_dir}:\n{text.strip()}")
    return parse_report(text)


def index_shards(site_dir: Path, shards: tuple[Shard, ...], numbers: set[int] | None = None,
                 swap: bool = False) -> list[IndexReport]:
    """Index the given shards (all when numbers is None) of site_dir, each with its own Pagefind run.

    swap=False writes each bundle straight into site_dir (a staging folder). swap=True (the published
    folder) writes each bundle beside it first, then swaps it in: the site stays searchable meanwhile.
    Bundles of shards that no longer exist are removed.
    """
    reports = []
    spare = site_dir.parent / f".{site_dir.name}-index-{os.getpid()}"
    try:
        for shard in shards:
            if numbers is not None and shard.number not in numbers:
                continue
            target = site_dir / shard.folder
            if not swap:
                reports.append(index_site(site_dir, target, shard.glob))
                continue
            shutil.rmtree(spare, ignore_errors=True)
            spare.mkdir(parents=True)
            reports.append(index_site(site_dir, spare / "new", shard.glob))
            if target.exists():
                target.rename(spare / "old")
            (spare / "new").rename(target)
    finally:
        shutil.rmtree(spare, ignore_errors=True)
    wanted = {shard.folder for shard in shards}
    for folder in site_dir.iterdir() if site_dir.is_dir() else ():
        if is_search_bundle(folder.name) and folder.name not in wanted:
            shutil.rmtree(folder, ignore_errors=True)
    return reports


def remove_index(site_dir: Path) -> None:
    """A build without search leaves no index behind (as a full build into a fresh folder would)."""
    for folder in site_dir.iterdir() if site_dir.is_dir() else ():
        if is_search_bundle(folder.name):
            shutil.rmtree(folder, ignore_errors=True)
