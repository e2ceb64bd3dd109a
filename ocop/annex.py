"""Read the annex of a recognition decision (the list of products it rated) from a spreadsheet.

Provincial OCOP offices publish each decision with an annex, "Danh sách sản phẩm được công
nhận ... kèm theo Quyết định số ...": title rows, a header in Vietnamese worded many ways (one
row, or two with merged cells), section rows per district or star band, stars written "3 sao",
"3", "3*" or "★★★", scores with a decimal comma, a total row, blank rows. `read_annex` reads
.xlsx/.xlsm/.xls/.ods (python-calamine) and .csv (UTF-8 or UTF-16, comma, semicolon or tab)
into rows, and lists every problem of the file at once, in Vietnamese, each saying how to fix
it. It is pure: it writes nothing and knows nothing of the catalog's records.

Known limit: python-calamine (0.9, calamine 0.37) aborts the whole process on some corrupted
.xls files (a broken header makes it allocate tens of GB; Rust aborts on a failed allocation,
which no `except` can catch). Panics and ordinary read errors are reported as problems.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from .legacy_vietnamese import convert as convert_legacy
from .legacy_vietnamese import readings as legacy_readings
from .slugs import fold, is_slug

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
HEADER_SCAN_ROWS = 20  # the header is looked for in this many first rows

# Accepted header texts per field, as editors read them in messages. Matching folds diacritics,
# case, punctuation and spaces, and a header matches when it starts with one of these words
# ("Tên sản phẩm OCOP", "Điểm (thang 100)"); the longest match wins.
HEADERS: dict[str, tuple[str, ...]] = {
    "stt": ("STT", "TT", "Số TT", "Số thứ tự"),
    "name": ("Tên sản phẩm", "Sản phẩm", "Tên SP"),
    "producer": ("Chủ thể sản xuất", "Tên chủ thể", "Chủ thể OCOP", "Chủ thể", "Họ tên chủ thể",
                 "Họ và tên chủ thể", "Chủ sản phẩm", "Đơn vị sản xuất", "Cơ sở sản xuất", "Tên cơ sở",
                 "Tổ chức, cá nhân"),
    "address": ("Địa chỉ", "Địa bàn", "Địa phương"),
    "stars": ("Hạng sao", "Số sao", "Xếp hạng", "Kết quả phân hạng", "Kết quả xếp hạng", "Phân hạng",
              "Sao", "Hạng"),
    "score": ("Điểm", "Số điểm", "Tổng điểm", "Điểm số", "Điểm đánh giá"),
    "note": ("Ghi chú",),
    "slug": ("slug",),
}
# Headers that match only as the whole text ("Mặt hàng" is not "Hạng").
_WHOLE_ONLY = {"hang"}
REQUIRED = ("name", "stars")
FIELD_NAMES = {  # what each field is called in messages
    "stt": "số thứ tự", "name": "tên sản phẩm", "producer": "chủ thể", "address": "địa chỉ",
    "stars": "hạng sao", "score": "điểm", "note": "ghi chú", "slug": "slug",
}
# Points of each star band, as validate.STAR_BANDS: [low, high).
STAR_BANDS = {1: (0, 30), 2: (30, 50), 3: (50, 70), 4: (70, 90), 5: (90, 100.0001)}
STAR_BAND_TEXT = {1: "dưới 30 điểm", 2: "từ 30 đến dưới 50 điểm", 3: "từ 50 đến dưới 70 điểm",
                  4: "từ 70 đến dưới 90 điểm", 5: "từ 90 đến 100 điểm"}


@dataclass(frozen=True)
class AnnexColumn:
    """Where a field was found: 0-based index, the letter a spreadsheet shows, the header text."""
    field: str
    index: int
    letter: str
    header: str


@dataclass(frozen=True)
class AnnexRow:
    """One product of the annex. `row` is the row number the spreadsheet (or the CSV opened in
    one) shows, counting title rows. Text is as published, whitespace and Unicode normalised."""
    row: int
    name: str
    producer: str | None
    address: str | None
    section: str | None  # the last section row above: "Huyện Đức Linh", "Sản phẩm 4 sao"
    stars: int | None
    score: float | None
    note: str | None
    slug: str | None


@dataclass(frozen=True)
class AnnexProblem:
    """A mistake in the file, in Vietnamese, saying how to fix it. `row` as in AnnexRow; None
    for the file as a whole."""
    row: int | None
    message: str


@dataclass(frozen=True)
class Annex:
    path: Path
    sheet: str | None                   # the sheet read (None for CSV)
    header_rows: tuple[int, ...]        # the header's row numbers: one, or two for a two-row header
    columns: dict[str, AnnexColumn]     # field -> column; fields not found are absent
    rows: list[AnnexRow] = field(default_factory=list)
    problems: list[AnnexProblem] = field(default_factory=list)
    ignored_columns: dict[str, str] = field(default_factory=dict)  # letter -> header not used

    @property
    def header_row(self) -> int | None:
        return self.header_rows[0] if self.header_rows else None

    @property
    def ok(self) -> bool:
        return not self.problems


Cell = str | int | float | None


# ---------------------------------------------------------------- reading files

class _Unreadable(Exception):
    """The file cannot be read at all; the message is for the editor."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.message, self.row = message, row


