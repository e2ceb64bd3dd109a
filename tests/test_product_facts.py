"""The optional facts of issue 15 (part 2): certificate number, the parts of the score, the producer's
address and public contact, where to buy, and the decision's PDF kept beside its rating record.

Unknown stays unknown: a product without them shows and exports none of them.
"""
from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path

import pytest

from conftest import build_site, check_content, make_config, minimal_content, product_md, rating_yaml, read, write_content
from ocop.build import build
from ocop.dates import PartialDate
from ocop.errors import BuildFailed
from ocop.model import Contact, PlaceToBuy
from ocop.schema import Field
from ocop.validate import possible_sheets, score_parts_problems, value_problem

PDF = b"%PDF-1.4\n% van ban quyet dinh thu\n" + b"0" * 4000 + b"\n%%EOF\n"
RATING = "ratings/bac-kan/2024-05-02-9-qd-ubnd.yaml"
PDF_FILE = "ratings/bac-kan/2024-05-02-9-qd-ubnd.pdf"
PDF_URL = "/quyet-dinh/bac-kan/2024-05-02-9-qd-ubnd.pdf"

PRODUCER = """\
locality: Na Rì
producer:
  name: Hợp tác xã Thử
  kind: hợp tác xã
  address: thôn Chè Thử, xã Côn Thử
  contact:
    phone: "0209 3870 123"
    email: htx.thu@example.vn
    website: https://htx-thu.example.vn/gioi-thieu
group: Thực phẩm
where_to_buy:
  - name: Điểm bán sản phẩm OCOP Bắc Kạn
    address: tổ 1, phường Đức Xuân
  - title: Gian hàng Thử
    url: https://shop.example.vn/htx-thu
  - url: https://cho.example.vn/mien-dong
"""
ENTRY = """\
    score: 78.5
    score_parts:
      community: 30
      marketing: 20
      quality: 28.5
    certificate: "125/GCN-UBND"
"""


def facts_content() -> dict:
    files = minimal_content()
    files["products/bac-kan/mien-dong-thu.md"] = product_md("Miến dong Thử", "bac-kan", extra=PRODUCER)
    files[RATING] = files[RATING].replace("    stars: 4\n", "    stars: 4\n" + ENTRY)
    files[PDF_FILE] = PDF
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("facts"), facts_content())


def text_of(page: str) -> str:
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.S)  # what people read, not the JSON-LD
    text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r"\s+([.,;)])", r"\1", text)


# ---------------------------------------------------------------- the product page

def test_the_product_page_shows_each_fact_once(site):
    page = read(site, "/san-pham/mien-dong-thu/")
    text = text_of(page)
    assert "Địa chỉ chủ thể thôn Chè Thử, xã Côn Thử" in text
    assert '<a href="tel:+842093870123">0209 3870 123</a>' in page
    assert '<a href="mailto:htx.thu@example.vn">htx.thu@example.vn</a>' in page
    assert '<a href="https://htx-thu.example.vn/gioi-thieu" rel="noopener">htx-thu.example.vn</a>' in page
    assert '<h2 id="noi-mua">Nơi mua</h2>' in page
    assert "Điểm bán sản phẩm OCOP Bắc Kạn tổ 1, phường Đức Xuân" in text
    assert '<a href="https://shop.example.vn/htx-thu" rel="noopener">Gian hàng Thử</a> <small>(shop.example.vn)</small>' \
        in page
    assert '<a href="https://cho.example.vn/mien-dong" rel="noopener">cho.example.vn</a>' in page, \
        "a link without a title shows its host"
    assert "Giấy chứng nhận số 125/GCN-UBND." in text
    assert ("Điểm từng phần: phần A (sản phẩm và sức mạnh cộng đồng) 30/40; phần B (khả năng tiếp thị) 20/25; "
            "phần C (chất lượng sản phẩm) 28,50/35 (phiếu đánh giá theo Quyết định 148/QĐ-TTg).") in text
    for fact in ("0209 3870 123", "125/GCN-UBND", "thôn Chè Thử", "Xem văn bản quyết định (PDF)"):
        assert text.count(fact) == 1, f"{fact!r} is shown in one place only"


