"""A saved product whose front matter did not change: its own page alone, as Zola's `serve` does.

serve's watcher says which files changed since the last build (build.build's `changed`). When each of
them is a product record that build read, and each still has its front matter (the same fields on the
same lines) with only its Markdown body changed, and the body has no mistake (validate.check_body, the
one rule that reads a body), then the product's own page is the only output that changed: no other
page, feed or data file shows a product's body (tests/test_incremental.py builds every kind of edit
this way and compares with a full build). The build then reads those files and renders those pages
alone: a few hundredths of a second at 20,000 products, where a build that looks at every record
takes seconds even with the memory.

Anything else is a build that looks at everything (build.build): another kind of file or a template,
a file added or removed, a front matter change, a mistake, the first build, a build after a failed one.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Config
from .files import shown_path
from .fingerprints import Fingerprinter
from .load import KeptRecords, RawRecord, may_be_content, read_again
from .model import Catalog, with_new_body
from .routes import Route, product_route
from .validate import check_body
from .write import SiteRecord, WritePlan, read_record, record_file, record_stamp


@dataclass(frozen=True)
class LastBuild:
    """What a successful build leaves in serve's build process for the body edits after it."""
    config: Config
    catalog: Catalog
    media: dict  # product slug -> images.ProductMedia
    searchable: frozenset  # the output files the search index reads
    shards: tuple  # the search index's layout (search_shards.both_tiers)
    git_head: str  # the commit checked out when it started: the sitemap's page dates come from git's history
    record_stamp: tuple | None  # of the record of site/ it saved (write.record_stamp): no other build wrote since
    # what site/ holds (every page's fingerprint, every placed file) is read from its record in the cache
    # when needed: 60,000 placed files at 20,000 products, ~15 MB kept for nothing between two saves


@dataclass(frozen=True)
class Planned:
    """What the write stage gets (build._written), from a build that looks at everything (build._planned) or
    from body edits: the pages to render and what else site/ is to hold."""
    catalog: Catalog
    routes: list[Route]  # those to render (the plan's)
    media: dict  # product slug -> images.ProductMedia
    searchable: frozenset  # every output file the search index reads
    shards: tuple  # the search index's layout (search_shards.both_tiers)
    plan: WritePlan
    previous: SiteRecord | None  # what site/ held
    new_urls: list[str] = field(default_factory=list)  # published for the first time: for the URL ledger


def plan_body_edits(config: Config, last: LastBuild | None, kept: KeptRecords, changed: Iterable[str],
                    git_head: str) -> Planned | None:
    """The pages to render when the changed files are body edits alone; None otherwise.

    kept: load's records of the last build (load.KeptRecords); a file read again here is kept for the next
    build, whichever way that one goes. git_head: the commit checked out now (sitemap.git_head)."""
    if last is None or last.config != config or config.cache_dir is None or not config.site_dir.is_dir() \
            or kept.links or last.git_head != git_head:
        return None  # a file reached through a link changes without the watcher naming it; a commit moves dates
    file_of_record = record_file(config.cache_dir, config.site_dir)
    if last.record_stamp is None or record_stamp(file_of_record) != last.record_stamp:
        return None  # another build wrote into site/ since
    records: list[RawRecord] = []
    content_dir = Path(os.path.abspath(config.content_dir))
    for path in sorted(set(changed)):
        file = Path(os.path.abspath(path))
        if not file.is_relative_to(content_dir):
            return None  # a template, an asset
        inside = file.relative_to(content_dir).parts
        shown = shown_path(file, config.project_dir)
        if shown not in kept.records:
            hidden = any(part.startswith(".") for part in inside)
            if not may_be_content(file.name) and (hidden or not os.path.lexists(file)) and \
                    not any(name.startswith(shown + "/") for name in kept.records):
                continue  # an editor's swap file (".x.md.swp"), or one that came and went ("4913"): never read
            return None  # a file or folder added or gone, a photo, a PDF: the whole content is looked at
        pair = read_again(kept, shown)
        if pair is None:
            return None  # gone, or a mistake: reported by a build that looks at everything
        old, new = pair
        if old.kind != "product" or new.data != old.data or new.lines != old.lines or new.body_line != old.body_line:
            return None
        if new.body == old.body:
            continue  # saved as it was
        if check_body(new):
            return None
        records.append(new)
    catalog = last.catalog
    for record in records:
        if catalog.products.get(record.stem) is None or catalog.products[record.stem].path != record.path:
            return None
        catalog = with_new_body(catalog, record)
    routes = [product_route(catalog.products[record.stem]) for record in records]
    previous = read_record(file_of_record)
    if previous is None or not all(route.output in previous.pages and (config.site_dir / route.output).is_file()
                                   for route in routes):
        return None  # site/ is not what the last build left
    prints = Fingerprinter(catalog, last.media, config.templates_dir)
    pages = dict(previous.pages)
    pages.update({route.output: prints.route(route, data_digests={}) for route in routes})  # no data file here
    record = SiteRecord(pages, previous.files, previous.search)
    plan = WritePlan(full=False, render=frozenset(route.output for route in routes), place={}, remove=(),
                     record=record, previous_search=previous.search)
    return Planned(catalog, routes, last.media, last.searchable, last.shards, plan, previous)
