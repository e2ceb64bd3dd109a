"""Saved product records whose edit changes no address, order or count: their pages alone, as Zola's `serve` does.

serve's watcher says which files changed since the last build (build.build's `changed`). When each of
them is a product record that build read, two kinds of edit are made from the last build's result alone,
without a look at every record (seconds at 20,000 products even with the memory):

* **a body edit** — the front matter as it was (the same fields on the same lines), only the Markdown body
  changed, and the body has no mistake (validate.check_body, the one rule that reads a body): the
  product's own page is the only output that changed (no other page, feed or data file shows a body).
  A few hundredths of a second at 20,000 products.
* **a shown-fields edit** — the front matter changed in model.SHOWN_FIELDS alone (producer, locality,
  sources, where to buy), the body perhaps too, and the record has no mistake (validate.product_record_problems:
  no rule across records reads those fields): no address, listing order, count or chart moves. The
  product is made again into the last build's catalog; every route and every part of the page data that
  holds it gets it instead (`_swapped`), its feed entries are made again, the open data files are written
  again (their unchanged rows copied: opendata.RowMemory) and its share card drawn again. Only the routes
  that hold it are fingerprinted again; the others keep the fingerprint the record of site/ has.

tests/test_incremental.py builds every kind of edit this way and compares the site, and the record of it,
with a full build. Anything else is a build that looks at everything (build.build): another kind of file or
a template, a file added or removed, any other front matter change, a mistake, the first build, a build
after a failed one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import feeds, images, model, opendata, write
from .config import Config
from .files import shown_path
from .fingerprints import Fingerprinter, data_file_digests
from .load import KeptRecords, RawRecord, may_be_content, read_again
from .model import SHOWN_FIELDS, Catalog, Product, catalog_key, with_new_body, with_shown_fields
from .reuse import Reuse
from .routes import PageData, Route, data_route, product_route
from .validate import check_body, product_record_problems
from .write import SiteRecord, WritePlan, read_record, record_file, record_stamp


@dataclass(frozen=True)
class LastBuild:
    """What a successful build leaves in serve's build process for the body edits after it."""
    config: Config
    catalog: Catalog
    routes: list[Route]  # every route, in the route table's order
    data: PageData
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
    every_route: list[Route]  # the whole route table
    data: PageData
    new_urls: list[str] = field(default_factory=list)  # published for the first time: for the URL ledger
    edit: str = ""  # "body" or "shown fields" when made from saved product records alone; "" a look at everything


def plan_body_edits(config: Config, last: LastBuild | None, kept: KeptRecords, changed: Iterable[str],
                    git_head: str, digests: Reuse, rows: opendata.RowMemory) -> Planned | None:
    """The pages to render when the changed files are body or shown-fields edits of products alone; None otherwise.

    kept: load's records of the last build (load.KeptRecords); a file read again here is kept for the next
    build, whichever way that one goes. git_head: the commit checked out now (sitemap.git_head). digests: the
    fingerprints' memory (read here, never written: fingerprints.Fingerprinter); rows: the products' open data
    rows serve wrote (opendata.RowMemory)."""
    if last is None or last.config != config or config.cache_dir is None or not config.site_dir.is_dir() \
            or kept.links or last.git_head != git_head:
        return None  # a file reached through a link changes without the watcher naming it; a commit moves dates
    file_of_record = record_file(config.cache_dir, config.site_dir)
    if last.record_stamp is None or record_stamp(file_of_record) != last.record_stamp:
        return None  # another build wrote into site/ since
    records: list[RawRecord] = []
    shown: list[RawRecord] = []  # those whose shown fields changed (records holds them too)
    renamed: list[RawRecord] = []  # those whose name changed (shown holds them too)
    provinces: dict[str, RawRecord] | None = None  # the province records, once a record's rules need them
    content_dir = Path(os.path.abspath(config.content_dir))
    for path in sorted(set(changed)):
        file = Path(os.path.abspath(path))
        if not file.is_relative_to(content_dir):
            return None  # a template, an asset
        inside = file.relative_to(content_dir).parts
        shown_name = shown_path(file, config.project_dir)
        if shown_name not in kept.records:
            hidden = any(part.startswith(".") for part in inside)
            if not may_be_content(file.name) and (hidden or not os.path.lexists(file)) and \
                    not any(name.startswith(shown_name + "/") for name in kept.records):
                continue  # an editor's swap file (".x.md.swp"), or one that came and went ("4913"): never read
            return None  # a file or folder added or gone, a photo, a PDF: the whole content is looked at
        pair = read_again(kept, shown_name)
        if pair is None:
            return None  # gone, or a mistake: reported by a build that looks at everything
        old, new = pair
        if old.kind != "product":
            return None
        if new.data == old.data and new.lines == old.lines and new.body_line == old.body_line:
            if new.body == old.body:
                continue  # saved as it was
            if check_body(new):
                return None
        elif _outside_shown_fields(old.data) == _outside_shown_fields(new.data):
            provinces = provinces if provinces is not None else _province_records(kept)
            if product_record_problems(new, provinces):
                return None
            shown.append(new)
            if new.data["name"] != old.data["name"]:
                renamed.append(new)
        else:
            return None
        records.append(new)
    catalog = last.catalog
    for record in records:
        if catalog.products.get(record.stem) is None or catalog.products[record.stem].path != record.path:
            return None
    for record in renamed:
        if not _keeps_place(catalog, kept, record) or any(p.alt is None for p in catalog.products[record.stem].photos):
            return None  # it moves in the catalog's order (every listing), or its name describes its photos
    previous = read_record(file_of_record)
    if previous is None or not all(route.output in previous.pages and (config.site_dir / route.output).is_file()
                                   for route in map(product_route, (catalog.products[r.stem] for r in records))):
        return None  # site/ is not what the last build left
    return _planned(config, last, records, shown, bool(renamed), previous, digests, rows)


