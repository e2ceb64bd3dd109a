"""Open data at /du-lieu/: the catalog as CSV and JSON files, each with a JSON Schema.

Four datasets, each a table of columns defined once below (name, type, title and meaning in
Vietnamese); the CSV header, the JSON objects, the JSON Schema, the CSVW metadata of each
CSV (`<dataset>.csv-metadata.json`, W3C "Metadata Vocabulary for Tabular Data"), the DCAT
catalogue of them all (`catalog.jsonld`) and the /du-lieu/ page all come from these tables,
so they cannot disagree.

* san-pham  — products, one row per product, with their current stars;
* cong-nhan — recognition decisions with their entries (CSV: one row per entry;
              JSON: decisions, each with its list of entries);
* ke-hoach  — plans with their targets and progress (CSV: one row per target; JSON: plans,
              each with its list of targets);
* tinh      — provinces old and new, with their mergers.

CSV files are UTF-8 with a byte order mark (so Excel opens Vietnamese correctly), comma
separated, CRLF line ends (RFC 4180). Files are a function of the content and the build
date only (statuses such as "còn hiệu lực" are computed for the build date).
"""
from __future__ import annotations

import csv
import hashlib
import json
import operator
import os
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO, TextIO

from .model import Catalog, Decision, Plan, Product, Province
from .schema import SCORE_PARTS
from .progress import Progress
from .urls import CSVW_SUFFIX, DATA, DATA_CATALOG, data_file_url, output_file, plan_url, product_url, province_url

LICENCE = "CC BY 4.0 (Creative Commons Ghi công 4.0 Quốc tế)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"
LICENCE_URI = "https://creativecommons.org/licenses/by/4.0/"  # the licence itself, for machines (DCAT, CSVW)
LICENCE_TERMS = ("Được tự do sao chép, phân phối và sử dụng lại, kể cả cho mục đích thương mại, với điều kiện "
                 "ghi nguồn; nguồn gốc của từng thông tin được liệt kê trên trang tương ứng.")
