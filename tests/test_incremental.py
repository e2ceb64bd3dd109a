"""Incremental builds: after any edit, the site equals a full build of the same content, byte for byte.

The fixture is tests/golden/content (provinces old and new, products re-rated, an alias, a
plan, a page). Each case builds it, makes one kind of edit, builds again (incrementally: the
write stage renders only what the fingerprints say changed) and compares every file with a
full build of the edited content into a fresh folder. Unchanged files keep their mtime.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

import ocop.build
import ocop.opendata
import ocop.serve
import ocop.validate
from ocop import images, write
from conftest import BUILD_DATE, PROJECT_DIR, make_config, product_md, rating_yaml
from ocop.build import STAGE_WORDS, BuildMemory, build, checked
from ocop.errors import BuildFailed
from ocop.fingerprints import Fingerprinter, template_digests
from ocop.write import Placer

GOLDEN = PROJECT_DIR / "tests" / "golden" / "content"
PRODUCT = "products/son-thu/mien-dong-thu.md"
OTHER_PRODUCT = "products/dong-thu/nuoc-mam-thu.md"
DECISION_PDF = "ratings/son-thu/2024-05-02-9-qd-ubnd.pdf"  # the decision's text beside its record


def tree(folder: Path) -> dict[str, str]:
    """{relative path: sha256} of every file (the search index aside: --no-search builds)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "content" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(GOLDEN, root / "content")
    shutil.copytree(PROJECT_DIR / "templates", root / "templates")
    shutil.copytree(PROJECT_DIR / "assets", root / "assets")
    return root


def config_for(root: Path, **overrides):
    return make_config(root, templates_dir=root / "templates", assets_dir=root / "assets", **overrides)


def full_build_of(root: Path, tmp: Path, **overrides) -> Path:
    """The same content, templates and date, built from nothing into another folder."""
    other = tmp / "full"
    shutil.rmtree(other, ignore_errors=True)
    for part in ("content", "templates", "assets"):
        shutil.copytree(root / part, other / part)
    config = config_for(other, cache_dir=None, **overrides)
    assert build(config).full
    return config.site_dir


PHOTO_FOLDER_RECORD = "products/son-thu/mien-dong-thu/index.md"  # PRODUCT as a folder, for its photos


def as_photo_folder(root: Path) -> Path:
    """PRODUCT moved into a folder of its own (PHOTO_FOLDER_RECORD), where its photos go; that folder."""
    folder = root / "content" / PHOTO_FOLDER_RECORD
    folder.parent.mkdir()
    (root / "content" / PRODUCT).rename(folder)
    return folder.parent


def record_rendered(monkeypatch) -> list[str]:
    """The output files every later build renders, in a list that fills as they are rendered."""
    rendered: list[str] = []
    real = ocop.build.render_all
    monkeypatch.setattr(ocop.build, "render_all", lambda catalog, routes, *rest, **options: (
        rendered.extend(r.output for r in routes), real(catalog, routes, *rest, **options))[1])
    return rendered


EDITS = {
    "product body": lambda r: edit(r, PRODUCT, "Sợi miến dai", "Sợi miến rất dai"),
    "product name": lambda r: edit(r, PRODUCT, "name: Miến dong Thử", "name: Miến dong Thử Mới"),
    "product producer": lambda r: edit(r, PRODUCT, "name: Hợp tác xã Thử Nghiệm", "name: Hợp tác xã Thử Nghiệm 2"),
    "product group": lambda r: edit(r, PRODUCT, "group: Thực phẩm", "group: Đồ uống"),
    "product removed": lambda r: (r / "content" / OTHER_PRODUCT).unlink() or (
        r / "content/ratings/dong-thu/2024-01-10-12-qd-bnn.yaml").unlink() or edit(
        r, PRODUCT, "  - /san-pham/mien-dong-cu/", "  - /san-pham/mien-dong-cu/\n  - /san-pham/nuoc-mam-thu/"),
    "product added": lambda r: (r / "content/products/son-thu/che-moi-thu.md").write_text(
        "---\nname: Chè Mới Thử\nprovince: son-thu\nsources:\n  - title: Nguồn thử\n---\nMô tả chè.\n",
        encoding="utf-8"),
    "decision stars": lambda r: edit(r, "ratings/son-thu/2024-05-02-9-qd-ubnd.yaml",
                                     "stars: 4\n    score: 78.5\n    score_parts:\n      community: 30\n"
                                     "      marketing: 20\n      quality: 28.5",
                                     "stars: 5\n    score: 92\n    score_parts:\n      community: 40\n"
                                     "      marketing: 24\n      quality: 28"),
    "decision date": lambda r: edit(r, "ratings/son-thu/2024-05-02-9-qd-ubnd.yaml", "date: 2024-05-02",
                                    "date: 2024-06-02"),
    "province name": lambda r: edit(r, "provinces/dong-thu.yaml", "name: Đồng Thử", "name: Đồng Thử Mới"),
    "plan target": lambda r: edit(r, "plans/son-thu/2024-15-kh-ubnd.md", "value: 2\n", "value: 1\n"),
    "page title": lambda r: edit(r, "pages/gioi-thieu.md", "title: ", "title: Trang "),
    "site title": lambda r: edit(r, "site.yaml", "title: ", "title: Trang "),
    "alias added": lambda r: edit(r, OTHER_PRODUCT, "sources:", "aliases:\n  - /san-pham/nuoc-mam-cu/\nsources:"),
    "template of one kind": lambda r: (r / "templates/feed.xml").write_text(
        (r / "templates/feed.xml").read_text(encoding="utf-8").replace("<feed ", "<feed data-x=\"1\" "),
        encoding="utf-8"),
    "template of every page": lambda r: (r / "templates/base.html").write_text(
        (r / "templates/base.html").read_text(encoding="utf-8").replace("</footer>", "<p>x</p></footer>"),
        encoding="utf-8"),
    "decision pdf replaced": lambda r: (r / "content" / DECISION_PDF).write_bytes(
        (r / "content" / DECISION_PDF).read_bytes().replace(b"tai lieu thu nghiem", b"ban quet moi") + b"%" * 3000),
    "decision pdf removed": lambda r: (r / "content" / DECISION_PDF).unlink(),
    "decision pdf added": lambda r: (r / "content/ratings/dong-thu/2024-01-10-12-qd-bnn.pdf").write_bytes(
        (r / "content" / DECISION_PDF).read_bytes()),
    "producer contact": lambda r: edit(r, PRODUCT, 'phone: "0209 3870 123"', 'phone: "0209 3870 999"'),
    "asset": lambda r: (r / "assets/site.css").write_text(
        (r / "assets/site.css").read_text(encoding="utf-8") + "\n/* x */\n", encoding="utf-8"),
}


# the full suite (README, CI) tries every kind of edit; the edits whose change reaches every page (as much
# work as a full build) are left out of the fast tier (-m "not slow")
EVERY_PAGE = {"site title", "page title", "province name", "template of every page", "asset"}


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.slow) if name in EVERY_PAGE else name
                                  for name in EDITS])
