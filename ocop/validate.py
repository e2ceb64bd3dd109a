"""Stage 2 — validate: every content mistake of the run, each as path:line: message.

Checks are plain functions over raw records; nothing stops at the first error.
"""
from __future__ import annotations

import datetime as dt
import difflib
import html
import re
from collections import defaultdict

from . import urls
from .dates import PartialDate, parse_period
from .errors import ContentError
from .load import RawRecord, RecordName
from .reuse import Reuse
from .schema import SCHEMAS, SCORE_PARTS, SCORE_SHEETS, SHEET_TRANSITION_DAYS, SOURCE, Field, ScoreSheet
from .slugs import fold, is_slug, slugify

MAX_ENTRIES = 2000  # products in one decision: the largest real annexes hold a few hundred
STAR_BANDS = {1: (0, 30), 2: (30, 50), 3: (50, 70), 4: (70, 90), 5: (90, 100.0001)}
# (pattern, what it is); the last group of a pattern is what is named and where the line is.
_UNSAFE_HTML = (
    (re.compile(r"<\s*script\b", re.I), "thẻ <script>"),
    (re.compile(r"<\s*style\b", re.I), "thẻ <style>"),
    (re.compile(r"<\s*(iframe|object|embed|form)\b", re.I), "thẻ nhúng <{}>"),
    (re.compile(r"<[a-z][^>]*?[\s/](on[a-z]+)\s*=", re.I), "thuộc tính sự kiện ({}=)"),
)
# Where a body names a link target: HTML attributes, Markdown links and images, reference
# definitions and autolinks. Prose such as "JavaScript: ..." is no link and is not blamed.
_LINK_ELSEWHERE = r"""
    | \]\(\s*<?(?P<md>[^)\s>]*)
    | ^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<ref>[^\s>]+)
    | <(?P<auto>[a-z][a-z0-9+.\-]*:[^\s<>]*)>
"""
_LINK_TARGET = re.compile(r"""
      \b(?:href|src|action|formaction|poster|xlink:href)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))
""" + _LINK_ELSEWHERE, re.I | re.M | re.X)
# The same without the attributes, for a body without "=" (where that branch can match nowhere, so the
# matches are the same): the attribute branch, tried at every word, is ~75 % of the scan.
_LINK_TARGET_NO_ATTRIBUTE = re.compile("(?!)" + _LINK_ELSEWHERE, re.I | re.M | re.X)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
# Words editors write for an allowed value (folded, lower case) -> the value.
SYNONYMS = {
    "htx": "hợp tác xã", "tht": "tổ hợp tác", "dn": "doanh nghiệp", "cong ty": "doanh nghiệp",
    "ho kinh doanh": "hộ sản xuất", "ho san xuat kinh doanh": "hộ sản xuất", "tw": "trung ương",
    "quoc gia": "trung ương", "tp": "thành phố",
}
NOT_A_SLUG = "tên tệp là địa chỉ trang nên chỉ gồm chữ thường không dấu, chữ số và '-'"
# What each star band is in points (1★ <30, 2★ 30–49, 3★ 50–69, 4★ 70–89, 5★ 90–100).
STAR_BAND_TEXT = {1: "dưới 30", 2: "30–49", 3: "50–69", 4: "70–89", 5: "90–100"}
# What one item of each list is, in the editors' words: "sản phẩm thứ 2 trong danh sách entries".
ITEM_WORDS = {"entries": "sản phẩm", "targets": "chỉ tiêu", "sources": "nguồn", "photos": "ảnh", "figures": "số liệu",
              "milestones": "mốc", "aliases": "địa chỉ cũ", "where_to_buy": "nơi bán"}


# ---------------------------------------------------------------- field checks

def _suggest(word: object, options) -> str:
    """'; có phải là 'x'?' for a near miss (diacritics, case, typos, common abbreviations), else ''."""
    options = [str(o) for o in options]
    key = fold(str(word)).lower().strip()
    folded = {fold(o).lower(): o for o in options}
    if key in folded:
        return f"; có phải là '{folded[key]}'?"
    if SYNONYMS.get(key) in options:
        return f"; có phải là '{SYNONYMS[key]}'?"
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return f"; có phải là '{folded[close[0]]}'?" if close else ""


def _place(path: tuple) -> str:
    """('entries', 1) -> 'sản phẩm thứ 2 trong danh sách entries';
    ('targets', 0, 'reported') -> 'reported của chỉ tiêu thứ 1 trong danh sách targets'."""
    parts: list[str] = []
    for index, part in enumerate(path):
        if isinstance(part, int):
            name = path[index - 1] if index else ""
            parts[-1:] = [f"{ITEM_WORDS.get(name, 'mục')} thứ {part + 1} trong danh sách {name}".strip()]
        else:
            parts.append(str(part))
    return " của ".join(reversed(parts))


def _label(path: tuple) -> str:
    """('entries', 1, 'stars') -> "'stars' của sản phẩm thứ 2 trong danh sách entries";
    ('producer', 'kind') -> "'kind' trong producer"; ('aliases', 0) -> 'địa chỉ cũ thứ 1 trong danh sách aliases'."""
    if not path:
        return "giá trị này"
    if isinstance(path[-1], int):
        return _place(path)
    rest = path[:-1]
    if not rest:
        return f"'{path[-1]}'"
    return f"'{path[-1]}' " + ("của " if isinstance(rest[-1], int) else "trong ") + _place(rest)


def _describe(value: object) -> str:
    if value is None:
        return "để trống"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (giá trị có/không)"
    if isinstance(value, (list, dict)):
        return "một danh sách" if isinstance(value, list) else "một nhóm trường"
    return f"'{value}'"


_DAY_FIRST = re.compile(r"^(?:(\d{1,2})[/.])?(\d{1,2})[/.](\d{4})$")


