"""`python build.py import FILE ...`: one decision's annex -> one rating record + the products it does not have.

    plan_import(given, content_dir, project_dir) -> ImportPlan   everything computed and checked, nothing written
    write_plan(plan)                                             all files or none

The annex is read by `annex.read_annex` (title rows, Vietnamese headers, district sections,
"3 sao", decimal commas, legacy TCVN3/VNI text converted or reported). Each row becomes an
entry of ONE rating record; a row whose product the catalog does not have also becomes a
product record. Both are rendered by `records.render`, the writer `new` uses.

Matching a row to a product the catalog has (a re-recognition, never a duplicate):

* a `slug` column value names the product (or, when no product has that slug, the slug the
  new product gets);
* otherwise a product of the decision's province, or of a province merged into it (from the
  merger on, as `validate.rated_by_successor`), with the same name and the same producer,
  compared without case, spacing, punctuation and diacritics ("HTX" = "Hợp tác xã"...);
  when neither has a producer, the same locality;
* a name match with a different or missing producer is a problem on that row: the editor
  writes the slug in a `slug` column (the existing one, or a new one for another product).

A new product's slug is `slugify(name)`; when that is taken (slugs are unique across all
provinces; a URL once in content/published-urls.txt stays with its product) the producer's
distinctive words are added, then the province; when all are taken the row asks for a slug.

All or nothing: every problem of the run is collected (options, annex rows, matching, and
the new records validated together with the existing ones, as `check` would); only a run
without problems writes, each file through a temporary file and a rename, and a failure
while writing removes what was written.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import ledger, records, urls
from .annex import AnnexRow, read_annex
from .dates import PartialDate
from .errors import ContentError
from .files import shown_path
from .legacy_vietnamese import looks_legacy
from .load import RawRecord, load_content
from .records import FactProblem
from .slugs import fold, slugify
from .validate import claimed_urls, rated_by_successor, score_problem, validate

DEFAULT_DESCRIPTION = "cong-nhan-ocop"  # the file name after the date when the number is unknown
RENEWAL_WORDS = ("tai cong nhan", "cong nhan lai")  # in the Ghi chú column: a re-recognition


class ImportFailed(Exception):
    """Every problem of the run, each one line for the editor; nothing was written. The options' problems
    come first, then the annex's by row."""

    def __init__(self, problems: list[str], annex: str | None = None):
        def order(problem: str) -> tuple:
            if annex and problem.startswith(annex + ":"):
                row = problem[len(annex) + 1:].split(":", 1)[0]
                return (1, int(row) if row.isdigit() else 0)
            return (0 if problem.startswith("--") else 2, 0)
        self.problems = sorted(problems, key=order)
        super().__init__(f"{len(problems)} problem(s)")


@dataclass(frozen=True)
class Planned:
    path: Path
    shown: str  # content/... as messages show it
    text: str


@dataclass(frozen=True)
class NewProduct:
    row: int
    slug: str
    name: str
    file: Planned


@dataclass(frozen=True)
class Entry:
    row: int
    name: str  # as in the annex
    slug: str
    stars: int
    existing: str | None  # the existing product's file, for a re-recognition; None for a new product


@dataclass
class ImportPlan:
    annex: str  # the file as the editor named it
    province: str
    province_name: str
    rows: int
    rating: Planned
    rating_unchanged: bool  # the same rating file is already there
    new_products: list[NewProduct]
    entries: list[Entry]
    notes: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return self.rating_unchanged and not self.new_products

    @property
    def recognised_again(self) -> list[Entry]:
        return [e for e in self.entries if e.existing]


# ---------------------------------------------------------------- comparing names

_ABBREVIATIONS = {"htx": "hop tac xa", "tht": "to hop tac", "cty": "cong ty", "dntn": "doanh nghiep tu nhan",
                  "hkd": "ho kinh doanh", "tnhh": "trach nhiem huu han", "mtv": "mot thanh vien",
                  "cp": "co phan"}