LICENCE_LINE = f"Giấy phép: {LICENCE}, {LICENCE_URL}. {LICENCE_TERMS}"
JSON_SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json"}  # of the distributions, as IANA registers them
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
STATUS_LABELS = {"valid": "còn hiệu lực", "expiring": "sắp hết hạn", "uncertain": "có thể đã hết hạn",
                 "expired": "đã hết hạn", "unknown": "chưa rõ thời hạn"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | integer | number | boolean | date (a possibly partial ISO date, as text)
    title: str  # a short heading in Vietnamese (the CSVW metadata's titles)
    meaning: str  # in Vietnamese, shown on /du-lieu/
    required: bool = False  # never empty

    @property
    def type_label(self) -> str:
        return {"string": "văn bản", "integer": "số nguyên", "number": "số", "boolean": "true/false",
                "date": "ngày (2022, 2022-08 hoặc 2022-08-22)"}[self.type]


C = Column
PRODUCT_COLUMNS = (
    C("slug", "string", "Mã sản phẩm", "Mã sản phẩm, cũng là phần cuối địa chỉ trang", True),
    C("url", "string", "Địa chỉ trang", "Địa chỉ cố định của trang sản phẩm", True),
    C("name", "string", "Tên sản phẩm", "Tên sản phẩm", True),
    C("province", "string", "Mã tỉnh công nhận", "Mã tỉnh đã công nhận sản phẩm (tỉnh lúc công nhận)", True),
    C("province_name", "string", "Tỉnh công nhận", "Tên tỉnh đã công nhận", True),
    C("province_now", "string", "Mã tỉnh nay",
      "Mã tỉnh, thành phố mà địa bàn nay thuộc về (sau hợp nhất 1/7/2025)", True),
    C("province_now_name", "string", "Tỉnh nay", "Tên tỉnh, thành phố nay", True),
    C("locality", "string", "Địa phương", "Địa phương ghi theo nguồn (trước khi bỏ cấp huyện)"),
    C("producer_name", "string", "Chủ thể", "Tên chủ thể sản xuất"),
    C("producer_kind", "string", "Loại chủ thể", "Loại chủ thể: doanh nghiệp, hợp tác xã, tổ hợp tác, hộ sản xuất"),
    C("group", "string", "Nhóm sản phẩm", "Nhóm sản phẩm"),
    C("group_by_editors", "boolean", "Nhóm do ban biên tập xếp",
      "true khi nhóm do ban biên tập xếp vì nguồn không nêu", True),
    C("stars", "integer", "Hạng sao",
      "Hạng sao theo quyết định gần nhất (kể cả khi đã hết hạn: xem status); trống nếu chưa có quyết định"),
    C("status", "string", "Tình trạng", "Tình trạng công nhận hiện tại, tính đến ngày dữ liệu (as_of)"),
    C("decision", "string", "Mã quyết định", "Mã quyết định gần nhất (xem tập cong-nhan)"),
    C("decision_number", "string", "Số quyết định", "Số hiệu quyết định gần nhất; trống nếu nguồn không nêu"),
    C("decision_date", "date", "Ngày quyết định", "Ngày quyết định gần nhất"),
    C("expires", "date", "Ngày hết hạn",
      "Ngày hết hạn công nhận (36 tháng sau quyết định, trừ khi nguồn nêu khác)"),
    C("first_recognised", "date", "Lần đầu công nhận", "Lần đầu được công nhận"),
    C("recognitions", "integer", "Số lần công nhận", "Số lần công nhận có trong danh mục", True),
    C("source_urls", "string", "Nguồn", "Địa chỉ các nguồn, cách nhau bằng dấu cách"),
    # appended (issue 15): what the national system keeps, when a source states it
    C("certificate", "string", "Số giấy chứng nhận",
      "Số giấy chứng nhận của lần công nhận gần nhất, khi nguồn nêu"),
    C("decision_document_url", "string", "Văn bản quyết định (PDF)",
      "Địa chỉ tệp PDF của quyết định gần nhất, khi ban biên tập có văn bản"),
    C("producer_address", "string", "Địa chỉ chủ thể", "Địa chỉ của chủ thể, như nguồn ghi"),
    C("producer_phone", "string", "Điện thoại chủ thể", "Số điện thoại công khai của chủ thể, như nguồn ghi"),
    C("producer_email", "string", "Thư điện tử chủ thể", "Địa chỉ thư điện tử công khai của chủ thể"),
    C("producer_website", "string", "Trang web chủ thể", "Trang web của chủ thể"),
    C("points_of_sale", "string", "Điểm bán",
      "Các điểm bán, mỗi điểm 'tên, địa chỉ' như nguồn ghi, cách nhau bằng ' | '"),
    C("shop_urls", "string", "Cửa hàng trực tuyến",
      "Địa chỉ các cửa hàng trên mạng mà chủ thể dùng, cách nhau bằng dấu cách"),
)
DECISION_COLUMNS = (
    C("decision", "string", "Mã quyết định", "Mã quyết định: <tỉnh>/<tên tệp>, duy nhất", True),
    C("decision_province", "string", "Mã tỉnh", "Mã tỉnh ban hành hoặc đề nghị (tỉnh lúc đó)", True),
    C("decision_province_name", "string", "Tỉnh", "Tên tỉnh", True),
    C("number", "string", "Số quyết định", "Số hiệu quyết định; trống nếu nguồn không nêu"),
    C("date", "date", "Ngày quyết định", "Ngày quyết định; trống nếu nguồn không nêu"),
    C("reported_by", "date", "Ngày nguồn đưa tin", "Khi chưa rõ ngày: ngày của nguồn đã đưa tin về quyết định"),
    C("level", "string", "Cấp công nhận", "Cấp công nhận: tỉnh, trung ương hoặc huyện", True),
    C("issuer", "string", "Cơ quan ban hành", "Cơ quan ban hành, khi nguồn nêu"),
    C("round", "string", "Đợt đánh giá", "Đợt đánh giá"),
    C("valid_from", "date", "Hiệu lực từ", "Hiệu lực từ, khi nguồn nêu"),
    C("valid_until", "date", "Hiệu lực đến", "Hiệu lực đến, khi nguồn nêu"),
    C("expires", "date", "Ngày hết hạn", "Ngày hết hạn tính được (valid_until, hoặc 36 tháng sau quyết định)"),
    C("source_urls", "string", "Nguồn", "Địa chỉ các nguồn, cách nhau bằng dấu cách"),
)
DECISION_APPENDED = (  # after the entries' columns in the CSV: new columns are only ever appended
    C("document_url", "string", "Văn bản quyết định (PDF)",
      "Địa chỉ tệp PDF của quyết định, khi ban biên tập có văn bản"),
)
ENTRY_COLUMNS = (
    C("product", "string", "Mã sản phẩm", "Mã sản phẩm (xem tập san-pham)", True),
    C("product_name", "string", "Tên sản phẩm", "Tên sản phẩm", True),
    C("stars", "integer", "Hạng sao", "Hạng sao được công nhận trong quyết định này", True),
    C("score", "number", "Điểm", "Điểm đánh giá (0–100), khi nguồn nêu"),
    C("renewal", "boolean", "Công nhận lại", "true khi là công nhận lại", True),
    C("status", "string", "Tình trạng", "Tình trạng của lần công nhận này, tính đến ngày dữ liệu", True),
    C("note", "string", "Ghi chú", "Ghi chú"),
)
ENTRY_APPENDED = (
    C("certificate", "string", "Số giấy chứng nhận", "Số giấy chứng nhận, khi nguồn nêu"),
    C("score_community", "number", "Điểm phần A",
      "Điểm phần A của phiếu đánh giá (sản phẩm và sức mạnh cộng đồng), khi nguồn nêu"),
    C("score_marketing", "number", "Điểm phần B",
      "Điểm phần B của phiếu đánh giá (khả năng tiếp thị), khi nguồn nêu"),
    C("score_quality", "number", "Điểm phần C",
      "Điểm phần C của phiếu đánh giá (chất lượng sản phẩm), khi nguồn nêu"),
)
PLAN_COLUMNS = (
    C("plan", "string", "Mã kế hoạch", "Mã kế hoạch: <tỉnh>/<năm>-<số>, duy nhất", True),
    C("url", "string", "Địa chỉ trang", "Địa chỉ cố định của trang kế hoạch", True),
    C("province", "string", "Mã tỉnh", "Mã tỉnh ban hành (tỉnh lúc ban hành, kể cả khi đã hợp nhất)", True),
    C("province_name", "string", "Tỉnh", "Tên tỉnh ban hành", True),
    C("title", "string", "Tên văn bản", "Tên văn bản", True),
    C("document_type", "string", "Loại văn bản", "Loại văn bản", True),
    C("number", "string", "Số hiệu", "Số hiệu; trống nếu nguồn không nêu"),
    C("issuer", "string", "Cơ quan ban hành", "Cơ quan ban hành", True),
    C("issued", "date", "Ngày ban hành", "Ngày ban hành", True),
    C("period_start", "integer", "Năm đầu", "Năm đầu của thời kỳ kế hoạch", True),
    C("period_end", "integer", "Năm cuối", "Năm cuối của thời kỳ kế hoạch", True),
    C("source_urls", "string", "Nguồn", "Địa chỉ các nguồn, cách nhau bằng dấu cách"),
)
TARGET_COLUMNS = (
    C("target", "integer", "Số thứ tự chỉ tiêu", "Số thứ tự chỉ tiêu trong kế hoạch"),
    C("target_text", "string", "Chỉ tiêu", "Chỉ tiêu, như văn bản viết"),
    C("measure", "string", "Cách đo",
      "Cách đo: new, recognized, upgraded, reached hoặc other (không đếm được từ danh mục)"),
    C("comparison", "string", "Kiểu so sánh", "at_least, about, exactly, at_most hoặc range"),
    C("value", "number", "Giá trị", "Giá trị chỉ tiêu (cận dưới nếu là khoảng)"),
    C("value_max", "number", "Cận trên", "Cận trên, khi chỉ tiêu là khoảng"),
    C("unit", "string", "Đơn vị", "Đơn vị"),
    C("per", "string", "Tính theo", "Tính theo (ví dụ: tháng)"),
    C("stars", "integer", "Hạng sao tối thiểu", "Hạng sao tối thiểu được tính"),
    C("from_stars", "integer", "Từ hạng sao", "Nâng hạng từ hạng sao"),
    C("to_stars", "integer", "Lên hạng sao", "Nâng hạng lên hạng sao"),
    C("target_period_start", "integer", "Năm đầu của chỉ tiêu", "Năm đầu của chỉ tiêu"),
    C("target_period_end", "integer", "Năm cuối của chỉ tiêu", "Năm cuối của chỉ tiêu"),
    C("counted", "integer", "Số đạt được", "Số đạt được, đếm từ danh mục; trống khi không đếm được"),
    C("percent", "integer", "Phần trăm đạt", "Phần trăm đạt được so với chỉ tiêu (tối đa 100)"),
    C("counting_rule", "string", "Cách đếm", "Cách đếm, bằng lời"),
    C("decisions_on_record", "integer", "Số quyết định trong danh mục",
      "Số quyết định công nhận của địa phương trong thời kỳ có trong danh mục"),
    C("reported_value", "number", "Số liệu báo cáo", "Số liệu được báo cáo (khi danh mục không đếm được)"),
    C("reported_date", "date", "Ngày số liệu báo cáo", "Ngày của số liệu được báo cáo"),
)
PROVINCE_COLUMNS = (
    C("slug", "string", "Mã tỉnh", "Mã tỉnh, cũng là phần cuối địa chỉ trang", True),
    C("url", "string", "Địa chỉ trang", "Địa chỉ cố định của trang tỉnh", True),
    C("name", "string", "Tên", "Tên", True),
    C("kind", "string", "Loại", "tỉnh hoặc thành phố (trực thuộc trung ương)", True),
    C("region", "string", "Vùng", "Vùng kinh tế - xã hội", True),
    C("is_current", "boolean", "Đơn vị hiện nay", "true nếu là một trong 34 tỉnh, thành phố từ 1/7/2025", True),
    C("merged_into", "string", "Mã tỉnh hợp nhất vào", "Mã tỉnh, thành phố được hợp nhất vào"),
    C("merged_into_name", "string", "Hợp nhất vào", "Tên tỉnh, thành phố được hợp nhất vào"),
    C("merged_on", "date", "Ngày hợp nhất", "Ngày bắt đầu hoạt động của đơn vị mới"),
    C("merged_by", "string", "Văn bản hợp nhất", "Văn bản quyết định việc hợp nhất"),
    C("absorbed", "string", "Các tỉnh hợp nhất vào",
      "Mã các tỉnh đã hợp nhất vào tỉnh này, cách nhau bằng dấu cách"),
    C("products", "integer", "Số sản phẩm", "Số sản phẩm do tỉnh này công nhận có trong danh mục", True),
    C("plans", "integer", "Số kế hoạch", "Số kế hoạch do tỉnh này ban hành có trong danh mục", True),
)
del C


# What a dataset's rows read of the records, beyond the site's settings, the provinces and the plans (which
# every fingerprint covers): its files' fingerprints cover exactly that (fingerprints.py), so an edit writes
# again only the datasets that show it (a producer's name: the products, not the decisions).
READS_PRODUCTS = "products"  # every field of every product but its description, in catalog order
READS_RECOGNITIONS = "recognitions"  # the decisions, and each product's slug, name and recognitions
READS_PLAN_PROGRESS = "plan progress"  # progress.all_progress()
READS_PRODUCT_PROVINCES = "product provinces"  # which province recognised each product (the counts)


@dataclass(frozen=True)
class Dataset:
    slug: str  # file name: /du-lieu/<slug>.csv, .json, .schema.json
    title: str
    description: str
    columns: tuple[Column, ...]  # CSV columns = JSON fields of each item
    child_key: str | None = None  # JSON: each item holds a list of these
    child_columns: tuple[Column, ...] = ()  # CSV: appended to the item's columns, one row per child
    csv_rows: str = ""  # what one CSV row is
    # columns added later, after the child columns in the CSV (new columns are only ever appended):
    # of the item, then of each child
    appended: tuple[Column, ...] = ()
    child_appended: tuple[Column, ...] = ()
    reads: str = READS_PRODUCTS  # what its rows read of the records (READS_*)

    @property
    def item_columns(self) -> tuple[Column, ...]:
        """The JSON fields of each item (besides the list child_key)."""
        return self.columns + self.appended

    @property
    def entry_columns(self) -> tuple[Column, ...]:
        """The JSON fields of each child (in the list child_key)."""
        return self.child_columns + self.child_appended

    @property
    def csv_columns(self) -> tuple[Column, ...]:
        return self.columns + self.child_columns + self.appended + self.child_appended

    @property
    def primary_key(self) -> tuple[str, ...]:
        """The columns that tell the CSV's rows apart (none for plans: a plan without targets has no target number)."""
        return {"san-pham": ("slug",), "cong-nhan": ("decision", "product"), "tinh": ("slug",)}.get(self.slug, ())

    def file(self, suffix: str) -> str:
        return data_file_url(self.slug, suffix)


DATASETS = (
    Dataset("san-pham", "Sản phẩm OCOP", "Mỗi sản phẩm một dòng, với hạng sao và tình trạng công nhận hiện tại.",
            PRODUCT_COLUMNS, csv_rows="một sản phẩm", reads=READS_PRODUCTS),
    Dataset("cong-nhan", "Quyết định công nhận",
            "Mọi quyết định công nhận trong danh mục, với từng sản phẩm được công nhận.",
            DECISION_COLUMNS, "entries", ENTRY_COLUMNS, csv_rows="một sản phẩm trong một quyết định",
            appended=DECISION_APPENDED, child_appended=ENTRY_APPENDED, reads=READS_RECOGNITIONS),
    Dataset("ke-hoach", "Kế hoạch và chỉ tiêu",
            "Các kế hoạch OCOP của tỉnh, từng chỉ tiêu và tiến độ đếm được từ danh mục.",
            PLAN_COLUMNS, "targets", TARGET_COLUMNS,
            csv_rows="một chỉ tiêu của một kế hoạch (kế hoạch không có chỉ tiêu: một dòng, cột chỉ tiêu trống)",
            reads=READS_PLAN_PROGRESS),
    Dataset("tinh", "Tỉnh, thành phố và hợp nhất",
            "63 tỉnh, thành phố trước Nghị quyết 202/2025/QH15 và 34 đơn vị từ 1/7/2025, với việc hợp nhất.",
            PROVINCE_COLUMNS, csv_rows="một tỉnh, thành phố (cũ hoặc nay)", reads=READS_PRODUCT_PROVINCES),
)


# ---------------------------------------------------------------- rows

def _iso(date) -> str | None:
    return date.iso() if date else None


def _urls(sources) -> str | None:
    urls = [s.url for s in sources if s.url]
    return " ".join(urls) if urls else None


def product_row(catalog: Catalog, product: Product) -> dict:
    current = product.current
    base = catalog.site.base_url
    producer = product.producer
    contact = producer.contact if producer else None
    places = [", ".join(x for x in (w.name, w.address) if x) for w in product.where_to_buy if not w.is_link]
    shops = [w.url for w in product.where_to_buy if w.is_link]
    return {
        "slug": product.slug, "url": base + product_url(product.slug), "name": product.name,
        "province": product.province, "province_name": catalog.provinces[product.province].name,
        "province_now": product.province_now, "province_now_name": catalog.provinces[product.province_now].name,
        "locality": product.locality,
        "producer_name": product.producer.name if product.producer else None,
        "producer_kind": product.producer.kind if product.producer else None,
        "group": product.group, "group_by_editors": product.group_by_editors,
        "stars": product.stars or None,
        "status": STATUS_LABELS[current.status] if current else None,
        "decision": current.decision.id if current else None,
        "decision_number": current.decision.number if current else None,
        "decision_date": _iso(current.decision.date) if current else None,
        "expires": _iso(current.expires) if current else None,
        "first_recognised": _iso(product.first_recognised),
        "recognitions": len(product.history),
        "source_urls": _urls(product.sources),
        "certificate": current.certificate if current else None,
        "decision_document_url": base + current.decision.document_url
        if current and current.decision.document_url else None,
        "producer_address": producer.address if producer else None,
        "producer_phone": contact.phone if contact else None,
        "producer_email": contact.email if contact else None,
        "producer_website": contact.website if contact else None,
        "points_of_sale": " | ".join(places) or None,
        "shop_urls": " ".join(shops) or None,
    }


def decision_row(catalog: Catalog, decision: Decision) -> dict:
    return {
        "decision": decision.id, "decision_province": decision.province,
        "decision_province_name": catalog.provinces[decision.province].name,
        "number": decision.number, "date": _iso(decision.date), "reported_by": _iso(decision.reported_by),
        "level": decision.level, "issuer": decision.issuer, "round": decision.round,
        "valid_from": _iso(decision.valid_from), "valid_until": _iso(decision.valid_until),
        "expires": _iso(decision.expires), "source_urls": _urls(decision.sources),
        "document_url": catalog.site.base_url + decision.document_url if decision.document_url else None,
    }


def decision_entries(catalog: Catalog) -> dict[str, list[tuple[Product, object]]]:
    """{decision id: [(product, its Recognition)]}, in the catalog's product order."""
    entries: dict[str, list] = {d.id: [] for d in catalog.decisions}
    for product in catalog.products.values():
        for r in product.history:
            entries[r.decision.id].append((product, r))
    return entries


def entry_row(product: Product, r) -> dict:
    parts = r.score_parts
    return {"product": product.slug, "product_name": product.name, "stars": r.stars, "score": r.score,
            "renewal": r.renewal, "status": STATUS_LABELS[r.status], "note": r.note,
            "certificate": r.certificate,
            **{f"score_{part.key}": parts.value(part.key) if parts else None for part in SCORE_PARTS}}


def plan_row(catalog: Catalog, plan: Plan) -> dict:
    return {
        "plan": f"{plan.province}/{plan.slug}", "url": catalog.site.base_url + plan_url(plan.province, plan.slug),
        "province": plan.province, "province_name": catalog.provinces[plan.province].name,
        "title": plan.title, "document_type": plan.document_type, "number": plan.number, "issuer": plan.issuer,
        "issued": plan.issued.iso(), "period_start": plan.period[0], "period_end": plan.period[1],
        "source_urls": _urls(plan.sources),
    }


def target_rows(progress_list: list[Progress]) -> list[dict]:
    """The plan's targets with their progress (progress.plan_progress)."""
    rows = []
    for progress in progress_list:
        t = progress.target
        reported = t.reported or {}
        rows.append({
            "target": t.index, "target_text": t.text, "measure": t.measure, "comparison": t.comparison,
            "value": t.value, "value_max": t.value_max, "unit": t.unit, "per": t.per, "stars": t.stars,
            "from_stars": t.from_stars, "to_stars": t.to_stars,
            "target_period_start": t.period[0], "target_period_end": t.period[1],
            "counted": progress.count, "percent": progress.percent,
            "counting_rule": progress.rule or None,
            "decisions_on_record": progress.decisions_on_record if progress.count is not None else None,
            "reported_value": reported.get("value"), "reported_date": _iso(reported.get("date")),
        })
    return rows


def province_row(catalog: Catalog, province: Province, products: int, plans: int) -> dict:
    target = catalog.provinces.get(province.merged_into) if province.merged_into else None
    return {
        "slug": province.slug, "url": catalog.site.base_url + province_url(province.slug), "name": province.name,
        "kind": province.kind, "region": province.region, "is_current": province.is_current,
        "merged_into": province.merged_into, "merged_into_name": target.name if target else None,
        "merged_on": _iso(province.merged_on), "merged_by": province.merged_by,
        "absorbed": " ".join(province.absorbed) or None, "products": products, "plans": plans,
    }


def dataset_count(catalog: Catalog, dataset: Dataset) -> int:
    """How many items dataset_items() yields."""
    return len({"san-pham": catalog.products, "cong-nhan": catalog.decisions, "ke-hoach": catalog.plans,
                "tinh": catalog.provinces}[dataset.slug])


def dataset_items(catalog: Catalog, dataset: Dataset, progress: dict) -> Iterator[dict]:
    """The JSON items of a dataset (children nested under dataset.child_key), one at a time.

    progress: {(province, plan slug): [Progress]}, from progress.all_progress().
    """
    if dataset.slug == "san-pham":
        return (product_row(catalog, p) for p in catalog.products.values())
    if dataset.slug == "cong-nhan":
        entries = decision_entries(catalog)
        return ({**decision_row(catalog, d), "entries": [entry_row(*pair) for pair in entries[d.id]]}
                for d in catalog.decisions)
    if dataset.slug == "ke-hoach":
        return ({**plan_row(catalog, p), "targets": target_rows(progress[p.province, p.slug])}
                for p in catalog.plans)
    if dataset.slug == "tinh":
        products: dict[str, int] = {}
        for p in catalog.products.values():
            products[p.province] = products.get(p.province, 0) + 1
        plans: dict[str, int] = {}
        for plan in catalog.plans:
            plans[plan.province] = plans.get(plan.province, 0) + 1
        return (province_row(catalog, pr, products.get(slug, 0), plans.get(slug, 0))
                for slug, pr in catalog.provinces.items())
    raise ValueError(dataset.slug)


# ---------------------------------------------------------------- files

def _cell(value) -> str:
    kind = type(value)  # text first: most cells (~30 per product, 600,000 at 20,000 products)
    if kind is str:
        return value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else repr(value)
    return str(value)


def _csv_head(dataset: Dataset) -> str:
    """The byte order mark and the header row."""
    lines = _Lines()
    csv.writer(lines, lineterminator="\r\n").writerow([c.name for c in dataset.csv_columns])
    return "\ufeff" + lines.take()


class _Lines:
    """A csv.writer's file that keeps the lines it is given until they are taken."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.write = self.lines.append

    def take(self) -> str:
        text = "".join(self.lines)
        self.lines.clear()
        return text


def _csv_rows_of(dataset: Dataset) -> Callable[[dict], list[list[str]]]:
    """The CSV rows of one item: one per child, or one with empty child columns."""
    own = [c.name for c in dataset.columns]
    child = [c.name for c in dataset.child_columns]
    own_late = [c.name for c in dataset.appended]
    child_late = [c.name for c in dataset.child_appended]
    no_children = [""] * len(child)
    no_late_children = [""] * len(child_late)

    def rows(item: dict) -> list[list[str]]:
        head = list(map(_cell, map(item.__getitem__, own)))
        late = list(map(_cell, map(item.__getitem__, own_late)))
        children = item.get(dataset.child_key) if dataset.child_key else None
        if not children:
            return [head + no_children + late + no_late_children]
        return [head + list(map(_cell, map(row.__getitem__, child))) + late
                + list(map(_cell, map(row.__getitem__, child_late))) for row in children]
    return rows


def write_csv(out: TextIO, dataset: Dataset, items: Iterable[dict]) -> None:
    """UTF-8 CSV with a leading BOM; columns in the dataset's order; CRLF line ends (open out with newline="")."""
    out.write(_csv_head(dataset))
    writer = csv.writer(out, lineterminator="\r\n")
    rows_of = _csv_rows_of(dataset)
    for item in items:
        writer.writerows(rows_of(item))


def write_json(out: TextIO, catalog: Catalog, dataset: Dataset, items: Iterable[dict], count: int) -> None:
    """The dataset as one JSON object; one item per line (readable diffs, and fast: json's C encoder)."""
    encode = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps makes an encoder per call: 20,000 here
    out.write(_json_head(catalog, dataset, count))
    separator = "\n"
    for item in items:
        out.write(separator + encode(item))
        separator = ",\n"
    out.write(_json_tail(count))


def _json_tail(count: int) -> str:
    return "\n]}\n" if count else "]}\n"


def _json_head(catalog: Catalog, dataset: Dataset, count: int) -> str:
    """The document's fields before its items, up to the opening bracket of "items"."""
    document = {
        "dataset": dataset.title,
        "description": dataset.description,
        "as_of": catalog.build_date.isoformat(),
        "source": catalog.site.base_url + DATA,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "schema": catalog.site.base_url + dataset.file(".schema.json"),
        "count": count,
    }
    return json.dumps(document, ensure_ascii=False)[:-1] + ', "items": ['


def _column_schema(column: Column) -> dict:
    kind = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
            "date": "string"}[column.type]
    schema: dict = {"type": kind if column.required else [kind, "null"], "title": column.title,
                    "description": column.meaning}
    if column.type == "date":
        schema["pattern"] = PARTIAL_DATE
    return schema