def _date_message(name: str, value: object, reason: str) -> str:
    """Dates are written year first; 22/08/2022 (the Vietnamese order) gets the rewritten form."""
    day_first = _DAY_FIRST.match(str(value).strip())
    if day_first:
        day, month, year = day_first.groups()
        iso = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
        return f"{name} '{value}' phải viết năm trước: viết {iso}"
    if reason.startswith("không có "):
        return f"{name}: {reason}; kiểm tra lại ngày trong nguồn"
    return f"{name}: {reason}"


# One checker per field type (schema.Field.type): (spec, value, path) -> the message, or None when the
# value is good. Groups of fields ("map") and lists are walked by check_value itself.

def _check_name(spec: Field, value: object, path: tuple) -> str | None:
    if not isinstance(value, str):
        return (f"{_label(path)} phải là chữ (văn bản), đang là {_describe(value)}; đặt trong dấu ngoặc kép: "
                f"{path[-1]}: \"{str(value).lower() if isinstance(value, bool) else value}\"")
    return _check_text(spec, value, path)


def _check_text(spec: Field, value: object, path: tuple) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return (f"{_label(path)} phải là chữ (văn bản), đang là {_describe(value)}; viết văn bản trên cùng dòng, "
                "trong dấu ngoặc kép")
    if str(value).strip() == "":
        return f"{_label(path)} đang để trống; điền vào hoặc xóa dòng này"
    return None


def _check_int(spec: Field, value: object, path: tuple) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{_label(path)} phải là số nguyên, đang là {_describe(value)}; viết bằng chữ số (ví dụ 3)"
    return None


def _check_number(spec: Field, value: object, path: tuple) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return (f"{_label(path)} phải là một số, đang là {_describe(value)}; viết bằng chữ số, phần thập phân "
                "sau dấu chấm (ví dụ 20 hoặc 91.5)")
    return None


def _check_bool(spec: Field, value: object, path: tuple) -> str | None:
    if not isinstance(value, bool):
        return f"{_label(path)} phải là true (có) hoặc false (không), đang là {_describe(value)}"
    return None


def _check_date(spec: Field, value: object, path: tuple) -> str | None:
    try:
        PartialDate.parse(value)
    except ValueError as exc:
        return _date_message(_label(path), value, str(exc))
    return None


def _check_period(spec: Field, value: object, path: tuple) -> str | None:
    try:
        parse_period(value)
    except ValueError as exc:
        return f"{_label(path)}: {exc}"
    return None


def _check_slug(spec: Field, value: object, path: tuple) -> str | None:
    if not isinstance(value, str) or not is_slug(value):
        hint = slugify(str(value)) if not isinstance(value, (list, dict)) else ""
        return (f"{_label(path)} phải viết như tên tệp/địa chỉ trang (slug): chữ thường không dấu, chữ số, các từ "
                f"nối bằng '-'; đang là {_describe(value)}" + (f"; viết '{hint}'" if hint else ""))
    return None


_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def _check_url(spec: Field, value: object, path: tuple) -> str | None:
    if not isinstance(value, str) or not _URL.match(value.strip()):
        return (f"{_label(path)} phải là địa chỉ web bắt đầu bằng http:// hoặc https://, đang là "
                f"{_describe(value)}")
    return None


_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 .()\-]+$")


def phone_digits(text: str) -> str:
    """The national number of a phone as written: '+84 209 3870 123' -> '02093870123'."""
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if text.strip().startswith("+84") else digits


def _check_phone(spec: Field, value: object, path: tuple) -> str | None:
    """One Vietnamese phone number as the source writes it: 8 digits (hotlines 1800/1900 ...) to 11
    (landlines 02xx and 7–8 digits; mobiles have 10), spaces, dots, '-', brackets and +84 allowed."""
    example = "viết như nguồn ghi, trong dấu ngoặc kép, ví dụ phone: \"0209 3870 123\""
    if isinstance(value, int) and not isinstance(value, bool):
        return (f"{_label(path)} là số điện thoại nên phải đặt trong dấu ngoặc kép (không có ngoặc, số 0 ở đầu bị "
                f"mất); {example}")
    if not isinstance(value, str) or not _PHONE_CHARACTERS.match(value.strip()) \
            or not 8 <= len(phone_digits(value)) <= 11:
        return (f"{_label(path)} phải là một số điện thoại (8 đến 11 chữ số, có thể có dấu cách, dấu chấm, '-' và +84 "
                f"ở đầu), đang là {_describe(value)}; chỉ ghi một số, {example}")
    return None


_EMAIL = re.compile(r"^[^@\s<>\"',;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}$", re.I)


def _check_email(spec: Field, value: object, path: tuple) -> str | None:
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        return (f"{_label(path)} phải là một địa chỉ thư điện tử như ten@example.vn (không có dấu cách, không có "
                f"'mailto:'), đang là {_describe(value)}")
    return None


def _check_enum(spec: Field, value: object, path: tuple) -> str | None:
    if value in spec.choices:
        return None
    suggestion = _suggest(value, spec.choices)
    if suggestion:
        return f"{_label(path)} không nhận giá trị {_describe(value)}{suggestion}"
    return (f"{_label(path)} không nhận giá trị {_describe(value)}; viết một trong các giá trị: "
            f"{', '.join(map(str, spec.choices))}")


SCALAR_CHECKS = {
    "name": _check_name, "text": _check_text, "int": _check_int, "number": _check_number, "bool": _check_bool,
    "date": _check_date, "period": _check_period, "slug": _check_slug, "url": _check_url, "enum": _check_enum,
    "phone": _check_phone, "email": _check_email,
}


def value_problem(spec: Field, value: object) -> str | None:
    """What is wrong with one value of a field (as the build would say it), or None.

    For tools that take a fact before a record exists (`new`, `import`): the same check,
    the same words as `python build.py check`.
    """
    if value is None:
        return f"{_label((spec.name,))} đang để trống; điền vào hoặc xóa dòng này"
    return SCALAR_CHECKS[spec.type](spec, value, (spec.name,))


