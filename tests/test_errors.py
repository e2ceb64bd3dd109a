"""The catalogue of content errors: one small fixture per mistake an editor can make.

Each case starts from the valid tree of conftest.minimal_content(), changes one or two
files, runs the real load + validate stages, and asserts the EXACT `path:line` of the
error and the fix its message names. docs/errors.md lists the same catalogue for editors.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import textwrap
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from conftest import (build_site, make_config, minimal_content, product_md, province_yaml,
                      rating_yaml, write_content)
from ocop import schema
from ocop.build import check
from ocop.config import PROJECT_DIR
from ocop.errors import BuildFailed, ContentError
from ocop.markdown_render import to_html


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# A product file whose lines are easy to count (line numbers in the comments below).
PRODUCT = dedent("""
    ---
    name: Trà Thử
    province: bac-kan
    producer:
      name: Hợp tác xã Thử
      kind: hợp tác xã
    group: Đồ uống
    sources:
      - title: Nguồn thử nghiệm
    ---
    Mô tả sản phẩm.
    """)
#  1 ---            5 name: HTX     9 - title
#  2 name           6 kind          10 ---
#  3 province       7 group         11 body
#  4 producer:      8 sources:

RATING = dedent("""
    number: 1/QĐ-UBND
    date: 2022-08-22
    level: tỉnh
    sources:
      - title: Nguồn thử nghiệm
    entries:
      - product: mien-dong-thu
        stars: 3
        score: 65
      - product: tra-thu
        stars: 4
    """)
#  1 number   4 sources:   7 - product: mien-dong-thu   10 - product: tra-thu
#  2 date     5 - title    8   stars: 3                  11   stars: 4
#  3 level    6 entries:   9   score: 65

PLAN = dedent("""
    ---
    title: Kế hoạch thử năm 2022
    number: 75/KH-UBND
    issuer: UBND tỉnh Bắc Kạn
    issued: 2022-02-11
    period: 2022
    sources:
      - title: Nguồn kế hoạch
    targets:
      - text: Ít nhất 20 sản phẩm mới đạt 3 sao trở lên.
        measure: new
        stars: 3
        comparison: at_least
        value: 20
    ---
    Nội dung kế hoạch.
    """)
#  1 ---     4 issuer   7 sources:  10 - text      13 comparison   16 body
#  2 title   5 issued   8 - title   11 measure     14 value
#  3 number  6 period   9 targets:  12 stars       15 ---

PRODUCT_PATH = "products/bac-kan/tra-thu.md"
RATING_PATH = "ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml"
PDF_PATH = "ratings/bac-kan/2022-08-22-1-qd-ubnd.pdf"  # the decision's text beside its record
PDF = b"%PDF-1.4\n% quyet dinh thu\n%%EOF\n"
PLAN_PATH = "plans/bac-kan/2022-75-kh-ubnd.md"
PROVINCE_PATH = "provinces/thai-nguyen.yaml"
MERGED_PATH = "provinces/bac-kan.yaml"


def swap(text: str, old: str, new: str) -> str:
    """Replace exactly one occurrence (a typo in a fixture must fail loudly, not silently)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def with_contact(line: str) -> str:
    """PRODUCT with a producer contact of one line (the line is line 8)."""
    return swap(PRODUCT, "  kind: hợp tác xã\n", f"  kind: hợp tác xã\n  contact:\n    {line}\n")


def with_where_to_buy(item: str) -> str:
    """PRODUCT with a where_to_buy list of one item (its first line is line 9)."""
    return swap(PRODUCT, "group: Đồ uống\n", f"group: Đồ uống\nwhere_to_buy:\n{item}")


def with_score_parts(community, marketing, quality, entry: str = "    score: 65\n") -> str:
    """RATING with score_parts after `entry` (a line of the entry; score_parts is the next line)."""
    return swap(RATING, entry, f"{entry}    score_parts:\n      community: {community}\n"
                               f"      marketing: {marketing}\n      quality: {quality}\n")


def big_pdf(root: Path) -> None:
    """A 21 MB PDF beside the decision (sparse: nothing is really written)."""
    with open(root / "content" / PDF_PATH, "wb") as out:
        out.write(PDF)
        out.truncate(21_000_000)


def outside_target(root: Path) -> Path:
    """A folder beside content/ (inside the project, outside content/)."""
    outside = root / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(product_md("Bí mật", "bac-kan"), encoding="utf-8")
    return outside


@dataclass(frozen=True)
class Case:
    id: str
    files: dict  # relative to content/ -> text, bytes, or None to delete the file
    path: str  # the file the error must name, relative to content/
    line: int  # the line it must name (0: the file as a whole)
    fix: tuple  # fragments the message must contain: the fix it tells the editor
    setup: Callable[[Path], None] | None = field(default=None, compare=False)


