"""The whole build, one stage after another: a function of the content, the templates and the build date.

    load → validate → model → page data → routes → ledger check → images → render → write → index

`checked()` runs the stages that can find content mistakes (everything up to the route
table and the URL ledger); `build()` adds the stages that write files. The build never
writes into content/: it returns the URLs it published for the first time, and the
command line records them in the URL ledger (`ledger.record_new_urls`).
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import (body_edits, feeds, fingerprints, images, ledger, opendata, parallel, progress, redirects, release,
               search_index, search_shards, sitemap, stats, write)
from .body_edits import Planned
from .config import Config
from .errors import BuildFailed
from .images import ImageReport
from .load import KeptRecords, load_content
from .model import Catalog, build_catalog
from .render import RenderSettings, render_all
from .routes import PageData, Route, build_routes
from .reuse import Reuse
from .validate import validate


@dataclass(frozen=True)
class Checked:
    """A catalog without mistakes and its route table, checked against the URL ledger."""
    catalog: Catalog
    data: PageData
    routes: list[Route]
    new_urls: list[str]  # permanent URLs not yet in the ledger


@dataclass
class BuildMemory:
    """What a long-lived build process (`serve`) keeps from one build to the next, one part per stage.

    Each stage gets only its own part and recognises what did not change by identity: load keeps the
    record of every unchanged file as the same object, and every later step reuses what it made of
    the very same objects last time (ocop/reuse.py). A build with a memory gives the same site as one
    without (tests/test_incremental.py); a one-shot build needs none.
    """
    records: KeptRecords = field(default_factory=KeptRecords)
    checks: Reuse = field(default_factory=Reuse)  # validate
    model: Reuse = field(default_factory=Reuse)  # build_catalog: decisions, products, provinces, plans
    page_data: Reuse = field(default_factory=Reuse)  # dashboards, plan progress, feed entries
    images: Reuse = field(default_factory=Reuse)  # each product's drawing jobs and media
    routes: Reuse = field(default_factory=Reuse)  # build_routes: each product's route
    digests: Reuse = field(default_factory=Reuse)  # fingerprints: each product's digests and its page's
    open_data: opendata.RowMemory = field(default_factory=opendata.RowMemory)  # open data rows as written
    site_folders: write.KnownFolders = field(default_factory=write.KnownFolders)  # site/ as last listed
    last: body_edits.LastBuild | None = None  # the last build's result, when it succeeded: for body edits
    # folders of search bundles swapped out by the last build, removed once it was reported (remove_replaced)
    replaced: list[Path] = field(default_factory=list)


STAGE_WORDS = {"body edits": "đọc phần mô tả vừa sửa", "shown fields": "đọc bản ghi sản phẩm vừa sửa", "load+validate+model+routes": "đọc và kiểm tra",
               "images": "ảnh", "render": "dựng trang", "index": "chỉ mục tìm kiếm"}


@dataclass
class BuildReport:
    pages: int = 0  # files rendered by this build
    products: int = 0
    full: bool = True  # False: an incremental build (only what changed was rendered and written)
    new_urls: list[str] = field(default_factory=list)  # published for the first time: for the URL ledger
    seconds: dict = field(default_factory=dict)
    images: ImageReport | None = None  # photos opened, files drawn and reused
    base_url: str = ""  # content/site.yaml's: serve marks a placeholder address on its preview
    body_edits: bool = False  # only edited products' pages were made (ocop/body_edits.py)
    shown_edits: bool = False  # only the pages that show edited products' shown fields were made (the same)


    def summary(self) -> str:
        stages = ", ".join(f"{STAGE_WORDS.get(name, name)} {sec:.2f} giây".replace(".", ",")
                           for name, sec in self.seconds.items())
        return f"{self.pages} tệp, {self.products} sản phẩm ({stages})"


def page_data(config: Config, catalog: Catalog, reuse: Reuse | None = None,
              rows: opendata.RowMemory | None = None) -> PageData:
    """What the pages show beyond the records: each part computed by the module that owns it.
    reuse: what the last build in this process made of the very same products (serve); rows: the products'
    open data rows it wrote (opendata.RowMemory)."""
    home, provinces = stats.dashboards(catalog, reuse)
    plan_progress = progress.all_progress(catalog, reuse)
    all_feeds = feeds.all_feeds(catalog, reuse)
    limits = (config.search_names_shard_pages, config.search_shard_pages)
    shards = (reuse or Reuse(keep=False)).get(("search shards", limits, tuple(catalog.products)), (),
                                              lambda: search_shards.both_tiers(catalog, *limits))  # same slugs
    if reuse is not None:
        reuse.next_build()
    data_files, data_page = opendata.data_files(catalog, plan_progress, rows, config.site_dir)
    table = redirects.redirect_table(catalog)
    return PageData(
        home=home, provinces=provinces, progress=plan_progress, feeds=all_feeds,
        data_files=data_files, data_page=data_page, redirects=table,
        netlify_redirects=redirects.netlify_redirects(table), nginx_redirects=redirects.nginx_map(table),
        lastmod=sitemap.lastmod_dates(catalog, sitemap.git_file_dates(config.project_dir, config.content_dir)),
        search_shards=shards)


def checked(config: Config, memory: BuildMemory | None = None) -> Checked:
    """Load, validate, model, page data, routes, then the URL ledger; raise BuildFailed with every error.

    A ledger URL that nothing claims any more joins the content errors (see ocop/ledger.py). A release
    (config.release) also refuses the placeholder base_url and addresses the ledger does not list yet.
    """
    with parallel.few_collections():
        return _checked(config, memory)


def _checked(config: Config, memory: BuildMemory | None) -> Checked:
    loaded = load_content(config.content_dir, config.project_dir, config.records_cache,
                          memory.records if memory else None)
    published = loaded.ledger.urls if loaded.ledger else frozenset()
    errors = loaded.errors + validate(loaded.records, published, memory.checks if memory else None)
    if config.release:
        errors += release.placeholder_errors(loaded.records)
    if errors:  # no routes without a catalog: check the records' own addresses only
        raise BuildFailed(errors + (ledger.check_records(loaded.ledger, loaded.records) if loaded.ledger else []))
    url_ledger = loaded.ledger
    catalog = build_catalog(loaded.records, config.build_date, memory.model if memory else None)
    # From here on only the records' names are needed (for messages): let their data and
    # line maps go before the route table is built, which keeps the build's peak memory lower.
    names = [record.name for record in loaded.records]
    del loaded
    data = page_data(config, catalog, memory.page_data if memory else None, memory.open_data if memory else None)
    routes = build_routes(catalog, data, memory.routes if memory else None)
    errors, new_urls = ledger.check_routes(url_ledger, [r.url for r in routes], names)
    if config.release:
        errors += ledger.missing_from_ledger(url_ledger, new_urls)
    if errors:
        raise BuildFailed(errors)
    return Checked(catalog, data, routes, new_urls)


def check(config: Config) -> Catalog:
    """Load and validate; raise BuildFailed with every error, or return the catalog."""
    return checked(config).catalog


def build(config: Config, memory: BuildMemory | None = None,
          pages_written: Callable[[str], None] | None = None, changed: Iterable[str] | None = None) -> BuildReport:
    """Build the site into config.site_dir, touching only what changed since the last build. Raises BuildFailed.

    memory: what the last build in this process kept (serve), updated here. pages_written: called with the
    site's base_url once an incremental build's pages are in site/, before the search index is brought up
    to date (serve reloads the browser then; the index follows within seconds). changed: the files changed
    since the last build in this process, as serve's watcher saw them (absolute paths); when they are
    product bodies alone, only those products' pages are made (ocop/body_edits.py)."""
    report = BuildReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[name] = now - clock
        clock = now

    head = sitemap.git_head(config.project_dir) if memory is not None else ""  # before anything is read
    site = None
    if memory is not None:
        last, memory.last = memory.last, None  # kept again only when this build succeeds
        if changed is not None:
            site = body_edits.plan_body_edits(config, last, memory.records, changed, head, memory.digests,
                                              memory.open_data)
        del last  # not held through a build that makes everything again (~10 MB at 20,000 products)
    with images_cache(config) as cache:
        if site is not None:
            lap("body edits" if site.edit == "body" else "shown fields")
            report.body_edits = site.edit == "body"
            report.shown_edits = site.edit == "shown fields"
        else:
            site = _planned(config, memory, cache, report, lap)
        _written(config, site, cache, pages_written, lap, memory.replaced if memory is not None else None)
    report.pages = len(site.routes)
    report.products = len(site.catalog.products)
    report.new_urls = site.new_urls
    report.full = site.plan.full
    report.base_url = site.catalog.site.base_url
    if memory is not None:
        memory.last = body_edits.LastBuild(config, site.catalog, site.every_route, site.data, site.media,
                                           site.searchable, site.shards, head, write.record_stamp(_record_file(config)))
    return report