def check_value(record: RawRecord, spec: Field, value: object, path: tuple) -> list[ContentError]:
    if value is None:
        return [record.error(f"{_label(path)} đang để trống; điền vào hoặc xóa dòng này", *path)]
    if spec.type == "map":
        return _check_map(record, spec, value, path)
    if spec.type == "list":
        return _check_list(record, spec, value, path)
    problem = SCALAR_CHECKS[spec.type](spec, value, path)
    return [record.error(problem, *path)] if problem else []


def _check_map(record: RawRecord, spec: Field, value: object, path: tuple) -> list[ContentError]:
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return [record.error(f"{_label(path)} là một nhóm trường, không phải danh sách; xóa '- ' ở đầu các trường "
                             "của nó", *path)]
    if not isinstance(value, dict):
        return [record.error(f"{_label(path)} phải là một nhóm các dòng 'tên: giá trị' thụt lề bên dưới nó, đang là "
                             f"{_describe(value)}", *path)]
    return check_fields(record, spec.fields, value, path)


def _check_list(record: RawRecord, spec: Field, value: object, path: tuple) -> list[ContentError]:
    if not isinstance(value, list):
        return [record.error(f"{_label(path)} phải là một danh sách, đang là {_describe(value)}; viết mỗi mục trên "
                             "một dòng riêng, bắt đầu bằng '- '", *path)]
    if spec.required and not value:
        return [record.error(f"{_label(path)} đang trống; thêm ít nhất một mục (một dòng bắt đầu bằng '- ')", *path)]
    errors: list[ContentError] = []
    for index, item in enumerate(value):
        item_path = path + (index,)
        if spec.item == "map":
            if not isinstance(item, dict):
                errors.append(record.error(f"{_place(item_path)} phải là một nhóm các dòng 'tên: giá trị', đang là "
                                           f"{_describe(item)}", *item_path))
            else:
                errors += check_fields(record, spec.fields, item, item_path)
        elif not isinstance(item, str) or not item.strip():
            errors.append(record.error(f"{_place(item_path)} phải là chữ (văn bản)", *item_path))
    return errors


def check_fields(record: RawRecord, specs: tuple, data: dict, path: tuple = ()) -> list[ContentError]:
    errors: list[ContentError] = []
    by_name = {spec.name: spec for spec in specs}
    where = f" trong {_place(path)}" if path else ""
    misspelt = set()  # required fields an unknown key looks like: one message is enough
    for key, value in data.items():
        spec = by_name.get(key)
        if spec is None:
            suggestion = _suggest(key, by_name)
            if suggestion:
                misspelt.add(suggestion.split("'")[1])
                errors.append(record.error(f"không có trường '{key}'{where}{suggestion}", *path, key))
            else:
                errors.append(record.error(f"không có trường '{key}'{where}; xóa dòng này, hoặc dùng một trong các "
                                           f"trường: {', '.join(by_name)}", *path, key))
            continue
        errors += check_value(record, spec, value, path + (key,))
    if specs is SOURCE and "title" not in data and "url" not in data and not (set(data) - set(by_name)):
        errors.append(record.error(f"{_place(path) if path else 'nguồn'} cần có 'title' hoặc 'url' (hoặc cả hai); "
                                   "thêm điều bạn biết", *path))
    for spec in specs:
        if spec.required and spec.name not in data and spec.name not in misspelt:
            errors.append(record.error(f"thiếu trường bắt buộc '{spec.name}'{where}; thêm một dòng "
                                       f"'{spec.name}: ...'", *path))
    return errors


def link_scheme(target: str) -> str | None:
    """The scheme a browser reads in a link target, as it reads it: character references decoded, tabs and
    line breaks removed, leading spaces and control characters dropped ('java&#x09;script:' is javascript)."""
    url = re.sub(r"[\t\n\r]", "", html.unescape(target)).lstrip("".join(map(chr, range(33))))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def check_body(record: RawRecord) -> list[ContentError]:
    """Raw HTML and links the sanitiser removes (markdown_render.sanitize) are reported, so the editor knows."""
    found: list[tuple[int, str]] = []  # (position in the body, what)
    # "&lt;script" written as an entity is a tag too. Every pattern needs a "<" (tags), and every link
    # target a "=", "]" or "<": most descriptions have neither, and are not scanned (~1 s at 20,000)
    body = html.unescape(record.body) if "&" in record.body else record.body
    for pattern, what in _UNSAFE_HTML if "<" in body else ():
        for match in pattern.finditer(body):
            at = match.start(match.lastindex or 0)
            found.append((body.count("\n", 0, at), what.format(match.group(match.lastindex or 0).lower())))
    targets = _LINK_TARGET if "=" in record.body else _LINK_TARGET_NO_ATTRIBUTE
    maybe_links = "=" in record.body or "]" in record.body or "<" in record.body
    for match in targets.finditer(record.body) if maybe_links else ():
        scheme = link_scheme(match.group(match.lastgroup))
        if scheme is None or scheme in urls.LINK_SCHEMES:
            continue
        what = f"liên kết {scheme}:" if scheme in ("javascript", "vbscript") else \
            f"liên kết bắt đầu bằng '{scheme}:' (chỉ giữ các liên kết http, https, mailto và tel)"
        found.append((record.body.count("\n", 0, match.start(match.lastgroup)), what))
    return [ContentError(record.path, record.body_line + line, f"nội dung có {what}, trang web sẽ bỏ đi vì lý do an "
                                                               "toàn; hãy xóa (định dạng và liên kết thì viết bằng "
                                                               "Markdown)")
            for line, what in found]


# ---------------------------------------------------------------- record rules