def test_the_decision_pdf_is_copied_and_linked_where_the_decision_is_shown(site):
    assert (site / PDF_URL.lstrip("/")).read_bytes() == PDF
    page = read(site, "/san-pham/mien-dong-thu/")
    assert ('<a href="../../quyet-dinh/bac-kan/2024-05-02-9-qd-ubnd.pdf" type="application/pdf">Xem văn bản quyết '
            'định (PDF)</a> <small>4 KB</small>') in page
    item = page.split('id="cong-nhan-bac-kan-2024-05-02-9-qd-ubnd"')[1].split("</li>")[0]
    assert "Xem văn bản quyết định (PDF)" in item, "under the decision it belongs to"
    for feed in ("/feed.xml", "/tinh/bac-kan/feed.xml", "/tinh/thai-nguyen/feed.xml"):
        assert (f'<link rel="related" type="application/pdf" title="Xem văn bản quyết định (PDF)" '
                f'href="https://ocop.example.test{PDF_URL}"/>') in read(site, feed), feed


def test_a_product_without_the_facts_shows_none_of_them(site):
    page = read(site, "/san-pham/tra-thu/")  # its one decision (2022) has no PDF beside it
    for absent in ("Địa chỉ chủ thể", "Liên hệ chủ thể", "Nơi mua", "Giấy chứng nhận", "Điểm từng phần",
                   "Xem văn bản quyết định", "tel:", "mailto:"):
        assert absent not in page, absent


def test_the_pdf_is_not_a_page_of_the_ledger(tmp_path):
    write_content(tmp_path, facts_content())
    report = build(make_config(tmp_path))
    assert not [url for url in report.new_urls if url.startswith("/quyet-dinh/")]
    assert (tmp_path / "site" / PDF_URL.lstrip("/")).is_file()


def test_a_pdf_beside_a_product_or_a_plan_is_not_read(tmp_path):
    files = minimal_content()
    files["products/bac-kan/tra-thu/index.md"] = files.pop("products/bac-kan/tra-thu.md")
    files["products/bac-kan/tra-thu/chung-nhan.pdf"] = PDF
    files["plans/bac-kan/2022-75-kh-ubnd.pdf"] = PDF
    with pytest.raises(BuildFailed) as failure:
        check_content(tmp_path, files)
    assert sorted(e.path for e in failure.value.errors) == [
        "content/plans/bac-kan/2022-75-kh-ubnd.pdf", "content/products/bac-kan/tra-thu/chung-nhan.pdf"]


# ---------------------------------------------------------------- the score's parts

def day(text: str) -> PartialDate:
    return PartialDate.parse(text)


def test_the_scoring_sheet_follows_the_decision_date():
    assert [s.decision for s in possible_sheets(day("2024-05-02"), None)] == ["148/QĐ-TTg"]
    assert [s.decision for s in possible_sheets(day("2021-06-01"), None)] == ["1048/QĐ-TTg"]
    # signed within six months after 24/2/2023: scored on either sheet
    assert [s.decision for s in possible_sheets(day("2023-05-10"), None)] == ["1048/QĐ-TTg", "148/QĐ-TTg"]
    assert [s.decision for s in possible_sheets(day("2023"), None)] == ["1048/QĐ-TTg", "148/QĐ-TTg"]
    assert possible_sheets(day("2018-12-20"), None) == (), "the programme's first rounds: no sheet known here"
    assert [s.decision for s in possible_sheets(None, day("2022-03"))] == ["1048/QĐ-TTg"]


