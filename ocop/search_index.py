"""Stage 7 — index: Pagefind over the staged site, with its CLI (never one page at a time).

What gets indexed is decided in the templates (docs/search.md):
- only routes with `searchable=True` (products, provinces' first pages, plans) put
  `data-pagefind-body` on their <main>; Pagefind then ignores every other page
  (listings, aliases, the 404 page, the search page);
- templates/search_data.html adds, hidden on those pages, the filters, sort keys, result
  metadata and a copy of the names folded to ASCII (Pagefind folds tone marks, not đ/Đ).

The index is written to <site>/pagefind/ and loaded by assets/search.js.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
_COUNT = re.compile(r"Indexed (\d+) (pages?|words?|filters?|sorts?)")


@dataclass(frozen=True)
class IndexReport:
    pages: int
    words: int
    filters: int
    sorts: int


def pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    """The Pagefind CLI (from the `pagefind[bin]` package) over the whole folder at once."""
    where = ["--output-path", str(output)] if output else ["--output-subdir", OUTPUT_SUBDIR]
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), *where]


def parse_report(output: str) -> IndexReport:
    counts = {"page": 0, "word": 0, "filter": 0, "sort": 0}
    for number, noun in _COUNT.findall(output):
        counts[noun.rstrip("s")] = int(number)
    return IndexReport(counts["page"], counts["word"], counts["filter"], counts["sort"])


def index_site(site_dir: Path, output: Path | None = None) -> IndexReport:
    """Index site_dir with Pagefind into site_dir/pagefind (or output); raise RuntimeError when it fails."""
    result = subprocess.run(pagefind_command(site_dir, output), capture_output=True, text=True)
    text = f"{result.stdout}\n{result.stderr}"
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed (exit {result.returncode}):\n{text.strip()}")
    if not ((output or site_dir / OUTPUT_SUBDIR) / "pagefind.js").is_file():
        raise RuntimeError(f"Pagefind wrote no pagefind.js for {site_dir}:\n{text.strip()}")
    return parse_report(text)


def reindex(site_dir: Path) -> IndexReport:
    """Index the published folder again: the new index is written beside it, then swapped in."""
    fresh = site_dir.parent / f".{site_dir.name}-pagefind-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        report = index_site(site_dir, fresh)
        old = site_dir / OUTPUT_SUBDIR
        retired = site_dir.parent / f".{site_dir.name}-pagefind-old-{os.getpid()}"
        if old.exists():
            old.rename(retired)
        fresh.rename(old)
        shutil.rmtree(retired, ignore_errors=True)
        return report
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def remove_index(site_dir: Path) -> None:
    """A build without search leaves no index behind (as a full build into a fresh folder would)."""
    shutil.rmtree(site_dir / OUTPUT_SUBDIR, ignore_errors=True)
