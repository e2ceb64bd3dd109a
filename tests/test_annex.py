"""Reading a decision's annex (ocop/annex.py) and legacy Vietnamese encodings (ocop/legacy_vietnamese.py).

The sample annexes in tests/fixtures/annex/ are invented and written by make_fixtures.py there.
"""
from __future__ import annotations

import dataclasses
import importlib.util
import re
import unicodedata
from pathlib import Path

import pytest

from ocop.annex import Annex, AnnexProblem, AnnexRow, read_annex
from ocop.legacy_vietnamese import TCVN3, VNI_MARKS, VNI_SINGLE, convert, is_syllable

FIXTURES = Path(__file__).parent / "fixtures" / "annex"


def load_generator():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_csv(path: Path, rows: list[list], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def problems(annex: Annex) -> list[tuple[int | None, str]]:
    return [(p.row, p.message) for p in annex.problems]


# ---------------------------------------------------------------- the sample annex, every format

SAMPLE_ROWS = [
    AnnexRow(row=6, name="Mật ong hoa cà phê", producer="Hợp tác xã Ong Mật Đồi Xanh", address="xã Đức Hạnh",
             section="Huyện Đức Linh", stars=4, score=72.5, note=None, slug="mat-ong-hoa-ca-phe"),
    AnnexRow(row=7, name="Bánh tráng mè đen", producer="Hộ kinh doanh Trần Thị Mẫu", address="thị trấn Võ Xu",
             section="Huyện Đức Linh", stars=3, score=55.25, note="Sản phẩm mới", slug=None),
    # line break and non-breaking space inside the cell, a double space in the producer
    AnnexRow(row=10, name="Nước mắm cá cơm (chai 500 ml)", producer="Công ty TNHH Hải Sản Mẫu",
             address="xã Gia An", section="Huyện Tánh Linh", stars=5, score=91.14, note="Nâng hạng từ 4 sao",
             slug=None),
    # name typed in TCVN3, producer in VNI
    AnnexRow(row=11, name="Thanh long sấy dẻo", producer="Hợp tác xã Thanh Long Xanh", address="xã Gia Huynh",
             section="Huyện Tánh Linh", stars=3, score=65.0, note=None, slug=None),
]
SAMPLES = ["sample.xlsx", "sample.xls", "sample.ods", "sample.csv", "sample_semicolon.csv", "sample_tab.csv"]


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_annex_reads_the_same_in_every_format(name):
    annex = read_annex(FIXTURES / name)
    assert annex.problems == []
    assert annex.header_rows == (3, 4)  # two title rows above a two-row header
    assert annex.header_row == 3
    assert {f: (c.letter, c.header) for f, c in annex.columns.items()} == {
        "stt": ("A", "STT"), "name": ("B", "Tên sản phẩm"), "producer": ("C", "Chủ thể sản xuất"),
        "address": ("D", "Địa chỉ"), "score": ("E", "Điểm"), "stars": ("F", "Hạng sao"),
        "note": ("G", "Ghi chú"), "slug": ("H", "slug"),
    }
    assert annex.rows == SAMPLE_ROWS  # sections, blank row 8 and the total row 12 are not products
    assert annex.ok


def test_sample_sheet_name_and_text_normalised():
    annex = read_annex(FIXTURES / "sample.xlsx")
    assert annex.sheet == "Phụ lục"
    for row in annex.rows:
        for value in (row.name, row.producer, row.address, row.note):
            if value is not None:
                assert value == unicodedata.normalize("NFC", value)
                assert "\xa0" not in value and "\n" not in value and "  " not in value


@pytest.mark.parametrize("name", ["merged_producer.xlsx", "merged_producer.xls", "merged_producer.ods"])
def test_a_producer_merged_down_belongs_to_each_row(name):
    annex = read_annex(FIXTURES / name)
    assert [(r.row, r.name, r.producer, r.stars) for r in annex.rows] == [
        (2, "Trà xanh móc câu", "Hợp tác xã Chè Mẫu", 4),
        (3, "Trà ô long", "Hợp tác xã Chè Mẫu", 3),
    ]
    assert annex.columns["producer"].header == "Tên chủ thể"
    assert annex.columns["stars"].header == "Số sao"


def test_committed_fixtures_match_the_generator(tmp_path):
    generator = load_generator()
    written = generator.write_all(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in FIXTURES.iterdir() if p.suffix != ".py")
    for fresh in written:
        committed = FIXTURES / fresh.name
        if fresh.suffix == ".csv":
            assert fresh.read_bytes() == committed.read_bytes(), fresh.name
        else:  # spreadsheets carry timestamps: compare what they read as
            a, b = read_annex(fresh), read_annex(committed)
            assert (a.header_rows, a.columns, a.rows, [p.row for p in a.problems]) == \
                   (b.header_rows, b.columns, b.rows, [p.row for p in b.problems]), fresh.name


# ---------------------------------------------------------------- one broken annex per problem

def test_header_without_name_and_stars_names_what_it_found():
    annex = read_annex(FIXTURES / "broken_header.csv")
    assert annex.rows == []
    assert [p.row for p in annex.problems] == [2, 2]
    name, stars = (p.message for p in annex.problems)
    assert name.startswith("Không tìm thấy cột tên sản phẩm trong 20 hàng đầu")
    assert "«STT» (cột A), «Chủ thể sản xuất» (cột C), «Địa chỉ» (cột D), «Ghi chú» (cột F)" in name
    assert "«Tên sản phẩm», «Sản phẩm», «Tên SP»" in name
    assert stars.startswith("Không tìm thấy cột hạng sao")
    assert "«Hạng sao», «Số sao», «Xếp hạng», «Kết quả phân hạng»" in stars
    assert annex.ignored_columns == {"B": "Mặt hàng", "E": "Kết quả"}  # "Mặt hàng" is not "Hạng"


def test_header_without_stars_column():
    annex = read_annex(FIXTURES / "broken_no_stars_column.csv")
    assert len(annex.problems) == 1
    assert annex.problems[0].row == 1
    assert "Không tìm thấy cột hạng sao" in annex.problems[0].message
    assert "«Tổng điểm» (cột D)" in annex.problems[0].message


def test_row_without_product_name():
    annex = read_annex(FIXTURES / "broken_missing_name.csv")
    assert [r.row for r in annex.rows] == [2]
    assert problems(annex) == [(3, "Hàng có dữ liệu nhưng thiếu tên sản phẩm (cột B «Tên sản phẩm»). Hãy điền "
                                   "tên sản phẩm như trong quyết định, hoặc xóa hàng nếu thừa.")]


def test_stars_outside_one_to_five_and_no_band_message_for_them():
    annex = read_annex(FIXTURES / "broken_stars_out_of_range.csv")
    assert [p.row for p in annex.problems] == [2, 3]  # row 2's score 95 is not also a band mistake
    assert "Hạng sao «6 sao» (cột D «Hạng sao») nằm ngoài khoảng 1–5" in annex.problems[0].message
    assert "Hạng sao «0»" in annex.problems[1].message
    assert [(r.row, r.stars, r.score) for r in annex.rows] == [(2, None, 95.0), (3, None, None)]


def test_unreadable_and_missing_stars_one_message_each():
    annex = read_annex(FIXTURES / "broken_stars_unreadable.csv")
    assert [p.row for p in annex.problems] == [2, 3, 4]
    assert annex.problems[0].message.startswith("Không đọc được hạng sao «ba sao rưỡi» (cột D «Hạng sao»)")
    assert "«3», «3 sao» hoặc «★★★»" in annex.problems[0].message
    assert annex.problems[1].message.startswith("Không đọc được hạng sao «3,5»")
    assert annex.problems[2].message.startswith("Thiếu hạng sao (cột D «Hạng sao»)")


def test_score_that_is_not_a_number_or_beyond_100():
    annex = read_annex(FIXTURES / "broken_score_not_number.csv")
    assert problems(annex) == [
        (2, "Điểm «bảy mươi» (cột E «Số điểm») không phải là số. Hãy viết điểm bằng chữ số, ví dụ «91,14», "
            "hoặc để trống nếu quyết định không ghi điểm."),
        (3, "Điểm 120 (cột E «Số điểm») nằm ngoài thang 0–100. Hãy sửa lại điểm như trong quyết định."),
    ]


def test_score_outside_the_band_of_its_stars():
    annex = read_annex(FIXTURES / "broken_score_band.csv")
    assert [p.row for p in annex.problems] == [2, 3]  # row 4: 69,99 is still 3 stars
    assert annex.problems[0].message == (
        "Điểm 68,5 (cột E) không khớp với 4 sao (cột D): 4 sao cần từ 70 đến dưới 90 điểm, còn 68,5 điểm là "
        "3 sao. Hãy đối chiếu điểm và hạng sao với quyết định.")
    assert "Điểm 90 (cột E) không khớp với 3 sao" in annex.problems[1].message
    assert "là 5 sao" in annex.problems[1].message
    assert [r.score for r in annex.rows] == [68.5, 90.0, 69.99]


def test_legacy_cell_that_cannot_be_converted_surely():
    annex = read_annex(FIXTURES / "broken_legacy_ambiguous.csv")
    assert [p.row for p in annex.problems] == [2, 3]
    assert annex.problems[0].message.startswith("Ô B2 «Tên sản phẩm» có vẻ được gõ bằng bảng mã cũ "
                                                "(TCVN3/ABC hoặc VNI)")
    assert "«S¶n phaåm»" in annex.problems[0].message
    assert "«Gạo S¶n phÈm»" in annex.problems[1].message  # Unicode and TCVN3 in one cell
    assert annex.rows[2].producer == "Hợp tác xã Lúa"  # a TCVN3 cell on its own is converted


def test_csv_not_in_utf8():
    annex = read_annex(FIXTURES / "broken_not_utf8.csv")
    assert annex.rows == [] and annex.columns == {}
    assert len(annex.problems) == 1
    assert annex.problems[0].row == 1
    assert "không lưu bằng bảng mã UTF-8" in annex.problems[0].message
    assert "«CSV UTF-8 (Comma delimited) (*.csv)»" in annex.problems[0].message


def test_corrupt_spreadsheet():
    annex = read_annex(FIXTURES / "broken_corrupt.xlsx")
    assert problems(annex) == [(None, "Không đọc được tệp «broken_corrupt.xlsx»: tệp bị hỏng hoặc không phải "
                                      "bảng tính .xlsx. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại thành "
                                      ".xlsx rồi nhập lại.")]


def test_truncated_xls_that_makes_calamine_panic():
    annex = read_annex(FIXTURES / "broken_truncated.xls")
    assert len(annex.problems) == 1
    assert annex.problems[0].message.startswith("Không đọc được tệp «broken_truncated.xls»: tệp bị hỏng")


def test_unsupported_type_and_missing_file(tmp_path):
    docx = tmp_path / "phu-luc.docx"
    docx.write_bytes(b"PK")
    assert "Chưa đọc được loại tệp «.docx»" in read_annex(docx).problems[0].message
    missing = read_annex(tmp_path / "khong-co.xlsx")
    assert missing.problems == [AnnexProblem(None, "Không tìm thấy tệp «khong-co.xlsx». Hãy kiểm tra lại tên và "
                                                   "thư mục của tệp.")]


def all_messages(tmp_path) -> list[str]:
    messages = [p.message for f in FIXTURES.glob("broken_*") for p in read_annex(f).problems]
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"")
    messages += [p.message for p in read_annex(docx).problems + read_annex(tmp_path / "x.csv").problems]
    messages += [p.message for p in read_annex(write_csv(tmp_path / "slug.csv", [
        ["Tên sản phẩm", "Hạng sao", "slug"], ["Mật ong", "3", "Mật ong"]])).problems]
    return messages


