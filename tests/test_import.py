"""`python build.py import FILE ...`, end to end: the command on annexes, then `check`, then a build.

The annexes are invented (tests/fixtures/annex/make_fixtures.py, or small CSVs written here);
the content is a copy of conftest.minimal_content() (bac-kan was merged into thai-nguyen on
2025-07-01), or of the bundled content.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_DIR, build_site, minimal_content, product_md, read, write_content

FIXTURES = Path(__file__).parent / "fixtures" / "annex"
IMPORT = FIXTURES / "import.xlsx"
DECISION = ["--province", "bac-kan", "--date", "2025-06-20", "--number", "9999/QĐ-UBND", "--level", "tỉnh",
            "--issuer", "UBND tỉnh Bắc Kạn", "--source-url", "https://example.com/qd-9999",
            "--source-title", "Quyết định 9999/QĐ-UBND công nhận sản phẩm OCOP", "--publisher", "Báo Ví Dụ"]
RATING = "content/ratings/bac-kan/2025-06-20-9999-qd-ubnd.yaml"
NEW = {  # the new products of import.xlsx: slug -> (row, locality, producer kind)
    "mien-dong-vi-du": (8, "xã Kim Hỷ, huyện Na Rì", "hợp tác xã"),
    "mat-ong-vi-du": (10, "xã Bằng Lãng, huyện Chợ Đồn", "hộ sản xuất"),
    "gao-nep-vi-du-nong-san-mau": (11, "thị trấn Bằng Lũng, huyện Chợ Đồn", "doanh nghiệp"),
    "tinh-dau-que-vi-du": (12, "huyện Chợ Đồn", "tổ hợp tác"),
}


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), *args, "--content", str(root / "content")],
                          input="", capture_output=True, text=True, encoding="utf-8", timeout=120)


def import_annex(root: Path, annex: Path, *args: str) -> subprocess.CompletedProcess:
    return run(root, "import", str(annex), *(args or DECISION))


def check_passes(root: Path) -> None:
    result = run(root, "check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def tree(root: Path) -> dict[str, bytes]:
    """Every file under content/, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*"))
            if p.is_file()}


def write_annex(path: Path, rows: list[list]) -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


HEADER = ["STT", "Tên sản phẩm", "Chủ thể sản xuất", "Địa chỉ", "Số sao", "Điểm", "Ghi chú"]


@pytest.fixture
def root(tmp_path) -> Path:
    """minimal_content(), Trà Thử with its producer, and a product of the other province named as one in
    import.xlsx."""
    files = minimal_content()
    files["products/bac-kan/tra-thu.md"] = product_md(
        "Trà Thử", "bac-kan", extra="producer:\n  name: Hợp tác xã Trà Thử\n  kind: hợp tác xã\n")
    files["products/thai-nguyen/gao-nep-vi-du.md"] = product_md(
        "Gạo nếp Ví Dụ", "thai-nguyen", extra="producer:\n  name: Hợp tác xã Lúa Thái\n")
    write_content(tmp_path, files)
    return tmp_path


# ---------------------------------------------------------------- a realistic annex, end to end