@dataclass
class _Sheet:
    name: str | None
    grid: list[list[Cell]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]]  # 0-based inclusive (start, end)


def read_annex(path: Path) -> Annex:
    """Read an annex. Never raises for a bad file: every mistake is in `Annex.problems`."""
    path = Path(path)
    try:
        sheets = _read_sheets(path)
    except _Unreadable as error:
        return Annex(path, None, (), {}, [], [AnnexProblem(error.row, error.message)])
    attempts = [_read_sheet(path, sheet) for sheet in sheets]
    for annex in attempts:
        if all(f in annex.columns for f in REQUIRED):
            return annex
    # No sheet has a usable header: report the sheet that came closest.
    return max(attempts, key=lambda a: len(a.columns)) if attempts else Annex(
        path, None, (), {}, [], [AnnexProblem(None, "Tệp không có trang tính nào có dữ liệu. Hãy kiểm tra "
                                                    "lại tệp phụ lục rồi nhập lại.")])


def _read_sheets(path: Path) -> list[_Sheet]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise _Unreadable(f"Không tìm thấy tệp «{path.name}». Hãy kiểm tra lại tên và thư mục của tệp.")
    if suffix in CSV_SUFFIXES:
        return [_Sheet(None, _read_csv(path), [])]
    if suffix not in SPREADSHEET_SUFFIXES:
        raise _Unreadable(f"Chưa đọc được loại tệp «{suffix or path.name}». Hãy lưu phụ lục thành bảng tính "
                          ".xlsx, .xls, .ods hoặc .csv (CSV UTF-8) rồi nhập lại.")
    try:
        book = python_calamine.CalamineWorkbook.from_path(path)
        names = [m.name for m in book.sheets_metadata if m.visible == python_calamine.SheetVisibleEnum.Visible]
        sheets = []
        for name in names or book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            grid = [[_cell(value) for value in row] for row in sheet.to_python(skip_empty_area=False)]
            if suffix == ".ods":
                merges = _ods_merges(path, book.sheet_names.index(name))
            else:
                merges = sheet.merged_cell_ranges or []
            sheets.append(_Sheet(name, grid, list(merges)))
        return sheets
    except python_calamine.PasswordError:
        raise _Unreadable("Tệp được đặt mật khẩu nên không đọc được. Hãy mở tệp, gỡ mật khẩu, lưu lại rồi "
                          "nhập lại.") from None
    except BaseException as error:
        # python-calamine raises CalamineError for most broken files, but some make the Rust
        # code panic: pyo3's PanicException derives from BaseException, so it is named here.
        if not isinstance(error, (python_calamine.CalamineError, OSError, ValueError, zipfile.BadZipFile,
                                  ElementTree.ParseError)) and type(error).__name__ != "PanicException":
            raise
        raise _Unreadable(f"Không đọc được tệp «{path.name}»: tệp bị hỏng hoặc không phải bảng tính "
                          f"{suffix}. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại thành .xlsx rồi "
                          "nhập lại.") from None