def _object_schema(columns: tuple[Column, ...], extra: dict | None = None) -> dict:
    properties = {c.name: _column_schema(c) for c in columns}
    required = [c.name for c in columns]
    if extra:
        properties.update(extra)
        required += list(extra)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def json_schema(catalog: Catalog, dataset: Dataset) -> str:
    extra = None
    if dataset.child_key:
        extra = {dataset.child_key: {"type": "array", "items": _object_schema(dataset.entry_columns)}}
    schema = {
        "$schema": JSON_SCHEMA_DRAFT,
        "$id": catalog.site.base_url + dataset.file(".schema.json"),
        "title": dataset.title,
        "description": f"{dataset.description} {LICENCE_LINE}",
        "type": "object",
        "properties": {
            "dataset": {"type": "string"}, "description": {"type": "string"},
            "as_of": {"type": "string", "format": "date", "description": "Ngày dữ liệu (ngày dựng trang)"},
            "source": {"type": "string", "format": "uri"}, "licence": {"type": "string"},
            "licence_url": {"type": "string", "format": "uri"}, "schema": {"type": "string", "format": "uri"},
            "count": {"type": "integer", "minimum": 0},
            "items": {"type": "array", "items": _object_schema(dataset.item_columns, extra)},
        },
        "required": ["dataset", "as_of", "licence", "count", "items"],
    }
    return json.dumps(schema, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- CSVW and DCAT

def _csvw_datatype(column: Column):
    if column.type == "boolean":
        return {"base": "boolean", "format": "true|false"}
    if column.type == "date":  # as precise as the source: 2019, 2023-07 or 2022-08-22
        return {"base": "string", "format": PARTIAL_DATE}
    return {"string": "string", "integer": "integer", "number": "number"}[column.type]


def csvw_metadata(catalog: Catalog, dataset: Dataset) -> dict:
    """The CSV's description in the W3C Metadata Vocabulary for Tabular Data (CSVW), found by processors at
    <file>.csv-metadata.json. Each column's titles hold its Vietnamese title and its header name (so a
    validator matches them with the header row), its datatype, and whether it is always set."""
    columns = []
    for column in dataset.csv_columns:
        described = {"name": column.name, "titles": [column.title, column.name], "dc:description": column.meaning,
                     "datatype": _csvw_datatype(column)}
        if column.required:
            described["required"] = True
        columns.append(described)
    schema: dict = {"columns": columns}
    if dataset.primary_key:
        schema["primaryKey"] = list(dataset.primary_key) if len(dataset.primary_key) > 1 else dataset.primary_key[0]
    return {
        "@context": [CSVW_CONTEXT, {"@language": "vi"}],
        "url": dataset.file(".csv").rsplit("/", 1)[1],  # beside this file
        "dc:title": dataset.title,
        "dc:description": f"{dataset.description} Mỗi dòng là {dataset.csv_rows}.",
        "dc:license": {"@id": LICENCE_URI},
        "dc:publisher": catalog.site.title,
        "dc:modified": {"@value": catalog.build_date.isoformat(), "@type": "xsd:date"},
        "dc:source": {"@id": catalog.site.base_url + DATA},
        "dialect": {"encoding": "utf-8", "header": True, "headerRowCount": 1, "delimiter": ",",
                    "doubleQuote": True, "lineTerminators": ["\r\n"], "trim": False},
        "tableSchema": schema,
    }


DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "@language": "vi",
}
KEYWORDS = ("OCOP", "Mỗi xã một sản phẩm", "sản phẩm OCOP", "nông thôn mới")