def _planned(config: Config, last: LastBuild, records: list[RawRecord], shown: list[RawRecord], renamed: bool,
             previous: SiteRecord, digests: Reuse, rows: opendata.RowMemory) -> Planned:
    """The edited products made into last build's catalog, routes and page data; what to render and place."""
    catalog = last.catalog
    for record in records:
        catalog = with_shown_fields(catalog, record) if record in shown else with_new_body(catalog, record)
    edited = [catalog.products[record.stem] for record in records]
    products = {product.slug: product for product in edited}  # what replaces every copy of them
    new_of: dict[int, object] = {}  # id(another object of the last build) -> what replaces it
    data = last.data
    if shown:  # the feed entries name the product and who makes it
        # a feed's route may hold last build's equal object rather than the page data's (routes: Reuse.equal)
        held = [route.context["feed"] for route in last.routes if route.kind == "feed"] + list(data.feeds)
        for old_feed, new_feed in zip(held, feeds.with_products(held, catalog, edited)):
            if new_feed is not old_feed:
                new_of[id(old_feed)] = new_feed
    memo: dict[int, object] = {}
    data = _swapped(data, new_of, products, memo)
    made: Iterator[Route] = iter(())
    place: dict = {}
    files = previous.files
    if shown:  # the open data files and the share cards show the fields
        data_files, data_page = opendata.data_files(catalog, data.progress, rows, config.site_dir)
        new_of[id(last.data.data_page)] = data_page
        data = dataclasses.replace(data, data_files=data_files, data_page=data_page)
        made = map(data_route, data_files)  # in the route table's order, as build_routes lists them
        sources, identities = write.placed(images.redrawn(catalog, edited, config.cache_dir),
                                           images.drawn_folder(config.cache_dir))
        place = {output: source for output, source in sources.items() if files.get(output) != identities[output]}
        files = {**files, **identities}

    def swapped(route: Route) -> Route:
        if route.kind == "product":  # its page holds that product alone, and its title is its name
            product = products.get(route.context["product"].slug)
            return route if product is None else product_route(product)
        if route.kind == "data" and shown:  # written by a function of the catalog
            return next(made)
        return _swapped(route, new_of, products, memo)
    routes = list(map(swapped, last.routes))
    prints = Fingerprinter(catalog, last.media, config.templates_dir, digests.read_only())
    moved = [route for route, before in zip(routes, last.routes) if route is not before]
    reads = data_file_digests(prints, catalog, data.progress, only=DATA_SHOWING_FIELDS + (
        (opendata.READS_RECOGNITIONS,) if renamed else ())) if shown else {}
    pages = dict(previous.pages)
    # a data file that reads none of the shown fields keeps its fingerprint (and its bytes)
    pages.update({route.output: prints.route(route, reads) for route in moved
                  if not callable(route.body) or route.context["reads"] in reads})
    if shown:
        render = [route for route in moved if pages[route.output] != previous.pages.get(route.output)]
    else:  # no other page shows a body: the others' fingerprints are brought up to date without rendering them
        render = [route for route in moved if route.kind == "product"]
    record = SiteRecord(pages, files, previous.search)
    plan = WritePlan(full=False, render=frozenset(route.output for route in render), place=place, remove=(),
                     record=record, previous_search=previous.search)
    return Planned(catalog, render, last.media, last.searchable, last.shards, plan, previous, routes, data,
                   edit="shown fields" if shown else "body")


# what the open data files read (opendata.READS_*) that SHOWN_FIELDS are part of: every product's fields, and plan
# progress (the products each target counts). The decisions' files read each product's slug, name and recognitions
# (read again when a name changed), the provinces' which province recognised it: an edit of the other shown
# fields leaves them and their fingerprints alone.
DATA_SHOWING_FIELDS = (opendata.READS_PRODUCTS, opendata.READS_PLAN_PROGRESS)


