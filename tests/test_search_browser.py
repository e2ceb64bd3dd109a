"""Search in a real browser: headless Debian Chromium (Playwright) against a built site served on
127.0.0.1 under a sub-path, typing queries with and without diacritics, using the filters.

Skips when /usr/bin/chromium is missing (install it with `apt-get install -y chromium`).
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from conftest import (CHROMIUM, SITE_YAML, build_site, launch_chromium, minimal_content, product_md, province_yaml,
                      rating_yaml, serve_folder)
from test_search import producer, search_content

TIMEOUT_MS = 30_000  # other builds share the machine's two cores

pytestmark = pytest.mark.browser
if not Path(CHROMIUM).exists():
    pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium: apt-get install -y chromium",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (never `playwright install`)")


@pytest.fixture(scope="module")
def serve():
    """serve(folder) -> base URL of a static server (a thread) on a free 127.0.0.1 port."""
    with contextlib.ExitStack() as servers:
        yield lambda folder: servers.enter_context(serve_folder(folder))


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory, serve) -> str:
    """The fixture catalog, served under a sub-path (/catalog/) as some hosts do."""
    root = tmp_path_factory.mktemp("search-browser")
    build_site(root, search_content(), search_index=True, site_dir=root / "www" / "catalog")
    return serve(root / "www") + "/catalog"


@pytest.fixture(scope="module")
def bundled(bundled_site, serve) -> str:
    return serve(bundled_site)


# ---------------------------------------------------------------- helpers

def wait_for_results(tab) -> str:
    """Wait until the search settles (search.js drops aria-busy once the cards are in); return the status."""
    tab.wait_for_function(
        "() => !document.getElementById('search-app').hasAttribute('aria-busy')"
        " && /^(Tìm thấy|Không tìm thấy|Tìm cả|Không có tên)/.test(document.getElementById('search-status').textContent)")
    return tab.inner_text("#search-status")


def open_search(tab, base: str, query: str, extra: str = "") -> str:
    tab.goto(f"{base}/tim-kiem/?q={quote_plus(query)}{extra}")
    return wait_for_results(tab)


def product_names(tab) -> list[str]:
    return tab.locator("#search-products .card-name").all_inner_texts()


def other_titles(tab) -> list[str]:
    return tab.locator("#search-others .item-link").all_inner_texts()


def choose(tab, key: str, value: str) -> None:
    """Open the filter panel if needed and pick a filter value (waits for the counts to load)."""
    if tab.locator("#search-tools").get_attribute("open") is None:
        tab.click("#search-tools summary")
    select = tab.locator(f'select[data-filter="{key}"]')
    tab.wait_for_function(f"""() => [...document.querySelectorAll('select[data-filter="{key}"] option')]
                                      .some(o => o.value === {value!r})""")
    select.select_option(value)
    wait_for_results(tab)


# ---------------------------------------------------------------- queries, fixture catalog

@pytest.mark.parametrize("query, first", [
    ("dong van", {"Mật ong bạc hà Đồng Văn", "Chè Shan tuyết Đồng Văn"}),
    ("Đồng Văn", {"Mật ong bạc hà Đồng Văn", "Chè Shan tuyết Đồng Văn"}),
    ("dak lak", {"Cà phê bột Đắk Lắk"}),
    ("đắk lắk", {"Cà phê bột Đắk Lắk"}),
    ("mien dong", {"Miến dong Na Rì"}),
    ("miến dong", {"Miến dong Na Rì"}),
    ("banh tet", {"Bánh tét Trà Cuôn"}),
    ("tra vinh", {"Bánh tét Trà Cuôn", "Cá lóc khô", "Cà pháo muối"}),
])
def test_queries_with_and_without_diacritics_find_the_right_products_first(page, fixture_site, query, first):
    status = open_search(page, fixture_site, query)
    names = product_names(page)
    assert set(names[:len(first)]) == first, (status, names)


def test_dak_lak_finds_the_province_and_its_plan_after_the_products(page, fixture_site):
    open_search(page, fixture_site, "dak lak")
    assert "Tỉnh Đắk Lắk" in other_titles(page)
    assert "Kế hoạch OCOP tỉnh Đắk Lắk năm 2024" in other_titles(page)
    # products come first on the page
    products_y = page.locator("#search-products").bounding_box()["y"]
    others_y = page.locator("#search-others").bounding_box()["y"]
    assert products_y < others_y


@pytest.mark.parametrize("query, first", [("cá", {"Cá lóc khô"}), ("cà", {"Cà pháo muối", "Cà phê bột Đắk Lắk"})])
def test_exact_diacritics_rank_first(page, fixture_site, query, first):
    open_search(page, fixture_site, query)
    names = product_names(page)
    assert set(names[:len(first)]) == first, names
    assert {"Cá lóc khô", "Cà pháo muối"} <= set(names)  # the other tone is still found


def test_ca_without_marks_finds_both(page, fixture_site):
    open_search(page, fixture_site, "ca")
    assert {"Cá lóc khô", "Cà pháo muối"} <= set(product_names(page))


def test_result_card_shows_stars_producer_province_and_the_no_photo_tile(page, fixture_site):
    open_search(page, fixture_site, "mien dong")
    card = page.locator(".search-card").first
    text = card.inner_text()
    assert "Miến dong Na Rì" in text
    assert "Hợp tác xã Côn Minh" in text
    assert "Bắc Kạn (nay thuộc Thái Nguyên)" in text
    assert "Đã hết hạn" in text
    assert card.locator(".stars").get_attribute("aria-label") == "4 sao"
    # no photo: the listings' tile (initial and words as text), never the page's QR code
    assert card.locator("img").count() == 0
    assert card.locator(".no-photo").inner_text().split() == ["M", "Chưa", "có", "ảnh"]
    href = card.locator("a.card-link").get_attribute("href")
    assert href == "/catalog/san-pham/mien-dong-na-ri/"  # the sub-path is kept


def test_typing_searches_without_submitting_and_keeps_the_url(page, fixture_site):
    page.goto(f"{fixture_site}/tim-kiem/")
    assert "Gõ tên sản phẩm" in page.inner_text("#search-status")
    page.locator("#search-page-q").press_sequentially("mật ong", delay=40)
    wait_for_results(page)
    assert product_names(page)[0] == "Mật ong bạc hà Đồng Văn"
    assert "q=m%E1%BA%ADt+ong" in page.url or "q=mật+ong" in page.url


def test_two_letters_are_enough(page, fixture_site):
    page.goto(f"{fixture_site}/tim-kiem/")
    page.locator("#search-page-q").press_sequentially("cá", delay=40)
    wait_for_results(page)
    assert product_names(page)[0] == "Cá lóc khô"


def test_header_form_lands_on_the_search_page_with_results(page, fixture_site):
    page.goto(f"{fixture_site}/san-pham/")
    page.fill("#site-search", "banh tet")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/tim-kiem/?q=banh+tet")
    wait_for_results(page)
    assert product_names(page)[0] == "Bánh tét Trà Cuôn"
    assert page.input_value("#search-page-q") == "banh tet"


def test_no_query_downloads_no_index(page, fixture_site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{fixture_site}/tim-kiem/?sao=5")  # a filter without words: the listings' job
    page.wait_for_timeout(500)
    assert "Gõ tên sản phẩm" in page.inner_text("#search-status")
    assert not [url for url in requests if "/pagefind" in url]
    assert page.locator("#search-tools").is_hidden()


def test_no_results_says_so(page, fixture_site):
    status = open_search(page, fixture_site, "xyzzy")
    assert status.startswith("Không tìm thấy kết quả nào cho “xyzzy”")


def test_a_vietnamese_word_no_page_holds_is_not_left_out_of_the_query(page, fixture_site):
    """"xuyên" is in no page: Pagefind would drop it and find every "miến"; the vocabulary record
    (ocop/search_vocabulary.py) keeps it in the query, in the names and in the full text."""
    open_search(page, fixture_site, "mien")
    assert product_names(page), "the fixture has products named Miến"
    status = open_search(page, fixture_site, "mien xuyen")
    assert status.startswith("Không tìm thấy kết quả nào cho “mien xuyen”"), status
    assert product_names(page) == []


@pytest.mark.parametrize("query", ["example", "quầy"])  # the host of every URL; "quầy hàng" in the QR note
def test_words_of_the_page_furniture_find_nothing(page, fixture_site, query):
    """Citation, QR note and permanent URL are on every product page but not in the index."""
    assert open_search(page, fixture_site, query).startswith("Không tìm thấy")


# ---------------------------------------------------------------- ranking (issue 16)

def ranking_content() -> dict[str, str]:
    """Same-named products of every standing, a name match against a description match, and
    provinces whose region ("miền núi") and new name ("Đồng ...") hold the query's words."""
    files = {
        "site.yaml": SITE_YAML,
        "provinces/dong-thu.yaml": province_yaml("dong-thu", "Đồng Thử"),
        "provinces/lam-thu.yaml": province_yaml("lam-thu", "Lâm Thử", merged_into="dong-thu"),
    }
    products = {  # slug: (name, producer, locality, stars, decision date) — built on 23/11/2026
        "mien-dong-a": ("Miến dong", "HTX An", "xã An", 3, "2020-03-01"),       # expired, 3★
        "mien-dong-b": ("Miến dong", "HTX Bình", "xã Bình", 4, "2020-03-01"),   # expired, 4★
        "mien-dong-c": ("Miến dong", "HTX Cường", "xã Cường", 3, "2025-03-01"),  # valid, 3★
        "mien-dong-dac-biet": ("Miến dong Đặc Biệt", "HTX Đức", "xã Đức", 5, "2025-03-01"),  # valid, 5★
        "banh-da": ("Bánh đa", "HTX Giang", "xã Giang", 5, "2025-03-01"),          # valid, 5★, body match only
    }
    for slug, (name, who, where, stars, date) in products.items():
        body = "Bánh đa cán từ bột gạo, ăn cùng miến dong." if slug == "banh-da" else "Mô tả."
        files[f"products/lam-thu/{slug}.md"] = product_md(
            name, "lam-thu", body=body, extra=f"group: Thực phẩm\nlocality: {where}\n" + producer(who))
        files[f"ratings/lam-thu/{date}-{slug}.yaml"] = rating_yaml([(slug, stars)], date=date, number=f"{slug}/QĐ")
    return files