def test_incremental_build_equals_a_full_build(project, tmp_path, name):
    config = config_for(project)
    assert build(config).full
    before = mtimes(config.site_dir)
    EDITS[name](project)
    report = build(config)
    assert not report.full
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    after = mtimes(config.site_dir)
    untouched = [f for f in before if f in after and after[f] == before[f]]
    assert untouched, "an incremental build leaves files it did not change alone"


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.slow) if name in EVERY_PAGE else name
                                  for name in EDITS])
def test_a_build_with_the_last_builds_memory_equals_a_full_build(project, tmp_path, name):
    """serve's build process keeps what a build made (records, checks, products, digests) for the next one."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    EDITS[name](project)
    assert not build(config, memory).full
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


def test_the_memory_reuses_exactly_the_unchanged_records_and_products(project):
    config = config_for(project)
    memory = BuildMemory()
    site = checked(config, memory)
    catalog = site.catalog
    records = {path: record for path, (_stamp, record) in memory.records.records.items()}
    EDITS["product body"](project)
    site_now = checked(config, memory)
    catalog_now = site_now.catalog
    records_now = {path: record for path, (_stamp, record) in memory.records.records.items()}
    assert records_now.keys() == records.keys() and catalog_now.products.keys() == catalog.products.keys()
    assert [path for path in records if records_now[path] is not records[path]] == ["content/" + PRODUCT]
    assert [slug for slug, p in catalog.products.items() if catalog_now.products[slug] is not p] == ["mien-dong-thu"]
    assert "Sợi miến rất dai" in catalog_now.products["mien-dong-thu"].body
    assert all(catalog_now.provinces[slug] is p for slug, p in catalog.provinces.items())
    assert all(a is b for a, b in zip(catalog.plans, catalog_now.plans)) and catalog.plans
    # each unchanged product keeps its very Route (the fingerprints recognise it by that)
    routes = {r.url: r for r in site.routes if r.kind == "product"}
    assert [r.url for r in site_now.routes if r.kind == "product" and routes[r.url] is not r] == \
        ["/san-pham/mien-dong-thu/"]
    # a decision changed: the products it recognises are made again, with the new stars
    EDITS["decision stars"](project)
    again = checked(config, memory).catalog
    remade = {slug for slug, p in again.products.items() if p is not catalog_now.products[slug]}
    assert "mien-dong-thu" in remade and remade < set(again.products)
    assert again.products["mien-dong-thu"].history[-1].stars == 5


def record_fingerprinted(monkeypatch) -> list[str]:
    """"kind url" of every route whose fingerprint later builds compute (not last build's, kept), as they do."""
    made: list[str] = []
    real = Fingerprinter._route
    monkeypatch.setattr(Fingerprinter, "_route", lambda self, route, data: (made.append(route.kind + " " + route.url),
                                                                            real(self, route, data))[1])
    return made


def test_with_the_memory_only_the_edited_products_page_is_fingerprinted_again(project, monkeypatch):
    """The page of an unchanged product, under the same templates and settings, keeps last build's fingerprint;
    the edited product's page, the listings and every page of a template that changed get new ones."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    made = record_fingerprinted(monkeypatch)
    EDITS["product body"](project)
    build(config, memory)
    assert [m for m in made if m.startswith("product ")] == ["product /san-pham/mien-dong-thu/"]
    assert any(m.startswith("listing ") for m in made)
    made.clear()
    template = project / "templates/product.html"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(config, memory)
    products = len(checked(config).catalog.products)
    assert len([m for m in made if m.startswith("product ")]) == products > 1


def test_with_the_memory_a_product_added_fingerprints_again_only_the_pages_that_show_it(project, monkeypatch):
    """A product new in this build has pictures no page of the last build showed: the other products' pages keep
    their fingerprints (at 20,000 products every route was fingerprinted again, ~0.7 s). A product whose pictures
    changed still makes every page be fingerprinted again (its pages are recognised by identity):
    test_photos_added_replaced_and_removed_between_builds_with_a_memory checks those builds against full ones."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    made = record_fingerprinted(monkeypatch)
    EDITS["product added"](project)
    assert not build(config, memory).full
    assert [m for m in made if m.startswith("product ")] == ["product /san-pham/che-moi-thu/"]


def test_with_the_memory_a_ratings_rules_run_again_only_when_a_record_they_read_changed(project, monkeypatch):
    """A rating's rules read its record, the provinces and the records of the products it names (whether each
    exists, its province). With the memory they run again when one of those changed, and only then."""
    config = config_for(project)
    memory = BuildMemory()
    checked(config, memory)
    ran: list[str] = []
    real = ocop.validate._rating_rules
    monkeypatch.setattr(ocop.validate, "_rating_rules", lambda record, *rest: (ran.append(record.path),
                                                                               real(record, *rest))[1])
    edit(project, "pages/gioi-thieu.md", "title:", "title: ")  # a record no rating reads
    checked(config, memory)
    assert ran == []
    EDITS["product body"](project)  # mien-dong-thu: named by two decisions of son-thu
    checked(config, memory)
    assert sorted(ran) == ["content/ratings/son-thu/2021-san-pham-3-sao.yaml",
                           "content/ratings/son-thu/2024-05-02-9-qd-ubnd.yaml"]
    ran.clear()
    # a decision naming a product that does not exist: reported, and on every run until fixed
    edit(project, "ratings/son-thu/2021-san-pham-3-sao.yaml", "product: mien-dong-thu", "product: mien-dong-thuu")
    for _ in range(2):
        with pytest.raises(BuildFailed) as failure:
            checked(config, memory)
        assert any("mien-dong-thuu" in str(e) for e in failure.value.errors)


def test_photos_added_replaced_and_removed_between_builds_with_a_memory(project, tmp_path):
    """A product's pictures are not part of its record: a build with the memory still sees every change."""
    config = config_for(project)
    memory = BuildMemory()
    folder = as_photo_folder(project)
    build(config, memory)

    def photo(colour) -> None:
        Image.new("RGB", (640, 480), colour).save(folder / "anh.jpg", quality=90)

    photo((200, 30, 30))  # added while its record does not name it yet: only the record's edit shows it
    edit(project, PHOTO_FOLDER_RECORD, "sources:", "photos:\n  - file: anh.jpg\nsources:")
    build(config, memory)
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    photo((30, 30, 200))  # replaced under the same name: the record did not change
    build(config, memory)
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    (folder / "anh.jpg").unlink()  # gone: the record names a photo that is not there
    with pytest.raises(BuildFailed):
        build(config, memory)


def test_a_mistake_between_two_builds_with_a_memory_is_reported_every_time_until_fixed(project, tmp_path):
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    edit(project, PRODUCT, "province: son-thu", "province: khong-co")
    for _attempt in range(2):  # reported again on the next save, though the record did not change
        with pytest.raises(BuildFailed) as failure:
            build(config, memory)
        assert [e.path for e in failure.value.errors] == ["content/" + PRODUCT]
    edit(project, PRODUCT, "province: khong-co", "province: son-thu")
    EDITS["product name"](project)
    build(config, memory)
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


def test_nothing_changed_nothing_written(project):
    config = config_for(project)
    build(config)
    before = mtimes(config.site_dir)
    report = build(config)
    assert not report.full and report.pages == 0
    assert mtimes(config.site_dir) == before


def test_one_product_edit_renders_only_the_pages_that_show_it(project):
    config = config_for(project)
    everything = build(config).pages
    before = mtimes(config.site_dir)
    EDITS["product body"](project)
    report = build(config)
    after = mtimes(config.site_dir)
    changed = {f for f in after if after[f] != before.get(f)}
    # a description shows on its product page only: the listings and its province page that hold the
    # product are rendered again (their inputs changed) but come out the same, and are left alone
    assert changed == {"san-pham/mien-dong-thu/index.html"}
    assert 1 <= report.pages < everything / 2


@pytest.mark.parametrize("memory", [BuildMemory, lambda: None], ids=["serve", "one-shot"])
def test_a_product_added_at_the_end_of_a_long_listing_renders_its_first_and_last_pages_only(project, tmp_path,
                                                                                            monkeypatch, memory):
    """Every page of a listing showed its counts, so one product added or removed made every page of the listings
    it is in again (657 pages at 20,000 products). Only the first page shows the counts now (stats.PastHeading): a
    product added at the end of a listing makes its first and last pages again, and those between are left as
    they were, with the bytes of a full build. Here it is the listing's first product without a decision, which
    does not change the later pages' heading of past products either."""
    products = project / "content/products/son-thu"
    for n in range(100):  # /san-pham/ on three pages (routes.PAGE_SIZE: 48), recognised in 2019: expired
        (products / f"thu-{n:03}.md").write_text(product_md(f"Thử {n:03}", "son-thu"), encoding="utf-8")
    (project / "content/ratings/son-thu/2019-03-04-7-qd-ubnd.yaml").write_text(
        rating_yaml([(f"thu-{n:03}", 3) for n in range(99)], date="2019-03-04", number="7/QĐ-UBND"),
        encoding="utf-8")
    # one of uncertain validity (a decision of 2023, day unknown): the past products' heading already says
    # "Đã hết hạn hoặc chưa rõ hiệu lực", and a product without a decision does not change it
    (project / "content/ratings/son-thu/2023-8-qd-ubnd.yaml").write_text(
        rating_yaml([("thu-099", 3)], date="2023", number="8/QĐ-UBND"), encoding="utf-8")
    config = config_for(project)
    kept = memory()
    build(config, kept)
    rendered = record_rendered(monkeypatch)
    # no decision yet: after every product recognised, the last of the listing
    (products / "xoai-thu.md").write_text(product_md("Xoài Thử", "son-thu"), encoding="utf-8")
    assert not build(config, kept).full
    assert sorted(o for o in rendered if o.startswith("san-pham/") and o.count("/") != 2) == [
        "san-pham/index.html", "san-pham/trang/3/index.html"]
    assert "Xoài Thử" in (config.site_dir / "san-pham/trang/3/index.html").read_text(encoding="utf-8")
    # what the visitor reads: the counts on the first page, how the products are ordered on every page
    first, later = ((config.site_dir / page).read_text(encoding="utf-8")
                    for page in ("san-pham/index.html", "san-pham/trang/2/index.html"))
    assert "105 sản phẩm:" in first and "sản phẩm:" not in later
    assert all("Sản phẩm còn hiệu lực công nhận trước, rồi theo hạng sao và tên." in page for page in (first, later))
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


def test_a_description_edit_does_not_render_the_open_data_files_again(project, monkeypatch):
    """The data files read every product but not its description (fingerprints.DATA_BLIND_FIELDS): at
    20,000 products rewriting them took a second of every edit. A producer's name is in them."""
    config = config_for(project)
    build(config)
    rendered = record_rendered(monkeypatch)
    EDITS["product body"](project)
    build(config)
    assert "san-pham/mien-dong-thu/index.html" in rendered
    assert not [o for o in rendered if o.startswith("du-lieu/")]
    rendered.clear()
    EDITS["product producer"](project)
    build(config)
    assert "du-lieu/san-pham.csv" in rendered and "du-lieu/san-pham.json" in rendered


@pytest.mark.parametrize("name", ["product producer", "product name", "product added", "product removed",
                                  "decision stars", "site address"])
def test_with_the_memory_the_products_data_files_make_only_the_rows_of_changed_products(project, tmp_path,
                                                                                      monkeypatch, name):
    """serve's build process copies the rows of unchanged products out of the files it wrote (opendata.RowMemory):
    ~1 s of every front matter edit at 20,000 products. Only the rows whose product changed are made again."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    before = {p.stem: p.read_bytes() for p in (config.site_dir / "du-lieu").glob("san-pham.*")}
    made: list[str] = []
    product_row = ocop.opendata.product_row
    monkeypatch.setattr(ocop.opendata, "product_row", lambda catalog, p: made.append(p.slug) or product_row(catalog, p))
    if name == "site address":
        edit(project, "site.yaml", "https://ocop.example.test", "https://ocop.example.test/moi")
    else:
        EDITS[name](project)
    assert not build(config, memory).full
    made_here = list(made)  # before the full build below makes every row
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    edited = {"product producer": {"mien-dong-thu"}, "product name": {"mien-dong-thu"},
              "product added": {"che-moi-thu"}, "product removed": {"mien-dong-thu"},  # it takes the other's alias
              "decision stars": {"mien-dong-thu"}}.get(name)
    products = checked(config).catalog.products
    if edited is None:  # the site's address is in every row
        assert sorted(made_here) == sorted(2 * list(products))
    else:
        assert sorted(made_here) == sorted(2 * list(edited)), made_here
    after = {p.stem: p.read_bytes() for p in (config.site_dir / "du-lieu").glob("san-pham.*")}
    assert after != before


@pytest.mark.parametrize("copy_range", ["default", "smaller than a row"])
def test_unchanged_rows_that_follow_one_another_are_copied_in_one_read(project, tmp_path, monkeypatch, copy_range):
    """The rows of unchanged products between two made again are one range of the old file, read and written at
    once (44,000 reads at 20,000 products took ~0.2 s of a name edit), at most COPY_RANGE_BYTES at a time."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    if copy_range != "default":
        monkeypatch.setattr(ocop.opendata, "COPY_RANGE_BYTES", 10)
    reads: list[int] = []
    pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, size, offset: reads.append(size) or pread(fd, size, offset))
    EDITS["product producer"](project)  # mien-dong-thu: one row of the products' CSV and JSON made again
    assert not build(config, memory).full
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    products = len(checked(config).catalog.products)
    assert products > 3
    if copy_range == "default":  # the rows before the edited one, and those after it, in each of the two files
        assert len(reads) <= 4
    else:
        assert len(reads) == 2 * (products - 1)


