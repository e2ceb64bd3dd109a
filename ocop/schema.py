"""The content format as data: one table of fields per record kind.

validate.py checks records against these tables; docs/content.md describes them for
editors (a test keeps the two in step).
"""
from __future__ import annotations

from dataclasses import dataclass

REGIONS = (
    "Trung du và miền núi phía Bắc",
    "Đồng bằng sông Hồng",
    "Bắc Trung Bộ và duyên hải miền Trung",
    "Tây Nguyên",
    "Đông Nam Bộ",
    "Đồng bằng sông Cửu Long",
)
PROVINCE_KINDS = ("tỉnh", "thành phố")
PRODUCER_KINDS = ("doanh nghiệp", "hợp tác xã", "tổ hợp tác", "hộ sản xuất")
LEVELS = ("tỉnh", "trung ương", "huyện")
GROUPS_148 = (
    "Thực phẩm",
    "Đồ uống",
    "Dược liệu và sản phẩm từ dược liệu",
    "Hàng thủ công mỹ nghệ",
    "Sinh vật cảnh",
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
)
GROUPS_1048 = (
    "Thảo dược",
    "Vải và may mặc",
    "Lưu niệm - nội thất - trang trí",
    "Dịch vụ du lịch nông thôn, bán hàng",
)
GROUPS = GROUPS_148 + GROUPS_1048
DOCUMENT_TYPES = ("Kế hoạch", "Văn bản", "Đề án", "Quyết định", "Chương trình")
MEASURES = ("new", "recognized", "upgraded", "reached", "other")
COMPARISONS = ("at_least", "about", "exactly", "at_most", "range")


@dataclass(frozen=True)
class ScorePart:
    """One part of the 100-point scoring sheet (phiếu đánh giá) of a product."""
    key: str  # the field name under score_parts
    letter: str  # as the sheet names it: A, B, C
    name: str  # in Vietnamese, as the sheet names it


@dataclass(frozen=True)
class ScoreSheet:
    """A national scoring sheet: the decision that set it, the day it took effect, each part's maximum."""
    decision: str
    since: str  # ISO date
    maxima: tuple[int, ...]  # in the order of SCORE_PARTS


# The three parts of the score, the same in both sheets (Decision 148/QĐ-TTg of 24/2/2023: A 40, B 25,
# C 35 points; Decision 1048/QĐ-TTg of 21/8/2019, which it replaced: A 35, B 25, C 40), as
# thuvienphapluat.vn summarised the change on 25/2/2023. Both took effect on the day they were signed.
SCORE_PARTS = (
    ScorePart("community", "A", "sản phẩm và sức mạnh cộng đồng"),
    ScorePart("marketing", "B", "khả năng tiếp thị"),
    ScorePart("quality", "C", "chất lượng sản phẩm"),
)
SCORE_SHEETS = (  # oldest first
    ScoreSheet("1048/QĐ-TTg", "2019-08-21", (35, 25, 40)),
    ScoreSheet("148/QĐ-TTg", "2023-02-24", (40, 25, 35)),
)
# A decision signed up to this many days after a new sheet took effect may rate products scored on the old one.
SHEET_TRANSITION_DAYS = 183


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # text | name | int | number | bool | date | slug | url | phone | email | enum | period | map | list
    # ("name" is text that must be written as text: a name of digits only needs quotes)
    required: bool = False
    choices: tuple = ()
    fields: tuple = ()  # for map, or list of maps
    item: str = ""  # for list: "map" or "text"


SOURCE = (
    Field("title", "text"),
    Field("url", "url"),
    Field("publisher", "text"),
    Field("author", "text"),
    Field("date", "date"),
    Field("note", "text"),
)
SOURCES = Field("sources", "list", required=True, item="map", fields=SOURCE)
OPTIONAL_SOURCES = Field("sources", "list", item="map", fields=SOURCE)
ALIASES = Field("aliases", "list", item="text")

