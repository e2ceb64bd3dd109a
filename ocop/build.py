"""The whole build, one stage after another: a function of the content, the templates and the build date.

    load → validate → model → page data → routes → ledger check → images → render → write → index

`checked()` runs the stages that can find content mistakes (everything up to the route
table and the URL ledger); `build()` adds the stages that write files. The build never
writes into content/: it returns the URLs it published for the first time, and the
command line records them in the URL ledger (`ledger.record_new_urls`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from . import feeds, images, ledger, opendata, progress, redirects, release, search_index, sitemap, stats, write
from .config import Config
from .errors import BuildFailed
from .images import ImageReport
from .load import load_content
from .model import Catalog, build_catalog
from .render import RenderSettings, render_all
from .routes import PageData, Route, build_routes
from .validate import validate


@dataclass(frozen=True)
class Checked:
    """A catalog without mistakes and its route table, checked against the URL ledger."""
    catalog: Catalog
    routes: list[Route]
    new_urls: list[str]  # permanent URLs not yet in the ledger


STAGE_WORDS = {"load+validate+model+routes": "đọc và kiểm tra", "images": "ảnh", "render": "dựng trang",
               "index": "chỉ mục tìm kiếm"}


@dataclass
class BuildReport:
    pages: int = 0
    products: int = 0
    new_urls: list[str] = field(default_factory=list)  # published for the first time: for the URL ledger
    seconds: dict = field(default_factory=dict)
    images: ImageReport | None = None  # photos opened, files drawn and reused
    base_url: str = ""  # content/site.yaml's: serve marks a placeholder address on its preview


    def summary(self) -> str:
        stages = ", ".join(f"{STAGE_WORDS.get(name, name)} {sec:.2f} giây".replace(".", ",")
                           for name, sec in self.seconds.items())
        return f"{self.pages} tệp, {self.products} sản phẩm ({stages})"


def page_data(config: Config, catalog: Catalog) -> PageData:
    """What the pages show beyond the records: each part computed by the module that owns it."""
    home, provinces = stats.dashboards(catalog)
    plan_progress = progress.all_progress(catalog)
    data_files, data_page = opendata.data_files(catalog, plan_progress)
    table = redirects.redirect_table(catalog)
    return PageData(
        home=home, provinces=provinces, progress=plan_progress, feeds=feeds.all_feeds(catalog),
        data_files=data_files, data_page=data_page, redirects=table,
        netlify_redirects=redirects.netlify_redirects(table), nginx_redirects=redirects.nginx_map(table),
        lastmod=sitemap.lastmod_dates(catalog, sitemap.git_file_dates(config.project_dir, config.content_dir)))


def checked(config: Config) -> Checked:
    """Load, validate, model, page data, routes, then the URL ledger; raise BuildFailed with every error.

    A ledger URL that nothing claims any more joins the content errors (see ocop/ledger.py). A release
    (config.release) also refuses the placeholder base_url and addresses the ledger does not list yet.
    """
    loaded = load_content(config.content_dir, config.project_dir)
    published = loaded.ledger.urls if loaded.ledger else frozenset()
    errors = loaded.errors + validate(loaded.records, published)
    if config.release:
        errors += release.placeholder_errors(loaded.records)
    if errors:  # no routes without a catalog: check the records' own addresses only
        raise BuildFailed(errors + (ledger.check_records(loaded.ledger, loaded.records) if loaded.ledger else []))
    url_ledger = loaded.ledger
    catalog = build_catalog(loaded.records, config.build_date)
    # From here on only the records' names are needed (for messages): let their data and
    # line maps go before the route table is built, which keeps the build's peak memory lower.
    names = [record.name for record in loaded.records]
    del loaded
    data = page_data(config, catalog)
    routes = build_routes(catalog, data)
    errors, new_urls = ledger.check_routes(url_ledger, [r.url for r in routes], names)
    if config.release:
        errors += ledger.missing_from_ledger(url_ledger, new_urls)
    if errors:
        raise BuildFailed(errors)
    return Checked(catalog, routes, new_urls)


def check(config: Config) -> Catalog:
    """Load and validate; raise BuildFailed with every error, or return the catalog."""
    return checked(config).catalog


def build(config: Config) -> BuildReport:
    """Build the site into staging, then swap it into config.site_dir. Raises BuildFailed."""
    report = BuildReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = now - clock
        clock = now

    site = checked(config)
    lap("load+validate+model+routes")
    with write.staged(config.site_dir) as staging:  # swapped into site/ only if everything below succeeds
        pictures = images.build_images(site.catalog, config.cache_dir, staging, config.workers)
        if pictures.errors:
            raise BuildFailed(list(pictures.errors))
        report.images = pictures.report
        lap("images")
        settings = RenderSettings(config.templates_dir, staging,
                                  config.cache_dir / "markdown" if config.cache_dir else None)
        report.pages = render_all(site.catalog, site.routes, pictures.media, settings, config.workers)
        write.copy_assets(config.assets_dir, staging)
        lap("render")
        if config.search_index:
            search_index.index_site(staging)
            lap("index")
    report.products = len(site.catalog.products)
    report.new_urls = site.new_urls
    report.base_url = site.catalog.site.base_url
    return report