def test_import_writes_a_decision_and_the_new_products_that_pass_check_and_build(root):
    before = tree(root)
    result = import_annex(root, IMPORT)
    assert result.returncode == 0, result.stderr
    assert f"Đã tạo {RATING} (quyết định, 5 sản phẩm" in result.stdout
    assert "Đã tạo 4 sản phẩm mới:" in result.stdout
    for slug, (row, _, _) in NEW.items():
        assert f"  hàng {row}: content/products/bac-kan/{slug}.md (trang /san-pham/{slug}/)" in result.stdout
    assert "1 sản phẩm đã có được công nhận lại" in result.stdout
    assert "  hàng 7: Trà Thử, 4 sao → content/products/bac-kan/tra-thu.md" in result.stdout

    added = sorted(set(tree(root)) - set(before))
    assert added == sorted([RATING] + [f"content/products/bac-kan/{slug}.md" for slug in NEW])
    assert all(tree(root)[path] == data for path, data in before.items()), "no existing file is changed"

    rating = (root / RATING).read_text(encoding="utf-8")
    assert "number: 9999/QĐ-UBND\n" in rating and "date: 2025-06-20\n" in rating and "level: tỉnh\n" in rating
    assert "issuer: UBND tỉnh Bắc Kạn\n" in rating and "  - title: Quyết định 9999/QĐ-UBND" in rating
    assert ("  - product: tra-thu\n    stars: 4\n    score: 75.5\n    renewal: true\n    note: Tái công nhận\n"
            in rating), "the existing product gets an entry: a re-recognition, with the note"
    assert "  - product: mien-dong-vi-du\n    stars: 3\n    score: 68\n  - product: mat-ong-vi-du\n" in rating
    assert "  - product: mat-ong-vi-du\n    stars: 4\n    score: 82.25\n    note: Sản phẩm mới\n" in rating
    assert "  - product: gao-nep-vi-du-nong-san-mau\n    stars: 3\n    score: 55\n" in rating
    assert rating.count("renewal") == 1

    for slug, (_, locality, kind) in NEW.items():
        text = (root / f"content/products/bac-kan/{slug}.md").read_text(encoding="utf-8")
        assert f"\nprovince: bac-kan\nlocality: {locality}\n" in text, slug
        assert f"\n  kind: {kind}\n" in text, slug
        assert "\ngroup:" not in text and "# group: Thực phẩm" in text, "the group stays unknown"
        assert "  - title: Quyết định 9999/QĐ-UBND công nhận sản phẩm OCOP\n    url: https://example.com/qd-9999\n" \
               "    publisher: Báo Ví Dụ\n" in text
    gao = (root / "content/products/bac-kan/gao-nep-vi-du-nong-san-mau.md").read_text(encoding="utf-8")
    assert gao.endswith("---\nGạo nếp Ví Dụ là sản phẩm của Công ty TNHH Nông Sản Mẫu, thị trấn Bằng Lũng, huyện "
                        "Chợ Đồn, tỉnh Bắc Kạn. Sản phẩm được công nhận đạt 3 sao OCOP (55 điểm) theo Quyết định số "
                        "9999/QĐ-UBND ngày 20/6/2025 của UBND tỉnh Bắc Kạn.\n")
    assert "\nname: Gạo nếp Ví Dụ\n" in gao and "\n  name: Công ty TNHH Nông Sản Mẫu\n" in gao
    assert len([p for p in (root / "content/products").rglob("*.md")
                if "name: Trà Thử\n" in p.read_text(encoding="utf-8")]) == 1, "no duplicate of Trà Thử"

    check_passes(root)
    site = build_site(root)
    for slug, stars in (("mien-dong-vi-du", 3), ("mat-ong-vi-du", 4), ("gao-nep-vi-du-nong-san-mau", 3),
                        ("tinh-dau-que-vi-du", 4)):
        page = read(site, f"/san-pham/{slug}/")
        assert f'<span class="star-text">{stars} sao</span>' in page, slug
        assert "9999/QĐ-UBND" in page
    tra = read(site, "/san-pham/tra-thu/")
    assert '<span class="star-text">4 sao</span>' in tra and "9999/QĐ-UBND" in tra and "1/QĐ-UBND" in tra
    assert "Gạo nếp Ví Dụ" in read(site, "/san-pham/gao-nep-vi-du/"), "the other province's product is untouched"


