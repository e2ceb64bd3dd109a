"""Dashboards of the home and province pages: counts over a set of products, and their charts.

Page data, computed once by the build before the route table is assembled: the home page
counts every product, a province page the products it recognised and those of the
provinces merged into it (`Catalog.province_products`).
"""
from __future__ import annotations

from dataclasses import dataclass

from .charts import Chart, charts_for
from .model import Catalog, Product
from .slugs import vi_sort_key



@dataclass(frozen=True)
class Stats:
    """Counts over a set of products, for home and province dashboards."""
    total: int
    by_stars: dict  # stars -> count, for 5, 4, 3, 2, 1
    by_group: tuple  # (group or None, count), largest first
    by_year: tuple  # (year, recognitions that year), oldest first
    valid: int  # products whose current recognition is valid on the build date
    expiring: tuple  # products whose recognition expires within EXPIRING_SOON_DAYS
    no_group: int


def summarize(products: list[Product]) -> Stats:
    by_stars = {n: 0 for n in (5, 4, 3, 2, 1)}
    groups: dict = {}
    years: dict = {}
    valid = 0
    expiring = []
    for p in products:
        if p.stars:
            by_stars[p.stars] += 1
        groups[p.group] = groups.get(p.group, 0) + 1
        for r in p.history:
            if r.decision.date:
                years[r.decision.date.year] = years.get(r.decision.date.year, 0) + 1
        if p.current and p.current.is_valid:
            valid += 1
        if p.current and p.current.status == "expiring":
            expiring.append(p)
    by_group = tuple(sorted(((g, n) for g, n in groups.items() if g), key=lambda gn: (-gn[1], vi_sort_key(gn[0]))))
    return Stats(len(products), by_stars, by_group, tuple(sorted(years.items())), valid,
                 tuple(sorted(expiring, key=lambda p: p.current.expires.sort_key())), groups.get(None, 0))


@dataclass(frozen=True)
class Dashboard:
    stats: Stats
    charts: tuple[Chart, ...]


def dashboard(products: list[Product]) -> Dashboard:
    stats = summarize(products)
    return Dashboard(stats, charts_for(stats))


def dashboards(catalog: Catalog) -> tuple[Dashboard, dict[str, Dashboard]]:
    """The home page's dashboard and each province's (by slug)."""
    home = dashboard(list(catalog.products.values()))
    return home, {slug: dashboard(by_stars(list(catalog.province_products[slug]))) for slug in catalog.provinces}


def by_stars(products: list[Product]) -> list[Product]:
    """Most stars first; the catalog's (Vietnamese name) order within the same stars."""
    return sorted(products, key=lambda p: -p.stars)