DECISIONS = {"son-thu/2021-san-pham-3-sao", "son-thu/2024-05-02-9-qd-ubnd", "dong-thu/2024-01-10-12-qd-bnn"}


@pytest.mark.parametrize("name, remade", [
    ("product name", {"son-thu/2021-san-pham-3-sao", "son-thu/2024-05-02-9-qd-ubnd"}),  # both recognised it
    ("other product name", {"dong-thu/2024-01-10-12-qd-bnn"}),
    ("decision stars", {"son-thu/2021-san-pham-3-sao", "son-thu/2024-05-02-9-qd-ubnd"}),  # its product's stars
    ("product added", set()),  # recognised by none
    ("site address", DECISIONS),  # in every decision's document_url
])
def test_with_the_memory_the_decisions_data_files_make_only_the_rows_of_changed_decisions(project, tmp_path,
                                                                                         monkeypatch, name, remade):
    """The decisions' CSV and JSON (one row per decision, the CSV one line per entry) are copied like the
    products' (opendata.RowMemory): a decision's row is made again only when the decision or a product it
    recognised changed. A product renamed in serve costs ~1 s less at 20,000 products."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    assert {d.id for d in checked(config).catalog.decisions} == DECISIONS
    before = {p.name: p.read_bytes() for p in (config.site_dir / "du-lieu").glob("cong-nhan.*")}
    made: list[str] = []
    decision_row = ocop.opendata.decision_row
    monkeypatch.setattr(ocop.opendata, "decision_row",
                        lambda catalog, d: made.append(d.id) or decision_row(catalog, d))
    if name == "site address":
        edit(project, "site.yaml", "https://ocop.example.test", "https://ocop.example.test/moi")
    elif name == "other product name":
        edit(project, OTHER_PRODUCT, "name: Nước mắm Cá cơm Thử", "name: Nước mắm Cá cơm Thử Mới")
    else:
        EDITS[name](project)
    assert not build(config, memory).full
    made_here = list(made)  # before the full build below makes every row
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    assert sorted(made_here) == sorted(2 * list(remade)), made_here  # once in the CSV, once in the JSON
    after = {p.name: p.read_bytes() for p in (config.site_dir / "du-lieu").glob("cong-nhan.*")}
    assert (after != before) == bool(remade) or name == "product added"


def test_products_data_files_changed_in_site_have_every_row_made_again(project, tmp_path, monkeypatch):
    """Rows are copied only out of the very bytes this process wrote: a file changed since (by hand, by another
    build) is not read."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    json_file = config.site_dir / "du-lieu/san-pham.json"
    json_file.write_text(json_file.read_text(encoding="utf-8").replace("Miến", "Mien"), encoding="utf-8")
    made: list[str] = []
    product_row = ocop.opendata.product_row
    monkeypatch.setattr(ocop.opendata, "product_row", lambda catalog, p: made.append(p.slug) or product_row(catalog, p))
    EDITS["product producer"](project)
    build(config, memory)
    made_here = list(made)
    products = checked(config).catalog.products
    assert sorted(made_here) == sorted(["mien-dong-thu", *products])  # the CSV's one row, every JSON row
    full = full_build_of(project, tmp_path)
    assert json_file.read_bytes() == (full / "du-lieu/san-pham.json").read_bytes()


