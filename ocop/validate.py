"""Stage 2 — validate: every content mistake of the run, each as path:line: message.

Checks are plain functions over raw records; nothing stops at the first error.
"""
from __future__ import annotations

import difflib
import html
import re
from collections import defaultdict

from . import urls
from .dates import PartialDate, parse_period
from .errors import ContentError
from .load import RawRecord
from .schema import SCHEMAS, SOURCE, Field
from .slugs import fold, is_slug, slugify

MAX_ENTRIES = 2000  # products in one decision: the largest real annexes hold a few hundred
STAR_BANDS = {1: (0, 30), 2: (30, 50), 3: (50, 70), 4: (70, 90), 5: (90, 100.0001)}
# (pattern, what it is); the last group of a pattern is what is named and where the line is.
_UNSAFE_HTML = (
    (re.compile(r"<\s*script\b", re.I), "a <script> tag"),
    (re.compile(r"<\s*style\b", re.I), "a <style> tag"),
    (re.compile(r"<\s*(iframe|object|embed|form)\b", re.I), "an embedded <{}>"),
    (re.compile(r"<[a-z][^>]*?[\s/](on[a-z]+)\s*=", re.I), "an event attribute ({}=)"),
)
# Where a body names a link target: HTML attributes, Markdown links and images, reference
# definitions and autolinks. Prose such as "JavaScript: ..." is no link and is not blamed.
_LINK_TARGET = re.compile(r"""
      \b(?:href|src|action|formaction|poster|xlink:href)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))
    | \]\(\s*<?(?P<md>[^)\s>]*)
    | ^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?(?P<ref>[^\s>]+)
    | <(?P<auto>[a-z][a-z0-9+.\-]*:[^\s<>]*)>
""", re.I | re.M | re.X)
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)
# Words editors write for an allowed value (folded, lower case) -> the value.
SYNONYMS = {
    "htx": "hợp tác xã", "tht": "tổ hợp tác", "dn": "doanh nghiệp", "cong ty": "doanh nghiệp",
    "ho kinh doanh": "hộ sản xuất", "ho san xuat kinh doanh": "hộ sản xuất", "tw": "trung ương",
    "quoc gia": "trung ương", "tp": "thành phố",
}
# What each star band is in points (1★ <30, 2★ 30–49, 3★ 50–69, 4★ 70–89, 5★ 90–100).
STAR_BAND_TEXT = {1: "under 30", 2: "30–49", 3: "50–69", 4: "70–89", 5: "90–100"}


# ---------------------------------------------------------------- field checks

def _suggest(word: object, options) -> str:
    """'; did you mean 'x'?' for a near miss (diacritics, case, typos, common abbreviations), else ''."""
    options = [str(o) for o in options]
    key = fold(str(word)).lower().strip()
    folded = {fold(o).lower(): o for o in options}
    if key in folded:
        return f"; did you mean '{folded[key]}'?"
    if SYNONYMS.get(key) in options:
        return f"; did you mean '{SYNONYMS[key]}'?"
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return f"; did you mean '{folded[close[0]]}'?" if close else ""


def _place(path: tuple) -> str:
    """('entries', 1) -> 'entries item 2'; ('targets', 0, 'reported') -> 'targets item 1, reported'."""
    text = ""
    for part in path:
        text += f" item {part + 1}" if isinstance(part, int) else (", " if text else "") + str(part)
    return text


def _label(path: tuple) -> str:
    """('entries', 1, 'stars') -> "'stars' in entries item 2"; ('producer', 'kind') -> "'kind' in producer"."""
    last = max((i for i, part in enumerate(path) if not isinstance(part, int)), default=None)
    if last is None:
        return "this"
    return f"'{path[last]}'" + (f" in {_place(path[:last])}" if last else "") + \
        (f" item {path[-1] + 1}" if isinstance(path[-1], int) else "")


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (yes/no)"
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "a group of fields"
    return f"'{value}'"


_DAY_FIRST = re.compile(r"^(?:(\d{1,2})[/.])?(\d{1,2})[/.](\d{4})$")