def name_key(text: str | None) -> str:
    """'Trà  Hoa vàng.' and 'tra hoa vang' compare equal: no case, spacing, punctuation or diacritics."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text or "").lower()))


def producer_key(text: str | None) -> str:
    """As name_key, with the usual abbreviations written out ('HTX Ví Dụ' = 'Hợp tác xã Ví Dụ')."""
    return " ".join(_ABBREVIATIONS.get(word, word) for word in name_key(text).split())


# Legal forms at the start of a producer's name: not distinctive. Lower case, diacritics kept
# ("Hộ" is a household, "Hồ" a name); the longest first.
_LEGAL_FORMS = sorted((
    "hợp tác xã", "htx", "tổ hợp tác", "tht", "công ty", "cty", "trách nhiệm hữu hạn", "tnhh",
    "một thành viên", "mtv", "cổ phần", "cp", "doanh nghiệp tư nhân", "dntn", "doanh nghiệp", "hộ kinh doanh",
    "hkd", "hộ sản xuất kinh doanh", "hộ sản xuất", "cá thể", "hộ ông", "hộ bà", "hộ gia đình", "hộ", "cơ sở sản xuất",
    "cơ sở", "chi nhánh", "nông nghiệp", "dịch vụ", "thương mại", "và",
), key=len, reverse=True)
_LEGAL_FORM = re.compile(r"^(?:" + "|".join(re.escape(f) for f in _LEGAL_FORMS) + r")(?=[\s.,:;\-–]|$)[\s.,:;\-–]*")


def producer_words(producer: str | None) -> str:
    """The distinctive part of a producer's name as a slug: 'Công ty TNHH Hải Sản Mẫu' -> 'hai-san-mau'."""
    text = " ".join(unicodedata.normalize("NFC", producer or "").lower().split())
    while True:
        shorter = _LEGAL_FORM.sub("", text, count=1)
        if shorter == text:
            return slugify(text)
        text = shorter


_KINDS = (  # a producer's kind, only when its name says it for certain
    (("hợp tác xã", "htx"), "hợp tác xã"),
    (("tổ hợp tác",), "tổ hợp tác"),
    (("công ty", "cty", "doanh nghiệp", "dntn"), "doanh nghiệp"),
    (("hộ kinh doanh", "hộ sản xuất"), "hộ sản xuất"),
)


def producer_kind(producer: str | None) -> str | None:
    text = " ".join(unicodedata.normalize("NFC", producer or "").lower().split())
    for starts, kind in _KINDS:
        if any(re.match(re.escape(s) + r"(?=[\s.,:;\-–]|$)", text) for s in starts):
            return kind
    return None


_DISTRICT = re.compile(r"^(huyện|thị xã|thành phố|tp\.?|quận)\s+(.+?)\s*(?:\(.*\))?\s*:?$", re.I)


def locality(row: AnnexRow) -> str | None:
    """The address as published; under a district section the district is added when the address
    does not name it: 'xã Đức Hạnh' under 'Huyện Đức Linh' -> 'xã Đức Hạnh, huyện Đức Linh'."""
    address = row.address
    match = _DISTRICT.match(row.section or "")
    if not match:
        return address
    kind, name = match.group(1), match.group(2).strip()
    if name_key(name) and name_key(name) in name_key(address):
        return address
    district = f"{kind.lower() if not kind.lower().startswith('tp') else kind} {name}"
    return f"{address}, {district}" if address else district


# ---------------------------------------------------------------- the body of a new product

def _markdown(text: str) -> str:
    """Text as Markdown shows it literally."""
    return re.sub(r"([\\`*_\[\]])", r"\\\1", text).replace("<", "&lt;")


def _score(score: float) -> str:
    return f"{score:g}".replace(".", ",")


