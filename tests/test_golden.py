"""Golden output: tests/golden/content/ builds into exactly the bytes of tests/golden/expected/.

A change anywhere in the engine or the templates that alters a page shows here as a diff.
When the change is intended: `python tests/golden/regenerate.py`, review `git diff tests/golden/`,
commit the expected files with the change (tests/golden/README.md).
"""
from __future__ import annotations

import difflib
import hashlib
import importlib.util
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
_spec = importlib.util.spec_from_file_location("golden_regenerate", GOLDEN_DIR / "regenerate.py")
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)

DIFF_LINES = 60
REGENERATE = ("If this change of the output is intended, run `python tests/golden/regenerate.py` "
              "and review `git diff tests/golden/` before committing.")


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def golden_build(tmp_path_factory):
    fixture_before = tree_digest(golden.FIXTURE)
    site, report = golden.build_fixture(tmp_path_factory.mktemp("golden"))
    return site, report, fixture_before


def difference(name: str, expected: bytes, built: bytes) -> str:
    """A unified diff (first DIFF_LINES lines) naming the file, and how to regenerate."""
    try:
        old, new = expected.decode("utf-8").splitlines(), built.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        old, new = [repr(expected)], [repr(built)]
    diff = list(difflib.unified_diff(old, new, f"tests/golden/expected/{name}", f"built/{name}", n=2, lineterm=""))
    if not diff:  # same lines, different bytes (line endings, a final newline): show the raw bytes
        diff = list(difflib.unified_diff([repr(line) for line in expected.splitlines(keepends=True)],
                                         [repr(line) for line in built.splitlines(keepends=True)],
                                         f"tests/golden/expected/{name} (bytes)", f"built/{name} (bytes)", lineterm=""))
    shown = "".join(line + "\n" for line in diff[:DIFF_LINES])
    more = f"... {len(diff) - DIFF_LINES} more diff lines\n" if len(diff) > DIFF_LINES else ""
    return f"{name}: the build differs from tests/golden/expected/{name}\n{shown}{more}{REGENERATE}"


@pytest.mark.parametrize("name", golden.EXPECTED_FILES)
def test_built_file_equals_the_expected_bytes(golden_build, name):
    site, _, _ = golden_build
    expected_file = golden.EXPECTED_DIR / name
    assert expected_file.is_file(), f"tests/golden/expected/{name} is missing. {REGENERATE}"
    assert (site / name).is_file(), f"the build no longer writes {name}. {REGENERATE}"
    expected, built = expected_file.read_bytes(), (site / name).read_bytes()
    if built != expected:
        pytest.fail(difference(name, expected, built), pytrace=False)


def test_expected_folder_holds_exactly_the_listed_files_and_the_build_writes_them(golden_build):
    site, _, _ = golden_build
    committed = {p.relative_to(golden.EXPECTED_DIR).as_posix() for p in golden.EXPECTED_DIR.rglob("*") if p.is_file()}
    built = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert committed == set(golden.EXPECTED_FILES), f"tests/golden/expected/ and EXPECTED_FILES disagree. {REGENERATE}"
    assert set(golden.EXPECTED_FILES) <= built, sorted(set(golden.EXPECTED_FILES) - built)
    # the fixture is built without Pagefind, and nothing is compared that is not text
    assert not any(name.startswith("pagefind/") for name in built)
    assert not any(name.endswith((".png", ".jpg", ".webp", ".svg")) for name in golden.EXPECTED_FILES)


def test_the_fixture_is_untouched_and_its_ledger_complete(golden_build):
    _, report, fixture_before = golden_build
    assert tree_digest(golden.FIXTURE) == fixture_before, "the build wrote into the committed fixture"
    assert report.products == 4
    assert report.new_urls == [], ("the build published addresses missing from tests/golden/content/published-urls.txt; "
                                  "`python tests/golden/regenerate.py` adds them")


def test_no_git_date_or_machine_fact_leaks_into_the_output(golden_build):
    site, _, _ = golden_build
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>" not in sitemap, "the copy outside git must have no lastmod"
    assert sitemap.count("<loc>https://ocop.example.test/") == sitemap.count("<loc>")  # the fixture's base_url
    for name in golden.EXPECTED_FILES:
        text = (site / name).read_text(encoding="utf-8")
        assert str(site.parent) not in text and "ocop.example.vn" not in text, name


@pytest.mark.slow  # determinism: two more builds
def test_workers_and_the_markdown_cache_do_not_change_the_bytes(golden_build, tmp_path):
    site, _, _ = golden_build
    cache = tmp_path / "cache"
    cold, _ = golden.build_fixture(tmp_path / "cold", workers=2, cache_dir=cache)
    warm, _ = golden.build_fixture(tmp_path / "warm", workers=2, cache_dir=cache)
    assert any(cache.rglob("*")), "the first build filled the Markdown cache"
    for name in golden.EXPECTED_FILES:
        reference = (site / name).read_bytes()
        assert (cold / name).read_bytes() == reference, f"{name}: cold cache, 2 workers"
        assert (warm / name).read_bytes() == reference, f"{name}: warm cache, 2 workers"


def test_a_changed_page_fails_with_a_diff_naming_the_file():
    expected = "<p>\n  Miến dong Thử\n</p>\n".encode()
    built = "<p>\n  Miến dong Thử (mới)\n</p>\n".encode()
    message = difference("san-pham/mien-dong-thu/index.html", expected, built)
    assert message.startswith("san-pham/mien-dong-thu/index.html: the build differs")
    assert "--- tests/golden/expected/san-pham/mien-dong-thu/index.html" in message
    assert "-  Miến dong Thử\n+  Miến dong Thử (mới)\n" in message
    assert "python tests/golden/regenerate.py" in message
    long = difference("a.html", "".join(f"{i}\n" for i in range(200)).encode(), b"")
    assert long.count("\n-") <= DIFF_LINES and "more diff lines" in long
    crlf = difference("a.csv", b"a,b\r\n", b"a,b\n")
    assert "(bytes)" in crlf and "\\r\\n" in crlf
