"""Stage 4 — routes: one table of every URL the site publishes.

Each Route says which template renders it and with what objects. Pages, listings, aliases,
feeds and the sitemap all come from this one table, so nothing is published that is not
listed here.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import TextIO
from dataclasses import dataclass, field

from .slugs import slugify

PAGE_SIZE = 48

# Top-level path segments the site uses itself; plain pages may not take them.
RESERVED_TOP_LEVEL = {
    "san-pham", "tinh", "ke-hoach", "nhom", "sao", "tim-kiem", "du-lieu", "assets", "pagefind",
    "feed.xml", "sitemap.xml", "robots.txt", "404.html", "index.html", "trang", "_redirects",
}
# /san-pham/trang/2/ is the showcase's page 2, so no product may be called "trang".
RESERVED_PRODUCT_SLUGS = {"trang"}


def product_url(slug: str) -> str:
    return f"/san-pham/{slug}/"


def province_url(slug: str) -> str:
    return f"/tinh/{slug}/"


def plan_url(province: str, slug: str) -> str:
    return f"/ke-hoach/{province}/{slug}/"


def group_url(group: str) -> str:
    return f"/nhom/{slugify(group)}/"


def stars_url(stars: int) -> str:
    return f"/sao/{stars}/"


def page_url(slug: str) -> str:
    return f"/{slug}/"


def paged_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}trang/{number}/"


def record_url(kind: str, stem: str, folder: str | None) -> str | None:
    """The URL of a record's own page (ratings have none)."""
    if kind == "product":
        return product_url(stem)
    if kind == "province":
        return province_url(stem)
    if kind == "plan":
        return plan_url(folder, stem)
    if kind == "page":
        return page_url(stem)
    return None


def normalize_path(path: str) -> str:
    """'/san-pham/x' -> '/san-pham/x/'; files (with a dot in the last part) stay as they are."""
    path = "/" + path.strip().lstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last:
        path += "/"
    return path


def is_site_path(path: str) -> bool:
    return (path.startswith("/") and "://" not in path and ".." not in path and " " not in path
            and "?" not in path and "#" not in path and "\\" not in path)