def describe(name: str, producer: str | None, place: str | None, province: RawRecord, stars: int,
             score: float | None, renewal: bool, decision: dict) -> str:
    """Two sentences from the row's facts, nothing else: who makes it where, and the recognition."""
    province_text = f"{province.data.get('kind', 'tỉnh')} {province.data.get('name', province.stem)}"
    where = [p for p in (producer, place) if p]
    if not place or name_key(str(province.data.get("name"))) not in name_key(place):
        where.append(province_text)
    first = f"{name} là sản phẩm của {', '.join(where)}."
    second = f"Sản phẩm được công nhận{' lại' if renewal else ''} đạt {stars} sao OCOP"
    if score is not None:
        second += f" ({_score(score)} điểm)"
    when = PartialDate.parse(decision["date"]) if decision.get("date") else None
    if decision.get("number"):
        second += f" theo Quyết định số {decision['number']}"
    elif when:
        second += " theo quyết định"
    if when:
        second += f" ngày {when.vi()}" if when.day else f" {when.vi()}"
    if decision.get("issuer") and (decision.get("number") or when):
        second += f" của {decision['issuer']}"
    if decision.get("reported_by"):
        second += f" (theo nguồn đưa tin {PartialDate.parse(decision['reported_by']).vi()})"
    return _markdown(first) + " " + _markdown(second + ".")


# ---------------------------------------------------------------- the options

def _decision(given: dict, provinces: dict[str, RawRecord]) -> tuple[dict, list[str]]:
    """The decision's facts from the options, each checked as `check` checks it; and the problems."""
    problems: list[str] = []
    facts: dict = {}

    def take(option: str, convert, value) -> object:
        if value in (None, ""):
            return None
        try:
            return convert(value)
        except FactProblem as problem:
            problems.append(f"{option}: {problem}")
            return None

    province = slugify(given.get("province") or "")
    if province not in provinces:
        close = [s for s in provinces if province and (province in s or s in province)]
        hint = f"; có phải '{close[0]}'?" if close else "; dùng tên tệp trong content/provinces/, ví dụ bac-kan"
        problems.append(f"--province: '{given.get('province')}' không phải là tỉnh/thành{hint}")
    facts["province"] = province
    if bool(given.get("date")) == bool(given.get("reported_by")):
        problems.append("cần đúng một trong hai: --date (ngày quyết định) hoặc --reported-by (khi không rõ ngày "
                        "quyết định: ngày của nguồn đưa tin)")
    facts["date"] = take("--date", records.date_fact, given.get("date"))
    facts["reported_by"] = take("--reported-by", lambda t: records.date_fact(t, "rating", "reported_by"),
                                given.get("reported_by"))
    facts["level"] = take("--level", lambda t: records.choice_fact("rating", ("level",), t), given.get("level"))
    if not given.get("level"):
        problems.append("--level: cần cấp công nhận: tỉnh, trung ương hoặc huyện")
    for key in ("number", "issuer", "round"):
        facts[key] = take(f"--{key}", lambda t, k=key: records.text_fact("rating", (k,), t), given.get(key))
    if facts["number"] is not None and not slugify(facts["number"]):
        problems.append(f"--number: số quyết định '{facts['number']}' không có chữ hoặc số nào")
    facts["description"] = take("--slug", records.slug_fact, given.get("slug"))
    url = take("--source-url", records.url_fact, given.get("source_url"))
    if not given.get("source_url"):
        problems.append("--source-url: cần địa chỉ web nơi đăng quyết định hoặc phụ lục")
    title = take("--source-title", lambda t: records.text_fact("rating", ("sources", "title"), t),
                 given.get("source_title"))
    publisher = take("--publisher", lambda t: records.text_fact("rating", ("sources", "publisher"), t),
                     given.get("publisher"))
    facts["sources"] = [{"title": title, "url": url, "publisher": publisher}]
    for option, value in (("--number", facts["number"]), ("--issuer", facts["issuer"]), ("--round", facts["round"]),
                          ("--source-title", title), ("--publisher", publisher)):
        if value and looks_legacy(value):
            problems.append(f"{option}: «{value}» có vẻ được gõ bằng bảng mã cũ (TCVN3/VNI); hãy gõ lại bằng Unicode")
    return facts, problems