def dcat_catalog(catalog: Catalog) -> dict:
    """The open data as a DCAT catalogue (JSON-LD): one dcat:Dataset per dataset, one dcat:Distribution per data
    file (its media type, download URL, licence, and what it conforms to: the JSON Schema of the JSON file,
    the CSVW metadata of the CSV file)."""
    base = catalog.site.base_url
    modified = {"@value": catalog.build_date.isoformat(), "@type": "xsd:date"}
    licence = {"@id": LICENCE_URI}
    publisher = {"@id": base + "/", "@type": "foaf:Agent", "foaf:name": catalog.site.title,
                 "foaf:homepage": {"@id": base + "/"}}
    datasets = []
    for dataset in DATASETS:
        landing = {"@id": f"{base}{DATA}#{dataset.slug}"}
        conforms = {".csv": dataset.file(CSVW_SUFFIX), ".json": dataset.file(".schema.json")}
        distributions = [{
            "@id": base + dataset.file(suffix),
            "@type": "dcat:Distribution",
            "dct:title": dataset.file(suffix).rsplit("/", 1)[1],
            "dcat:downloadURL": {"@id": base + dataset.file(suffix)},
            "dcat:accessURL": landing,
            "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + MEDIA_TYPES[suffix]},
            "dct:format": MEDIA_TYPES[suffix],
            "dct:license": licence,
            "dct:conformsTo": {"@id": base + conforms[suffix]},
            "dct:modified": modified,
        } for suffix in (".csv", ".json")]
        datasets.append({
            "@id": f"{base}{DATA}#{dataset.slug}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.slug,
            "dct:title": dataset.title,
            "dct:description": dataset.description,
            "dcat:keyword": list(KEYWORDS),
            "dcat:landingPage": landing,
            "dct:publisher": {"@id": publisher["@id"]},
            "dct:license": licence,
            "dct:modified": modified,
            "dct:language": {"@id": "http://id.loc.gov/vocabulary/iso639-1/vi"},
            "dct:conformsTo": {"@id": base + dataset.file(".schema.json")},
            "dcat:distribution": distributions,
        })
    return {
        "@context": DCAT_CONTEXT,
        "@id": base + DATA_CATALOG,
        "@type": "dcat:Catalog",
        "dct:title": f"{catalog.site.title}: dữ liệu mở",
        "dct:description": ("Danh mục sản phẩm OCOP, quyết định công nhận, kế hoạch và tỉnh, thành phố dưới dạng CSV "
                            f"và JSON. {LICENCE_LINE}"),
        "dct:publisher": publisher,
        "dct:license": licence,
        "dct:modified": modified,
        "dct:language": {"@id": "http://id.loc.gov/vocabulary/iso639-1/vi"},
        "foaf:homepage": {"@id": base + DATA},
        "dcat:dataset": datasets,
    }


