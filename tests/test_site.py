"""The bundled site: every page reachable, every link resolving, real facts on the pages."""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import yaml

from conftest import read
from ocop.config import PROJECT_DIR
from ocop.routes import PAGE_SIZE
from ocop.slugs import slugify

# The bundled content read straight from the files: these tests compute what the pages must
# show from the records, so they keep passing as the content grows.
CONTENT = PROJECT_DIR / "content"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


PRODUCTS = {(p.parent.name if p.name == "index.md" else p.stem): front_matter(p)
            for p in sorted((CONTENT / "products").rglob("*.md"))}
PROVINCES = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((CONTENT / "provinces").glob("*.yaml"))}
PLANS = {f"{p.parent.name}/{p.stem}": front_matter(p) for p in sorted((CONTENT / "plans").rglob("*.md"))}
RATINGS = [{**yaml.safe_load(p.read_text(encoding="utf-8")), "province": p.parent.name}
           for p in sorted((CONTENT / "ratings").rglob("*.yaml"))]


def vi_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def year_of(value) -> int:
    """2022, '2022-08' or date(2022, 8, 22) -> 2022."""
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])


def plan_period(period) -> tuple[int, int]:
    first, _, last = str(period).partition("-")
    return int(first), int(last or first)


HREF = re.compile(r'<(?:a|link)\b[^>]*?\bhref="([^"]+)"')
SRC = re.compile(r'<(?:img|script|source)\b[^>]*?\bsrc="([^"]+)"')


def internal_targets(site: Path, page: Path) -> list[tuple[str, Path]]:
    """Every relative href/src on the page, resolved to the file it must open."""
    text = page.read_text(encoding="utf-8")
    base = "http://site/" + page.relative_to(site).as_posix()
    found = []
    for link in HREF.findall(text) + SRC.findall(text):
        link = html.unescape(link)
        if link.startswith(("http://", "https://", "mailto:", "tel:", "#", "data:")):
            continue
        url = urlparse(urljoin(base, link))
        path = unquote(url.path).lstrip("/")
        target = site / path
        if path == "" or path.endswith("/"):
            target = target / "index.html"
        found.append((link, target))
    return found


def test_every_internal_link_resolves(bundled_site):
    broken = []
    pages = sorted(bundled_site.rglob("*.html"))
    assert len(pages) > len(PRODUCTS) + len(PROVINCES) + len(PLANS)  # a page each, and the listings
    for page in pages:
        if page.name == "404.html":
            continue  # root-relative links, checked below
        for link, target in internal_targets(bundled_site, page):
            if not target.is_file():
                broken.append(f"{page.relative_to(bundled_site)} -> {link}")
    assert broken == []


def test_home_reaches_every_product_province_and_plan(bundled_site):
    seen: set[Path] = set()
    queue = deque([bundled_site / "index.html"])
    while queue:
        page = queue.popleft()
        if page in seen or page.suffix != ".html":
            continue
        seen.add(page)
        for _, target in internal_targets(bundled_site, page):
            if target.is_file() and target not in seen:
                queue.append(target)
    reached = {p.parent.relative_to(bundled_site).as_posix() for p in seen}
    products = {f"san-pham/{slug}" for slug in PRODUCTS}
    provinces = {f"tinh/{slug}" for slug in PROVINCES}
    plans = {f"ke-hoach/{key}" for key in PLANS}
    assert products and provinces and plans, "the bundled content has records of each kind"
    assert products - reached == set()
    assert provinces - reached == set()
    assert plans - reached == set()


