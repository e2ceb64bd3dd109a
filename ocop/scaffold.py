"""`python build.py new product|rating|plan`: write one correctly formed, commented record.

The editor gives the few required facts as options (--name, --province, ...) or answers
questions; the record is written in the right folder under a valid slug, with Vietnamese
comments that explain each field. A slug or URL that already exists is refused, naming
the file that has it. A freshly written record passes `python build.py check`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import yaml

from . import urls
from .dates import PartialDate, parse_period
from .files import shown_path
from .load import load_content
from .schema import GROUPS, LEVELS, PRODUCER_KINDS
from .slugs import fold, is_slug, slugify
from .validate import claimed_urls

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


@dataclass(frozen=True)
class Written:
    path: Path  # the new file
    shown: str  # the path as shown in messages (content/products/...)
    url: str | None  # the page it will publish


def index_content(content_dir: Path, project_dir: Path) -> ContentIndex:
    loaded = load_content(content_dir, project_dir)
    provinces, products, owners = {}, {}, {}
    for record in loaded.records:
        if record.kind == "province":
            provinces[record.stem] = str(record.data.get("name") or record.stem)
        elif record.kind == "product":
            products.setdefault(record.stem, (record.folder, record.path))
        for url, line in claimed_urls(record):
            owners.setdefault(url, f"{record.path}:{line}")
    return ContentIndex(provinces, products, owners)


# ---------------------------------------------------------------- asking

def yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly this text (quoted only when needed)."""
    plain = value.strip()
    try:
        if plain and yaml.safe_load(plain) == plain and "#" not in plain and ": " not in plain:
            return plain
    except yaml.YAMLError:
        pass
    return json.dumps(plain, ensure_ascii=False)


def _fact(given: dict, key: str, ask: Ask, prompt: str, *, required: bool = True, default: str | None = None,
          normalize: Callable[[str], str] | None = None, option: str | None = None) -> str | None:
    """The fact from its option, or the editor's answer; re-asks up to three times on a wrong answer."""
    option = option or "--" + key.replace("_", "-")
    value = given.get(key)
    if value not in (None, ""):
        try:
            return normalize(str(value)) if normalize else str(value).strip()
        except ScaffoldError as exc:
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
        except ScaffoldError as exc:
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


def _date(text: str) -> str:
    try:
        return PartialDate.parse(text).iso()
    except ValueError as exc:
        reason = str(exc)  # dates.py says what is wrong and how to write it, once
        raise ScaffoldError(reason if reason.startswith("'") else f"ngày '{text}': {reason}") from None


def _choice(options: tuple) -> Callable[[str], str]:
    by_folded = {fold(o).lower(): o for o in options}

    def normalize(text: str) -> str:
        found = by_folded.get(fold(text.strip()).lower())
        if not found:
            raise ScaffoldError(f"'{text}' không có trong danh sách: {', '.join(options)}")
        return found
    return normalize


def _slug(text: str) -> str:
    slug = slugify(text)
    if not is_slug(slug):
        raise ScaffoldError(f"'{text}' không tạo được tên tệp/địa chỉ trang (slug): hãy viết bằng chữ hoặc số")
    return slug


def _url(text: str) -> str:
    text = text.strip()
    if not (text.startswith("http://") or text.startswith("https://")) or " " in text or "." not in text:
        raise ScaffoldError(f"'{text}' không phải địa chỉ web: viết đầy đủ, bắt đầu bằng https://")
    return text


def _stars(text: str) -> str:
    if text.strip() not in ("1", "2", "3", "4", "5"):
        raise ScaffoldError(f"số sao '{text}' không đúng: viết một số từ 1 đến 5")
    return text.strip()


def _period(text: str) -> str:
    try:
        start, end = parse_period(text.strip())
    except ValueError:
        raise ScaffoldError(f"giai đoạn '{text}' không đúng: viết một năm (2022) hoặc hai năm (2021-2025)") from None
    return str(start) if start == end else f"{start}-{end}"


