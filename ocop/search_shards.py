"""How the search index is split: which pages each Pagefind bundle indexes (page data for the index stage).

One Pagefind run over 20,000 product pages peaks at ~4 GB and cannot be updated page by
page (Pagefind has no incremental indexing). So a large catalog is indexed in shards:

* the primary bundle `/pagefind/` holds the provinces and plans (and, while the catalog is
  small enough for one shard, the products too: the bundled site has a single index);
* product bundles `/pagefind-2/`, `/pagefind-3/`… each hold the products whose slugs start
  with a run of prefixes ("b", "c", "ma"…), at most SHARD_PAGES products each.

Pagefind selects a shard's pages with a file glob (`san-pham/{b,ca,ch}*/index.html`), so a
shard is re-indexed on its own when one of its pages changes, in seconds and a few hundred
MB. The search page loads the primary bundle and merges the others into it (Pagefind's
`mergeIndex`): one result list, filters and sorting across all shards.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import urls
from .model import Catalog

SHARD_PAGES = 2500  # products per shard: ~6 s and ~0.4 GB to index on the 2-core machine
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
        """The bundle's address: /pagefind/, /pagefind-2/, …"""
        return urls.search_bundle(self.number)

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


def layout(catalog: Catalog, limit: int = SHARD_PAGES) -> tuple[Shard, ...]:
    """The shards of this catalog; one (everything in /pagefind/) while it has at most `limit` products."""
    slugs = sorted(catalog.products)
    if len(slugs) <= limit:
        return (Shard(1, ("**/*.{html}",), everything=True),)
    shards = [Shard(1, PLACE_GLOBS, places=True)]
    current: list[tuple[str, bool]] = []
    size = 0

    def close() -> None:
        shards.append(Shard(len(shards) + 1,
                            tuple(PRODUCT_PAGES.format(cover if whole else cover + "*") for cover, whole in current),
                            prefixes=tuple(cover for cover, whole in current if not whole),
                            slugs=tuple(cover for cover, whole in current if whole)))

    for cover, count, whole in _covers(slugs, "", limit):
        if current and size + count > limit:
            close()
            current, size = [], 0
        current.append((cover, whole))
        size += count
    if current:
        close()
    return tuple(shards)


def touched(shards: tuple[Shard, ...], outputs) -> set[int]:
    """The shards that index any of these output files."""
    return {shard.number for output in outputs for shard in shards if shard.holds(output)}
