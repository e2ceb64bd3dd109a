"""Synthetic OCOP content for benchmarks and scale tests: N products, deterministic from a seed.

Never written into content/: callers give a folder (a temporary one) and get
``<folder>/content`` back. The same (products, seed) always gives byte-identical files.

What it makes, shaped like the real catalog (docs/content.md):

* the 63 real provinces, copied verbatim from content/provinces (29 of them merged);
* the real site.yaml and the real plain pages from content/;
* N products spread over the 63 provinces (Hà Nội ~19 %, the others 150–700 "weight"
  each, as in the Dec 2025 national figures), Vietnamese names with diacritics, a
  locality, a producer, a group (a few left out), sources, ~1 % with an alias;
  a Markdown body of ~1,400–2,000 bytes (as long as a real description, ~1,700): four
  paragraphs, a list and a site link;
* recognition decisions grouped per province, year and round, each product in 1–3 of
  them (first recognition, re-ratings 3 years later that go up, down or stay), level
  and number as the rules of the time say, dates as precise as real records are
  (some year-only, some year-month), scores on about half of the entries;
* plans (about one per 100 products) with targets of every measure.

Use it from Python (the project root on sys.path)::

    from bench.synthetic import write_content
    content_dir = write_content(tmp_path, products=1000, seed=1)

or from the shell: ``python bench/synthetic.py 1000 /tmp/ocop-1000``.
"""
from __future__ import annotations

import math
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:  # `python bench/synthetic.py` runs with bench/ first on sys.path
    sys.path.insert(0, str(PROJECT_DIR))

import yaml  # noqa: E402

from ocop.slugs import slugify  # noqa: E402

REAL_CONTENT = PROJECT_DIR / "content"
DEFAULT_SEED = 2026
MERGER_DATE = (2025, 7, 1)  # Resolution 202/2025/QH15: merged provinces issue nothing after this
LAST_DECISION_YEAR = 2026  # decisions up to mid-2026

# ---------------------------------------------------------------- vocabulary (tables, not logic)

