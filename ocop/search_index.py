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

import re
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


def pagefind_command(site_dir: Path) -> list[str]:
    """The Pagefind CLI (from the `pagefind[bin]` package) over the whole folder at once."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR]


def parse_report(output: str) -> IndexReport:
    counts = {"page": 0, "word": 0, "filter": 0, "sort": 0}
    for number, noun in _COUNT.findall(output):
        counts[noun.rstrip("s")] = int(number)
    return IndexReport(counts["page"], counts["word"], counts["filter"], counts["sort"])


def index_site(site_dir: Path) -> IndexReport:
    """Index site_dir with Pagefind; raise RuntimeError with Pagefind's output when it fails."""
    result = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    output = f"{result.stdout}\n{result.stderr}"
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed (exit {result.returncode}):\n{output.strip()}")
    if not (site_dir / OUTPUT_SUBDIR / "pagefind.js").is_file():
        raise RuntimeError(f"Pagefind wrote no {OUTPUT_SUBDIR}/pagefind.js into {site_dir}:\n{output.strip()}")
    return parse_report(output)