# ---------------------------------------------------------------- the plan

@dataclass
class _Catalog:
    """What the import needs to know about the content already there."""
    records: list[RawRecord]
    load_errors: list[ContentError]
    provinces: dict[str, RawRecord]
    products: dict[str, RawRecord]  # slug (and slugified file name) -> record
    claimed: dict[str, str]  # url -> the record claiming it (page or alias)
    published: set[str]  # the URL ledger
    ledger: object  # load.Ledger, None without a content folder


def _catalog(content_dir: Path, project_dir: Path) -> _Catalog:
    loaded = load_content(content_dir, project_dir)
    provinces = {r.stem: r for r in loaded.records if r.kind == "province"}
    products: dict[str, RawRecord] = {}
    claimed: dict[str, str] = {}
    for record in loaded.records:
        if record.kind == "product":
            products.setdefault(record.stem, record)
            products.setdefault(slugify(record.stem), record)
        for url, _ in claimed_urls(record):
            claimed.setdefault(url, record.path)
    book = loaded.ledger
    return _Catalog(loaded.records, loaded.errors, provinces, products, claimed, set(book.urls) if book else set(),
                    book)


def _rating_name(facts: dict) -> str:
    when = facts["date"] or facts["reported_by"]
    return f"{when}-{slugify(facts['number']) if facts['number'] else facts['description'] or DEFAULT_DESCRIPTION}"


