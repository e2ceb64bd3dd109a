"""The URL ledger: every address the site has ever published, committed with the content.

`content/published-urls.txt` holds one URL path per line, sorted, under a header comment.
Before anything is written, the build compares it with the URLs it is about to publish:
a ledger URL that no page and no alias claims any more fails the build (and `check`) with
`content/published-urls.txt:<line>: ...` naming the alias to add and the record that most
likely became that page. The build only reports the URLs it published for the first time
(`BuildReport.new_urls`); the command line (`python build.py`, CI) adds them to the ledger
after a successful build. `check` and `serve` never write it.

Only permanent addresses are kept: pages of records, aliases, listings, feeds, data files.
Not kept: pagination (`.../trang/2/`, which shifts as the catalog grows) and the redirect
tables for hosts (`/_redirects`, `/_redirects.nginx.conf`).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .errors import ContentError
from .files import shown_path, write_atomic
from .load import RawRecord, RecordName

LEDGER_FILE = "published-urls.txt"
HEADER = """\
# Sổ địa chỉ đã công bố (URL ledger) — every URL path this site has published, one per line.
# A published address must keep working forever: the build fails if one of these is no
# longer claimed by a page or an alias, and says which alias to add. `python build.py`
# adds new addresses here after a successful build: commit this file with your content.
# Never delete a line to make the build pass; add the alias it asks for. See docs/urls.md.
"""

KIND_FOLDERS = {"product": "content/products/<province>/", "province": "content/provinces/",
                "plan": "content/plans/<province>/", "page": "content/pages/"}


@dataclass(frozen=True)
class Ledger:
    file: Path
    shown: str  # as in messages: content/published-urls.txt
    entries: tuple[tuple[str, int], ...]  # (url, line), in file order
    exists: bool

    @property
    def urls(self) -> set[str]:
        return {url for url, _ in self.entries}


def ledger_file(content_dir: Path) -> Path:
    return content_dir / LEDGER_FILE


def read_ledger(content_dir: Path, project_dir: Path) -> tuple[Ledger, list[ContentError]]:
    """Read the ledger; a missing file is an empty ledger (the first build starts it)."""
    file = ledger_file(content_dir)
    shown = shown_path(file, project_dir)
    if not file.exists():
        return Ledger(file, shown, (), False), []
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return Ledger(file, shown, (), True), [ContentError(shown, 0, f"cannot read the URL ledger ({exc}); "
                                                                      "restore it from git")]
    entries, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not urls.is_site_path(line):
            errors.append(ContentError(shown, number, f"'{line}' is not a URL path of this site; each line holds "
                                                      "one address starting with / (comments start with #)"))
            continue
        entries.append((line, number))
    return Ledger(file, shown, tuple(entries), True), errors


def is_permanent(url: str) -> bool:
    """Whether a published URL goes into the ledger (see the module docstring)."""
    return not urls.is_paged(url) and url not in urls.HOST_FILES


def record_claims(records: list[RawRecord]) -> set[str]:
    """URLs that records claim (their page and their aliases), from raw records."""
    claimed = set()
    for record in records:
        url = urls.record_url(record.kind, record.stem, record.folder)
        if url:
            claimed.add(url)
        for alias in record.data.get("aliases") or ():
            if isinstance(alias, str) and urls.is_site_path(alias):
                claimed.add(urls.normalize_path(alias))
    # a province page brings its feed, and an alias of a province page redirects its feed too
    claimed |= {url + urls.FEED_FILE for url in list(claimed) if urls.is_province_page(url)}
    return claimed


def _likely_successor(url: str, records: list[RecordName], ledger_urls: set[str]) -> RecordName | None:
    """The record this vanished URL most likely became: same kind, similar slug, preferably new."""
    kind = urls.url_kind(url)
    if kind is None:
        return None
    wanted_kind, slug, folder = kind
    scored = []
    for record in records:
        if record.kind != wanted_kind:
            continue
        own = urls.record_url(record.kind, record.stem, record.folder)
        score = difflib.SequenceMatcher(None, slug, record.stem).ratio()
        if wanted_kind == "plan" and record.folder == folder:
            score += 0.3
        if own not in ledger_urls:
            score += 0.5  # published for the first time: a renamed record looks like this
        scored.append((-score, record.path, record))
    if not scored:
        return None
    best = min(scored, key=lambda item: (item[0], item[1]))
    return best[2] if -best[0] >= 0.6 else None


def _message(url: str, records: list[RecordName], ledger_urls: set[str]) -> str:
    kind = urls.url_kind(url)
    alias = url
    what = "the record it became"
    if kind and kind[0] == "province" and url.endswith(urls.FEED_FILE):
        alias = url.removesuffix(urls.FEED_FILE)  # the province's alias redirects its feed as well
        what = "the province it became"
    text = f'{url} was published and no page claims it now; add "aliases: [{alias}]" to {what}'
    successor = _likely_successor(url, records, ledger_urls)
    if successor is not None:
        return f"{text} (e.g. {successor.path})"
    if kind:
        return f"{text} (a record in {KIND_FOLDERS[kind[0]]})"
    return f"{text} (or to the page that now holds this content)"


def vanished(ledger: Ledger, published: set[str], records: list[RecordName],
             only_record_urls: bool = False) -> list[ContentError]:
    """Errors for ledger URLs that nothing publishes any more.

    With only_record_urls (used when the content has other errors and no routes could be
    built), only addresses of record pages are checked, against what the records claim.
    """
    errors = []
    ledger_urls = ledger.urls
    for url, line in ledger.entries:
        if url in published:
            continue
        if only_record_urls and urls.url_kind(url) is None:
            continue
        errors.append(ContentError(ledger.shown, line, _message(url, records, ledger_urls)))
    return errors


def check_records(content_dir: Path, project_dir: Path, records: list[RawRecord]) -> list[ContentError]:
    """When the content has mistakes (no route table can be built): the ledger's own mistakes, and the
    addresses of record pages that no record claims any more."""
    ledger, errors = read_ledger(content_dir, project_dir)
    return errors + vanished(ledger, record_claims(records), [r.name for r in records], only_record_urls=True)


def check_routes(content_dir: Path, project_dir: Path, published: list[str],
                 records: list[RecordName]) -> tuple[list[ContentError], list[str]]:
    """Compare the route table with the ledger: (mistakes, the permanent URLs published for the first time)."""
    ledger, errors = read_ledger(content_dir, project_dir)
    errors += vanished(ledger, set(published), records)
    return errors, new_urls(ledger, published)


def render_ledger(urls: set[str]) -> str:
    return HEADER + "".join(f"{url}\n" for url in sorted(urls))


def new_urls(ledger: Ledger, published: list[str]) -> list[str]:
    """The permanent URLs published for the first time, sorted."""
    known = ledger.urls
    return sorted({url for url in published if is_permanent(url)} - known)


def record_new_urls(content_dir: Path, project_dir: Path, new: list[str]) -> None:
    """After a successful build: add its new URLs to the ledger file (atomically); start the file if it is missing."""
    ledger, _ = read_ledger(content_dir, project_dir)
    if new or not ledger.exists:
        write_atomic(ledger.file, render_ledger(ledger.urls | set(new)))