ENGLISH = {"must", "found", "row", "rows", "column", "header", "stars", "star", "score", "file", "missing",
           "cannot", "invalid", "not", "the", "sheet", "error", "please", "expected", "check", "name", "line",
           "read", "empty", "unknown", "should", "is", "of", "and", "or", "value", "number", "cell", "save"}


def test_every_message_is_vietnamese(tmp_path):
    messages = all_messages(tmp_path)
    assert len(messages) >= 17
    for message in messages:
        outside_quotes = re.sub(r"«[^»]*»", "", message)
        words = set(re.findall(r"[a-z]+", outside_quotes.lower()))
        assert not words & ENGLISH, (message, words & ENGLISH)
        assert re.search(r"[ạảãáàăắằẳẵặâấầẩẫậđẹẻẽéèêếềểễệịỉĩíìọỏõóòôốồổỗộơớờởỡợụủũúùưứừửữựỵỷỹýỳ]", message)
        assert re.search(r"\bHãy\b", message), message  # every message says what to do


# ---------------------------------------------------------------- header wording, sections, values

@pytest.mark.parametrize("headers, expected", [
    (["STT", "Tên sản phẩm", "Tên chủ thể", "Số sao", "Số điểm"],
     {"stt": "A", "name": "B", "producer": "C", "stars": "D", "score": "E"}),
    (["TT", "Sản phẩm", "Chủ thể OCOP", "Địa chỉ", "Xếp hạng", "Tổng điểm", "Ghi chú"],
     {"stt": "A", "name": "B", "producer": "C", "address": "D", "stars": "E", "score": "F", "note": "G"}),
    (["Số TT", "TÊN SẢN PHẨM OCOP", "Kết quả phân hạng", "Điểm (thang 100)"],
     {"stt": "A", "name": "B", "stars": "C", "score": "D"}),
    (["STT", "Nhóm sản phẩm", "Tên\nsản phẩm", "ten chu the", "Hạng"],  # line break, no diacritics
     {"stt": "A", "name": "C", "producer": "D", "stars": "E"}),
])
def test_header_wordings(tmp_path, headers, expected):
    path = write_csv(tmp_path / "a.csv", [["Phụ lục (dữ liệu mẫu)"], headers,
                                          ["1"] + ["x"] * (len(headers) - 1)])
    annex = read_annex(path)
    assert {f: c.letter for f, c in annex.columns.items()} == expected
    assert annex.header_rows == (2,)


