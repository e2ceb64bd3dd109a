"""Same content and --date give byte-identical output; another --date changes what depends on it."""
from __future__ import annotations

import shutil
import sys
import datetime as dt
from pathlib import Path

import pytest

from conftest import build_site, read
from ocop.config import PROJECT_DIR
from ocop.urls import is_search_bundle

if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from bench.synthetic import write_content  # noqa: E402

pytestmark = pytest.mark.slow  # every test builds synthetic sites of N products, some with Pagefind

N = 150  # with the 63 provinces and listings: more than the 200 routes that start worker processes


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def fresh(tmp_path: Path, name: str, source: Path) -> Path:
    """A copy of the content in its own folder (the build records URLs in the content's ledger)."""
    root = tmp_path / name
    shutil.copytree(source, root / "content")
    return root


def assert_same(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    assert sorted(a) == sorted(b)
    differing = [path for path in a if a[path] != b[path]]
    assert differing == []


def test_two_builds_are_byte_identical_with_one_and_two_workers(tmp_path):
    source = write_content(tmp_path / "source", N, seed=3)
    one = tree(build_site(fresh(tmp_path, "a", source), workers=1))
    again = tree(build_site(fresh(tmp_path, "b", source), workers=1))
    two = tree(build_site(fresh(tmp_path, "c", source), workers=2))
    assert len(one) > 300
    assert_same(one, again)
    assert_same(one, two)


# Pagefind (1.3+) writes the same fragment and word-index files for the same pages, but its
# filter and metadata indexes (and so pagefind-entry.json, which names them by hash) still
# vary between runs: https://github.com/Pagefind/pagefind/issues/638 ("Other files will still
# change, such as the filter/metadata indexes"). Everything else is compared byte for byte.
PAGEFIND_UNSTABLE = ("filter/", "pagefind.", "pagefind-entry.json")  # inside each bundle (both indexes)


def unstable(path: str) -> bool:
    bundle, _, inside = path.partition("/")
    return is_search_bundle(bundle) and inside.startswith(PAGEFIND_UNSTABLE)


def _pagefind_builds(tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    source = write_content(tmp_path / "source", N, seed=4)
    first = tree(build_site(fresh(tmp_path, "a", source), workers=2, search_index=True))
    second = tree(build_site(fresh(tmp_path, "b", source), workers=2, search_index=True))
    return first, second


def test_two_builds_with_the_pagefind_index_are_byte_identical_but_for_pagefind_filters(tmp_path):
    first, second = _pagefind_builds(tmp_path)
    assert any(path.startswith("pagefind/fragment/") for path in first)
    assert any(path.startswith("pagefind/index/") for path in first)
    assert any(path.startswith("pagefind-toan-van/fragment/") for path in first)
    stable = lambda t: {p: b for p, b in t.items() if not unstable(p)}  # noqa: E731
    assert_same(stable(first), stable(second))


def test_a_warm_cache_gives_the_same_bytes_as_a_cold_one(tmp_path):
    source = write_content(tmp_path / "source", N, seed=5)
    root = fresh(tmp_path, "a", source)
    cold = tree(build_site(root, workers=2))
    warm = tree(build_site(root, workers=2))  # same cache folder, now filled
    assert_same(cold, warm)


def test_a_later_date_changes_expiry_text(tmp_path):
    source = write_content(tmp_path / "source", N, seed=6)
    early = build_site(fresh(tmp_path, "a", source), build_date=dt.date(2023, 6, 1))
    late = build_site(fresh(tmp_path, "b", source), build_date=dt.date(2040, 1, 1))
    changed = 0
    for page in sorted(early.glob("san-pham/*/index.html")):
        url = "/" + page.relative_to(early).parent.as_posix() + "/"
        before, after = read(early, url), read(late, url)
        if before != after:
            changed += 1
            assert "Đã hết hạn" in after  # in 2040 every recognition of 2019–2026 has expired
    assert changed > N // 2
