"""`python build.py new product|rating|plan`: write one correctly formed, commented record.

The editor gives the few required facts as options (--name, --province, ...) or answers
questions; each fact is checked as `check` checks it (ocop/records.py), and the record is
rendered from templates/records/ in the right folder under a valid slug, with Vietnamese
comments that explain each field. A slug or URL that already exists is refused, naming
the file that has it. A freshly written record passes `python build.py check`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import records, urls
from .dates import PartialDate
from .files import shown_path
from .load import load_content
from .records import FactProblem
from .schema import LEVELS, PRODUCER_KINDS
from .slugs import slugify
from .validate import claimed_urls, rated_by_successor

KINDS = ("product", "rating", "plan")

# ask(prompt) returns the editor's answer, or None when there is nobody to ask (no input,
# end of input). Answers are stripped; an empty answer means "skip" for optional facts.
Ask = Callable[[str], "str | None"]


class ScaffoldError(Exception):
    """A fact is missing or wrong, or the record would clash with an existing one."""


@dataclass(frozen=True)
class ContentIndex:
    """What `new` needs to know about the content that is already there."""
    provinces: dict  # slug -> name
    products: dict  # slug -> (province slug, path)
    url_owners: dict  # url -> "path:line" of the record that claims it (page or alias)
    province_data: dict  # slug -> the province record's fields (merged_into, merged_on...)


@dataclass(frozen=True)
class Written:
    path: Path  # the new file
    shown: str  # the path as shown in messages (content/products/...)
    url: str | None  # the page it will publish


def index_content(content_dir: Path, project_dir: Path) -> ContentIndex:
    loaded = load_content(content_dir, project_dir)
    provinces, products, owners, data = {}, {}, {}, {}
    for record in loaded.records:
        if record.kind == "province":
            provinces[record.stem] = str(record.data.get("name") or record.stem)
            data[record.stem] = record.data
        elif record.kind == "product":
            products.setdefault(record.stem, (record.folder, record.path))
        for url, line in claimed_urls(record):
            owners.setdefault(url, f"{record.path}:{line}")
    return ContentIndex(provinces, products, owners, data)


# ---------------------------------------------------------------- asking

def _fact(given: dict, key: str, ask: Ask, prompt: str, *, required: bool = True, default: str | None = None,
          normalize: Callable[[str], str] | None = None, option: str | None = None) -> str | None:
    """The fact from its option, or the editor's answer; re-asks up to three times on a wrong answer."""
    option = option or "--" + key.replace("_", "-")
    value = given.get(key)
    if value not in (None, ""):
        try:
            return normalize(str(value)) if normalize else str(value).strip()
        except (ScaffoldError, FactProblem) as exc:
            raise ScaffoldError(f"{option}: {exc}") from None
    shown_prompt = prompt + (f" [{default}]" if default else "") + (": " if required or default else " (Enter để bỏ qua): ")
    problem = ""
    for _ in range(3):
        answer = ask(shown_prompt)
        if answer is None:
            break
        answer = answer.strip() or (default or "")
        if not answer:
            if not required:
                return None
            problem = "cần có thông tin này"
            print(f"  → {problem}; hãy nhập lại.")
            continue
        try:
            return normalize(answer) if normalize else answer
        except (ScaffoldError, FactProblem) as exc:
            problem = str(exc)
            print(f"  → {problem}; hãy nhập lại.")
    if default:
        return default
    if not required:
        return None
    raise ScaffoldError(f"thiếu {prompt[0].lower() + prompt[1:]}: hãy trả lời câu hỏi hoặc dùng tùy chọn {option}"
                        + (f" ({problem})" if problem else ""))


def _province(index: ContentIndex) -> Callable[[str], str]:
    def normalize(text: str) -> str:
        slug = slugify(text)
        if slug in index.provinces:
            return slug
        close = [s for s in index.provinces if slug and (slug in s or s in slug)]
        hint = f"; có phải là '{close[0]}'?" if close else "; dùng tên tệp trong content/provinces/, ví dụ bac-kan"
        raise ScaffoldError(f"'{text}' không phải là tỉnh, thành phố nào{hint}")
    return normalize


# Each fact is checked by the validator's own check (ocop/records.py); these name the field.
_date = records.date_fact
_url = records.url_fact
_stars = records.stars_fact
_period = records.period_fact
_slug = records.slug_fact


def _choice(kind: str, *path: str) -> Callable[[str], str]:
    return lambda text: records.choice_fact(kind, path, text)


def _sources(given: dict, ask: Ask) -> list[dict]:
    """The `sources` facts: one source with a url and/or a title."""
    url = _fact(given, "source_url", ask, "Địa chỉ web của nguồn (bài báo, văn bản)", required=False, normalize=_url)
    title = _fact(given, "source_title", ask, "Tiêu đề của nguồn, như được đăng", required=not url)
    publisher = _fact(given, "publisher", ask, "Cơ quan/báo đăng nguồn", required=False)
    return [{"title": title, "url": url, "publisher": publisher}]


