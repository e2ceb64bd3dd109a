"""Stage 5 — routes: one table of every URL the site publishes, assembled from the catalog and page data.

Each Route says which template renders it and with what objects. Pages, listings, aliases,
feeds, open data and the sitemap all come from this one table, so nothing is published
that is not listed here. What the pages show (dashboards, plan progress, feeds, open-data
files, the redirect table, sitemap dates) is computed before, by the module that owns it,
and handed in as PageData: this module only puts it at its address (`urls.py`).
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from . import headers, urls
from .model import Catalog, Product, Province
from .reuse import Reuse
from .stats import Dashboard, PastHeading, counted, ranked

PAGE_SIZE = 48


@dataclass(frozen=True)
class Route:
    url: str
    template: str
    kind: str  # home | product | province | plan | page | listing | search | notfound | alias | sitemap | robots
    title: str
    context: dict = field(default_factory=dict, hash=False, compare=False)
    searchable: bool = False  # indexed by Pagefind
    in_sitemap: bool = True
    # a file made without a template: its text (_redirects), or a function that writes it into
    # the open file when the render stage reaches it (open data, see opendata.DataFile)
    body: str | Callable[[TextIO], None] | None = field(default=None, repr=False, compare=False)

    @property
    def output(self) -> str:
        return urls.output_file(self.url)


@dataclass(frozen=True)
class PageData:
    """What the pages show beyond the catalog itself, computed by the build before the routes."""
    home: Dashboard  # stats.dashboards()
    provinces: dict  # province slug -> Dashboard
    progress: dict  # (province, plan slug) -> [progress.Progress], progress.all_progress()
    feeds: list  # [feeds.Feed], feeds.all_feeds()
    data_files: list  # [opendata.DataFile]
    data_page: object  # opendata.DataPage
    redirects: dict  # old path -> page URL, redirects.redirect_table()
    netlify_redirects: str  # the two host files of that table
    nginx_redirects: str
    lastmod: dict  # page URL -> last commit date, sitemap.lastmod_dates()
    search_shards: tuple  # the search index's bundles, search_shards.layout()
    host_headers: str = field(default_factory=headers.netlify_headers)  # the `_headers` file


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    base: str

    def url(self, number: int) -> str:
        return urls.paged_url(self.base, number)

    @property
    def previous(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


def paginate(base: str, items: list, reuse: Reuse, page_size: int = PAGE_SIZE):
    """Yield (url, the items of that page as a tuple, Pagination); one empty page when there are no items.
    reuse: a page's tuple is the very same as last build's while it holds the very same items (serve)."""
    count = max(1, math.ceil(len(items) / page_size))
    for number in range(1, count + 1):
        chunk = tuple(items[(number - 1) * page_size: number * page_size])
        yield urls.paged_url(base, number), reuse.get(("page", base, number), chunk, lambda: chunk), \
            Pagination(number, count, base)


def _listing_routes(base: str, title: str, items: list, reuse: Reuse, template: str = "listing.html",
                    **extra) -> list[Route]:
    routes = []
    # how many are valid on the build date, and how many not
    # (the same counts made again after an edit are last build's object: every page of the listing is then the
    # very same Route as before but the one that shows the edited product)
    counts = reuse.equal(("counts made", base), counted(reuse, ("counts", base), items))
    # the first page shows the counts; the later ones only what names their heading of past products
    past_heading = reuse.equal(("past heading", base), PastHeading.of(counts))
    for url, chunk, pages in paginate(base, items, reuse):
        first = pages.number == 1
        page_title = title if first else f"{title} — trang {pages.number}"
        shown = dict(total=len(items), stats=counts) if first else dict(stats=past_heading)
        # the very same Route while its products and what it shows of the counts are the very same
        # (fingerprints.py recognises it)
        routes.append(reuse.get(("listing", url, template, page_title, title, pages.count,
                                 len(items) if first else None, tuple(extra.items())), (chunk, shown["stats"]),
                                lambda: Route(url, template, "listing", page_title,
                                              dict(products=chunk, pages=pages, heading=title, **shown, **extra))))
    return routes


def _province_route(province: Province, url: str, chunk: tuple, pages: Pagination, total: int, plans: list,
                    dashboard: Dashboard) -> Route:
    """One page of a province's products; the first also has its charts, plans and place in the search index."""
    first = pages.number == 1
    context = {"province": province, "products": chunk, "pages": pages, "total": total,
               "plans": plans, "stats": dashboard.stats, "origins": dashboard.origins}
    if first:
        context["charts"] = dashboard.charts
    return Route(url, "province.html", "province" if first else "listing",
                 province.full_name if first else f"{province.full_name} — trang {pages.number}",
                 context, searchable=first)


def product_route(product: Product) -> Route:
    return Route(urls.product_url(product.slug), "product.html", "product", product.name, {"product": product},
                 searchable=True)


def data_route(data_file) -> Route:
    """An open data file's route (opendata.DataFile): written by its own function, or its text."""
    return Route(data_file.url, "", "data", data_file.url, {"reads": data_file.reads}, in_sitemap=False,
                 body=data_file.write)