CASES = [
    # ------------------------------------------------------------ reading files
    Case("yaml-bad-indentation",
         {PROVINCE_PATH: swap(province_yaml("thai-nguyen", "Thái Nguyên"), "kind: tỉnh", "  kind: tỉnh")},
         PROVINCE_PATH, 3, ("thụt lề khác", "cùng số dấu cách")),
    Case("yaml-bad-indentation-nested",
         {PRODUCT_PATH: swap(PRODUCT, "  kind: hợp tác xã", " kind: hợp tác xã")},
         PRODUCT_PATH, 6, ("thụt lề khác", "cùng số dấu cách")),
    Case("yaml-unclosed-quote",
         {PRODUCT_PATH: swap(PRODUCT, "name: Trà Thử", 'name: "Trà Thử')},
         PRODUCT_PATH, 2, ('thêm dấu " ở cuối giá trị',)),
    Case("yaml-colon-in-value",
         {PLAN_PATH: swap(PLAN, "title: Kế hoạch thử năm 2022", "title: Kế hoạch: thử năm 2022")},
         PLAN_PATH, 2, ("trong dấu ngoặc kép", 'title: "Kế hoạch: thử năm 2022"')),
    Case("yaml-quote-ends-early",
         {PLAN_PATH: swap(PLAN, "title: Kế hoạch thử năm 2022", 'title: "OCOP" thử năm 2022')},
         PLAN_PATH, 2, ("phải kết thúc bằng chính dấu ngoặc đó", """title: '"OCOP" thử năm 2022'""")),
    Case("yaml-field-without-colon",
         {PROVINCE_PATH: swap(province_yaml("thai-nguyen", "Thái Nguyên"), "kind: tỉnh", "kind tỉnh")},
         PROVINCE_PATH, 3, ("thiếu dấu ':'", "'tên: giá trị'")),
    Case("yaml-value-starts-with-special",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống", "group: `Đồ uống`")},
         PRODUCT_PATH, 7, ("không được bắt đầu bằng '`'", "trong dấu ngoặc kép")),
    Case("yaml-two-documents",
         {PROVINCE_PATH: swap(province_yaml("thai-nguyen", "Thái Nguyên"), "kind: tỉnh\n", "kind: tỉnh\n---\n")},
         PROVINCE_PATH, 4, ("dòng '---' thứ hai", "xóa dòng '---' thừa")),
    Case("yaml-tab",
         {PRODUCT_PATH: swap(PRODUCT, "  kind: hợp tác xã", "\tkind: hợp tác xã")},
         PRODUCT_PATH, 6, ("ký tự Tab", "dấu cách")),
    Case("yaml-duplicate-key",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống\n", "group: Đồ uống\nname: Trà Thử 2\n")},
         PRODUCT_PATH, 8, ("'name' được viết hai lần", "dòng 2", "xóa một")),
    Case("yaml-anchors-and-aliases",
         {RATING_PATH: "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" + RATING},
         RATING_PATH, 1, ("ký hiệu & hoặc *", "viết đầy đủ giá trị")),
    Case("yaml-python-tag",
         {RATING_PATH: swap(RATING, "number: 1/QĐ-UBND", 'number: !!python/object/apply:os.system ["echo"]')},
         RATING_PATH, 1, ("'!!python/object/apply:os.system'", "xóa '!!python/object/apply'")),
    Case("yaml-nested-too-deep",
         {RATING_PATH: RATING + "note: " + "[" * 500 + "]" * 500 + "\n"},
         RATING_PATH, 12, ("lồng nhau quá 20 tầng", "kiểm tra thụt lề")),
    Case("file-too-large",
         {PRODUCT_PATH: PRODUCT + ("Một đoạn mô tả rất dài. " * 45_000)},
         PRODUCT_PATH, 0, ("1,6 MB, quá mức 1 MB", "sources")),
    Case("front-matter-missing",
         {PRODUCT_PATH: PRODUCT.split("---\n", 2)[2]},
         PRODUCT_PATH, 1, ("bắt đầu bằng một dòng '---'",)),
    Case("front-matter-not-closed",
         {PRODUCT_PATH: PRODUCT.replace("---\nMô tả", "Mô tả")},
         PRODUCT_PATH, 1, ("thêm một dòng '---'",)),
    Case("not-utf8",
         {PRODUCT_PATH: PRODUCT.replace("Trà Thử", "Tra Thu").encode("utf-8").replace(b"Thu", b"Th\xf9")},
         PRODUCT_PATH, 2, ("bảng mã UTF-8", "lưu lại")),
    Case("yaml-not-fields",
         {PROVINCE_PATH: "- name: Thái Nguyên\n- slug: thai-nguyen\n"},
         PROVINCE_PATH, 1, ("'tên: giá trị'", "một danh sách")),
    # YAML sees these mistakes a line or more further down; the message names the line where they are
    Case("yaml-colon-missing-first-field",
         {PRODUCT_PATH: swap(PRODUCT, "name: Trà Thử", "name Trà Thử")},
         PRODUCT_PATH, 2, ("thiếu dấu ':'", "'tên: giá trị'")),
    Case("yaml-colon-missing-before-group",
         {PRODUCT_PATH: swap(PRODUCT, "producer:", "producer")},
         PRODUCT_PATH, 4, ("thiếu dấu ':'",)),
    Case("yaml-colon-missing-in-list",
         {RATING_PATH: swap(RATING, "  - product: mien-dong-thu", "  - product mien-dong-thu")},
         RATING_PATH, 7, ("thiếu dấu ':'",)),
    Case("yaml-no-space-after-colon",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống", "group:Đồ uống")},
         PRODUCT_PATH, 7, ("sau dấu ':' cần một dấu cách", "group: Đồ uống")),
    Case("yaml-dash-without-space",
         {RATING_PATH: swap(RATING, "  - product: mien-dong-thu", "  -product: mien-dong-thu")},
         RATING_PATH, 7, ("sau dấu '-' ở đầu mục cần một dấu cách", "- product: mien-dong-thu")),
    Case("yaml-unclosed-quote-before-a-quoted-value",
         {PRODUCT_PATH: swap(swap(PRODUCT, "name: Trà Thử", 'name: "Trà Thử'), "group: Đồ uống", 'group: "Đồ uống"')},
         PRODUCT_PATH, 2, ('dấu ngoặc " mở ở dòng này chưa được đóng',)),
    Case("yaml-unclosed-single-quote-in-group",
         {PRODUCT_PATH: swap(PRODUCT, "  name: Hợp tác xã Thử", "  name: 'Hợp tác xã Thử")},
         PRODUCT_PATH, 5, ("dấu ngoặc ' mở ở dòng này chưa được đóng", "thêm dấu ' ở cuối giá trị")),

    # ------------------------------------------------------------ fields
    Case("name-is-a-number",
         {PRODUCT_PATH: swap(PRODUCT, "name: Trà Thử", "name: 555")},
         PRODUCT_PATH, 2, ("'name' phải là chữ", 'đặt trong dấu ngoặc kép: name: "555"')),
    Case("unknown-field-did-you-mean",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống", "gruop: Đồ uống")},
         PRODUCT_PATH, 7, ("không có trường 'gruop'", "có phải là 'group'")),
    Case("unknown-field-for-required",
         {PRODUCT_PATH: swap(PRODUCT, "province: bac-kan", "provice: bac-kan")},
         PRODUCT_PATH, 3, ("không có trường 'provice'", "có phải là 'province'")),
    Case("missing-required-field",
         {PRODUCT_PATH: swap(PRODUCT, "name: Trà Thử\n", "")},
         PRODUCT_PATH, 2, ("thiếu trường bắt buộc 'name'", "thêm một dòng 'name:")),
    Case("missing-required-nested",
         {PRODUCT_PATH: swap(PRODUCT, "  name: Hợp tác xã Thử\n", "")},
         PRODUCT_PATH, 4, ("'name' trong producer", "thêm một dòng 'name:")),
    Case("wrong-type-text-for-number",
         {RATING_PATH: swap(RATING, "stars: 4", "stars: bốn")},
         RATING_PATH, 11, ("'stars' của sản phẩm thứ 2 trong danh sách entries", "số nguyên", "'bốn'", "chữ số")),
    Case("wrong-type-text-for-number-plan",
         {PLAN_PATH: swap(PLAN, "value: 20", "value: hai mươi")},
         PLAN_PATH, 14, ("'value' của chỉ tiêu thứ 1 trong danh sách targets", "một số", "chữ số")),
    Case("wrong-type-list-for-map",
         {PRODUCT_PATH: swap(PRODUCT, "  name: Hợp tác xã Thử\n  kind: hợp tác xã",
                             "  - name: Hợp tác xã Thử\n    kind: hợp tác xã")},
         PRODUCT_PATH, 4, ("'producer'", "xóa '- '")),
    Case("wrong-type-map-for-list",
         {PRODUCT_PATH: swap(PRODUCT, "  - title: Nguồn thử nghiệm", "  title: Nguồn thử nghiệm")},
         PRODUCT_PATH, 8, ("'sources' phải là một danh sách", "'- '")),
    Case("sources-empty",
         {PRODUCT_PATH: swap(PRODUCT, "sources:\n  - title: Nguồn thử nghiệm", "sources: []")},
         PRODUCT_PATH, 8, ("'sources' đang trống", "thêm ít nhất một")),
    Case("source-without-title-or-url",
         {PRODUCT_PATH: swap(PRODUCT, "  - title: Nguồn thử nghiệm", "  - publisher: Báo Thử")},
         PRODUCT_PATH, 9, ("nguồn thứ 1 trong danh sách sources", "'title' hoặc 'url'")),
    Case("entries-empty",
         {RATING_PATH: RATING.split("entries:")[0] + "entries: []\n"},
         RATING_PATH, 6, ("'entries' đang trống", "thêm ít nhất một")),
    Case("wrong-type-text-for-list",
         {RATING_PATH: RATING.split("entries:")[0] + "entries: mien-dong-thu\n"},
         RATING_PATH, 6, ("'entries' phải là một danh sách", "'- '")),
    Case("certificate-is-a-number",
         {RATING_PATH: swap(RATING, "    score: 65\n", "    score: 65\n    certificate: 125\n")},
         RATING_PATH, 10, ("'certificate' của sản phẩm thứ 1 trong danh sách entries phải là chữ",
                           'certificate: "125"')),

    # ------------------------------------------------------------ the producer's contact, where to buy
    Case("producer-phone-too-short",
         {PRODUCT_PATH: with_contact('phone: "0209 387"')},
         PRODUCT_PATH, 8, ("'phone' trong contact của producer phải là một số điện thoại", "8 đến 11 chữ số",
                           "'0209 387'", 'phone: "0209 3870 123"')),
    Case("producer-phone-as-number",
         {PRODUCT_PATH: with_contact("phone: 0241234567")},
         PRODUCT_PATH, 8, ("trong dấu ngoặc kép", "số 0 ở đầu bị mất", 'phone: "0209 3870 123"')),
    Case("producer-email-invalid",
         {PRODUCT_PATH: with_contact("email: htx thu@example")},
         PRODUCT_PATH, 8, ("'email' trong contact của producer phải là một địa chỉ thư điện tử",
                           "'htx thu@example'")),
    Case("producer-website-not-a-url",
         {PRODUCT_PATH: with_contact("website: www.htxthu.vn")},
         PRODUCT_PATH, 8, ("'website' trong contact của producer phải là địa chỉ web bắt đầu bằng http://",)),
    Case("where-to-buy-place-and-link",
         {PRODUCT_PATH: with_where_to_buy("  - name: Cửa hàng Thử\n    url: https://shop.example.vn/thu\n")},
         PRODUCT_PATH, 9, ("nơi bán thứ 1 trong danh sách where_to_buy vừa là điểm bán", "tách thành hai mục")),
    Case("where-to-buy-link-without-url",
         {PRODUCT_PATH: with_where_to_buy("  - title: Gian hàng Thử\n")},
         PRODUCT_PATH, 9, ("là một liên kết nhưng thiếu 'url'", "url: https://")),
    Case("where-to-buy-place-without-name",
         {PRODUCT_PATH: with_where_to_buy("  - address: số 1 đường Thử\n")},
         PRODUCT_PATH, 9, ("là một điểm bán nhưng thiếu 'name'", "name: ...")),

    # ------------------------------------------------------------ references
    Case("unknown-province-product",
         {PRODUCT_PATH: swap(PRODUCT, "province: bac-kan", "province: bac-can")},
         PRODUCT_PATH, 3, ("'bac-can' không phải là tỉnh, thành phố nào", "có phải là 'bac-kan'?")),
    Case("unknown-province-merged-into",
         {MERGED_PATH: swap(province_yaml("bac-kan", "Bắc Kạn", merged_into="thai-nguyen"),
                            "merged_into: thai-nguyen", "merged_into: thai-nguyem")},
         MERGED_PATH, 5, ("'thai-nguyem' không phải là tỉnh", "có phải là 'thai-nguyen'")),
    Case("unknown-province-rating-folder",
         {RATING_PATH: None, "ratings/bac-can/2022-08-22-1-qd-ubnd.yaml": RATING},
         "ratings/bac-can/2022-08-22-1-qd-ubnd.yaml", 0,
         ("thư mục 'bac-can' không phải là tỉnh", "có phải là 'bac-kan'", "content/ratings/bac-kan/")),
    Case("unknown-province-plan-folder",
         {PLAN_PATH: None, "plans/bac-can/2022-75-kh-ubnd.md": PLAN},
         "plans/bac-can/2022-75-kh-ubnd.md", 0,
         ("thư mục 'bac-can' không phải là tỉnh", "có phải là 'bac-kan'", "content/plans/bac-kan/")),
    Case("unknown-province-product-folder",
         {PRODUCT_PATH: None, "products/bac-can/tra-thu.md": PRODUCT},
         "products/bac-can/tra-thu.md", 0,
         ("thư mục 'bac-can' không phải là tỉnh", "chuyển tệp vào content/products/bac-kan/")),
    Case("unknown-product-in-rating",
         {RATING_PATH: swap(RATING, "product: tra-thu", "product: tra-thuu")},
         RATING_PATH, 10, ("không có sản phẩm 'tra-thuu'", "có phải là 'tra-thu' (Trà Thử)")),
    Case("product-in-wrong-province-folder",
         {PRODUCT_PATH: None, "products/thai-nguyen/tra-thu.md": PRODUCT},
         "products/thai-nguyen/tra-thu.md", 3,
         ("không khớp với thư mục 'thai-nguyen'", "chuyển tệp vào content/products/bac-kan/")),
    Case("rating-in-wrong-province-folder",
         {"ratings/thai-nguyen/2023-1-qd-ubnd.yaml": rating_yaml([("tra-thu", 4)], date="2023")},
         "ratings/thai-nguyen/2023-1-qd-ubnd.yaml", 8,
         ("thuộc tỉnh 'bac-kan'", "content/ratings/bac-kan/")),

    # ------------------------------------------------------------ allowed values
    Case("unknown-enum-group",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống", "group: Do uong")},
         PRODUCT_PATH, 7, ("'group'", "có phải là 'Đồ uống'")),
    Case("unknown-enum-level",
         {RATING_PATH: swap(RATING, "level: tỉnh", "level: tinh")},
         RATING_PATH, 3, ("'level'", "có phải là 'tỉnh'")),
    Case("unknown-enum-producer-kind",
         {PRODUCT_PATH: swap(PRODUCT, "kind: hợp tác xã", "kind: HTX")},
         PRODUCT_PATH, 6, ("'kind' trong producer", "có phải là 'hợp tác xã'")),
    Case("unknown-enum-region",
         {PROVINCE_PATH: swap(province_yaml("thai-nguyen", "Thái Nguyên"), "region: Trung du và miền núi phía Bắc",
                              "region: Miền núi phía Bắc")},
         PROVINCE_PATH, 4, ("'region'", "có phải là 'Trung du và miền núi phía Bắc'")),
    Case("unknown-enum-no-suggestion",
         {RATING_PATH: swap(RATING, "level: tỉnh", "level: xyz")},
         RATING_PATH, 3, ("'level'", "viết một trong các giá trị: tỉnh, trung ương, huyện")),

    # ------------------------------------------------------------ addresses
    Case("duplicate-product-slug-across-provinces",
         {"products/thai-nguyen/tra-thu.md": product_md("Trà Thử khác", "thai-nguyen")},
         "products/thai-nguyen/tra-thu.md", 0,
         ("(slug) 'tra-thu' đã được dùng cho content/products/bac-kan/tra-thu.md", "đổi tên một")),
    Case("duplicate-product-slug-with-a-decision-of-the-second-province",
         {"products/thai-nguyen/tra-thu.md": product_md("Trà Thử khác", "thai-nguyen"),
          "ratings/thai-nguyen/2024-05-02-2-qd-ubnd.yaml": rating_yaml([("tra-thu", 3)], date="2024-05-02",
                                                                       number="2/QĐ-UBND")},
         "products/thai-nguyen/tra-thu.md", 0, ("'tra-thu' đã được dùng cho", "đổi tên một")),
    Case("province-written-as-a-name",
         {PRODUCT_PATH: swap(PRODUCT, "province: bac-kan", "province: Bắc Kạn")},
         PRODUCT_PATH, 3, ("'province' phải viết như tên tệp/địa chỉ trang (slug)", "viết 'bac-kan'")),
    Case("duplicate-url-alias-vs-page",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống\n", "group: Đồ uống\naliases:\n  - /san-pham/mien-dong-thu/\n")},
         PRODUCT_PATH, 9, ("/san-pham/mien-dong-thu/ đã được dùng", "content/products/bac-kan/mien-dong-thu.md",
                           "xóa địa chỉ cũ này")),
    Case("duplicate-url-alias-vs-alias",
         {"products/bac-kan/mien-dong-thu.md": product_md("Miến dong Thử", "bac-kan",
                                                          extra="aliases:\n  - /san-pham/ten-cu/\n"),
          PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống\n", "group: Đồ uống\naliases:\n  - /san-pham/ten-cu\n")},
         PRODUCT_PATH, 9, ("/san-pham/ten-cu/ đã được dùng", "content/products/bac-kan/mien-dong-thu.md:5")),
    Case("duplicate-url-alias-vs-site-route",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống\n", "group: Đồ uống\naliases:\n  - /tim-kiem/\n")},
         PRODUCT_PATH, 9, ("/tim-kiem/", "địa chỉ riêng của trang web", "xóa dòng này")),
    Case("duplicate-url-alias-vs-listing",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống\n", "group: Đồ uống\naliases:\n  - /sao/3/\n")},
         PRODUCT_PATH, 9, ("/sao/3/", "địa chỉ riêng của trang web", "xóa dòng này")),
    Case("duplicate-url-alias-is-own-page",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống\n", "group: Đồ uống\naliases:\n  - /san-pham/tra-thu/\n")},
         PRODUCT_PATH, 9, ("chính là địa chỉ của trang này", "xóa dòng này")),
    Case("duplicate-url-page-vs-site-route",
         {"pages/tim-kiem.md": "---\ntitle: Tìm kiếm\n---\nTrang.\n"},
         "pages/tim-kiem.md", 0, ("/tim-kiem/ là một địa chỉ riêng của trang web", "đổi tên tệp")),
    Case("alias-not-a-site-path",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống\n",
                             "group: Đồ uống\naliases:\n  - https://example.com/san-pham/x/\n")},
         PRODUCT_PATH, 9, ("phải là một đường dẫn trong trang này", "/san-pham/ten-cu/")),
    Case("aliases-not-a-list",
         {PRODUCT_PATH: swap(PRODUCT, "group: Đồ uống\n", "group: Đồ uống\naliases: /san-pham/ten-cu/\n")},
         PRODUCT_PATH, 8, ("'aliases' phải là một danh sách", "'- '")),

    # ------------------------------------------------------------ dates
    Case("date-day-does-not-exist",
         {RATING_PATH: swap(RATING, "date: 2022-08-22", "date: 2019-02-30")},
         RATING_PATH, 2, ("không có ngày 30", "28 ngày", "kiểm tra lại ngày")),
    Case("date-month-13",
         {RATING_PATH: swap(RATING, "date: 2022-08-22", "date: 2019-13")},
         RATING_PATH, 2, ("không có tháng 13", "từ 1 đến 12")),
    Case("date-year-1800",
         {RATING_PATH: swap(RATING, "date: 2022-08-22", "date: 1800")},
         RATING_PATH, 2, ("năm 1800", "từ 1900 đến 2100")),
    Case("date-not-a-date-text",
         {RATING_PATH: swap(RATING, "date: 2022-08-22", "date: tháng 8 năm 2022")},
         RATING_PATH, 2, ("không phải là ngày", "viết 2022, 2022-08 hoặc 2022-08-22")),
    Case("date-not-a-date",
         {RATING_PATH: swap(RATING, "date: 2022-08-22", "date: 22/08/2022")},
         RATING_PATH, 2, ("'22/08/2022' phải viết năm trước", "viết 2022-08-22")),
    Case("valid-until-before-date",
         {RATING_PATH: swap(RATING, "level: tỉnh\n", "level: tỉnh\nvalid_until: 2021-12-31\n")},
         RATING_PATH, 4, ("valid_until 2021-12-31 ở trước ngày quyết định", "kiểm tra lại cả hai ngày")),
    Case("plan-file-year-not-issued-year",
         {PLAN_PATH: swap(PLAN, "issued: 2022-02-11", "issued: 2021-12-30")},
         PLAN_PATH, 5, ("ban hành năm 2021", "đổi tên tệp thành 2021-75-kh-ubnd.md")),
    Case("period-ends-before-start",
         {PLAN_PATH: swap(PLAN, "period: 2022", "period: 2025-2021")},
         PLAN_PATH, 6, ("2025-2021 kết thúc trước khi bắt đầu", "(2021-2025)")),
    Case("merged-on-without-merged-into",
         {PROVINCE_PATH: province_yaml("thai-nguyen", "Thái Nguyên") + "merged_on: 2025-07-01\n"},
         PROVINCE_PATH, 8, ("có 'merged_on' mà không có 'merged_into'", "thêm merged_into hoặc xóa merged_on")),
    Case("merged-into-without-merged-on",
         {MERGED_PATH: swap(province_yaml("bac-kan", "Bắc Kạn", merged_into="thai-nguyen"),
                            "merged_on: 2025-07-01\n", "")},
         MERGED_PATH, 5, ("cần thêm 'merged_on'", "merged_on: 2025-07-01")),
    Case("merged-into-merged-province",
         {"provinces/cao-bang.yaml": province_yaml("cao-bang", "Cao Bằng", merged_into="bac-kan")},
         "provinces/cao-bang.yaml", 5, ("'bac-kan' cũng đã hợp nhất", "'thai-nguyen'")),

    # ------------------------------------------------------------ stars, scores, targets
    Case("decision-with-too-many-entries",
         {RATING_PATH: rating_yaml([("tra-thu", 3)]) + "".join("  - product: tra-thu\n    stars: 3\n"
                                                                 for _ in range(2000))},
         RATING_PATH, 7, ("2001 sản phẩm, quá mức 2000", "tách theo từng phụ lục")),
    Case("stars-0",
         {RATING_PATH: swap(RATING, "stars: 4", "stars: 0")},
         RATING_PATH, 11, ("hạng sao (stars) phải từ 1 đến 5", "đang ghi 0")),
    Case("stars-6",
         {RATING_PATH: swap(RATING, "stars: 4", "stars: 6")},
         RATING_PATH, 11, ("hạng sao (stars) phải từ 1 đến 5", "đang ghi 6")),
    Case("score-disagrees-with-stars",
         {RATING_PATH: swap(RATING, "score: 65", "score: 85")},
         RATING_PATH, 9, ("điểm 85 ứng với hạng 4 sao, không phải 3 sao", "50–69")),
    Case("score-over-100",
         {RATING_PATH: swap(RATING, "score: 65", "score: 650")},
         RATING_PATH, 9, ("từ 0 đến 100", "650")),
    Case("score-parts-do-not-add-up",
         {RATING_PATH: with_score_parts(30, 15, 25)},
         RATING_PATH, 10, ("cộng lại được 70 điểm, khác với score 65", "kiểm tra lại cả hai")),
    Case("score-part-over-maximum",
         {RATING_PATH: swap(with_score_parts(41, 10, 14), "date: 2022-08-22", "date: 2024-05-02")},
         RATING_PATH, 11, ("'community' (phần sản phẩm và sức mạnh cộng đồng) phải từ 0 đến 40 điểm",
                           "Quyết định 148/QĐ-TTg", "đang ghi 41")),
    Case("score-parts-without-score",
         {RATING_PATH: with_score_parts(30, 20, 25, entry="    stars: 4\n")},
         RATING_PATH, 12, ("có 'score_parts' mà không có 'score'", "score: 75")),
    Case("score-parts-missing-a-part",
         {RATING_PATH: swap(with_score_parts(30, 15, 20), "      quality: 20\n", "")},
         RATING_PATH, 10, ("thiếu trường bắt buộc 'quality' trong score_parts của sản phẩm thứ 1",)),
    Case("target-missing-stars",
         {PLAN_PATH: swap(PLAN, "    stars: 3\n", "")},
         PLAN_PATH, 11, ("'new' cần 'stars'", "stars: 3")),
    Case("target-upgraded-missing-from-to",
         {PLAN_PATH: swap(PLAN, "measure: new", "measure: upgraded")},
         PLAN_PATH, 11, ("cần 'from_stars' và 'to_stars'", "from_stars: 3")),
    Case("target-range-without-value-max",
         {PLAN_PATH: swap(PLAN, "comparison: at_least", "comparison: range")},
         PLAN_PATH, 13, ("'range' cần 'value_max'",)),
    Case("rating-without-date-or-reported-by",
         {RATING_PATH: swap(RATING, "date: 2022-08-22\n", "")},
         RATING_PATH, 1, ("thiếu 'date'", "reported_by")),
    Case("rating-product-listed-twice",
         {RATING_PATH: RATING + "  - product: tra-thu\n    stars: 3\n"},
         RATING_PATH, 12, ("'tra-thu' được ghi hai lần", "sản phẩm thứ 2 trong danh sách entries", "giữ một lần")),

    # ------------------------------------------------------------ files in the wrong place
    Case("file-name-not-a-slug",
         {PRODUCT_PATH: None, "products/bac-kan/Trà Thử.md": PRODUCT},
         "products/bac-kan/Trà Thử.md", 0, ("đổi tên thành tra-thu.md",)),
    Case("file-with-yml-suffix",
         {"provinces/cao-bang.yml": province_yaml("cao-bang", "Cao Bằng")},
         "provinces/cao-bang.yml", 0, ("đổi tên thành cao-bang.yaml",)),
    Case("rating-not-in-province-folder",
         {"ratings/2023-1-qd-ubnd.yaml": rating_yaml([("tra-thu", 4)], date="2023")},
         "ratings/2023-1-qd-ubnd.yaml", 0, ("chuyển nó vào content/ratings/<tỉnh>/<tên-tệp>.yaml",)),
    Case("product-as-yaml",
         {"products/bac-kan/che-thu.yaml": "name: Chè Thử\nprovince: bac-kan\n"},
         "products/bac-kan/che-thu.yaml", 0, ("chuyển nó vào content/products/<tỉnh>/<tên-tệp>.md",)),
    Case("unknown-top-level-folder",
         {"anh/logo.png": b"\x89PNG"},
         "anh", 0, ("content/ chỉ chứa",)),
    Case("stray-file-in-product-folder",
         {PRODUCT_PATH: None, "products/bac-kan/tra-thu/index.md": PRODUCT,
          "products/bac-kan/tra-thu/ghi-chu.txt": "x"},
         "products/bac-kan/tra-thu/ghi-chu.txt", 0, ("chỉ chứa index.md và ảnh",)),
    Case("photo-leaves-product-folder",
         {PRODUCT_PATH: None,
          "products/bac-kan/tra-thu/index.md": swap(PRODUCT, "group: Đồ uống\n",
                                                    "group: Đồ uống\nphotos:\n  - file: ../x.jpg\n")},
         "products/bac-kan/tra-thu/index.md", 9, ("'../x.jpg'", "tên một tệp trong thư mục sản phẩm")),
    Case("photo-missing",
         {PRODUCT_PATH: None,
          "products/bac-kan/tra-thu/index.md": swap(PRODUCT, "group: Đồ uống\n",
                                                    "group: Đồ uống\nphotos:\n  - file: tra.jpg\n")},
         "products/bac-kan/tra-thu/index.md", 9, ("không có ảnh 'tra.jpg' trong content/products/bac-kan/tra-thu/",)),
    Case("decision-pdf-without-record",
         {"ratings/bac-kan/2022-08-22-1-qd-ubnd-van-ban.pdf": PDF},
         "ratings/bac-kan/2022-08-22-1-qd-ubnd-van-ban.pdf", 0,
         ("cùng tên với tệp quyết định", "Đổi tên thành 2022-08-22-1-qd-ubnd.pdf")),
    Case("decision-pdf-upper-case-suffix",
         {"ratings/bac-kan/2022-08-22-1-qd-ubnd.PDF": PDF},
         "ratings/bac-kan/2022-08-22-1-qd-ubnd.PDF", 0, ("đổi tên thành 2022-08-22-1-qd-ubnd.pdf",)),
    Case("decision-pdf-too-large",
         {}, PDF_PATH, 0, ("nặng 21,0 MB, quá mức 20 MB", "'sources'"), setup=big_pdf),
    Case("decision-pdf-not-a-pdf",
         {PDF_PATH: b"PK\x03\x04 word/document.xml"},
         PDF_PATH, 0, ("không phải là PDF", "Xuất PDF")),
    Case("symlink-file-outside-content",
         {}, "products/bac-kan/bi-mat.md", 0, ("trỏ ra ngoài content/", "chép tệp hoặc thư mục thật vào"),
         setup=lambda root: os.symlink(outside_target(root) / "secret.md",
                                       root / "content/products/bac-kan/bi-mat.md")),
    Case("symlink-folder-outside-content",
         {}, "products/bac-kan/bi-mat", 0, ("trỏ ra ngoài content/", "chép tệp hoặc thư mục thật vào"),
         setup=lambda root: os.symlink(outside_target(root), root / "content/products/bac-kan/bi-mat")),
    Case("symlink-records-folder-outside-content",
         {PLAN_PATH: None}, "plans", 0, ("trỏ ra ngoài content/", "chép tệp hoặc thư mục thật vào"),
         setup=lambda root: os.symlink(outside_target(root), root / "content/plans")),
    Case("symlink-photo-outside-content",
         {PRODUCT_PATH: None,
          "products/bac-kan/tra-thu/index.md": swap(PRODUCT, "group: Đồ uống\n",
                                                    "group: Đồ uống\nphotos:\n  - file: anh.jpg\n")},
         "products/bac-kan/tra-thu/anh.jpg", 0, ("trỏ ra ngoài content/", "chép tệp hoặc thư mục thật vào"),
         setup=lambda root: os.symlink(outside_target(root) / "secret.md",
                                       root / "content/products/bac-kan/tra-thu/anh.jpg")),

    # ------------------------------------------------------------ raw HTML in Markdown
    Case("html-script",
         {PRODUCT_PATH: PRODUCT + "\n<script>alert('x')</script>\n"},
         PRODUCT_PATH, 13, ("thẻ <script>", "hãy xóa")),
    Case("html-onclick",
         {PRODUCT_PATH: PRODUCT + '\n<a href="/" onclick="steal()">Xem</a>\n'},
         PRODUCT_PATH, 13, ("onclick=", "hãy xóa")),
    Case("html-javascript-link",
         {PLAN_PATH: PLAN + "\n[Xem](javascript:alert(1))\n"},
         PLAN_PATH, 18, ("liên kết javascript:", "hãy xóa")),
    Case("html-javascript-link-disguised",
         {PRODUCT_PATH: PRODUCT + '\n<a href="jav&#x61;script:alert(1)">Xem</a>\n'},
         PRODUCT_PATH, 13, ("liên kết javascript:", "hãy xóa")),
    Case("html-event-attribute-after-slash",
         {PRODUCT_PATH: PRODUCT + '\n<svg/onload=alert(1)>\n'},
         PRODUCT_PATH, 13, ("onload=", "hãy xóa")),
    Case("html-javascript-link-tab-entity",
         {PRODUCT_PATH: PRODUCT + '\n<a href="java&#x09;script:alert(1)">Xem</a>\n'},
         PRODUCT_PATH, 13, ("liên kết javascript:", "hãy xóa")),
    Case("html-javascript-link-line-break",
         {PRODUCT_PATH: PRODUCT + '\n<a href="java\nscript:alert(1)">Xem</a>\n'},
         PRODUCT_PATH, 13, ("liên kết javascript:", "hãy xóa")),
    Case("link-other-scheme",
         {PRODUCT_PATH: PRODUCT + "\n[Tải về](data:text/html,xin-chao)\n"},
         PRODUCT_PATH, 13, ("'data:'", "chỉ giữ các liên kết http, https, mailto và tel")),
    Case("html-onclick-on-second-line-of-tag",
         {PRODUCT_PATH: PRODUCT + '\n<img src="a.jpg"\n     onerror="steal()">\n'},
         PRODUCT_PATH, 14, ("onerror=", "hãy xóa")),
]


