"""The search index in shards: every product page in exactly one Pagefind bundle; an edit re-indexes one."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from conftest import build_site, make_config, minimal_content, product_md, write_content
from ocop.build import BuildMemory, build, check, remove_replaced, shards_to_index
from ocop import search_index
from ocop.search_index import remake_records, search_record, update_records
from ocop.search_shards import both_tiers, layout
from ocop.urls import SEARCH_VOCABULARY_FILE

NAMES = ["Trà", "Trà xanh", "Trà hoa vàng", "Trái cây sấy", "Tranh tre", "Bánh chưng", "Bánh gai", "Bưởi",
         "Cà phê", "Chè búp", "Mật ong", "Miến dong", "Nước mắm", "Gạo tám"]


def many_products() -> dict:
    files = minimal_content()
    for name in NAMES:
        files[f"products/bac-kan/{__import__('ocop.slugs', fromlist=['slugify']).slugify(name)}.md"] = \
            product_md(name, "bac-kan")
    return files


@pytest.mark.parametrize("full_text, base", [(False, "pagefind"), (True, "pagefind-toan-van")])
def test_every_product_page_is_in_exactly_one_shard_of_at_most_the_limit(tmp_path, full_text, base):
    catalog = check_catalog(tmp_path)
    shards = layout(catalog, limit=4, full_text=full_text)
    assert shards[0].places and shards[0].bundle == f"/{base}/"
    assert [s.bundle for s in shards[1:]] == [f"/{base}-{n}/" for n in range(2, len(shards) + 1)]
    for slug in catalog.products:
        holders = [s.number for s in shards if s.holds(f"san-pham/{slug}/index.html")]
        assert len(holders) == 1 and holders[0] != 1, (slug, holders)
    sizes = [sum(s.holds(f"san-pham/{slug}/index.html") for slug in catalog.products) for s in shards[1:]]
    assert max(sizes) <= 4 and sum(sizes) == len(catalog.products)
    # packed from runs of slugs of at most 1/COVER_PARTS of the limit (one slug here): every shard but the last
    # is full, whatever the first letters (5 of the 20 slugs start with "tra", 3 with "banh")
    assert sizes[:-1] == [4] * (len(sizes) - 1), sizes
    # "tra" is a slug and the prefix of "tra-xanh", "tra-hoa-vang": named whole, not as a prefix of itself only
    assert shards[0].holds("tinh/bac-kan/index.html") and not shards[0].holds("san-pham/tra/index.html")


def test_a_small_catalog_has_one_bundle_per_tier_with_everything(tmp_path):
    shards = both_tiers(check_catalog(tmp_path))
    assert [(s.bundle, s.everything, s.full_text) for s in shards] == [("/pagefind/", True, False),
                                                                        ("/pagefind-toan-van/", True, True)]


def sharded_config(root):
    """The config of many_products() written under root, its index in shards of 4 (full text) and 6 (names)."""
    config = make_config(root, search_index=True, search_shard_pages=4, search_names_shard_pages=6)
    write_content(root, many_products())
    return config


def bundle_entries(site, field: str) -> dict[str, int]:
    """{bundle folder in site: a stat field of its pagefind-entry.json}: which bundles a build made again."""
    return {p.name: getattr((p / "pagefind-entry.json").stat(), field) for p in site.iterdir()
            if p.name.startswith("pagefind") and (p / "pagefind-entry.json").exists()}


def check_catalog(root):
    write_content(root, many_products())
    return check(make_config(root))


def fragment(bundle, url: str) -> dict:
    """Pagefind's entry of one page in a bundle: its words, metadata and filters, as a search result shows them."""
    for file in (bundle / "fragment").iterdir():
        entry = json.loads(gzip.decompress(file.read_bytes()).removeprefix(b"pagefind_dcd"))
        if entry["url"] == url:
            return {key: entry[key] for key in ("content", "meta", "filters", "word_count")}
    raise AssertionError(f"{url} not in {bundle}")