def test_header_typed_in_tcvn3(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["STT", "Tªn s¶n phÈm", "H¹ng sao"], ["1", "MËt ong", "3 sao"]])
    annex = read_annex(path)
    assert annex.columns["name"].header == "Tên sản phẩm"
    assert annex.columns["stars"].header == "Hạng sao"
    assert [(r.name, r.stars) for r in annex.rows] == [("Mật ong", 3)]


def test_header_in_vnitimes_capitals(tmp_path):
    path = write_csv(tmp_path / "a.csv", [["STT", "TEÂN SAÛN PHAÅM", "SOÁ SAO"], ["1", "Maät ong", "4"]])
    annex = read_annex(path)
    assert annex.columns["name"].header == "TÊN SẢN PHẨM"
    assert [(r.name, r.stars) for r in annex.rows] == [("Mật ong", 4)]


@pytest.mark.parametrize("written, stars", [
    ("3 sao", 3), ("3", 3), ("3*", 3), ("3 *", 3), ("★★★", 3), ("★★★☆☆", 3), ("***", 3), ("3,0", 3),
    ("4 SAO", 4), ("ba sao", 3), ("Năm sao", 5), ("5★", 5),
])
def test_star_spellings(tmp_path, written, stars):
    annex = read_annex(write_csv(tmp_path / "a.csv", [["Tên sản phẩm", "Hạng sao"], ["Mật ong", written]]))
    assert annex.problems == []
    assert annex.rows[0].stars == stars