def _date_message(name: str, value: object, reason: str) -> str:
    """Dates are written year first; 22/08/2022 (the Vietnamese order) gets the rewritten form."""
    day_first = _DAY_FIRST.match(str(value).strip())
    if day_first:
        day, month, year = day_first.groups()
        iso = f"{year}-{int(month):02d}" + (f"-{int(day):02d}" if day else "")
        return f"{name} '{value}' must be written year first: write {iso}"
    if "does not exist" in reason:
        return f"{name}: {reason}; check the date in the source"
    return f"{name}: {reason}"


# One checker per field type (schema.Field.type): (spec, value, path) -> the message, or None when the
# value is good. Groups of fields ("map") and lists are walked by check_value itself.

def _check_name(spec: Field, value: object, path: tuple) -> str | None:
    if not isinstance(value, str):
        return (f"{_label(path)} must be text, found {_describe(value)}; put it in quotes: "
                f"{path[-1]}: \"{str(value).lower() if isinstance(value, bool) else value}\"")
    return _check_text(spec, value, path)


def _check_text(spec: Field, value: object, path: tuple) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return f"{_label(path)} must be text, found {_describe(value)}; write the text on the same line, in quotes"
    if str(value).strip() == "":
        return f"{_label(path)} is empty; fill it in or remove the line"
    return None


def _check_int(spec: Field, value: object, path: tuple) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{_label(path)} must be a whole number, found {_describe(value)}; write it in digits (e.g. 3)"
    return None


def _check_number(spec: Field, value: object, path: tuple) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return (f"{_label(path)} must be a number, found {_describe(value)}; write it in digits, with a dot for "
                "decimals (e.g. 20 or 91.5)")
    return None


def _check_bool(spec: Field, value: object, path: tuple) -> str | None:
    if not isinstance(value, bool):
        return f"{_label(path)} must be true or false, found {_describe(value)}"
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
        return (f"{_label(path)} must be a slug (lower-case letters without accents, digits, words joined by '-'), "
                f"found {_describe(value)}" + (f"; write '{hint}'" if hint else ""))
    return None


_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def _check_url(spec: Field, value: object, path: tuple) -> str | None:
    if not isinstance(value, str) or not _URL.match(value.strip()):
        return f"{_label(path)} must be a web address starting with http:// or https://, found {_describe(value)}"
    return None


def _check_enum(spec: Field, value: object, path: tuple) -> str | None:
    if value in spec.choices:
        return None
    suggestion = _suggest(value, spec.choices)
    if suggestion:
        return f"{_label(path)} cannot be {_describe(value)}{suggestion}"
    return f"{_label(path)} cannot be {_describe(value)}; write one of: {', '.join(map(str, spec.choices))}"


SCALAR_CHECKS = {
    "name": _check_name, "text": _check_text, "int": _check_int, "number": _check_number, "bool": _check_bool,
    "date": _check_date, "period": _check_period, "slug": _check_slug, "url": _check_url, "enum": _check_enum,
}


def value_problem(spec: Field, value: object) -> str | None:
    """What is wrong with one value of a field (as the build would say it), or None.

    For tools that take a fact before a record exists (`new`, `import`): the same check,
    the same words as `python build.py check`.
    """
    if value is None:
        return f"{_label((spec.name,))} is empty; fill it in or remove the line"
    return SCALAR_CHECKS[spec.type](spec, value, (spec.name,))


def check_value(record: RawRecord, spec: Field, value: object, path: tuple) -> list[ContentError]:
    if value is None:
        return [record.error(f"{_label(path)} is empty; fill it in or remove the line", *path)]
    if spec.type == "map":
        return _check_map(record, spec, value, path)
    if spec.type == "list":
        return _check_list(record, spec, value, path)
    problem = SCALAR_CHECKS[spec.type](spec, value, path)
    return [record.error(problem, *path)] if problem else []


def _check_map(record: RawRecord, spec: Field, value: object, path: tuple) -> list[ContentError]:
    if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
        return [record.error(f"{_label(path)} is a group of fields, not a list; remove the '- ' in front of its "
                             "fields", *path)]
    if not isinstance(value, dict):
        return [record.error(f"{_label(path)} must be a group of 'field: value' lines indented below it, found "
                             f"{_describe(value)}", *path)]
    return check_fields(record, spec.fields, value, path)