PROVINCE = (
    Field("name", "name", required=True),
    Field("slug", "slug", required=True),
    Field("kind", "enum", required=True, choices=PROVINCE_KINDS),
    Field("region", "enum", required=True, choices=REGIONS),
    Field("merged_into", "slug"),
    Field("merged_on", "date"),
    Field("merged_by", "text"),
    Field("note", "text"),
    SOURCES,
    ALIASES,
)

# The producer's own public contact, as a source publishes it (ocopvietnam.gov.vn shows the same).
CONTACT = (
    Field("phone", "phone"),
    Field("email", "email"),
    Field("website", "url"),
)
# One place to buy the product: a point of sale {name, address} or a link {title, url} to a shop
# the producer uses (validate checks that an item is one or the other).
WHERE_TO_BUY = (
    Field("name", "text"),
    Field("address", "text"),
    Field("title", "text"),
    Field("url", "url"),
)

PRODUCT = (
    Field("name", "name", required=True),
    Field("province", "slug", required=True),
    Field("locality", "text"),
    Field("producer", "map", fields=(
        Field("name", "text", required=True),
        Field("kind", "enum", choices=PRODUCER_KINDS),
        Field("address", "text"),
        Field("contact", "map", fields=CONTACT),
    )),
    Field("group", "enum", choices=GROUPS),
    Field("group_by_editors", "bool"),
    Field("photos", "list", item="map", fields=(
        Field("file", "text", required=True),
        Field("alt", "text"),
        Field("credit", "text"),
    )),
    Field("where_to_buy", "list", item="map", fields=WHERE_TO_BUY),
    SOURCES,
    ALIASES,
)

RATING = (
    Field("number", "text"),
    Field("date", "date"),
    Field("reported_by", "date"),
    Field("level", "enum", required=True, choices=LEVELS),
    Field("issuer", "text"),
    Field("round", "text"),
    Field("valid_from", "date"),
    Field("valid_until", "date"),
    Field("note", "text"),
    SOURCES,
    Field("entries", "list", required=True, item="map", fields=(
        Field("product", "slug", required=True),
        Field("stars", "int", required=True),
        Field("score", "number"),
        Field("score_parts", "map", fields=tuple(Field(part.key, "number", required=True) for part in SCORE_PARTS)),
        Field("certificate", "name"),
        Field("renewal", "bool"),
        Field("note", "text"),
    )),
)

TARGET = (
    Field("text", "text", required=True),
    Field("measure", "enum", required=True, choices=MEASURES),
    Field("comparison", "enum", required=True, choices=COMPARISONS),
    Field("value", "number", required=True),
    Field("value_max", "number"),
    Field("unit", "text"),
    Field("per", "text"),
    Field("stars", "int"),
    Field("from_stars", "int"),
    Field("to_stars", "int"),
    Field("period", "period"),
    Field("reported", "map", fields=(
        Field("value", "number", required=True),
        Field("date", "date"),
        Field("note", "text"),
        Field("source", "map", required=True, fields=SOURCE),
    )),
)

PLAN = (
    Field("title", "text", required=True),
    Field("number", "text"),
    Field("document_type", "enum", choices=DOCUMENT_TYPES),
    Field("issuer", "text", required=True),
    Field("issued", "date", required=True),
    Field("period", "period", required=True),
    Field("summary", "text"),
    Field("targets", "list", item="map", fields=TARGET),
    Field("figures", "list", item="map", fields=(
        Field("text", "text", required=True),
        Field("value", "number", required=True),
        Field("unit", "text"),
        Field("date", "date"),
    )),
    Field("milestones", "list", item="map", fields=(
        Field("when", "text", required=True),
        Field("text", "text", required=True),
    )),
    SOURCES,
    ALIASES,
)

PAGE = (
    Field("title", "text", required=True),
    Field("summary", "text"),
    Field("menu", "int"),
    OPTIONAL_SOURCES,
    ALIASES,
)

SITE = (
    Field("title", "text", required=True),
    Field("tagline", "text"),
    Field("base_url", "url", required=True),
    Field("description", "text"),
)

SCHEMAS = {
    "province": PROVINCE,
    "product": PRODUCT,
    "rating": RATING,
    "plan": PLAN,
    "page": PAGE,
    "site": SITE,
}