def _outside_shown_fields(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in SHOWN_FIELDS}


def _keeps_place(catalog: Catalog, kept: KeptRecords, record: RawRecord) -> bool:
    """Whether the renamed product of this record stands where build_catalog would put it: between its neighbours
    in the catalog's order, by their records as they are now (model.catalog_key). Then every listing keeps its
    order too: each sorts the catalog's order by other keys, stably."""
    order = list(catalog.products)
    at = order.index(record.stem)
    key = catalog_key(record)

    def key_of(slug: str) -> tuple | None:
        hit = kept.records.get(catalog.products[slug].path)
        return catalog_key(hit[1]) if hit is not None else None
    before = key_of(order[at - 1]) if at > 0 else None
    after = key_of(order[at + 1]) if at + 1 < len(order) else None
    return (at == 0 or (before is not None and before < key)) and \
        (at + 1 == len(order) or (after is not None and key < after))


def _province_records(kept: KeptRecords) -> dict[str, RawRecord]:
    """The province records of the last load, by slug (what a product's rules read)."""
    return {record.stem: record for _, record in kept.records.values() if record.kind == "province"}


def _swapped(value, new_of: dict[int, object], products: dict[str, Product], memo: dict[int, object]):
    """value with every product of the slugs `products` names replaced by that one, and every object new_of names (by
    id) by its replacement, inside tuples, lists, dicts and dataclasses: the very same object where it holds none.
    A product is known by its slug, not by identity: a result the memory found equal to last build's (Reuse.equal:
    a listing's counts, which hold its products soon to expire) may hold an older, equal copy of it. The catalog's
    own objects (a product, a province, a plan) are not looked into: they hold no page data; nor a route's text or
    body, only its context. memo: what each object looked at became (an object shared by many routes is looked
    at once)."""
    kind = type(value)
    if kind is Product:
        return products.get(value.slug, value)
    replaced = new_of.get(id(value))
    if replaced is not None:
        return replaced
    if kind in _PLAIN:
        return value
    known = memo.get(id(value))
    if known is not None:
        return known[1]
    if kind is tuple or kind is list:
        kinds = set(map(type, value))
        if kinds <= _PLAIN:  # a list of addresses: nothing to look into
            result = value
        elif _catalog_objects(kinds):  # a listing page's products: replaced, never looked into
            result = value if _none_replaced(value, kinds, new_of, products) else kind(
                _swapped(x, new_of, products, memo) for x in value)
        else:
            items = [item if type(item) in _PLAIN else _swapped(item, new_of, products, memo) for item in value]
            result = value if all(map(operator.is_, items, value)) else kind(items)
    elif kind is dict:
        kinds = set(map(type, value.values()))
        if kinds <= _PLAIN or _catalog_objects(kinds) and _none_replaced(value.values(), kinds, new_of, products):
            result = value
        else:
            items = {key: item if type(item) in _PLAIN else _swapped(item, new_of, products, memo)
                     for key, item in value.items()}
            result = value if all(items[key] is item for key, item in value.items()) else items
    elif kind is Route:
        context = _swapped(value.context, new_of, products, memo)
        result = value if context is value.context else dataclasses.replace(value, context=context)
    elif kind.__module__ != model.__name__ and dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {}
        for name in _field_names(kind):
            item = getattr(value, name)
            if type(item) not in _PLAIN:
                swapped = _swapped(item, new_of, products, memo)
                if swapped is not item:
                    changed[name] = swapped
        result = dataclasses.replace(value, **changed) if changed else value
    else:
        result = value
    memo[id(value)] = (value, result)  # the value kept with it: its id is not given to another object meanwhile
    return result


def _none_replaced(items, kinds: set[type], new_of: dict[int, object], products: dict[str, Product]) -> bool:
    """Whether none of these catalog objects is to be replaced (a quick look: no call per item)."""
    if kinds == {Product}:
        return products.keys().isdisjoint(map(_SLUG, items))
    return new_of.keys().isdisjoint(map(id, items)) and not any(
        type(x) is Product and x.slug in products for x in items)


_SLUG = operator.attrgetter("slug")
_PLAIN = frozenset({str, int, float, bool, bytes, type(None), dt.date})


def _catalog_objects(kinds: set[type]) -> bool:
    """Whether these are all kinds of the catalog's own objects (model.py: a product, a province, a plan)."""
    return all(kind.__module__ == model.__name__ for kind in kinds)


@functools.lru_cache(maxsize=None)
def _field_names(kind: type) -> tuple[str, ...]:
    """The fields dataclasses.replace() can be given (those of __init__)."""
    return tuple(spec.name for spec in dataclasses.fields(kind) if spec.init)
