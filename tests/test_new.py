"""`python build.py new product|rating|plan`, end to end: the command, then `check`, then a build."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT_DIR, build_site, minimal_content, read, write_content


def run(root: Path, *args: str, answers: str | None = None) -> subprocess.CompletedProcess:
    """Run build.py on root/content; answers (if any) are piped to stdin, else stdin is closed."""
    return subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), *args, "--content", str(root / "content")],
                          input=answers if answers is not None else "", capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


def check_passes(root: Path) -> None:
    result = run(root, "check", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "không có lỗi" in result.stdout


@pytest.fixture
def root(tmp_path) -> Path:
    write_content(tmp_path, minimal_content())
    return tmp_path


def test_new_product_from_options_passes_check_and_builds(root):
    result = run(root, "new", "product", "--no-input", "--name", "Chè Shan tuyết: loại đặc biệt",
                 "--province", "Bắc Kạn", "--producer", "Hợp tác xã Chè Thử", "--producer-kind", "hop tac xa",
                 "--group", "Đồ uống", "--source-url", "https://example.vn/che#muc-1", "--publisher", "Báo Thử")
    assert result.returncode == 0, result.stderr
    path = root / "content/products/bac-kan/che-shan-tuyet-loai-dac-biet.md"
    assert "Đã tạo content/products/bac-kan/che-shan-tuyet-loai-dac-biet.md (trang /san-pham/che-shan-tuyet-loai-dac-biet/)" \
        in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n# Sản phẩm OCOP.") and "\nname: \"Chè Shan tuyết: loại đặc biệt\"\n" in text
    assert "\n  kind: hợp tác xã\n" in text and "\ngroup: Đồ uống\n" in text
    assert "# Số sao KHÔNG ghi ở đây" in text
    check_passes(root)
    site = build_site(root)
    page = read(site, "/san-pham/che-shan-tuyet-loai-dac-biet/")
    assert "Chè Shan tuyết: loại đặc biệt" in page and "Hợp tác xã Chè Thử" in page


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_new_product_with_photos_makes_a_folder(root):
    result = run(root, "new", "product", "--no-input", "--name", "Mật ong Thử", "--province", "bac-kan",
                 "--source-title", "Bài báo thử", "--photos")
    assert result.returncode == 0, result.stderr
    text = (root / "content/products/bac-kan/mat-ong-thu/index.md").read_text(encoding="utf-8")
    assert "# photos:" in text and "#   - file: anh-san-pham.jpg" in text
    check_passes(root)


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_new_product_interactively_from_piped_answers(root):
    answers = "\n".join([
        "Chè Thử Nghiệm",  # name
        "bac kan",  # province, typed without diacritics and hyphen
        "",  # slug: accept the suggested che-thu-nghiem
        "HTX Chè Thử",  # producer
        "hop tac",  # producer kind: not a kind -> asked again
        "hợp tác xã",
        "Đồ uống",  # group
        "",  # locality: skip
        "https://example.vn/che",  # source url
        "",  # source title: skip (the url is enough)
        "",  # publisher: skip
    ]) + "\n"
    result = run(root, "new", "product", answers=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tên sản phẩm, như được công nhận: " in result.stdout
    assert "Tên tệp, cũng là địa chỉ trang /san-pham/<tên tệp>/ (slug) [che-thu-nghiem]: " in result.stdout
    assert "không có trong danh sách" in result.stdout, "a wrong answer is explained and asked again"
    text = (root / "content/products/bac-kan/che-thu-nghiem.md").read_text(encoding="utf-8")
    assert "\nproducer:\n  name: HTX Chè Thử\n  kind: hợp tác xã\n" in text
    assert "# locality:" in text, "a skipped optional field stays as a commented hint"
    check_passes(root)


def test_new_rating_from_options_gives_the_product_its_stars(root):
    result = run(root, "new", "rating", "--no-input", "--province", "bac-kan", "--date", "2025-03-04",
                 "--number", "12/QĐ-UBND", "--product", "tra-thu", "--product", "mien-dong-thu",
                 "--stars", "5", "--stars", "4", "--source-title", "Quyết định thử", "--issuer", "UBND tỉnh Bắc Kạn")
    assert result.returncode == 0, result.stderr
    path = root / "content/ratings/bac-kan/2025-03-04-12-qd-ubnd.yaml"
    text = path.read_text(encoding="utf-8")
    assert "number: 12/QĐ-UBND\n" in text and "date: 2025-03-04\n" in text and "level: tỉnh\n" in text
    assert "  - product: tra-thu\n    stars: 5\n  - product: mien-dong-thu\n    stars: 4\n" in text
    check_passes(root)
    page = read(build_site(root), "/san-pham/tra-thu/")
    assert "12/QĐ-UBND" in page


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_new_rating_interactively_with_unknown_number(root):
    answers = "\n".join([
        "bac-kan",  # province
        "2021",  # date: only the year is known
        "",  # number: unknown
        "bốn sản phẩm 4 sao",  # description for the file name
        "",  # level: accept tỉnh
        "",  # issuer: skip
        "mien-dong-thu",  # first product
        "6",  # stars out of range -> asked again
        "4",
        "tra-thu",
        "3",
        "",  # no more products
        "",  # source url: skip
        "Báo Thử đưa tin",  # source title
        "",  # publisher
    ]) + "\n"
    result = run(root, "new", "rating", answers=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "số sao '6' không đúng" in result.stdout
    text = (root / "content/ratings/bac-kan/2021-bon-san-pham-4-sao.yaml").read_text(encoding="utf-8")
    assert "# number: 1693/QĐ-UBND" in text and "date: 2021\n" in text
    assert "  - product: mien-dong-thu\n    stars: 4\n  - product: tra-thu\n    stars: 3\n" in text
    check_passes(root)


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_new_plan_from_options_and_interactively(root):
    result = run(root, "new", "plan", "--no-input", "--province", "bac-kan", "--title", "Kế hoạch OCOP năm 2025",
                 "--number", "9/KH-UBND", "--date", "2025-02", "--issuer", "UBND tỉnh Bắc Kạn",
                 "--source-url", "https://example.vn/ke-hoach")
    assert result.returncode == 0, result.stderr
    text = (root / "content/plans/bac-kan/2025-9-kh-ubnd.md").read_text(encoding="utf-8")
    assert "issued: 2025-02\n" in text and "period: 2025\n" in text and "# targets:" in text

    answers = "\n".join(["Thái Nguyên", "Đề án phát triển sản phẩm OCOP giai đoạn 2026-2030", "", "2026-05-20",
                         "de an ocop", "UBND tỉnh Thái Nguyên", "2026-2030", "", "Nguồn đề án", ""]) + "\n"
    result = run(root, "new", "plan", answers=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    text = (root / "content/plans/thai-nguyen/2026-de-an-ocop.md").read_text(encoding="utf-8")
    assert "period: 2026-2030\n" in text and "issued: 2026-05-20\n" in text
    check_passes(root)
    site = build_site(root)
    assert "Kế hoạch OCOP năm 2025" in read(site, "/ke-hoach/bac-kan/2025-9-kh-ubnd/")
    assert "Đề án phát triển sản phẩm OCOP" in read(site, "/ke-hoach/thai-nguyen/2026-de-an-ocop/")


# ---------------------------------------------------------------- refusals

def test_refuses_an_existing_product_slug_naming_the_file(root):
    result = run(root, "new", "product", "--no-input", "--name", "Trà Thử", "--province", "thai-nguyen",
                 "--source-title", "x")
    assert result.returncode == 1
    assert "sản phẩm 'tra-thu' đã có: content/products/bac-kan/tra-thu.md" in result.stderr
    assert "--slug tra-thu-ten-chu-the" in result.stderr
    assert not (root / "content/products/thai-nguyen").exists()


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_refuses_a_url_claimed_by_an_alias(root):
    files = minimal_content()
    files["products/bac-kan/tra-thu.md"] = files["products/bac-kan/tra-thu.md"].replace(
        "province: bac-kan\n", "province: bac-kan\naliases:\n  - /san-pham/tra-cu/\n")
    write_content(root, files)
    result = run(root, "new", "product", "--no-input", "--name", "Trà Cũ", "--province", "bac-kan",
                 "--source-title", "x")
    assert result.returncode == 1
    assert "địa chỉ /san-pham/tra-cu/ đã có: content/products/bac-kan/tra-thu.md:5 đang dùng nó" in result.stderr
    assert not (root / "content/products/bac-kan/tra-cu.md").exists()


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_refuses_an_existing_decision_and_plan(root):
    args = ["new", "rating", "--no-input", "--province", "bac-kan", "--date", "2022-08-22", "--number", "1/QĐ-UBND",
            "--product", "tra-thu", "--stars", "3", "--source-title", "x"]
    result = run(root, *args)
    assert result.returncode == 1
    assert "tệp content/ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml đã có" in result.stderr
    result = run(root, "new", "plan", "--no-input", "--province", "bac-kan", "--title", "T", "--number", "75/KH-UBND",
                 "--date", "2022-03-01", "--issuer", "UBND", "--source-title", "x")
    assert result.returncode == 1
    assert "địa chỉ /ke-hoach/bac-kan/2022-75-kh-ubnd/ đã có: content/plans/bac-kan/2022-75-kh-ubnd.md:1" \
        in result.stderr


def test_refuses_unknown_provinces_products_and_missing_facts(root):
    result = run(root, "new", "product", "--no-input", "--name", "X", "--province", "bac", "--source-title", "x")
    assert result.returncode == 1 and "--province: 'bac' không phải là tỉnh, thành phố nào; có phải là 'bac-kan'?" in result.stderr
    result = run(root, "new", "rating", "--no-input", "--province", "thai-nguyen", "--date", "2024",
                 "--number", "5/QĐ-UBND", "--product", "tra-thu", "--stars", "3", "--source-title", "x")
    assert result.returncode == 1
    assert "sản phẩm 'tra-thu' thuộc tỉnh 'bac-kan', không phải 'thai-nguyen'" in result.stderr
    result = run(root, "new", "rating", "--no-input", "--province", "bac-kan", "--date", "2024",
                 "--number", "5/QĐ-UBND", "--product", "tra-moi", "--stars", "3", "--source-title", "x")
    assert result.returncode == 1 and "chưa có sản phẩm 'tra-moi'" in result.stderr
    result = run(root, "new", "product", "--no-input", "--province", "bac-kan")
    assert result.returncode == 1 and "thiếu tên sản phẩm" in result.stderr and "--name" in result.stderr
    result = run(root, "new", "rating", "--no-input", "--province", "bac-kan", "--date", "2024-02-30")
    assert result.returncode == 1 and "--date: ngày '2024-02-30' không đúng" in result.stderr \
        and "không có ngày 30 trong tháng 02/2024 (tháng này có 29 ngày)" in result.stderr
    assert not (root / "content/ratings/thai-nguyen").exists()
    assert sorted(p.name for p in (root / "content/ratings/bac-kan").iterdir()) == \
        ["2022-08-22-1-qd-ubnd.yaml", "2024-05-02-9-qd-ubnd.yaml"]


@pytest.mark.slow  # one more run of the command: the fast tier keeps the main cases
def test_new_rating_of_the_merged_province_takes_products_it_absorbed(root):
    """bac-kan was merged into thai-nguyen on 2025-07-01: a later Thái Nguyên decision may re-recognise a
    former Bắc Kạn product, as check allows (a 2024 one may not: see the refusals above)."""
    result = run(root, "new", "rating", "--no-input", "--province", "thai-nguyen", "--date", "2025-09-01",
                 "--number", "77/QĐ-UBND", "--product", "tra-thu", "--stars", "4", "--source-title", "x")
    assert result.returncode == 0, result.stderr
    assert "  - product: tra-thu\n    stars: 4\n" in \
        (root / "content/ratings/thai-nguyen/2025-09-01-77-qd-ubnd.yaml").read_text(encoding="utf-8")
    check_passes(root)


def test_new_checks_facts_with_checks_own_words(root):
    """A wrong fact is refused in Vietnamese, with what `check` would say about it."""
    result = run(root, "new", "rating", "--no-input", "--province", "bac-kan", "--date", "22/08/2024")
    assert result.returncode == 1
    assert "--date: ngày '22/08/2024' không đúng" in result.stderr
    assert "'date' '22/08/2024' phải viết năm trước: viết 2024-08-22" in result.stderr
    result = run(root, "new", "rating", "--no-input", "--province", "bac-kan", "--date", "2024", "--number", "5",
                 "--product", "tra-thu", "--stars", "7", "--source-title", "x")
    assert result.returncode == 1 and "hạng sao (stars) phải từ 1 đến 5, đang ghi 7; kiểm tra lại quyết định" in result.stderr
    result = run(root, "new", "product", "--no-input", "--name", "X", "--province", "bac-kan", "--producer", "A",
                 "--producer-kind", "htx", "--source-title", "x")
    assert result.returncode == 1 and "có phải là 'hợp tác xã'?" in result.stderr
    assert not (root / "content/products/bac-kan/x.md").exists()


@pytest.mark.slow  # checks the bundled content, which grows
def test_new_on_the_bundled_content(tmp_path):
    """The real content: a new product and its decision under a merged province pass check."""
    shutil.copytree(PROJECT_DIR / "content", tmp_path / "content")
    assert run(tmp_path, "new", "product", "--no-input", "--name", "Sản phẩm thử nghiệm", "--province", "bac-kan",
               "--source-title", "Nguồn thử").returncode == 0
    assert run(tmp_path, "new", "rating", "--no-input", "--province", "bac-kan", "--date", "2025-06",
               "--slug", "thu-nghiem", "--product", "san-pham-thu-nghiem", "--stars", "3",
               "--source-title", "Nguồn thử").returncode == 0
    assert (tmp_path / "content/ratings/bac-kan/2025-06-thu-nghiem.yaml").is_file()
    check_passes(tmp_path)
    result = run(tmp_path, "new", "product", "--no-input", "--name", "Miến dong Tài Hoan", "--province", "bac-kan",
                 "--source-title", "x")
    assert result.returncode == 1
    assert "content/products/bac-kan/mien-dong-tai-hoan.md" in result.stderr