@pytest.fixture(scope="module")
def ranking_site(tmp_path_factory, serve) -> str:
    root = tmp_path_factory.mktemp("search-ranking")
    return serve(build_site(root, ranking_content(), search_index=True))


@pytest.mark.parametrize("query", ["mien dong", "miến dong"])
def test_ranking_name_before_body_valid_before_expired_more_stars_first(page, ranking_site, query):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_search(page, ranking_site, query)
    # the names index answers first: the product that only mentions the words in its description is not
    # among the results, and no file of the full-text index was downloaded
    assert product_names(page) == ["Miến dong Đặc Biệt", "Miến dong", "Miến dong", "Miến dong"]
    assert requests and not [url for url in requests if "/pagefind-toan-van" in url]
    assert page.inner_text("#search-scope-button") == "Tìm cả trong phần giới thiệu sản phẩm"
    # asked for, the full text ranks every product whose name matches before that one
    page.click("#search-scope-button")
    status = wait_for_results(page)
    assert status.startswith("Tìm cả trong phần giới thiệu: tìm thấy 5 sản phẩm"), status
    assert "toan-van=1" in page.url
    assert page.inner_text("#search-scope-button") == "Chỉ tìm theo tên sản phẩm, chủ thể và nơi sản xuất"
    cards = page.locator(".search-card").all_inner_texts()
    names = product_names(page)
    assert names[-1] == "Bánh đa", names
    # valid first (5★, then 3★), then the expired ones, more stars first
    assert names[:4] == ["Miến dong Đặc Biệt", "Miến dong", "Miến dong", "Miến dong"], names
    assert "HTX Cường" in cards[1] and "Còn hiệu lực" in cards[1]
    assert "HTX Bình" in cards[2] and "HTX An" in cards[3] and "Đã hết hạn" in cards[3]
    # identical names are told apart by producer and locality
    assert len({card.split("\n", 1)[1] for card in cards[1:4]}) == 3 and "xã Bình" in cards[2]