def plan_import(given: dict, content_dir: Path, project_dir: Path) -> ImportPlan:
    """Read the annex, match its rows, render and check every record; raise ImportFailed with every problem."""
    annex_name = str(given["file"])
    catalog = _catalog(content_dir, project_dir)
    facts, problems = _decision(given, catalog.provinces)
    annex = read_annex(Path(given["file"]))

    def at(row: int | None) -> str:
        return f"{annex_name}:{row}" if row else annex_name

    problems += [f"{at(p.row)}: {p.message}" for p in annex.problems]
    if not annex.problems and not annex.rows:
        problems.append(f"{annex_name}: phụ lục không có hàng sản phẩm nào; hãy kiểm tra lại tệp")
    province = facts["province"]
    if province not in catalog.provinces or not (facts["date"] or facts["reported_by"]):
        raise ImportFailed(problems, annex_name)  # without these nothing can be matched or named

    when = PartialDate.parse(facts["date"] or facts["reported_by"])
    home = catalog.provinces[province]
    members = {province} | {s for s, r in catalog.provinces.items() if rated_by_successor(r.data, province, when)}
    by_name: dict[str, list[RawRecord]] = {}
    for slug, record in catalog.products.items():
        if slug == record.stem and record.readable and record.data.get("province") in members:
            by_name.setdefault(name_key(str(record.data.get("name", ""))), []).append(record)

    content_dir = Path(content_dir)
    shown = lambda path: shown_path(path, project_dir)  # noqa: E731
    rating_stem = _rating_name(facts)
    rating_path = records.record_file(content_dir, "rating", province, rating_stem)
    decision = {k: facts[k] for k in ("number", "date", "reported_by", "issuer")}

    planned: dict[str, int] = {}  # new slug -> its row
    planned_names: dict[str, list[tuple[int, str | None, str | None]]] = {}  # name key -> (row, producer, locality)
    new_products: list[NewProduct] = []
    entries: list[Entry] = []
    entered: dict[str, int] = {}  # slug -> the row that entered it

    def taken(slug: str) -> str | None:
        """Who holds this product slug already, or None when it is free."""
        url = urls.product_url(slug)
        if slug in catalog.products:
            return catalog.products[slug].path
        if url in catalog.claimed:
            return catalog.claimed[url]
        if url in catalog.published:
            return f"{ledger.LEDGER_FILE} (địa chỉ đã đăng cho một sản phẩm khác)"
        if slug in urls.RESERVED_PRODUCT_SLUGS:
            return "trang web (địa chỉ dành riêng)"
        if slug in planned:
            return f"hàng {planned[slug]} của phụ lục này"
        return None

    read_wrong = {p.row for p in annex.problems}  # rows the reader has already said something about
    for row in annex.rows:
        row_problems = _row_problems(row, check_score=row.row not in read_wrong)
        problems += [f"{at(row.row)}: {p}" for p in row_problems]
        if row.stars is None or row_problems or row.row in read_wrong:
            continue  # said already: nothing more is made of this row
        place = locality(row)
        slug, existing = None, None
        if row.slug:
            if row.slug in catalog.products:
                record = catalog.products[row.slug]
                if record.data.get("province") in members:
                    slug, existing = row.slug, record
                else:
                    problems.append(f"{at(row.row)}: slug «{row.slug}» là sản phẩm của tỉnh "
                                    f"«{record.data.get('province')}» ({record.path}), không thuộc quyết định của "
                                    f"tỉnh «{province}». Hãy kiểm tra lại slug, hoặc để trống để tạo sản phẩm mới.")
                    continue
            elif (holder := taken(row.slug)) is not None:
                problems.append(f"{at(row.row)}: slug «{row.slug}» đã được dùng ({holder}). Hãy ghi slug của sản "
                                "phẩm đã có, hoặc một slug mới chưa ai dùng.")
                continue
            else:
                slug = row.slug
        else:
            twice = [r for r, maker, where in planned_names.get(name_key(row.name), ())
                     if _same_maker(maker, where, producer_key(row.producer) or None, name_key(place) or None)]
            if twice:
                problems.append(f"{at(row.row)}: sản phẩm «{row.name}» của cùng chủ thể đã có ở hàng {twice[0]} của "
                                "phụ lục này. Hãy xoá hàng lặp lại.")
                continue
            found = by_name.get(name_key(row.name), [])
            same = [r for r in found if _same_maker(producer_key(_producer(r)) or None,
                                                    name_key(r.data.get("locality")) or None,
                                                    producer_key(row.producer) or None, name_key(place) or None)]
            if len(same) == 1:
                slug, existing = same[0].stem, same[0]
            elif found:
                listed = "; ".join(f"«{r.stem}» ({r.path}, chủ thể «{_producer(r) or 'chưa rõ'}»)" for r in found)
                if len(same) > 1:
                    problems.append(f"{at(row.row)}: có {len(same)} sản phẩm cùng tên «{row.name}» và cùng chủ thể: "
                                    f"{listed}. Hãy ghi vào cột slug tên tệp của đúng sản phẩm được công nhận.")
                else:
                    differs = (f"chủ thể ở hàng này là «{row.producer}»" if row.producer else
                               "hàng này không ghi chủ thể" + ("" if any(_producer(r) for r in found) else
                                                               f" và địa chỉ «{place or 'chưa rõ'}» khác"))
                    problems.append(
                        f"{at(row.row)}: đã có sản phẩm cùng tên «{row.name}»: {listed}, nhưng {differs}, nên chưa "
                        "chắc là cùng sản phẩm. Nếu là cùng sản phẩm, ghi slug của nó vào cột slug (thêm cột «slug» "
                        "nếu phụ lục chưa có); nếu là sản phẩm khác, ghi vào đó một slug mới cho nó, ví dụ "
                        f"«{_suggested_slug(row, province, taken) or slugify(row.name) + '-ten-chu-the'}».")
                continue
        if slug is None:
            slug = _new_slug(row, province, taken)
            if slug is None:
                problems.append(f"{at(row.row)}: không đặt được slug cho «{row.name}»: "
                                f"«{slugify(row.name) or row.name}» và các biến thể có thêm chủ thể, tỉnh đều đã được "
                                "dùng. Hãy thêm cột «slug» và ghi một slug chưa ai dùng cho hàng này.")
                continue
        if slug in entered:
            problems.append(f"{at(row.row)}: hàng này và hàng {entered[slug]} cùng là sản phẩm «{slug}». Hãy xoá "
                            "hàng lặp lại, hoặc ghi slug khác nếu đó là hai sản phẩm.")
            continue
        entered[slug] = row.row
        if existing is None:
            planned[slug] = row.row
            planned_names.setdefault(name_key(row.name), []).append(
                (row.row, producer_key(row.producer) or None, name_key(place) or None))
            path = records.record_file(content_dir, "product", province, slug)
            body = describe(row.name, row.producer, place, home, row.stars, row.score, _renewal(row.note), decision)
            text = records.render("product", {
                "slug": slug, "name": row.name, "province": province, "locality": place,
                "producer": {"name": row.producer, "kind": producer_kind(row.producer)} if row.producer else None,
                "sources": facts["sources"], "body": body})
            new_products.append(NewProduct(row.row, slug, row.name, Planned(path, shown(path), text)))
        entries.append(Entry(row.row, row.name, slug, row.stars, existing.path if existing else None))
    if not entries:  # every row has a problem
        raise ImportFailed(problems, annex_name)
    rows = {row.row: row for row in annex.rows}
    rating_text = records.render("rating", {
        **{k: facts[k] for k in ("number", "date", "reported_by", "issuer", "round", "sources")},
        "level": facts["level"] or "",
        "entries": [{"product": e.slug, "stars": e.stars, "score": rows[e.row].score,
                     "renewal": _renewal(rows[e.row].note), "note": rows[e.row].note} for e in entries]})
    rating = Planned(rating_path, shown(rating_path), rating_text)
    rating_unchanged = False
    if not facts["level"]:  # reported above; the text cannot be compared
        pass
    elif rating_path.exists():
        if rating_path.read_text(encoding="utf-8") == rating_text:
            rating_unchanged = True
        else:
            problems.append(f"{rating.shown} đã có, với nội dung khác với quyết định sẽ nhập. Nếu là cùng quyết "
                            "định, hãy sửa tệp đó (hoặc xoá nó rồi nhập lại); nếu là quyết định khác cùng ngày, đặt "
                            "tên tệp khác bằng --number hoặc --slug.")
    else:
        problems += _same_decision(catalog, province, facts)

    plan = ImportPlan(annex_name, province, str(home.data.get("name", province)), len(annex.rows), rating,
                      rating_unchanged, new_products, entries)
    # the records of the rows without problems, checked with the content as check would (the decision
    # too, unless its level is wrong or its file is there already)
    with_rating = bool(facts["level"]) and not rating_path.exists()
    more, plan.notes = _check_together(catalog, plan, content_dir, project_dir, at, with_rating)
    if problems or more:
        raise ImportFailed(problems + more, annex_name)
    return plan


