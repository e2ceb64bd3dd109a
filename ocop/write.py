"""Stage 8 — write: put the built files into site/, touching only what changed.

Two ways, the same result (tests/test_incremental.py compares them file by file):

* **full** — when there is no record of the last build, or site/ no longer holds exactly
  what it recorded: every page is rendered into a fresh staging folder, every picture and
  asset placed there, and the folder swapped into site/ with two renames.
* **incremental** — the record (`.cache/site/<folder>.marshal`: each output file's fingerprint,
  each placed file's source) says what changed: only those pages are rendered (into a
  staging folder), then moved into site/ one by one; files no longer produced are removed.
  Unchanged files are not touched (their mtime is kept), so rsync or an object-store sync
  uploads only what changed.

Either way a failing build (a content mistake, a template error) leaves site/ exactly as it
was: nothing moves into site/ before every page has been rendered.
"""
from __future__ import annotations

import contextlib
import filecmp
import hashlib
import marshal
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .files import write_atomic
from .urls import ASSETS, is_search_bundle, output_file

# marshal: plain strings and dicts, nothing in it can run code; ~20 ms for 82,000 entries where JSON with
# sorted keys took 0.4 s of every build. Another Python's marshal may differ: the version names it.
RECORD_VERSION = f"site-2|{sys.version_info[0]}.{sys.version_info[1]}"


@dataclass(frozen=True)
class SiteRecord:
    """What the last build put into one site folder."""
    pages: dict  # output file -> fingerprint (fingerprints.py)
    files: dict  # output file -> identity of its source (a picture in the cache, an asset)
    search: list | None = None  # the search index's shards (their globs), None without an index


@dataclass(frozen=True)
class WritePlan:
    full: bool
    render: frozenset  # output files to render
    place: dict  # output file -> (source path, link: a hard link, else a copy), to place
    remove: tuple  # output files of the last build that this one no longer makes
    record: SiteRecord  # what site/ holds after this build (its search layout is the index stage's to set)
    previous_search: list | None = None  # the search layout of the index now in site/


def site_key(site_dir: Path) -> str:
    """A short name for a site folder, for what the cache keeps about it (its record, its search records)."""
    return hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:16]


def record_file(cache_dir: Path, site_dir: Path) -> Path:
    return cache_dir / "site" / f"{site_key(site_dir)}.marshal"


def read_record(file: Path | None) -> SiteRecord | None:
    """The record of the last build into this site folder; None when there is none (or an unreadable one)."""
    if file is None:
        return None
    try:
        version, pages, files, search = marshal.loads(file.read_bytes())
        if version != RECORD_VERSION or not isinstance(pages, dict) or not isinstance(files, dict):
            return None
        return SiteRecord(pages, files, search)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def save_record(file: Path | None, record: SiteRecord) -> None:
    if file is not None:
        write_atomic(file, marshal.dumps((RECORD_VERSION, record.pages, record.files, record.search)))


def record_stamp(file: Path | None) -> tuple | None:
    """(size, mtime) of a saved record: another build into the same site folder changes it."""
    try:
        status = file.stat() if file is not None else None
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns) if status else None


def asset_files(assets_dir: Path) -> list[tuple[str, str, bool]]:
    """(file, site path, link) of every asset: copied (never linked: site/ must not share the project's files)."""
    if not assets_dir.is_dir():
        return []
    return [(str(path), ASSETS + path.relative_to(assets_dir).as_posix(), False)
            for path in sorted(assets_dir.rglob("*")) if path.is_file()]


def document_files(decisions) -> list[tuple[str, str, bool]]:
    """(file, site path, link) of every decision's PDF kept beside its rating record (model.Decision.document):
    copied as it is, like the assets (site/ must not share content/'s files)."""
    return [(str(d.document), d.document_url, False) for d in decisions if d.document is not None]


def _identity(source: str) -> str:
    """A placed file's source as it is now: its path, size and modification time."""
    status = os.stat(source)
    return f"{source}|{status.st_size}|{status.st_mtime_ns}"


class KnownFolders:
    """Each folder of site/ as the last walk in this process listed it (serve keeps it between builds).

    Adding, removing or renaming an entry changes its folder's mtime, so a folder whose mtime has
    not changed holds the same names and is not listed again: at 20,000 products the walk stats
    22,000 folders instead of listing them. A folder listed within a second of its last change is
    listed again next time, since a change in the same clock tick may not have moved its mtime
    (git's rule for "racy" entries).
    """

    def __init__(self) -> None:
        # folder -> (mtime_ns, when it was listed (s), its files' site paths, (folder, site path + '/') of each
        # subfolder): paths as the walk needs them, so a folder not listed again makes no string
        self.folders: dict[str, tuple[int, float, tuple[str, ...], tuple[tuple[str, str], ...]]] = {}


def site_files(site_dir: Path, known: KnownFolders | None = None) -> set[str]:
    """Every file under site_dir (relative, '/'-separated), the index stage's folder aside."""
    found: set[str] = set()
    listed: dict[str, tuple[int, float, tuple[str, ...], tuple[tuple[str, str], ...]]] = {}
    folders = [(str(site_dir), "")]  # (folder, its path in the site with a trailing '/')
    while folders:
        folder, prefix = folders.pop()
        mtime = os.stat(folder).st_mtime_ns if known is not None else 0
        hit = known.folders.get(folder) if known is not None else None
        if hit is None or hit[0] != mtime or hit[1] - mtime / 1e9 <= 1.0:
            files, subfolders = [], []
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = entry.name
                    if not entry.is_dir():
                        files.append(prefix + name)
                    elif not entry.is_symlink() and not (prefix == "" and is_search_bundle(name)):
                        subfolders.append((f"{folder}/{name}", f"{prefix}{name}/"))  # not the index's folders
            hit = (mtime, time.time(), tuple(files), tuple(subfolders))
        listed[folder] = hit
        found.update(hit[2])
        folders += hit[3]
    if known is not None:
        known.folders = listed
    return found