def _sources(given: dict, ask: Ask) -> list[str]:
    """YAML lines of the `sources:` list: one source with a url and/or title."""
    url = _fact(given, "source_url", ask, "Địa chỉ web của nguồn (bài báo, văn bản)", required=False, normalize=_url)
    title = _fact(given, "source_title", ask, "Tiêu đề của nguồn, như được đăng", required=not url)
    publisher = _fact(given, "publisher", ask, "Cơ quan/báo đăng nguồn", required=False)
    lines = ["# Nguồn: nơi đăng các thông tin trên (cần ít nhất một nguồn có url hoặc title).", "sources:"]
    first = True
    for key, value in (("title", title), ("url", url), ("publisher", publisher)):
        if value:
            lines.append(("  - " if first else "    ") + f"{key}: {yaml_text(value)}")
            first = False
    if not publisher:
        lines.append("    # publisher: Báo ... (cơ quan/báo đăng bài, nếu biết)")
    lines.append("    # date: 2024-05-02 (ngày đăng, nếu biết; được viết 2024 hoặc 2024-05)")
    return lines


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
                          required=False, normalize=_choice(PRODUCER_KINDS)) if producer else None
    group = _fact(given, "group", ask, "Nhóm sản phẩm (ví dụ Thực phẩm, Đồ uống)", required=False,
                  normalize=_choice(GROUPS))
    locality = _fact(given, "locality", ask, "Huyện/xã, như nguồn ghi", required=False)
    sources = _sources(given, ask)
    with_photos = bool(given.get("photos"))

    folder = content_dir / "products" / province
    path = folder / slug / "index.md" if with_photos else folder / f"{slug}.md"
    lines = [
        "---",
        "# Sản phẩm OCOP. Cách viết từng trường: docs/content.md; hướng dẫn: docs/huong-dan-bien-tap.md.",
        f"# Tên tệp là địa chỉ trang {url} — khi đã đăng thì không đổi tên tệp;",
        "# nếu buộc phải đổi, ghi địa chỉ cũ vào 'aliases' (xem hướng dẫn).",
        f"name: {yaml_text(name)}",
        "# Tỉnh công nhận sản phẩm, như lúc công nhận (kể cả khi tỉnh đã hợp nhất); phải trùng tên thư mục.",
        f"province: {province}",
    ]
    if locality:
        lines.append(f"locality: {yaml_text(locality)}")
    else:
        lines.append("# locality: Na Rì (xã Côn Minh)  ← huyện/xã như nguồn ghi, nếu biết")
    if producer:
        lines += ["# Chủ thể sản xuất; kind là một trong: " + ", ".join(PRODUCER_KINDS) + ".",
                  "producer:", f"  name: {yaml_text(producer)}"]
        lines.append(f"  kind: {producer_kind}" if producer_kind else "  # kind: hợp tác xã")
    else:
        lines += ["# producer:            ← chủ thể sản xuất, nếu biết", "#   name: Hợp tác xã ...",
                  "#   kind: hợp tác xã  (doanh nghiệp, hợp tác xã, tổ hợp tác hoặc hộ sản xuất)"]
    if group:
        lines += ["# Nhóm sản phẩm theo Quyết định 148/QĐ-TTg. Nếu nguồn không ghi nhóm mà biên tập viên tự xếp,",
                  "# thêm dòng group_by_editors: true", f"group: {group}"]
    else:
        lines += ["# group: Thực phẩm  ← nhóm sản phẩm, nếu biết: " + "; ".join(GROUPS[:6])]
    if with_photos:
        lines += ["# Ảnh: đặt tệp ảnh (.jpg, .png, .webp) vào cùng thư mục với tệp này, rồi liệt kê:",
                  "# photos:", "#   - file: anh-san-pham.jpg", "#     alt: Mô tả ngắn nội dung ảnh",
                  "#     credit: Người chụp hoặc nơi cung cấp ảnh"]
    lines += sources
    lines += ["# Số sao KHÔNG ghi ở đây: sao lấy từ quyết định công nhận (python build.py new rating).",
              "# Viết phần mô tả sản phẩm (Markdown) bên dưới dòng --- tiếp theo.",
              "---", ""]
    return path, "\n".join(lines), url


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
                  normalize=_choice(LEVELS))
    issuer = _fact(given, "issuer", ask, "Cơ quan ban hành, ví dụ UBND tỉnh Trà Vinh", required=False)
    entries = _entries(given, ask, index, province)
    sources = _sources(given, ask)

    name = f"{date}-{slug}"
    shown = f"content/ratings/{province}/{name}.yaml"
    path = content_dir / "ratings" / province / f"{name}.yaml"
    _refuse_file(path, shown, "Nếu đó là quyết định khác cùng ngày, thêm số hoặc mô tả khác bằng --number/--slug; "
                              "nếu là cùng quyết định, hãy thêm sản phẩm vào tệp đã có.")
    lines = [
        "# Quyết định công nhận sản phẩm OCOP. Cách viết: docs/content.md; hướng dẫn: docs/huong-dan-bien-tap.md.",
        "# Một tệp cho một quyết định; chỉ ghi sản phẩm của tỉnh trong tên thư mục.",
    ]
    lines.append(f"number: {yaml_text(number)}" if number else "# number: 1693/QĐ-UBND  ← số quyết định, khi biết")
    lines += ["# Ngày quyết định: 2022-08-22, hoặc 2022-08, hoặc chỉ năm 2022 nếu nguồn chỉ ghi năm.",
              "# Thời hạn công nhận (36 tháng) được tính từ ngày này.", f"date: {date}",
              "# Cấp công nhận: tỉnh, trung ương hoặc huyện.", f"level: {level}"]
    lines.append(f"issuer: {yaml_text(issuer)}" if issuer else "# issuer: UBND tỉnh ...  ← cơ quan ban hành, nếu biết")
    lines += sources
    lines += ["# Các sản phẩm được công nhận: product là tên tệp của sản phẩm trong content/products/,",
              "# stars từ 1 đến 5. Có thể thêm score (điểm, phải khớp số sao: 3★ là 50–69 điểm...).",
              "entries:"]
    for product, stars in entries:
        lines += [f"  - product: {product}", f"    stars: {stars}"]
    lines.append("")
    return path, "\n".join(lines), None


