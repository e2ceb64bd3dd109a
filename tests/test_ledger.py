"""The URL ledger and redirects: a published URL keeps working, or the build says which alias to add."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import launch_chromium, require_chromium, serve_folder, build_site, check_content, make_config, minimal_content, product_md, rating_yaml, read
from ocop.build import check
from ocop.config import PROJECT_DIR
from ocop.errors import BuildFailed
from ocop.ledger import HEADER, LEDGER_FILE, read_ledger

def ledger_lines(root: Path) -> list[str]:
    return (root / "content" / LEDGER_FILE).read_text(encoding="utf-8").splitlines()


def rename_tra_thu(root: Path, alias: bool) -> None:
    """Fix the slug of 'Trà Thử': tra-thu -> tra-thu-moc-chau, with or without the alias."""
    content = root / "content"
    (content / "products/bac-kan/tra-thu.md").unlink()
    extra = "aliases:\n  - /san-pham/tra-thu/\n" if alias else ""
    (content / "products/bac-kan/tra-thu-moc-chau.md").write_text(product_md("Trà Thử", "bac-kan", extra=extra),
                                                                    encoding="utf-8")
    rating = content / "ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml"
    rating.write_text(rating_yaml([("mien-dong-thu", 3), ("tra-thu-moc-chau", 4)]), encoding="utf-8")


def follow_refresh(site: Path, url: str) -> tuple[str, str]:
    """Read the page at url; while it is a meta refresh, follow it like a browser. Return (final url, html)."""
    for _ in range(5):
        html = read(site, url)
        match = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', html)
        if not match:
            return url, html
        url = urljoin(url, match.group(1))
    raise AssertionError("redirect loop")


def test_first_build_starts_a_sorted_ledger_with_a_header(tmp_path):
    build_site(tmp_path, minimal_content())
    lines = ledger_lines(tmp_path)
    header = HEADER.splitlines()
    assert lines[:len(header)] == header
    urls = lines[len(header):]
    assert urls == sorted(urls) and len(urls) == len(set(urls))
    for url in ("/", "/san-pham/mien-dong-thu/", "/san-pham/tra-thu/", "/tinh/bac-kan/", "/tinh/thai-nguyen/",
                "/ke-hoach/bac-kan/2022-75-kh-ubnd/", "/feed.xml", "/tinh/bac-kan/feed.xml", "/du-lieu/",
                "/du-lieu/san-pham.csv", "/sitemap.xml", "/404.html"):
        assert url in urls
    # not permanent: configuration files for hosts
    assert "/_redirects" not in urls and "/_redirects.nginx.conf" not in urls
    assert not [u for u in urls if "/trang/" in u]


def test_rebuild_of_the_same_content_leaves_the_ledger_byte_identical(tmp_path):
    build_site(tmp_path, minimal_content())
    first = (tmp_path / "content" / LEDGER_FILE).read_bytes()
    stamp = (tmp_path / "content" / LEDGER_FILE).stat().st_mtime_ns
    build_site(tmp_path)
    assert (tmp_path / "content" / LEDGER_FILE).read_bytes() == first
    assert (tmp_path / "content" / LEDGER_FILE).stat().st_mtime_ns == stamp, "nothing new: the file is not rewritten"


def test_check_never_writes_the_ledger(tmp_path):
    check_content(tmp_path, minimal_content())
    assert not (tmp_path / "content" / LEDGER_FILE).exists()


def test_renamed_product_with_alias_keeps_its_old_url_working(tmp_path):
    site = build_site(tmp_path, minimal_content())
    assert "<h1" in read(site, "/san-pham/tra-thu/")
    rename_tra_thu(tmp_path, alias=True)
    site = build_site(tmp_path)

    old = read(site, "/san-pham/tra-thu/")
    assert '<link rel="canonical" href="https://ocop.example.test/san-pham/tra-thu-moc-chau/">' in old
    final, html = follow_refresh(site, "/san-pham/tra-thu/")
    assert final == "/san-pham/tra-thu-moc-chau/"
    assert re.search(r"<h1[^>]*>Trà Thử</h1>", html)

    # the same table gives the host redirect files
    assert "/san-pham/tra-thu/ /san-pham/tra-thu-moc-chau/ 301" in (site / "_redirects").read_text().splitlines()
    nginx = (site / "_redirects.nginx.conf").read_text()
    assert '"/san-pham/tra-thu/" "/san-pham/tra-thu-moc-chau/";' in nginx
    assert '"/san-pham/tra-thu" "/san-pham/tra-thu-moc-chau/";' in nginx
    assert nginx.count("{") == nginx.count("}")
    # both addresses are in the ledger now
    assert {"/san-pham/tra-thu/", "/san-pham/tra-thu-moc-chau/"} <= set(ledger_lines(tmp_path))


def test_renamed_product_without_alias_fails_and_names_the_alias_and_the_record(tmp_path):
    site = build_site(tmp_path, minimal_content())
    before = read(site, "/san-pham/tra-thu/")
    ledger_before = (tmp_path / "content" / LEDGER_FILE).read_bytes()
    line = ledger_lines(tmp_path).index("/san-pham/tra-thu/") + 1
    rename_tra_thu(tmp_path, alias=False)

    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path)
    messages = [str(e) for e in failure.value.errors]
    assert messages == [
        f"content/{LEDGER_FILE}:{line}: /san-pham/tra-thu/ đã được đăng nhưng nay không trang nào nhận địa chỉ này; "
        'thêm "aliases: [/san-pham/tra-thu/]" vào bản ghi mà trang đó đã trở thành '
        "(có thể là content/products/bac-kan/tra-thu-moc-chau.md)"
    ]
    # check reports the same, the published site and the ledger are untouched
    with pytest.raises(BuildFailed) as checked:
        check(make_config(tmp_path))
    assert [str(e) for e in checked.value.errors] == messages
    assert read(site, "/san-pham/tra-thu/") == before
    assert (tmp_path / "content" / LEDGER_FILE).read_bytes() == ledger_before


def test_ledger_errors_join_the_other_content_errors_in_one_run(tmp_path):
    build_site(tmp_path, minimal_content())
    rename_tra_thu(tmp_path, alias=False)
    (tmp_path / "content/products/bac-kan/mien-dong-thu.md").write_text(
        product_md("Miến dong Thử", "bac-kan", extra="grup: Thực phẩm\n"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path)
    text = failure.value.report()
    assert "content/products/bac-kan/mien-dong-thu.md:" in text and "không có trường 'grup'" in text
    assert f"content/{LEDGER_FILE}:" in text and "/san-pham/tra-thu/ đã được đăng" in text


def test_aliases_that_are_not_a_list_are_one_message_even_with_a_ledger(tmp_path):
    """Found by the fuzz test: 'aliases: true' reached the ledger check, which read it as a list (TypeError)."""
    build_site(tmp_path, minimal_content())
    (tmp_path / "content/products/bac-kan/mien-dong-thu.md").write_text(
        product_md("Miến dong Thử", "bac-kan", extra="aliases: true\n"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path)
    assert [e.path for e in failure.value.errors] == ["content/products/bac-kan/mien-dong-thu.md"]
    assert "aliases" in str(failure.value.errors[0])


def test_removing_an_alias_is_caught_like_removing_a_page(tmp_path):
    build_site(tmp_path, minimal_content())
    rename_tra_thu(tmp_path, alias=True)
    build_site(tmp_path)
    path = tmp_path / "content/products/bac-kan/tra-thu-moc-chau.md"
    path.write_text(product_md("Trà Thử", "bac-kan"), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path)
    assert len(failure.value.errors) == 1
    assert "/san-pham/tra-thu/ đã được đăng" in str(failure.value.errors[0])
    assert "content/products/bac-kan/tra-thu-moc-chau.md" in str(failure.value.errors[0])


def test_renamed_province_keeps_its_page_and_feed(tmp_path):
    files = minimal_content()
    files["provinces/tinh-moi.yaml"] = files.pop("provinces/thai-nguyen.yaml").replace("slug: thai-nguyen",
                                                                                      "slug: tinh-moi")
    files["provinces/bac-kan.yaml"] = files["provinces/bac-kan.yaml"].replace("merged_into: thai-nguyen",
                                                                              "merged_into: tinh-moi")
    build_site(tmp_path, minimal_content())
    files[LEDGER_FILE] = (tmp_path / "content" / LEDGER_FILE).read_text(encoding="utf-8")
    shutil.rmtree(tmp_path / "content")
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path, files)
    text = failure.value.report()
    assert ('/tinh/thai-nguyen/ đã được đăng nhưng nay không trang nào nhận địa chỉ này; thêm '
            '"aliases: [/tinh/thai-nguyen/]"') in text
    assert "(có thể là content/provinces/tinh-moi.yaml)" in text
    assert '/tinh/thai-nguyen/feed.xml đã được đăng' in text  # the feed follows the province's alias

    files["provinces/tinh-moi.yaml"] += "aliases:\n  - /tinh/thai-nguyen/\n"
    shutil.rmtree(tmp_path / "content")
    site = build_site(tmp_path, files)
    redirects = (site / "_redirects").read_text().splitlines()
    assert "/tinh/thai-nguyen/ /tinh/tinh-moi/ 301" in redirects
    assert "/tinh/thai-nguyen/feed.xml /tinh/tinh-moi/feed.xml 301" in redirects
    assert follow_refresh(site, "/tinh/thai-nguyen/")[0] == "/tinh/tinh-moi/"


def test_a_malformed_ledger_line_is_reported_with_its_line(tmp_path):
    files = minimal_content()
    files[LEDGER_FILE] = HEADER + "/san-pham/mien-dong-thu/\nsan-pham/tra-thu\n"
    with pytest.raises(BuildFailed) as failure:
        check_content(tmp_path, files)
    line = len(HEADER.splitlines()) + 2
    assert [str(e) for e in failure.value.errors] == [
        f"content/{LEDGER_FILE}:{line}: 'san-pham/tra-thu' không phải là một đường dẫn của trang này; mỗi dòng ghi "
        "một địa chỉ bắt đầu bằng / (dòng ghi chú bắt đầu bằng #)"]


def test_the_bundled_ledger_covers_every_permanent_url_of_the_bundled_site(bundled_site):
    """The committed ledger is up to date: building the bundled content adds nothing to it."""
    root = bundled_site.parent
    from ocop.config import PROJECT_DIR
    committed, errors = read_ledger(PROJECT_DIR / "content", PROJECT_DIR)
    assert not errors
    built = set(ledger_lines(root)) - {line for line in ledger_lines(root) if line.startswith("#")}
    assert built == committed.urls, "run `python build.py` and commit content/published-urls.txt"
    for url in committed.urls:
        target = url.lstrip("/") + ("index.html" if url.endswith("/") else "")
        assert (bundled_site / target).is_file(), url


@pytest.mark.browser
def test_browser_follows_an_old_product_url_to_the_renamed_page(tmp_path):
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    build_site(tmp_path, minimal_content())
    rename_tra_thu(tmp_path, alias=True)
    site = build_site(tmp_path)
    with serve_folder(site) as base, sync_api.sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        page.goto(f"{base}/san-pham/tra-thu/")
        page.wait_for_url("**/san-pham/tra-thu-moc-chau/", timeout=10_000)
        assert page.locator("h1").inner_text() == "Trà Thử"
        browser.close()


# ---------------------------------------------------------------- a renamed product's decisions

RENAMED_RATING = "content/ratings/bac-kan/2022-danh-sach-san-pham-4-sao.yaml"


def bundled_copy(tmp_path: Path) -> Path:
    shutil.copytree(PROJECT_DIR / "content", tmp_path / "content")
    return tmp_path / "content"


def entry_line(content: Path, slug: str) -> int:
    lines = (content.parent / RENAMED_RATING).read_text(encoding="utf-8").splitlines()
    return lines.index(f"  - product: {slug}") + 1


def test_a_renamed_products_decision_entry_names_the_renamed_file_never_another_producers(tmp_path):
    """Issue 17: tra-shan-tuyet renamed to tra-shan-tuyet-ngoc-thang (the bundled content, as an editor
    would do it). 'tra-shan-tuyet-ban-na' is another producer's product and must never be proposed."""
    content = bundled_copy(tmp_path)
    line = entry_line(content, "tra-shan-tuyet")
    products = content / "products" / "bac-kan"
    (products / "tra-shan-tuyet.md").rename(products / "tra-shan-tuyet-ngoc-thang.md")
    with pytest.raises(BuildFailed) as failure:
        check(make_config(tmp_path))
    messages = [str(e) for e in failure.value.errors]
    assert f"{RENAMED_RATING}:{line}: sản phẩm 'tra-shan-tuyet' không còn; có thể đã đổi tên thành " \
           "content/products/bac-kan/tra-shan-tuyet-ngoc-thang.md: sửa thành product: tra-shan-tuyet-ngoc-thang" \
           in messages
    [ledger_error] = [m for m in messages if m.startswith(f"content/{LEDGER_FILE}:")]
    assert '"aliases: [/san-pham/tra-shan-tuyet/]"' in ledger_error
    assert "(có thể là content/products/bac-kan/tra-shan-tuyet-ngoc-thang.md)" in ledger_error
    assert len(messages) == 2 and not any("ban-na" in m for m in messages), messages

    # doing what the two messages say is the whole fix
    rating = content.parent / RENAMED_RATING
    rating.write_text(rating.read_text(encoding="utf-8").replace("  - product: tra-shan-tuyet\n",
                                                                 "  - product: tra-shan-tuyet-ngoc-thang\n"),
                      encoding="utf-8")
    renamed = products / "tra-shan-tuyet-ngoc-thang.md"
    renamed.write_text(renamed.read_text(encoding="utf-8").replace(
        "group: Thực phẩm\n", "group: Thực phẩm\naliases:\n  - /san-pham/tra-shan-tuyet/\n", 1), encoding="utf-8")
    catalog = check(make_config(tmp_path))
    assert catalog.products["tra-shan-tuyet-ngoc-thang"].name == "Trà Shan tuyết"


