"""How the search index is split: which pages each Pagefind bundle indexes (page data for the index stage).

The index comes in two tiers, each split into shards:

* the **names index** (`/pagefind/`, `/pagefind-2/`…): what a search needs first, the names,
  producers, places and filters of the products, provinces and plans. It is indexed from
  small search records (ocop/search_index.py), not from the pages, so a first search downloads
  names, not descriptions: ~1 KB of words per product;
* the **full-text index** (`/pagefind-toan-van/`, `/pagefind-toan-van-2/`…): the pages as
  they are, descriptions and decision histories too; the search page loads it only when the
  visitor asks to search descriptions, or when no name matches.

One Pagefind run over 20,000 product pages peaks at ~4 GB and cannot be updated page by page
(Pagefind has no incremental indexing), so each tier is sharded:

* its primary bundle holds the provinces and plans (and, while the catalog is small enough
  for one shard, the products too: the bundled site has one bundle per tier);
* product bundles each hold the products whose slugs start with a run of prefixes ("ba",
  "bo", "ca"…), at most `limit` products each and, but for the last, nearly that many
  (Config.search_names_shard_pages for the names, Config.search_shard_pages for the full
  text: full pages cost more to index).

Pagefind selects a shard's pages with a file glob (`san-pham/{b,ca,ch}*/index.html`), so a
shard is re-indexed on its own when one of its pages changes, in seconds and a few hundred
MB. The search page loads each tier's primary bundle and merges the others into it
(Pagefind's `mergeIndex`): one result list, filters and sorting across all shards.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import urls
from .config import SEARCH_NAMES_SHARD_PAGES, SEARCH_SHARD_PAGES
from .model import Catalog

# a shard is filled with runs of slugs ("ba", "bo"…) of at most 1/COVER_PARTS of its limit each, so that every
# shard but the last holds nearly `limit` products (with whole first letters, the 20,000 products' names
# shards held 9,068, 6,421 and 4,511: the largest is what an edit there waits for)
COVER_PARTS = 8
PRODUCT_PAGES = "san-pham/{}/index.html"
PLACE_GLOBS = ("tinh/*/index.html", "ke-hoach/*/*/index.html")


@dataclass(frozen=True)
class Shard:
    number: int  # 1 is the primary bundle
    globs: tuple[str, ...]  # the page files it indexes, relative to the site folder
    prefixes: tuple[str, ...] = ()  # product slugs starting with these…
    slugs: tuple[str, ...] = ()  # …and these whole slugs (a slug that is also a longer one's prefix)
    everything: bool = False  # the one shard of a small catalog
    places: bool = False  # provinces and plans
    full_text: bool = False  # of the full-text index (else of the names index)

    def holds(self, output: str) -> bool:
        """Whether this shard indexes that output file (a searchable page or not)."""
        if self.everything:
            return True
        parts = output.split("/")
        if parts[0] == "san-pham" and len(parts) == 3 and parts[2] == "index.html":
            slug = parts[1]
            return slug in self.slugs or slug.startswith(self.prefixes)
        return self.places and parts[0] in ("tinh", "ke-hoach")

    @property
    def bundle(self) -> str:
        """The bundle's address: /pagefind/, /pagefind-2/, …, /pagefind-toan-van/, …"""
        return urls.search_bundle(self.number, self.full_text)

    @property
    def folder(self) -> str:
        return self.bundle.strip("/")

    @property
    def glob(self) -> str:
        """One Pagefind --glob for all of them."""
        return self.globs[0] if len(self.globs) == 1 else "{" + ",".join(self.globs) + "}"


def _covers(slugs: list[str], prefix: str, limit: int) -> list[tuple[str, int, bool]]:
    """(prefix or whole slug, products, is_whole_slug) covering the sorted slugs that start with prefix,
    each prefix holding at most `limit` products (a prefix is made longer until it does)."""
    if len(slugs) <= limit:
        return [(prefix, len(slugs), False)]
    covers = []
    if prefix in slugs:  # "tra" itself, beside "tra-xanh", "trai-cay"…: named whole, not as a prefix
        covers.append((prefix, 1, True))
    by_next: dict[str, list[str]] = {}
    for slug in slugs:
        if len(slug) > len(prefix):
            by_next.setdefault(slug[:len(prefix) + 1], []).append(slug)
    for longer in sorted(by_next):
        covers += _covers(by_next[longer], longer, limit)
    return covers


def layout(catalog: Catalog, limit: int = SEARCH_SHARD_PAGES, full_text: bool = True) -> tuple[Shard, ...]:
    """The shards of one tier of the index; one (everything) while the catalog has at most `limit` products."""
    slugs = sorted(catalog.products)
    if len(slugs) <= limit:
        return (Shard(1, ("**/*.{html}",), everything=True, full_text=full_text),)
    shards = [Shard(1, PLACE_GLOBS, places=True, full_text=full_text)]
    current: list[tuple[str, bool]] = []
    size = 0

    def close() -> None:
        shards.append(Shard(len(shards) + 1,
                            tuple(PRODUCT_PAGES.format(cover if whole else cover + "*") for cover, whole in current),
                            prefixes=tuple(cover for cover, whole in current if not whole),
                            slugs=tuple(cover for cover, whole in current if whole), full_text=full_text))

    for cover, count, whole in _covers(slugs, "", max(1, limit // COVER_PARTS)):
        if current and size + count > limit:
            close()
            current, size = [], 0
        current.append((cover, whole))
        size += count
    if current:
        close()
    return tuple(shards)


def both_tiers(catalog: Catalog, names_limit: int = SEARCH_NAMES_SHARD_PAGES,
               full_limit: int = SEARCH_SHARD_PAGES) -> tuple[Shard, ...]:
    """The names index's shards, then the full-text index's."""
    return layout(catalog, names_limit, full_text=False) + layout(catalog, full_limit, full_text=True)


def touched(shards: tuple[Shard, ...], outputs) -> set[str]:
    """The folders of the shards that index any of these output files."""
    return {shard.folder for output in outputs for shard in shards if shard.holds(output)}