def test_no_name_matches_so_the_descriptions_are_searched_at_once(page, ranking_site):
    status = open_search(page, ranking_site, "bot gao")  # only in the description of "Bánh đa"
    assert status.startswith("Không có tên sản phẩm nào khớp với “bot gao”; tìm cả trong phần giới thiệu: "
                             "tìm thấy 1 sản phẩm"), status
    assert product_names(page) == ["Bánh đa"]
    assert page.locator("#search-scope").is_hidden()  # nothing narrower to go back to
    # back to the names only: the link from a full-text search
    open_search(page, ranking_site, "mien dong", "&toan-van=1")
    assert "Bánh đa" in product_names(page)
    page.click("#search-scope-button")
    wait_for_results(page)
    assert "Bánh đa" not in product_names(page) and "toan-van" not in page.url


def test_under_filters_no_name_match_offers_the_descriptions_instead_of_searching_them(page, ranking_site):
    status = open_search(page, ranking_site, "bot gao", "&sao=5")
    assert status.startswith("Không tìm thấy kết quả nào cho “bot gao” với bộ lọc đã chọn"), status
    page.click("#search-scope-button")
    status = wait_for_results(page)
    assert status.startswith("Tìm cả trong phần giới thiệu: tìm thấy 1 sản phẩm"), status
    assert product_names(page) == ["Bánh đa"] and "sao=5" in page.url and "toan-van=1" in page.url