def test_every_seed_target_is_on_its_plan_page(bundled_site):
    # the seed plans keep at least the targets they were entered with
    expected_counts = {"bac-kan/2022-75-kh-ubnd": 8, "tra-vinh/2022-43-kh-ubnd": 3,
                       "hoa-binh/2022-162-kh-ubnd": 9, "bac-kan/2019-ke-hoach-ocop": 15}
    for key, seed in expected_counts.items():
        assert len(PLANS[key].get("targets") or []) >= seed, key
    for key, front in PLANS.items():
        page = html.unescape(read(bundled_site, f"/ke-hoach/{key}/"))
        targets = front.get("targets") or []
        for target in targets:
            assert target["text"].strip() in page, (key, target["text"])
        assert page.count('class="target"') == len(targets)
        for milestone in front.get("milestones") or []:
            assert str(milestone["when"]) in page and milestone["text"].strip() in page, (key, milestone)


def test_every_plan_page_states_its_document_facts_and_its_province_now(bundled_site):
    for key, front in PLANS.items():
        page = html.unescape(read(bundled_site, f"/ke-hoach/{key}/"))
        assert f"<title>{front['title']} — " in page, key
        assert front["issuer"] in page, key
        if front.get("number"):
            assert front["number"] in page, key
        issued = front["issued"]
        if isinstance(issued, dt.date):
            assert f"{issued.day}/{issued.month}/{issued.year}" in page, key
        province = PROVINCES[key.split("/")[0]]
        if province.get("merged_into"):  # a plan of a merged province names the province it is part of now
            assert "thuộc" in page and PROVINCES[province["merged_into"]]["name"] in page, key


def test_every_countable_target_shows_the_products_it_counts(bundled_site):
    """The count on a plan page equals the products listed under it; `recognized` is recounted from the files."""
    checked = 0
    for key, front in PLANS.items():
        page = html.unescape(read(bundled_site, f"/ke-hoach/{key}/"))
        blocks = re.findall(r'<li class="target"[^>]*>(.*?)</li>\s*(?=<li class="target"|</ol>|</ul>)', page, re.S)
        assert len(blocks) == len(front.get("targets") or []), key
        province = key.split("/")[0]
        scope = {province} | {slug for slug, data in PROVINCES.items() if data.get("merged_into") == province}
        for target, block in zip(front.get("targets") or [], blocks):
            if target["measure"] == "other":
                continue
            shown = re.search(r"Theo danh mục: <strong>(\d+)</strong>", block)
            assert shown, (key, target["text"])
            listed = set(re.findall(r'href="\.\./\.\./\.\./san-pham/([a-z0-9-]+)/"', block))
            assert int(shown.group(1)) == len(listed), (key, target["text"])
            assert listed <= set(PRODUCTS)
            assert all(PRODUCTS[slug]["province"] in scope for slug in listed), (key, target["text"])
            if target["measure"] == "recognized":
                first, last = plan_period(target.get("period") or front["period"])
                recognised = {entry["product"] for decision in RATINGS if decision["province"] in scope
                              and decision.get("date") is not None  # "reported_by" only: not counted
                              and first <= year_of(decision["date"]) <= last
                              for entry in decision["entries"] if entry["stars"] >= target["stars"]}
                assert listed == recognised, (key, target["text"])
            checked += 1
    assert checked, "the bundled plans have countable targets"


def test_every_product_file_has_its_page_with_its_facts(bundled_site):
    entries = {slug: 0 for slug in PRODUCTS}
    stars = {}
    for decision in RATINGS:
        for entry in decision["entries"]:
            entries[entry["product"]] += 1
            stars[entry["product"]] = entry["stars"]
    for slug, front in PRODUCTS.items():
        page = html.unescape(read(bundled_site, f"/san-pham/{slug}/"))
        assert re.search(r"<h1[^>]*>" + re.escape(front["name"]) + "</h1>", page), slug
        assert page.count('class="history-item"') == entries[slug], slug
        if entries[slug] == 1:  # one decision: its stars are the current stars
            assert f'aria-label="{stars[slug]} sao"' in page, slug
        producer = (front.get("producer") or {}).get("name")
        assert (producer or "Chưa rõ (nguồn không nêu)") in page, slug
        assert "None" not in page, slug
        province = PROVINCES[front["province"]]
        assert province["name"] in page, slug
        if province.get("merged_into"):  # both the recognising province and the one it belongs to now
            assert PROVINCES[province["merged_into"]]["name"] in page, slug
        for source in front["sources"]:
            if source.get("url"):
                assert f'href="{source["url"]}"' in page, slug  # the page was unescaped above