def _planned(config: Config, memory: BuildMemory | None, cache: Path, report: BuildReport,
             lap: Callable[[str], None]) -> Planned:
    """Every record read, checked and made into pages, pictures drawn, each page's fingerprint compared with
    what site/ holds: what to render, place and remove."""
    site = checked(config, memory)
    lap("load+validate+model+routes")
    # the catalog lives to the end: collecting less often makes images and fingerprints ~2x faster; not
    # while rendering, whose garbage would then pile up (+45 MB at 20,000 products)
    with parallel.few_collections():
        pictures = images.build_images(site.catalog, cache, config.workers, memory.images if memory else None)
        if pictures.errors:
            raise BuildFailed(list(pictures.errors))
        report.images = pictures.report
        lap("images")
        pages = fingerprints.route_fingerprints(site.catalog, site.routes, pictures.media,
                                                config.templates_dir, site.data.progress,
                                                memory.digests if memory else None)
        previous = write.read_record(_record_file(config))
        plan = write.plan(config.site_dir, previous, pages,
                          [*pictures.files, *write.asset_files(config.assets_dir),
                           *write.document_files(site.catalog.decisions)], pictures.drawn_folder,
                          memory.site_folders if memory else None)
    return Planned(site.catalog, [r for r in site.routes if r.output in plan.render], pictures.media,
                   frozenset(r.output for r in site.routes if r.searchable), site.data.search_shards, plan, previous,
                   site.routes, site.data, site.new_urls)


