"""Search without a browser: what the templates give Pagefind, and what Pagefind indexes.

The browser tests (tests/test_search_browser.py) type queries into the real page; these check
the HTML and the index files that those queries rely on.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import SITE_YAML, SOURCE, build_site, product_md, province_yaml, rating_yaml, read
from ocop.search_index import index_site, parse_report


def producer(name: str, kind: str = "hợp tác xã") -> str:
    return f"producer:\n  name: {name}\n  kind: {kind}\n"


def search_content() -> dict[str, str]:
    """Products whose names need đ folded, exact-diacritic pairs, merged provinces, a plan."""
    return {
        "site.yaml": SITE_YAML,
        "provinces/ha-giang.yaml": province_yaml("ha-giang", "Hà Giang", merged_into="tuyen-quang"),
        "provinces/tuyen-quang.yaml": province_yaml("tuyen-quang", "Tuyên Quang"),
        "provinces/dak-lak.yaml": province_yaml("dak-lak", "Đắk Lắk", region="Tây Nguyên"),
        "provinces/tra-vinh.yaml": province_yaml("tra-vinh", "Trà Vinh", merged_into="vinh-long",
                                                 region="Đồng bằng sông Cửu Long"),
        "provinces/vinh-long.yaml": province_yaml("vinh-long", "Vĩnh Long", region="Đồng bằng sông Cửu Long"),
        "provinces/thai-nguyen.yaml": province_yaml("thai-nguyen", "Thái Nguyên"),
        "provinces/bac-kan.yaml": province_yaml("bac-kan", "Bắc Kạn", merged_into="thai-nguyen"),
        # Đồng Văn: only the folded copy lets "dong van" find these
        "products/ha-giang/mat-ong-bac-ha-dong-van.md": product_md(
            "Mật ong bạc hà Đồng Văn", "ha-giang",
            extra="group: Thực phẩm\nlocality: Đồng Văn\n" + producer("Hợp tác xã Đồng Tâm")),
        "products/ha-giang/che-shan-tuyet-dong-van.md": product_md(
            "Chè Shan tuyết Đồng Văn", "ha-giang", extra="group: Đồ uống\n" + producer("Hợp tác xã Lũng Cú")),
        "products/dak-lak/ca-phe-dak-lak.md": product_md(
            "Cà phê bột Đắk Lắk", "dak-lak", extra="group: Đồ uống\n" + producer("Công ty Ea Tu", "doanh nghiệp")),
        "products/bac-kan/mien-dong-na-ri.md": product_md(
            "Miến dong Na Rì", "bac-kan", extra="group: Thực phẩm\n" + producer("Hợp tác xã Côn Minh")),
        "products/tra-vinh/banh-tet-tra-cuon.md": product_md(
            "Bánh tét Trà Cuôn", "tra-vinh", extra="group: Thực phẩm\n" + producer("Cơ sở Ba Hên", "hộ sản xuất")),
        # one-syllable words that differ only by their tone: "cá" (fish) and "cà" (eggplant)
        "products/tra-vinh/ca-loc-kho.md": product_md(
            "Cá lóc khô", "tra-vinh", extra="group: Thực phẩm\n" + producer("Cơ sở Út Hai", "hộ sản xuất")),
        "products/tra-vinh/ca-phao-muoi.md": product_md(
            "Cà pháo muối", "tra-vinh", extra="group: Thực phẩm\n" + producer("Cơ sở Năm Lành", "hộ sản xuất")),
        "ratings/ha-giang/2024-05-02-1-qd-ubnd.yaml": rating_yaml(
            [("mat-ong-bac-ha-dong-van", 5), ("che-shan-tuyet-dong-van", 4)], date="2024-05-02"),
        "ratings/dak-lak/2024-06-01-2-qd-ubnd.yaml": rating_yaml([("ca-phe-dak-lak", 3)], date="2024-06-01",
                                                                 number="2/QĐ-UBND"),
        # 2020 decision: expired (36 months) by the tests' build date
        "ratings/bac-kan/2020-03-01-3-qd-ubnd.yaml": rating_yaml([("mien-dong-na-ri", 4)], date="2020-03-01",
                                                                 number="3/QĐ-UBND"),
        "ratings/tra-vinh/2024-08-01-4-qd-ubnd.yaml": rating_yaml(
            [("banh-tet-tra-cuon", 3), ("ca-loc-kho", 4), ("ca-phao-muoi", 3)], date="2024-08-01",
            number="4/QĐ-UBND"),
        "plans/dak-lak/2024-12-kh-ubnd.md": (
            "---\ntitle: Kế hoạch OCOP tỉnh Đắk Lắk năm 2024\nnumber: 12/KH-UBND\nissuer: UBND tỉnh Đắk Lắk\n"
            "issued: 2024-01-15\nperiod: 2024\n" + SOURCE + "---\nNội dung kế hoạch.\n"),
    }


@pytest.fixture(scope="module")
def search_site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("search"), search_content(), search_index=True)


def search_data(page: str) -> str:
    match = re.search(r'<div class="search-data" hidden>(.*?)\n</div>', page, re.S)
    assert match, "no hidden search-data block on the page"
    return match.group(1)


def pagefind_values(page: str, attribute: str) -> dict[str, list[str]]:
    """{key: [values]} of data-pagefind-filter / -meta / -sort elements written as key + text."""
    values: dict[str, list[str]] = {}
    for key, text in re.findall(rf'<span data-pagefind-{attribute}="([^"]+)">([^<]*)</span>', page):
        values.setdefault(key, []).append(html.unescape(text))
    return values


# ---------------------------------------------------------------- what is indexed

def test_only_searchable_pages_carry_the_pagefind_body(search_site):
    assert "data-pagefind-body" in read(search_site, "/san-pham/mien-dong-na-ri/")
    assert "data-pagefind-body" in read(search_site, "/tinh/dak-lak/")
    assert "data-pagefind-body" in read(search_site, "/ke-hoach/dak-lak/2024-12-kh-ubnd/")
    for url in ("/", "/san-pham/", "/tinh/", "/ke-hoach/", "/sao/4/", "/nhom/thuc-pham/", "/tim-kiem/", "/404.html"):
        assert "data-pagefind-body" not in read(search_site, url), url


def test_pagefind_indexes_exactly_products_provinces_and_plans(search_site, tmp_path):
    # 7 products + 7 provinces + 1 plan; listings, the search page and the 404 page are left out
    report = index_site(search_site)
    assert report.pages == 7 + 7 + 1
    assert report.filters == 6  # type, province, province_now, group, stars, validity
    assert report.sorts == 2  # stars, name
    assert (search_site / "pagefind" / "pagefind.js").is_file()


def test_parse_report_reads_pagefinds_counts():
    output = "Indexed 1 language\n  Indexed 20263 pages\n  Indexed 5909 words\n  Indexed 6 filters\n  Indexed 2 sorts\n"
    report = parse_report(output)
    assert (report.pages, report.words, report.filters, report.sorts) == (20263, 5909, 6, 2)


def test_index_site_reports_a_failure_with_pagefinds_output(tmp_path):
    with pytest.raises(RuntimeError, match="Pagefind"):
        index_site(tmp_path / "does-not-exist")


# ---------------------------------------------------------------- the hidden, folded copy

def test_product_page_has_a_hidden_copy_of_its_names_with_d_folded(search_site):
    page = read(search_site, "/san-pham/mat-ong-bac-ha-dong-van/")
    data = search_data(page)
    # the name at the product's search weight (valid 5★ 10 ... expired lower: ocop.stats.search_weight)
    assert re.search(r'<p data-pagefind-weight="[0-9.]+">Mat ong bac ha Dong Van</p>', data)
    assert "Hop tac xa Dong Tam" in data  # producer, folded (and as written, for queries with đ)
    assert "Tinh Ha Giang" in data and "Tinh Tuyen Quang" in data  # province then and now
    folded = re.findall(r"\. ([^.<]*)\.", data)
    assert folded and all("đ" not in text.lower() for text in folded[1::2])


def test_province_and_plan_pages_have_folded_names(search_site):
    assert '<p data-pagefind-weight="7">Tỉnh Đắk Lắk. Tinh Dak Lak</p>' in search_data(read(search_site, "/tinh/dak-lak/"))
    plan = search_data(read(search_site, "/ke-hoach/dak-lak/2024-12-kh-ubnd/"))
    assert '<p data-pagefind-weight="7">Ke hoach OCOP tinh Dak Lak nam 2024</p>' in plan
    assert "UBND tinh Dak Lak" in plan


def test_folded_copy_is_hidden_from_people(search_site):
    page = read(search_site, "/san-pham/mat-ong-bac-ha-dong-van/")
    # the block is hidden, and the name people see keeps its diacritics
    assert '<div class="search-data" hidden>' in page
    assert "<h1" in page and "Mật ong bạc hà Đồng Văn</h1>" in page


# ---------------------------------------------------------------- filters, sorts, metadata

def test_product_filters_sorts_and_meta(search_site):
    page = read(search_site, "/san-pham/mien-dong-na-ri/")
    filters = pagefind_values(page, "filter")
    # no `type`: products are the pages of no other type (assets/search.js), and a shard of products then has no
    # `type` filter for a first query to download
    assert filters == {"province": ["Bắc Kạn"], "province_now": ["Thái Nguyên"],
                       "group": ["Thực phẩm"], "stars": ["4"], "validity": ["Đã hết hạn"]}
    sorts = pagefind_values(page, "sort")
    assert sorts["stars"] == ["4"]
    meta = pagefind_values(page, "meta")
    assert meta["type"] == ["product"] and meta["stars"] == ["4"]
    assert meta["producer"] == ["Hợp tác xã Côn Minh"]
    assert meta["province"] == ["Bắc Kạn"] and meta["province_now"] == ["Thái Nguyên"]
    assert meta["status"] == ["expired"]
    assert "locality" not in meta  # no locality in its record; Mật ong bạc hà Đồng Văn has one:
    assert pagefind_values(read(search_site, "/san-pham/mat-ong-bac-ha-dong-van/"), "meta")["locality"] == ["Đồng Văn"]
    # no photo: image "-" (no word: metadata is searched), not the page's first <img> (its QR code)
    assert '<span data-pagefind-meta="image:-"></span>' in page and "image" not in meta


def test_valid_product_in_an_unmerged_province(search_site):
    page = read(search_site, "/san-pham/ca-phe-dak-lak/")
    filters = pagefind_values(page, "filter")
    assert filters["province"] == filters["province_now"] == ["Đắk Lắk"]
    assert filters["validity"] == ["Còn hiệu lực"] and filters["stars"] == ["3"]
    assert "province_now" not in pagefind_values(page, "meta")  # the card says "nay thuộc" only when it moved


def test_filters_sit_in_an_ignored_block(search_site):
    data = search_data(read(search_site, "/san-pham/ca-phe-dak-lak/"))
    ignored = data.split("<div data-pagefind-ignore>", 1)
    assert len(ignored) == 2 and "data-pagefind-filter" not in ignored[0]


def test_boilerplate_is_kept_out_of_the_index(search_site):
    """Text every product page repeats (breadcrumb, QR and citation with the page's URL, the
    36-month note) would match every product and cost Pagefind memory: it is marked ignored."""
    page = read(search_site, "/san-pham/ca-phe-dak-lak/")
    for opening in ('<nav class="breadcrumb"', '<p class="print-url"', '<section class="citation"',
                    '<section class="product-qr"', '<div class="product-lead"', '<dl class="facts"'):
        tag = page[page.index(opening):].split(">", 1)[0]
        assert "data-pagefind-ignore" in tag, tag
    tag = read(search_site, "/ke-hoach/dak-lak/2024-12-kh-ubnd/").split('<nav class="breadcrumb"', 1)[1].split(">", 1)[0]
    assert "data-pagefind-ignore" in tag
    # a province page is found by its name only: everything it shows is ignored, so its region
    # ("miền núi", "Đông Nam Bộ") or its products' words never make it a result
    province = read(search_site, "/tinh/dak-lak/")
    main = province.split("<main", 1)[1].split(">", 1)[1]
    assert main.lstrip().startswith("<div data-pagefind-ignore>")


def test_other_pages_get_only_the_type_filter(search_site):
    assert pagefind_values(read(search_site, "/tinh/dak-lak/"), "filter") == {"type": ["province"]}
    assert pagefind_values(read(search_site, "/ke-hoach/dak-lak/2024-12-kh-ubnd/"), "filter") == {"type": ["plan"]}


def name_key(site: Path, slug: str) -> str:
    return pagefind_values(read(site, f"/san-pham/{slug}/"), "sort")["name"][0]


def test_name_sort_key_is_ascii_in_vietnamese_dictionary_order(search_site):
    slugs = ["ca-loc-kho", "ca-phao-muoi", "ca-phe-dak-lak", "che-shan-tuyet-dong-van", "banh-tet-tra-cuon",
             "mat-ong-bac-ha-dong-van", "mien-dong-na-ri"]
    keys = {slug: name_key(search_site, slug) for slug in slugs}
    assert all(key.isascii() for key in keys.values())
    # in a Vietnamese dictionary, by hand: Bánh tét Trà Cuôn, Cá lóc khô, Cà pháo muối, Cà phê bột Đắk Lắk,
    # Chè Shan tuyết Đồng Văn, Mật ong bạc hà Đồng Văn, Miến dong Na Rì (c < ch; â < i)
    assert sorted(slugs, key=lambda s: keys[s]) == [
        "banh-tet-tra-cuon", "ca-loc-kho", "ca-phao-muoi", "ca-phe-dak-lak", "che-shan-tuyet-dong-van",
        "mat-ong-bac-ha-dong-van", "mien-dong-na-ri"], keys


def test_name_sort_key_puts_letters_with_marks_after_their_base(tmp_path):
    files = {
        "site.yaml": SITE_YAML,
        "provinces/dak-lak.yaml": province_yaml("dak-lak", "Đắk Lắk"),
        "products/dak-lak/an-tam.md": product_md("An tâm", "dak-lak"),
        "products/dak-lak/an-hoa.md": product_md("Ăn hoa", "dak-lak"),
        "products/dak-lak/dua-sap.md": product_md("Dừa sáp", "dak-lak"),
        "products/dak-lak/dac-san.md": product_md("Đặc sản", "dak-lak"),
        "products/dak-lak/zo-ra.md": product_md("Zô ra", "dak-lak"),
    }
    site = build_site(tmp_path, files)
    order = sorted(["an-tam", "an-hoa", "dua-sap", "dac-san", "zo-ra"], key=lambda s: name_key(site, s))
    assert order == ["an-tam", "an-hoa", "dua-sap", "dac-san", "zo-ra"]  # a < ă, d < đ < z


# ---------------------------------------------------------------- the search page

def test_search_page_loads_pagefind_relative_to_itself(search_site):
    page = read(search_site, "/tim-kiem/")
    assert 'data-pagefind="../pagefind/pagefind.js"' in page
    assert 'data-root="../"' in page
    assert '<script src="../assets/search.js" defer></script>' in page
    assert '<link rel="stylesheet" href="../assets/search.css">' in page
    assert (search_site / "assets" / "search.js").is_file() and (search_site / "assets" / "search.css").is_file()


def test_search_page_without_javascript_says_so_and_links_to_listings(search_site):
    page = read(search_site, "/tim-kiem/")
    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.S).group(1)
    assert "Tìm kiếm cần JavaScript" in noscript
    assert 'href="../san-pham/"' in noscript and 'href="../tinh/"' in noscript
    # the results area only appears when the script runs
    assert re.search(r'<div id="search-app"[^>]*\shidden>', page)
    assert 'href="../nhom/thuc-pham/"' in page  # browse links are there for everyone


def test_search_css_is_only_on_the_search_page(search_site):
    assert "search.css" not in read(search_site, "/")
    assert "search.js" not in read(search_site, "/san-pham/ca-phe-dak-lak/")


def test_every_page_has_one_search_box(search_site):
    """The header's search box on every page but those with their own, larger one (home, search, 404)."""
    for url in ("/san-pham/ca-phe-dak-lak/", "/tinh/dak-lak/", "/san-pham/", "/du-lieu/"):
        page = read(search_site, url)
        assert re.search(r'<form class="search-box" action="[./]*tim-kiem/" method="get" role="search"', page), url
        assert page.count('role="search"') == 1 and 'name="q"' in page, url
    for url in ("/", "/tim-kiem/", "/404.html"):
        page = read(search_site, url)
        assert page.count('role="search"') == 1 and 'class="search-box big"' in page, url
