"""The URL scheme, both ways: every address the site publishes is spelled here and nowhere else.

Record → URL (`product_url`, `record_url`, ...), URL → what it is (`url_kind`), the
addresses the site keeps for itself (`RESERVED_TOP_LEVEL`), normalising an alias as an
editor writes it (`normalize_path`), and the output file of a URL (`output_file`).
The press links these addresses: docs/urls.md is the promise, this module keeps it.

A leaf: it imports nothing of the engine but `slugs`, so every stage may use it.
"""
from __future__ import annotations

import re

from .slugs import is_slug, slugify

# ---------------------------------------------------------------- fixed addresses

HOME = "/"
PRODUCTS = "/san-pham/"  # the showcase, paged
PROVINCES = "/tinh/"
PLANS = "/ke-hoach/"
SEARCH = "/tim-kiem/"
DATA = "/du-lieu/"  # open data: the page and its files
DATA_CATALOG = DATA + "catalog.jsonld"  # the DCAT catalogue of the open data (opendata.py)
DOCUMENTS = "/quyet-dinh/"  # the decisions' PDFs kept beside their rating records
SITE_FEED = "/feed.xml"
SITEMAP = "/sitemap.xml"
ROBOTS = "/robots.txt"
NOT_FOUND = "/404.html"
NETLIFY_REDIRECTS = "/_redirects"  # Netlify and Cloudflare Pages: `old new 301` lines
NGINX_REDIRECTS = "/_redirects.nginx.conf"  # an nginx map of the same table
NETLIFY_HEADERS = "/_headers"  # Netlify and Cloudflare Pages: response headers (the Content-Security-Policy)
HOST_FILES = (NETLIFY_REDIRECTS, NGINX_REDIRECTS, NETLIFY_HEADERS)  # configuration for the host, not pages people link
ASSETS = "/assets/"
FAVICON = "/assets/favicon.svg"

# The schemes a link in a body may have (others are removed by the sanitiser and reported by validate).
LINK_SCHEMES = ("http", "https", "mailto", "tel")

# Files that sit in a page's folder beside its index.html.
FEED_FILE = "feed.xml"  # a province's Atom feed
CARD_FILE = "og.png"  # share card (Open Graph) of a product, plan or province page
QR_SVG_FILE = "qr.svg"  # a product's QR code
QR_PNG_FILE = "qr.png"
PAGE_SEGMENT = "trang"  # /san-pham/trang/2/: page 2 of a listing

# Top-level path segments the site uses itself; plain pages may not take them.
RESERVED_TOP_LEVEL = {
    "san-pham", "tinh", "ke-hoach", "nhom", "sao", "tim-kiem", "du-lieu", "quyet-dinh", "assets", "pagefind",
    "feed.xml", "sitemap.xml", "robots.txt", "404.html", "index.html", PAGE_SEGMENT, "_redirects", "_headers",
}
# /san-pham/trang/2/ is the showcase's page 2, so no product may be called "trang".
RESERVED_PRODUCT_SLUGS = {PAGE_SEGMENT}
# Addresses under these first parts belong to records (/san-pham/<slug>/...); the part alone is a listing.
RECORD_SPACES = {"san-pham", "tinh", "ke-hoach"}


# ---------------------------------------------------------------- record -> URL

def product_url(slug: str) -> str:
    return f"{PRODUCTS}{slug}/"


def province_url(slug: str) -> str:
    return f"{PROVINCES}{slug}/"


def plan_url(province: str, slug: str) -> str:
    return f"{PLANS}{province}/{slug}/"


GROUPS = "/nhom/"  # one listing per product group below it
STARS = "/sao/"  # one listing per number of stars below it


def group_url(group: str) -> str:
    return f"{GROUPS}{slugify(group)}/"


def stars_url(stars: int) -> str:
    return f"{STARS}{stars}/"


def page_url(slug: str) -> str:
    return f"/{slug}/"


def paged_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}{PAGE_SEGMENT}/{number}/"


def feed_url(province_slug: str | None = None) -> str:
    """/feed.xml for the whole site, /tinh/<slug>/feed.xml for one province."""
    return SITE_FEED if province_slug is None else province_url(province_slug) + FEED_FILE


def data_file_url(dataset: str, suffix: str) -> str:
    """/du-lieu/san-pham.csv and its siblings (.json, .schema.json, .csv-metadata.json)."""
    return f"{DATA}{dataset}{suffix}"


CSVW_SUFFIX = ".csv-metadata.json"  # CSVW's default place for a CSV's metadata: <file>.csv + "-metadata.json"


def decision_document_url(decision_id: str) -> str:
    """A decision's PDF: content/ratings/bac-kan/2022-08-22-1-qd-ubnd.pdf -> /quyet-dinh/bac-kan/2022-08-22-1-qd-ubnd.pdf
    (decision_id is '<province>/<file stem>'; a stem that is not a slug is folded into one)."""
    province, stem = decision_id.split("/", 1)
    return f"{DOCUMENTS}{province}/{stem if is_slug(stem) else slugify(stem)}.pdf"


def card_url(page: str) -> str:
    """The share card of a page: /san-pham/x/og.png."""
    return page + CARD_FILE


def qr_urls(product_slug: str) -> tuple[str, str]:
    """(SVG, PNG) of a product's QR code."""
    page = product_url(product_slug)
    return page + QR_SVG_FILE, page + QR_PNG_FILE


def photo_url(product_slug: str, file_name: str) -> str:
    """A photo derivative, in its product's folder: /san-pham/x/3f2a9c0d1e4b5a67-640.webp."""
    return product_url(product_slug) + file_name