@pytest.mark.parametrize("name, shown, not_shown", [
    ("product producer", {"san-pham"}, {"cong-nhan", "tinh"}),  # the decisions' files name products, not producers
    ("product name", {"san-pham", "cong-nhan"}, {"tinh"}),
    ("decision stars", {"san-pham", "cong-nhan"}, {"tinh"}),
    ("product added", {"san-pham", "cong-nhan", "tinh"}, set()),  # a province's count of products
])
def test_an_edit_writes_again_the_data_files_that_show_it_and_not_the_others(project, monkeypatch, name, shown,
                                                                             not_shown):
    """Each dataset's files are fingerprinted by what its rows read (opendata.READS_*): at 20,000 products
    the product and decision files are ~3.4 s of writing, in one process, after an edit. (The plans' files
    count products through plan progress, which holds them: written again after most product edits, 0.04 s.)"""
    config = config_for(project)
    build(config)
    rendered = record_rendered(monkeypatch)
    EDITS[name](project)
    build(config)
    written = {o.removeprefix("du-lieu/").split(".")[0] for o in rendered if o.endswith((".csv", ".json"))
               and o.startswith("du-lieu/") and not o.endswith((".schema.json", "-metadata.json"))}
    assert shown <= written and not written & not_shown, written


def test_a_replaced_pdf_is_placed_again_and_a_removed_one_leaves_the_site(project):
    config = config_for(project)
    build(config)
    placed = config.site_dir / "quyet-dinh/son-thu/2024-05-02-9-qd-ubnd.pdf"
    assert placed.read_bytes() == (project / "content" / DECISION_PDF).read_bytes()
    EDITS["decision pdf replaced"](project)
    assert not build(config).full
    assert placed.read_bytes() == (project / "content" / DECISION_PDF).read_bytes()
    EDITS["decision pdf removed"](project)
    build(config)
    assert not placed.exists() and not placed.parent.exists(), "the file and its empty folders go"
    assert "Xem văn bản quyết định" not in (config.site_dir / "san-pham/mien-dong-thu/index.html").read_text(
        encoding="utf-8")


def test_a_new_build_date_rebuilds_what_depends_on_it(project, tmp_path):
    build(config_for(project))
    later = BUILD_DATE.replace(year=BUILD_DATE.year + 2)
    build(config_for(project, build_date=later))
    assert tree(project / "site") == tree(full_build_of(project, tmp_path, build_date=later))


@pytest.mark.slow
def test_random_edits_in_a_row(project, tmp_path):
    """Several edits, each followed by an incremental build: always equal to a full build."""
    config = config_for(project)
    build(config)
    order = list(EDITS)
    random.Random(12).shuffle(order)
    for name in order[:5]:
        EDITS[name](project)
        build(config)
        assert tree(config.site_dir) == tree(full_build_of(project, tmp_path)), f"after {name}"


def test_a_site_changed_by_hand_gets_a_full_build(project):
    config = config_for(project)
    build(config)
    (config.site_dir / "san-pham/mien-dong-thu/index.html").unlink()
    (config.site_dir / "stray.html").write_text("x", encoding="utf-8")
    assert build(config).full
    assert (config.site_dir / "san-pham/mien-dong-thu/index.html").is_file()
    assert not (config.site_dir / "stray.html").exists()


def test_a_failed_incremental_build_leaves_the_site_as_it_was(project):
    config = config_for(project)
    build(config)
    before = tree(config.site_dir)
    EDITS["product body"](project)
    broken = project / "templates/product.html"
    broken.write_text(broken.read_text(encoding="utf-8").replace("{% block main %}",
                                                                 "{% block main %}{{ no_such_thing.x }}"),
                      encoding="utf-8")
    with pytest.raises(Exception, match="no_such_thing"):
        build(config)
    assert tree(config.site_dir) == before
    edit(project, PRODUCT, "province: son-thu", "province: khong-co")
    with pytest.raises(BuildFailed):
        build(config)
    assert tree(config.site_dir) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-staging")]


