"""Dashboards of the home and province pages: counts over a set of products, and their charts.

Page data, computed once by the build before the route table is assembled: the home page
counts every product, a province page the products it recognised and those of the
provinces merged into it (`Catalog.province_products`).

"Current" means valid on the build date (`Product.is_current`): current stars count only
those, and every list shows them first; the rest is counted apart ("và N sản phẩm đã hết hạn").
"""
from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Hashable
from dataclasses import dataclass, field

from .charts import Chart, charts_for, not_current_words
from .model import Catalog, Product
from .reuse import Reuse
from .slugs import vi_sort_key

SHOWCASE_SIZE = 6  # products in each row of the home page ("newest", "5 sao")


@dataclass(frozen=True)
class Stats:
    """Counts over a set of products, for home and province dashboards."""
    total: int
    by_stars: dict  # stars -> products whose recognition is valid on the build date, for 5, 4, 3, 2, 1
    by_group: tuple  # (group, count) of every product, largest first
    by_year: tuple  # (year, recognitions that year), oldest first, every year between the first and the last
    valid: int  # products whose latest recognition is valid on the build date
    expiring: tuple  # valid products whose recognition certainly ends within EXPIRING_SOON_DAYS
    no_group: int
    expired: int = 0  # latest recognition expired for certain
    uncertain: int = 0  # latest recognition may have expired (or its term is unknown)
    unrated: int = 0  # no decision on record

    @property
    def not_current(self) -> int:
        return self.total - self.valid

    @property
    def past_includes_unsure(self) -> bool:
        """Whether the products not valid include some that may still be, or have no decision on record."""
        return bool(self.uncertain or self.unrated)

    @property
    def not_current_words(self) -> str | None:
        """'77 sản phẩm đã hết hạn': what the current counts leave out (charts.not_current_words)."""
        return not_current_words(self)


@dataclass(frozen=True)
class PastHeading:
    """What a listing's later pages show of its counts: whether the products no longer valid include some of
    uncertain validity or none on record, which names their heading (macros.html, past_heading). Its first
    page shows the counts themselves; so a product added or removed makes again the pages it shifts, and the
    first, not every page of the listing (each showed the total: 657 pages at 20,000 products)."""
    past_includes_unsure: bool

    @classmethod
    def of(cls, stats: Stats) -> PastHeading:
        return cls(stats.past_includes_unsure)


def summarize(products: list[Product]) -> Stats:
    return Tally.of(products).stats()


def counted(reuse: Reuse, key: Hashable, products: list[Product]) -> Stats:
    """summarize(products); in serve, counted from last build's tally under this key when the products are
    last build's but a few (an edited product is a new object): a front matter edit then counts one product
    again, not the 20,000 of the home page and of each listing (~80 ms each)."""
    return reuse.again(key, tuple(products), lambda: Tally.of(products),
                       lambda _last, tally: tally.changed(products)).stats()


@dataclass(frozen=True)
class Tally:
    """What summarize counts over a list of products, before it is sorted into Stats. Never changed once made
    (serve keeps it for the next build): changed() makes a new one."""
    total: int
    groups: dict  # group (None: none) -> products
    years: dict  # year -> recognitions that year
    by_stars: dict  # stars -> valid products, for 5, 4, 3, 2, 1
    kinds: dict  # "valid", "expired", "uncertain", "unrated" -> products
    expiring: tuple  # the valid products whose recognition certainly ends soon, in the list's order
    members: dict  # id(product) -> product, of all of them

    PATCH_LIMIT = 64  # products changed beyond which counting them all again is as quick

    @classmethod
    def of(cls, products: list[Product]) -> Tally:
        tally = cls(len(products), {}, {}, {n: 0 for n in (5, 4, 3, 2, 1)},
                    dict.fromkeys(("valid", "expired", "uncertain", "unrated"), 0), (), {id(p): p for p in products})
        expiring = tuple(p for p in products if tally._count(p, 1))
        return dataclasses.replace(tally, expiring=expiring)

    def changed(self, products: list[Product]) -> Tally | None:
        """The tally of products, from this one (None when more than a few products differ, or a product is
        listed twice in either list)."""
        members = {id(p): p for p in products}
        if len(members) != len(products) or len(self.members) != self.total:
            return None
        gone = [p for key, p in self.members.items() if key not in members]
        came = [p for key, p in members.items() if key not in self.members]
        if len(gone) + len(came) > self.PATCH_LIMIT:
            return None
        tally = Tally(len(products), dict(self.groups), dict(self.years), dict(self.by_stars), dict(self.kinds),
                      (), members)
        expiring = {id(p) for p in self.expiring}
        for p in gone:
            if tally._count(p, -1):
                expiring.discard(id(p))
        for p in came:
            if tally._count(p, 1):
                expiring.add(id(p))
        return dataclasses.replace(tally, expiring=tuple(p for p in products if id(p) in expiring))

    def _count(self, p: Product, sign: int) -> bool:
        """Add (sign 1) or take away (sign -1) one product's counts; a group or year counted 0 is dropped.
        Whether the product is valid and expiring soon."""
        _add(self.groups, p.group, sign)
        for r in p.history:
            if r.decision.date:
                _add(self.years, r.decision.date.year, sign)
        if not p.current:
            kind = "unrated"
        elif p.is_current:
            kind = "valid"
            self.by_stars[p.stars] += sign
        elif p.current.status == "expired":
            kind = "expired"
        else:
            kind = "uncertain"
        self.kinds[kind] += sign
        return kind == "valid" and p.current.status == "expiring"

    def stats(self) -> Stats:
        by_group = tuple(sorted(((g, n) for g, n in self.groups.items() if g),
                                key=lambda gn: (-gn[1], vi_sort_key(gn[0]))))
        years = self.years
        if years:  # every year from the first to the last, so a year without a recognition shows as 0, not as a gap
            years = {year: years.get(year, 0) for year in range(min(years), max(years) + 1)}
        return Stats(self.total, dict(self.by_stars), by_group, tuple(sorted(years.items())), self.kinds["valid"],
                     tuple(sorted(self.expiring, key=lambda p: p.current.expiry.latest)), self.groups.get(None, 0),
                     self.kinds["expired"], self.kinds["uncertain"], self.kinds["unrated"])


