"""Stage 3 — model: validated raw records -> frozen dataclasses with derived facts.

Derived here (never typed by editors): a product's rating history, current stars,
expiry and validity on the build date, the province a product belongs to now, and
what each new province absorbed.
"""
from __future__ import annotations

import calendar
import datetime as dt
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .dates import PartialDate, parse_period
from .load import RawRecord
from .reuse import Reuse
from .schema import GROUPS, SCORE_PARTS, ScorePart, ScoreSheet
from .slugs import vi_sort_key
from .validate import phone_digits, possible_sheets

VALIDITY_MONTHS = 36
EXPIRING_SOON_DAYS = 90
PRODUCER_KIND_LABELS = {
    "doanh nghiệp": "Doanh nghiệp",
    "hợp tác xã": "Hợp tác xã",
    "tổ hợp tác": "Tổ hợp tác",
    "hộ sản xuất": "Hộ sản xuất có đăng ký kinh doanh",
}
LEVEL_LABELS = {"tỉnh": "cấp tỉnh", "trung ương": "cấp trung ương", "huyện": "cấp huyện"}
# A recognition's standing on the build date, most certain first; listings show valid ones first.
STATUS_RANK = {"valid": 0, "expiring": 0, "uncertain": 1, "unknown": 1, "expired": 2}


def add_months(day: dt.date, months: int) -> dt.date:
    """`months` later; 31 Jan + 1 month clamps to the month's end (as PartialDate.add_months)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _vi_day(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


@dataclass(frozen=True)
class Expiry:
    """The last day a recognition is valid, as far as the dates on record tell: between `earliest`
    and `latest` (the same day when the decision date is known to the day). `earliest` is None
    when only a later bound is known (a source reported the decision by some date)."""
    earliest: dt.date | None
    latest: dt.date

    @staticmethod
    def of(date: PartialDate) -> "Expiry":
        return Expiry(date.earliest(), date.latest())

    @property
    def certain(self) -> bool:
        return self.earliest == self.latest

    def vi(self) -> str:
        """'22/8/2025', 'tháng 7/2026', 'năm 2027', 'trong khoảng 1/1/2026 – 5/4/2026',
        'chậm nhất 31/12/2025'."""
        first, last = self.earliest, self.latest
        if first is None:
            return f"chậm nhất {_vi_day(last)}"
        if first == last:
            return _vi_day(last)
        whole_month = first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]
        if whole_month and (first.year, first.month) == (last.year, last.month):
            return f"tháng {last.month}/{last.year}"
        if whole_month and first.year == last.year and (first.month, last.month) == (1, 12):
            return f"năm {last.year}"
        return f"trong khoảng {_vi_day(first)} – {_vi_day(last)}"


@dataclass(frozen=True)
class Source:
    title: str | None
    url: str | None
    publisher: str | None
    author: str | None
    date: PartialDate | None
    note: str | None

    @property
    def host(self) -> str | None:
        if not self.url:
            return None
        return self.url.split("://", 1)[-1].split("/", 1)[0].split(":")[0].removeprefix("www.")


@dataclass(frozen=True)
class Site:
    title: str
    tagline: str
    base_url: str
    description: str


@dataclass(frozen=True)
class Province:
    slug: str
    name: str
    kind: str  # tỉnh | thành phố
    region: str
    merged_into: str | None
    merged_on: PartialDate | None
    merged_by: str | None
    note: str | None
    sources: tuple[Source, ...]
    aliases: tuple[str, ...]
    path: str
    absorbed: tuple[str, ...] = ()  # slugs of provinces merged into this one

    @property
    def full_name(self) -> str:
        return f"{'Tỉnh' if self.kind == 'tỉnh' else 'Thành phố'} {self.name}"

    @property
    def lower_name(self) -> str:
        """For use inside a sentence: 'tỉnh Bắc Kạn', 'thành phố Hà Nội'."""
        return f"{self.kind} {self.name}"

    @property
    def is_current(self) -> bool:
        return self.merged_into is None


def _host(url: str) -> str:
    return url.split("://", 1)[-1].split("/", 1)[0].split(":")[0].removeprefix("www.")


@dataclass(frozen=True)
class Contact:
    """A producer's own public contact, as a source publishes it."""
    phone: str | None  # as written: 0209 3870 123
    email: str | None
    website: str | None

    @property
    def phone_link(self) -> str | None:
        """tel:+842093870123 (a hotline 1800/1900 stays as it is: tel:18001234)."""
        if not self.phone:
            return None
        digits = phone_digits(self.phone)
        return f"tel:+84{digits[1:]}" if digits.startswith("0") else f"tel:{digits}"

    @property
    def website_host(self) -> str | None:
        return _host(self.website) if self.website else None