def _producer(record: RawRecord) -> str | None:
    producer = record.data.get("producer")
    return str(producer.get("name")) if isinstance(producer, dict) and producer.get("name") else None


def _same_maker(producer_a: str | None, place_a: str | None, producer_b: str | None, place_b: str | None) -> bool:
    """The same producer; when neither names one, the same locality."""
    if producer_a or producer_b:
        return producer_a == producer_b
    return place_a == place_b


def _renewal(note: str | None) -> bool:
    folded = name_key(note)
    return any(words in folded for words in RENEWAL_WORDS)


def _row_problems(row: AnnexRow, check_score: bool = True) -> list[str]:
    """The row's facts checked as `check` checks the fields they go to; text still in a legacy encoding."""
    problems = []
    for value, kind, path, what in ((row.name, "product", ("name",), "tên sản phẩm"),
                                    (row.producer, "product", ("producer", "name"), "chủ thể"),
                                    (row.address, "product", ("locality",), "địa chỉ"),
                                    (row.note, "rating", ("entries", "note"), "ghi chú")):
        if value is None:
            continue
        if looks_legacy(value):
            problems.append(f"{what} «{value}» có vẻ còn chữ gõ bằng bảng mã cũ (TCVN3/VNI); hãy chuyển ô này sang "
                            "Unicode rồi nhập lại")
        elif (said := records.problem(kind, path, value)):
            problems.append(f"{what} «{value}» không dùng được ({said})")
    if row.name and not slugify(row.name) and not row.slug:
        problems.append(f"tên sản phẩm «{row.name}» không có chữ hoặc số nào để đặt slug; hãy thêm cột «slug»")
    if check_score and row.score is not None and row.stars is not None \
            and (said := score_problem(row.score, row.stars)):
        problems.append(f"điểm {_score(row.score)} không khớp {row.stars} sao ({said})")
    return problems