def asset(name: str) -> str:
    """A file of assets/: /assets/site.css."""
    return ASSETS + name


def section(url: str) -> str:
    """The section of the site a page belongs to, as the menu links it: a star or group listing is
    part of the products, a province's page of the provinces; another page is its own section."""
    for prefix, of in ((PRODUCTS, PRODUCTS), (STARS, PRODUCTS), (GROUPS, PRODUCTS),
                       (PROVINCES, PROVINCES), (PLANS, PLANS)):
        if url.startswith(prefix):
            return of
    return url


SEARCH_NAMES = "pagefind"  # the names index, searched first
SEARCH_FULL_TEXT = "pagefind-toan-van"  # the full-text index (descriptions too), searched when asked for


def search_bundle(number: int, full_text: bool = False) -> str:
    """A Pagefind bundle of the search index (search_shards.py): the names index /pagefind/ (the primary),
    /pagefind-2/, …; the full-text index /pagefind-toan-van/, /pagefind-toan-van-2/, …"""
    base = SEARCH_FULL_TEXT if full_text else SEARCH_NAMES
    return f"/{base}/" if number == 1 else f"/{base}-{number}/"


# The vocabulary record every search bundle holds (search_vocabulary.py): a page Pagefind reads beside the
# site's pages when it makes a bundle, never published; its address is in each bundle, and no search shows it.
SEARCH_VOCABULARY_FILE = "tim-kiem/tu-vung/index.html"


def is_search_bundle(segment: str) -> bool:
    """'pagefind', 'pagefind-2', 'pagefind-toan-van', 'pagefind-toan-van-3'…: folders the index stage writes,
    never a page's."""
    for base in (SEARCH_FULL_TEXT, SEARCH_NAMES):
        if segment == base or segment.startswith(base + "-") and segment[len(base) + 1:].isdigit():
            return True
    return False


def decision_fragment(decision_id: str) -> str:
    """'bac-kan/2022-08-22-1-qd-ubnd' -> 'bac-kan-2022-08-22-1-qd-ubnd': a decision's part of an anchor on a
    product page (#cong-nhan-...) and of its id in structured data (#quyet-dinh-...)."""
    folded = decision_id.replace("/", "-")
    return folded if is_slug(folded) else slugify(decision_id)


def record_url(kind: str, stem: str, folder: str | None) -> str | None:
    """The URL of a record's own page (ratings have none)."""
    if kind == "product":
        return product_url(stem)
    if kind == "province":
        return province_url(stem)
    if kind == "plan":
        return plan_url(folder, stem)
    if kind == "page":
        return page_url(stem)
    return None


# ---------------------------------------------------------------- URL -> what it is

_PRODUCT = re.compile(r"^/san-pham/([a-z0-9-]+)/$")
_PROVINCE = re.compile(r"^/tinh/([a-z0-9-]+)/(feed\.xml)?$")
_PLAN = re.compile(r"^/ke-hoach/([a-z0-9-]+)/([a-z0-9-]+)/$")
_PAGE = re.compile(r"^/([a-z0-9-]+)/$")


def url_kind(url: str) -> tuple[str, str, str | None] | None:
    """(record kind, slug, province folder) of a URL that a record's page would have, else None.

    A province's feed counts as the province's: /tinh/x/feed.xml -> ("province", "x", None).
    """
    if match := _PRODUCT.match(url):
        return "product", match.group(1), None
    if match := _PROVINCE.match(url):
        return "province", match.group(1), None
    if match := _PLAN.match(url):
        return "plan", match.group(2), match.group(1)
    if (match := _PAGE.match(url)) and match.group(1) not in RESERVED_TOP_LEVEL and not is_search_bundle(match.group(1)):
        return "page", match.group(1), None
    return None


def is_province_page(url: str) -> bool:
    """/tinh/x/ (not its feed, not /tinh/ itself)."""
    return bool(_PROVINCE.match(url)) and url.endswith("/")


def is_paged(url: str) -> bool:
    """Page 2, 3... of a listing: its address shifts as the catalog grows."""
    return f"/{PAGE_SEGMENT}/" in url


def is_site_route(url: str) -> bool:
    """True for an address the site publishes itself (listings, search, feeds...), never a record's."""
    parts = [p for p in url.split("/") if p]
    if not parts:
        return True  # the home page
    if (parts[0] in RESERVED_TOP_LEVEL or is_search_bundle(parts[0])) and parts[0] not in RECORD_SPACES:
        return True
    return len(parts) == 1 and parts[0] in RECORD_SPACES or PAGE_SEGMENT in parts[1:]


# ---------------------------------------------------------------- paths as written, and files

def normalize_path(path: str) -> str:
    """'/san-pham/x' -> '/san-pham/x/'; files (with a dot in the last part) stay as they are."""
    path = "/" + path.strip().lstrip("/")
    last = path.rsplit("/", 1)[-1]
    if last and "." not in last:
        path += "/"
    return path


def is_site_path(path: str) -> bool:
    return (path.startswith("/") and "://" not in path and ".." not in path and " " not in path
            and "?" not in path and "#" not in path and "\\" not in path)


def output_file(url: str) -> str:
    """'/san-pham/x/' -> 'san-pham/x/index.html'; '/feed.xml' -> 'feed.xml'."""
    path = url.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def same_page_variants(old: str) -> list[str]:
    """The requests that mean the same page: /a/b/, /a/b and /a/b/index.html."""
    if old.endswith("/") and old != "/":
        return [old, old.rstrip("/"), old + "index.html"]
    return [old]