@dataclass(frozen=True)
class Producer:
    name: str
    kind: str | None
    address: str | None = None
    contact: Contact | None = None

    @property
    def kind_label(self) -> str | None:
        return PRODUCER_KIND_LABELS.get(self.kind) if self.kind else None


@dataclass(frozen=True)
class PlaceToBuy:
    """One item of a product's `where_to_buy`: a point of sale (name, address) or a link (title, url) to a shop."""
    name: str | None
    address: str | None
    title: str | None
    url: str | None

    @property
    def is_link(self) -> bool:
        return self.url is not None

    @property
    def host(self) -> str | None:
        return _host(self.url) if self.url else None

    @property
    def label(self) -> str:
        """What a link shows: its title, else the shop's host (shopee.vn)."""
        return self.title or self.host or ""


@dataclass(frozen=True)
class ScoreParts:
    """The three parts of a 100-point score (phần A, B, C of the scoring sheet), as the decision publishes them."""
    values: tuple[float, ...]  # in the order of schema.SCORE_PARTS
    sheet: ScoreSheet | None  # the sheet it was scored on, when the decision's date leaves only one

    @property
    def items(self) -> tuple[tuple[ScorePart, float, int | None], ...]:
        """(part, points, the part's maximum when the sheet is known)."""
        return tuple((part, value, self.sheet.maxima[index] if self.sheet else None)
                     for index, (part, value) in enumerate(zip(SCORE_PARTS, self.values)))

    def value(self, key: str) -> float:
        return self.values[[part.key for part in SCORE_PARTS].index(key)]


@dataclass(frozen=True)
class Decision:
    """One recognition decision (quyết định công nhận) as entered for one province."""
    id: str  # <province>/<file stem>
    province: str
    number: str | None
    date: PartialDate | None
    reported_by: PartialDate | None
    level: str
    issuer: str | None
    round: str | None
    valid_from: PartialDate | None
    valid_until: PartialDate | None
    note: str | None
    sources: tuple[Source, ...]
    path: str
    document: Path | None = None  # the decision's PDF kept beside its record (load.Attachment)
    document_size: int | None = None  # its bytes

    @property
    def document_url(self) -> str | None:
        """Where the site publishes the decision's PDF: /quyet-dinh/<province>/<name>.pdf."""
        return urls.decision_document_url(self.id) if self.document else None

    @property
    def when(self) -> PartialDate:
        """The date to sort and count by: the decision date, else the date it was reported by."""
        return self.date or self.reported_by  # validate guarantees one of them

    @property
    def expires(self) -> PartialDate | None:
        """The expiry as written in open data: `valid_until`, else 36 months after the start, same precision."""
        if self.valid_until:
            return self.valid_until
        start = self.valid_from or self.date
        return start.add_months(VALIDITY_MONTHS) if start else None

    @property
    def expiry(self) -> Expiry | None:
        """The earliest and latest possible last day of validity, from every date on record.

        `valid_until` says it; else 36 months after `valid_from`; else 36 months after the
        decision date, which is known to its precision (2024: some day of 2024) and is no later
        than the day a source reported the decision (`reported_by`: certificates handed over on
        5/4/2023 bound a decision "of 2023" to 1/1–5/4/2023). Only `reported_by`: no lower bound.
        """
        if self.valid_until:
            return Expiry.of(self.valid_until)
        if self.valid_from:
            return Expiry.of(self.valid_from.add_months(VALIDITY_MONTHS))
        first = self.date.earliest() if self.date else None
        last = self.date.latest() if self.date else None
        if self.reported_by:
            bound = self.reported_by.latest()
            last = bound if last is None else min(last, bound)
        if last is None:
            return None
        return Expiry(add_months(first, VALIDITY_MONTHS) if first else None, add_months(last, VALIDITY_MONTHS))

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def label(self) -> str:
        """'Quyết định 1693/QĐ-UBND (22/8/2022)' or 'Quyết định (không rõ số), năm 2019'."""
        number = f"Quyết định {self.number}" if self.number else "Quyết định (chưa rõ số)"
        if self.date:
            return f"{number}, {self.date.vi()}"
        return f"{number}, chưa rõ ngày (đã được nguồn {self.reported_by.vi()} ghi nhận)"

    @property
    def phrase(self) -> str:
        """For the product page's history, as a sentence, never a heading: 'Quyết định 1693/QĐ-UBND
        ngày 22/8/2022', 'Quyết định năm 2019 (nguồn không nêu số)', 'Quyết định chưa rõ số và
        ngày; nguồn năm 2022 đã đưa tin'."""
        on = f"{'ngày ' if self.date and self.date.day else ''}{self.date.vi()}" if self.date else None
        if on and self.reported_by and self.reported_by.latest() < self.date.latest():
            on += f", chậm nhất {self.reported_by.vi().removeprefix('năm ')}"  # the handover bounds it
        if self.number:
            return f"Quyết định {self.number} {on}" if on else \
                f"Quyết định {self.number}, chưa rõ ngày; nguồn {self.reported_by.vi()} đã đưa tin"
        if on:
            return f"Quyết định {on} (nguồn không nêu số)"
        return f"Quyết định chưa rõ số và ngày; nguồn {self.reported_by.vi()} đã đưa tin"


