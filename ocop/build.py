"""The whole build, one stage after another (see the package docstring)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from . import feeds, ledger, write
from .config import Config
from .errors import BuildFailed
from .load import load_content
from .model import Catalog, build_catalog
from .render import RenderSettings, render_all
from .routes import Route, build_routes
from .validate import validate


@dataclass
class BuildReport:
    pages: int = 0
    products: int = 0
    new_urls: int = 0  # addresses published for the first time, added to the URL ledger
    seconds: dict = field(default_factory=dict)
    images: object = None  # ocop.images.ImageReport: photos opened, files drawn and reused

    def summary(self) -> str:
        stages = ", ".join(f"{name} {sec:.2f}s" for name, sec in self.seconds.items())
        ledger_note = f"; {self.new_urls} new URLs recorded in {ledger.LEDGER_FILE}, commit it" if self.new_urls else ""
        return f"{self.pages} files, {self.products} products ({stages}{ledger_note})"


def check(config: Config) -> Catalog:
    """Load and validate; raise BuildFailed with every error, or return the catalog."""
    return checked(config)[0]


def checked(config: Config) -> tuple[Catalog, list[Route], ledger.Ledger]:
    """Load, validate, model, route and compare with the URL ledger; raise BuildFailed with every error.

    A ledger URL that nothing claims any more joins the content errors (see ocop/ledger.py).
    """
    loaded = load_content(config.content_dir, config.project_dir)
    errors = loaded.errors + validate(loaded.records)
    url_ledger, ledger_errors = ledger.read_ledger(config.content_dir, config.project_dir)
    errors += ledger_errors
    if errors:  # no routes without a catalog: check the records' own addresses only
        raise BuildFailed(errors + ledger.vanished(url_ledger, ledger.record_claims(loaded.records),
                                                   [r.name for r in loaded.records], only_record_urls=True))
    catalog = build_catalog(loaded.records, config.build_date)
    # From here on only the records' names are needed (for messages): let their data and
    # line maps go before the route table is built, which keeps the build's peak memory lower.
    names = [record.name for record in loaded.records]
    del loaded
    routes = build_routes(catalog, feeds.git_file_dates(config.project_dir, config.content_dir))
    errors = ledger.vanished(url_ledger, {route.url for route in routes}, names)
    if errors:
        raise BuildFailed(errors)
    return catalog, routes, url_ledger


def build(config: Config) -> BuildReport:
    """Build the site into staging, then swap it into config.site_dir. Raises BuildFailed."""
    report = BuildReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = now - clock
        clock = now

    catalog, routes, url_ledger = checked(config)
    lap("load+validate+model+routes")
    staging = write.new_staging(config.site_dir)
    try:
        from . import images
        stage = images.build_images(catalog, routes, config.cache_dir, staging, config.workers)
        if stage.errors:
            raise BuildFailed(list(stage.errors))
        routes = images.attach(routes, stage)
        report.images = stage.report
        lap("images")
        settings = RenderSettings(config.templates_dir, staging, config.cache_dir / "markdown" if config.cache_dir else None)
        report.pages = render_all(catalog, routes, settings, config.workers)
        write.copy_assets(config.assets_dir, staging)
        lap("render")
        if config.search_index:
            from .search_index import index_site
            index_site(staging)
            lap("index")
        write.swap_into_place(staging, config.site_dir)
    except BaseException:
        write.discard(staging)
        raise
    report.products = len(catalog.products)
    report.new_urls = ledger.record_new_urls(url_ledger, [route.url for route in routes])  # after the swap only
    return report
