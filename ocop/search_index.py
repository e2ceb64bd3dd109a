"""Stage 9 — index: Pagefind over the built site, with its CLI (never one page at a time), shard by shard.

What gets indexed is decided in the templates (docs/search.md):
- only routes with `searchable=True` (products, provinces' first pages, plans) put
  `data-pagefind-body` on their <main>; Pagefind then ignores every other page
  (listings, aliases, the 404 page, the search page);
- templates/search_data.html adds, hidden on those pages, the filters, sort keys, result
  metadata and a copy of the names folded to ASCII (Pagefind folds tone marks, not đ/Đ).

The index has two tiers (search_shards.py). The full-text bundles (<site>/pagefind-toan-van/…)
index the pages themselves. The names bundles (<site>/pagefind/…) index *search records*:
for each searchable page, the part of it between `<!--search-record-->` and
`<!--/search-record-->` (templates/search_data.html: the title, the weighted names, filters,
sort keys, metadata) in a small HTML file at the same path under a records folder kept in
.cache/, so each result's URL is the page's. An incremental build copies out only the records
of the pages it changed and re-indexes only the shards whose records or indexed text changed.
assets/search.js loads the names first and the full text when asked for.

A page's *indexed text* is the page without its regions between `<!--not-indexed-->` and
`<!--/not-indexed-->`: parts inside a data-pagefind-ignore element that Pagefind reads nothing
from (a province's product cards, the products a plan counts). Its digest is kept with the
records, so a producer renamed re-indexes the pages that show the name to search, not every
page that lists the product (tests/test_search_shards.py checks the markers' places).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import search_vocabulary, urls
from .search_shards import Shard
from .write import Placer, site_key

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


# ---------------------------------------------------------------- search records (the names index's pages)

RECORD_START, RECORD_END = "<!--search-record-->", "<!--/search-record-->"
RECORD_PAGE = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title></title></head>'
               "<body><main data-pagefind-body>{}</main></body></html>\n")


RECORDS_VERSION = "records-2"  # change it with RECORD_PAGE, search_record() or indexed_digest(): made anew
NOT_INDEXED_START, NOT_INDEXED_END = "<!--not-indexed-->", "<!--/not-indexed-->"
DIGESTS_FILE = "indexed-text.json"  # in the records folder: {output: digest of its indexed text}


@dataclass(frozen=True)
class RecordChanges:
    """What changed for the index among the pages a build looked at."""
    records: set[str]  # outputs whose search record appeared, changed or went away: their names shard
    indexed: set[str]  # outputs whose indexed text appeared, changed or went away: their full-text shard


def records_folder(cache_dir: Path, site_dir: Path) -> Path:
    """Where the search records of the site folder site_dir are kept between builds."""
    return cache_dir / "search-records" / site_key(site_dir)


def pages_folder(cache_dir: Path, site_dir: Path) -> Path:
    """Where the full-text shards' pages are kept between builds for Pagefind to read (_shard_pages): one folder
    per shard, of hard links to site_dir's pages."""
    return cache_dir / "search-pages" / site_key(site_dir)


def records_valid(folder: Path) -> bool:
    """Whether the folder holds the records of the index now in site/: its marker is there, of this version.

    The marker is taken away before the records change (forget_records) and put back only once the
    build has succeeded and recorded itself (keep_records), so records left by a build that failed
    halfway, or by one without the index, are made anew.
    """
    try:
        return (folder / ".complete").read_text(encoding="utf-8") == RECORDS_VERSION
    except OSError:
        return False


def forget_records(folder: Path) -> None:
    (folder / ".complete").unlink(missing_ok=True)


def keep_records(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".complete").write_text(RECORDS_VERSION, encoding="utf-8")


def search_record(page: str) -> str | None:
    """The small page the names index reads for one built page: its search-record part, or None."""
    start = page.find(RECORD_START)
    end = page.find(RECORD_END, start)
    if start < 0 or end < 0:
        return None
    return RECORD_PAGE.format(page[start + len(RECORD_START):end])


def indexed_digest(page: str) -> str:
    """The digest of what the full-text index may read of a page: all of it but its not-indexed regions."""
    digest = hashlib.blake2b(digest_size=16)
    start = 0
    while (cut := page.find(NOT_INDEXED_START, start)) >= 0:
        digest.update(page[start:cut].encode("utf-8"))
        end = page.find(NOT_INDEXED_END, cut)
        if end < 0:
            raise ValueError(f"{NOT_INDEXED_START} without its {NOT_INDEXED_END}")
        start = end + len(NOT_INDEXED_END)
    digest.update(page[start:].encode("utf-8"))
    return digest.hexdigest()