@dataclass(frozen=True)
class Recognition:
    """One product's entry in one decision, with its status on the build date."""
    product: str
    stars: int
    score: float | None
    renewal: bool
    note: str | None
    decision: Decision
    status: str  # valid | expiring | uncertain | expired | unknown
    certificate: str | None = None  # the certificate number as published
    score_parts: ScoreParts | None = None

    @property
    def expires(self) -> PartialDate | None:
        return self.decision.expires

    @property
    def expiry(self) -> Expiry | None:
        return self.decision.expiry

    @property
    def is_valid(self) -> bool:
        """Valid on the build date, for certain: what "current" means on every page."""
        return self.status in ("valid", "expiring")


@dataclass(frozen=True)
class Photo:
    file: str
    alt: str | None
    credit: str | None


@dataclass(frozen=True)
class Product:
    slug: str
    name: str
    province: str  # as recognised
    province_now: str  # the province it belongs to now (after mergers)
    locality: str | None
    producer: Producer | None
    group: str | None
    group_by_editors: bool
    photos: tuple[Photo, ...]
    photo_dir: Path | None
    sources: tuple[Source, ...]
    aliases: tuple[str, ...]
    body: str  # Markdown; rendered in the render stage
    body_line: int
    path: str
    history: tuple[Recognition, ...] = ()  # oldest first
    where_to_buy: tuple[PlaceToBuy, ...] = ()  # points of sale and links to shops, in the editor's order

    @property
    def current(self) -> Recognition | None:
        return self.history[-1] if self.history else None

    @property
    def stars(self) -> int:
        """Current stars (0 when no decision is on record)."""
        return self.history[-1].stars if self.history else 0

    @property
    def previous(self) -> Recognition | None:
        return self.history[-2] if len(self.history) > 1 else None

    @property
    def rerated(self) -> str | None:
        """'up' or 'down' when the latest decision changed the stars."""
        if self.previous is None or self.previous.stars == self.stars:
            return None
        return "up" if self.stars > self.previous.stars else "down"

    @property
    def first_recognised(self) -> PartialDate | None:
        return self.history[0].decision.when if self.history else None

    @property
    def other_sources(self) -> tuple[Source, ...]:
        """Its sources that no decision of its history already cites (same URL): the product page
        gives each source once, under the decision it supports, and lists only the rest apart."""
        cited = {s.url for r in self.history for s in r.decision.sources if s.url}
        return tuple(s for s in self.sources if not s.url or s.url not in cited)

    @property
    def is_current(self) -> bool:
        """Its latest recognition is valid on the build date: its stars count as current stars."""
        return bool(self.history) and self.history[-1].is_valid

    @property
    def status_rank(self) -> int:
        """0 valid, 1 perhaps expired or unknown, 2 expired or never recognised: listings sort by it first."""
        return STATUS_RANK[self.history[-1].status] if self.history else 2


@dataclass(frozen=True)
class Target:
    index: int
    text: str
    measure: str
    comparison: str
    value: float
    value_max: float | None
    unit: str
    per: str | None
    stars: int | None
    from_stars: int | None
    to_stars: int | None
    period: tuple[int, int]
    reported: dict | None  # {value, date: PartialDate|None, note, source: Source}

    @property
    def countable(self) -> bool:
        return self.measure != "other"