def _province_rules(record: RawRecord, provinces: dict[str, RawRecord]) -> list[ContentError]:
    d = record.data
    errors = []
    if isinstance(d.get("slug"), str) and d["slug"] != record.stem:
        errors.append(record.error(f"slug '{d['slug']}' khác tên tệp; đổi tên tệp thành {d['slug']}.yaml hoặc sửa "
                                   f"thành slug: {record.stem}", "slug"))
    target = d.get("merged_into")
    if target is not None:
        if "merged_on" not in d:
            errors.append(record.error("'merged_into' cần thêm 'merged_on': ngày tỉnh sau hợp nhất bắt đầu hoạt động "
                                       "(ví dụ merged_on: 2025-07-01)", "merged_into"))
        if target == record.stem:
            errors.append(record.error("một tỉnh không thể hợp nhất vào chính nó; xóa dòng merged_into",
                                       "merged_into"))
        elif isinstance(target, str) and target not in provinces:
            errors.append(record.error(f"merged_into {_not_a_province(target, provinces)}", "merged_into"))
        elif isinstance(target, str) and "merged_into" in provinces[target].data:
            errors.append(record.error(f"tỉnh '{target}' cũng đã hợp nhất vào tỉnh khác; sửa merged_into thành tỉnh "
                                       f"sau hợp nhất ('{provinces[target].data['merged_into']}')", "merged_into"))
    elif "merged_on" in d:
        errors.append(record.error("có 'merged_on' mà không có 'merged_into'; thêm merged_into hoặc xóa merged_on",
                                   "merged_on"))
    return errors


def _not_a_province(value: str, provinces: dict) -> str:
    """"'x' không phải là tỉnh, thành phố nào; có phải là 'y'?" or "...; dùng tên một tệp trong content/provinces/"."""
    return f"'{value}' không phải là tỉnh, thành phố nào" + (
        _suggest(value, provinces) or "; dùng tên một tệp trong content/provinces/ (bỏ .yaml)")


def _folder_rule(record: RawRecord, provinces: dict, folder_name: str) -> list[ContentError]:
    """Ratings and plans live in the folder of their province."""
    if record.folder in provinces:
        return []
    close = _suggest(record.folder, provinces)
    move_to = f"content/{folder_name}/{close.split(chr(39))[1]}/" if close else f"content/{folder_name}/<tỉnh>/"
    return [ContentError(record.path, 0, f"thư mục '{record.folder}' không phải là tỉnh, thành phố nào{close} "
                                         f"Chuyển tệp vào {move_to}")]


def _product_rules(record: RawRecord, provinces: dict) -> list[ContentError]:
    d = record.data
    errors = []
    if not is_slug(record.stem):
        errors.append(ContentError(record.path, 0, f"{NOT_A_SLUG}; đổi tên thành {slugify(record.stem)}"
                                   f"{'' if record.photo_dir else '.md'}"))
    if record.stem in urls.RESERVED_PRODUCT_SLUGS:
        errors.append(ContentError(record.path, 0, f"'{record.stem}' là địa chỉ dành riêng cho các trang của trang "
                                   "web; đổi tên tệp"))
    province = d.get("province")
    named = province if isinstance(province, str) and is_slug(province) else None  # else the field check said it
    if named is not None and named not in provinces:
        errors.append(record.error(f"province: {_not_a_province(named, provinces)}", "province"))
    elif record.folder not in provinces:
        move_to = f"content/products/{named}/" if named else "content/products/<tỉnh>/"
        errors.append(ContentError(record.path, 0, f"thư mục '{record.folder}' không phải là tỉnh, thành phố nào; "
                                   f"chuyển tệp vào {move_to}"))
    elif named is not None and named != record.folder:
        errors.append(record.error(f"province '{named}' không khớp với thư mục '{record.folder}'; chuyển tệp vào "
                                   f"content/products/{named}/ hoặc sửa thành province: {record.folder}",
                                   "province"))
    if d.get("group_by_editors") and "group" not in d:
        errors.append(record.error("có 'group_by_editors' mà không có 'group'; thêm nhóm sản phẩm hoặc xóa dòng này",
                                   "group_by_editors"))
    photos = d.get("photos")
    for index, photo in enumerate(photos if isinstance(photos, list) else []):
        if not isinstance(photo, dict) or not isinstance(photo.get("file"), str):
            continue
        name = photo["file"]
        if "/" in name or "\\" in name or name.startswith(".."):
            errors.append(record.error(f"ảnh '{name}' phải là tên một tệp trong thư mục sản phẩm, không kèm thư mục "
                                       "hay '..'; đặt ảnh cạnh index.md và chỉ ghi tên tệp ảnh",
                                       "photos", index, "file"))
        elif record.photo_dir is None:
            errors.append(record.error("sản phẩm có ảnh phải là một thư mục: chuyển tệp này thành "
                                       f"content/products/{record.folder}/{record.stem}/index.md và đặt ảnh bên "
                                       "cạnh", "photos", index, "file"))
        elif not (record.photo_dir / name).is_file():
            errors.append(record.error(f"không có ảnh '{name}' trong {record.path.rsplit('/', 1)[0]}/; kiểm tra "
                                       "chính tả hoặc thêm tệp ảnh", "photos", index, "file"))
    places = d.get("where_to_buy")
    for index, item in enumerate(places if isinstance(places, list) else []):
        if isinstance(item, dict):
            problem = where_to_buy_problem(item, ("where_to_buy", index))
            if problem:
                errors.append(record.error(problem, "where_to_buy", index))
    return errors + check_body(record)


def product_record_problems(record: RawRecord, provinces: dict[str, RawRecord]) -> list[ContentError]:
    """Every rule of one product record on its own: its fields, then its product rules (which read the province
    records and its photo files). The rules across records (addresses, duplicates, the ratings that name it) are
    validate()'s: a record whose edit none of them reads (ocop/body_edits.py) needs only these."""
    return check_fields(record, SCHEMAS["product"], record.data) + _product_rules(record, provinces)