def placed(files: list[tuple[str, str, bool]], named_by_content: str | None = None) -> tuple[dict, dict]:
    """({output file: (source, link)}, {output file: identity of its source, as the record keeps it}) of files
    to place, given as (source, site path, link); named_by_content: see plan()."""
    sources = {output_file(site_path): (source, link) for source, site_path, link in files}
    prefix = None if named_by_content is None else named_by_content.rstrip("/") + "/"
    return sources, {output: f"named|{source[len(prefix):]}" if prefix and source.startswith(prefix)
                     else _identity(source) for output, (source, _) in sources.items()}


def plan(site_dir: Path, previous: SiteRecord | None, pages: dict,
         files: list[tuple[str, str, bool]], named_by_content: str | None = None,
         known_folders: KnownFolders | None = None) -> WritePlan:
    """What to render, place and remove so that site_dir holds this build.

    pages: {output file: fingerprint}; files: (source, site path, link) of the pictures, assets and decisions' PDFs.
    named_by_content: a folder whose files are named by what they hold (the drawn pictures: images.draw_key):
    such a file's name is its identity, without a stat (60,000 at 20,000 products). known_folders: site/'s
    folders as the last build in this process listed them (serve).
    """
    sources, identities = placed(files, named_by_content)
    record = SiteRecord(dict(pages), identities)
    recorded = set(previous.pages) | set(previous.files) if previous is not None else set()
    if previous is None or not site_dir.is_dir() or site_files(site_dir, known_folders) != recorded:
        return WritePlan(True, frozenset(pages), sources, (), record, None)
    render = frozenset(o for o, fingerprint in pages.items() if previous.pages.get(o) != fingerprint)
    place = {o: s for o, s in sources.items() if previous.files.get(o) != record.files[o]}
    gone = [o for o in recorded if o not in pages and o not in sources]
    return WritePlan(False, render, place, tuple(sorted(gone)), record, previous.search)


class Placer:
    """Puts files into a folder: a hard link (no copy, mtime kept) or a copy, replacing what is there.

    Plain strings and a set of folders already made: at 20,000 products this places ~60,000
    files, and pathlib plus a mkdir per file cost more than the links themselves.
    """

    def __init__(self, root: Path):
        self.root = str(root)
        self.made: set[str] = set()

    def place(self, source: str, output: str, link: bool = True) -> None:
        target = os.path.join(self.root, output)
        folder = os.path.dirname(target)
        if folder not in self.made:
            os.makedirs(folder, exist_ok=True)
            self.made.add(folder)
        temporary = f"{target}.{os.getpid()}.tmp"
        if link:
            try:
                os.link(source, temporary)
            except OSError:
                shutil.copy2(source, temporary)
        else:
            shutil.copy2(source, temporary)
        os.replace(temporary, target)
        # rename() between two links of one file does nothing (POSIX) and leaves the temporary behind: so
        # when the target already was this very file (the cache reached by another path, e.g. a symlink)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


@dataclass
class Update:
    folder: Path  # where the pages to render are written
    changed: set = field(default_factory=set)  # output files whose bytes in site/ changed (known on success)


@contextlib.contextmanager
def update(site_dir: Path, write_plan: WritePlan) -> Iterator[Update]:
    """A staging folder for the pages to render; when the block succeeds, site_dir becomes this build.

    Full: staging gets the placed files too and is swapped in. Incremental: the rendered pages
    whose bytes differ and the changed files move into site_dir, the files no longer made are
    removed; a page rendered again to the same bytes is left alone (its mtime kept).
    """
    staging = Update(new_staging(site_dir))
    try:
        yield staging
    except BaseException:
        discard(staging.folder)
        raise
    if write_plan.full:
        placer = Placer(staging.folder)
        for output, (source, link) in write_plan.place.items():
            placer.place(source, output, link)
        swap_into_place(staging.folder, site_dir)
        staging.changed = set(write_plan.render) | set(write_plan.place)
        return
    placer = Placer(site_dir)
    for output in sorted(write_plan.render):
        new, old = staging.folder / output, site_dir / output
        if not (old.is_file() and filecmp.cmp(new, old, shallow=False)):
            placer.place(str(new), output)
            staging.changed.add(output)
    for output, (source, link) in write_plan.place.items():
        placer.place(source, output, link)
        staging.changed.add(output)
    for output in write_plan.remove:
        _remove(site_dir, output)
        staging.changed.add(output)
    discard(staging.folder)


def _remove(site_dir: Path, output: str) -> None:
    """Remove one file, then its folders while they are empty."""
    target = site_dir / output
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != site_dir:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def new_staging(site_dir: Path) -> Path:
    staging = site_dir.parent / f".{site_dir.name}-staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def swap_into_place(staging: Path, site_dir: Path) -> None:
    """Replace site_dir by staging with two renames (no moment without a complete site)."""
    old = site_dir.parent / f".{site_dir.name}-old-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
