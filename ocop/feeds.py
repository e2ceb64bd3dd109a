"""Atom feeds of new recognitions and plans.

Everything here is a function of the content and the build date, never of the wall
clock, so the same content and build date give the same bytes.

* `/feed.xml` — the newest recognitions (one entry per product per decision) and plans of
  the whole site; `/tinh/<slug>/feed.xml` — the same for one province (a current province
  includes the provinces merged into it; an old province keeps its own).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .dates import PartialDate
from .model import Catalog, Decision, Plan, Product
from .reuse import Reuse
from .urls import HOME, decision_fragment, feed_url, plan_url, product_url, province_url

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
    document: str | None = None  # site path of the decision's PDF (a related link of a recognition)


@dataclass(frozen=True)
class Feed:
    url: str  # /feed.xml or /tinh/<slug>/feed.xml
    page: str  # the HTML page the feed belongs to
    title: str
    subtitle: str
    updated: str
    entries: tuple[FeedEntry, ...]


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
                     rfc3339(decision.when), summary, "Công nhận", _recognition_key(product, index),
                     decision.document_url)


def _recognition_key(product: Product, index: int) -> tuple:
    decision = product.history[index].decision
    return decision.when.sort_key(), 1, product_url(product.slug), decision.id


def _plan_key(plan: Plan) -> tuple:
    return plan.issued.sort_key(), 0, plan_url(plan.province, plan.slug), ""


def _plan_entry(catalog: Catalog, plan: Plan) -> FeedEntry:
    province = catalog.provinces[plan.province]
    number = f" số {plan.number}" if plan.number else ""
    summary = f"{plan.document_type}{number} của {plan.issuer} ({province.lower_name}), ban hành {plan.issued.vi()}."
    if plan.summary:
        summary += " " + plan.summary
    url = plan_url(plan.province, plan.slug)
    return FeedEntry(url, url, plan.title, rfc3339(plan.issued), summary, "Kế hoạch", _plan_key(plan))


def _sort_newest_first(items: list, key=lambda entry: entry.sort_key) -> None:
    """Newest first (recognitions before plans of the same day), then by address and decision."""
    items.sort(key=lambda item: key(item)[2:])
    items.sort(key=lambda item: key(item)[:2], reverse=True)  # stable: keeps the address order within a day


def entries_by_province(catalog: Catalog, keep: int = max(SITE_FEED_SIZE, PROVINCE_FEED_SIZE),
                        reuse: Reuse | None = None) -> dict[str, list[FeedEntry]]:
    """The newest `keep` feed entries of each province (no feed shows more), grouped by the province that
    recognised or issued them, newest first. Only those are made: at 20,000 products, 6,300 of 40,000.
    reuse: a province's entries of the last build in this process, while its products and plans are the
    very same objects (serve)."""
    reuse = reuse or Reuse(keep=False)
    products: dict[str, list[Product]] = {slug: [] for slug in catalog.provinces}
    for product in catalog.products.values():
        products[product.province].append(product)
    plans: dict[str, list[Plan]] = {slug: [] for slug in catalog.provinces}
    for plan in catalog.plans:
        plans[plan.province].append(plan)
    return {slug: reuse.get(("feed entries", slug, keep), (province, *products[slug], *plans[slug]),
                            lambda: _province_entries(catalog, products[slug], plans[slug], keep))
            for slug, province in catalog.provinces.items()}


def _province_entries(catalog: Catalog, products: list[Product], plans: list[Plan], keep: int) -> list[FeedEntry]:
    items = [(_recognition_key(product, i), product, i) for product in products for i in range(len(product.history))]
    items += [(_plan_key(plan), plan, None) for plan in plans]
    _sort_newest_first(items, key=lambda item: item[0])
    return [_plan_entry(catalog, what) if index is None else _recognition_entry(catalog, what, index)
            for _, what, index in items[:keep]]


def _newest(grouped: dict[str, list[FeedEntry]], provinces, size: int) -> tuple[FeedEntry, ...]:
    candidates = [entry for slug in provinces for entry in grouped[slug][:size]]
    _sort_newest_first(candidates)
    return tuple(candidates[:size])


def _updated(entries, build_date: dt.date) -> str:
    return max((e.updated for e in entries), default=rfc3339(build_date))


def site_feed(catalog: Catalog, grouped: dict[str, list[FeedEntry]]) -> Feed:
    entries = _newest(grouped, grouped, SITE_FEED_SIZE)
    return Feed(feed_url(), HOME, f"{catalog.site.title}: công nhận và kế hoạch mới",
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


def all_feeds(catalog: Catalog, reuse: Reuse | None = None) -> list[Feed]:
    """The site feed, then one feed per province (in the catalog's order); entries are made once."""
    grouped = entries_by_province(catalog, reuse=reuse)
    return [site_feed(catalog, grouped)] + [province_feed(catalog, slug, grouped) for slug in catalog.provinces]


def with_products(feeds: list[Feed], catalog: Catalog, products: Iterable[Product]) -> list[Feed]:
    """The feeds with every recognition entry of these products made again from the catalog that holds them, for
    products whose edit moved no entry (ocop/body_edits.py: an edit of the fields only the product's own pages and
    entries show). A feed that shows none of their entries is the very same object."""
    remade = {}
    for product in products:
        for index in range(len(product.history)):
            entry = _recognition_entry(catalog, product, index)
            remade[entry.id] = entry
    return [dataclasses.replace(feed, entries=tuple(remade.get(e.id, e) for e in feed.entries))
            if any(e.id in remade for e in feed.entries) else feed for feed in feeds]
