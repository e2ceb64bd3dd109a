"""Feeds and maps: Atom feeds of new recognitions and plans, and sitemap `lastmod` dates.

Everything here is a function of the content (and of git history for `lastmod`), never of
the wall clock, so the same content and build date give the same bytes.

* `/feed.xml` — the newest recognitions (one entry per product per decision) and plans of
  the whole site; `/tinh/<slug>/feed.xml` — the same for one province (a current province
  includes the provinces merged into it; an old province keeps its own).
* `lastmod` of a page in `sitemap.xml` — the date of the last git commit that touched the
  records the page shows; omitted when the project is not a git checkout or the file was
  never committed.
"""
from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .dates import PartialDate
from .model import Catalog, Decision, Plan, Product
from .routes import plan_url, product_url, province_url
from .slugs import is_slug, slugify

SITE_FEED_SIZE = 100  # entries in /feed.xml
PROVINCE_FEED_SIZE = 50  # entries in /tinh/<slug>/feed.xml
FEED_TIMEZONE = "+07:00"  # dates in the records are Vietnamese calendar days


@dataclass(frozen=True)
class FeedEntry:
    id: str  # site path + fragment; the template makes it absolute
    url: str  # site path of the page the entry points to
    title: str
    updated: str  # RFC 3339
    summary: str
    category: str  # Công nhận | Kế hoạch
    sort_key: tuple


@dataclass(frozen=True)
class Feed:
    url: str  # /feed.xml or /tinh/<slug>/feed.xml
    page: str  # the HTML page the feed belongs to
    title: str
    subtitle: str
    updated: str
    entries: tuple[FeedEntry, ...]


def decision_fragment(decision_id: str) -> str:
    """'bac-kan/2022-08-22-1-qd-ubnd' -> 'bac-kan-2022-08-22-1-qd-ubnd' (for URL fragments and ids)."""
    folded = decision_id.replace("/", "-")
    return folded if is_slug(folded) else slugify(decision_id)


def feed_url(province_slug: str | None = None) -> str:
    return "/feed.xml" if province_slug is None else province_url(province_slug) + "feed.xml"


def rfc3339(date: PartialDate | dt.date) -> str:
    """A (partial) date as the start of that day in Vietnam: 2022-08-22T00:00:00+07:00."""
    day = date.earliest() if isinstance(date, PartialDate) else date
    return f"{day.isoformat()}T00:00:00{FEED_TIMEZONE}"


def _recognition_entry(catalog: Catalog, product: Product, index: int) -> FeedEntry:
    recognition = product.history[index]
    decision: Decision = recognition.decision
    province = catalog.provinces[product.province]
    if index == 0:
        what = f"được công nhận sản phẩm OCOP {recognition.stars} sao"
    elif recognition.stars > product.history[index - 1].stars:
        what = f"được nâng hạng lên {recognition.stars} sao OCOP"
    elif recognition.stars < product.history[index - 1].stars:
        what = f"được đánh giá lại, còn {recognition.stars} sao OCOP"
    else:
        what = f"được công nhận lại {recognition.stars} sao OCOP"
    producer = f" của {product.producer.name}" if product.producer else ""
    summary = (f"{product.name}{producer} ({province.lower_name}) {what} theo {decision.label}, "
               f"{decision.level_label}.")
    url = product_url(product.slug)
    return FeedEntry(f"{url}#cong-nhan-{decision_fragment(decision.id)}", url, f"{product.name} {what}",
                     rfc3339(decision.when), summary, "Công nhận",
                     (decision.when.sort_key(), 1, url, decision.id))


def _plan_entry(catalog: Catalog, plan: Plan) -> FeedEntry:
    province = catalog.provinces[plan.province]
    number = f" số {plan.number}" if plan.number else ""
    summary = f"{plan.document_type}{number} của {plan.issuer} ({province.lower_name}), ban hành {plan.issued.vi()}."
    if plan.summary:
        summary += " " + plan.summary
    url = plan_url(plan.province, plan.slug)
    return FeedEntry(url, url, plan.title, rfc3339(plan.issued), summary, "Kế hoạch",
                     (plan.issued.sort_key(), 0, url, ""))


def _sort_newest_first(entries: list[FeedEntry]) -> None:
    """Newest first (recognitions before plans of the same day), then by address and decision."""
    entries.sort(key=lambda e: e.sort_key[2:])
    entries.sort(key=lambda e: e.sort_key[:2], reverse=True)  # stable: keeps the address order within a day


def entries_by_province(catalog: Catalog) -> dict[str, list[FeedEntry]]:
    """Every feed entry once, grouped by the province that recognised or issued it, newest first."""
    grouped: dict[str, list[FeedEntry]] = {slug: [] for slug in catalog.provinces}
    for product in catalog.products.values():
        grouped[product.province] += [_recognition_entry(catalog, product, i) for i in range(len(product.history))]
    for plan in catalog.plans:
        grouped[plan.province].append(_plan_entry(catalog, plan))
    for entries in grouped.values():
        _sort_newest_first(entries)
    return grouped


def _newest(grouped: dict[str, list[FeedEntry]], provinces, size: int) -> tuple[FeedEntry, ...]:
    candidates = [entry for slug in provinces for entry in grouped[slug][:size]]
    _sort_newest_first(candidates)
    return tuple(candidates[:size])


def _updated(entries, build_date: dt.date) -> str:
    return max((e.updated for e in entries), default=rfc3339(build_date))


def site_feed(catalog: Catalog, grouped: dict[str, list[FeedEntry]]) -> Feed:
    entries = _newest(grouped, grouped, SITE_FEED_SIZE)
    return Feed(feed_url(), "/", f"{catalog.site.title}: công nhận và kế hoạch mới",
                "Các lần công nhận sản phẩm OCOP và kế hoạch OCOP mới nhất trong danh mục.",
                _updated(entries, catalog.build_date), entries)


def province_feed(catalog: Catalog, slug: str, grouped: dict[str, list[FeedEntry]]) -> Feed:
    province = catalog.provinces[slug]
    entries = _newest(grouped, (slug, *province.absorbed), PROVINCE_FEED_SIZE)
    subtitle = f"Các lần công nhận sản phẩm OCOP và kế hoạch OCOP mới nhất của {province.lower_name}"
    if province.absorbed:
        subtitle += ", gồm cả các tỉnh đã hợp nhất vào"
    return Feed(feed_url(slug), province_url(slug), f"{province.full_name}: sản phẩm và kế hoạch OCOP mới",
                subtitle + ".", _updated(entries, catalog.build_date), entries)


def all_feeds(catalog: Catalog) -> list[Feed]:
    """The site feed, then one feed per province (in the catalog's order); entries are made once."""
    grouped = entries_by_province(catalog)
    return [site_feed(catalog, grouped)] + [province_feed(catalog, slug, grouped) for slug in catalog.provinces]


# ---------------------------------------------------------------- sitemap lastmod

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


def sitemap_lastmod(catalog: Catalog, file_dates: dict[str, str]) -> dict[str, str]:
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
        pages[f"/{page.slug}/"] = [page.path]
    result = {}
    for url, paths in pages.items():
        stamp = newest(paths)
        if stamp:
            result[url] = stamp
    return result