def _written(config: Config, site: Planned, cache: Path, pages_written: Callable[[str], None] | None,
             lap: Callable[[str], None], replaced: list[Path] | None) -> None:
    """Render the plan's pages into site/, place and remove files, bring the search index up to date, and
    save the record of what site/ now holds in the cache, for the next build. replaced: where the folders of
    the search bundles swapped out go, for the caller to remove (remove_replaced); None: removed here."""
    plan, previous = site.plan, site.previous
    record_file = _record_file(config)
    records = search_index.records_folder(cache, config.site_dir)  # the names index's input (search_index.py)
    pages = search_index.pages_folder(cache, config.site_dir)  # the full-text shards' input, hard links
    records_were_valid = search_index.records_valid(records)
    shards = site.shards
    layout = search_index.recorded_layout(shards) if config.search_index else None
    saved_without_index = False
    search_index.forget_records(records)  # kept again only once this build has succeeded
    with write.update(config.site_dir, plan) as update:  # site/ changes only if the block succeeds
        settings = RenderSettings(config.templates_dir, update.folder, config.cache_dir)
        render_all(site.catalog, site.routes, site.media, settings, config.workers, incremental=not plan.full)
        lap("render")
        if config.search_index and plan.full:
            search_index.remake_records(update.folder, records, site.searchable)
            search_index.index_shards(update.folder, shards, records, pages, site.searchable)
    wrote = site.routes or plan.place or plan.remove
    if pages_written is not None and not plan.full and config.search_index and wrote:
        pages_written(site.catalog.site.base_url)
    if config.search_index and not plan.full:
        layout_changed = plan.previous_search != layout
        fresh = not records_were_valid or layout_changed
        # pages re-rendered (their bytes may equal what a build without this cache, or one that failed after
        # writing site/ and before saving its record, wrote) or changed
        looked_at = plan.render | update.changed
        if fresh:  # every record made again: every names shard indexed again
            changes = search_index.remake_records(config.site_dir, records, site.searchable)
        else:
            changes = search_index.update_records(config.site_dir, records, looked_at, site.searchable)
        folders = shards_to_index(config.site_dir, shards, layout_changed, looked_at, changes, fresh)
        if folders:  # until the index is made, the record says site/ has none: a failed run is redone
            write.save_record(record_file, write.SiteRecord(plan.record.pages, plan.record.files, None))
            saved_without_index = True
            search_index.index_shards(config.site_dir, shards, records, pages, site.searchable, folders, swap=True,
                                      replaced=replaced)
    elif not config.search_index:
        search_index.remove_index(config.site_dir, pages)
    final = write.SiteRecord(plan.record.pages, plan.record.files, layout)
    if final != previous or saved_without_index:  # nothing changed: the record stays as it is (0.4 s)
        write.save_record(record_file, final)
    if config.search_index:
        search_index.keep_records(records)
        lap("index")