def test_a_removed_products_entry_calls_the_similar_product_another_one(tmp_path):
    """Without a new file that looks like a rename, the close match is named as a different product (with
    its producer), never as a suggestion to follow."""
    content = bundled_copy(tmp_path)
    line = entry_line(content, "tra-shan-tuyet")
    (content / "products" / "bac-kan" / "tra-shan-tuyet.md").unlink()
    with pytest.raises(BuildFailed) as failure:
        check(make_config(tmp_path))
    [entry] = [e for e in failure.value.errors if e.path == RENAMED_RATING]
    assert entry.line == line
    assert entry.message.startswith("sản phẩm 'tra-shan-tuyet' không còn (trang /san-pham/tra-shan-tuyet/ đã đăng")
    assert "'tra-shan-tuyet-ban-na' (Trà Shan tuyết Bản Nà, Tổ hợp tác Trà Hương) là một sản phẩm khác" \
        in entry.message
    assert "có phải là" not in entry.message and "đổi tên thành" not in entry.message
    [ledger_error] = [e for e in failure.value.errors if e.path == f"content/{LEDGER_FILE}"]
    assert "có thể là" not in ledger_error.message
    assert "tra-shan-tuyet-ban-na.md có tên gần giống nhưng đã có trang riêng từ trước" in ledger_error.message