def test_a_template_change_reaches_exactly_the_templates_that_use_it(tmp_path):
    """fingerprints.template_digests: a page depends on its template and what that extends, includes or imports."""
    shutil.copytree(PROJECT_DIR / "templates", tmp_path / "t")
    before = template_digests(tmp_path / "t")
    macros = tmp_path / "t" / "macros.html"
    macros.write_text(macros.read_text(encoding="utf-8") + "\n{# x #}\n", encoding="utf-8")
    after = template_digests(tmp_path / "t")
    changed = {name for name in before if before[name] != after[name]}
    users = {name for name in before if "macros.html" in (tmp_path / "t" / name).read_text(encoding="utf-8")}
    assert "macros.html" in changed and "product.html" in changed and users <= changed
    assert "feed.xml" not in changed and "sitemap.xml" not in changed and "robots.txt" not in changed


def test_placing_a_file_over_a_link_to_itself_leaves_no_temporary_file(tmp_path):
    """rename() between two links of one file does nothing: the placer must not leave its temporary behind
    (it did: 60,263 '*.tmp' files in site/ after the cache was reached through a symlink, and every later
    build was a full one, since site/ no longer matched its record)."""
    source = tmp_path / "cache" / "card.png"
    source.parent.mkdir()
    source.write_bytes(b"png")
    placer = Placer(tmp_path / "site")
    placer.place(str(source), "san-pham/a/og.png")
    (tmp_path / "alias").symlink_to(tmp_path / "cache")
    placer.place(str(tmp_path / "alias" / "card.png"), "san-pham/a/og.png")  # the same file, by another path
    assert sorted(p.name for p in (tmp_path / "site/san-pham/a").iterdir()) == ["og.png"]
    assert (tmp_path / "site/san-pham/a/og.png").read_bytes() == b"png"


def test_a_drawn_picture_is_known_by_its_name_and_its_name_by_what_draws_it(tmp_path, monkeypatch):
    """write.plan identifies a drawn file by its name (no stat of 60,000 files); the name hashes the card and
    the drawing tools, so a Pillow upgrade (or raqm installed) gives new names and the pictures are placed
    again instead of old ones staying in site/ (what reverted 9cb6c18)."""
    drawn = tmp_path / "drawn"
    drawn.mkdir()
    (drawn / "aaa.png").write_bytes(b"one")
    files = [(str(drawn / "aaa.png"), "/san-pham/a/og.png", True)]
    site = tmp_path / "site"
    site.mkdir()
    first = write.plan(site, None, {}, files, str(drawn))
    assert first.record.files == {"san-pham/a/og.png": "named|aaa.png"}
    (site / "san-pham/a").mkdir(parents=True)
    (site / "san-pham/a/og.png").write_bytes(b"one")
    (drawn / "aaa.png").write_bytes(b"other bytes, same name")
    again = write.plan(site, first.record, {}, files, str(drawn))
    assert not again.full and again.place == {}, "a name says what the file holds"
    renamed = [(str(drawn / "bbb.png"), "/san-pham/a/og.png", True)]
    assert write.plan(site, first.record, {}, renamed, str(drawn)).place == {"san-pham/a/og.png": (renamed[0][0], True)}
    key = images.draw_key("qr-svg", "https://ocop.example.vn/san-pham/a/")
    monkeypatch.setattr(images, "drawing_tools", lambda: "Pillow 99.0.0, raqm True, segno 1.6.6, fonts x")
    assert images.draw_key("qr-svg", "https://ocop.example.vn/san-pham/a/") != key


def test_site_folders_whose_mtime_did_not_move_are_not_listed_again(tmp_path):
    """serve's walk of site/ (write.KnownFolders): a folder is listed again only when its mtime moved, or when
    it was listed within a second of its last change."""
    site = tmp_path / "site"
    (site / "san-pham/a").mkdir(parents=True)
    (site / "san-pham/a/index.html").write_text("a", encoding="utf-8")
    (site / "index.html").write_text("home", encoding="utf-8")
    known = write.KnownFolders()
    an_hour_ago = time.time() - 3600
    for folder in (site, site / "san-pham", site / "san-pham/a"):
        os.utime(folder, (an_hour_ago, an_hour_ago))
    assert write.site_files(site, known) == write.site_files(site) == {"index.html", "san-pham/a/index.html"}
    # a file slipped in with its folder's mtime put back: the folder is taken as listed (what the rule trusts)
    (site / "san-pham/a/lén.html").write_text("x", encoding="utf-8")
    os.utime(site / "san-pham/a", (an_hour_ago, an_hour_ago))
    assert write.site_files(site, known) == {"index.html", "san-pham/a/index.html"}
    # any real change moves the mtime: seen
    (site / "san-pham/b").mkdir()
    (site / "san-pham/b/index.html").write_text("b", encoding="utf-8")
    (site / "san-pham/a/index.html").unlink()
    assert write.site_files(site, known) == write.site_files(site) == {
        "index.html", "san-pham/a/lén.html", "san-pham/b/index.html"}
    # b was listed just after its change: listed again next time, though its mtime did not move (same tick)
    listed_mtime = known.folders[str(site / "san-pham/b")][0]
    (site / "san-pham/b/moi.html").write_text("m", encoding="utf-8")
    os.utime(site / "san-pham/b", ns=(listed_mtime, listed_mtime))
    assert "san-pham/b/moi.html" in write.site_files(site, known)


# ---------------------------------------------------------------- serve's body edits (ocop/body_edits.py)

def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """{absolute path: (size, mtime)} of the files serve watches: what its watcher would see change."""
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for part in ("content", "templates", "assets")
            for p in (root / part).rglob("*") if p.is_file()}


def changed_since(root: Path, before: dict) -> tuple[str, ...]:
    """The files added, changed or removed since the snapshot, as serve's watcher reports them."""
    now = snapshot(root)
    return tuple(sorted({p for p in now if now[p] != before.get(p)} | {p for p in before if p not in now}))


def build_after(config, memory: BuildMemory, change, root: Path):
    """Make the change and build with the memory and the list of changed files, as serve does."""
    before = snapshot(root)
    time.sleep(0.01)  # a different mtime even on coarse clocks
    change(root)
    return build(config, memory, changed=changed_since(root, before))


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.slow) if name in EVERY_PAGE else name
                                  for name in EDITS])