def where_to_buy_problem(item: dict, path: tuple) -> str | None:
    """An item of where_to_buy is a point of sale {name, address} or a link {title, url}, never both or neither."""
    place = "name" in item or "address" in item
    link = "title" in item or "url" in item
    if place and link:
        return (f"{_place(path)} vừa là điểm bán (name, address) vừa là liên kết (title, url); mỗi mục chỉ là một "
                "trong hai: tách thành hai mục, mỗi mục bắt đầu bằng '- '")
    if place and "name" not in item:
        return (f"{_place(path)} là một điểm bán nhưng thiếu 'name'; thêm tên cửa hàng, quầy hay điểm bán như nguồn "
                "ghi: name: ...")
    if link and "url" not in item:
        return (f"{_place(path)} là một liên kết nhưng thiếu 'url'; thêm địa chỉ trang cửa hàng: url: https://...")
    if not place and not link and not item:
        return (f"{_place(path)} đang trống; ghi một điểm bán (name, address) hoặc một liên kết (title, url), hoặc "
                "xóa mục này")
    return None


# ---------------------------------------------------------------- renamed or never there

def likely_successor(url: str, records: list[RecordName], published: frozenset[str]) -> RecordName | None:
    """The record a published URL that nothing claims any more most likely became: same kind, a similar
    slug, preferably published for the first time in this run (a renamed record looks like that).

    A product already published beside the vanished one is another product (another producer's, often
    with a similar name: 'tra-shan-tuyet-ban-na' for 'tra-shan-tuyet'): it is never proposed.
    """
    kind = urls.url_kind(url)
    if kind is None:
        return None
    wanted_kind, slug, folder = kind
    scored = []
    for record in records:
        if record.kind != wanted_kind:
            continue
        new = urls.record_url(record.kind, record.stem, record.folder) not in published
        similarity = difflib.SequenceMatcher(None, slug, record.stem).ratio()
        if wanted_kind == "product":
            if not new or similarity < 0.5:
                continue
            score = similarity
        else:
            score = similarity + (0.3 if wanted_kind == "plan" and record.folder == folder else 0) + (0.5 if new else 0)
        scored.append((-score, record.path, record))
    if not scored:
        return None
    best = min(scored, key=lambda item: (item[0], item[1]))
    return best[2] if -best[0] >= (0.5 if wanted_kind == "product" else 0.6) else None


def similar_published(url: str, records: list[RecordName], published: frozenset[str]) -> RecordName | None:
    """For a vanished product page with no likely successor: the most similar product that was already
    published (not a rename: a product of its own, named only so that the editor can check it)."""
    kind = urls.url_kind(url)
    if kind is None or kind[0] != "product":
        return None
    old = {r.stem: r for r in records if r.kind == "product" and urls.product_url(r.stem) in published}
    close = difflib.get_close_matches(kind[1], sorted(old), n=1, cutoff=0.6)
    return old[close[0]] if close else None


def _who(record: RawRecord) -> str:
    """'Trà Shan tuyết Bản Na, HTX Bản Na' — enough for an editor to tell two products apart."""
    producer = record.data.get("producer")
    producer_name = producer.get("name") if isinstance(producer, dict) else None
    return ", ".join(str(part) for part in (record.data.get("name"), producer_name) if part) or record.path


def _missing_product(slug: str, products: dict[str, RawRecord], published: frozenset[str]) -> str:
    """What to say about an entry naming a product that has no file: renamed (the ledger knows it was
    published) or mistyped. Another existing product is never offered as if it were the same one."""
    old_url = urls.product_url(slug)
    for record in products.values():  # a product that took over the old address (its alias) is certain
        aliases = record.data.get("aliases")
        if isinstance(aliases, list) and any(isinstance(a, str) and urls.is_site_path(a)
                                             and urls.normalize_path(a) == old_url for a in aliases):
            return (f"sản phẩm '{slug}' đã đổi tên thành {record.path} (tệp đó ghi {old_url} trong aliases): sửa "
                    f"thành product: {record.stem}")
    if old_url in published:
        successor = likely_successor(old_url, [r.name for r in products.values()], published)
        if successor is not None:
            return (f"sản phẩm '{slug}' không còn; có thể đã đổi tên thành {successor.path}: sửa thành "
                    f"product: {successor.stem}")
        text = (f"sản phẩm '{slug}' không còn (trang /san-pham/{slug}/ đã đăng nhưng nay không có tệp nào mang tên "
                "này)")
        close = difflib.get_close_matches(slug, list(products), n=1, cutoff=0.6)
        if close:
            text += (f"; '{close[0]}' ({_who(products[close[0]])}) là một sản phẩm khác, đã có từ trước: đừng chuyển "
                     "quyết định sang sản phẩm đó")
        return text + ("; nếu sản phẩm đã đổi tên, ghi tên tệp mới sau product:, nếu tệp bị xóa nhầm, lấy lại tệp "
                       "từ git")
    close = difflib.get_close_matches(slug, list(products), n=1, cutoff=0.6)
    if close:
        return f"không có sản phẩm '{slug}'; có phải là '{close[0]}' ({_who(products[close[0]])})?"
    return (f"không có sản phẩm '{slug}'; ghi tên tệp của một sản phẩm trong content/products/ (bỏ .md), hoặc tạo "
            "sản phẩm trước: python build.py new product")


def _named_products(record: RawRecord) -> tuple[str, ...]:
    """The product names (strings) a rating record's entries give, as _rating_rules reads them."""
    entries = record.data.get("entries")
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        return ()
    return tuple(entry["product"] for entry in entries
                 if isinstance(entry, dict) and isinstance(entry.get("product"), str))


