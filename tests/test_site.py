"""The bundled site: every page reachable, every link resolving, real facts on the pages."""
from __future__ import annotations

import html
import re
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import yaml

from conftest import read
from ocop.config import PROJECT_DIR

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
    assert len(pages) > 150
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
    content = PROJECT_DIR / "content"
    products = {f"san-pham/{p.stem if p.name != 'index.md' else p.parent.name}"
                for p in (content / "products").rglob("*.md")}
    provinces = {f"tinh/{p.stem}" for p in (content / "provinces").glob("*.yaml")}
    plans = {f"ke-hoach/{p.parent.name}/{p.stem}" for p in (content / "plans").rglob("*.md")}
    assert len(products) == 78 and len(provinces) == 63 and len(plans) == 5
    assert products - reached == set()
    assert provinces - reached == set()
    assert plans - reached == set()


def test_every_seed_target_is_on_its_plan_page(bundled_site):
    expected_counts = {"bac-kan/2022-75-kh-ubnd": 8, "tra-vinh/2022-43-kh-ubnd": 3,
                       "hoa-binh/2022-162-kh-ubnd": 9, "bac-kan/2019-ke-hoach-ocop": 15}
    for plan_file in (PROJECT_DIR / "content" / "plans").rglob("*.md"):
        key = f"{plan_file.parent.name}/{plan_file.stem}"
        front = yaml.safe_load(plan_file.read_text(encoding="utf-8").split("---")[1])
        page = html.unescape(read(bundled_site, f"/ke-hoach/{key}/"))
        targets = front.get("targets") or []
        if key in expected_counts:
            assert len(targets) >= expected_counts[key], key
        for target in targets:
            assert target["text"].strip() in page, (key, target["text"])
        assert page.count('class="target"') == len(targets)
        assert front["title"] in page


def test_bac_kan_2022_plan_page_facts(bundled_site):
    page = html.unescape(read(bundled_site, "/ke-hoach/bac-kan/2022-75-kh-ubnd/"))
    assert "<title>Kế hoạch thực hiện Chương trình" in page
    assert "75/KH-UBND" in page and "11/2/2022" in page and "UBND tỉnh Bắc Kạn" in page
    assert "Phát triển ít nhất 20 sản phẩm mới đạt 3 sao trở lên" in page
    assert "Mục tiêu: <strong>ít nhất 20 sản phẩm</strong>" in page
    assert "Đã đạt: <strong>1</strong> sản phẩm" in page
    assert "sản phẩm được công nhận lần đầu từ 3 sao trở lên trong năm 2022" in page
    assert "Chưa có số liệu" in page  # media targets cannot be counted
    # the merged province is named with its date
    assert "từ 1/7/2025 thuộc" in page and "tỉnh Thái Nguyên" in page


def test_product_page_shows_history_current_stars_and_both_provinces(bundled_site):
    page = html.unescape(read(bundled_site, "/san-pham/mien-dong-tai-hoan/"))
    assert "<h1 data-pagefind-meta=\"title\">Miến dong Tài Hoan</h1>" in page or ">Miến dong Tài Hoan</h1>" in page
    assert 'aria-label="5 sao"' in page
    assert page.count('class="history-item"') == 3
    assert "2890/QĐ-BNN-VPĐP" in page and "91,14 điểm" in page
    assert "Tỉnh Bắc Kạn" in page and "Tỉnh Thái Nguyên" in page
    assert "Hợp tác xã Tài Hoan" in page
    assert 'href="https://sonnptnt.backan.gov.vn/' in page


def test_unknown_producer_is_said_gracefully(bundled_site):
    page = html.unescape(read(bundled_site, "/san-pham/banh-tet-ngot/"))
    assert "Chưa rõ (nguồn không nêu)" in page
    assert "None" not in page


def test_merged_and_new_province_pages(bundled_site):
    old = html.unescape(read(bundled_site, "/tinh/tra-vinh/"))
    assert "Từ 1/7/2025, tỉnh Trà Vinh được hợp nhất vào" in old and "tỉnh Vĩnh Long" in old
    assert "Nghị quyết 202/2025/QH15" in old
    new = html.unescape(read(bundled_site, "/tinh/vinh-long/"))
    assert "Tỉnh Bến Tre" in new and "Tỉnh Trà Vinh" in new
    assert "Mật hoa dừa" in new  # products of the absorbed province are listed under the new one
    assert "Kế hoạch thực hiện Chương trình mỗi xã một sản phẩm" in new  # and its plans
    unchanged = html.unescape(read(bundled_site, "/tinh/cao-bang/"))
    assert "hợp nhất" not in unchanged and "Chưa có sản phẩm nào" in unchanged


def test_province_index_lists_34_current_provinces_with_what_they_absorbed(bundled_site):
    page = read(bundled_site, "/tinh/")
    items = re.findall(r'<ul class="province-list">(.*?)</ul>', page, re.S)
    current = sum(len(re.findall(r"^  <li>", block, re.M)) for block in items)
    assert current == 34
    assert len(set(re.findall(r'href="\.\./tinh/([a-z-]+)/"', page)) | set(re.findall(r'href="([a-z-]+)/"', page))) >= 63


def test_listing_pages(bundled_site):
    five = read(bundled_site, "/sao/5/")
    assert five.count('<li class="card') == 4  # 3 Trà Vinh 5★ + Miến dong Tài Hoan
    everything = read(bundled_site, "/san-pham/")
    assert "78 sản phẩm" in everything
    assert (bundled_site / "san-pham/trang/2/index.html").is_file()  # 48 per page
    group = read(bundled_site, "/nhom/thuc-pham/")
    assert "Nhóm Thực phẩm" in group


def test_pages_are_vietnamese_and_have_one_h1(bundled_site):
    for page in bundled_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        assert '<html lang="vi">' in text, page
        assert text.count("<h1") == 1, page