def _json_text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class DataFile:
    url: str
    # writes the file's text into an open file when the file is written (in a render worker),
    # row by row: at 20,000 products the product JSON alone is 14 MB and took 70 MB to build as one string.
    # A small file made from the site's settings alone (the CSVW metadata, the DCAT catalogue) is its text:
    # it changes only with them, never with a record (fingerprints.py).
    write: Callable[[TextIO], None] | str
    kind: str  # csv | json | schema | csvw | catalog
    reads: str = ""  # a file written when the render stage reaches it: what it reads of the records (READS_*)


@dataclass(frozen=True)
class DatasetSummary:
    dataset: Dataset
    items: int
    csv_rows: int


@dataclass(frozen=True)
class DataPage:
    """What the /du-lieu/ page shows."""
    datasets: tuple[DatasetSummary, ...]
    catalog_url: str = DATA_CATALOG
    csvw_suffix: str = CSVW_SUFFIX
    licence: str = LICENCE
    licence_url: str = LICENCE_URL
    licence_line: str = LICENCE_LINE
    licence_terms: str = LICENCE_TERMS


# ---------------------------------------------------------------- rows copied from the last file (serve)

@dataclass(frozen=True)
class WrittenRows:
    """A file of rows as this process wrote it: where each row (a product, or a decision with its entries) is
    in its bytes."""
    digest: bytes  # of the whole file
    context: tuple  # what every row reads besides what it is made from (_row_context)
    keys: list[str]  # each row's product slug or decision id
    made_from: list[object]  # the very objects each row was made from (_ROW_UNITS), in the same order
    starts: array  # byte offset of each row…
    ends: array  # …and of its end