def run_check(root: Path, case: Case) -> list[ContentError]:
    files = minimal_content()
    for rel, text in case.files.items():
        if text is None:
            del files[rel]
    write_content(root, {rel: text for rel, text in {**files, **case.files}.items() if text is not None})
    if case.setup:
        case.setup(root)
    try:
        check(make_config(root))
    except BuildFailed as failure:
        return failure.errors
    return []


def test_minimal_content_is_valid(tmp_path):
    assert run_check(tmp_path, Case("valid", {}, "", 0, ())) == []


def test_a_decision_of_the_merged_province_may_rate_the_products_it_absorbed(tmp_path):
    """bac-kan was merged into thai-nguyen on 2025-07-01: from then on Thái Nguyên's decisions re-recognise
    former Bắc Kạn products (as Vĩnh Long's do Trà Vinh's); before that, and never the other way round."""
    after = "ratings/thai-nguyen/2025-09-01-5-qd-ubnd.yaml"
    undated = "ratings/thai-nguyen/2026-bao-cao.yaml"
    assert run_check(tmp_path / "a", Case("after", {
        after: rating_yaml([("tra-thu", 4)], date="2025-09-01", number="5/QĐ-UBND"),
        undated: rating_yaml([("mien-dong-thu", 3)], date="2026", number=None).replace("date:", "reported_by:"),
    }, "", 0, ())) == []
    errors = run_check(tmp_path / "b", Case("before", {
        "ratings/thai-nguyen/2025-06-30-4-qd-ubnd.yaml": rating_yaml([("tra-thu", 4)], date="2025-06-30"),
        "products/thai-nguyen/che-moi.md": product_md("Chè Mới", "thai-nguyen"),
        "ratings/bac-kan/2025-09-01-6-qd-ubnd.yaml": rating_yaml([("che-moi", 3)], date="2025-09-01"),
    }, "", 0, ()))
    assert [(e.path, e.line, e.message.split(";")[0]) for e in errors] == [
        ("content/ratings/bac-kan/2025-09-01-6-qd-ubnd.yaml", 8, "sản phẩm 'che-moi' thuộc tỉnh 'thai-nguyen'"),
        ("content/ratings/thai-nguyen/2025-06-30-4-qd-ubnd.yaml", 8, "sản phẩm 'tra-thu' thuộc tỉnh 'bac-kan'"),
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_error_catalogue(tmp_path, case):
    errors = run_check(tmp_path, case)
    shown = "\n".join(map(str, errors))
    # exactly one message for one mistake, on the exact file and line
    assert len(errors) == 1, f"expected one error, got:\n{shown}"
    error = errors[0]
    assert (error.path, error.line) == ("content/" + case.path, case.line), shown
    for fragment in case.fix:
        assert fragment in error.message, f"{fragment!r} not in: {error.message}"
    # the report line is path:line: message, and docs/errors.md shows it word for word
    assert str(error) == f"content/{case.path}:{case.line}: {error.message}"
    assert f"\n{error}\n" in ERRORS_MD.read_text(encoding="utf-8"), "update docs/errors.md"


HOSTILE = ["yaml-anchors-and-aliases", "yaml-python-tag", "yaml-nested-too-deep", "file-too-large",
           "decision-with-too-many-entries"]


@pytest.mark.slow  # two builds per case; the catalogue above checks each message in the fast tier
@pytest.mark.parametrize("case", [c for c in CASES if c.id in HOSTILE], ids=lambda c: c.id)
def test_hostile_files_are_refused_within_a_few_mb_and_keep_site(tmp_path, case):
    """A 300-byte alias bomb once took 3–6 GB: every hostile case now ends in its message, cheaply."""
    site = build_site(tmp_path, minimal_content())
    before = tree_hashes(site)
    tracemalloc.start()
    errors = run_check(tmp_path, case)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [e.path for e in errors] == ["content/" + case.path]
    assert peak < 16_000_000, f"checking took {peak / 1e6:.0f} MB of Python memory"
    with pytest.raises(BuildFailed):
        build_site(tmp_path)
    assert tree_hashes(site) == before


ERRORS_MD = PROJECT_DIR / "docs" / "errors.md"


def test_every_case_is_in_docs_errors_md():
    """docs/errors.md is the editors' catalogue: each case has its own entry."""
    text = ERRORS_MD.read_text(encoding="utf-8")
    missing = [case.id for case in CASES if f"`{case.id}`" not in text]
    assert missing == []


# ---------------------------------------------------------------- raw HTML never reaches the page

@pytest.mark.parametrize("raw, forbidden", [
    ("<script>alert('x')</script>", ("<script", "alert(")),
    ('<a href="/" onclick="steal()">Xem</a>', ("onclick", "steal(")),
    ("[Xem](javascript:alert(1))", ("javascript:",)),
    ('<img src="a.jpg"\n     onerror="steal()">', ("onerror", "steal(")),
    ('<a href="jav&#x61;script:alert(1)">Xem</a>', ("script:", "alert(")),
    ("<svg/onload=alert(1)>", ("onload", "alert(")),
    ("<iframe src='https://example.com'></iframe><style>p{}</style>", ("<iframe", "<style")),
])
def test_sanitiser_removes_what_validation_reports(raw, forbidden):
    """Reported or not, the built HTML never carries it (markdown_render.sanitize, nh3)."""
    html = to_html(f"Mô tả.\n\n{raw}\n")
    assert "Mô tả." in html
    for text in forbidden:
        assert text not in html


def test_prose_about_javascript_is_not_an_error(tmp_path):
    body = "Trang tìm kiếm cần JavaScript: hãy bật JavaScript trong trình duyệt. Xem onclick = sự kiện.\n"
    assert run_check(tmp_path, Case("prose", {PRODUCT_PATH: PRODUCT + body}, "", 0, ())) == []


# ---------------------------------------------------------------- several mistakes, one run

MANY_MISTAKES = {
    PRODUCT_PATH: swap(swap(PRODUCT, "group: Đồ uống", "gruop: Đồ uống"), "province: bac-kan", "province: bac-can"),
    RATING_PATH: swap(swap(RATING, "stars: 4", "stars: 6"), "date: 2022-08-22", "date: 2019-02-30"),
    PLAN_PATH: swap(PLAN, "period: 2022", "period: 2025-2021"),
    "provinces/cao-bang.yml": province_yaml("cao-bang", "Cao Bằng"),
    "pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\n<script>x()</script>\n",
}
MANY_EXPECTED = [
    ("content/pages/gioi-thieu.md", 5),
    ("content/plans/bac-kan/2022-75-kh-ubnd.md", 6),
    ("content/products/bac-kan/tra-thu.md", 3),
    ("content/products/bac-kan/tra-thu.md", 7),
    ("content/provinces/cao-bang.yml", 0),
    ("content/ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml", 2),
    ("content/ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml", 11),
]


def test_several_mistakes_in_several_files_are_all_reported_sorted(tmp_path):
    errors = run_check(tmp_path, Case("many", MANY_MISTAKES, "", 0, ()))
    assert [(e.path, e.line) for e in errors] == MANY_EXPECTED


def test_check_command_prints_every_error_on_stderr_and_exits_1(tmp_path):
    files = {**minimal_content(), **MANY_MISTAKES}
    content = write_content(tmp_path, files)
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "check", "--content", str(content)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    assert [tuple(line.split(":", 2)[:2]) for line in lines[:-1]] == [(p, str(n)) for p, n in MANY_EXPECTED]
    assert all(re.match(r"^content/\S+:\d+: \S", line) for line in lines[:-1])
    assert lines[-1].startswith(f"{len(MANY_EXPECTED)} lỗi nội dung")


def test_check_command_on_valid_content_exits_0(tmp_path):
    content = write_content(tmp_path, minimal_content())
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "check", "--content", str(content)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


# ---------------------------------------------------------------- a failed build keeps site/

def tree_hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_broken_build_leaves_site_byte_identical_and_no_staging(tmp_path):
    site = build_site(tmp_path, minimal_content())
    before = tree_hashes(site)
    assert "san-pham/tra-thu/index.html" in before
    write_content(tmp_path, MANY_MISTAKES)
    with pytest.raises(BuildFailed) as failure:
        build_site(tmp_path)
    assert len(failure.value.errors) == len(MANY_EXPECTED)
    assert tree_hashes(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "content", "site"]


def test_broken_build_command_exits_1_and_keeps_site(tmp_path):
    content = write_content(tmp_path, minimal_content())
    command = [sys.executable, str(PROJECT_DIR / "build.py"), "--content", str(content), "--no-search",
               "--no-cache", "--workers", "1", "--date", "2026-11-23"]
    first = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert first.returncode == 0, first.stderr
    before = tree_hashes(tmp_path / "site")
    write_content(tmp_path, MANY_MISTAKES)
    second = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    assert "content/products/bac-kan/tra-thu.md:7: " in second.stderr
    assert tree_hashes(tmp_path / "site") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


# ---------------------------------------------------------------- the docs describe every field

DOC_SECTIONS = {"province": "## Provinces", "product": "## Products", "rating": "## Ratings", "plan": "## Plans",
                "page": "## Pages", "site": "## Site settings"}


def content_md_section(heading: str) -> tuple[str, str]:
    """(the conventions before the first section, the section under `heading`) of docs/content.md."""
    docs = (PROJECT_DIR / "docs" / "content.md").read_text(encoding="utf-8")
    start = docs.index("\n" + heading)
    end = docs.find("\n## ", start + 1)
    return docs[:docs.index("\n## ")], docs[start:end if end > 0 else None]


def backticked_words(text: str) -> set[str]:
    """Field names written in code spans: `name`, `{file, alt, credit}`, `merged_on: 2025-07-01`."""
    return {word for span in re.findall(r"`([^`\n]+)`", text) for word in re.findall(r"[a-z_]+", span)}


def schema_fields(fields: tuple) -> list[schema.Field]:
    found = []
    for spec in fields:
        found.append(spec)
        found += schema_fields(spec.fields)
    return found


@pytest.mark.parametrize("kind", sorted(schema.SCHEMAS))
def test_every_schema_field_is_in_its_section_of_content_md(kind):
    conventions, section = content_md_section(DOC_SECTIONS[kind])
    documented = backticked_words(conventions + section)
    assert sorted({spec.name for spec in schema_fields(schema.SCHEMAS[kind])} - documented) == []


@pytest.mark.parametrize("kind", sorted(schema.SCHEMAS))
def test_required_fields_agree_with_content_md_tables(kind):
    """A field the schema requires says `yes` in its table; an optional one has a row that does not."""
    _, section = content_md_section(DOC_SECTIONS[kind])
    rows: dict[str, set[bool]] = {}
    for name, required in re.findall(r"^\| `([a-z_]+)` \| ([^|]*)\|", section, re.M):
        rows.setdefault(name, set()).add(required.strip() == "yes")
    for spec in schema.SCHEMAS[kind]:
        if spec.name == "sources" and kind != "page":
            continue  # documented once for every record, in the conventions
        assert spec.name in rows, f"no table row for `{spec.name}`"
        assert spec.required in rows[spec.name], f"`{spec.name}`: required={spec.required} disagrees with the docs"


@pytest.mark.parametrize("choices", [schema.REGIONS, schema.PROVINCE_KINDS, schema.PRODUCER_KINDS, schema.LEVELS,
                                     schema.GROUPS, schema.DOCUMENT_TYPES, schema.MEASURES, schema.COMPARISONS])
def test_every_allowed_value_is_in_content_md(choices):
    docs = (PROJECT_DIR / "docs" / "content.md").read_text(encoding="utf-8")
    assert [c for c in choices if f"`{c}`" not in docs] == []