def _rating_rules(record: RawRecord, provinces: dict, products: dict[str, RawRecord],
                  duplicated: set[str], published: frozenset[str] = frozenset()) -> list[ContentError]:
    d = record.data
    errors = _folder_rule(record, provinces, "ratings")
    if "date" not in d and "reported_by" not in d:
        errors.append(record.error("thiếu 'date' (ngày quyết định: 2022, 2022-08 hoặc 2022-08-22); nếu không biết "
                                   "ngày, ghi 'reported_by:' là ngày của nguồn đưa tin về quyết định"))
    dates = {}
    for key in ("date", "reported_by", "valid_from", "valid_until"):
        try:
            dates[key] = PartialDate.parse(d[key]) if key in d else None
        except ValueError:
            dates[key] = None
    start = dates["valid_from"] or dates["date"]
    if dates["valid_until"] and start and dates["valid_until"].latest() < start.earliest():
        errors.append(record.error(f"valid_until {dates['valid_until']} ở trước ngày quyết định "
                                   f"({start}); kiểm tra lại cả hai ngày", "valid_until"))
    if dates["valid_from"] and dates["date"] and dates["valid_from"].latest() < dates["date"].earliest():
        errors.append(record.error(f"valid_from {dates['valid_from']} ở trước ngày quyết định "
                                   f"({dates['date']}); kiểm tra lại cả hai ngày", "valid_from"))
    seen: dict[str, int] = {}
    entries = d.get("entries")
    if isinstance(entries, list) and len(entries) > MAX_ENTRIES:
        return errors + [record.error(f"quyết định liệt kê {len(entries)} sản phẩm, quá mức {MAX_ENTRIES} sản phẩm "
                                      "của một quyết định; kiểm tra lại tệp (có dán nhầm cả danh mục?) hoặc tách "
                                      "theo từng phụ lục", "entries")]
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        slug = entry.get("product")
        at = ("entries", index)
        if isinstance(slug, str) and is_slug(slug):
            if slug in seen:
                errors.append(record.error(f"sản phẩm '{slug}' được ghi hai lần trong quyết định này (lần đầu là "
                                           f"{_place(('entries', seen[slug]))}); giữ một lần", *at, "product"))
            seen[slug] = index
            if slug not in products:
                errors.append(record.error(_missing_product(slug, products, published), *at, "product"))
            elif slug not in duplicated:  # two products share the slug: that is the one mistake to fix
                home = products[slug].data.get("province")
                if isinstance(home, str) and home != record.folder and record.folder in provinces \
                        and home in provinces and not rated_by_successor(provinces[home].data, record.folder,
                                                                         dates["date"] or dates["reported_by"]):
                    errors.append(record.error(f"sản phẩm '{slug}' thuộc tỉnh '{home}'; ghi sản phẩm này của quyết "
                                               f"định vào một tệp trong content/ratings/{home}/", *at, "product"))
        stars, score = entry.get("stars"), entry.get("score")
        for key, problem in (("stars", stars_problem(stars)), ("score", score_problem(score, stars))):
            if problem:
                errors.append(record.error(problem, *at, key))
        parts = entry.get("score_parts")
        if isinstance(parts, dict):
            sheets = possible_sheets(dates["date"], dates["reported_by"])
            for key, problem in score_parts_problems(parts, score if "score" in entry else _MISSING, sheets):
                errors.append(record.error(problem, *at, "score_parts", *key))
    return errors


_MISSING = object()  # a field that is not written at all (not the same as one left empty)


def possible_sheets(date: PartialDate | None, reported_by: PartialDate | None) -> tuple[ScoreSheet, ...]:
    """The national scoring sheets a decision of this date may have been scored on, oldest first.

    A sheet applies from the day it took effect until SHEET_TRANSITION_DAYS after the next one did
    (products are scored weeks or months before their decision is signed). A decision from before
    the first sheet (the programme's first rounds, 2018–2019) has none known here.
    """
    first = date.earliest() if date else None
    last = date.latest() if date else None
    if reported_by:
        last = reported_by.latest() if last is None else min(last, reported_by.latest())
    found = []
    for index, sheet in enumerate(SCORE_SHEETS):
        since = dt.date.fromisoformat(sheet.since)
        following = SCORE_SHEETS[index + 1] if index + 1 < len(SCORE_SHEETS) else None
        until = dt.date.fromisoformat(following.since) + dt.timedelta(days=SHEET_TRANSITION_DAYS) \
            if following else None
        if last is not None and last < since:
            continue
        if until is not None and first is not None and first >= until:
            continue
        found.append(sheet)
    return tuple(found)


def score_parts_problems(parts: dict, score: object, sheets: tuple[ScoreSheet, ...]) -> list[tuple[tuple, str]]:
    """The three parts of a score (Decision 148/QĐ-TTg): each within its maximum on the sheets the decision may
    have used, and together equal to `score`. [(key path under score_parts, message)]."""
    problems: list[tuple[tuple, str]] = []
    values = {}
    for index, part in enumerate(SCORE_PARTS):
        value = parts.get(part.key)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue  # missing or not a number: the field check says it
        values[part.key] = value
        what = f"'{part.key}' (phần {part.name})"
        if sheets:
            top = max(sheets, key=lambda sheet: sheet.maxima[index])
            if not 0 <= value <= top.maxima[index]:
                problems.append(((part.key,), f"{what} phải từ 0 đến {top.maxima[index]} điểm theo phiếu đánh giá "
                                              f"của Quyết định {top.decision}, đang ghi {value:g}; kiểm tra lại "
                                              "trong quyết định"))
        elif value < 0:
            problems.append(((part.key,), f"{what} không thể âm, đang ghi {value:g}; kiểm tra lại trong quyết định"))
    if len(values) == len(SCORE_PARTS):
        total = round(sum(values.values()), 2)
        if score is _MISSING:
            problems.append(((), f"có 'score_parts' mà không có 'score'; thêm tổng điểm như quyết định ghi: "
                                 f"score: {total:g}"))
        elif isinstance(score, (int, float)) and not isinstance(score, bool) and abs(total - score) > 0.011:
            problems.append(((), f"ba phần của score_parts cộng lại được {total:g} điểm, khác với score {score:g}; "
                                 "kiểm tra lại cả hai trong quyết định"))
    return problems