@dataclass
class RowMemory:
    """What serve's build process keeps of the products' and the decisions' CSV and JSON files it wrote
    (build.BuildMemory).

    The next build copies every row made from the very same objects as then (unchanged records give the same
    Product and Decision objects: ocop/reuse.py) out of the file in site/, and makes only the other rows:
    ~0.1 s instead of ~1 s for the products' two files at 20,000 products, as much for the decisions' two.
    Copying is safe only from exactly the bytes it wrote, so the file's digest is checked first; any other file
    (changed by hand, by another build, written in a render worker whose memory was not kept) has every row
    made again.
    """
    files: dict[str, WrittenRows] = field(default_factory=dict)  # data file URL -> as last written here


def _product_rows(catalog: Catalog) -> tuple[Iterator[tuple[str, object]], Callable[[object], dict]]:
    """A row per product, made from the product alone."""
    return ((p.slug, p) for p in catalog.products.values()), partial(product_row, catalog)


def _decision_rows(catalog: Catalog) -> tuple[Iterator[tuple[str, object]], Callable[[object], dict]]:
    """A row per decision (the CSV: one line per entry), made from the decision and the products it recognised,
    in catalog order (each product's recognitions are part of it)."""
    entries = decision_entries(catalog)

    def item(made_from: tuple) -> dict:
        decision = made_from[0]
        return {**decision_row(catalog, decision), "entries": [entry_row(*pair) for pair in entries[decision.id]]}
    return (((d.id, (d, *[product for product, _ in entries[d.id]])) for d in catalog.decisions), item)