@dataclass(frozen=True)
class Plan:
    province: str
    slug: str  # file stem: 2022-75-kh-ubnd
    title: str
    number: str | None
    document_type: str
    issuer: str
    issued: PartialDate
    period: tuple[int, int]
    summary: str | None
    targets: tuple[Target, ...]
    figures: tuple[dict, ...]
    milestones: tuple[dict, ...]
    sources: tuple[Source, ...]
    aliases: tuple[str, ...]
    body: str
    body_line: int
    path: str

    @property
    def period_label(self) -> str:
        start, end = self.period
        return f"năm {start}" if start == end else f"giai đoạn {start}–{end}"


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str | None
    menu: int | None
    sources: tuple[Source, ...]
    aliases: tuple[str, ...]
    body: str
    body_line: int
    path: str


@dataclass(frozen=True)
class Catalog:
    site: Site
    build_date: dt.date
    provinces: dict[str, Province]  # Vietnamese alphabetical order
    products: dict[str, Product]  # Vietnamese alphabetical order of names
    decisions: tuple[Decision, ...]  # oldest first
    plans: tuple[Plan, ...]  # newest first
    pages: tuple[Page, ...]
    groups: tuple[str, ...]  # groups in use, in the schema's order
    # province slug -> the products it recognised and those of the provinces merged into it, in catalog order
    province_products: dict[str, tuple[Product, ...]]


# ---------------------------------------------------------------- building

def _date(value) -> PartialDate | None:
    return PartialDate.parse(value) if value is not None else None


def _sources(items) -> tuple[Source, ...]:
    return tuple(Source(s.get("title"), s.get("url"), s.get("publisher"), s.get("author"),
                        _date(s.get("date")), s.get("note")) for s in items or ())


def _text(value) -> str | None:
    return None if value is None else str(value).strip()


def _producer(data: dict | None) -> Producer | None:
    if not data:
        return None
    contact = data.get("contact")
    return Producer(str(data["name"]).strip(), data.get("kind"), _text(data.get("address")),
                    Contact(_text(contact.get("phone")), _text(contact.get("email")), _text(contact.get("website")))
                    if contact else None)


def _score_parts(data: dict | None, decision: Decision) -> ScoreParts | None:
    if not data:
        return None
    sheets = possible_sheets(decision.date, decision.reported_by)
    return ScoreParts(tuple(data[part.key] for part in SCORE_PARTS), sheets[0] if len(sheets) == 1 else None)


def _plan(r: RawRecord) -> Plan:
    d = r.data
    period = parse_period(d["period"])
    targets = []
    for index, t in enumerate(d.get("targets") or ()):
        reported = t.get("reported")
        if reported:
            reported = {"value": reported["value"], "date": _date(reported.get("date")),
                        "note": _text(reported.get("note")), "source": _sources([reported["source"]])[0]}
        targets.append(Target(index + 1, str(t["text"]).strip(), t["measure"], t["comparison"], t["value"],
                              t.get("value_max"), _text(t.get("unit")) or "sản phẩm", _text(t.get("per")),
                              t.get("stars"), t.get("from_stars"), t.get("to_stars"),
                              parse_period(t["period"]) if "period" in t else period, reported))
    return Plan(r.folder, r.stem, str(d["title"]).strip(), _text(d.get("number")), d.get("document_type", "Kế hoạch"),
                str(d["issuer"]).strip(), _date(d["issued"]), period, _text(d.get("summary")), tuple(targets),
                tuple({"text": f["text"], "value": f["value"], "unit": f.get("unit", ""), "date": _date(f.get("date"))}
                      for f in d.get("figures") or ()),
                tuple({"when": str(m["when"]), "text": m["text"]} for m in d.get("milestones") or ()),
                _sources(d.get("sources")), tuple(d.get("aliases") or ()), r.body, r.body_line, r.path)


# A product record's fields that only its own page, its share card, its feed entries, its open data rows
# and the cards that show it read: no address, count, chart, drawing other than the share card or rule across
# records. The name also orders the catalog (catalog_key): a renamed product that keeps its place in that order
# moves nothing. A saved record whose front matter changed in these alone is made into pages without a look at
# every record (ocop/body_edits.py); build_catalog reads them through shown_fields too.
SHOWN_FIELDS = ("name", "locality", "producer", "sources", "where_to_buy")