def test_a_mistyped_product_that_was_never_published_gets_a_suggestion_with_its_producer(tmp_path):
    files = minimal_content()
    files["ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml"] = rating_yaml([("mien-dong-thuu", 3)])
    with pytest.raises(BuildFailed) as failure:
        check_content(tmp_path, files)
    assert [e.message for e in failure.value.errors] == [
        "không có sản phẩm 'mien-dong-thuu'; có phải là 'mien-dong-thu' (Miến dong Thử)?"]


def test_an_entry_naming_an_old_slug_that_a_product_now_aliases_names_that_product(tmp_path):
    """The alias already says where the old address went: the entry's message says it without 'có thể'."""
    build_site(tmp_path, minimal_content())
    rename_tra_thu(tmp_path, alias=True)
    (tmp_path / "content/ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml").write_text(
        rating_yaml([("mien-dong-thu", 3), ("tra-thu", 4)]), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        check(make_config(tmp_path))
    assert [str(e) for e in failure.value.errors] == [
        "content/ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml:10: sản phẩm 'tra-thu' đã đổi tên thành "
        "content/products/bac-kan/tra-thu-moc-chau.md (tệp đó ghi /san-pham/tra-thu/ trong aliases): sửa thành "
        "product: tra-thu-moc-chau"]


def test_a_file_that_cannot_be_read_is_the_one_message_not_also_its_aliases(tmp_path):
    """The unreadable file may hold the alias that keeps an old address: only the file's mistake is said."""
    build_site(tmp_path, minimal_content())
    rename_tra_thu(tmp_path, alias=True)
    build_site(tmp_path)
    renamed = tmp_path / "content/products/bac-kan/tra-thu-moc-chau.md"
    renamed.write_text(renamed.read_text(encoding="utf-8").replace("name: Trà Thử", 'name: "Trà Thử'),
                       encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        check(make_config(tmp_path))
    assert [(e.path, e.line) for e in failure.value.errors] == [("content/products/bac-kan/tra-thu-moc-chau.md", 2)]


def test_the_ledger_knowledge_flows_one_way_through_the_pipeline():
    """load reads the ledger (content), validate uses what it read, ledger.py (stage 5) uses validate's
    successor guess: no module imports a later stage, and nothing is imported inside a function."""
    import ast
    later = {"load": {"validate", "model", "routes", "ledger", "build", "serve", "release"},
             "validate": {"model", "routes", "ledger", "build", "serve", "release"},
             "release": {"validate", "model", "routes", "ledger", "build", "serve"},
             "ledger": {"images", "render", "write", "build", "serve"}}
    for module, forbidden in later.items():
        tree = ast.parse((PROJECT_DIR / "ocop" / f"{module}.py").read_text(encoding="utf-8"))
        imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}
        imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level
                     and not node.module for alias in node.names}
        assert imported & forbidden == set(), f"{module} imports {imported & forbidden}"
        local = [node for function in ast.walk(tree) if isinstance(function, ast.FunctionDef)
                 for node in ast.walk(function) if isinstance(node, (ast.Import, ast.ImportFrom))]
        assert local == [], f"{module} imports inside a function"
