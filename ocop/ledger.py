"""The URL ledger: every address the site has ever published, committed with the content.

`content/published-urls.txt` holds one URL path per line, sorted, under a header comment.
Before anything is written, the build compares it with the URLs it is about to publish:
a ledger URL that no page and no alias claims any more fails the build (and `check`) with
`content/published-urls.txt:<line>: ...` naming the alias to add and the record that most
likely became that page. The build only reports the URLs it published for the first time
(`BuildReport.new_urls`); the editor's `python build.py` adds them to the ledger after a
successful build. `check`, `serve` and a release (`--release`, CI) never write it; a release
refuses a page the committed ledger does not list (`missing_from_ledger`). The file itself
is read by load (`load.read_ledger`): it is content, and validate uses it too.

Only permanent addresses are kept: pages of records, aliases, listings, feeds, data files.
Not kept: pagination (`.../trang/2/`, which shifts as the catalog grows) and the redirect
tables for hosts (`/_redirects`, `/_redirects.nginx.conf`).
"""
from __future__ import annotations

from pathlib import Path

from . import urls
from .errors import ContentError
from .files import write_atomic
from .load import LEDGER_FILE, Ledger, RawRecord, RecordName, read_ledger
from .validate import likely_successor, similar_published

__all__ = ["LEDGER_FILE", "HEADER", "Ledger", "read_ledger", "check_records", "check_routes", "new_urls",
           "record_new_urls", "render_ledger", "is_permanent", "vanished", "missing_from_ledger"]

HEADER = """\
# Sổ địa chỉ đã công bố: mọi địa chỉ trang web này từng đăng, mỗi dòng một địa chỉ.
# Địa chỉ đã đăng phải dùng được mãi mãi: nếu không còn trang nào (hay địa chỉ cũ nào trong
# aliases) nhận một địa chỉ dưới đây, việc dựng trang báo lỗi và nói cần thêm aliases nào.
# `python build.py` ghi thêm các địa chỉ mới vào đây: hãy commit tệp này cùng nội dung.
# Đừng bao giờ xóa một dòng để hết lỗi; hãy thêm aliases như lời nhắn. Xem docs/urls.md.
"""

KIND_FOLDERS = {"product": "content/products/<tỉnh>/", "province": "content/provinces/",
                "plan": "content/plans/<tỉnh>/", "page": "content/pages/"}


def ledger_file(content_dir: Path) -> Path:
    return content_dir / LEDGER_FILE


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
        aliases = record.data.get("aliases")  # not yet checked: 'aliases: true' is the validator's to report
        for alias in aliases if isinstance(aliases, list) else ():
            if isinstance(alias, str) and urls.is_site_path(alias):
                claimed.add(urls.normalize_path(alias))
    # a province page brings its feed, and an alias of a province page redirects its feed too
    claimed |= {url + urls.FEED_FILE for url in list(claimed) if urls.is_province_page(url)}
    return claimed


def _message(url: str, records: list[RecordName], ledger_urls: frozenset[str]) -> str:
    kind = urls.url_kind(url)
    alias = url
    what = "bản ghi mà trang đó đã trở thành"
    if kind and kind[0] == "province" and url.endswith(urls.FEED_FILE):
        alias = url.removesuffix(urls.FEED_FILE)  # the province's alias redirects its feed as well
        what = "tỉnh mà tỉnh đó đã trở thành"
    text = f'{url} đã được đăng nhưng nay không trang nào nhận địa chỉ này; thêm "aliases: [{alias}]" vào {what}'
    successor = likely_successor(url, records, ledger_urls)
    if successor is not None:
        return f"{text} (có thể là {successor.path})"
    similar = similar_published(url, records, ledger_urls)
    if similar is not None:  # never offered as the same product: it has had its own page all along
        return (f"{text} (một tệp trong {KIND_FOLDERS[kind[0]]}; {similar.path} có tên gần giống nhưng đã có trang "
                "riêng từ trước, chỉ thêm vào tệp đó nếu đúng là cùng một sản phẩm)")
    if kind:
        return f"{text} (một tệp trong {KIND_FOLDERS[kind[0]]})"
    return f"{text} (hoặc vào trang nay giữ nội dung đó)"


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


def check_records(ledger: Ledger, records: list[RawRecord]) -> list[ContentError]:
    """When the content has mistakes (no route table can be built): the addresses of record pages that no
    record claims any more. (The ledger's own mistakes are reported when it is read, by load.)

    A file that cannot be read may hold the aliases that claim them: addresses of its kind wait until it
    is fixed (one mistake, one message)."""
    unreadable = {r.kind for r in records if not r.readable}
    return [error for error in vanished(ledger, record_claims(records), [r.name for r in records],
                                        only_record_urls=True)
            if not unreadable or urls.url_kind(_url_at(ledger, error.line) or "") is None
            or urls.url_kind(_url_at(ledger, error.line))[0] not in unreadable]


def _url_at(ledger: Ledger, line: int) -> str | None:
    return next((url for url, number in ledger.entries if number == line), None)


def check_routes(ledger: Ledger, published: list[str], records: list[RecordName]) -> tuple[list[ContentError], list[str]]:
    """Compare the route table with the ledger: (mistakes, the permanent URLs published for the first time)."""
    return vanished(ledger, set(published), records), new_urls(ledger, published)


def missing_from_ledger(ledger: Ledger, new: list[str]) -> list[ContentError]:
    """For a release (`--release`): it publishes only addresses already recorded in the committed ledger,
    so that publishing never has to write into the repository (docs/publishing.md)."""
    if not new:
        return []
    shown = ", ".join(new[:3]) + (f" và {len(new) - 3} địa chỉ khác" if len(new) > 3 else "")
    return [ContentError(ledger.shown, 0, f"{len(new)} địa chỉ mới chưa được ghi vào sổ địa chỉ đã công bố ({shown}); "
                                          f"chạy python build.py (lệnh này ghi chúng vào sổ), rồi git add "
                                          f"{ledger.shown} và commit")]


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