def catalog_key(record: RawRecord) -> tuple:
    """Where a product record's product stands in the catalog's order: its name in Vietnamese order, then its slug."""
    return vi_sort_key(record.data["name"]), record.stem


def shown_fields(d: dict) -> dict:
    """The product's SHOWN_FIELDS, from its record's data."""
    return {"name": str(d["name"]).strip(), "locality": _text(d.get("locality")),
            "producer": _producer(d.get("producer")), "sources": _sources(d.get("sources")),
            "where_to_buy": tuple(PlaceToBuy(_text(w.get("name")), _text(w.get("address")), _text(w.get("title")),
                                             _text(w.get("url"))) for w in d.get("where_to_buy") or ())}


def _product(r: RawRecord, province_now: str, recognitions: tuple[tuple[Decision, dict], ...],
             build_date: dt.date) -> Product:
    d = r.data
    history = tuple(
        Recognition(r.stem, entry["stars"], entry.get("score"), bool(entry.get("renewal")), _text(entry.get("note")),
                    decision, recognition_status(decision.expiry, build_date), _text(entry.get("certificate")),
                    _score_parts(entry.get("score_parts"), decision))
        for decision, entry in recognitions)
    return Product(
        slug=r.stem, province=d["province"], province_now=province_now,
        group=d.get("group"), group_by_editors=bool(d.get("group_by_editors")),
        photos=tuple(Photo(p["file"], _text(p.get("alt")), _text(p.get("credit"))) for p in d.get("photos") or ()),
        photo_dir=r.photo_dir, aliases=tuple(d.get("aliases") or ()), body=r.body, body_line=r.body_line, path=r.path,
        history=history, **shown_fields(d))


def recognition_status(expiry: Expiry | PartialDate | None, today: dt.date) -> str:
    """valid | expiring | uncertain | expired | unknown, reasoning with the earliest and latest
    possible expiry: "uncertain" ("có thể đã hết hạn") only when the two disagree about today;
    "expiring" only when it certainly ends within EXPIRING_SOON_DAYS (a decision of 2024 seen
    on 2/12/2026 expires some day of 2027: valid, not expiring)."""
    if expiry is None:
        return "unknown"
    if isinstance(expiry, PartialDate):
        expiry = Expiry.of(expiry)
    if expiry.latest < today:
        return "expired"
    if expiry.earliest is None or expiry.earliest < today:
        return "uncertain"  # e.g. expiry "2026" seen in mid-2026
    if (expiry.latest - today).days <= EXPIRING_SOON_DAYS:
        return "expiring"
    return "valid"