def rated_by_successor(home: dict, folder: str, when: PartialDate | None) -> bool:
    """Whether a decision of province `folder` may rate a product of province `home` (its data): `home`
    was merged into `folder` and the decision is not from before the merger (undated counts as after).
    E.g. Vĩnh Long's decisions since 1/7/2025 re-recognise former Trà Vinh products."""
    if home.get("merged_into") != folder:
        return False
    try:
        merged_on = PartialDate.parse(home["merged_on"]) if "merged_on" in home else None
    except ValueError:
        merged_on = None
    return not (when and merged_on and when.latest() < merged_on.earliest())


def stars_problem(stars: object) -> str | None:
    """A rating entry's stars outside 1–5 (a whole number; the field check reports anything else)."""
    if isinstance(stars, int) and not isinstance(stars, bool) and not 1 <= stars <= 5:
        return f"hạng sao (stars) phải từ 1 đến 5, đang ghi {stars}; kiểm tra lại quyết định"
    return None


def score_problem(score: object, stars: object) -> str | None:
    """A rating entry's score outside 0–100, or outside the band of its stars."""
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        return None
    if not 0 <= score <= 100:
        return f"điểm (score) phải từ 0 đến 100, đang ghi {score:g}; kiểm tra lại quyết định"
    if isinstance(stars, int) and not isinstance(stars, bool) and stars in STAR_BANDS:
        low, high = STAR_BANDS[stars]
        if not low <= score < high:
            band = next(s for s, (lo, hi) in STAR_BANDS.items() if lo <= score < hi)
            return (f"điểm {score:g} ứng với hạng {band} sao, không phải {stars} sao (hạng {stars} sao là "
                    f"{STAR_BAND_TEXT[stars]} điểm); kiểm tra lại cả hai trong quyết định")
    return None


def _plan_rules(record: RawRecord, provinces: dict) -> list[ContentError]:
    d = record.data
    errors = _folder_rule(record, provinces, "plans")
    if not is_slug(record.stem) or not re.match(r"^\d{4}-", record.stem):
        errors.append(ContentError(record.path, 0, "tên tệp là địa chỉ trang: viết <năm>-<số văn bản> bằng chữ "
                                   "thường không dấu, chữ số và '-', ví dụ 2022-75-kh-ubnd.md"))
    try:
        issued = PartialDate.parse(d["issued"]) if "issued" in d else None
    except ValueError:
        issued = None
    if issued and re.match(r"^\d{4}-", record.stem) and int(record.stem[:4]) != issued.year:
        errors.append(record.error(f"ban hành năm {issued.year} nhưng tên tệp bắt đầu bằng {record.stem[:4]}; đổi "
                                   f"tên tệp thành {issued.year}{record.stem[4:]}.md (hoặc sửa lại ngày)",
                                   "issued"))
    targets = d.get("targets")
    for index, target in enumerate(targets if isinstance(targets, list) else []):
        if not isinstance(target, dict):
            continue
        at = ("targets", index)
        measure = target.get("measure")
        for key in ("stars", "from_stars", "to_stars"):
            value = target.get(key)
            if isinstance(value, int) and not isinstance(value, bool) and not 1 <= value <= 5:
                errors.append(record.error(f"{key} phải từ 1 đến 5 (hạng sao), đang ghi {value}", *at, key))
        if measure in ("new", "recognized", "reached") and "stars" not in target:
            errors.append(record.error(f"measure '{measure}' cần 'stars': hạng sao thấp nhất được tính "
                                       "(ví dụ stars: 3)", *at, "measure"))
        if measure == "upgraded":
            if "from_stars" not in target or "to_stars" not in target:
                errors.append(record.error("measure 'upgraded' cần 'from_stars' và 'to_stars' "
                                           "(ví dụ from_stars: 3 và to_stars: 4)", *at, "measure"))
            elif isinstance(target["from_stars"], int) and isinstance(target["to_stars"], int) \
                    and target["to_stars"] <= target["from_stars"]:
                errors.append(record.error("nâng hạng thì to_stars phải cao hơn from_stars", *at, "to_stars"))
        if target.get("comparison") == "range":
            if "value_max" not in target:
                errors.append(record.error("comparison 'range' cần 'value_max' (mức trên); thêm một dòng "
                                           "'value_max: ...'", *at, "comparison"))
            elif isinstance(target.get("value"), (int, float)) and isinstance(target["value_max"], (int, float)) \
                    and target["value_max"] < target["value"]:
                errors.append(record.error("value_max nhỏ hơn value; ghi mức dưới vào value, mức trên vào value_max",
                                           *at, "value_max"))
        elif "value_max" in target:
            errors.append(record.error("'value_max' chỉ dùng với comparison: range; xóa dòng này hoặc sửa thành "
                                       "comparison: range", *at, "value_max"))
    return errors + check_body(record)


def _page_rules(record: RawRecord) -> list[ContentError]:
    errors = []
    if not is_slug(record.stem):
        errors.append(ContentError(record.path, 0, f"{NOT_A_SLUG}; đổi tên thành {slugify(record.stem)}.md"))
    if record.stem in urls.RESERVED_TOP_LEVEL or urls.is_search_bundle(record.stem):
        errors.append(ContentError(record.path, 0, f"/{record.stem}/ là một địa chỉ riêng của trang web; "
                                   "đổi tên tệp"))
    return errors + check_body(record)


# ---------------------------------------------------------------- addresses