# the datasets whose rows serve copies (RowMemory): {slug: (catalog -> ((key, made from) per row, its item))}
_ROW_UNITS = {"san-pham": _product_rows, "cong-nhan": _decision_rows}


def _same(last: object, now: object) -> bool:
    """Is a row made from the very same objects as last time (one object, or a tuple of them)?"""
    if last is now:
        return True
    return (type(last) is tuple and type(now) is tuple and len(last) == len(now)
            and all(map(operator.is_, last, now)))


def _new_digest():
    """The digest a file of rows is known by (WrittenRows.digest), fed as the file is written… SHA-256: kept in
    memory only, and ~3x faster than BLAKE2b on this machine's processors (SHA extensions): the products' and
    the decisions' files, ~42 MB at 20,000 products, are digested twice in every edit that writes them."""
    return hashlib.sha256()


def _digest_of(file: BinaryIO) -> bytes:
    """…and read back from a file open for reading."""
    return hashlib.file_digest(file, _new_digest).digest()


def _row_context(catalog: Catalog) -> tuple:
    """What product_row(), decision_row() and entry_row() read besides their product or decision."""
    return (catalog.site.base_url, catalog.build_date, tuple((s, p.name) for s, p in catalog.provinces.items()))


COPY_RANGE_BYTES = 1 << 20  # unchanged rows copied at most a mebibyte at a time: no file's worth of bytes in memory


class _Rows:
    """Writes a file made of text and one row per product or decision, copying unchanged rows (RowMemory)."""

    def __init__(self, out: TextIO, catalog: Catalog, url: str, memory: RowMemory | None, previous: Path | None):
        self.out, self.url, self.memory = out, url, memory
        self.context = _row_context(catalog) if memory is not None else ()
        self.last: WrittenRows | None = memory.files.pop(url, None) if memory is not None else None
        self.old: BinaryIO | None = None  # the file as last written, rows read from it one by one (not mapped:
        self.index: dict[str, int] = {}  # mapped pages would count in the build's memory, ~18 MB at 20,000 products)
        if self.last is not None and self.last.context == self.context and previous is not None:
            try:
                self.old = previous.open("rb")
            except OSError:
                self.old = None
            if self.old is not None and _digest_of(self.old) == self.last.digest:
                self.index = {key: number for number, key in enumerate(self.last.keys)}
        self.hash = _new_digest()
        self.offset = 0
        self.keys: list[str] = []
        self.made_from: list[object] = []
        self.starts, self.ends = array("q"), array("q")
        self.raw: BinaryIO | None = None  # the open file's bytes (not a StringIO's): rows copied without decoding
        if memory is not None and hasattr(out, "buffer"):
            out.flush()
            self.raw = out.buffer
        # unchanged rows that follow one another in the old file (with their separators) are copied as one
        # range: [copy_start, copy_end) of the old file, the rows after it from copy_next on
        self.copy_start = self.copy_end = self.copy_next = -1

    def _put(self, data: bytes, text: str | None = None) -> None:
        if self.raw is not None:
            self.raw.write(data)
        else:
            self.out.write(text if text is not None else data.decode("utf-8"))
        self.hash.update(data)
        self.offset += len(data)

    def _copy(self) -> None:
        """Write the range of unchanged rows being copied; none is then being copied."""
        if self.copy_end >= 0:
            self._put(os.pread(self.old.fileno(), self.copy_end - self.copy_start, self.copy_start))
        self.copy_start = self.copy_end = self.copy_next = -1

    def text(self, text: str) -> None:
        if self.memory is None:
            self.out.write(text)
        else:
            self._copy()
            self._put(text.encode("utf-8"), text)

    def row(self, key: str, made_from: object, make: Callable[[object], str], before: bytes = b"") -> None:
        """The row made from made_from, after `before` (a separator, not part of the row: ASCII)."""
        if self.memory is None:
            self.out.write(before.decode("ascii") + make(made_from))
            return
        number = self.index.get(key)
        if number is not None and _same(self.last.made_from[number], made_from):
            start, end = self.last.starts[number], self.last.ends[number]
            # the next row of the old file, after the same separator: the range being copied grows (one read
            # and write for a run of unchanged rows instead of one per row: 44,000 rows at 20,000 products)
            if not (number == self.copy_next and start - self.copy_end == len(before)
                    and end - self.copy_start <= COPY_RANGE_BYTES):
                self._copy()
                if before:
                    self._put(before)
                self.copy_start = start
            self.starts.append(self.offset + start - self.copy_start)
            self.ends.append(self.offset + end - self.copy_start)
            self.copy_end, self.copy_next = end, number + 1
        else:
            self._copy()
            if before:
                self._put(before)
            text = make(made_from)
            self.starts.append(self.offset)
            self._put(text.encode("utf-8"), text)
            self.ends.append(self.offset)
        self.keys.append(key)
        self.made_from.append(made_from)

    def __enter__(self) -> _Rows:
        return self

    def __exit__(self, failed, *_) -> None:
        """The file as last read is closed; the rows as written are remembered if the whole file was written."""
        if self.memory is not None and failed is None:
            self._copy()
        if self.old is not None:
            self.old.close()
        if self.memory is not None and failed is None:
            self.memory.files[self.url] = WrittenRows(self.hash.digest(), self.context, self.keys, self.made_from,
                                                      self.starts, self.ends)