def build_routes(catalog: Catalog, data: PageData, reuse: Reuse | None = None) -> list[Route]:
    """Every URL of the site, in a stable order.

    reuse: the last build's routes in this process (serve): a product's route is the very same Route while
    the product is the very same object, and a listing page's products the very same tuple while they are
    the very same products, so the fingerprints can recognise them (fingerprints.py)."""
    reuse = reuse or Reuse(keep=False)
    products = list(catalog.products.values())
    routes: list[Route] = [Route(urls.HOME, "home.html", "home", catalog.site.title,
                                 {"stats": data.home.stats, "charts": data.home.charts, "newest": data.home.newest,
                                  "top": data.home.top, "places": data.home.provinces_with_products,
                                  "province_counts": data.home.province_counts})]
    showcase = reuse.get(("showcase",), tuple(products), lambda: ranked(products))  # valid first, then most stars

    for product in products:
        routes.append(reuse.get(("product", product.slug), (product,), lambda: product_route(product)))

    for province in catalog.provinces.values():
        dashboard = data.provinces[province.slug]
        # its own products first, then each merged province's (stats.origins), valid first within each
        members = [p for _, products_of in dashboard.origins for p in products_of]
        plans = [(plan, data.progress[plan.province, plan.slug]) for plan in catalog.plans
                 if plan.province in {province.slug, *province.absorbed}]
        for url, chunk, pages in paginate(urls.province_url(province.slug), members, reuse):
            routes.append(reuse.get(
                ("province", url, pages.count, len(members)),
                (province, chunk, dashboard.stats, dashboard.origins, dashboard.charts,
                 *(x for pair in plans for x in pair)),
                lambda: _province_route(province, url, chunk, pages, len(members), plans, dashboard)))
    routes.append(Route(urls.PROVINCES, "provinces.html", "listing", "Tỉnh, thành phố",
                        {"province_counts": data.home.province_counts}))

    for plan in catalog.plans:
        progress = data.progress[plan.province, plan.slug]
        routes.append(reuse.get(("plan", plan.province, plan.slug), (plan, progress),
                                lambda: Route(urls.plan_url(plan.province, plan.slug), "plan.html", "plan", plan.title,
                                              {"plan": plan, "progress": progress}, searchable=True)))
    routes.append(Route(urls.PLANS, "plans.html", "listing", "Kế hoạch OCOP các tỉnh", {}))

    routes += _listing_routes(urls.PRODUCTS, "Tất cả sản phẩm OCOP", showcase, reuse=reuse)
    for group in catalog.groups:
        members = [p for p in showcase if p.group == group]
        routes += _listing_routes(urls.group_url(group), f"Nhóm {group}", members, reuse=reuse, group=group)
    for stars in (5, 4, 3):
        members = [p for p in showcase if p.stars == stars]
        routes += _listing_routes(urls.stars_url(stars), f"Sản phẩm OCOP {stars} sao", members, reuse=reuse,
                                  stars=stars)

    for page in catalog.pages:
        routes.append(Route(urls.page_url(page.slug), "page.html", "page", page.title, {"page": page}))

    routes.append(Route(urls.SEARCH, "search.html", "search", "Tìm kiếm sản phẩm",
                        {"bundles": [s.bundle for s in data.search_shards if not s.full_text],
                         "full_text_bundles": [s.bundle for s in data.search_shards if s.full_text]},
                        in_sitemap=False))
    routes.append(Route(urls.NOT_FOUND, "404.html", "notfound", "Không tìm thấy trang", {}, in_sitemap=False))

    for feed in data.feeds:  # a feed equal to last build's (its entries are made again only for what changed)
        same = reuse.equal(("feed", feed.url), feed)
        routes.append(reuse.get(("feed route", feed.url), (same,),
                                lambda: Route(same.url, "feed.xml", "feed", "Atom", {"feed": same}, in_sitemap=False)))
    routes.append(Route(urls.DATA, "opendata.html", "opendata", "Dữ liệu mở", {"data": data.data_page}))
    routes += [data_route(f) for f in data.data_files]

    # aliases: old URLs that redirect to the record that claims them
    for alias in sorted(data.redirects):
        target = data.redirects[alias]
        routes.append(reuse.get(("alias", alias, target), (), lambda: Route(
            alias, "alias.html", "alias", "Trang đã chuyển", {"target": target}, in_sitemap=False)))
    routes.append(Route(urls.NETLIFY_REDIRECTS, "", "redirects", "_redirects", in_sitemap=False,
                        body=data.netlify_redirects))
    routes.append(Route(urls.NGINX_REDIRECTS, "", "redirects", "nginx map", in_sitemap=False,
                        body=data.nginx_redirects))
    routes.append(Route(urls.NETLIFY_HEADERS, "", "headers", "_headers", in_sitemap=False, body=data.host_headers))

    sitemap_urls = [route.url for route in routes if route.in_sitemap]
    routes.append(Route(urls.SITEMAP, "sitemap.xml", "sitemap", "Sitemap", {"urls": sitemap_urls, "lastmod": data.lastmod},
                        in_sitemap=False))
    routes.append(Route(urls.ROBOTS, "robots.txt", "robots", "robots.txt", {}, in_sitemap=False))
    reuse.next_build()
    return routes