def remake_records(site_dir: Path, records: Path, searchable) -> RecordChanges:
    """Make the records folder anew from the searchable pages of site_dir; every one of them has changed."""
    forget_records(records)
    shutil.rmtree(records, ignore_errors=True)
    records.mkdir(parents=True)
    return update_records(site_dir, records, searchable, set(searchable))


def update_records(site_dir: Path, records: Path, outputs, searchable: set[str]) -> RecordChanges:
    """Bring the records and the indexed-text digests of these output files up to date with site_dir; return
    what changed. An output that is no longer a searchable page (removed, now an alias of a renamed product, a
    province's further page) has neither."""
    changes = RecordChanges(set(), set())
    made_folders: set[Path] = set()
    digests_file = records / DIGESTS_FILE
    digests = json.loads(digests_file.read_text(encoding="utf-8")) if digests_file.is_file() else {}
    digests_before = dict(digests)
    for output in outputs:
        source, target = site_dir / output, records / output
        page = source.read_text(encoding="utf-8") if output in searchable and source.is_file() else None
        digest = indexed_digest(page) if page is not None else None
        if digests.get(output) != digest:
            changes.indexed.add(output)
            if digest is None:
                del digests[output]
            else:
                digests[output] = digest
        record = search_record(page) if page is not None else None
        old = target.read_text(encoding="utf-8") if target.is_file() else None
        if record == old:
            continue
        changes.records.add(output)
        if record is None:
            target.unlink(missing_ok=True)
            continue
        if target.parent not in made_folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            made_folders.add(target.parent)
        target.write_text(record, encoding="utf-8")
    if digests != digests_before:
        digests_file.write_text(json.dumps(digests, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    return changes


# ---------------------------------------------------------------- Pagefind runs

def recorded_layout(shards: tuple[Shard, ...]) -> list[list[str]]:
    """What the index in site/ is made of, kept in the site's record (write.SiteRecord): each shard's folder
    and globs, and the vocabulary page's digest. An index made with another layout is made again, every bundle."""
    return [["vocabulary", VOCABULARY_DIGEST], *([s.folder, *s.globs] for s in shards)]


def index_shards(site_dir: Path, shards: tuple[Shard, ...], records: Path, pages: Path, searchable,
                 folders: set[str] | None = None, swap: bool = False,
                 replaced: list[Path] | None = None) -> list[IndexReport]:
    """Index the given shards (all when folders is None), each with its own Pagefind run, one after the
    other (Pagefind uses more than one core itself, and two runs at once would add up their memory):
    full-text shards over the pages of site_dir (of the outputs in `searchable`), linked into `pages`
    (pages_folder), names shards over the search records in `records`; each with the vocabulary page
    (search_vocabulary.py).

    swap=False writes each bundle straight into site_dir (a staging folder). swap=True (the published
    folder) writes each new bundle beside it, then swaps it in as soon as it is made, the names bundles
    first (search_shards.both_tiers): the site stays searchable meanwhile, and a renamed product is found
    by its new name before the full-text bundles are done (~5 s of the ~12 s after a producer's name
    edit at 20,000 products). Bundles of shards that no longer exist are removed.

    replaced: when given, the scratch folder holding the bundles swapped out is appended to it instead of
    removed here, once every run succeeded: the caller removes it after it has said the index is up to date
    (serve: 0.4-1.0 s of an edit's index at 20,000 products, ~9,000 files).
    """
    chosen = [shard for shard in shards if folders is None or shard.folder in folders]
    spare = site_dir.parent / f".{site_dir.name}-index-{os.getpid()}"
    _remove_orphaned_spares(site_dir)

    def run(shard: Shard) -> IndexReport:
        output = (spare if swap else site_dir) / shard.folder
        if shard.full_text:
            report = index_site(_shard_pages(site_dir, shard, searchable, pages / shard.folder), output)
        else:
            report = index_site(records, output, _with_vocabulary(shard))
        return dataclasses.replace(report, pages=report.pages - 1)  # the vocabulary page is none of the site's

    try:
        shutil.rmtree(spare, ignore_errors=True)
        spare.mkdir(parents=True)
        write_vocabulary(records)  # the names shards' (the full-text shards' scratch folders get their own)
        reports = []
        for shard in chosen:
            reports.append(run(shard))
            if swap:
                target = site_dir / shard.folder
                if target.exists():
                    target.rename(spare / f"{shard.folder}.old")
                (spare / shard.folder).rename(target)
    except BaseException:
        shutil.rmtree(spare, ignore_errors=True)
        raise
    if replaced is None:
        shutil.rmtree(spare, ignore_errors=True)
    else:
        replaced.append(spare)
    wanted = {shard.folder for shard in shards}
    for folder in site_dir.iterdir() if site_dir.is_dir() else ():
        if urls.is_search_bundle(folder.name) and folder.name not in wanted:
            shutil.rmtree(folder, ignore_errors=True)
    for folder in pages.iterdir() if pages.is_dir() else ():
        if folder.name not in wanted:
            shutil.rmtree(folder, ignore_errors=True)
    return reports


def _remove_orphaned_spares(site_dir: Path) -> None:
    """Remove the scratch folders of index runs whose process is gone (a serve killed while indexing left its
    `.site-index-PID` beside site/: at 20,000 products ~9,000 files of bundles swapped out)."""
    prefix = f".{site_dir.name}-index-"
    for folder in site_dir.parent.glob(prefix + "*"):
        pid = folder.name.removeprefix(prefix)
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


# The vocabulary page (search_vocabulary.py): its words, and its own `type`, so that the search for products (the
# pages of no other type, assets/search.js) leaves it out.
VOCABULARY_PAGE = RECORD_PAGE.format(
    search_vocabulary.VOCABULARY
    + '<div data-pagefind-ignore><span data-pagefind-filter="type">vocabulary</span></div>')
VOCABULARY_DIGEST = hashlib.sha256(VOCABULARY_PAGE.encode("utf-8")).hexdigest()[:12]


def write_vocabulary(folder: Path) -> None:
    """The vocabulary page in a folder Pagefind indexes: one page, whose only filter is its type."""
    target = folder / urls.SEARCH_VOCABULARY_FILE
    if not target.is_file() or target.read_text(encoding="utf-8") != VOCABULARY_PAGE:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(VOCABULARY_PAGE, encoding="utf-8")


def _with_vocabulary(shard: Shard) -> str:
    """The names shard's glob, and the vocabulary page (a small catalog's one shard reads every file)."""
    return shard.glob if shard.everything else "{" + ",".join((*shard.globs, urls.SEARCH_VOCABULARY_FILE)) + "}"


def _shard_pages(site_dir: Path, shard: Shard, searchable, folder: Path) -> Path:
    """The folder Pagefind's CLI reads for a full-text shard (it reads one folder, and the vocabulary is
    published in no page): the shard's pages as hard links to site_dir's (a copy where the file system has
    none), at the same paths (so the same URLs), and the vocabulary page.

    The folder is kept between builds (pages_folder): a page is linked again only when its file in site_dir is
    not the one linked (a page written again is a new file, write.Placer; a full build's are all new) nor a copy
    of it (same size and modification time: the cache on another file system than site/), and pages the shard
    no longer holds are unlinked. Making a shard's ~2,200 links afresh took 0.5-0.9 s of an edit's index at
    20,000 products; comparing them takes two stats a page."""
    wanted = [output for output in searchable if shard.holds(output)]
    keep = set(wanted) | {urls.SEARCH_VOCABULARY_FILE}
    root = str(folder)
    for directory, _, files in os.walk(root, topdown=False):
        for name in files:
            path = os.path.join(directory, name)
            if os.path.relpath(path, root).replace(os.sep, "/") not in keep:
                os.unlink(path)
        if directory != root and not os.listdir(directory):
            os.rmdir(directory)
    placer = Placer(folder)
    for output in wanted:
        source = os.path.join(site_dir, output)
        try:
            linked = os.stat(os.path.join(root, output))
        except FileNotFoundError:
            linked = None
        current = os.stat(source)
        if linked is None or ((linked.st_ino, linked.st_dev) != (current.st_ino, current.st_dev)
                              and (linked.st_size, linked.st_mtime_ns) != (current.st_size, current.st_mtime_ns)):
            placer.place(source, output)
    write_vocabulary(folder)
    return folder


def remove_index(site_dir: Path, pages: Path) -> None:
    """A build without search leaves no index behind (as a full build into a fresh folder would), nor the
    full-text shards' kept pages (pages_folder), whose links would keep an older site's pages on the disk."""
    for folder in site_dir.iterdir() if site_dir.is_dir() else ():
        if urls.is_search_bundle(folder.name):
            shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(pages, ignore_errors=True)
