"""`lastmod` of the pages in sitemap.xml: the date of the last git commit of the records a page shows.

Omitted when the project is not a git checkout or a file was never committed, so the
same content, build date and history give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from .model import Catalog
from .urls import page_url, plan_url, product_url, province_url


def git_head(project_dir: Path) -> str:
    """The commit checked out (its hash), '' without git or a repository: the page dates change only with it."""
    try:
        result = subprocess.run(["git", "-C", str(project_dir), "rev-parse", "-q", "--verify", "HEAD"],
                                capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def git_file_dates(project_dir: Path, content_dir: Path) -> dict[str, str]:
    """{path relative to project_dir: last commit date (UTC, ISO 8601)} for files under content_dir.

    One `git log` over the content folder; {} when git or the repository is not there.
    """
    try:
        folder = content_dir.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return {}
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotepath=off", "-C", str(project_dir), "log", "--format=%x1e%cI",
             "--name-only", "--no-renames", "--relative", "--", folder],
            capture_output=True, text=True, encoding="utf-8", timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    for chunk in result.stdout.split("\x1e"):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        when = dt.datetime.fromisoformat(lines[0].strip()).astimezone(dt.timezone.utc)
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        for path in lines[1:]:
            dates.setdefault(path.strip(), stamp)  # newest commit comes first
    return dates


def lastmod_dates(catalog: Catalog, file_dates: dict[str, str]) -> dict[str, str]:
    """{page URL: lastmod} for pages made from records whose files git knows."""
    if not file_dates:
        return {}

    def newest(paths) -> str | None:
        known = [file_dates[p] for p in paths if p in file_dates]
        return max(known) if known else None

    pages: dict[str, list[str]] = {}
    for product in catalog.products.values():
        pages[product_url(product.slug)] = [product.path, *(r.decision.path for r in product.history)]
    for province in catalog.provinces.values():
        pages[province_url(province.slug)] = [province.path]
    for plan in catalog.plans:
        pages[plan_url(plan.province, plan.slug)] = [plan.path]
    for page in catalog.pages:
        pages[page_url(page.slug)] = [page.path]
    result = {}
    for url, paths in pages.items():
        stamp = newest(paths)
        if stamp:
            result[url] = stamp
    return result