def _entries(given: dict, ask: Ask, index: ContentIndex, province: str) -> list[tuple[str, str]]:
    def product(text: str) -> str:
        slug = slugify(text)
        if slug not in index.products:
            close = [s for s in index.products if slug and slug in s]
            hint = f"; có phải là '{close[0]}'?" if close else ""
            raise ScaffoldError(f"chưa có sản phẩm '{slug}'{hint} Tạo nó trước bằng: python build.py new product")
        home = index.products[slug][0]
        if home != province:
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
        except ScaffoldError as exc:
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
    path = content_dir / "plans" / province / f"{name}.md"
    _refuse_file(path, shown, how)
    issuer = _fact(given, "issuer", ask, "Cơ quan ban hành, ví dụ UBND tỉnh Bắc Kạn")
    period = _fact(given, "period", ask, "Giai đoạn (một năm 2022 hoặc 2021-2025)", default=year, normalize=_period)

    lines = [
        "---",
        "# Kế hoạch (hoặc văn bản chương trình) của tỉnh. Cách viết: docs/content.md;",
        "# hướng dẫn: docs/huong-dan-bien-tap.md.",
        f"# Tên tệp là địa chỉ trang {url} — khi đã đăng thì không đổi tên tệp.",
        f"title: {yaml_text(title)}",
    ]
    lines.append(f"number: {yaml_text(number)}" if number else "# number: 75/KH-UBND  ← số văn bản, khi biết")
    lines += [f"issuer: {yaml_text(issuer)}",
              "# Ngày ban hành; năm phải trùng năm ở đầu tên tệp.", f"issued: {issued}",
              "# Giai đoạn kế hoạch: một năm (2022) hoặc hai năm (2021-2025).", f"period: {period}",
              "# summary: Một hai câu tóm tắt, dùng trong danh sách và khi chia sẻ."]
    lines += _sources(given, ask)
    lines += [
        "# Chỉ tiêu: bỏ dấu # ở đầu các dòng dưới đây và sửa theo văn bản. measure là điều được đếm:",
        "#   new (sản phẩm mới đạt từ 'stars' sao), recognized (được công nhận), upgraded (nâng hạng,",
        "#   cần from_stars và to_stars), reached (đạt từ 'stars' sao), other (điều trang không tự đếm được).",
        "# comparison: at_least (ít nhất), about (khoảng), exactly (đúng), at_most (nhiều nhất), range (từ–đến).",
        "# targets:",
        "#   - text: Phát triển ít nhất 20 sản phẩm mới đạt 3 sao trở lên.",
        "#     measure: new",
        "#     stars: 3",
        "#     comparison: at_least",
        "#     value: 20",
        "# Viết nội dung kế hoạch bằng lời của mình (Markdown) bên dưới dòng --- tiếp theo.",
        "---",
        "",
    ]
    return path, "\n".join(lines), url


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
