"""The benchmark's synthetic content: deterministic, valid, and built into the pages the routes promise."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import make_config
from ocop.build import build, check
from ocop.config import PROJECT_DIR
from ocop.routes import PAGE_SIZE
from ocop.slugs import slugify

if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from bench.images import drawings  # noqa: E402
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
    assert provinces == {f"provinces/{p.name}" for p in (PROJECT_DIR / "content/provinces").glob("*.yaml")}  # copied
    assert content.files["provinces/bac-kan.yaml"] == (PROJECT_DIR / "content/provinces/bac-kan.yaml").read_text(encoding="utf-8")
    assert len({d["province"] for d in products.values()}) > 40  # spread over the country
    assert any(set(d["name"]) & set("ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữự") for d in products.values())
    bodies = [t.split("\n---\n", 1)[1] for p, t in content.files.items() if p.startswith("products/")]
    assert all("\n- " in b and "](/tinh/" in b for b in bodies)
    sizes = [len(b.encode("utf-8")) for b in bodies]
    # as long as real descriptions (~1,700 bytes), not half of them
    assert 1500 <= sum(sizes) / len(sizes) <= 1900 and min(sizes) > 1200
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


def cards(page: Path) -> list[str]:
    """The product slugs of the listing cards on a page, in order."""
    text = page.read_text(encoding="utf-8")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in re.findall(r'<a class="card-link" href="([^"]+)"', text)]


def listing(site: Path, base: str) -> list[list[str]]:
    """The cards of every page of a paginated listing: base/index.html, base/trang/2/, ..."""
    pages = [site / base / "index.html"]
    number = 2
    while (site / base / "trang" / str(number) / "index.html").is_file():
        pages.append(site / base / "trang" / str(number) / "index.html")
        number += 1
    return [cards(page) for page in pages]


@pytest.mark.slow  # builds a synthetic site of N products
def test_built_pages_match_the_files_on_disk(tmp_path):
    """Counted from the files the generator wrote, not from its own counters or the routes' formula."""
    content = write_content(tmp_path, N, seed=5)
    build(make_config(tmp_path))
    site = make_config(tmp_path).site_dir

    products = {(p.parent.name if p.name == "index.md" else p.stem): front_matter(p.read_text(encoding="utf-8"))
                for p in (content / "products").rglob("*.md")}
    provinces = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (content / "provinces").glob("*.yaml")}
    plans = {f"{p.parent.name}/{p.stem}" for p in (content / "plans").rglob("*.md")}
    assert len(products) == N and plans

    # one page per record file
    assert {p.parent.name for p in site.glob("san-pham/*/index.html")} - {"trang"} >= set(products)
    assert {p.parent.name for p in site.glob("tinh/*/index.html")} == set(provinces)
    assert {f"{p.parent.parent.name}/{p.parent.name}" for p in site.glob("ke-hoach/*/*/index.html")} == plans

    # all products: 120 in pages of 48 (hand-counted: 48 + 48 + 24), each product once
    assert PAGE_SIZE == 48, "the hand count below assumes 48 cards per page"
    showcase = listing(site, "san-pham")
    assert [len(page) for page in showcase] == [48, 48, 24]
    assert sorted(slug for page in showcase for slug in page) == sorted(products)

    # a province lists its own products and those of the provinces merged into it, in full pages but the last
    now = {slug: data.get("merged_into") or slug for slug, data in provinces.items()}
    for slug in provinces:
        pages = listing(site, f"tinh/{slug}")
        expected = {p for p, d in products.items() if d["province"] == slug or now[d["province"]] == slug}
        assert sorted(s for page in pages for s in page) == sorted(expected), slug
        assert all(len(page) == 48 for page in pages[:-1]) and len(pages[-1]) <= 48, slug

    # a group page exists for each group used, and lists exactly its products
    groups = {d["group"] for d in products.values() if "group" in d}
    assert {p.parent.name for p in site.glob("nhom/*/index.html")} == {slugify(g) for g in groups}
    for group in groups:
        pages = listing(site, f"nhom/{slugify(group)}")
        assert sorted(s for page in pages for s in page) == sorted(p for p, d in products.items() if d.get("group") == group)



def test_warm_full_build_script_renders_every_page_each_time(tmp_path):
    """bench/warm_full_build.sh, the warm full build bench/README.md times in turns: each run renders every page
    again into an emptied folder (an incremental build would leave unchanged pages as they are)."""
    content = tmp_path / "content"
    shutil.copytree(PROJECT_DIR / "tests" / "golden" / "content", content)
    out = tmp_path / "out"
    script = [str(PROJECT_DIR / "bench" / "warm_full_build.sh"), str(PROJECT_DIR), str(out), str(content), "2026-12-02"]
    subprocess.run(script, check=True, capture_output=True)
    pages = {p: p.read_bytes() for p in out.rglob("*.html")}
    assert out / "index.html" in pages and len(pages) > 20
    before = max(p.stat().st_mtime_ns for p in pages)
    time.sleep(0.01)
    subprocess.run(script, check=True, capture_output=True)
    assert {p: p.read_bytes() for p in out.rglob("*.html")} == pages
    assert min(p.stat().st_mtime_ns for p in pages) > before  # every page written again


def test_drawings_benchmark_draws_each_products_pictures_and_times_each_kind(tmp_path):
    """bench/images.py --drawings: every product's share card and QR codes drawn, a time for each kind."""
    medians = drawings(4, tmp_path, repeat=1)
    assert set(medians) == {"card", "qr-svg", "qr-png"} and all(ms > 0 for ms in medians.values())
    drawn = sorted((tmp_path / "drawn").iterdir())
    assert len([f for f in drawn if f.suffix == ".svg"]) == 4
    sizes = {Image.open(f).size for f in drawn if f.suffix == ".png"}
    assert (1200, 630) in sizes and len(sizes) == 2  # cards and the QR PNGs
