"""The search index in shards: every product page in exactly one Pagefind bundle; an edit re-indexes one."""
from __future__ import annotations

import json

import pytest

from conftest import build_site, make_config, minimal_content, product_md, rating_yaml, write_content
from ocop.build import build, check
from ocop.search_shards import layout

NAMES = ["Trà", "Trà xanh", "Trà hoa vàng", "Trái cây sấy", "Tranh tre", "Bánh chưng", "Bánh gai", "Bưởi",
         "Cà phê", "Chè búp", "Mật ong", "Miến dong", "Nước mắm", "Gạo tám"]


def many_products() -> dict:
    files = minimal_content()
    for name in NAMES:
        files[f"products/bac-kan/{__import__('ocop.slugs', fromlist=['slugify']).slugify(name)}.md"] = \
            product_md(name, "bac-kan")
    return files


def test_every_product_page_is_in_exactly_one_shard_of_at_most_the_limit(tmp_path):
    catalog = check_catalog(tmp_path)
    shards = layout(catalog, limit=4)
    assert shards[0].places and shards[0].bundle == "/pagefind/"
    assert [s.bundle for s in shards[1:]] == [f"/pagefind-{n}/" for n in range(2, len(shards) + 1)]
    for slug in catalog.products:
        holders = [s.number for s in shards if s.holds(f"san-pham/{slug}/index.html")]
        assert len(holders) == 1 and holders[0] != 1, (slug, holders)
    sizes = [sum(s.holds(f"san-pham/{slug}/index.html") for slug in catalog.products) for s in shards[1:]]
    assert max(sizes) <= 4 and sum(sizes) == len(catalog.products)
    # "tra" is a slug and the prefix of "tra-xanh", "tra-hoa-vang": named whole, not as a prefix of itself only
    assert shards[0].holds("tinh/bac-kan/index.html") and not shards[0].holds("san-pham/tra/index.html")


def test_a_small_catalog_has_one_index_with_everything(tmp_path):
    shards = layout(check_catalog(tmp_path))
    assert len(shards) == 1 and shards[0].everything and shards[0].bundle == "/pagefind/"


def check_catalog(root):
    write_content(root, many_products())
    return check(make_config(root))


@pytest.mark.slow
def test_sharded_index_built_and_one_shard_reindexed_after_an_edit(tmp_path):
    config = make_config(tmp_path, search_index=True, search_shard_pages=4)
    write_content(tmp_path, many_products())
    build(config)
    site = config.site_dir
    bundles = sorted(p.name for p in site.iterdir() if p.name.startswith("pagefind"))
    shards = layout(check(config), limit=4)
    assert bundles == sorted(s.folder for s in shards)
    pages = {}
    for shard in shards:
        entry = json.loads((site / shard.folder / "pagefind-entry.json").read_text())
        pages[shard.number] = entry["languages"]["vi"]["page_count"]
    assert pages[1] == 2 + 1  # two provinces and one plan
    assert sum(pages.values()) == 2 + 1 + 2 + len(NAMES)  # and every product, once
    search_page = (site / "tim-kiem/index.html").read_text(encoding="utf-8")
    for shard in shards:
        assert shard.bundle.strip("/") in search_page
    stamps = {s.folder: (site / s.folder / "pagefind-entry.json").stat().st_mtime_ns for s in shards}
    # a description is shown on its product page only: one product shard is indexed again
    (tmp_path / "content/products/bac-kan/mat-ong.md").write_text(product_md("Mật ong", "bac-kan", body="Mật ong rừng."),
                                                                  encoding="utf-8")
    assert not build(config).full
    changed = {s.folder for s in shards
               if (site / s.folder / "pagefind-entry.json").stat().st_mtime_ns != stamps[s.folder]}
    holder = next(s.folder for s in shards if s.holds("san-pham/mat-ong/index.html"))
    assert changed == {holder}