def test_ranking_no_province_matches_only_its_region_or_its_new_name(page, ranking_site):
    """"mien dong": Lâm Thử lies in "Trung du và miền núi" and is now part of Đồng Thử; neither
    province is about "miến dong"."""
    status = open_search(page, ranking_site, "mien dong")
    assert other_titles(page) == [] and "tỉnh, thành phố" not in status
    open_search(page, ranking_site, "dong thu")
    assert {"Tỉnh Đồng Thử", "Tỉnh Lâm Thử"} <= set(other_titles(page))  # the new name finds the old one too


# ---------------------------------------------------------------- filters and sorting

def test_stars_filter_narrows_and_shows_counts(page, fixture_site):
    open_search(page, fixture_site, "dong van")
    assert len(product_names(page)) == 2
    choose(page, "stars", "5")
    assert product_names(page) == ["Mật ong bạc hà Đồng Văn"]
    options = page.locator('select[data-filter="stars"] option').all_inner_texts()
    assert "5 sao (1)" in options and "4 sao (1)" in options  # counts as if each value were chosen instead
    assert "sao=5" in page.url
    assert page.locator("#search-others").is_hidden()  # filters narrow the products; other pages step aside


def test_province_now_and_as_issued_filters(page, fixture_site):
    open_search(page, fixture_site, "tra vinh")
    choose(page, "province_now", "Vĩnh Long")
    assert set(product_names(page)) == {"Bánh tét Trà Cuôn", "Cá lóc khô", "Cà pháo muối"}
    open_search(page, fixture_site, "hop tac xa")
    choose(page, "province", "Hà Giang")
    assert set(product_names(page)) == {"Mật ong bạc hà Đồng Văn", "Chè Shan tuyết Đồng Văn"}
    choose(page, "group", "Đồ uống")
    assert product_names(page) == ["Chè Shan tuyết Đồng Văn"]


def test_validity_filter(page, fixture_site):
    open_search(page, fixture_site, "hop tac xa")
    choose(page, "validity", "Đã hết hạn")
    assert product_names(page) == ["Miến dong Na Rì"]
    choose(page, "validity", "Còn hiệu lực")
    assert "Miến dong Na Rì" not in product_names(page)
    assert "Mật ong bạc hà Đồng Văn" in product_names(page)