def _check_list(record: RawRecord, spec: Field, value: object, path: tuple) -> list[ContentError]:
    if not isinstance(value, list):
        return [record.error(f"{_label(path)} must be a list, found {_describe(value)}; start each item on its own "
                             "line with '- '", *path)]
    if spec.required and not value:
        return [record.error(f"{_label(path)} is empty; add at least one item (a line starting with '- ')", *path)]
    errors: list[ContentError] = []
    for index, item in enumerate(value):
        item_path = path + (index,)
        if spec.item == "map":
            if not isinstance(item, dict):
                errors.append(record.error(f"item {index + 1} of {_label(path)} must be a group of 'field: value' "
                                           f"lines, found {_describe(item)}", *item_path))
            else:
                errors += check_fields(record, spec.fields, item, item_path)
        elif not isinstance(item, str) or not item.strip():
            errors.append(record.error(f"item {index + 1} of {_label(path)} must be text", *item_path))
    return errors


def check_fields(record: RawRecord, specs: tuple, data: dict, path: tuple = ()) -> list[ContentError]:
    errors: list[ContentError] = []
    by_name = {spec.name: spec for spec in specs}
    where = f" in {_place(path)}" if path else ""
    misspelt = set()  # required fields an unknown key looks like: one message is enough
    for key, value in data.items():
        spec = by_name.get(key)
        if spec is None:
            suggestion = _suggest(key, by_name)
            if suggestion:
                misspelt.add(suggestion.split("'")[1])
                errors.append(record.error(f"unknown field '{key}'{where}{suggestion}", *path, key))
            else:
                errors.append(record.error(f"unknown field '{key}'{where}; remove it, or use one of: "
                                           f"{', '.join(by_name)}", *path, key))
            continue
        errors += check_value(record, spec, value, path + (key,))
    if specs is SOURCE and "title" not in data and "url" not in data and not (set(data) - set(by_name)):
        errors.append(record.error(f"a source{where} needs a 'title' or a 'url' (or both); add the one you know",
                                   *path))
    for spec in specs:
        if spec.required and spec.name not in data and spec.name not in misspelt:
            errors.append(record.error(f"missing required field '{spec.name}'{where}; add a line "
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
    body = html.unescape(record.body)  # "&lt;script" written as an entity is a tag too
    for pattern, what in _UNSAFE_HTML:
        for match in pattern.finditer(body):
            at = match.start(match.lastindex or 0)
            found.append((body.count("\n", 0, at), what.format(match.group(match.lastindex or 0).lower())))
    for match in _LINK_TARGET.finditer(record.body):
        scheme = link_scheme(match.group(match.lastgroup))
        if scheme is None or scheme in urls.LINK_SCHEMES:
            continue
        what = f"a {scheme}: link" if scheme in ("javascript", "vbscript") else \
            f"a link starting with '{scheme}:' (only http, https, mailto and tel links are kept)"
        found.append((record.body.count("\n", 0, match.start(match.lastgroup)), what))
    return [ContentError(record.path, record.body_line + line, f"the text contains {what}, which the site removes "
                                                               "for safety; delete it (use Markdown for formatting "
                                                               "and plain links)")
            for line, what in found]


# ---------------------------------------------------------------- record rules

def _province_rules(record: RawRecord, provinces: dict[str, RawRecord]) -> list[ContentError]:
    d = record.data
    errors = []
    if isinstance(d.get("slug"), str) and d["slug"] != record.stem:
        errors.append(record.error(f"slug '{d['slug']}' differs from the file name; rename the file to "
                                   f"{d['slug']}.yaml or set slug: {record.stem}", "slug"))
    target = d.get("merged_into")
    if target is not None:
        if "merged_on" not in d:
            errors.append(record.error("'merged_into' needs 'merged_on': the date the merged province began "
                                       "(e.g. merged_on: 2025-07-01)", "merged_into"))
        if target == record.stem:
            errors.append(record.error("a province cannot be merged into itself; remove merged_into",
                                       "merged_into"))
        elif isinstance(target, str) and target not in provinces:
            errors.append(record.error(f"merged_into {_not_a_province(target, provinces)}", "merged_into"))
        elif isinstance(target, str) and "merged_into" in provinces[target].data:
            errors.append(record.error(f"'{target}' was itself merged; set merged_into to the province it "
                                       f"became ('{provinces[target].data['merged_into']}')", "merged_into"))
    elif "merged_on" in d:
        errors.append(record.error("'merged_on' without 'merged_into'; add merged_into or remove merged_on",
                                   "merged_on"))
    return errors


def _not_a_province(value: str, provinces: dict) -> str:
    """"'x' does not exist; did you mean 'y'?" or "...; use the name of a file in content/provinces/"."""
    return f"'{value}' is not a province" + (_suggest(value, provinces) or
                                             "; use the name of a file in content/provinces/ (without .yaml)")


def _folder_rule(record: RawRecord, provinces: dict, folder_name: str) -> list[ContentError]:
    """Ratings and plans live in the folder of their province."""
    if record.folder in provinces:
        return []
    close = _suggest(record.folder, provinces)
    move_to = f"content/{folder_name}/{close.split(chr(39))[1]}/" if close else f"content/{folder_name}/<province>/"
    return [ContentError(record.path, 0, f"folder '{record.folder}' is not a province{close} "
                                         f"Move the file to {move_to}")]


def _product_rules(record: RawRecord, provinces: dict) -> list[ContentError]:
    d = record.data
    errors = []
    if not is_slug(record.stem):
        errors.append(ContentError(record.path, 0, f"the file name is the page address: only lower-case letters "
                                   f"without accents, digits and '-'; rename it to {slugify(record.stem)}"
                                   f"{'' if record.photo_dir else '.md'}"))
    if record.stem in urls.RESERVED_PRODUCT_SLUGS:
        errors.append(ContentError(record.path, 0, f"'{record.stem}' is reserved for the site's own pages; "
                                   "rename the file"))
    province = d.get("province")
    named = province if isinstance(province, str) and is_slug(province) else None  # else the field check said it
    if named is not None and named not in provinces:
        errors.append(record.error(f"province: {_not_a_province(named, provinces)}", "province"))
    elif record.folder not in provinces:
        move_to = f"content/products/{named}/" if named else "content/products/<province>/"
        errors.append(ContentError(record.path, 0, f"folder '{record.folder}' is not a province; move the file "
                                   f"to {move_to}"))
    elif named is not None and named != record.folder:
        errors.append(record.error(f"province '{named}' does not match the folder '{record.folder}'; move the "
                                   f"file to content/products/{named}/ or set province: {record.folder}",
                                   "province"))
    if d.get("group_by_editors") and "group" not in d:
        errors.append(record.error("'group_by_editors' without 'group'; add the group or remove the line",
                                   "group_by_editors"))
    photos = d.get("photos")
    for index, photo in enumerate(photos if isinstance(photos, list) else []):
        if not isinstance(photo, dict) or not isinstance(photo.get("file"), str):
            continue
        name = photo["file"]
        if "/" in name or "\\" in name or name.startswith(".."):
            errors.append(record.error(f"photo '{name}' must be a file name in the product folder, without "
                                       "folders or '..'; put the photo beside index.md and write only its name",
                                       "photos", index, "file"))
        elif record.photo_dir is None:
            errors.append(record.error("photos need a product folder: move this file to "
                                       f"content/products/{record.folder}/{record.stem}/index.md and put the "
                                       "photos beside it", "photos", index, "file"))
        elif not (record.photo_dir / name).is_file():
            errors.append(record.error(f"photo '{name}' is not in {record.path.rsplit('/', 1)[0]}/; "
                                       "check the spelling or add the file", "photos", index, "file"))
    return errors + check_body(record)


def _rating_rules(record: RawRecord, provinces: dict, products: dict[str, RawRecord],
                  duplicated: set[str]) -> list[ContentError]:
    d = record.data
    errors = _folder_rule(record, provinces, "ratings")
    if "date" not in d and "reported_by" not in d:
        errors.append(record.error("missing 'date' (the decision date: 2022, 2022-08 or 2022-08-22); if the date "
                                   "is unknown, write 'reported_by:' with the date of the source that reports it"))
    dates = {}
    for key in ("date", "reported_by", "valid_from", "valid_until"):
        try:
            dates[key] = PartialDate.parse(d[key]) if key in d else None
        except ValueError:
            dates[key] = None
    start = dates["valid_from"] or dates["date"]
    if dates["valid_until"] and start and dates["valid_until"].latest() < start.earliest():
        errors.append(record.error(f"valid_until {dates['valid_until']} is before the decision "
                                   f"({start}); check both dates", "valid_until"))
    if dates["valid_from"] and dates["date"] and dates["valid_from"].latest() < dates["date"].earliest():
        errors.append(record.error(f"valid_from {dates['valid_from']} is before the decision date "
                                   f"{dates['date']}; check both dates", "valid_from"))
    seen: dict[str, int] = {}
    entries = d.get("entries")
    if isinstance(entries, list) and len(entries) > MAX_ENTRIES:
        return errors + [record.error(f"the decision lists {len(entries)} products, more than the {MAX_ENTRIES} one "
                                      "decision may hold; check the file (a whole catalog pasted in?) or split it "
                                      "by annex", "entries")]
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue
        slug = entry.get("product")
        at = ("entries", index)
        if isinstance(slug, str) and is_slug(slug):
            if slug in seen:
                errors.append(record.error(f"product '{slug}' is listed twice in this decision (also entry "
                                           f"{seen[slug] + 1}); keep one entry", *at, "product"))
            seen[slug] = index
            if slug not in products:
                errors.append(record.error(f"product '{slug}' does not exist" + (
                    _suggest(slug, products) or "; use the file name of a product in content/products/ "
                                                "(without .md)"), *at, "product"))
            elif slug not in duplicated:  # two products share the slug: that is the one mistake to fix
                home = products[slug].data.get("province")
                if isinstance(home, str) and home != record.folder and record.folder in provinces \
                        and home in provinces and not rated_by_successor(provinces[home].data, record.folder,
                                                                         dates["date"] or dates["reported_by"]):
                    errors.append(record.error(f"product '{slug}' belongs to province '{home}'; enter this "
                                               f"decision's entry for it in content/ratings/{home}/", *at, "product"))
        stars, score = entry.get("stars"), entry.get("score")
        for key, problem in (("stars", stars_problem(stars)), ("score", score_problem(score, stars))):
            if problem:
                errors.append(record.error(problem, *at, key))
    return errors


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
        return f"stars must be 1 to 5, found {stars}; check the decision"
    return None


def score_problem(score: object, stars: object) -> str | None:
    """A rating entry's score outside 0–100, or outside the band of its stars."""
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        return None
    if not 0 <= score <= 100:
        return f"score must be 0 to 100 points, found {score:g}; check the decision"
    if isinstance(stars, int) and not isinstance(stars, bool) and stars in STAR_BANDS:
        low, high = STAR_BANDS[stars]
        if not low <= score < high:
            band = next(s for s, (lo, hi) in STAR_BANDS.items() if lo <= score < hi)
            return (f"score {score:g} means {band} stars, not {stars} ({stars}★ is {STAR_BAND_TEXT[stars]} "
                    "points); check both in the decision")
    return None


def _plan_rules(record: RawRecord, provinces: dict) -> list[ContentError]:
    d = record.data
    errors = _folder_rule(record, provinces, "plans")
    if not is_slug(record.stem) or not re.match(r"^\d{4}-", record.stem):
        errors.append(ContentError(record.path, 0, "the file name is the page address: write <year>-<number> as "
                                   "a slug, e.g. 2022-75-kh-ubnd.md"))
    try:
        issued = PartialDate.parse(d["issued"]) if "issued" in d else None
    except ValueError:
        issued = None
    if issued and re.match(r"^\d{4}-", record.stem) and int(record.stem[:4]) != issued.year:
        errors.append(record.error(f"issued in {issued.year} but the file name starts with {record.stem[:4]}; "
                                   f"rename the file to {issued.year}{record.stem[4:]}.md (or correct the date)",
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
                errors.append(record.error(f"{key} must be 1 to 5, found {value}", *at, key))
        if measure in ("new", "recognized", "reached") and "stars" not in target:
            errors.append(record.error(f"measure '{measure}' needs 'stars': the minimum stars counted "
                                       "(e.g. stars: 3)", *at, "measure"))
        if measure == "upgraded":
            if "from_stars" not in target or "to_stars" not in target:
                errors.append(record.error("measure 'upgraded' needs 'from_stars' and 'to_stars' "
                                           "(e.g. from_stars: 3 and to_stars: 4)", *at, "measure"))
            elif isinstance(target["from_stars"], int) and isinstance(target["to_stars"], int) \
                    and target["to_stars"] <= target["from_stars"]:
                errors.append(record.error("to_stars must be higher than from_stars for an upgrade", *at, "to_stars"))
        if target.get("comparison") == "range":
            if "value_max" not in target:
                errors.append(record.error("comparison 'range' needs 'value_max' (the upper bound); add a line "
                                           "'value_max: ...'", *at, "comparison"))
            elif isinstance(target.get("value"), (int, float)) and isinstance(target["value_max"], (int, float)) \
                    and target["value_max"] < target["value"]:
                errors.append(record.error("value_max is smaller than value; write the lower bound in value",
                                           *at, "value_max"))
        elif "value_max" in target:
            errors.append(record.error("'value_max' only goes with comparison: range; remove it or write "
                                       "comparison: range", *at, "value_max"))
    return errors + check_body(record)


def _page_rules(record: RawRecord) -> list[ContentError]:
    errors = []
    if not is_slug(record.stem):
        errors.append(ContentError(record.path, 0, f"the file name is the page address: only lower-case letters "
                                   f"without accents, digits and '-'; rename it to {slugify(record.stem)}.md"))
    if record.stem in urls.RESERVED_TOP_LEVEL or urls.is_search_bundle(record.stem):
        errors.append(ContentError(record.path, 0, f"/{record.stem}/ is one of the site's own addresses; "
                                   "rename the file"))
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
                errors.append(ContentError(record.path, line, f"alias '{alias}' must be a path of this site "
                                           "like /san-pham/ten-cu/ (no https://, no spaces)"))
                continue
            url = urls.normalize_path(alias)
            if url == own:
                errors.append(ContentError(record.path, line, f"the alias {url} is this page's own address; "
                                           "remove this alias"))
            elif urls.is_site_route(url):
                errors.append(ContentError(record.path, line, f"the alias {url} is one of the site's own "
                                           "addresses (listings, search, feeds); remove this alias"))
            elif url in owners and owners[url][0] is not record:
                first, first_line = owners[url]
                errors.append(ContentError(record.path, line, f"the address {url} is already used by "
                                           f"{first.path}:{first_line}; an address leads to one page only, "
                                           "so remove this alias"))
            else:
                owners.setdefault(url, (record, line))
    return errors


# ---------------------------------------------------------------- the whole run

def validate(records: list[RawRecord]) -> list[ContentError]:
    """Every content error of the run. Unreadable records (load errors) count as existing but are not checked."""
    errors: list[ContentError] = []
    by_kind: dict[str, list[RawRecord]] = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
        if record.readable:
            errors += check_fields(record, SCHEMAS[record.kind], record.data)

    provinces = {r.stem: r for r in by_kind["province"]}
    products: dict[str, RawRecord] = {}
    duplicates: set[str] = set()
    for record in by_kind["product"]:
        if record.stem in products:
            other = products[record.stem]
            duplicates.add(record.path)
            errors.append(ContentError(record.path, 0, f"product slug '{record.stem}' is already used by "
                                       f"{other.path}; product addresses are /san-pham/<slug>/ for all provinces, "
                                       "so rename one file (e.g. add the producer)"))
        else:
            products[record.stem] = record
    for record in by_kind["product"]:  # 'Trà Thử.md' is reported once, as a file name to fix, and
        if not is_slug(record.stem):
            products.setdefault(slugify(record.stem), record)  # references to 'tra-thu' wait for the rename

    def readable(kind: str) -> list[RawRecord]:
        return [r for r in by_kind[kind] if r.readable]

    for record in readable("province"):
        errors += _province_rules(record, provinces)
    for record in readable("product"):
        errors += _product_rules(record, provinces)
    duplicated = {r.stem for r in by_kind["product"] if r.path in duplicates}  # slugs of two or more products
    for record in readable("rating"):
        errors += _rating_rules(record, provinces, products, duplicated)
    for record in readable("plan"):
        errors += _plan_rules(record, provinces)
    for record in readable("page"):
        errors += _page_rules(record)
    if len(by_kind["site"]) == 0:
        errors.append(ContentError("content/site.yaml", 0, "missing: add content/site.yaml with title and base_url"))
    return errors + _url_rules(records, duplicates)