def _rows_csv(catalog: Catalog, dataset: Dataset, memory: RowMemory | None, previous: Path | None,
              out: TextIO) -> None:
    """write_csv's file of a dataset in _ROW_UNITS, its unchanged rows copied."""
    units, item = _ROW_UNITS[dataset.slug](catalog)
    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\r\n")
    rows_of = _csv_rows_of(dataset)

    def make(made_from: object) -> str:
        writer.writerows(rows_of(item(made_from)))
        return lines.take()
    with _Rows(out, catalog, dataset.file(".csv"), memory, previous) as rows:
        rows.text(_csv_head(dataset))
        for key, made_from in units:
            rows.row(key, made_from, make)


def _rows_json(catalog: Catalog, dataset: Dataset, memory: RowMemory | None, previous: Path | None,
               out: TextIO) -> None:
    """write_json's file of a dataset in _ROW_UNITS (one line per item), its unchanged rows copied."""
    units, item = _ROW_UNITS[dataset.slug](catalog)
    count = dataset_count(catalog, dataset)
    encode = json.JSONEncoder(ensure_ascii=False).encode

    def make(made_from: object) -> str:
        return encode(item(made_from))
    with _Rows(out, catalog, dataset.file(".json"), memory, previous) as rows:
        rows.text(_json_head(catalog, dataset, count))
        separator = b"\n"
        for key, made_from in units:
            rows.row(key, made_from, make, separator)
            separator = b",\n"
        rows.text(_json_tail(count))


class _Discard:
    """A file that keeps nothing: the rows are made for their places and digest alone (remember_rows)."""

    def write(self, text: str) -> int:
        return len(text)


def remember_rows(memory: RowMemory, catalog: Catalog, site_dir: Path) -> None:
    """Fill `memory` with where each row is in the products' and the decisions' CSV and JSON now in site_dir,
    when it does not know them (serve's first build wrote nothing, a full build wrote them in a render worker):
    the rows are made as a build would write them, without writing, and kept only if they give the file's very
    bytes. ~2 s at 20,000 products, between two builds, so that the first edit after serve starts copies rows
    like the others."""
    for dataset in (d for d in DATASETS if d.slug in _ROW_UNITS):
        for url, write in ((dataset.file(".csv"), _rows_csv), (dataset.file(".json"), _rows_json)):
            try:
                with (site_dir / output_file(url)).open("rb") as file:
                    digest = _digest_of(file)
            except OSError:
                memory.files.pop(url, None)
                continue
            known = memory.files.get(url)
            if known is not None and known.digest == digest and known.context == _row_context(catalog):
                continue
            memory.files.pop(url, None)
            write(catalog, dataset, memory, None, _Discard())
            if memory.files[url].digest != digest:  # site/ does not hold what this catalog makes
                del memory.files[url]


def _csv_file(catalog: Catalog, dataset: Dataset, progress: dict, out: TextIO) -> None:
    write_csv(out, dataset, dataset_items(catalog, dataset, progress))


def _json_file(catalog: Catalog, dataset: Dataset, progress: dict, out: TextIO) -> None:
    write_json(out, catalog, dataset, dataset_items(catalog, dataset, progress), dataset_count(catalog, dataset))




def data_files(catalog: Catalog, progress: dict, rows: RowMemory | None = None,
               site_dir: Path | None = None) -> tuple[list[DataFile], DataPage]:
    """Every file under /du-lieu/ and what the page says of each dataset.

    The files are written only when the render stage reaches them (DataFile.write), row by
    row, so the datasets are never held in memory as a whole. rows: serve's memory of the products' and the
    decisions' files it wrote into site_dir (RowMemory), whose unchanged rows are copied from there.
    """
    files, summaries = [], []

    def previous(url: str) -> Path | None:
        return site_dir / output_file(url) if site_dir is not None else None
    for dataset in DATASETS:
        csv_url, json_url = dataset.file(".csv"), dataset.file(".json")
        if dataset.slug in _ROW_UNITS:
            write_csv_file = partial(_rows_csv, catalog, dataset, rows, previous(csv_url))
            write_json_file = partial(_rows_json, catalog, dataset, rows, previous(json_url))
        else:
            write_csv_file = partial(_csv_file, catalog, dataset, progress)
            write_json_file = partial(_json_file, catalog, dataset, progress)
        files.append(DataFile(csv_url, write_csv_file, "csv", dataset.reads))
        files.append(DataFile(json_url, write_json_file, "json", dataset.reads))
        files.append(DataFile(dataset.file(".schema.json"), json_schema(catalog, dataset), "schema"))
        files.append(DataFile(dataset.file(CSVW_SUFFIX), _json_text(csvw_metadata(catalog, dataset)), "csvw"))
        summaries.append(DatasetSummary(dataset, dataset_count(catalog, dataset), csv_row_count(catalog, dataset)))
    files.append(DataFile(DATA_CATALOG, _json_text(dcat_catalog(catalog)), "catalog"))
    return files, DataPage(tuple(summaries))


def csv_row_count(catalog: Catalog, dataset: Dataset) -> int:
    """How many rows the dataset's CSV has (an item with no children still gives one row), counted
    from the catalog without making the rows."""
    if dataset.slug == "cong-nhan":
        entries: dict[str, int] = {}
        for product in catalog.products.values():
            for recognition in product.history:
                entries[recognition.decision.id] = entries.get(recognition.decision.id, 0) + 1
        return sum(max(1, entries.get(d.id, 0)) for d in catalog.decisions)
    if dataset.slug == "ke-hoach":
        return sum(max(1, len(plan.targets)) for plan in catalog.plans)
    return dataset_count(catalog, dataset)