def _slug_candidates(row: AnnexRow, province: str) -> list[str]:
    base = slugify(row.name)
    if not base:
        return []
    words = producer_words(row.producer)
    with_producer = f"{base}-{words}" if words else None
    candidates = [base, with_producer, f"{with_producer or base}-{province}"]
    return [c for i, c in enumerate(candidates) if c and c not in candidates[:i]]


def _new_slug(row: AnnexRow, province: str, taken) -> str | None:
    return next((c for c in _slug_candidates(row, province) if taken(c) is None), None)


def _suggested_slug(row: AnnexRow, province: str, taken) -> str | None:
    return next((c for c in _slug_candidates(row, province)[1:] if taken(c) is None), None)


def _same_decision(catalog: _Catalog, province: str, facts: dict) -> list[str]:
    """The same decision already entered under another file name (by `new rating`, or by hand)."""
    if not facts["number"]:
        return []
    problems = []
    for record in catalog.records:
        if record.kind == "rating" and record.folder == province and record.readable \
                and name_key(str(record.data.get("number", ""))) == name_key(facts["number"]) \
                and str(record.data.get("date", record.data.get("reported_by"))) == \
                str(facts["date"] or facts["reported_by"]):
            problems.append(f"quyết định số {facts['number']} ngày {facts['date'] or facts['reported_by']} đã có: "
                            f"{record.path}. Hãy thêm sản phẩm vào tệp đó, hoặc xoá nó rồi nhập lại.")
    return problems


def _ledger_errors(catalog: _Catalog, records_: list[RawRecord]) -> list[ContentError]:
    """Published addresses of record pages that no record would claim any more (as check reports them)."""
    return ledger.check_records(catalog.ledger, records_) if catalog.ledger else []


def _check_together(catalog: _Catalog, plan: ImportPlan, content_dir: Path, project_dir: Path,
                    at, with_rating: bool) -> tuple[list[str], list[str]]:
    """The new records read back and validated with the existing ones, as `check` would: (problems, notes).
    Mistakes already in the content are not the import's: they are only noted."""
    rows = {p.file.shown: p for p in plan.new_products}
    new_records, errors = [], []
    for product in plan.new_products:
        record, errs = records.parse_record("product", product.file.text, product.file.shown, product.slug,
                                            plan.province)
        errors += errs
        new_records += [record] if record else []
    if with_rating:
        record, errs = records.parse_record("rating", plan.rating.text, plan.rating.shown, plan.rating.path.stem,
                                            plan.province)
        errors += errs
        new_records += [record] if record else []
    together = catalog.records + new_records
    errors = sorted(set(errors + validate(together, catalog.published) + _ledger_errors(catalog, together)))
    new_paths = {r.path for r in new_records} | set(rows) | ({plan.rating.shown} if with_rating else set())
    baseline = set(catalog.load_errors)
    if any(error.path not in new_paths for error in errors):  # mistakes already there, or new ones elsewhere?
        baseline |= set(validate(catalog.records, catalog.published)) | set(_ledger_errors(catalog, catalog.records))
    # a mistake already there is known by its place (its message may now suggest a new record)
    known = {(error.path, error.line) for error in baseline}
    problems = []
    for error in errors:
        if error.path in new_paths or (error.path, error.line) not in known:
            product = rows.get(error.path)
            where = f"{at(product.row)}: sản phẩm «{product.name}»: " if product else ""
            problems.append(f"{where}{error} (bản ghi sẽ tạo chưa qua được python build.py check)")
    notes = [f"Lưu ý: nội dung hiện có đang có {len(baseline)} lỗi không do lần nhập này; chạy python build.py "
             "check để xem và sửa."] if baseline else []
    return problems, notes