def test_a_build_told_the_changed_files_equals_a_full_build(project, tmp_path, name):
    """serve passes the files its watcher saw change: a description edit makes that product's page alone;
    every other kind of edit looks at everything. Either way the site is a full build's."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    report = build_after(config, memory, EDITS[name], project)
    assert report.body_edits == (name == "product body")
    assert report.shown_edits == (name in {"product producer", "producer contact", "product name"})
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


def test_description_edits_in_a_row_make_only_their_own_pages(project, tmp_path):
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    other = "products/dong-thu/nuoc-mam-thu.md"
    steps = [
        ("first product's body", True, lambda r: edit(r, PRODUCT, "Sợi miến dai", "Sợi miến rất dai")),
        ("another product's body", True, lambda r: (r / "content" / other).write_text(
            (r / "content" / other).read_text(encoding="utf-8") + "\nThêm một đoạn mô tả.\n", encoding="utf-8")),
        ("first product's body back", True, lambda r: edit(r, PRODUCT, "Sợi miến rất dai", "Sợi miến dai")),
        ("a producer", False, EDITS["product producer"]),
        ("first product's body again", True, lambda r: edit(r, PRODUCT, "màu trong", "màu trong suốt")),
        ("two bodies at once", True, lambda r: (edit(r, PRODUCT, "màu trong suốt", "màu trong"),
                                                edit(r, other, "Thêm một đoạn", "Thêm hai đoạn"))),
    ]
    for what, body_only, change in steps:
        before = mtimes(config.site_dir)
        report = build_after(config, memory, change, project)
        assert report.body_edits == body_only, what
        assert tree(config.site_dir) == tree(full_build_of(project, tmp_path)), what
        if body_only:
            after = mtimes(config.site_dir)
            touched = {f for f in after if after[f] != before.get(f)}
            assert touched <= {"san-pham/mien-dong-thu/index.html", "san-pham/nuoc-mam-thu/index.html"}, what
            assert touched and report.pages == len(touched), what
    # a build that looks at everything after them finds site/ up to date: it writes nothing
    before = mtimes(config.site_dir)
    assert not build(config, memory).body_edits
    assert mtimes(config.site_dir) == before


def test_a_mistake_in_a_description_is_reported_and_the_next_save_builds_again(project, tmp_path):
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    with pytest.raises(BuildFailed) as failure:
        build_after(config, memory, lambda r: edit(r, PRODUCT, "- Sợi miến dai", "- <script>x</script>Sợi miến dai"),
                    project)
    assert [(e.path, e.line) for e in failure.value.errors] == [("content/" + PRODUCT, 30)]
    assert "<script>" in failure.value.errors[0].message
    report = build_after(config, memory, lambda r: edit(r, PRODUCT, "<script>x</script>", ""), project)
    assert not report.body_edits  # after a failed build, the next one looks at everything
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    assert build_after(config, memory, EDITS["product body"], project).body_edits


def test_what_an_editor_leaves_beside_a_description_edit(project):
    """Hidden files and a file that came and went are no record; a file that stays is looked at."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    products = project / "content/products/son-thu"
    hidden = products / ".mien-dong-thu.md.swp"

    def save_like_vim(r: Path) -> None:
        hidden.write_text("x", encoding="utf-8")
        (products / "4913").write_text("", encoding="utf-8")
        (products / "4913").unlink()
        EDITS["product body"](r)

    before = snapshot(project)
    save_like_vim(project)
    changed = changed_since(project, before) + (str(products / "4913"),)
    assert build(config, memory, changed=changed).body_edits
    before = snapshot(project)
    (products / "ghi-chu.txt").write_text("x", encoding="utf-8")
    with pytest.raises(BuildFailed):  # not a record: the build that looks at everything says so
        build(config, memory, changed=changed_since(project, before))