# (product kind, group): what is made, with the group it belongs to.
PRODUCT_KINDS = (
    ("Miến dong", "Thực phẩm"), ("Gạo nếp cái hoa vàng", "Thực phẩm"), ("Gạo tám thơm", "Thực phẩm"),
    ("Gạo ST25", "Thực phẩm"), ("Bánh chưng", "Thực phẩm"), ("Bánh gio", "Thực phẩm"),
    ("Bánh đa nem", "Thực phẩm"), ("Bánh tráng", "Thực phẩm"), ("Bún khô", "Thực phẩm"),
    ("Phở khô", "Thực phẩm"), ("Mật ong rừng", "Thực phẩm"), ("Mật ong hoa nhãn", "Thực phẩm"),
    ("Chả cá", "Thực phẩm"), ("Chả lụa", "Thực phẩm"), ("Giò bò", "Thực phẩm"), ("Lạp xưởng", "Thực phẩm"),
    ("Thịt trâu gác bếp", "Thực phẩm"), ("Lợn cắp nách sấy", "Thực phẩm"), ("Nước mắm", "Thực phẩm"),
    ("Mắm tôm", "Thực phẩm"), ("Tương bần", "Thực phẩm"), ("Muối ớt", "Thực phẩm"),
    ("Cam sành", "Thực phẩm"), ("Bưởi da xanh", "Thực phẩm"), ("Vải thiều", "Thực phẩm"),
    ("Nhãn lồng", "Thực phẩm"), ("Xoài cát", "Thực phẩm"), ("Thanh long ruột đỏ", "Thực phẩm"),
    ("Chuối sấy dẻo", "Thực phẩm"), ("Mít sấy", "Thực phẩm"), ("Hạt điều rang muối", "Thực phẩm"),
    ("Cà phê rang xay", "Đồ uống"), ("Trà shan tuyết", "Đồ uống"), ("Chè búp khô", "Đồ uống"),
    ("Trà hoa vàng", "Đồ uống"), ("Rượu men lá", "Đồ uống"), ("Rượu ngô", "Đồ uống"),
    ("Rượu mơ", "Đồ uống"), ("Nước cốt chanh leo", "Đồ uống"), ("Trà atiso", "Đồ uống"),
    ("Tinh bột nghệ", "Dược liệu và sản phẩm từ dược liệu"), ("Cao lá vằng", "Dược liệu và sản phẩm từ dược liệu"),
    ("Trà cà gai leo", "Dược liệu và sản phẩm từ dược liệu"), ("Sâm Ngọc Linh ngâm mật ong", "Dược liệu và sản phẩm từ dược liệu"),
    ("Đông trùng hạ thảo", "Dược liệu và sản phẩm từ dược liệu"), ("Tinh dầu quế", "Dược liệu và sản phẩm từ dược liệu"),
    ("Tinh dầu sả", "Dược liệu và sản phẩm từ dược liệu"), ("Cao dây thìa canh", "Dược liệu và sản phẩm từ dược liệu"),
    ("Giảo cổ lam", "Dược liệu và sản phẩm từ dược liệu"),
    ("Nón lá", "Hàng thủ công mỹ nghệ"), ("Mây tre đan", "Hàng thủ công mỹ nghệ"),
    ("Gốm men lam", "Hàng thủ công mỹ nghệ"), ("Thổ cẩm dệt tay", "Hàng thủ công mỹ nghệ"),
    ("Chiếu cói", "Hàng thủ công mỹ nghệ"), ("Tranh thêu tay", "Hàng thủ công mỹ nghệ"),
    ("Lan hồ điệp", "Sinh vật cảnh"), ("Đào thất thốn", "Sinh vật cảnh"), ("Bonsai sam hương", "Sinh vật cảnh"),
    ("Điểm du lịch cộng đồng", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"),
    ("Homestay bản", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch"),
)
# Relative weights of the groups among products (Thực phẩm dominates, as in the real catalog).
GROUP_WEIGHTS = {
    "Thực phẩm": 60, "Đồ uống": 14, "Dược liệu và sản phẩm từ dược liệu": 14, "Hàng thủ công mỹ nghệ": 6,
    "Sinh vật cảnh": 3, "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": 3,
}
# Syllables for brand names, place names and people (all with their diacritics).
SYLLABLES = (
    "An", "Bình", "Cường", "Đạt", "Đông", "Hà", "Hải", "Hạnh", "Hòa", "Hoàng", "Hưng", "Hương", "Khánh",
    "Lâm", "Linh", "Long", "Lộc", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Nguyên", "Nhân", "Phát", "Phong",
    "Phúc", "Quang", "Sơn", "Tâm", "Tân", "Thái", "Thành", "Thanh", "Thịnh", "Thủy", "Tiến", "Trung",
    "Trường", "Tuấn", "Việt", "Vinh", "Xuân", "Yên", "Bảo", "Châu", "Đức", "Gia", "Hiền", "Huy", "Kim",
    "Lợi", "Mỹ", "Nghĩa", "Oanh", "Quế", "Sáng", "Tài", "Toàn", "Uyên", "Vân", "Ánh", "Bằng", "Côn",
    "Đồng", "Giang", "Hồng", "Kiên", "Lạng", "Mường", "Nà", "Pác", "Quỳnh", "Rạng", "Sình", "Tày",
)
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
                "Hồ", "Ngô", "Dương", "Lý", "Lường", "Hà", "Nông", "Triệu")
MIDDLE_NAMES = ("Văn", "Thị", "Ngọc", "Minh", "Đức", "Thu", "Xuân", "Hữu", "Quang", "Kim")
PRODUCER_KINDS = (  # (kind, weight, name prefix)
    ("doanh nghiệp", 35, "Công ty TNHH"), ("hợp tác xã", 35, "Hợp tác xã"), ("hộ sản xuất", 22, "Hộ kinh doanh"),
    ("tổ hợp tác", 4, "Tổ hợp tác"), (None, 4, "Cơ sở"),
)
QUALITIES = ("hương vị đậm đà", "màu sắc tự nhiên", "không dùng chất bảo quản", "đóng gói hút chân không",
             "có tem truy xuất nguồn gốc", "nguyên liệu trồng tại địa phương", "quy trình sản xuất khép kín",
             "đạt chứng nhận VietGAP", "bảo quản được 12 tháng", "bao bì in song ngữ Việt – Anh")
# How each group's products come about: the second sentence of a product's description.
MAKING = {
    "Thực phẩm": "{kind} được làm theo cách truyền thống của địa phương, từ nguyên liệu do bà con trong vùng "
                 "trồng và thu hái, rồi được sơ chế, đóng gói tại cơ sở.",
    "Đồ uống": "{kind} được chế biến từ nguyên liệu của vùng, theo công thức gia truyền đã được chuẩn hóa và "
               "kiểm nghiệm chất lượng trước khi đóng chai, đóng túi.",
    "Dược liệu và sản phẩm từ dược liệu": "{kind} được chế biến từ dược liệu trồng và thu hái theo quy trình an "
                                         "toàn, sấy và chiết xuất tại xưởng của cơ sở.",
    "Hàng thủ công mỹ nghệ": "{kind} do thợ thủ công của làng nghề làm hoàn toàn bằng tay, từ nguyên liệu tự "
                             "nhiên sẵn có ở địa phương.",
    "Sinh vật cảnh": "{kind} được nhân giống và chăm sóc tại vườn của cơ sở, tạo dáng công phu trước khi đưa "
                     "ra thị trường.",
    "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch": "{kind} đón khách tham quan, trải nghiệm "
        "đời sống, ẩm thực và văn hóa của đồng bào địa phương.",
}
STORIES = (
    "Nghề làm {kind} ở đây có từ nhiều đời, được truyền từ cha mẹ sang con cháu. Trước kia sản phẩm chủ yếu bán "
    "ở chợ phiên và làm quà biếu, nay chủ thể liên kết với các hộ trong thôn để có nguồn nguyên liệu ổn định, "
    "ghi chép nhật ký sản xuất và truy xuất được nguồn gốc từng lô hàng.",
    "Chủ thể bắt đầu từ một cơ sở nhỏ của gia đình, sau đó thành lập hợp tác để cùng đầu tư nhà xưởng, kho bảo "
    "quản và thiết bị đóng gói. Các thành viên được tập huấn về an toàn thực phẩm, ghi nhãn hàng hóa và bán hàng "
    "trên mạng; sản phẩm đã tham gia nhiều hội chợ trong và ngoài tỉnh.",
    "Vùng nguyên liệu nằm ở nơi có khí hậu và thổ nhưỡng phù hợp, được canh tác theo hướng hữu cơ, hạn chế phân "
    "bón hóa học. Người dân thu hái đúng vụ, sơ chế ngay trong ngày để giữ được hương vị; phụ phẩm được tận "
    "dụng làm phân bón cho vụ sau.",
)
USES = (
    "Cách dùng và bảo quản: dùng trực tiếp hoặc chế biến theo khẩu vị; bảo quản nơi khô ráo, thoáng mát, tránh "
    "ánh nắng trực tiếp. Sau khi mở bao bì nên dùng hết trong thời gian ghi trên nhãn.",
    "Sản phẩm thích hợp làm quà tặng dịp lễ, Tết. Bao bì có tem truy xuất nguồn gốc, ghi rõ thành phần, hạn sử "
    "dụng và hướng dẫn bảo quản; đơn vị nhận đặt hàng số lượng lớn cho cửa hàng và siêu thị.",
    "Để giữ chất lượng, sản phẩm được kiểm nghiệm định kỳ tại cơ quan chuyên môn; kết quả kiểm nghiệm và giấy "
    "chứng nhận cơ sở đủ điều kiện an toàn thực phẩm được công khai tại điểm bán.",
)
MARKETS = ("các siêu thị trong tỉnh", "hệ thống cửa hàng OCOP", "sàn thương mại điện tử",
           "các hội chợ xúc tiến thương mại", "khách du lịch", "các tỉnh phía Bắc", "thị trường Hà Nội")


@dataclass(frozen=True)
class ProvinceInfo:
    slug: str
    name: str
    kind: str  # tỉnh | thành phố
    merged: bool
    text: str  # the real file, copied verbatim

    @property
    def title(self) -> str:
        return f"{'tỉnh' if self.kind == 'tỉnh' else 'thành phố'} {self.name}"


@dataclass(frozen=True)
class SyntheticContent:
    """The files of one synthetic content tree, by path under content/."""
    files: dict  # str -> str, in a stable order
    products: int
    decisions: int
    plans: int
    seed: int


def real_provinces(content_dir: Path = REAL_CONTENT) -> list[ProvinceInfo]:
    """The 63 provinces of the bundled content, in file-name order."""
    result = []
    for file in sorted((content_dir / "provinces").glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        result.append(ProvinceInfo(file.stem, data["name"], data["kind"], bool(data.get("merged_into")), text))
    return result


# ---------------------------------------------------------------- generation

def _weighted(rng: random.Random, items: list, weights: list):
    return rng.choices(items, weights=weights, k=1)[0]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(SYLLABLES)}"


def _brand(rng: random.Random) -> str:
    return f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"


def _locality(rng: random.Random) -> str:
    district = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
    commune = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
    return f"{district} (xã {commune})" if rng.random() < 0.7 else district


def _yaml_text(value: str) -> str:
    """A YAML scalar for editor-style text (quoted only when YAML needs it)."""
    return yaml.safe_dump(value, allow_unicode=True, default_style=None, width=10_000).removesuffix("\n...\n").strip()


def _source_lines(rng: random.Random, title: str, publisher: str, slug: str, year: int, indent: str = "") -> str:
    month = rng.randint(1, 12)
    return (f"{indent}sources:\n"
            f"{indent}  - title: {_yaml_text(title)}\n"
            f"{indent}    publisher: {_yaml_text(publisher)}\n"
            f"{indent}    url: https://tin-tuc.example/{year}/{month:02d}/{slug}\n"
            f"{indent}    date: {year}-{month:02d}\n")


def _product_body(rng: random.Random, name: str, producer: str, locality: str | None, province: ProvinceInfo,
                  kind: str, group: str) -> str:
    where = f"{locality}, {province.title}" if locality else province.title
    qualities = rng.sample(QUALITIES, rng.randint(3, 5))
    markets = rng.sample(MARKETS, 2)
    para1 = f"{name} là sản phẩm của {producer}, {where}. " + MAKING[group].format(kind=kind)
    para2 = (f"Sau khi được công nhận sản phẩm OCOP, chủ thể đã đầu tư thêm máy móc, cải tiến bao bì và mở rộng "
             f"vùng nguyên liệu. Sản phẩm hiện có mặt tại {markets[0]} và {markets[1]}.")
    bullets = "\n".join(f"- {q[0].upper()}{q[1:]};" for q in qualities[:-1]) + f"\n- {qualities[-1][0].upper()}{qualities[-1][1:]}."
    story = rng.choice(STORIES).format(kind=kind)
    use = "\n\n".join(rng.sample(USES, 2))
    link = f"Xem thêm các sản phẩm OCOP khác của [{province.title}](/tinh/{province.slug}/)."
    return f"{para1}\n\n{story}\n\nĐặc điểm chính:\n\n{bullets}\n\n{para2}\n\n{use}\n\n{link}\n"


@dataclass
class _Decision:
    """A decision being assembled (mutable only inside generate())."""
    province: ProvinceInfo
    year: int
    round: int  # 1 or 2
    level: str
    date: str  # '2022', '2022-08' or '2022-08-22'
    number: str | None
    stem: str
    entries: list


def _decision_date(rng: random.Random, year: int, round_: int, merged: bool) -> str:
    month = rng.randint(3, 6) if round_ == 1 else rng.randint(8, 12)
    if year == LAST_DECISION_YEAR:
        month = min(month, 6)
    if merged and (year, month, 1) >= MERGER_DATE:
        month = rng.randint(1, 6)
    precision = rng.random()
    if precision < 0.25:
        return str(year)
    if precision < 0.40:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _level(stars: int, year: int, rng: random.Random) -> str:
    if stars == 5:
        return "trung ương"
    if stars == 3 and year <= 2022 and rng.random() < 0.2:
        return "huyện"  # before 148/QĐ-TTg (2023) districts recognised 3★ products too
    return "tỉnh"


def _number_suffix(level: str, year: int) -> str:
    if level == "trung ương":
        return "QĐ-BNNMT" if year >= 2025 else "QĐ-BNN-VPĐP"
    return "QĐ-UBND"


def generate(products: int, seed: int = DEFAULT_SEED, provinces: list[ProvinceInfo] | None = None) -> SyntheticContent:
    """Build the files of a content tree with `products` products; deterministic in (products, seed)."""
    if products < 1:
        raise ValueError("products must be at least 1")
    rng = random.Random(f"ocop-bench:{seed}")
    provinces = provinces or real_provinces()
    files: dict[str, str] = {"site.yaml": (REAL_CONTENT / "site.yaml").read_text(encoding="utf-8")}
    for page in sorted((REAL_CONTENT / "pages").glob("*.md")):
        files[f"pages/{page.name}"] = page.read_text(encoding="utf-8")
    for province in provinces:
        files[f"provinces/{province.slug}.yaml"] = province.text

    # Hà Nội carries ~19 % of products (3,463 of 18,243); the others 150–700 each.
    weights = [3463 if p.slug == "ha-noi" else rng.randint(150, 700) for p in provinces]
    groups = list(GROUP_WEIGHTS)
    kinds_by_group = {g: [k for k, kg in PRODUCT_KINDS if kg == g] for g in groups}

    used_slugs: set[str] = set()
    decisions: dict[tuple, _Decision] = {}
    used_stems: set[tuple[str, str]] = set()
    product_files: list[tuple[str, str]] = []
    for index in range(products):
        province = _weighted(rng, provinces, weights)
        group = _weighted(rng, groups, [GROUP_WEIGHTS[g] for g in groups])
        kind = rng.choice(kinds_by_group[group])
        brand = _brand(rng)
        name = f"{kind} {brand}"
        slug = slugify(name)
        if slug in used_slugs:  # same name elsewhere: add the province, as editors do
            slug = f"{slug}-{province.slug}"
        serial = 2
        base = slug
        while slug in used_slugs:
            slug = f"{base}-{serial}"
            serial += 1
        used_slugs.add(slug)

        producer_kind, _, prefix = _weighted(rng, list(PRODUCER_KINDS), [w for _, w, _ in PRODUCER_KINDS])
        producer = f"{prefix} {_person(rng) if producer_kind == 'hộ sản xuất' else brand}"
        locality = _locality(rng) if rng.random() < 0.85 else None
        lines = ["---", f"name: {_yaml_text(name)}", f"province: {province.slug}"]
        if locality:
            lines.append(f"locality: {_yaml_text(locality)}")
        lines += ["producer:", f"  name: {_yaml_text(producer)}"]
        if producer_kind:
            lines.append(f"  kind: {producer_kind}")
        if rng.random() < 0.95:
            lines.append(f"group: {_yaml_text(group)}")
            if rng.random() < 0.1:
                lines.append("group_by_editors: true")
        first_year = rng.randint(2019, 2025 if not province.merged else 2024)
        header = "\n".join(lines) + "\n"
        header += _source_lines(rng, f"{name}: sản phẩm OCOP của {province.title}", f"Báo {province.name}", slug,
                                first_year)
        if rng.random() < 0.01:
            header += f"aliases:\n  - /san-pham/{slug}-cu/\n"
        body = _product_body(rng, name, producer, locality, province, kind, group)
        product_files.append((f"products/{province.slug}/{slug}.md", f"{header}---\n{body}"))

        # rating history: first recognition, then re-ratings 3 years later (up, down or the same)
        stars = _weighted(rng, [3, 4, 5], [68, 29, 3])
        year = first_year
        for step in range(3):
            if step > 0:
                year += 3
                last_year = LAST_DECISION_YEAR if not province.merged else MERGER_DATE[0]
                if year > last_year or rng.random() > (0.45 if step == 1 else 0.35):
                    break
                stars = max(3, min(5, stars + _weighted(rng, [-1, 0, 1], [15, 55, 30])))
            round_ = 1 if rng.random() < 0.6 else 2
            level = _level(stars, year, rng)
            key = (province.slug, year, round_, level)
            decision = decisions.get(key)
            if decision is None:
                date = _decision_date(rng, year, round_, province.merged)
                if rng.random() < 0.8:
                    number = f"{rng.randint(100, 3999)}/{_number_suffix(level, year)}"
                    stem = f"{date}-{slugify(number)}"
                else:
                    number = None
                    stem = f"{year}-cong-nhan-ocop-{slugify(level)}-dot-{round_}"
                while (province.slug, stem) in used_stems:
                    stem += "-b"
                used_stems.add((province.slug, stem))
                decision = decisions[key] = _Decision(province, year, round_, level, date, number, stem, [])
            score = None
            if rng.random() < 0.5:
                low, high = {3: (50, 69), 4: (70, 89), 5: (90, 99)}[stars]
                score = rng.randint(low, high) + rng.choice((0, 0.25, 0.5, 0.75))
            decision.entries.append((slug, stars, score, step == 0 and year > 2019 and rng.random() < 0.03))

    for path, text in sorted(product_files):
        files[path] = text

    for decision in sorted(decisions.values(), key=lambda d: (d.province.slug, d.stem)):
        p = decision.province
        issuer = f"UBND {p.title}" if decision.level != "trung ương" else "Bộ Nông nghiệp và Phát triển nông thôn"
        if decision.level == "trung ương" and decision.year >= 2025:
            issuer = "Bộ Nông nghiệp và Môi trường"
        text = (f"number: {_yaml_text(decision.number)}\n" if decision.number else "")
        text += f"date: {decision.date}\nlevel: {decision.level}\n"
        if decision.level != "huyện":
            text += f"issuer: {_yaml_text(issuer)}\n"
        text += f"round: {_yaml_text(f'{decision.year} (Đợt {decision.round})')}\n"
        text += _source_lines(rng, f"{p.name} công nhận {len(decision.entries)} sản phẩm OCOP năm {decision.year}",
                              f"Báo {p.name}", f"{p.slug}-{decision.stem}", decision.year)
        text += "entries:\n"
        for slug, stars, score, renewal in decision.entries:
            text += f"  - product: {slug}\n    stars: {stars}\n"
            if score is not None:
                text += f"    score: {score:g}\n"
            if renewal:
                text += "    renewal: true\n"
        files[f"ratings/{p.slug}/{decision.stem}.yaml"] = text

    plans = _plans(rng, provinces, weights, max(3, products // 100))
    files.update(plans)
    return SyntheticContent(files, products, len(decisions), len(plans), seed)


def _plans(rng: random.Random, provinces: list[ProvinceInfo], weights: list[int], count: int) -> dict[str, str]:
    """About one plan per 100 products, on provinces chosen by weight, one per province and year."""
    files: dict[str, str] = {}
    taken: set[tuple[str, int]] = set()
    attempts = 0
    while len(files) < count and attempts < count * 20:
        attempts += 1
        province = _weighted(rng, provinces, weights)
        year = rng.randint(2019, 2024 if province.merged else 2026)
        if (province.slug, year) in taken:
            continue
        taken.add((province.slug, year))
        number = f"{rng.randint(10, 399)}/KH-UBND"
        stem = f"{year}-{slugify(number)}"
        five_year = year == 2021 and rng.random() < 0.5
        period = "2021-2025" if five_year else str(year)
        new_count = rng.randint(8, 40) * (4 if five_year else 1)
        title = (f"Kế hoạch thực hiện Chương trình Mỗi xã một sản phẩm (OCOP) {province.title} "
                 + ("giai đoạn 2021–2025" if five_year else f"năm {year}"))
        targets = [
            ("new", f"Phát triển ít nhất {new_count} sản phẩm mới đạt 3 sao trở lên.",
             {"stars": 3, "comparison": "at_least", "value": new_count}),
            ("recognized", f"Đánh giá, công nhận khoảng {new_count + 10} sản phẩm đạt từ 3 sao trở lên.",
             {"stars": 3, "comparison": "about", "value": new_count + 10}),
            ("upgraded", "Nâng hạng từ 1 đến 5 sản phẩm từ 3 sao lên 4 sao.",
             {"from_stars": 3, "to_stars": 4, "comparison": "range", "value": 1, "value_max": 5}),
            ("reached", "Có ít nhất 1 sản phẩm đạt 5 sao.", {"stars": 5, "comparison": "at_least", "value": 1}),
            ("other", "Có ít nhất 2 tin, bài mỗi tháng về Chương trình OCOP trên báo và đài của tỉnh.",
             {"comparison": "at_least", "value": 2, "unit": "tin, bài", "per": "tháng"}),
        ]
        chosen = [targets[0]] + [t for t in targets[1:] if rng.random() < 0.6]
        lines = ["---", f"title: {_yaml_text(title)}", f"number: {number}", "document_type: Kế hoạch",
                 f"issuer: {_yaml_text('UBND ' + province.title)}",
                 f"issued: {year}-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}", f"period: {period}",
                 f"summary: {_yaml_text(f'Kế hoạch OCOP của {province.title}, với chỉ tiêu ít nhất {new_count} sản phẩm mới đạt 3 sao trở lên.')}"]
        header = "\n".join(lines) + "\n"
        header += _source_lines(rng, title, f"Cổng thông tin điện tử {province.title}", f"{province.slug}-{stem}", year)
        header += "targets:\n"
        for measure, text, fields in chosen:
            header += f"  - text: {_yaml_text(text)}\n    measure: {measure}\n"
            for key, value in fields.items():
                header += f"    {key}: {_yaml_text(value) if isinstance(value, str) else value}\n"
        body = (f"UBND {province.title} ban hành Kế hoạch số {number} thực hiện Chương trình Mỗi xã một sản phẩm "
                f"{'giai đoạn 2021–2025' if five_year else f'năm {year}'}, nhằm củng cố các sản phẩm đã được công "
                f"nhận và phát triển sản phẩm mới gắn với thế mạnh của từng địa phương.\n\n"
                "Nhiệm vụ trọng tâm:\n\n"
                "1. Rà soát, củng cố các sản phẩm OCOP đã được công nhận;\n"
                "2. Hỗ trợ chủ thể hoàn thiện bao bì, nhãn mác và truy xuất nguồn gốc;\n"
                "3. Tổ chức đánh giá, phân hạng sản phẩm theo đúng quy định.\n\n"
                f"Danh sách sản phẩm của tỉnh xem tại [trang {province.title}](/tinh/{province.slug}/).\n")
        files[f"plans/{province.slug}/{stem}.md"] = f"{header}---\n{body}"
    return dict(sorted(files.items()))


def write_content(root: Path, products: int, seed: int = DEFAULT_SEED) -> Path:
    """Write a synthetic content tree to root/content (replacing one there) and return that folder."""
    content = Path(root) / "content"
    if content.resolve() == REAL_CONTENT.resolve():
        raise ValueError("refusing to write synthetic content into the project's content/")
    if content.exists():
        shutil.rmtree(content)
    generated = generate(products, seed)
    folders = {str(Path(rel).parent) for rel in generated.files}
    for folder in sorted(folders):
        (content / folder).mkdir(parents=True, exist_ok=True)
    for rel, text in generated.files.items():
        (content / rel).write_text(text, encoding="utf-8")
    return content


def listing_pages(count: int, page_size: int) -> int:
    """Pages a paginated listing of `count` items takes (an empty listing still has one page)."""
    return max(1, math.ceil(count / page_size))


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print("usage: python bench/synthetic.py PRODUCTS FOLDER [SEED]", file=sys.stderr)
        return 2
    content = write_content(Path(argv[1]), int(argv[0]), int(argv[2]) if len(argv) == 3 else DEFAULT_SEED)
    print(f"wrote {content}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