# ---------------------------------------------------------------- writing

def write_plan(plan: ImportPlan) -> list[Planned]:
    """Write the new files, each whole or not at all, none over an existing file; on a failure remove what
    was written (and the folders made for it) and raise ImportFailed. Returns the files written."""
    files = [p.file for p in plan.new_products] + ([] if plan.rating_unchanged else [plan.rating])
    written: list[Path] = []
    made: list[Path] = []
    try:
        for planned in files:
            folder = planned.path.parent
            missing = []
            while not folder.exists():
                missing.append(folder)
                folder = folder.parent
            for folder in reversed(missing):
                folder.mkdir()
                made.append(folder)
            tmp = planned.path.with_name(f".{planned.path.name}.{os.getpid()}.import.tmp")
            try:
                tmp.write_text(planned.text, encoding="utf-8")
                if planned.path.exists():
                    raise FileExistsError(f"{planned.shown} vừa được tạo bởi người khác")
                os.replace(tmp, planned.path)
            finally:
                tmp.unlink(missing_ok=True)
            written.append(planned.path)
    except OSError as error:
        for path in written:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise ImportFailed([f"không ghi được {planned.shown}: {error.strerror or error}. Đã xoá các tệp vừa ghi; "
                            "nội dung giữ nguyên như trước khi nhập."]) from None
    return files


# ---------------------------------------------------------------- telling the editor

def report(plan: ImportPlan, dry_run: bool) -> list[str]:
    """What the import did (or, with dry_run, would do), in Vietnamese, one line per file."""
    if plan.unchanged:
        return [f"Không có gì thay đổi: {plan.rating.shown} đã có đúng nội dung của phụ lục «{plan.annex}», và cả "
                f"{len(plan.entries)} sản phẩm trong đó đều đã có.", *plan.notes]
    verb = "Sẽ tạo" if dry_run else "Đã tạo"
    lines = ["Thử nhập (--dry-run): chưa ghi tệp nào. Chạy lại lệnh không có --dry-run thì:"] if dry_run else []
    count = f"{len(plan.entries)} sản phẩm"
    if plan.rating_unchanged:
        lines.append(f"Giữ nguyên {plan.rating.shown}: đã có đúng quyết định này ({count}).")
    else:
        lines.append(f"{verb} {plan.rating.shown} (quyết định, {count}; phụ lục «{plan.annex}», tỉnh "
                     f"{plan.province_name})")
    if plan.new_products:
        lines.append(f"{verb} {len(plan.new_products)} sản phẩm mới:")
        stars = {e.slug: e.stars for e in plan.entries}
        lines += [f"  hàng {p.row}: {p.file.shown} (trang {urls.product_url(p.slug)}), {p.name}, "
                  f"{stars[p.slug]} sao" for p in plan.new_products]
    again = plan.recognised_again
    if again:
        lines.append(f"{len(again)} sản phẩm đã có được công nhận lại (thêm vào quyết định, không tạo bản trùng):")
        lines += [f"  hàng {e.row}: {e.name}, {e.stars} sao → {e.existing}" for e in again]
    lines += plan.notes
    if not dry_run:
        lines.append("Tiếp theo: mở các tệp sản phẩm mới để bổ sung (nhóm sản phẩm, mô tả...), chạy python build.py "
                     "check, xem trước bằng python build.py serve, rồi commit.")
    return lines