def _git(root: Path, *args: str, when: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_INDEX_FILE")}
    env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-c", "user.name=Biên tập", "-c", "user.email=bientap@example.test", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def test_a_commit_between_two_saves_moves_the_sitemap_dates(project):
    """The sitemap dates each page by git's history: a description saved and committed (or pulled) is no
    body edit alone (found in review)."""
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    _git(project, "init", "-q", when="2024-01-01T10:00:00+07:00")
    _git(project, "add", "content", when="2024-01-01T10:00:00+07:00")
    _git(project, "commit", "-q", "-m", "nội dung", when="2024-01-01T10:00:00+07:00")
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)

    def save_and_commit(r: Path) -> None:
        EDITS["product body"](r)
        _git(r, "commit", "-q", "-am", "sửa mô tả", when="2025-03-03T10:00:00+07:00")

    assert not build_after(config, memory, save_and_commit, project).body_edits
    assert "2025-03-03" in (config.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert build_after(config, memory, lambda r: edit(r, PRODUCT, "màu trong", "màu trong suốt"), project).body_edits


def test_a_photo_whose_name_begins_with_a_dot_is_no_editors_temporary_file(project, tmp_path):
    config = config_for(project)
    memory = BuildMemory()
    folder = as_photo_folder(project)
    Image.new("RGB", (640, 480), (200, 30, 30)).save(folder / ".anh.jpg", quality=90)
    edit(project, PHOTO_FOLDER_RECORD, "sources:", "photos:\n  - file: .anh.jpg\nsources:")
    build(config, memory)
    report = build_after(config, memory, lambda r: Image.new("RGB", (640, 480), (30, 30, 200)).save(
        folder / ".anh.jpg", quality=90), project)
    assert not report.body_edits
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


def test_a_record_reached_through_a_link_turns_body_edits_off(project, tmp_path):
    """The watcher names a link's target when the target changes, never the link (found in review)."""
    config = config_for(project)
    memory = BuildMemory()
    shared = project / "content/products/.chung/che-lien-ket.md"
    shared.parent.mkdir()
    shared.write_text("---\nname: Chè Liên Kết\nprovince: son-thu\nsources:\n  - title: Nguồn thử\n---\nMô tả chè.\n",
                      encoding="utf-8")
    (project / "content/products/son-thu/che-lien-ket.md").symlink_to(shared)
    build(config, memory)
    assert not build(config, memory, changed=[]).full
    shared.write_text(shared.read_text(encoding="utf-8").replace("Mô tả chè.", "Mô tả chè mới."), encoding="utf-8")
    report = build(config, memory, changed=[str(shared)])  # as the watcher reports it
    assert not report.body_edits
    assert "Mô tả chè mới." in (config.site_dir / "san-pham/che-lien-ket/index.html").read_text(encoding="utf-8")
    assert build_after(config, memory, EDITS["product body"], project).body_edits is False


def test_another_build_into_the_same_site_turns_body_edits_off(project, tmp_path):
    """serve's memory says what its last build wrote; `python build.py` into the same site/ between two saves
    writes another site (here with another build date), and the next save looks at everything."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    build(config_for(project, build_date=BUILD_DATE.replace(year=BUILD_DATE.year + 2)))
    report = build_after(config, memory, EDITS["product body"], project)
    assert not report.body_edits
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


# the open data files whose rows serve copies (opendata.RowMemory)
ROW_FILES = {"/du-lieu/san-pham.csv", "/du-lieu/san-pham.json", "/du-lieu/cong-nhan.csv", "/du-lieu/cong-nhan.json"}


def test_between_builds_serve_learns_the_rows_its_first_build_did_not_write(project, monkeypatch):
    """serve's first build over an up-to-date site/ writes no data file, so the first edit would make every row;
    build.between_builds learns where each row is from site/ (opendata.remember_rows) while serve waits."""
    config = config_for(project)
    build(config)  # `python build.py` before serve
    memory = BuildMemory()
    build(config, memory)  # serve's first build: nothing to write
    assert memory.open_data.files == {}
    ocop.build.between_builds(config, memory)
    assert set(memory.open_data.files) == ROW_FILES
    made: list[str] = []
    product_row, decision_row = ocop.opendata.product_row, ocop.opendata.decision_row
    monkeypatch.setattr(ocop.opendata, "product_row", lambda catalog, p: made.append(p.slug) or product_row(catalog, p))
    monkeypatch.setattr(ocop.opendata, "decision_row", lambda catalog, d: made.append(d.id) or decision_row(catalog, d))
    ocop.build.between_builds(config, memory)  # known and still what site/ holds: nothing made
    assert made == []
    EDITS["product name"](project)  # its row in the products' files, the rows of the two decisions that name it
    build(config, memory)
    assert sorted(made) == sorted(2 * ["mien-dong-thu", "son-thu/2021-san-pham-3-sao", "son-thu/2024-05-02-9-qd-ubnd"])
    # a file that is not what the catalog makes (changed by hand) is not learnt
    json_file = config.site_dir / "du-lieu/san-pham.json"
    json_file.write_text(json_file.read_text(encoding="utf-8").replace("Miến", "Mien"), encoding="utf-8")
    ocop.build.between_builds(config, memory)
    assert set(memory.open_data.files) == ROW_FILES - {"/du-lieu/san-pham.json"}


def test_serve_learns_between_builds_and_says_so_when_that_fails(project, monkeypatch, capsys, tmp_path):
    """serve's build process calls build.between_builds after each build (serve.learn_between_builds): it learns
    the rows; when it fails, the memory it fills is emptied (never half-learnt) and one warning line says so."""
    config = config_for(project)
    build(config)
    memory = BuildMemory()
    build(config, memory)
    ocop.serve.learn_between_builds(config, memory)
    assert set(memory.open_data.files) == ROW_FILES
    assert capsys.readouterr().err == ""
    learnt = memory.open_data.files["/du-lieu/san-pham.csv"]

    def fails(rows, catalog, site_dir):
        rows.files["/du-lieu/san-pham.json"] = learnt  # half-learnt (the wrong file's rows), then a failure
        raise OSError("đĩa đầy")
    monkeypatch.setattr(ocop.opendata, "remember_rows", fails)
    ocop.serve.learn_between_builds(config, memory)
    assert memory.open_data.files == {}
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Cảnh báo: không ghi nhớ được") and "OSError: đĩa đầy" in err
    monkeypatch.undo()
    EDITS["product producer"](project)
    build(config, memory)  # the next build makes every row, and is right
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


# ---------------------------------------------------------------- serve's shown-fields edits (the same module)

SHOWN_EDITS = {
    "producer name": lambda r: edit(r, PRODUCT, "name: Hợp tác xã Thử Nghiệm", "name: Hợp tác xã Thử Nghiệm Mới"),
    "producer address and e-mail": lambda r: (
        edit(r, PRODUCT, "address: thôn Chè Thử", "address: thôn Chè Thử Hai"),
        edit(r, PRODUCT, "email: htx.thu@example.test", "email: lienhe@htx-thu.example.test")),
    "producer removed": lambda r: edit(
        r, PRODUCT, "producer:\n  name: Hợp tác xã Thử Nghiệm\n  kind: hợp tác xã\n"
        "  address: thôn Chè Thử, xã Côn Thử, huyện Na Thử\n  contact:\n    phone: \"0209 3870 123\"\n"
        "    email: htx.thu@example.test\n    website: https://htx-thu.example.test/\n", ""),
    "locality": lambda r: edit(r, PRODUCT, "locality: Na Thử (xã Côn Thử)", "locality: xã Côn Thử"),
    "a source added": lambda r: edit(r, PRODUCT, "sources:\n", "sources:\n  - url: https://bao.example.test/them\n"
                                     "    publisher: Báo Thử\n    title: Bài thêm\n"),
    "a place to buy removed": lambda r: edit(r, PRODUCT, "  - name: Điểm bán sản phẩm OCOP Sơn Thử\n"
                                             "    address: số 1 đường Thử, phường Thử\n", ""),
    "producer and body at once": lambda r: (
        edit(r, PRODUCT, "name: Hợp tác xã Thử Nghiệm", "name: Hợp tác xã Thử Nghiệm Hai"),
        edit(r, PRODUCT, "Sợi miến dai", "Sợi miến rất dai")),
    "name, in the same place of the catalog's order": EDITS["product name"],
    "name and producer": lambda r: (
        edit(r, PRODUCT, "name: Miến dong Thử", "name: Miến dong Thử (loại ngon)"),
        edit(r, PRODUCT, "name: Hợp tác xã Thử Nghiệm", "name: Hợp tác xã Thử Nghiệm Bốn")),
    "two products' producers": lambda r: (
        edit(r, PRODUCT, "name: Hợp tác xã Thử Nghiệm", "name: Hợp tác xã Thử Nghiệm Ba"),
        edit(r, OTHER_PRODUCT, "producer:\n  name: ", "producer:\n  name: Cơ sở ")),
}
NOT_SHOWN_ONLY = {  # front matter edits that move an address, an order, a count or a picture: a look at everything
    "name that moves it first in the catalog's order": lambda r: edit(r, PRODUCT, "name: Miến dong Thử",
                                                                      "name: Bánh miến dong Thử"),
    "name that moves it past its neighbour": lambda r: edit(r, PRODUCT, "name: Miến dong Thử", "name: Nước miến Thử"),
    "group": EDITS["product group"],
    "alias": EDITS["alias added"],
    "group_by_editors": lambda r: edit(r, PRODUCT, "group_by_editors: true\n", ""),
    "producer beside another change": lambda r: (
        edit(r, PRODUCT, "name: Hợp tác xã Thử Nghiệm", "name: Hợp tác xã Thử Nghiệm Mới"),
        edit(r, "provinces/dong-thu.yaml", "name: Đồng Thử", "name: Đồng Thử Mới")),
}


def record_of(config):
    return write.read_record(write.record_file(config.cache_dir, config.site_dir))


def assert_record_of_a_full_build(config, monkeypatch, what=""):
    """The record of site/ is what a build that looks at everything, with no memory, makes of the same content and
    date (a fingerprint is of paths too: the same project folder): that build renders nothing and changes it not."""
    saved = record_of(config)
    rendered = record_rendered(monkeypatch)
    report = build(config)
    assert not report.full and rendered == [], what
    assert record_of(config).pages == saved.pages and record_of(config).files == saved.files, what
    monkeypatch.undo()


@pytest.mark.parametrize("name", list(SHOWN_EDITS))
def test_a_shown_fields_edit_makes_the_pages_that_show_the_product_and_the_record_of_a_full_build(
        project, tmp_path, name, monkeypatch):
    """An edit of the producer, the locality, the sources or the places to buy changes no address, order or count:
    serve makes it from the last build's result alone. The site is a full build's, byte for byte, and so is the
    record of it (each page's fingerprint, each drawn picture): the next build that looks at everything
    renders nothing."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    before = mtimes(config.site_dir)
    report = build_after(config, memory, SHOWN_EDITS[name], project)
    assert report.shown_edits and not report.body_edits and not report.full
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    after = mtimes(config.site_dir)
    touched = {f for f in after if after[f] != before.get(f)}
    assert "san-pham/mien-dong-thu/index.html" in touched
    assert not any(f.startswith("gioi-thieu/") for f in touched)  # a page shows no product
    # the decisions' files list each product's name, and no other shown field
    assert any(f.startswith("du-lieu/cong-nhan") for f in touched) == name.startswith("name")
    assert_record_of_a_full_build(config, monkeypatch)


def test_a_producer_edit_redraws_the_share_card_and_writes_the_products_data_files(project, tmp_path):
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    card = config.site_dir / "san-pham/mien-dong-thu/og.png"
    csv_file = config.site_dir / "du-lieu/san-pham.csv"
    card_before, csv_before = card.read_bytes(), csv_file.read_text(encoding="utf-8")
    report = build_after(config, memory, SHOWN_EDITS["producer name"], project)
    assert report.shown_edits
    assert card.read_bytes() != card_before
    assert "Hợp tác xã Thử Nghiệm Mới" in csv_file.read_text(encoding="utf-8")
    assert "Hợp tác xã Thử Nghiệm Mới" not in csv_before
    feed = (config.site_dir / "feed.xml").read_text(encoding="utf-8")
    assert "Hợp tác xã Thử Nghiệm Mới" in feed


@pytest.mark.parametrize("name", list(NOT_SHOWN_ONLY))
def test_a_front_matter_edit_beyond_the_shown_fields_looks_at_everything(project, tmp_path, name):
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    report = build_after(config, memory, NOT_SHOWN_ONLY[name], project)
    assert not report.shown_edits and not report.body_edits
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


def test_a_mistake_in_a_shown_field_is_reported_and_site_keeps_what_it_had(project):
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    before = tree(config.site_dir)
    with pytest.raises(BuildFailed) as failure:
        build_after(config, memory, lambda r: edit(r, PRODUCT, "website: https://htx-thu.example.test/",
                                                   "website: htx-thu"), project)
    assert any("mien-dong-thu.md" in str(e) and "website" in str(e) for e in failure.value.errors)
    assert tree(config.site_dir) == before
    with pytest.raises(BuildFailed):  # reported again on the next save, whatever it changed
        build_after(config, memory, lambda r: edit(r, PRODUCT, "Sợi miến dai", "Sợi miến rất dai"), project)
    assert build_after(config, memory, lambda r: edit(r, PRODUCT, "website: htx-thu",
                                                      "website: https://htx-thu.example.test/"), project).full is False


def test_body_and_shown_fields_edits_in_a_row_each_equal_a_full_build(project, tmp_path, monkeypatch):
    """A body edit leaves the product's other routes holding the product as it was: the next shown-fields edit
    must still find it wherever it is shown."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    steps = [
        ("body", "body", lambda r: edit(r, PRODUCT, "Sợi miến dai", "Sợi miến rất dai")),
        ("producer", "shown", SHOWN_EDITS["producer name"]),
        ("body again", "body", lambda r: edit(r, PRODUCT, "màu trong", "màu trong suốt")),
        ("locality", "shown", SHOWN_EDITS["locality"]),
        # two looks at everything with the memory: the second one's feed routes hold the first one's equal feeds
        ("a plan's target", "", EDITS["plan target"]),
        ("the plan's target back", "", lambda r: edit(r, "plans/son-thu/2024-15-kh-ubnd.md", "value: 1\n",
                                                      "value: 2\n")),
        ("a name", "shown", lambda r: edit(r, PRODUCT, "name: Miến dong Thử", "name: Miến dong Thử (loại ngon)")),
        ("the other product's producer", "shown", lambda r: edit(r, OTHER_PRODUCT, "producer:\n  name: ",
                                                                 "producer:\n  name: Cơ sở ")),
        ("producer back", "shown", lambda r: edit(r, PRODUCT, "name: Hợp tác xã Thử Nghiệm Mới",
                                                  "name: Hợp tác xã Thử Nghiệm")),
    ]
    for what, kind, change in steps:
        report = build_after(config, memory, change, project)
        assert (report.body_edits, report.shown_edits) == (kind == "body", kind == "shown"), what
        assert set(report.seconds) <= set(STAGE_WORDS), what  # the summary names each stage in Vietnamese
        assert tree(config.site_dir) == tree(full_build_of(project, tmp_path)), what
        stamp = write.record_stamp(write.record_file(config.cache_dir, config.site_dir))
        assert_record_of_a_full_build(config, monkeypatch, what)
        # that build wrote the record again (another build into site/): the next save would look at everything
        memory.last = dataclasses.replace(memory.last, record_stamp=write.record_stamp(
            write.record_file(config.cache_dir, config.site_dir))) if stamp else memory.last


def test_a_renamed_product_whose_photo_its_name_describes_looks_at_everything(project, tmp_path):
    """A photo without alt text is described by the product's name (its alt, its caption): a rename then changes
    the product's pictures too, which the shown-fields edits do not make; with alt text it does not."""
    config = config_for(project)
    memory = BuildMemory()
    folder = as_photo_folder(project)
    Image.new("RGB", (640, 480), (200, 30, 30)).save(folder / "anh.jpg", quality=90)
    record = PHOTO_FOLDER_RECORD
    edit(project, record, "sources:", "photos:\n  - file: anh.jpg\nsources:")
    build(config, memory)
    report = build_after(config, memory, lambda r: edit(r, record, "name: Miến dong Thử", "name: Miến dong Thử Hai"),
                         project)
    assert not report.shown_edits and not report.full
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))
    edit(project, record, "  - file: anh.jpg\n", "  - file: anh.jpg\n    alt: Miến dong đóng gói\n")
    build(config, memory)
    report = build_after(config, memory, lambda r: edit(r, record, "name: Miến dong Thử Hai", "name: Miến dong Thử Ba"),
                         project)
    assert report.shown_edits
    assert tree(config.site_dir) == tree(full_build_of(project, tmp_path))


def test_a_listings_counts_that_hold_an_older_copy_of_the_product_get_the_edited_one(project, monkeypatch):
    """A listing's counts hold its products soon to expire, and the memory hands back last build's counts when they
    are equal (Reuse.equal): after a look at everything that made the product again, equal, they hold an older copy
    of it. A producer's edit must reach that copy too: the record of site/ is then a full build's."""
    config = config_for(project)
    memory = BuildMemory()
    build(config, memory)
    assert "nuoc-mam-thu" in [p.slug for p in checked(config).routes[0].context["stats"].expiring]
    assert build_after(config, memory, lambda r: edit(r, OTHER_PRODUCT, "\n---\n", "\n---\n"), project).pages == 0
    assert not build_after(config, memory, EDITS["page title"], project).body_edits  # the product made again
    report = build_after(config, memory, lambda r: edit(r, OTHER_PRODUCT, "producer:\n  name: ",
                                                        "producer:\n  name: Cơ sở "), project)
    assert report.shown_edits
    assert_record_of_a_full_build(config, monkeypatch)