def _refuse_url(index: ContentIndex, url: str, how: str) -> None:
    owner = index.url_owners.get(url)
    if owner:
        raise ScaffoldError(f"địa chỉ {url} đã có: {owner} đang dùng nó. {how}")


def _refuse_file(path: Path, shown: str, how: str) -> None:
    if path.exists():
        raise ScaffoldError(f"tệp {shown} đã có. {how}")


# ---------------------------------------------------------------- the three records

def new_product(given: dict, ask: Ask, index: ContentIndex, content_dir: Path) -> tuple[Path, str, str]:
    name = _fact(given, "name", ask, "Tên sản phẩm, như được công nhận")
    province = _fact(given, "province", ask, "Tỉnh công nhận sản phẩm (ví dụ bac-kan)", normalize=_province(index))
    slug = _fact(given, "slug", ask, "Tên tệp, cũng là địa chỉ trang /san-pham/<tên tệp>/ (slug)",
                 default=slugify(name), normalize=_slug)
    how = ("Nếu đó là một sản phẩm khác cùng tên, thêm tên chủ thể vào tên tệp, ví dụ "
           f"--slug {slug}-ten-chu-the; nếu là cùng sản phẩm, hãy sửa tệp đã có.")
    if slug in urls.RESERVED_PRODUCT_SLUGS:
        raise ScaffoldError(f"'{slug}' là địa chỉ dành riêng của trang web; chọn tên tệp khác bằng --slug")
    if slug in index.products:
        raise ScaffoldError(f"sản phẩm '{slug}' đã có: {index.products[slug][1]}. {how}")
    url = urls.product_url(slug)
    _refuse_url(index, url, how)
    producer = _fact(given, "producer", ask, "Tên chủ thể sản xuất (doanh nghiệp, HTX...)", required=False)
    producer_kind = _fact(given, "producer_kind", ask, "Loại chủ thể (" + ", ".join(PRODUCER_KINDS) + ")",
                          required=False, normalize=_choice("product", "producer", "kind")) if producer else None
    # the producer's address only from its option (not asked: the record carries a commented hint)
    address = str(given.get("producer_address") or "").strip() or None
    if address and not producer:
        raise ScaffoldError("--producer-address: cần có --producer (tên chủ thể) đi kèm địa chỉ")
    group = _fact(given, "group", ask, "Nhóm sản phẩm (ví dụ Thực phẩm, Đồ uống)", required=False,
                  normalize=_choice("product", "group"))
    locality = _fact(given, "locality", ask, "Huyện/xã, như nguồn ghi", required=False)
    sources = _sources(given, ask)
    with_photos = bool(given.get("photos"))

    path = records.record_file(content_dir, "product", province, slug, with_photos)
    text = records.render("product", {
        "slug": slug, "name": name, "province": province, "locality": locality,
        "producer": {"name": producer, "kind": producer_kind, "address": address} if producer else None,
        "group": group, "photos": with_photos, "sources": sources})
    return path, text, url


def _number_slug(given: dict, ask: Ask, number: str | None, what: str, example: str) -> str:
    """The file name part after the date: the number as a slug, or (number unknown) a short description."""
    if number:
        slug = slugify(number)
        if not slug:
            raise ScaffoldError(f"{what} '{number}' không có chữ hoặc số nào")
        return slug
    return _fact(given, "slug", ask, f"Không rõ số: mô tả ngắn để đặt tên tệp (ví dụ {example})", normalize=_slug)


def new_rating(given: dict, ask: Ask, index: ContentIndex, content_dir: Path) -> tuple[Path, str, str | None]:
    province = _fact(given, "province", ask, "Tỉnh có sản phẩm được công nhận (ví dụ tra-vinh)",
                     normalize=_province(index))
    date = _fact(given, "date", ask, "Ngày quyết định (2022-08-22, hoặc 2022-08, hoặc 2022)", normalize=_date)
    number = _fact(given, "number", ask, "Số quyết định, ví dụ 1693/QĐ-UBND (Enter nếu không rõ)", required=False)
    slug = _number_slug(given, ask, number, "số quyết định", "bon-san-pham-4-sao")
    level = _fact(given, "level", ask, "Cấp công nhận (" + ", ".join(LEVELS) + ")", default="tỉnh",
                  normalize=_choice("rating", "level"))
    issuer = _fact(given, "issuer", ask, "Cơ quan ban hành, ví dụ UBND tỉnh Trà Vinh", required=False)
    entries = _entries(given, ask, index, province, PartialDate.parse(date))
    sources = _sources(given, ask)

    name = f"{date}-{slug}"
    shown = f"content/ratings/{province}/{name}.yaml"
    path = records.record_file(content_dir, "rating", province, name)
    _refuse_file(path, shown, "Nếu đó là quyết định khác cùng ngày, thêm số hoặc mô tả khác bằng --number/--slug; "
                              "nếu là cùng quyết định, hãy thêm sản phẩm vào tệp đã có.")
    text = records.render("rating", {
        "number": number, "date": date, "level": level, "issuer": issuer, "sources": sources,
        "entries": [{"product": product, "stars": stars} for product, stars in entries]})
    return path, text, None


