"""The benchmark's synthetic content: deterministic, valid, and built into the pages the routes promise."""
from __future__ import annotations

import math
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import make_config
from ocop.build import build, check
from ocop.config import PROJECT_DIR
from ocop.routes import PAGE_SIZE

if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from bench.synthetic import generate, write_content  # noqa: E402

N = 120


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def test_generator_is_deterministic_and_seeded():
    first, again, other = generate(N, seed=7), generate(N, seed=7), generate(N, seed=8)
    assert first.files == again.files
    assert first.files != other.files
    assert first.products == N and sum(1 for p in first.files if p.startswith("products/")) == N


@pytest.mark.slow  # generates 400 products
def test_generator_is_realistic():
    content = generate(400, seed=3)
    products = {p: front_matter(t) for p, t in content.files.items() if p.startswith("products/")}
    provinces = {p for p in content.files if p.startswith("provinces/")}
    assert len(provinces) == 63  # the real provinces, copied
    assert content.files["provinces/bac-kan.yaml"] == (PROJECT_DIR / "content/provinces/bac-kan.yaml").read_text(encoding="utf-8")
    assert len({d["province"] for d in products.values()}) > 40  # spread over the country
    assert any(set(d["name"]) & set("ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữự") for d in products.values())
    bodies = [t.split("\n---\n", 1)[1] for p, t in content.files.items() if p.startswith("products/")]
    assert all("\n- " in b and "](/tinh/" in b and 500 < len(b) < 1500 for b in bodies)
    # 1–3 decisions per product, some re-rated
    per_product = Counter()
    for path, text in content.files.items():
        if path.startswith("ratings/"):
            per_product.update(e["product"] for e in yaml.safe_load(text)["entries"])
    assert set(per_product.values()) <= {1, 2, 3} and len(per_product) == 400
    assert per_product.most_common(1)[0][1] >= 2
    plans = [front_matter(t) for p, t in content.files.items() if p.startswith("plans/")]
    assert plans and all(plan["targets"] for plan in plans)


def test_synthetic_content_passes_check(tmp_path):
    write_content(tmp_path, N, seed=11)
    catalog = check(make_config(tmp_path))
    assert len(catalog.products) == N
    assert all(1 <= len(p.history) <= 3 for p in catalog.products.values())
    assert any(p.rerated for p in catalog.products.values())


def test_refuses_the_project_content(tmp_path):
    import pytest
    with pytest.raises(ValueError):
        write_content(PROJECT_DIR, 1)


@pytest.mark.slow  # builds a synthetic site of N products
def test_page_count_matches_the_formula(tmp_path):
    content = generate(N, seed=5)
    write_content(tmp_path, N, seed=5)
    site = make_config(tmp_path).site_dir
    build(make_config(tmp_path))

    products = [front_matter(t) for p, t in content.files.items() if p.startswith("products/")]
    provinces = {p.removeprefix("provinces/").removesuffix(".yaml"): yaml.safe_load(t)
                 for p, t in content.files.items() if p.startswith("provinces/")}
    pages = lambda count: max(1, math.ceil(count / PAGE_SIZE))  # noqa: E731

    def html(pattern: str) -> int:
        return len(list(site.glob(pattern)))

    # one page per product, and the showcase in pages of PAGE_SIZE
    assert html("san-pham/*/index.html") - (1 if (site / "san-pham/trang/index.html").exists() else 0) == N
    assert html("san-pham/trang/*/index.html") == pages(N) - 1
    # one page per province (old and new), more pages for big ones (with what they absorbed)
    by_province = Counter(p["province"] for p in products)
    home = {slug: data.get("merged_into") or slug for slug, data in provinces.items()}
    members = Counter()
    for slug, count in by_province.items():
        members[slug] += count
        if home[slug] != slug:
            members[home[slug]] += count
    assert html("tinh/*/index.html") == len(provinces)
    assert html("tinh/*/trang/*/index.html") == sum(pages(members[slug]) - 1 for slug in provinces)
    # one page per plan; group listings for the groups in use
    plans = [p for p in content.files if p.startswith("plans/")]
    assert html("ke-hoach/*/*/index.html") == len(plans) == content.plans
    groups = Counter(p["group"] for p in products if "group" in p)
    assert html("nhom/*/index.html") == len(groups)
    assert html("nhom/*/index.html") + html("nhom/*/trang/*/index.html") == sum(pages(n) for n in groups.values())