def _read_csv(path: Path) -> list[list[Cell]]:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode Text": UTF-16 with tabs
        text = data.decode("utf-16")
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[:error.start].count(b"\n") + 1
            raise _Unreadable("Tệp CSV không lưu bằng bảng mã UTF-8 nên chữ tiếng Việt bị hỏng. Hãy mở tệp "
                              "bằng Excel và chọn Lưu thành «CSV UTF-8 (Comma delimited) (*.csv)» (trong "
                              "LibreOffice: bộ ký tự «Unicode (UTF-8)»), rồi nhập lại.", line) from None
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text)))
    return [[_cell(value) for value in row] for row in rows]


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon (Excel with a Vietnamese locale) or tab: the one that splits the first
    rows into the most columns, most consistently."""
    sample = text[:20000]
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)][:40]
        except csv.Error:
            continue
        widths = [len(r) for r in rows if any(v.strip() for v in r)]
        widths = [w for w in widths if w > 1]
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(common) * common, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_TABLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merges(path: Path, sheet_index: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged cells of one sheet of an .ods file (python-calamine gives them for Excel files only)."""
    merges = []
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        table_index, row, col, active = -1, 0, 0, False
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == f"{_TABLE_NS}table":
                if event == "start":
                    table_index += 1
                    active, row = table_index == sheet_index, 0
                elif active:
                    break
            elif not active:
                continue
            elif tag == f"{_TABLE_NS}table-row":
                if event == "start":
                    col = 0
                else:
                    row += int(element.get(f"{_TABLE_NS}number-rows-repeated", "1"))
                    element.clear()
            elif tag in (f"{_TABLE_NS}table-cell", f"{_TABLE_NS}covered-table-cell") and event == "start":
                rows = int(element.get(f"{_TABLE_NS}number-rows-spanned", "1"))
                cols = int(element.get(f"{_TABLE_NS}number-columns-spanned", "1"))
                if rows > 1 or cols > 1:
                    merges.append(((row, col), (row + rows - 1, col + cols - 1)))
                col += int(element.get(f"{_TABLE_NS}number-columns-repeated", "1"))
    return merges


# ---------------------------------------------------------------- cells

_SPACE = re.compile(r"[\s\u200b\u2060\ufeff]+")


def clean_text(text: str) -> str:
    """NFC; non-breaking spaces, tabs and line breaks inside a cell as one space; trimmed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _cell(value: object) -> Cell:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, (int, float)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return clean_text(str(value)) or None


def _text(value: Cell) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _key(text: str) -> str:
    """Header text folded for matching: 'Tên sản phẩm\nOCOP (*)' -> 'ten san pham ocop'."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text).lower()))


_HEADER_KEYS = [(f, _key(h)) for f, names in HEADERS.items() for h in names]


def _header_field(text: str) -> str | None:
    key = _key(text)
    best, best_len = None, 0
    for field_name, phrase in _HEADER_KEYS:
        matches = key == phrase or (phrase not in _WHOLE_ONLY and key.startswith(phrase + " "))
        if matches and len(phrase) > best_len:
            best, best_len = field_name, len(phrase)
    return best


def _header_match(text: str) -> tuple[str, str] | None:
    """(field, header text) for a header cell. A cell left as it was because it reads as Unicode
    too ("SOÁ SAO" is VNI for "SỐ SAO", and "soá" is a syllable) is tried in the legacy
    encodings: a header must be one of the known words, so the reading that is one is sure."""
    field_name = _header_field(text)
    if field_name:
        return field_name, text
    matches = {(f, reading) for reading in legacy_readings(text).values() if (f := _header_field(reading))}
    return matches.pop() if len(matches) == 1 else None


# ---------------------------------------------------------------- one sheet

@dataclass
class _Header:
    rows: tuple[int, ...]                   # 0-based
    columns: dict[str, AnnexColumn]
    ignored: dict[str, str]


def _map_header(grid: list[list[Cell]], top: int, two_rows: bool) -> _Header:
    columns: dict[str, AnnexColumn] = {}
    ignored: dict[str, str] = {}
    upper = grid[top]
    lower = grid[top + 1] if two_rows else [None] * len(upper)
    for index in range(len(upper)):
        found = None
        for value in (lower[index], upper[index]):  # a two-row header: the lower cell names the column
            if isinstance(value, str):
                found = _header_match(value)
                if found:
                    break
        if found and found[0] not in columns:
            columns[found[0]] = AnnexColumn(found[0], index, _letter(index), found[1])
        else:
            text = lower[index] if isinstance(lower[index], str) else upper[index]
            if isinstance(text, str):
                ignored[_letter(index)] = text
    rows = (top, top + 1) if two_rows else (top,)
    return _Header(rows, columns, ignored)