def test_a_second_import_of_the_same_annex_changes_nothing(root):
    assert import_annex(root, IMPORT).returncode == 0
    after_first = tree(root)
    result = import_annex(root, IMPORT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Không có gì thay đổi: {RATING} đã có đúng nội dung")
    assert tree(root) == after_first


def test_dry_run_prints_the_plan_and_writes_nothing(root):
    before = tree(root)
    result = import_annex(root, IMPORT, *DECISION, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert tree(root) == before
    assert result.stdout.startswith("Thử nhập (--dry-run): chưa ghi tệp nào.")
    assert f"Sẽ tạo {RATING} (quyết định, 5 sản phẩm" in result.stdout
    assert "Sẽ tạo 4 sản phẩm mới:" in result.stdout
    assert "  hàng 11: content/products/bac-kan/gao-nep-vi-du-nong-san-mau.md (trang " \
           "/san-pham/gao-nep-vi-du-nong-san-mau/), Gạo nếp Ví Dụ, 3 sao" in result.stdout
    assert "  hàng 7: Trà Thử, 4 sao → content/products/bac-kan/tra-thu.md" in result.stdout
    assert "Đã tạo" not in result.stdout


def test_a_rating_file_with_other_content_stops_the_import(root):
    assert import_annex(root, IMPORT).returncode == 0
    before = tree(root)
    result = import_annex(root, IMPORT, *[v if v != "tỉnh" else "trung ương" for v in DECISION])
    assert result.returncode == 1
    assert f"{RATING} đã có, với nội dung khác với quyết định sẽ nhập." in result.stderr
    assert tree(root) == before


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_the_same_decision_under_another_file_name_is_refused(root):
    assert run(root, "new", "rating", "--no-input", "--province", "bac-kan", "--date", "2025-06-20", "--number",
               "9999/QĐ-UBND", "--slug", "x", "--product", "tra-thu", "--stars", "4", "--source-title", "x",
               ).returncode == 0
    (root / "content/ratings/bac-kan/2025-06-20-9999-qd-ubnd.yaml").rename(
        root / "content/ratings/bac-kan/2025-06-20-qd-9999.yaml")
    result = import_annex(root, IMPORT)
    assert result.returncode == 1
    assert "quyết định số 9999/QĐ-UBND ngày 2025-06-20 đã có: content/ratings/bac-kan/2025-06-20-qd-9999.yaml" \
        in result.stderr


# ---------------------------------------------------------------- matching existing products

@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_a_name_match_with_another_producer_asks_for_a_slug_then_the_slug_column_decides(root, tmp_path):
    rows = [HEADER, [1, "Trà Thử", "Hợp tác xã Chè Khác", "xã A", "3 sao", "", ""],
            [2, "Miến dong Thử", "", "xã B", "4 sao", "", ""]]
    annex = write_annex(tmp_path / "khac.csv", rows)
    before = tree(root)
    result = import_annex(root, annex)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{annex}:2: đã có sản phẩm cùng tên «Trà Thử»: «tra-thu» "
                               "(content/products/bac-kan/tra-thu.md, chủ thể «Hợp tác xã Trà Thử»), nhưng chủ thể ở "
                               "hàng này là «Hợp tác xã Chè Khác», nên chưa chắc là cùng sản phẩm. Nếu là cùng sản phẩm, "
                               "ghi slug của nó vào cột slug")
    assert "«tra-thu-che-khac»" in lines[0], "a free slug is suggested for another product"
    assert lines[1].startswith(f"{annex}:3: đã có sản phẩm cùng tên «Miến dong Thử»: «mien-dong-thu» "
                               "(content/products/bac-kan/mien-dong-thu.md, chủ thể «chưa rõ»), nhưng hàng này không "
                               "ghi chủ thể và địa chỉ «xã B» khác, nên chưa chắc")
    assert lines[-1].startswith("2 lỗi; chưa ghi tệp nào.")
    assert tree(root) == before

    rows = [HEADER + ["slug"], rows[1] + ["tra-thu-che-khac"], rows[2] + ["mien-dong-thu"]]
    result = import_annex(root, write_annex(tmp_path / "khac.csv", rows))
    assert result.returncode == 0, result.stderr
    assert "  hàng 2: content/products/bac-kan/tra-thu-che-khac.md" in result.stdout
    assert "  hàng 3: Miến dong Thử, 4 sao → content/products/bac-kan/mien-dong-thu.md" in result.stdout
    assert not (root / "content/products/bac-kan/mien-dong-thu-2.md").exists()
    check_passes(root)


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_slug_collisions_get_distinct_slugs_never_a_published_one(root, tmp_path):
    files = {"published-urls.txt": "/san-pham/tra-moi/\n",
             "products/bac-kan/tra-cu.md": product_md("Trà Cũ", "bac-kan", extra="aliases:\n  - /san-pham/tra-moi/\n")}
    write_content(root, files)
    rows = [HEADER,
            [1, "Trà Mới", "Hợp tác xã Trà Sơn", "", "3", "", ""],              # /san-pham/tra-moi/ is an alias
            [2, "Gạo nếp Ví Dụ", "HTX Lúa Thái", "", "3", "", ""],               # taken in thai-nguyen
            [3, "Gạo nếp Ví Dụ", "Công ty TNHH MTV Lúa Thái", "", "4", "", ""],  # and its producer variant too
            [4, "Trà Mới", "Hộ kinh doanh Lê Văn Mẫu", "", "3", "", ""]]         # same name, another producer
    result = import_annex(root, write_annex(tmp_path / "trung.csv", rows))
    assert result.returncode == 0, result.stderr
    slugs = sorted(p.stem for p in (root / "content/products/bac-kan").glob("*.md")) 
    assert {"tra-moi-tra-son", "gao-nep-vi-du-lua-thai", "gao-nep-vi-du-lua-thai-bac-kan",
            "tra-moi-le-van-mau"} <= set(slugs)
    assert "tra-moi" not in slugs and "gao-nep-vi-du" not in slugs
    check_passes(root)


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_a_slug_only_in_the_url_ledger_is_never_reused(root, tmp_path):
    """/san-pham/tra-moi/ was published for a product that is gone (the content is broken: check says
    so): a new product must not take the address the press linked to."""
    (root / "content/published-urls.txt").write_text("/san-pham/tra-moi/\n", encoding="utf-8")
    result = import_annex(root, write_annex(tmp_path / "a.csv", [HEADER, [1, "Trà Mới", "HTX Sơn", "", "3", "", ""]]))
    assert result.returncode == 0, result.stderr
    assert (root / "content/products/bac-kan/tra-moi-son.md").is_file()
    assert "Lưu ý: nội dung hiện có đang có 1 lỗi không do lần nhập này" in result.stdout


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_a_decision_of_the_merged_province_re_recognises_the_old_provinces_product(root, tmp_path):
    """After 1/7/2025 Thái Nguyên's decisions cover former Bắc Kạn products (as Vĩnh Long's cover Trà Vinh's)."""
    rows = [HEADER, [1, "TRÀ THỬ", "hợp tác xã  trà thử", "xã Côn Minh", "★★★★★", "91", ""],
            [2, "Chè Mới Thái", "Hợp tác xã Chè Thái", "xã Tân Cương", "3 sao", "60,5", ""]]
    annex = write_annex(tmp_path / "tn.csv", rows)
    args = ["--province", "thai-nguyen", "--date", "2025-09-01", "--number", "12/QĐ-UBND", "--level", "tỉnh",
            "--source-url", "https://example.com/tn"]
    result = import_annex(root, annex, *args)
    assert result.returncode == 0, result.stderr
    assert "  hàng 2: TRÀ THỬ, 5 sao → content/products/bac-kan/tra-thu.md" in result.stdout
    rating = (root / "content/ratings/thai-nguyen/2025-09-01-12-qd-ubnd.yaml").read_text(encoding="utf-8")
    assert "  - product: tra-thu\n    stars: 5\n    score: 91\n  - product: che-moi-thai\n" in rating
    assert (root / "content/products/thai-nguyen/che-moi-thai.md").is_file()
    assert not list((root / "content/products").rglob("tra-thu-*.md"))
    check_passes(root)
    assert '<span class="star-text">5 sao</span>' in read(build_site(root), "/san-pham/tra-thu/")

    # before the merger Thái Nguyên could not rate Bắc Kạn's products: a new product, with its own slug
    result = import_annex(root, annex, *[a.replace("2025-09-01", "2025-06-01") for a in args], "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "  hàng 2: content/products/thai-nguyen/tra-thu-tra-thu.md" in result.stdout


@pytest.mark.slow  # the bundled content grows
def test_merged_province_re_recognition_on_the_bundled_content(tmp_path):
    """Vĩnh Long's decision after 1/7/2025 names a former Trà Vinh product by its slug (the bundled records
    have no producers, so the name alone is not enough): an entry, no duplicate; check passes."""
    shutil.copytree(PROJECT_DIR / "content", tmp_path / "content")
    rows = [HEADER + ["slug"], [1, "Bánh tét Ba Màu", "Cơ sở Ba Màu", "xã Ví Dụ", "4 sao", "75", "", "banh-tet-ba-mau"],
            [2, "Bánh tét Ba Màu", "Cơ sở Ba Màu", "xã Ví Dụ", "4 sao", "75", "", ""],
            [3, "Khô cá lóc Ví Dụ", "Hộ kinh doanh Ví Dụ", "xã Ví Dụ", "3 sao", "", "", ""]]
    annex = write_annex(tmp_path / "vl.csv", rows)
    args = ["--province", "vinh-long", "--date", "2025-10-02", "--number", "77/QĐ-UBND", "--level", "tỉnh",
            "--source-url", "https://example.com/vl"]
    result = import_annex(tmp_path, annex, *args)
    assert result.returncode == 1, "row 3 repeats row 2's product"
    assert f"{annex}:3: đã có sản phẩm cùng tên «Bánh tét Ba Màu»" in result.stderr
    del rows[2]
    result = import_annex(tmp_path, write_annex(annex, rows), *args)
    assert result.returncode == 0, result.stderr
    assert "  hàng 2: Bánh tét Ba Màu, 4 sao → content/products/tra-vinh/banh-tet-ba-mau.md" in result.stdout
    assert (tmp_path / "content/products/vinh-long/kho-ca-loc-vi-du.md").is_file()
    check_passes(tmp_path)


# ---------------------------------------------------------------- broken annexes and options

def test_a_broken_annex_names_its_rows_and_every_problem_and_writes_nothing(root):
    before = tree(root)
    annex = FIXTURES / "broken_score_band.csv"
    result = import_annex(root, annex, "--province", "bac-kan", "--date", "20/06/2025", "--level", "tinh uy",
                          "--source-url", "example.com")
    assert result.returncode == 1
    err = result.stderr
    assert f"{annex}:2: Điểm 68,5 (cột E) không khớp với 4 sao" in err
    assert f"{annex}:3: Điểm 90 (cột E) không khớp với 3 sao" in err
    assert f"{annex}:4:" not in err, "row 4 is right"
    assert "--date: ngày '20/06/2025' không đúng" in err and "viết 2025-06-20" in err
    assert "--level: 'tinh uy' không có trong danh sách: tỉnh, trung ương, huyện" in err
    assert "--source-url: 'example.com' không phải địa chỉ web" in err
    assert err.splitlines()[-1].startswith("5 lỗi; chưa ghi tệp nào.")
    assert tree(root) == before


def test_the_new_records_are_checked_with_the_content_as_check_would(root, tmp_path):
    """A fact only `check` refuses (here: raw HTML that the site removes, in the description made from
    the name) is reported on its row, with check's words, together with the annex's own problems."""
    rows = [HEADER, [1, "Trà <script>alert(1)</script> Ví Dụ", "HTX A", "", "3", "", ""],
            [2, "Chè Ví Dụ", "HTX B", "", "3", "95", ""]]
    annex = write_annex(tmp_path / "html.csv", rows)
    before = tree(root)
    result = import_annex(root, annex)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{annex}:2: sản phẩm «Trà <script>alert(1)</script> Ví Dụ»: "
                               "content/products/bac-kan/tra-script-alert-1-script-vi-du.md:")
    assert "nội dung có thẻ <script>, trang web sẽ bỏ đi vì lý do an" in lines[0]
    assert lines[1].startswith(f"{annex}:3: Điểm 95 (cột F) không khớp với 3 sao")
    assert lines[2].startswith("2 lỗi;") and tree(root) == before


@pytest.mark.parametrize("name, rows", [("broken_header.csv", [2]), ("broken_legacy_ambiguous.csv", [2, 3]),
                                        ("broken_corrupt.xlsx", [])])
def test_unreadable_annexes_are_reported_without_writing(root, name, rows):
    before = tree(root)
    result = import_annex(root, FIXTURES / name)
    assert result.returncode == 1
    named = sorted({int(line.split(":")[1]) for line in result.stderr.splitlines()
                    if line.startswith(f"{FIXTURES / name}:") and line.split(":")[1].isdigit()})
    assert named == rows, result.stderr
    assert tree(root) == before


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_legacy_text_becomes_unicode_never_mojibake(root):
    result = import_annex(root, FIXTURES / "sample.xlsx", "--province", "bac-kan", "--date", "2024-11-15",
                          "--level", "tỉnh", "--source-url", "https://example.com/mau")
    assert result.returncode == 0, result.stderr
    text = (root / "content/products/bac-kan/thanh-long-say-deo.md").read_text(encoding="utf-8")
    assert "\nname: Thanh long sấy dẻo\n" in text and "\n  name: Hợp tác xã Thanh Long Xanh\n" in text
    written = "".join(p.read_text(encoding="utf-8") for p in (root / "content").rglob("*")
                      if p.is_file() and p.suffix in (".md", ".yaml"))
    assert not set("¶ÈÊÎ©µ¸¹") & set(written) and "aù" not in written and "xaõ" not in written
    assert (root / "content/ratings/bac-kan/2024-11-15-cong-nhan-ocop.yaml").is_file(), "no number: a description"
    check_passes(root)


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_reported_by_when_the_decision_date_is_unknown(root, tmp_path):
    annex = write_annex(tmp_path / "r.csv", [HEADER, [1, "Nấm Ví Dụ", "", "xã C", "3", "", "công nhận lại"]])
    result = import_annex(root, annex, "--province", "bac-kan", "--reported-by", "2024-03", "--level", "tỉnh",
                          "--slug", "nam-san-pham-2024", "--source-url", "https://example.com/tin")
    assert result.returncode == 0, result.stderr
    rating = (root / "content/ratings/bac-kan/2024-03-nam-san-pham-2024.yaml").read_text(encoding="utf-8")
    assert "\nreported_by: 2024-03\n" in rating and "\ndate:" not in rating
    assert "    renewal: true\n    note: công nhận lại\n" in rating
    body = (root / "content/products/bac-kan/nam-vi-du.md").read_text(encoding="utf-8").split("---\n")[-1]
    assert body == ("Nấm Ví Dụ là sản phẩm của xã C, tỉnh Bắc Kạn. Sản phẩm được công nhận lại đạt 3 sao OCOP "
                    "(theo nguồn đưa tin tháng 3/2024).\n")
    check_passes(root)


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_help_is_vietnamese():
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "import", "--help"],
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0
    for words in ("Cách dùng:", "--reported-by", "--dry-run", "không ghi gì", "Nguồn (ghi vào quyết định"):
        assert words in result.stdout
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "import", "x.xlsx", "--province", "a",
                             "--level", "tỉnh", "--source-url", "https://a.vn/x"],
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 2 and "cần một trong: --date --reported-by" in result.stderr


# ---------------------------------------------------------------- all or nothing while writing

@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_a_failure_while_writing_removes_what_was_written(root):
    from ocop.importer import ImportFailed, plan_import, write_plan

    given = {"file": str(IMPORT), "province": "bac-kan", "date": "2025-06-20", "number": "9999/QĐ-UBND",
             "level": "tỉnh", "source_url": "https://example.com/qd"}
    plan = plan_import(given, root / "content", root)
    before = tree(root)
    blocker = root / "content/ratings/bac-kan"
    shutil.rmtree(blocker)
    blocker.write_text("not a folder", encoding="utf-8")  # the rating file (written last) cannot be written
    with pytest.raises(ImportFailed) as failure:
        write_plan(plan)
    assert f"không ghi được {RATING}" in failure.value.problems[0]
    blocker.unlink()
    assert {k: v for k, v in tree(root).items() if "/ratings/" not in k} == \
        {k: v for k, v in before.items() if "/ratings/" not in k}
    assert not list((root / "content").rglob("*.tmp"))