@pytest.mark.parametrize("written, score", [("91,14", 91.14), ("91.14", 91.14), ("75", 75.0), ("91,14 điểm", 91.14),
                                            ("", None)])
def test_score_spellings(tmp_path, written, score):
    annex = read_annex(write_csv(tmp_path / "a.csv", [["Tên sản phẩm", "Hạng sao", "Điểm"],
                                                      ["Mật ong", "5" if score and score >= 90 else "4", written]]))
    assert annex.problems == []
    assert annex.rows[0].score == score


def test_sections_subtotals_total_and_footer(tmp_path):
    rows = [
        ["STT", "Tên sản phẩm", "Chủ thể", "Hạng sao"],
        ["II. Sản phẩm 4 sao", "", "", ""],          # numbered section in the first column only
        ["1", "Gạo thơm", "HTX Lúa", "4"],
        ["Cộng: 1 sản phẩm", "", "", ""],            # a subtotal: reading goes on
        ["A", "Thị xã La Gi", "", ""],               # a letter in STT
        ["2", "Cá khô", "Hộ Mẫu", "3 sao"],
        ["", "Huyện Hàm Tân", "", ""],               # text in the second column only, a district word
        ["3", "Cộng đồng mật ong", "HTX Ong", "3"],  # "Cộng đồng" is a name, not a total
        ["Tổng cộng: 3 sản phẩm", "", "", ""],
        ["", "", "KT. CHỦ TỊCH", ""],                # signatures after the total: ignored
        ["", "", "PHÓ CHỦ TỊCH", ""],
    ]
    annex = read_annex(write_csv(tmp_path / "a.csv", rows))
    assert annex.problems == []
    assert [(r.row, r.name, r.section) for r in annex.rows] == [
        (3, "Gạo thơm", "Sản phẩm 4 sao"), (6, "Cá khô", "Thị xã La Gi"), (8, "Cộng đồng mật ong", "Huyện Hàm Tân"),
    ]