def _find_header(grid: list[list[Cell]]) -> _Header | None:
    """The row (or two rows) in the first HEADER_SCAN_ROWS that names the most known columns,
    the product name and the stars first; ties go to the earlier row, then to one row."""
    best, best_rank = None, None
    for top in range(min(HEADER_SCAN_ROWS, len(grid))):
        single = _map_header(grid, top, False)
        candidates = [single]
        if top + 1 < len(grid):
            double = _map_header(grid, top, True)
            # two rows only when the upper row adds columns the lower one does not name alone
            if len(double.columns) > max(len(single.columns), len(_map_header(grid, top + 1, False).columns)):
                candidates.append(double)
        for header in candidates:
            if not header.columns:
                continue
            rank = (all(f in header.columns for f in REQUIRED), len(header.columns), -top, len(header.rows) == 1)
            if best_rank is None or rank > best_rank:
                best, best_rank = header, rank
    return best


def _read_sheet(path: Path, sheet: _Sheet) -> Annex:
    grid = sheet.grid
    width = max((len(r) for r in grid), default=0)
    grid = [row + [None] * (width - len(row)) for row in grid]

    # Legacy encodings, per cell: converted where sure; the unsure ones reported where used.
    ambiguous: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            if isinstance(value, str) and not value.isascii():
                conversion = convert_legacy(value)
                if conversion.ambiguous:
                    ambiguous.add((r, c))
                else:
                    row[c] = conversion.text

    header = _find_header(grid)
    if header is None or not all(f in header.columns for f in REQUIRED):
        return Annex(path, sheet.name, tuple(r + 1 for r in header.rows) if header else (),
                     dict(header.columns) if header else {}, [], _header_problems(header),
                     dict(header.ignored) if header else {})
    first_data_row = header.rows[-1] + 1
    left = min(col.index for col in header.columns.values())  # the table may start in column B
    wide_rows = set()
    for (r1, c1), (r2, c2) in sheet.merges:
        if r2 > r1 and first_data_row <= r1 < len(grid):  # merged down: the value is every row's
            for r in range(r1 + 1, min(r2, len(grid) - 1) + 1):
                if grid[r][c1] is None:
                    grid[r][c1] = grid[r1][c1]
                    if (r1, c1) in ambiguous:
                        ambiguous.add((r, c1))
        if c2 - c1 >= 2 and c1 <= left + 1:
            wide_rows.add(r1)  # merged across from the first columns: a title or a section

    problems: list[AnnexProblem] = []
    columns = header.columns
    rows: list[AnnexRow] = []
    section: str | None = None
    footer = False  # after the grand total
    for r in range(first_data_row, len(grid)):
        cells = grid[r]
        filled = [c for c, v in enumerate(cells) if v is not None]
        if not filled:
            continue
        first = _text(cells[filled[0]]) or ""
        total = _total_kind(first)
        if total:
            footer = footer or total == "grand"
            continue
        value = {f: cells[col.index] for f, col in columns.items()}
        if _repeats_header(value, columns) or _column_numbers([cells[c] for c in filled]):
            continue  # the header again after a page break, or the "(1) (2) (3)" row under it
        stt = value.get("stt")
        numbered = isinstance(stt, (int, float)) or bool(isinstance(stt, str) and _NUMBER.match(stt))
        if footer and value["stars"] is None and not numbered:
            continue  # after the grand total: "Nơi nhận:", signatures; a numbered or rated row still counts
        in_table = [c - left for c in filled if c >= left]
        if not in_table:
            continue  # only text left of the table
        section_text = _section_text(cells, in_table, value, columns, r in wide_rows, left)
        if section_text is not None:
            section = section_text
            problems += _legacy_problems(r, [c for c in filled if (r, c) in ambiguous], grid, columns)
            continue
        used = [col.index for f, col in columns.items() if f != "stt" and (r, col.index) in ambiguous]
        problems += _legacy_problems(r, used, grid, columns)
        name = _text(value["name"])
        if name is None:
            problems.append(AnnexProblem(r + 1, _missing_name_message(columns["name"])))
            continue
        stars, star_problem = _parse_stars(value["stars"], columns["stars"])
        score, score_problem = _parse_score(value.get("score"), columns.get("score"))
        problems += [AnnexProblem(r + 1, m) for m in (star_problem, score_problem) if m]
        if stars is not None and score is not None:
            low, high = STAR_BANDS[stars]
            if not low <= score < high:
                problems.append(AnnexProblem(r + 1, _band_message(score, stars, columns)))
        slug = _text(value.get("slug"))
        if slug is not None and not is_slug(slug):
            problems.append(AnnexProblem(r + 1, f"Slug «{slug}» (cột {columns['slug'].letter}) không đúng dạng. "
                                                "Hãy chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối, ví "
                                                "dụ «mat-ong-hoa-ca-phe», hoặc để trống để tạo sản phẩm mới."))
        rows.append(AnnexRow(row=r + 1, name=name, producer=_text(value.get("producer")),
                             address=_text(value.get("address")), section=section, stars=stars,
                             score=score, note=_text(value.get("note")), slug=slug))
    return Annex(path, sheet.name, tuple(r + 1 for r in header.rows), dict(columns), rows, problems,
                 dict(header.ignored))