def test_province_pages_merged_new_and_empty(bundled_site):
    members = {slug: set() for slug in PROVINCES}
    for slug, front in PRODUCTS.items():
        members[front["province"]].add(slug)
        if PROVINCES[front["province"]].get("merged_into"):
            members[PROVINCES[front["province"]]["merged_into"]].add(slug)
    for slug, data in PROVINCES.items():
        pages = [read(bundled_site, f"/tinh/{slug}/")] + [
            p.read_text(encoding="utf-8") for p in sorted((bundled_site / f"tinh/{slug}/trang").glob("*/index.html"))]
        page = html.unescape(pages[0])
        linked = {s for text in pages for s in re.findall(r'href="\.\./\.\./(?:\.\./\.\./)?san-pham/([a-z0-9-]+)/"', text)}
        assert members[slug] <= linked, (slug, members[slug] - linked)
        # "no products yet" said once, plainly; otherwise how many, valid ones counted apart
        assert page.count("Danh mục chưa có sản phẩm OCOP nào") == (0 if members[slug] else 1), slug
        if members[slug]:
            assert f'<p class="lead">{vi_number(len(members[slug]))} sản phẩm trong danh mục: ' in page, slug
        # the merger as the Resolution words it, on the old province's page and the new one's
        target = data.get("merged_into") or (slug if any(o.get("merged_into") == slug for o in PROVINCES.values()) else None)
        if target:
            assert f"hợp nhất thành tỉnh {PROVINCES[target]['name']}" in page or \
                f"hợp nhất thành thành phố {PROVINCES[target]['name']}" in page, slug
        else:
            assert "hợp nhất thành" not in page, slug
        if data.get("merged_into"):
            assert data.get("merged_by", "") in page, slug
        for absorbed, other in PROVINCES.items():
            if other.get("merged_into") == slug:
                assert other["name"] in page, (slug, absorbed)


def test_province_index_lists_the_current_provinces_and_links_every_province(bundled_site):
    page = read(bundled_site, "/tinh/")
    items = re.findall(r'<ul class="province-list">(.*?)</ul>', page, re.S)
    current = sum(len(re.findall(r"^  <li>", block, re.M)) for block in items)
    assert current == sum(1 for data in PROVINCES.values() if not data.get("merged_into"))
    linked = set(re.findall(r'href="([a-z-]+)/"', page))
    assert linked >= set(PROVINCES)


def test_listing_pages_count_what_the_files_hold(bundled_site):
    everything = read(bundled_site, "/san-pham/")
    assert f"{vi_number(len(PRODUCTS))} sản phẩm" in everything
    assert (bundled_site / "san-pham/trang/2/index.html").is_file() == (len(PRODUCTS) > PAGE_SIZE)
    # every rated product is on exactly one of the /sao/<n>/ listings
    cards = sum(page.read_text(encoding="utf-8").count('<li class="card')
                for page in [*bundled_site.glob("sao/*/index.html"), *bundled_site.glob("sao/*/trang/*/index.html")])
    rated = {entry["product"] for decision in RATINGS for entry in decision["entries"]}
    assert cards == len(rated)
    groups = {front["group"] for front in PRODUCTS.values() if front.get("group")}
    assert groups
    for group in groups:
        assert f"Nhóm {group}" in html.unescape(read(bundled_site, f"/nhom/{slugify(group)}/")), group


def test_pages_are_vietnamese_and_have_one_h1(bundled_site):
    for page in bundled_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        assert '<html lang="vi">' in text, page
        assert text.count("<h1") == 1, page