def test_filters_from_the_url_and_clear(page, fixture_site):
    open_search(page, fixture_site, "dong van", "&sao=4")
    assert product_names(page) == ["Chè Shan tuyết Đồng Văn"]
    page.click("#search-clear")
    wait_for_results(page)
    assert len(product_names(page)) == 2
    assert "sao=" not in page.url


def test_sort_by_stars_and_by_name(page, fixture_site):
    open_search(page, fixture_site, "tra vinh", "&sap-xep=name")
    assert product_names(page) == ["Bánh tét Trà Cuôn", "Cá lóc khô", "Cà pháo muối"]
    page.select_option("#search-sort", "stars")
    wait_for_results(page)
    assert product_names(page)[0] == "Cá lóc khô"  # the only 4-star one
    assert "sap-xep=stars" in page.url


# ---------------------------------------------------------------- without JavaScript, and the look

def test_without_javascript_the_page_says_search_needs_it(browser, fixture_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(f"{fixture_site}/tim-kiem/?q=mien+dong")
    body = tab.inner_text("main")
    assert "Tìm kiếm cần JavaScript" in body
    assert tab.locator("noscript a[href='../san-pham/']").count() == 1  # the listings, one tap away
    assert tab.locator("#search-app").is_hidden()
    context.close()


def test_search_page_fits_390_px_and_targets_are_thumb_sized(page, fixture_site, tmp_path):
    open_search(page, fixture_site, "dong van")
    page.click("#search-tools summary")
    # opening the panel searches again, to load the filter counts: wait for them, then for the cards
    page.wait_for_function("() => document.querySelectorAll('select[data-filter=\"province\"] option').length > 1")
    wait_for_results(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for selector in ("#search-page-q", "#search-form button", "#search-tools summary",
                     'select[data-filter="province"]', "#search-sort"):
        assert page.locator(selector).bounding_box()["height"] >= 44, selector
    # the filter toggle looks like one: a chevron drawn after the words, turned up when open
    chevron = "s => getComputedStyle(s, '::after').transform"
    summary = page.locator("#search-tools summary")
    opened = summary.evaluate(chevron)
    summary.click()
    assert summary.evaluate("s => getComputedStyle(s, '::after').borderRightStyle") == "solid"
    assert opened != summary.evaluate(chevron)
    card = page.locator(".search-card").first.bounding_box()
    assert card["width"] >= 340  # the whole card is the tap target, nearly full width
    page.screenshot(path=str(tmp_path / "search-390.png"), full_page=True)
    assert (tmp_path / "search-390.png").stat().st_size > 10_000


# ---------------------------------------------------------------- the bundled content

@pytest.mark.parametrize("query, word, at_least", [
    ("mien dong", "Miến dong", 5),
    ("banh tet", "Bánh tét", 3),
])
def test_bundled_queries_find_those_products_first(page, bundled, query, word, at_least):
    open_search(page, bundled, query)
    names = product_names(page)
    assert len(names) >= at_least
    assert all(word in name for name in names[:at_least]), names


def test_bundled_tra_vinh_finds_tra_vinh_products_and_the_province(page, bundled):
    open_search(page, bundled, "tra vinh")
    places = page.locator("#search-products .card-meta").all_inner_texts()
    first_cards = page.locator(".search-card").all_inner_texts()[:10]
    assert len(first_cards) == 10 and all("Trà Vinh (nay thuộc Vĩnh Long)" in card for card in first_cards), places
    assert "Tỉnh Trà Vinh" in other_titles(page)


def test_bundled_dak_lak_finds_the_province_page(page, bundled):
    open_search(page, bundled, "dak lak")
    assert other_titles(page)[0] == "Tỉnh Đắk Lắk"


def test_bundled_filters_narrow(page, bundled):
    open_search(page, bundled, "mien dong")
    before = product_names(page)
    choose(page, "stars", "5")
    after = product_names(page)
    assert after and len(after) < len(before) and set(after) <= set(before)
    assert set(page.locator(".search-card .stars").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")) == {"5 sao"}


def test_no_product_name_matches_but_a_plan_does_so_the_descriptions_are_searched(page, serve, tmp_path_factory):
    """'nam 2022' is in the plan's title ("Kế hoạch thử năm 2022") and in one product's description only:
    a names search finds the plan and no product, so the descriptions are searched at once."""
    files = minimal_content()
    files["products/bac-kan/tra-thu.md"] = product_md("Trà Thử", "bac-kan", body="Sản xuất từ năm 2022.")
    base = serve(build_site(tmp_path_factory.mktemp("search-fallback"), files, search_index=True))
    status = open_search(page, base, "nam 2022")
    assert status == ("Không có tên sản phẩm nào khớp với “nam 2022”; tìm cả trong phần giới thiệu: tìm thấy 1 sản "
                      "phẩm và 1 trang tỉnh, thành phố hoặc kế hoạch."), status
    assert product_names(page) == ["Trà Thử"] and other_titles(page) == ["Kế hoạch thử năm 2022"]
    # only a plan's text matches, in the full text: no "0 sản phẩm" is said beside it
    status = open_search(page, base, "noi dung ke hoach", "&toan-van=1")
    assert status == "Tìm cả trong phần giới thiệu: tìm thấy 1 trang tỉnh, thành phố hoặc kế hoạch cho “noi dung ke hoach”."
    assert product_names(page) == [] and other_titles(page) == ["Kế hoạch thử năm 2022"]


# ---------------------------------------------------------------- the same catalog, its index in shards

@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory, serve) -> str:
    """The fixture catalog with its index split into shards (search_shards.py) of a few products each: the
    search page merges the bundles with Pagefind's mergeIndex."""
    root = tmp_path_factory.mktemp("search-browser-sharded")
    site = build_site(root, search_content(), search_index=True, site_dir=root / "www" / "catalog",
                      search_shard_pages=3, search_names_shard_pages=4)
    assert len([p for p in site.iterdir() if p.name.startswith("pagefind")]) > 4
    return serve(root / "www") + "/catalog"


@pytest.mark.parametrize("query", ["dong van", "Đồng Văn", "dak lak", "banh tet", "tra vinh", "ca", "mat ong",
                                   # a word some shards lack: without the vocabulary record (search_vocabulary.py)
                                   # those shards searched its longest prefix there ("bản" for "banh"), or left
                                   # it out ("dong" alone for "mien dong")
                                   "mien dong", "na ri", "banh", "Miến dong"])
def test_a_sharded_index_finds_what_one_index_finds(page, fixture_site, sharded_site, query):
    """Same content, one bundle per tier or many: the same status line, the same products, the same provinces and
    plans (filters' counts, đ-folding and the names-first search across shards, words some shards lack)."""
    one = open_search(page, fixture_site, query), sorted(product_names(page)), sorted(other_titles(page))
    many = open_search(page, sharded_site, query), sorted(product_names(page)), sorted(other_titles(page))
    assert one[1], f"{query}: the fixture should find something"
    assert many == one


@pytest.mark.parametrize("query", ["dong van", "tra vinh", "banh tet", "mat ong", "ca", "mien dong"])
def test_a_sharded_index_ranks_as_one_index_ranks(page, fixture_site, sharded_site, query):
    """The same order. Pagefind scores a page with its own bundle's statistics (BM25's document frequencies and
    average length), so results the site's own rules rank alike can come in another order when bundles differ
    much: "dong van" and "tra vinh" did while shards were cut at whole first letters (bundles of one to three
    products). Shards filled evenly (search_shards.COVER_PARTS) give the same order (docs/search.md)."""
    one = open_search(page, fixture_site, query), product_names(page), other_titles(page)
    many = open_search(page, sharded_site, query), product_names(page), other_titles(page)
    assert many == one