def claimed_urls(record: RawRecord) -> list[tuple[str, int]]:
    """The URLs a record claims (its page and its aliases), with the line to blame."""
    url = urls.record_url(record.kind, record.stem, record.folder)
    claims = [(url, 1)] if url else []
    aliases = record.data.get("aliases")
    for index, alias in enumerate(aliases if isinstance(aliases, list) else []):
        if isinstance(alias, str):
            claims.append((urls.normalize_path(alias), record.line("aliases", index)))
    return claims


def _url_rules(records: list[RawRecord], duplicates: set[str]) -> list[ContentError]:
    """Every address leads to one page: pages first, then aliases (an alias is blamed, not the page)."""
    errors: list[ContentError] = []
    owners: dict[str, tuple[RawRecord, int]] = {}
    for record in records:
        own = urls.record_url(record.kind, record.stem, record.folder)
        if own and record.path not in duplicates:
            owners.setdefault(own, (record, 1))
    for record in records:
        own = urls.record_url(record.kind, record.stem, record.folder)
        aliases = record.data.get("aliases")
        for index, alias in enumerate(aliases if isinstance(aliases, list) else []):
            if not isinstance(alias, str):
                continue
            line = record.line("aliases", index)
            if not urls.is_site_path(alias):
                errors.append(ContentError(record.path, line, f"địa chỉ cũ '{alias}' phải là một đường dẫn trong "
                                           "trang này, như /san-pham/ten-cu/ (không có https://, không có dấu cách)"))
                continue
            url = urls.normalize_path(alias)
            if url == own:
                errors.append(ContentError(record.path, line, f"địa chỉ cũ {url} chính là địa chỉ của trang này; "
                                           "xóa dòng này"))
            elif urls.is_site_route(url):
                errors.append(ContentError(record.path, line, f"địa chỉ cũ {url} là một địa chỉ riêng của trang web "
                                           "(danh sách, tìm kiếm, tin mới); xóa dòng này"))
            elif url in owners and owners[url][0] is not record:
                first, first_line = owners[url]
                errors.append(ContentError(record.path, line, f"địa chỉ {url} đã được dùng cho "
                                           f"{first.path}:{first_line}; mỗi địa chỉ chỉ dẫn tới một trang, nên "
                                           "xóa địa chỉ cũ này"))
            else:
                owners.setdefault(url, (record, line))
    return errors


# ---------------------------------------------------------------- the whole run

def validate(records: list[RawRecord], published: frozenset[str] = frozenset(),
             reuse: Reuse | None = None) -> list[ContentError]:
    """Every content error of the run. Unreadable records (load errors) count as existing but are not checked.

    `published` is what the URL ledger lists (load.Ledger.urls): an entry naming a product whose page was
    published is a rename to follow, not a typo to guess at.

    reuse: what the last run in this process found (serve): a record loaded again as the very same
    object (its file did not change) is not checked again, its fields nor its product rules while
    the province records are the same objects too, nor a rating's rules while the products it names
    are the same records too (and all exist, once); a product with a photo folder always is (its
    rules look at the photo files, which are not part of the record). Rules across records run
    every time.
    """
    reuse = reuse or Reuse(keep=False)
    errors: list[ContentError] = []
    by_kind: dict[str, list[RawRecord]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
        if record.readable:
            errors += reuse.get(("fields", record.path), (record,),
                                lambda: check_fields(record, SCHEMAS[record.kind], record.data))

    provinces = {r.stem: r for r in by_kind["province"]}
    products: dict[str, RawRecord] = {}
    duplicates: set[str] = set()
    for record in by_kind["product"]:
        if record.stem in products:
            other = products[record.stem]
            duplicates.add(record.path)
            errors.append(ContentError(record.path, 0, f"tên tệp/địa chỉ trang (slug) '{record.stem}' đã được dùng "
                                       f"cho {other.path}; địa chỉ sản phẩm là /san-pham/<slug>/ chung cho mọi tỉnh, "
                                       "nên hãy đổi tên một trong hai tệp (ví dụ thêm tên chủ thể)"))
        else:
            products[record.stem] = record
    for record in by_kind["product"]:  # 'Trà Thử.md' is reported once, as a file name to fix, and
        if not is_slug(record.stem):
            products.setdefault(slugify(record.stem), record)  # references to 'tra-thu' wait for the rename

    def readable(kind: str) -> list[RawRecord]:
        return [r for r in by_kind[kind] if r.readable]

    for record in readable("province"):
        errors += _province_rules(record, provinces)
    # last run's tuple when it holds the very same province records: then one object stands for all of them
    province_records = reuse.get(("province records",), tuple(provinces.values()), lambda: tuple(provinces.values()))
    for record in readable("product"):
        if record.photo_dir is None:
            errors += reuse.get(("product rules", record.path), (record, province_records),
                                lambda: _product_rules(record, provinces))
        else:  # the photo files are not part of the record: checked every time
            errors += _product_rules(record, provinces)
    duplicated = {r.stem for r in by_kind["product"] if r.path in duplicates}  # slugs of two or more products
    for record in readable("rating"):
        named = _named_products(record)
        if all(slug in products and slug not in duplicated for slug in named):
            # every product it names exists, once: its rules read only those records and the provinces
            errors += reuse.get(("rating rules", record.path), (record, province_records, *map(products.get, named)),
                                lambda: _rating_rules(record, provinces, products, duplicated, published))
        else:  # a missing product's message suggests names from the whole catalog and the URL ledger
            errors += _rating_rules(record, provinces, products, duplicated, published)
    for record in readable("plan"):
        errors += _plan_rules(record, provinces)
    for record in readable("page"):
        errors += _page_rules(record)
    if len(by_kind["site"]) == 0:
        errors.append(ContentError("content/site.yaml", 0, "thiếu tệp: thêm content/site.yaml với title và base_url"))
    reuse.next_build()
    return errors + _url_rules(records, duplicates)
