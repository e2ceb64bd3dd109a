"""Rewrite tests/golden/expected/ from a build of tests/golden/content/.

    python tests/golden/regenerate.py

Run it only when a change of the output is intended, then review `git diff tests/golden/`
and commit the expected files with the change that caused them (see README.md here).

tests/test_golden.py imports this file for the list of expected files and for
`build_fixture`, so the test and the regeneration build the fixture the same way.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent
FIXTURE = GOLDEN_DIR / "content"
EXPECTED_DIR = GOLDEN_DIR / "expected"
PROJECT_ROOT = GOLDEN_DIR.parent.parent

BUILD_DATE = dt.date(2026, 11, 23)

# The text files compared byte for byte (paths inside the built site). Not images, not the
# Pagefind index (the fixture is built with search_index=False).
EXPECTED_FILES = (
    "index.html",
    "404.html",
    "robots.txt",
    "sitemap.xml",
    "feed.xml",
    "_redirects",
    "_redirects.nginx.conf",
    "san-pham/mien-dong-thu/index.html",  # re-rated 3★ (year-only decision) → 4★ (with a score)
    "san-pham/mien-dong-cu/index.html",  # the alias page of its old address
    "ke-hoach/son-thu/2024-15-kh-ubnd/index.html",  # the plan, with targets and a milestone
    "tinh/son-thu/index.html",  # the old province, merged into Đồng Thử
    "tinh/dong-thu/index.html",  # the new province
    "tinh/dong-thu/feed.xml",
    "sao/4/index.html",
    "du-lieu/san-pham.csv",
    "du-lieu/cong-nhan.json",
    "du-lieu/san-pham.csv-metadata.json",  # CSVW: the CSV's columns, titles and datatypes
    "du-lieu/catalog.jsonld",  # the DCAT catalogue of the open data
)

GIT_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")


@contextlib.contextmanager
def outside_git(root: Path):
    """Keep `git log` (sitemap lastmod, ocop/feeds.py git_file_dates) from finding any repository.

    The copy lives in a temporary folder; GIT_CEILING_DIRECTORIES stops git from walking up
    out of it (a TMPDIR inside a checkout would otherwise lend it that checkout's history)
    and the GIT_* variables a hook may set are removed for the duration.
    """
    saved = {name: os.environ.get(name) for name in (*GIT_VARIABLES, "GIT_CEILING_DIRECTORIES")}
    for name in GIT_VARIABLES:
        os.environ.pop(name, None)
    os.environ["GIT_CEILING_DIRECTORIES"] = str(root.resolve())
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def inside_a_git_repository(folder: Path) -> bool:
    try:
        result = subprocess.run(["git", "-C", str(folder), "rev-parse", "--git-dir"], capture_output=True, timeout=60)
    except OSError:
        return False  # no git at all: git_file_dates gives {} too
    return result.returncode == 0


def build_fixture(root: Path, **overrides):
    """Copy the fixture to root/project/content and build it into root/project/site.

    Returns (site folder, BuildReport). The committed fixture is never written: the build may
    add addresses to the fixture's URL ledger (main() records them, as `python build.py` does).
    """
    from ocop.build import build
    from ocop.config import Config

    project = root / "project"
    shutil.copytree(FIXTURE, project / "content")
    settings = dict(content_dir=project / "content", site_dir=project / "site", build_date=BUILD_DATE,
                    cache_dir=None, workers=1, search_index=False)
    settings.update(overrides)
    with outside_git(root):
        if inside_a_git_repository(project):
            raise RuntimeError(f"{project} is inside a git repository: sitemap lastmod would come from its history")
        report = build(Config(**settings))
    return project / "site", report


def main() -> int:
    sys.path.insert(0, str(PROJECT_ROOT))  # this checkout's engine, whatever is installed
    with tempfile.TemporaryDirectory(prefix="ocop-golden-") as tmp:
        site, report = build_fixture(Path(tmp))
        changed = 0
        for name in EXPECTED_FILES:
            built = (site / name).read_bytes()
            target = EXPECTED_DIR / name
            before = target.read_bytes() if target.exists() else None
            if before == built:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(built)
            changed += 1
            print(f"{'added' if before is None else 'changed'}: tests/golden/expected/{name}")
        for path in sorted(p for p in EXPECTED_DIR.rglob("*") if p.is_file()):
            name = path.relative_to(EXPECTED_DIR).as_posix()
            if name not in EXPECTED_FILES:
                path.unlink()
                changed += 1
                print(f"removed (no longer listed): tests/golden/expected/{name}")
        if report.new_urls:
            from ocop import ledger
            ledger.record_new_urls(FIXTURE, GOLDEN_DIR, report.new_urls)
            changed += 1
            print(f"changed: tests/golden/content/published-urls.txt ({len(report.new_urls)} new URLs)")
    print(f"{changed} file(s) changed" + ("; review them with `git diff tests/golden/` before committing"
                                           if changed else ", the expected output is up to date"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