@pytest.mark.parametrize("date, parts, problem", [
    ("2024-05-02", (30, 20, 28.5), None),
    ("2021-06-01", (30, 10, 38.5), None),  # C up to 40 under 1048/QĐ-TTg
    ("2024-05-02", (30, 10, 38.5), "'quality' (phần chất lượng sản phẩm) phải từ 0 đến 35 điểm"),
    ("2021-06-01", (38.5, 10, 30), "'community' (phần sản phẩm và sức mạnh cộng đồng) phải từ 0 đến 35 điểm"),
    ("2023-05-10", (30, 10, 38.5), None),  # the transition: either sheet
    ("2018-12-20", (50, 10, 18.5), None),  # no sheet known: the sum only
])
def test_each_part_stays_within_the_maximum_of_its_sheet(date, parts, problem):
    found = score_parts_problems(dict(zip(("community", "marketing", "quality"), parts)), 78.5,
                                 possible_sheets(day(date), None))
    messages = [message for _, message in found]
    if problem is None:
        assert messages == []
    else:
        assert len(messages) == 1 and problem in messages[0], messages


def test_the_parts_may_carry_decimals_and_add_up_to_the_score():
    parts = {"community": 33.33, "marketing": 23.5, "quality": 34.31}
    assert score_parts_problems(parts, 91.14, possible_sheets(day("2024"), None)) == []
    assert score_parts_problems(parts, 91.2, possible_sheets(day("2024"), None))[0][1].startswith(
        "ba phần của score_parts cộng lại được 91.14 điểm, khác với score 91.2")


def test_a_decision_of_the_transition_shows_its_parts_without_a_maximum(tmp_path):
    files = minimal_content()
    files["ratings/bac-kan/2023-04-3-qd-ubnd.yaml"] = rating_yaml([("tra-thu", 3)], date="2023-04", number="3/QĐ-UBND") \
        .replace("    stars: 3\n", "    stars: 3\n    score: 65\n    score_parts:\n      community: 20\n"
                                   "      marketing: 7\n      quality: 38\n")
    site = build_site(tmp_path, files)
    text = text_of(read(site, "/san-pham/tra-thu/"))
    # April 2023: either sheet may apply, so the page gives the points without a maximum
    assert "Điểm từng phần: phần A (sản phẩm và sức mạnh cộng đồng) 20; phần B (khả năng tiếp thị) 7; " \
           "phần C (chất lượng sản phẩm) 38." in text


# ---------------------------------------------------------------- contact formats

PHONE = Field("phone", "phone")
EMAIL = Field("email", "email")


@pytest.mark.parametrize("phone", ["0209 3870 123", "+84 209 3870 123", "(0209) 3870.123", "0912-345-678",
                                   "1800 1234", "024 3823 1234"])
def test_phone_numbers_as_sources_write_them(phone):
    assert value_problem(PHONE, phone) is None


@pytest.mark.parametrize("phone", ["0209 387", "0912 345 678 - 0209 387 0123", "số 0912345678", "0912345678 (Lan)",
                                   912345678])
def test_what_is_not_one_phone_number_is_refused(phone):
    assert value_problem(PHONE, phone)


@pytest.mark.parametrize("email, good", [("htx.thu@example.vn", True), ("lien-he@htx-thu.com.vn", True),
                                         ("mailto:a@b.vn", False), ("a@b", False), ("a b@c.vn", False),
                                         ("a@b.vn, c@d.vn", False)])
def test_email_addresses(email, good):
    assert (value_problem(EMAIL, email) is None) == good


def test_links_made_of_the_contact():
    assert Contact("0209 3870 123", None, None).phone_link == "tel:+842093870123"
    assert Contact("+84 912 345 678", None, None).phone_link == "tel:+84912345678"
    assert Contact("1800 1234", None, None).phone_link == "tel:18001234"
    assert Contact(None, None, "https://www.htx.vn/a").website_host == "htx.vn"
    assert PlaceToBuy(None, None, None, "https://shopee.vn/htx").label == "shopee.vn"
    assert PlaceToBuy(None, None, "Gian hàng", "https://shopee.vn/htx").label == "Gian hàng"


def test_the_build_date_does_not_change_the_parts(tmp_path):
    """The sheet is a fact of the decision's date, never of the day the site is built."""
    files = facts_content()
    early = build_site(tmp_path / "a", files, build_date=dt.date(2024, 6, 1))
    late = build_site(tmp_path / "b", files, build_date=dt.date(2031, 1, 1))
    for site in (early, late):
        assert "28,50/35" in read(site, "/san-pham/mien-dong-thu/")