def output_file(url: str) -> str:
    """'/san-pham/x/' -> 'san-pham/x/index.html'; '/feed.xml' -> 'feed.xml'."""
    path = url.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


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
        return output_file(self.url)


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    base: str

    def url(self, number: int) -> str:
        return paged_url(self.base, number)

    @property
    def previous(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


def paginate(base: str, items: list, page_size: int = PAGE_SIZE):
    """Yield (url, items of that page, Pagination); one empty page when there are no items."""
    count = max(1, math.ceil(len(items) / page_size))
    for number in range(1, count + 1):
        chunk = items[(number - 1) * page_size: number * page_size]
        yield paged_url(base, number), chunk, Pagination(number, count, base)


def _listing_routes(base: str, title: str, items: list, template: str = "listing.html", **extra) -> list[Route]:
    routes = []
    for url, chunk, pages in paginate(base, items):
        page_title = title if pages.number == 1 else f"{title} — trang {pages.number}"
        routes.append(Route(url, template, "listing", page_title,
                            dict(products=chunk, pages=pages, total=len(items), heading=title, **extra)))
    return routes


def build_routes(catalog, file_dates: dict[str, str] | None = None) -> list[Route]:
    """Every URL of the site, in a stable order. file_dates: {record path: last commit} for sitemap lastmod."""
    from .model import summarize
    from .progress import plan_progress

    products = list(catalog.products.values())
    routes: list[Route] = [Route("/", "home.html", "home", catalog.site.title, {"stats": summarize(products)})]
    ranked = sorted(products, key=lambda p: -p.stars)  # stable: stars, then Vietnamese name order

    for product in products:
        routes.append(Route(product_url(product.slug), "product.html", "product", product.name,
                            {"product": product}, searchable=True))

    progress = {(plan.province, plan.slug): plan_progress(catalog, plan) for plan in catalog.plans}

    for province in catalog.provinces.values():
        members = sorted(catalog.province_products(province.slug), key=lambda p: -p.stars)
        plans = [p for p in catalog.plans if p.province in {province.slug, *province.absorbed}]
        for url, chunk, pages in paginate(province_url(province.slug), members):
            routes.append(Route(url, "province.html", "province" if pages.number == 1 else "listing",
                                province.full_name if pages.number == 1 else f"{province.full_name} — trang {pages.number}",
                                {"province": province, "products": chunk, "pages": pages,
                                 "total": len(members), "plans": [(plan, progress[plan.province, plan.slug]) for plan in plans],
                                 "stats": summarize(members) if pages.number == 1 else None},
                                searchable=pages.number == 1))
    routes.append(Route("/tinh/", "provinces.html", "listing", "Tỉnh, thành phố", {}))

    for plan in catalog.plans:
        routes.append(Route(plan_url(plan.province, plan.slug), "plan.html", "plan", plan.title,
                            {"plan": plan, "progress": progress[plan.province, plan.slug]}, searchable=True))
    routes.append(Route("/ke-hoach/", "plans.html", "listing", "Kế hoạch OCOP các tỉnh", {}))

    routes += _listing_routes("/san-pham/", "Tất cả sản phẩm OCOP", ranked)
    for group in catalog.groups:
        members = [p for p in ranked if p.group == group]
        routes += _listing_routes(group_url(group), f"Nhóm {group}", members, group=group)
    for stars in (5, 4, 3):
        members = [p for p in products if p.stars == stars]
        routes += _listing_routes(stars_url(stars), f"Sản phẩm OCOP {stars} sao", members, stars=stars)

    for page in catalog.pages:
        routes.append(Route(page_url(page.slug), "page.html", "page", page.title, {"page": page}))

    routes.append(Route("/tim-kiem/", "search.html", "search", "Tìm kiếm sản phẩm", {}, in_sitemap=False))
    routes.append(Route("/404.html", "404.html", "notfound", "Không tìm thấy trang", {}, in_sitemap=False))

    # Atom feeds (whole site, each province) and open data files (pre-rendered text)
    from . import feeds, opendata
    routes += [Route(feed.url, "feed.xml", "feed", "Atom", {"feed": feed}, in_sitemap=False)
               for feed in feeds.all_feeds(catalog)]
    data_files, data_page = opendata.data_files(catalog, progress)
    routes.append(Route(opendata.DATA_URL, "opendata.html", "opendata", "Dữ liệu mở", {"data": data_page}))
    routes += [Route(f.url, "", "data", f.url, in_sitemap=False, body=f.write) for f in data_files]

    # aliases: old URLs that redirect to the record that claims them
    targets = {}
    for product in products:
        targets.update({alias: product_url(product.slug) for alias in product.aliases})
    for province in catalog.provinces.values():
        targets.update({alias: province_url(province.slug) for alias in province.aliases})
    for plan in catalog.plans:
        targets.update({alias: plan_url(plan.province, plan.slug) for alias in plan.aliases})
    for page in catalog.pages:
        targets.update({alias: page_url(page.slug) for alias in page.aliases})
    from . import redirects
    table = redirects.redirect_table(targets)  # {old path: new path}: alias pages, _redirects, nginx map
    for alias in sorted(table):
        routes.append(Route(alias, "alias.html", "alias", "Trang đã chuyển", {"target": table[alias]}, in_sitemap=False))
    routes.append(Route(redirects.NETLIFY_FILE, "", "redirects", "_redirects", in_sitemap=False,
                        body=redirects.netlify_redirects(table)))
    routes.append(Route(redirects.NGINX_FILE, "", "redirects", "nginx map", in_sitemap=False,
                        body=redirects.nginx_map(table)))

    sitemap_urls = [route.url for route in routes if route.in_sitemap]
    routes.append(Route("/sitemap.xml", "sitemap.xml", "sitemap", "Sitemap",
                        {"urls": sitemap_urls, "lastmod": feeds.sitemap_lastmod(catalog, file_dates or {})},
                        in_sitemap=False))
    routes.append(Route("/robots.txt", "robots.txt", "robots", "robots.txt", {}, in_sitemap=False))
    return routes