# ---------------------------------------------------------------- rows

_TOTAL = re.compile(r"^(?:(tong cong|tong so)\b|(tong)\s*(?::|\d|$|co\b)|(cong)\s*(?::|\d|$|co\b))")


def _total_kind(text: str) -> str | None:
    """'Tổng cộng: 25 sản phẩm' -> 'grand'; 'Cộng: 5' (a district's subtotal) -> 'sub'."""
    match = _TOTAL.match(fold(text).lower())
    if not match:
        return None
    return "sub" if match.group(3) else "grand"


_NUMBERING = re.compile(r"^(?:[IVXLC]+|[A-Z])[.):\-–]?$")
_NUMBERED_TEXT = re.compile(r"^(?:[IVXLC]+|[A-Z])\s*[.):\-–]\s*(\S.*)$")
_SECTION_WORDS = re.compile(r"^(huyen|thi xa|thanh pho|tp|quan|xa|phuong|thi tran|tinh|nhom|phan nhom|"
                            r"san pham|linh vuc|dia ban|khu vuc|vung)\b")
_NUMBER = re.compile(r"^\d+[.,]?$")


def _repeats_header(value: dict[str, Cell], columns: dict[str, AnnexColumn]) -> bool:
    return value["name"] == columns["name"].header and value["stars"] == columns["stars"].header


def _column_numbers(values: list[Cell]) -> bool:
    """'(1) | (2) | (3) | ...' or '1 | 2 | 3 | ...': the column numbers official tables put under
    the header."""
    numbers = []
    for value in values:
        match = re.fullmatch(r"\(?(\d+)\)?", _text(value) or "")
        if not match:
            return False
        numbers.append(int(match.group(1)))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _section_text(cells, filled, value, columns, wide: bool, left: int) -> str | None:
    """The section a row opens ('I | Huyện Đức Linh', 'II. Sản phẩm 4 sao'), or None for a product.
    `filled` counts columns from the table's first column (`left`)."""
    if value["stars"] is not None:
        return None
    cells = cells[left:]
    texts = [_text(cells[c]) for c in filled]
    stt = value.get("stt")
    if isinstance(stt, str) and _NUMBERING.match(stt) and len(filled) >= 2:
        return " ".join(t for c, t in zip(filled, texts, strict=True) if c + left != columns["stt"].index)
    if max(filled) > 1 and not wide:
        return None  # text beyond the first two columns: a product row (with its problems)
    if any(isinstance(cells[c], (int, float)) or _NUMBER.match(t) for c, t in zip(filled, texts, strict=True)):
        return None  # a numbered product row
    joined = " ".join(t for t in texts if not _NUMBERING.match(t))
    numbered = _NUMBERED_TEXT.match(joined)
    if numbered:
        return numbered.group(1)
    if wide or _SECTION_WORDS.match(fold(joined).lower()) or columns["name"].index - left not in filled:
        return joined
    return None


_STAR_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5}