def build_catalog(records: list[RawRecord], build_date: dt.date, reuse: Reuse | None = None) -> Catalog:
    """The catalog of valid records.

    reuse: what the last call in this process made (serve). A rating record loaded again as the very
    same object (load.KeptRecords) gives the very same Decision; a product whose record, province and
    recognitions (decision and entry objects) are all the same gives the very same Product, so the
    later steps can reuse what they made of it.
    """
    reuse = reuse or Reuse(keep=False)
    by_kind: dict[str, list[RawRecord]] = {}
    for record in records:
        by_kind.setdefault(record.kind, []).append(record)

    site_data = by_kind["site"][0].data
    site = Site(site_data["title"], site_data.get("tagline", ""), site_data["base_url"].rstrip("/"),
                site_data.get("description", ""))

    # provinces, with what each absorbed
    absorbed: dict[str, list[str]] = {}
    for r in by_kind.get("province", []):
        if r.data.get("merged_into"):
            absorbed.setdefault(r.data["merged_into"], []).append(r.stem)
    provinces = {}
    for r in sorted(by_kind.get("province", []), key=lambda r: vi_sort_key(r.data["name"])):
        d = r.data
        merged = tuple(sorted(absorbed.get(r.stem, []), key=lambda s: vi_sort_key(s)))
        provinces[r.stem] = reuse.get(("province", r.path, merged), (r,), lambda: Province(
            r.stem, d["name"], d["kind"], d["region"], d.get("merged_into"), _date(d.get("merged_on")),
            d.get("merged_by"), _text(d.get("note")), _sources(d.get("sources")), tuple(d.get("aliases") or ()),
            r.path, merged))

    def now(slug: str) -> str:
        seen = set()
        while provinces[slug].merged_into and slug not in seen:
            seen.add(slug)
            slug = provinces[slug].merged_into
        return slug

    # decisions and the recognitions they hold, per product
    decisions = []
    entries_by_product: dict[str, list[tuple[Decision, dict]]] = {}
    for r in by_kind.get("rating", []):
        d = r.data
        decision = reuse.get(("decision", r.path), (r,), lambda: Decision(
            f"{r.folder}/{r.stem}", r.folder, _text(d.get("number")), _date(d.get("date")),
            _date(d.get("reported_by")), d["level"], _text(d.get("issuer")), _text(d.get("round")),
            _date(d.get("valid_from")), _date(d.get("valid_until")), _text(d.get("note")), _sources(d.get("sources")),
            r.path, r.document.file if r.document else None, r.document.size if r.document else None))
        decisions.append(decision)
        for entry in d["entries"]:
            entries_by_product.setdefault(entry["product"], []).append((decision, entry))
    decisions.sort(key=lambda x: (x.when.sort_key(), x.id))

    products = {}
    for r in sorted(by_kind.get("product", []), key=lambda r: reuse.get(("sort key", r.path), (r,),
                                                                   lambda: catalog_key(r))):
        province_now = now(r.data["province"])
        pairs = entries_by_product.get(r.stem, [])  # (decision, entry) in the ratings' order: sorted when made
        products[r.stem] = reuse.get(("product", r.path, province_now, build_date),
                                     (r, *(x for pair in pairs for x in pair)),
                                     lambda: _product(r, province_now, tuple(sorted(
                                         pairs, key=lambda pair: (pair[0].when.sort_key(), pair[0].id))), build_date))

    plans = [reuse.get(("plan", r.path), (r,), lambda: _plan(r)) for r in by_kind.get("plan", [])]
    plans.sort(key=lambda p: (tuple(-x for x in p.issued.sort_key()), p.province, p.slug))

    pages = tuple(sorted(
        (Page(r.stem, str(r.data["title"]).strip(), _text(r.data.get("summary")), r.data.get("menu"),
              _sources(r.data.get("sources")), tuple(r.data.get("aliases") or ()), r.body, r.body_line, r.path)
         for r in by_kind.get("page", [])),
        key=lambda p: (p.menu is None, p.menu or 0, p.slug)))

    used = {p.group for p in products.values() if p.group}
    recognised: dict[str, list[Product]] = {slug: [] for slug in provinces}
    for product in products.values():
        recognised[product.province].append(product)
    # a merged province's products after the absorbing one's, merged back into catalog order
    position = {slug: index for index, slug in enumerate(products)} if any(
        province.absorbed for province in provinces.values()) else {}
    members = {slug: tuple(sorted((p for s in (slug, *province.absorbed) for p in recognised[s]),
                                  key=lambda p: position[p.slug]))
               if province.absorbed else tuple(recognised[slug]) for slug, province in provinces.items()}
    reuse.next_build()
    return Catalog(site, build_date, provinces, products, tuple(decisions), tuple(plans), pages,
                   tuple(g for g in GROUPS if g in used), members)


def with_new_body(catalog: Catalog, record: RawRecord) -> Catalog:
    """The catalog with the product of this record given the record's body. For a record whose front matter
    is last build's (ocop/body_edits.py), this is the catalog build_catalog would make of the records."""
    old = catalog.products[record.stem]
    return with_product(catalog, dataclasses.replace(old, body=record.body, body_line=record.body_line))


def with_shown_fields(catalog: Catalog, record: RawRecord) -> Catalog:
    """The catalog with the product of this record given the record's body and SHOWN_FIELDS. For a record whose
    front matter is last build's but for those fields (ocop/body_edits.py), this is the catalog build_catalog
    would make of the records."""
    old = catalog.products[record.stem]
    return with_product(catalog, dataclasses.replace(old, body=record.body, body_line=record.body_line,
                                                     **shown_fields(record.data)))


def with_product(catalog: Catalog, product: Product) -> Catalog:
    """The same catalog in every way but one: the product of this slug replaced wherever the catalog holds it."""
    old = catalog.products[product.slug]
    products = dict(catalog.products)
    products[product.slug] = product
    members = {slug: tuple(product if p is old else p for p in held) if any(p is old for p in held) else held
               for slug, held in catalog.province_products.items()}
    return dataclasses.replace(catalog, products=products, province_products=members)