def _add(counts: dict, key, sign: int) -> None:
    value = counts.get(key, 0) + sign
    if value:
        counts[key] = value
    else:
        del counts[key]


@dataclass(frozen=True)
class Dashboard:
    stats: Stats
    charts: tuple[Chart, ...]
    newest: tuple[Product, ...] = ()  # home: the most recent recognitions, valid first
    top: tuple[Product, ...] = ()  # home: 5★ products, valid first
    # province: (recognising province slug, its products in this province's list), own first
    origins: tuple[tuple[str, tuple[Product, ...]], ...] = ()
    provinces_with_products: int = 0  # home: provinces of today (after mergers) with at least one product
    # home and the province index: province slug -> how many products the catalog holds for it
    province_counts: dict = field(default_factory=dict)


def dashboard(products: list[Product], stats: Stats | None = None) -> Dashboard:
    stats = stats or summarize(products)
    return Dashboard(stats, charts_for(stats))


def newest(products: list[Product], size: int = SHOWCASE_SIZE) -> tuple[Product, ...]:
    """The latest recognitions: valid ones first, then by the date of the latest decision, newest first; ties in
    the catalog's order. heapq.nsmallest is sorted(...)[:size] (ties too) without sorting all 20,000 products
    after every edit in serve."""
    return tuple(heapq.nsmallest(size, (p for p in products if p.current), key=lambda p: (
        p.status_rank, tuple(-x for x in p.current.decision.when.sort_key()))))


def dashboards(catalog: Catalog, reuse: Reuse | None = None) -> tuple[Dashboard, dict[str, Dashboard]]:
    """The home page's dashboard and each province's (by slug). reuse: a dashboard of the last build in
    this process, while the products it counts (and its province) are the very same objects (serve)."""
    reuse = reuse or Reuse(keep=False)
    everything = list(catalog.products.values())
    counts = counted(reuse, ("home counts",), everything)  # asked every build: the next one counts from it
    home = reuse.get(("home dashboard",), tuple(everything), lambda: _home(everything, counts))
    places = sum(1 for slug, pr in catalog.provinces.items() if pr.is_current and catalog.province_products[slug])
    home = dataclasses.replace(home, provinces_with_products=places, province_counts={
        slug: len(catalog.province_products[slug]) for slug in catalog.provinces})
    provinces = {slug: reuse.get(("province dashboard", slug), (province, *catalog.province_products[slug]),
                                 lambda: _province_dashboard(catalog, slug))
                 for slug, province in catalog.provinces.items()}
    return home, provinces


def _home(everything: list[Product], counts: Stats) -> Dashboard:
    board = dashboard(everything, counts)
    return Dashboard(board.stats, board.charts, newest(everything),
                     top_ranked([p for p in everything if p.stars == 5], SHOWCASE_SIZE))


def _province_dashboard(catalog: Catalog, slug: str) -> Dashboard:
    members = province_members(catalog, slug)
    board = dashboard(members)
    return Dashboard(board.stats, board.charts, origins=origins(catalog, slug, members))


def ranked(products: list[Product]) -> list[Product]:
    """Valid on the build date first, then the rest; most stars first within each; else the catalog's
    (Vietnamese name) order."""
    return sorted(products, key=_rank)


def top_ranked(products: list[Product], size: int) -> tuple[Product, ...]:
    """ranked(products)[:size], without sorting them all."""
    return tuple(heapq.nsmallest(size, products, key=_rank))


def _rank(product: Product) -> tuple[int, int]:
    return product.status_rank, -product.stars


by_stars = ranked  # the name this had before validity came first


def province_members(catalog: Catalog, slug: str) -> list[Product]:
    """A province page's products: those it recognised itself first, then those of each province
    merged into it, in the order of `Province.absorbed`; ranked within each."""
    province = catalog.provinces[slug]
    order = {origin: i for i, origin in enumerate((slug, *province.absorbed))}
    return sorted(ranked(list(catalog.province_products[slug])), key=lambda p: order.get(p.province, len(order)))


def origins(catalog: Catalog, slug: str, members: list[Product]) -> tuple[tuple[str, tuple[Product, ...]], ...]:
    """(recognising province, its products) for the province itself and each province merged into it."""
    province = catalog.provinces[slug]
    return tuple((origin, tuple(p for p in members if p.province == origin)) for origin in (slug, *province.absorbed))


def search_weight(product: Product) -> float:
    """Pagefind weight (0–10, counted squared) of a product's name in the search index: valid on the
    build date above perhaps expired above expired, and more stars above fewer within each, so that
    among products whose names match a query the better standing comes first (docs/search.md).
    Body text keeps a weight below 1, so a name match ranks above a match in the description."""
    if not product.current:
        return 4.0
    top = (10.0, 8.0, 6.0)[product.status_rank]
    return top - 0.5 * (5 - max(product.stars, 2))


def search_meta_weight(product: Product) -> float:
    """Weight of the producer, locality and province words: below every name, ranked the same way."""
    return round(search_weight(product) / 2.5, 2)