def entry_pages(bundle) -> int:
    """The site's pages a bundle holds: Pagefind's count less the vocabulary record (search_vocabulary.py)."""
    return json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["vi"]["page_count"] - 1


@pytest.mark.slow
def test_sharded_index_built_and_one_shard_of_each_tier_reindexed_after_an_edit(tmp_path):
    config = sharded_config(tmp_path)
    build(config)
    site = config.site_dir
    bundles = sorted(p.name for p in site.iterdir() if p.name.startswith("pagefind"))
    catalog = check(config)
    shards = both_tiers(catalog, 6, 4)
    assert bundles == sorted(s.folder for s in shards)
    names = [s for s in shards if not s.full_text]
    full_text = [s for s in shards if s.full_text]
    assert len(names) < len(full_text)  # names are cheaper to index: bigger shards
    for tier in (names, full_text):
        pages = {s.number: entry_pages(site / s.folder) for s in tier}
        assert pages[1] == 2 + 1  # two provinces and one plan
        assert sum(pages.values()) == 2 + 1 + 2 + len(NAMES)  # and every product, once
    # every bundle holds the vocabulary page (search_vocabulary.py), which is published nowhere, and the
    # folders Pagefind read it from are gone
    for shard in shards:
        assert fragment(site / shard.folder, "/" + SEARCH_VOCABULARY_FILE.removesuffix("index.html"))["filters"] \
            == {"type": ["vocabulary"]}
    # a product has no `type` filter (products are the pages of no other type, assets/search.js): a shard of
    # products has none for a first query to download but the vocabulary page's
    for shard in (s for s in shards if s.holds("san-pham/mat-ong/index.html")):
        filters = fragment(site / shard.folder, "/san-pham/mat-ong/")["filters"]
        assert "province" in filters and "type" not in filters
    assert not (site / SEARCH_VOCABULARY_FILE).exists()
    assert [p.name for p in site.parent.iterdir() if "-index-" in p.name] == []
    search_page = (site / "tim-kiem/index.html").read_text(encoding="utf-8")
    for shard in shards:
        assert shard.bundle.strip("/") in search_page
    # a province's entry is its search record alone, in both tiers: its page's product cards are not indexed
    for slug in ("bac-kan", "thai-nguyen"):
        assert fragment(site / "pagefind-toan-van", f"/tinh/{slug}/") == fragment(site / "pagefind", f"/tinh/{slug}/")
    assert fragment(site / "pagefind-toan-van", "/tinh/bac-kan/")["content"].startswith("Tỉnh Bắc Kạn")
    # the names index reads records, not pages: a description is not in it
    records = next((tmp_path / ".cache/search-records").iterdir())
    record = (records / "san-pham/mat-ong/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in record and "Mật ong" in record and "Mô tả" not in record

    def stamps():
        return {s.folder: (site / s.folder / "pagefind-entry.json").stat().st_mtime_ns for s in shards}

    def holder(tier, slug):
        return next(s.folder for s in tier if s.holds(f"san-pham/{slug}/index.html"))

    before = stamps()
    # a description is in the full text only: one full-text shard is indexed again, no names shard
    (tmp_path / "content/products/bac-kan/mat-ong.md").write_text(product_md("Mật ong", "bac-kan", body="Mật ong rừng."),
                                                                  encoding="utf-8")
    assert not build(config).full
    after = stamps()
    assert {folder for folder in before if before[folder] != after[folder]} == {holder(full_text, "mat-ong")}
    # a name is in both: one shard of each tier. The province's page lists the product by name, but its
    # entry in the full-text index is its search record alone, which did not change: that bundle is left alone
    (tmp_path / "content/products/bac-kan/mat-ong.md").write_text(product_md("Mật ong rừng", "bac-kan",
                                                                             body="Mật ong rừng."), encoding="utf-8")
    province_page = (site / "tinh/bac-kan/index.html").read_text(encoding="utf-8")
    assert not build(config).full
    assert (site / "tinh/bac-kan/index.html").read_text(encoding="utf-8") != province_page
    again = stamps()
    assert {folder for folder in after if after[folder] != again[folder]} == {holder(full_text, "mat-ong"),
                                                                             holder(names, "mat-ong")}
    # a product the plan counts is listed on the plan's page, outside its indexed text: the plan's entry does
    # not change, and the places' bundle is left alone
    plan_url = "/ke-hoach/bac-kan/2022-75-kh-ubnd/"
    plan_entry = fragment(site / "pagefind-toan-van", plan_url)
    plan_page = (site / plan_url.strip("/") / "index.html").read_text(encoding="utf-8")
    edit_file = tmp_path / "content/products/bac-kan/mien-dong-thu.md"
    edit_file.write_text(edit_file.read_text(encoding="utf-8").replace("Miến dong Thử", "Miến dong Thử Mới"),
                         encoding="utf-8")
    assert not build(config).full
    assert "Miến dong Thử Mới" in (site / plan_url.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "Miến dong Thử Mới" not in plan_page
    counted = stamps()
    assert {folder for folder in again if again[folder] != counted[folder]} == {
        holder(full_text, "mien-dong-thu"), holder(names, "mien-dong-thu")}
    # …as a full build of the same content indexes it
    assert fragment(site / "pagefind-toan-van", plan_url) == plan_entry
    whole = make_config(tmp_path / "whole", search_index=True, search_shard_pages=4, search_names_shard_pages=6)
    shutil.copytree(tmp_path / "content", tmp_path / "whole/content")
    build(whole)
    assert fragment(whole.site_dir / "pagefind-toan-van", plan_url) == plan_entry
    assert "Miến dong Thử Mới" in json.dumps(fragment(whole.site_dir / holder(full_text, "mien-dong-thu"),
                                                      "/san-pham/mien-dong-thu/"), ensure_ascii=False)
    again = counted
    assert "Mật ong rừng" in (records / "san-pham/mat-ong/index.html").read_text(encoding="utf-8")
    # records lost (a cache pruned by hand): made anew from site/, every names shard indexed again, and the
    # full-text bundles of every page this build rendered (the province's page lists the product), whose index
    # is not known to be up to date
    shutil.rmtree(records)
    (tmp_path / "content/products/bac-kan/tra.md").write_text(product_md("Trà", "bac-kan", body="Trà búp."),
                                                              encoding="utf-8")
    assert not build(config).full
    last = stamps()
    assert {folder for folder in again if again[folder] != last[folder]} == {s.folder for s in names} | \
        {holder(full_text, "tra"), "pagefind-toan-van"}
    assert (records / "san-pham/mat-ong/index.html").is_file()


def test_a_search_record_is_the_pages_marked_part_in_a_page_of_its_own(tmp_path):
    page = ('<html><body><main data-pagefind-body><h1>Mật ong</h1><section class="body">Mô tả dài.</section>'
            '<!--search-record--><div class="search-data" hidden><p>Mat ong</p></div><!--/search-record-->'
            '</main></body></html>')
    record = search_record(page)
    assert record.startswith("<!doctype html>") and '<html lang="vi">' in record
    assert '<main data-pagefind-body><div class="search-data" hidden><p>Mat ong</p></div></main>' in record
    assert "Mô tả" not in record and "<h1>" not in record
    assert search_record("<html><main>no marks</main></html>") is None


def test_records_written_again_only_where_they_changed(tmp_path):
    site, records = tmp_path / "site", tmp_path / "records"
    pages = {"san-pham/a/index.html": "A", "san-pham/b/index.html": "B", "san-pham/c/index.html": "C",
             "tinh/x/index.html": "X", "tinh/y/index.html": "Y"}

    def page(text, body="Mô tả.", cards="<li>Sản phẩm 1</li>"):
        return (f"<main>{body}<div data-pagefind-ignore><!--not-indexed-->{cards}<!--/not-indexed--></div>"
                f"<!--search-record--><p>{text}</p><!--/search-record--></main>")

    for output, text in pages.items():
        (site / output).parent.mkdir(parents=True, exist_ok=True)
        (site / output).write_text(page(text), encoding="utf-8")
    made = remake_records(site, records, set(pages))
    assert made.records == made.indexed == set(pages)
    # a page whose description changed keeps its record, not its indexed text; a renamed one, and a removed one,
    # change both; a page that is no longer searchable (c: now the alias of a renamed product) loses both though
    # its file stays; a page whose not-indexed part alone changed (y: a product card) changes neither
    (site / "san-pham/a/index.html").write_text(page("A", body="Mô tả mới."), encoding="utf-8")
    (site / "san-pham/b/index.html").write_text(page("B mới"), encoding="utf-8")
    (site / "tinh/x/index.html").unlink()
    (site / "tinh/y/index.html").write_text(page("Y", cards="<li>Sản phẩm 1 mới</li>"), encoding="utf-8")
    searchable = {"san-pham/a/index.html", "san-pham/b/index.html", "tinh/y/index.html"}
    changes = update_records(site, records, list(pages), searchable)
    assert changes.records == {"san-pham/b/index.html", "san-pham/c/index.html", "tinh/x/index.html"}
    assert changes.indexed == changes.records | {"san-pham/a/index.html"}
    assert "B mới" in (records / "san-pham/b/index.html").read_text(encoding="utf-8")
    assert not (records / "tinh/x/index.html").exists() and not (records / "san-pham/c/index.html").exists()
    assert sorted(p.relative_to(records).as_posix() for p in records.rglob("*.html")) == sorted(searchable)
    # nothing changed since: nothing to index; a page back in the index is new to both
    assert update_records(site, records, list(pages), searchable) == search_index.RecordChanges(set(), set())
    again = update_records(site, records, ["san-pham/c/index.html"], searchable | {"san-pham/c/index.html"})
    assert again.records == again.indexed == {"san-pham/c/index.html"}


def test_the_indexed_digest_leaves_out_the_not_indexed_regions_only():
    digest = search_index.indexed_digest
    page = "<main>Tên<div data-pagefind-ignore><!--not-indexed-->thẻ<!--/not-indexed--></div>sau</main>"
    assert digest(page) == digest(page.replace("thẻ", "thẻ khác"))
    assert digest(page) != digest(page.replace("sau", "sau khác")) != digest(page.replace("Tên", "Tên khác"))
    assert digest(page) != digest(page.replace("data-pagefind-ignore", "class=x"))  # the markers' element counts
    two = page.replace("sau", "giữa<p><!--not-indexed-->b<!--/not-indexed--></p>cuối")
    assert digest(two) == digest(two.replace(">b<", ">c<")) != digest(two.replace("giữa", "giữa khác"))
    with pytest.raises(ValueError):
        digest("<main><!--not-indexed-->không đóng</main>")


@pytest.mark.slow
def test_an_edit_written_by_a_build_that_failed_before_its_index_is_indexed_by_the_next(tmp_path, monkeypatch):
    """A build stopped after site/ was written and before its record was saved (Ctrl+C while the records are
    copied): the next build renders the page again to the same bytes, and still indexes it."""
    config = sharded_config(tmp_path)
    build(config)
    shards = both_tiers(check(config), 6, 4)
    bundle = config.site_dir / next(s.folder for s in shards if s.full_text and s.holds("san-pham/mat-ong/index.html"))
    (tmp_path / "content/products/bac-kan/mat-ong.md").write_text(
        product_md("Mật ong", "bac-kan", body="Mật ong rừng hoa bạc hà."), encoding="utf-8")

    def stopped(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(search_index, "update_records", stopped)
    with pytest.raises(KeyboardInterrupt):
        build(config)
    monkeypatch.undo()
    assert "bạc hà" in (config.site_dir / "san-pham/mat-ong/index.html").read_text(encoding="utf-8")
    assert "bạc hà" not in fragment(bundle, "/san-pham/mat-ong/")["content"]
    assert not build(config).full
    assert "bạc hà" in fragment(bundle, "/san-pham/mat-ong/")["content"]


def not_indexed_regions(site) -> int:
    """Check every <!--not-indexed--> region of the site's searchable pages; return how many there are.

    Each region opens and closes inside one data-pagefind-ignore element and holds no data-pagefind-* attribute
    (a filter, a sort key, metadata: Pagefind reads those inside ignored elements too); an <img> in it only on a
    page that sets its own image metadata (else Pagefind takes the first picture, wherever it is). So leaving
    the regions out of the indexed text's digest never hides a change of the index."""
    from html.parser import HTMLParser

    class Regions(HTMLParser):
        VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

        def __init__(self, own_image: bool):
            super().__init__(convert_charrefs=True)
            self.own_image = own_image
            self.open: list[tuple[str, bool]] = []  # (tag, data-pagefind-ignore)
            self.inside: int | None = None  # the depth of the ignored element the open region sits in
            self.regions = 0

        def handle_starttag(self, tag, attrs):
            names = [name for name, _ in attrs]
            if self.inside is not None:
                assert not any(n.startswith("data-pagefind") for n in names), (tag, attrs)
                assert tag != "img" or self.own_image, "a picture in a not-indexed region becomes the page's image"
            if tag not in self.VOID:
                self.open.append((tag, "data-pagefind-ignore" in names))

        def handle_endtag(self, tag):
            while self.open and self.open.pop()[0] != tag:
                pass
            assert self.inside is None or len(self.open) >= self.inside, "a region outlives its ignored element"

        def handle_comment(self, data):
            if data == search_index.NOT_INDEXED_START[4:-3]:
                assert self.inside is None and any(ignored for _, ignored in self.open), self.open
                self.inside = max(depth for depth, (_, ignored) in enumerate(self.open, 1) if ignored)
                self.regions += 1
            elif data == search_index.NOT_INDEXED_END[4:-3]:
                assert self.inside is not None and len(self.open) >= self.inside
                self.inside = None

    regions = 0
    for page in site.rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        if "data-pagefind-body" not in text:
            continue
        parser = Regions(own_image='data-pagefind-meta="image' in text)
        parser.feed(text)
        assert parser.inside is None, page
        regions += parser.regions
    return regions


def test_not_indexed_regions_of_the_bundled_site_hold_nothing_pagefind_reads(bundled_site):
    assert not_indexed_regions(bundled_site) >= 2  # at least a province's cards and a plan's counted products


def test_not_indexed_regions_with_product_photos_hold_nothing_pagefind_reads(tmp_path):
    """A province's cards show the products' photos: its page sets its own image metadata."""
    files = minimal_content()
    files.pop("products/bac-kan/mien-dong-thu.md")
    files["products/bac-kan/mien-dong-thu/index.md"] = product_md(
        "Miến dong Thử", "bac-kan", extra="group: Thực phẩm\nphotos:\n  - file: anh.jpg\n")
    image = tmp_path / "anh.jpg"
    Image.new("RGB", (640, 480), (200, 30, 30)).save(image, quality=90)
    files["products/bac-kan/mien-dong-thu/anh.jpg"] = image.read_bytes()
    site = build_site(tmp_path / "project", files)
    assert "<img" in (site / "tinh/bac-kan/index.html").read_text(encoding="utf-8")
    assert not_indexed_regions(site) >= 2


@pytest.mark.slow
def test_names_index_follows_removals_renames_and_builds_without_the_index(tmp_path):
    """After each incremental build the records, and the names index made from them, hold exactly the
    searchable pages a full build would index."""
    config = sharded_config(tmp_path)
    products = tmp_path / "content/products/bac-kan"

    def assert_names_index_is_the_searchable_pages(cfg):
        catalog = check(cfg)
        expected = {f"san-pham/{slug}/index.html" for slug in catalog.products} | \
            {f"tinh/{slug}/index.html" for slug in catalog.provinces} | \
            {f"ke-hoach/{plan.province}/{plan.slug}/index.html" for plan in catalog.plans}
        records = next((tmp_path / ".cache/search-records").iterdir())
        assert {p.relative_to(records).as_posix() for p in records.rglob("*.html")} == expected | {SEARCH_VOCABULARY_FILE}
        names = [s for s in both_tiers(catalog, 6, 4) if not s.full_text]
        assert sum(entry_pages(cfg.site_dir / s.folder) for s in names) == len(expected)

    build(config)
    assert_names_index_is_the_searchable_pages(config)
    (products / "banh-gai.md").unlink()  # removed
    assert not build(config).full
    assert_names_index_is_the_searchable_pages(config)
    (products / "buoi.md").rename(products / "buoi-da-xanh.md")  # renamed
    assert not build(config).full
    assert_names_index_is_the_searchable_pages(config)
    # a product added while previewing without the index, then a build with it
    (products / "che-moi.md").write_text(product_md("Chè mới", "bac-kan"), encoding="utf-8")
    build(make_config(tmp_path, search_index=False, search_shard_pages=4, search_names_shard_pages=6))
    assert not [p for p in config.site_dir.iterdir() if p.name.startswith("pagefind")]
    assert not build(config).full
    assert_names_index_is_the_searchable_pages(config)


@pytest.mark.slow
def test_each_bundle_an_edit_indexes_again_is_in_place_before_the_next_is_made(tmp_path, monkeypatch):
    """A renamed product is found by its new name (the names bundles, made first) while the full-text
    bundles are still being made: each is swapped into site/ as soon as Pagefind has made it."""
    config = sharded_config(tmp_path)
    build(config)
    site = config.site_dir

    def entries() -> dict[str, int]:
        return bundle_entries(site, "st_ino")
    before = entries()
    made: list[tuple[str, dict]] = []  # (the bundle a Pagefind run makes, site/'s bundles when it starts)
    real = search_index.index_site
    monkeypatch.setattr(search_index, "index_site", lambda source, output, glob=None: (
        made.append((output.name, entries())), real(source, output, glob))[1])
    product = next((tmp_path / "content/products/bac-kan").glob("*.md"))
    product.write_text(product.read_text(encoding="utf-8").replace("name: ", "name: Mới ", 1), encoding="utf-8")
    assert not build(config).full
    assert len(made) >= 2, made  # the product's names bundle and its full-text bundle at least
    assert not made[0][0].startswith("pagefind-toan-van"), "the names bundles first"
    for (previous, _), (_, at_start) in zip(made, made[1:]):
        assert at_start[previous] != before[previous], f"{previous} was not in place before the next run"
    assert all(entries()[name] != before[name] for name, _ in made)


def test_which_shards_an_edit_indexes_again(tmp_path):
    """build.shards_to_index: the full-text bundles of the pages whose indexed text changed, the names bundles of
    the pages whose record changed; with records made anew, every names bundle and the full-text bundles of
    every page whose bytes changed; every bundle when one is missing."""
    catalog = check_catalog(tmp_path)
    shards = both_tiers(catalog, 6, 4)
    site = tmp_path / "site"
    for shard in shards:
        (site / shard.folder).mkdir(parents=True)
        (site / shard.folder / "pagefind.js").write_text("", encoding="utf-8")
    names = tuple(s for s in shards if not s.full_text)
    full_text = tuple(s for s in shards if s.full_text)

    def holder(tier, output):
        return next(s.folder for s in tier if s.holds(output))

    def again(changed, indexed=(), records=(), fresh=False):
        return shards_to_index(site, shards, False, set(changed),
                               search_index.RecordChanges(set(records), set(indexed)), fresh)

    mat_ong, province = "san-pham/mat-ong/index.html", "tinh/bac-kan/index.html"
    assert again({mat_ong}) == set()  # re-rendered, same indexed text (another cache wrote it)
    assert again({mat_ong}, {mat_ong}) == {holder(full_text, mat_ong)}
    assert again({mat_ong}, {mat_ong}, {mat_ong}) == {holder(full_text, mat_ong), holder(names, mat_ong)}
    assert again({mat_ong, province}, {mat_ong}, {mat_ong}) == {holder(full_text, mat_ong), holder(names, mat_ong)}
    assert again({province}, {province}, {province}) == {"pagefind", "pagefind-toan-van"}
    gone = "san-pham/mat-ong-cu/index.html"  # a renamed product's old page (now an alias, not searchable)
    assert holder(full_text, gone) and again({gone}, {gone}, {gone}) == {holder(full_text, gone),
                                                                         holder(names, gone)}
    every_name = {s.folder for s in names}
    assert again({gone, province, "du-lieu/san-pham.json"}, fresh=True) == \
        every_name | {holder(full_text, gone), "pagefind-toan-van"}
    (site / full_text[-1].folder / "pagefind.js").unlink()  # an index not all there: every shard
    assert again(set()) == {s.folder for s in shards}


@pytest.mark.slow
def test_another_vocabulary_indexes_every_bundle_again(tmp_path, monkeypatch):
    """The vocabulary's digest is part of the layout recorded with the site: bundles made with another vocabulary
    (or before there was one) are all made again by the next build, and only then."""
    config = sharded_config(tmp_path)
    build(config)
    site = config.site_dir

    def stamps() -> dict[str, int]:
        return bundle_entries(site, "st_mtime_ns")
    before = stamps()
    assert not build(config).full and stamps() == before  # nothing changed: no bundle made again
    monkeypatch.setattr(search_index, "VOCABULARY_DIGEST", "another")
    assert not build(config).full
    after = stamps()
    assert after.keys() == before.keys() and all(after[name] != before[name] for name in before)


@pytest.mark.slow
def test_with_a_memory_the_bundles_swapped_out_are_removed_after_the_build(tmp_path):
    """serve reports the index up to date before the bundles it replaced are removed (~9,000 files at 20,000
    products): the build leaves their folder to remove_replaced(), which serve calls after reporting; a build
    without a memory removes it itself (the test above)."""
    config = sharded_config(tmp_path)
    memory = BuildMemory()
    build(config, memory)
    assert memory.replaced == []  # the first build indexes into its staging folder: nothing swapped out
    record = tmp_path / "content/products/bac-kan/mat-ong.md"
    record.write_text(product_md("Mật ong rừng", "bac-kan", body="Mật ong rừng."), encoding="utf-8")
    assert not build(config, memory).full
    beside = [p for p in config.site_dir.parent.iterdir() if "-index-" in p.name]
    assert memory.replaced == beside and len(beside) == 1
    swapped_out = sorted(p.name for p in beside[0].iterdir() if p.name.endswith(".old"))
    assert len(swapped_out) == 2 and all((beside[0] / name / "pagefind.js").is_file() for name in swapped_out)
    for name in swapped_out:  # the new bundles are in site/, not the old ones
        new = config.site_dir / name.removesuffix(".old")
        assert (new / "pagefind-entry.json").read_bytes() != (beside[0] / name / "pagefind-entry.json").read_bytes()
    remove_replaced(memory)
    assert memory.replaced == [] and not beside[0].exists()


@pytest.mark.slow
def test_an_index_run_removes_the_scratch_folders_of_runs_whose_process_is_gone(tmp_path):
    """A serve killed while indexing leaves `.site-index-PID` beside site/ (at 20,000 products ~9,000 files of
    swapped-out bundles): the next index run removes it, and leaves the folder of a process still running."""
    config = sharded_config(tmp_path)
    build(config)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its pid is free now
    orphan = tmp_path / f".site-index-{gone.pid}"
    running = tmp_path / f".site-index-{os.getppid()}"
    for folder in (orphan, running):
        (folder / "pagefind.old").mkdir(parents=True)
        (folder / "pagefind.old" / "pagefind.js").write_text("//", encoding="utf-8")
    (tmp_path / "content/products/bac-kan/mat-ong.md").write_text(
        product_md("Mật ong rừng", "bac-kan", body="Mật ong rừng."), encoding="utf-8")
    assert not build(config).full
    assert not orphan.exists() and (running / "pagefind.old" / "pagefind.js").is_file()


def count_placed(monkeypatch) -> list[str]:
    """The pages later index runs link (or copy) into the full-text shards' folders, as they do it."""
    placed: list[str] = []

    class CountingPlacer(search_index.Placer):
        def place(self, source, output, link=True):
            placed.append(output)
            super().place(source, output, link)
    monkeypatch.setattr(search_index, "Placer", CountingPlacer)
    return placed


@pytest.mark.slow
def test_full_text_shards_pages_copied_where_links_fail_are_copied_again_only_where_they_changed(tmp_path,
                                                                                                 monkeypatch):
    """Where the cache cannot hold links to site/'s files (another file system), the kept pages are copies, and
    a copy is made again only when its page changed (its size or modification time)."""
    def no_link(source, target):
        raise OSError(18, "Invalid cross-device link")
    monkeypatch.setattr(os, "link", no_link)
    config = sharded_config(tmp_path)
    build(config)
    placed = count_placed(monkeypatch)
    (tmp_path / "content/products/bac-kan/mat-ong.md").write_text(
        product_md("Mật ong", "bac-kan", body="Mật ong rừng hoa bạc hà."), encoding="utf-8")
    assert not build(config).full
    assert placed == ["san-pham/mat-ong/index.html"]
    pages = search_index.pages_folder(config.cache_dir, config.site_dir)
    copy = next(pages.glob("*/san-pham/mat-ong/index.html"))
    assert copy.read_bytes() == (config.site_dir / "san-pham/mat-ong/index.html").read_bytes()
    assert copy.stat().st_ino != (config.site_dir / "san-pham/mat-ong/index.html").stat().st_ino


@pytest.mark.slow
def test_full_text_shards_pages_are_kept_and_linked_again_only_where_they_changed(tmp_path, monkeypatch):
    """Pagefind reads a full-text shard's pages from a folder of hard links kept between builds
    (search_index.pages_folder): an edit links its page again and no other; a removed product's link goes; a
    build without the index removes the folder (its links would keep an older site's pages on the disk)."""
    config = sharded_config(tmp_path)
    build(config)
    site, products = config.site_dir, tmp_path / "content/products/bac-kan"
    pages = search_index.pages_folder(config.cache_dir, site)

    def links() -> dict[str, str]:
        """{page: the shard folder linking it}, having checked that each link is the very file site/ holds and
        that each shard's folder holds its pages and the vocabulary page, and nothing else."""
        found = {}
        shards = [s for s in both_tiers(check(config), 6, 4) if s.full_text]
        for shard in shards:
            folder = pages / shard.folder
            held = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
            assert SEARCH_VOCABULARY_FILE in held
            for output in held - {SEARCH_VOCABULARY_FILE}:
                assert shard.holds(output) and (site / output).stat().st_ino == (folder / output).stat().st_ino
                found[output] = shard.folder
            assert all(any(d.iterdir()) for d in folder.rglob("*") if d.is_dir())  # no empty folder left
        assert sorted(p.name for p in pages.iterdir()) == sorted(s.folder for s in shards)
        return found

    assert len(links()) == 2 + 1 + 2 + len(NAMES)  # provinces, plan, every product
    placed = count_placed(monkeypatch)
    (products / "mat-ong.md").write_text(product_md("Mật ong", "bac-kan", body="Mật ong rừng hoa bạc hà."),
                                         encoding="utf-8")
    assert not build(config).full
    assert placed == ["san-pham/mat-ong/index.html"]  # of the shard's pages, only the one written again
    assert "bạc hà" in (pages / links()["san-pham/mat-ong/index.html"] / placed[0]).read_text(encoding="utf-8")
    (products / "gao-tam.md").unlink()
    assert not build(config).full
    assert "san-pham/gao-tam/index.html" not in links() and len(links()) == 2 + 1 + 2 + len(NAMES) - 1
    build(make_config(tmp_path, search_index=False, search_shard_pages=4, search_names_shard_pages=6))
    assert not pages.exists()