def remove_replaced(memory: BuildMemory) -> None:
    """Remove the search bundles the last build swapped out (serve: after it said the index is up to date)."""
    while memory.replaced:
        shutil.rmtree(memory.replaced.pop(), ignore_errors=True)


def between_builds(config: Config, memory: BuildMemory) -> None:
    """serve's build process, once a build is done: learn what the next build may then skip. For now the
    products' and the decisions' open data rows (opendata.remember_rows), when the last build did not
    write them here."""
    if memory.last is not None and memory.last.config == config:
        opendata.remember_rows(memory.open_data, memory.last.catalog, config.site_dir)


def _record_file(config: Config) -> Path | None:
    """Where the record of what site/ holds is kept between builds (write.SiteRecord); none without a cache."""
    return write.record_file(config.cache_dir, config.site_dir) if config.cache_dir else None


def shards_to_index(site_dir: Path, shards: tuple, layout_changed: bool, looked_at: set[str],
                    changes: search_index.RecordChanges, fresh: bool) -> set[str]:
    """The search shards an incremental build indexes again.

    The full-text shards holding a page whose indexed text changed (search_index.indexed_digest: a province's
    product cards, or the products a plan counts, are not part of it), appeared or went away; the names shards
    holding a record that changed. When the records were made anew (what changed before is not known), every
    names shard, and the full-text shards holding a page rendered or changed (it may have left the index, or a
    build that failed before saving its record may have written it without indexing it). Every
    shard when the index in site/ was made with another layout (or is not there)."""
    if layout_changed or not all((site_dir / s.folder / "pagefind.js").is_file() for s in shards):
        return {s.folder for s in shards}
    full_text = tuple(s for s in shards if s.full_text)
    names = tuple(s for s in shards if not s.full_text)
    if fresh:
        return search_shards.touched(full_text, looked_at) | {s.folder for s in names}
    return search_shards.touched(full_text, changes.indexed) | search_shards.touched(names, changes.records)


@contextlib.contextmanager
def images_cache(config: Config) -> Iterator[Path]:
    """The cache folder for pictures; a temporary one (removed after the build) with --no-cache."""
    if config.cache_dir is not None:
        yield config.cache_dir
        return
    with tempfile.TemporaryDirectory(prefix="ocop-images-") as folder:
        yield Path(folder)