def test_column_numbers_row_repeated_header_and_a_table_starting_in_column_b(tmp_path):
    rows = [
        ["", "DANH SÁCH (dữ liệu mẫu)", "", "", ""],
        ["", "STT", "Tên sản phẩm", "Chủ thể", "Số sao"],
        ["", "(1)", "(2)", "(3)", "(4)"],            # the column numbers official tables print
        ["", "I", "Huyện Bắc Bình", "", ""],
        ["", "1", "Nho sấy", "HTX Nho", "3"],
        ["", "STT", "Tên sản phẩm", "Chủ thể", "Số sao"],  # the header again after a page break
        ["", "Thành phố Phan Thiết", "", "", ""],
        ["", "2", "Thanh long", "HTX Rồng", "4"],
    ]
    annex = read_annex(write_csv(tmp_path / "a.csv", rows))
    assert annex.problems == []
    assert {f: c.letter for f, c in annex.columns.items()} == {"stt": "B", "name": "C", "producer": "D", "stars": "E"}
    assert [(r.row, r.name, r.section) for r in annex.rows] == [
        (5, "Nho sấy", "Huyện Bắc Bình"), (8, "Thanh long", "Thành phố Phan Thiết")]


def test_empty_file(tmp_path):
    annex = read_annex(write_csv(tmp_path / "a.csv", []))
    assert [p.row for p in annex.problems] == [None, None]
    assert annex.problems[0].message.startswith("Không tìm thấy cột tên sản phẩm trong 20 hàng đầu "
                                                "(chưa nhận ra cột nào)")


def test_a_product_row_without_stars_is_not_taken_for_a_section(tmp_path):
    annex = read_annex(write_csv(tmp_path / "a.csv", [["STT", "Tên sản phẩm", "Hạng sao"], ["1", "Mật ong", ""],
                                                      ["", "Trà xanh", ""]]))
    assert [(r.row, r.name) for r in annex.rows] == [(2, "Mật ong"), (3, "Trà xanh")]
    assert [p.row for p in annex.problems] == [2, 3]
    assert all(p.message.startswith("Thiếu hạng sao") for p in annex.problems)