def _parse_stars(value: Cell, column: AnnexColumn) -> tuple[int | None, str | None]:
    where = f"cột {column.letter} «{column.header}»"
    if value is None:
        return None, (f"Thiếu hạng sao ({where}). Hãy điền số sao từ 1 đến 5 như trong quyết định.")
    stars = None
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            stars = int(value)
    else:
        text = fold(value).lower().strip()
        if text and set(text) <= {"★", "☆", " "} and "★" in text:
            stars = text.count("★")
        elif text and set(text) <= {"*", " "}:
            stars = text.count("*")
        else:
            match = re.fullmatch(r"(\d+)(?:[.,]0+)?\s*(?:sao|\*|★)?", text) \
                or re.fullmatch(r"(mot|hai|ba|bon|nam)\s+sao", text)
            if match:
                stars = _STAR_WORDS.get(match.group(1)) or int(match.group(1))
    shown = _text(value)
    if stars is None:
        return None, (f"Không đọc được hạng sao «{shown}» ({where}). Hãy viết số sao là một số nguyên từ 1 "
                      "đến 5, ví dụ «3», «3 sao» hoặc «★★★».")
    if not 1 <= stars <= 5:
        return None, (f"Hạng sao «{shown}» ({where}) nằm ngoài khoảng 1–5. Hãy sửa thành số sao từ 1 đến 5 "
                      "như trong quyết định.")
    return stars, None


def _parse_score(value: Cell, column: AnnexColumn | None) -> tuple[float | None, str | None]:
    if value is None or column is None:
        return None, None
    where = f"cột {column.letter} «{column.header}»"
    if isinstance(value, (int, float)):
        score = float(value)
    else:
        text = re.sub(r"\s*(điểm|đ)\.?$", "", value.strip(), flags=re.I)
        if not re.fullmatch(r"\d+(?:[.,]\d+)?", text):
            return None, (f"Điểm «{value}» ({where}) không phải là số. Hãy viết điểm bằng chữ số, ví dụ «91,14», "
                          "hoặc để trống nếu quyết định không ghi điểm.")
        score = float(text.replace(",", "."))
    if not 0 <= score <= 100:
        return None, (f"Điểm {_number(score)} ({where}) nằm ngoài thang 0–100. Hãy sửa lại điểm như trong "
                      "quyết định.")
    return score, None


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _band_message(score: float, stars: int, columns: dict[str, AnnexColumn]) -> str:
    band = next(s for s, (low, high) in STAR_BANDS.items() if low <= score < high)
    return (f"Điểm {_number(score)} (cột {columns['score'].letter}) không khớp với {stars} sao "
            f"(cột {columns['stars'].letter}): {stars} sao cần {STAR_BAND_TEXT[stars]}, còn "
            f"{_number(score)} điểm là {band} sao. Hãy đối chiếu điểm và hạng sao với quyết định.")


def _missing_name_message(column: AnnexColumn) -> str:
    return (f"Hàng có dữ liệu nhưng thiếu tên sản phẩm (cột {column.letter} «{column.header}»). Hãy điền tên "
            "sản phẩm như trong quyết định, hoặc xóa hàng nếu thừa.")


def _legacy_problems(r: int, indexes, grid, columns) -> list[AnnexProblem]:
    names = {col.index: col.header for col in columns.values()}
    problems = []
    for c in indexes:
        header = f" «{names[c]}»" if c in names else ""
        problems.append(AnnexProblem(r + 1, (
            f"Ô {_letter(c)}{r + 1}{header} có vẻ được gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI) nhưng không "
            f"chuyển sang Unicode chắc chắn được: «{grid[r][c]}». Hãy chuyển ô này sang Unicode (ví dụ bằng "
            "công cụ chuyển mã của Unikey) hoặc gõ lại, rồi nhập lại.")))
    return problems


def _header_problems(header: _Header | None) -> list[AnnexProblem]:
    if header is None:
        found, row = "chưa nhận ra cột nào", None
    else:
        found = "đã nhận ra " + ", ".join(f"«{col.header}» (cột {col.letter})" for col in header.columns.values())
        row = header.rows[0] + 1
    problems = []
    for f in REQUIRED:
        if header is not None and f in header.columns:
            continue
        accepted = ", ".join(f"«{h}»" for h in HEADERS[f])
        problems.append(AnnexProblem(row, (
            f"Không tìm thấy cột {FIELD_NAMES[f]} trong {HEADER_SCAN_ROWS} hàng đầu ({found}). Hãy đặt tiêu "
            f"đề cột {FIELD_NAMES[f]} là một trong: {accepted}.")))
    return problems