def _entries(given: dict, ask: Ask, index: ContentIndex, province: str,
             when: PartialDate) -> list[tuple[str, int]]:
    def product(text: str) -> str:
        slug = slugify(text)
        if slug not in index.products:
            close = [s for s in index.products if slug and slug in s]
            hint = f"; có phải là '{close[0]}'?" if close else ""
            raise ScaffoldError(f"chưa có sản phẩm '{slug}'{hint} Tạo nó trước bằng: python build.py new product")
        home = index.products[slug][0]
        if home != province and not rated_by_successor(index.province_data.get(home, {}), province, when):
            raise ScaffoldError(f"sản phẩm '{slug}' thuộc tỉnh '{home}', không phải '{province}'; "
                                f"ghi nó trong quyết định ở content/ratings/{home}/")
        return slug

    products = list(given.get("product") or [])
    stars = list(given.get("stars") or [])
    if products:
        if len(stars) not in (1, len(products)):
            raise ScaffoldError("--stars: ghi một số sao cho tất cả, hoặc mỗi --product một --stars, theo đúng thứ tự")
        stars = stars * len(products) if len(stars) == 1 else stars
        try:
            return [(product(p), _stars(str(s))) for p, s in zip(products, stars)]
        except (ScaffoldError, FactProblem) as exc:
            raise ScaffoldError(f"--product/--stars: {exc}") from None
    entries = []
    while True:
        first = not entries
        slug = _fact({}, "product", ask, "Sản phẩm được công nhận (tên tệp, ví dụ mien-dong-tai-hoan)"
                     + ("" if first else "; Enter khi đã đủ"), required=first, normalize=product)
        if slug is None:
            return entries
        count = _fact({}, "stars", ask, f"Số sao của {slug} (1–5)", normalize=_stars)
        entries.append((slug, count))


def new_plan(given: dict, ask: Ask, index: ContentIndex, content_dir: Path) -> tuple[Path, str, str]:
    province = _fact(given, "province", ask, "Tỉnh ban hành kế hoạch (ví dụ bac-kan)", normalize=_province(index))
    title = _fact(given, "title", ask, "Tên văn bản, như được ban hành")
    number = _fact(given, "number", ask, "Số văn bản, ví dụ 75/KH-UBND (Enter nếu không rõ)", required=False)
    issued = _fact(given, "date", ask, "Ngày ban hành (2022-02-11, hoặc 2022-02, hoặc 2022)", normalize=_date,
                   option="--date")
    year = issued[:4]
    slug = _number_slug(given, ask, number, "số văn bản", "ke-hoach-ocop")
    name = f"{year}-{slug}"
    url = urls.plan_url(province, name)
    how = "Nếu đó là văn bản khác, đặt tên khác bằng --number hoặc --slug; nếu là cùng văn bản, hãy sửa tệp đã có."
    _refuse_url(index, url, how)
    shown = f"content/plans/{province}/{name}.md"
    path = records.record_file(content_dir, "plan", province, name)
    _refuse_file(path, shown, how)
    issuer = _fact(given, "issuer", ask, "Cơ quan ban hành, ví dụ UBND tỉnh Bắc Kạn")
    period = _fact(given, "period", ask, "Giai đoạn (một năm 2022 hoặc 2021-2025)", default=year, normalize=_period)

    text = records.render("plan", {
        "province": province, "slug": name, "title": title, "number": number, "issuer": issuer,
        "issued": issued, "period": period, "sources": _sources(given, ask)})
    return path, text, url


MAKERS = {"product": new_product, "rating": new_rating, "plan": new_plan}


def scaffold(kind: str, given: dict, ask: Ask, content_dir: Path, project_dir: Path) -> Written:
    """Ask for what is missing, refuse clashes, write the record; raise ScaffoldError on a problem."""
    if kind not in MAKERS:
        raise ScaffoldError(f"không biết loại '{kind}': dùng một trong {', '.join(KINDS)}")
    index = index_content(content_dir, project_dir)
    path, text, url = MAKERS[kind](given, ask, index, content_dir)
    shown = shown_path(path, project_dir)
    if path.exists():
        raise ScaffoldError(f"tệp {shown} đã có; sửa tệp đó thay vì tạo mới")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Written(path, shown, url)


def input_asker(interactive: bool) -> Ask:
    """Ask on the terminal (or read piped answers); with interactive=False nobody is asked."""
    def ask(prompt: str) -> str | None:
        if not interactive:
            return None
        try:
            return input(prompt)
        except EOFError:
            return None
    return ask