def test_row_numbers_are_spreadsheet_rows_also_with_a_line_break_in_a_quoted_cell(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('Danh sách\n\nTên sản phẩm,Hạng sao\n"Mật ong\nhoa cà phê",4\nTrà,3\n', encoding="utf-8")
    annex = read_annex(path)
    assert annex.header_rows == (3,)
    assert [(r.row, r.name) for r in annex.rows] == [(4, "Mật ong hoa cà phê"), (5, "Trà")]


def test_utf16_text_from_excel_and_nfd_input(tmp_path):
    nfd = unicodedata.normalize("NFD", "Mật ong")
    path = write_csv(tmp_path / "a.txt", [["Tên sản phẩm", "Số sao"], [nfd, "3"]], delimiter="\t",
                     encoding="utf-16")
    annex = read_annex(path)
    assert [(r.name, r.stars) for r in annex.rows] == [("Mật ong", 3)]


def test_slug_column(tmp_path):
    annex = read_annex(write_csv(tmp_path / "a.csv", [["Tên sản phẩm", "Hạng sao", "slug"],
                                                      ["Mật ong", "3", "mat-ong"], ["Trà", "3", ""],
                                                      ["Cá", "3", "Cá khô"]]))
    assert [r.slug for r in annex.rows] == ["mat-ong", None, "Cá khô"]
    assert [p.row for p in annex.problems] == [4]
    assert annex.problems[0].message.startswith("Slug «Cá khô» (cột C) không đúng dạng")


def test_annex_on_the_second_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Quyết định"
    book.active["A1"] = "Quyết định số 0000/QĐ-UBND (dữ liệu mẫu)"
    sheet = book.create_sheet("Phụ lục")
    sheet.append([])  # row 1 left empty: rows still count from the top of the sheet
    sheet.append(["STT", "Tên sản phẩm", "Số sao"])
    sheet.append([1, "Mật ong", 4])
    book.save(tmp_path / "a.xlsx")
    annex = read_annex(tmp_path / "a.xlsx")
    assert annex.sheet == "Phụ lục"
    assert [(r.row, r.name, r.stars) for r in annex.rows] == [(3, "Mật ong", 4)]


def test_rows_and_annex_are_frozen():
    annex = read_annex(FIXTURES / "sample.csv")
    with pytest.raises(dataclasses.FrozenInstanceError):
        annex.rows[0].stars = 5
    with pytest.raises(dataclasses.FrozenInstanceError):
        annex.rows = []


# ---------------------------------------------------------------- legacy encodings

TO_TCVN3 = {v: k for k, v in TCVN3.items()}
VNI_MARK_OF = {(marks, k.isupper()): k for k, marks in VNI_MARKS.items()}
VNI_SINGLE_OF = {v: k for k, v in VNI_SINGLE.items()}


def to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3, written from the table the other way round (lower case tones only)."""
    return "".join(TO_TCVN3.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def to_vni(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in VNI_SINGLE_OF:
            out.append(VNI_SINGLE_OF[ch])
            continue
        base, *marks = unicodedata.normalize("NFD", ch)
        if not marks:
            out.append(ch)
            continue
        tone = next((m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323"), "")
        if "\u031b" in marks:  # ơ, ư are single characters; the tone follows
            out.append(VNI_SINGLE_OF[unicodedata.normalize("NFC", base + "\u031b")])
            out += [VNI_MARK_OF[("", tone), base.isupper()]] if tone else []
            continue
        letter = next((m for m in marks if m in "\u0302\u0306"), "")
        out += [base, VNI_MARK_OF[(letter, tone), base.isupper()]]
    return "".join(out)


# Invented product names, producers and places, in lower and title case (VN3 has no capitals
# with tones, so those are TCVN3-encodable only in the VNI test).
PHRASES = [
    "Mật ong hoa nhãn", "Trà shan tuyết cổ thụ", "Nước mắm cá cơm", "Bánh tráng phơi sương", "Miến dong",
    "Hợp tác xã nông nghiệp", "Gạo thơm", "Quýt đường", "Chè búp khô", "Rượu ngô men lá", "Cà phê rang xay",
    "Hồ tiêu", "Thịt trâu gác bếp", "xã Đức Hạnh", "thị trấn Võ Xu", "Đắk Lắk", "Krông Búk", "huyện Hàm Thuận Bắc",
    "Tinh dầu sả chanh", "Nấm linh chi", "Măng khô", "Khuyến nông", "Nguyễn Thị Hường", "Giò lụa", "Quế Văn Yên",
    "Hoà Bình", "Thuỷ sản", "Xoài cát Hoà Lộc", "Dưa lưới", "Tương ớt", "Cốm làng Vòng", "Sản phẩm mới",
    "Nâng hạng từ 4 sao", "Chả cá thu", "Bưởi da xanh", "Kẹo dừa", "Nem chua", "Mứt gừng", "Sữa chua nếp cẩm",
]
ALL_CAPS = ["SẢN PHẨM OCOP", "DANH SÁCH SẢN PHẨM", "TÊN CHỦ THỂ", "ĐỒNG NAI", "KẾT QUẢ ĐÁNH GIÁ"]


@pytest.mark.parametrize("phrase", PHRASES)
def test_unicode_is_left_alone_and_both_encodings_come_back(phrase):
    assert convert(phrase).encoding == "unicode"
    assert convert(phrase).text == phrase
    vni = to_vni(phrase)
    assert convert(vni).text == phrase
    assert convert(vni).encoding == ("vni" if vni != phrase else "unicode")
    tcvn3 = to_tcvn3(phrase)
    if any(ch.isupper() and not ch.isascii() and ch not in "ĂÂÊÔƠƯĐ" for ch in phrase):
        return  # a capital with a tone has no VN3 code
    assert convert(tcvn3).text == phrase
    assert convert(tcvn3).encoding == ("tcvn3" if tcvn3 != phrase else "unicode")


@pytest.mark.parametrize("phrase", ALL_CAPS)
def test_capitals_vntimeh_and_vni(phrase):
    # .VnTimeH draws the lower-case codes as capitals: ASCII letters typed in capitals around them
    vntimeh = "".join(ch.upper() if ch.isascii() else ch for ch in to_tcvn3(phrase.lower()))
    assert convert(vntimeh).text == phrase
    assert convert(to_vni(phrase)).text == phrase


@pytest.mark.parametrize("legacy, unicode_text, encoding", [
    ("S¶n phÈm", "Sản phẩm", "tcvn3"),
    ("Saûn phaåm", "Sản phẩm", "vni"),
    ("HuyÖn §øc Linh", "Huyện Đức Linh", "tcvn3"),
    ("Huyeän Ñöùc Linh", "Huyện Đức Linh", "vni"),
    ("N\xadíc m¾m", "Nước mắm", "tcvn3"),  # TCVN3's ư is the soft hyphen's code
    ("Ch¶ Hoa Patª trøng muèi", "Chả Hoa Patê trứng muối", "tcvn3"),  # a loanword among syllables
    ("Quyeát ñònh 1693/QÑ-UBND", "Quyết định 1693/QĐ-UBND", "vni"),
])
def test_legacy_examples(legacy, unicode_text, encoding):
    assert convert(legacy).text == unicode_text
    assert convert(legacy).encoding == encoding


@pytest.mark.parametrize("text", [
    "OCOP", "HTX Ong Mật", "Chè Thái", "Cà phê", "Bánh Pía", "Trà Ô Long", "Café Tây", "Brand®", "Crème brûlée",
    "Chè 100g × 2", "½ kg", "Phú Yên", "Hoà Vang", "Điểm: 91,14", "★★★", "",
])
def test_no_misfire_on_unicode_ascii_or_other_languages(text):
    assert convert(text).encoding == "unicode"
    assert convert(text).text == text


@pytest.mark.parametrize("text", ["S¶n phaåm", "Gạo S¶n phÈm", "Nước mắm Ph\xadíc H¶i"])
def test_unsure_cells_are_ambiguous_and_unchanged(text):
    result = convert(text)
    assert result.ambiguous
    assert result.text == text


@pytest.mark.parametrize("word, ok", [
    ("giữ", True), ("giường", True), ("quyết", True), ("khuỷu", True), ("thuở", True), ("nghiêng", True),
    ("hòa", True), ("hoà", True), ("thủy", True), ("thuỷ", True), ("Đắk", True), ("Krông", True),
    ("bac", False), ("bằc", False), ("phaồm", False), ("quù", False), ("mùà", False), ("qưới", False),
    ("vpẹp", False), ("mủa", True), ("múa", True), ("muá", False),
])
def test_syllables(word, ok):
    assert is_syllable(word) is ok
