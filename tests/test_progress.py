"""Plan progress and the rating lifecycle, on fixtures with known answers and on the bundled content."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html

import pytest
import yaml

from conftest import (BUILD_DATE, build_site, check_content, minimal_content, product_md, rating_yaml,
                      read)
from ocop.build import check
from ocop.config import PROJECT_DIR, Config
from ocop.dates import PartialDate
from ocop.model import Expiry, recognition_status
from ocop.progress import measure, plan_progress, target_amount

PLAN_HEAD = """---
title: Kế hoạch thử
issuer: UBND tỉnh Bắc Kạn
issued: 2022-01-10
period: 2022
sources:
  - title: Nguồn
targets:
"""


def plan_with(targets_yaml: str) -> str:
    return PLAN_HEAD + targets_yaml + "---\nNội dung.\n"


def counting_fixture() -> dict[str, str]:
    files = minimal_content()
    for slug in ("a", "b", "c", "d", "e", "f"):
        files[f"products/bac-kan/sp-{slug}.md"] = product_md(f"Sản phẩm {slug.upper()}", "bac-kan")
    files.update({
        # a: new 3★ in 2022            b: new 4★ in 2022 but a renewal of an earlier one
        # c: 3★ in 2021, 4★ in 2022 (upgraded)   d: 2★ in 2022 (below threshold)
        # e: undated, reported by 2022            f: new 5★ in 2022
        "ratings/bac-kan/2021-05-01-x.yaml": rating_yaml([("sp-c", 3)], date="2021-05-01"),
        "ratings/bac-kan/2022-03-01-y.yaml": rating_yaml([("sp-a", 3), ("sp-c", 4), ("sp-d", 2), ("sp-f", 5)],
                                                         date="2022-03-01"),
        "ratings/bac-kan/2022-renewal.yaml": (
            "date: 2022\nlevel: tỉnh\nsources:\n  - title: N\nentries:\n"
            "  - product: sp-b\n    stars: 4\n    renewal: true\n"),
        "ratings/bac-kan/2022-undated.yaml": (
            "reported_by: 2022\nlevel: tỉnh\nsources:\n  - title: N\nentries:\n  - product: sp-e\n    stars: 4\n"),
        "plans/bac-kan/2022-thu.md": plan_with("""\
  - {text: moi, measure: new, stars: 3, comparison: at_least, value: 4}
  - {text: cong nhan, measure: recognized, stars: 3, comparison: about, value: 10}
  - {text: nang hang, measure: upgraded, from_stars: 3, to_stars: 4, comparison: exactly, value: 1}
  - {text: nam sao, measure: reached, stars: 5, comparison: range, value: 1, value_max: 3}
  - {text: tap huan, measure: other, comparison: at_least, value: 100, unit: '%'}
"""),
    })
    return files


@pytest.fixture
def counted(tmp_path):
    catalog = check_content(tmp_path, counting_fixture())
    plan = next(p for p in catalog.plans if p.slug == "2022-thu")
    return {pg.target.text: pg for pg in plan_progress(catalog, plan)}


def slugs(progress) -> list[str]:
    return sorted(p.slug for p in progress.products)


def test_new_counts_first_recognitions_only(counted):
    # the fixture's minimal products: mien-dong-thu and tra-thu were first rated 2022-08-22 (3★ and 4★)
    assert slugs(counted["moi"]) == ["mien-dong-thu", "sp-a", "sp-f", "tra-thu"]
    assert counted["moi"].count == 4 and counted["moi"].met
    assert counted["moi"].rule == "sản phẩm được công nhận lần đầu từ 3 sao trở lên trong năm 2022"


def test_recognized_includes_renewals_and_upgrades_but_not_undated_or_low(counted):
    assert slugs(counted["cong nhan"]) == ["mien-dong-thu", "sp-a", "sp-b", "sp-c", "sp-f", "tra-thu"]
    assert counted["cong nhan"].percent == 60


def test_upgraded_and_reached(counted):
    assert slugs(counted["nang hang"]) == ["sp-c"]
    assert slugs(counted["nam sao"]) == ["sp-f"]
    assert counted["nam sao"].rule == "sản phẩm lần đầu đạt 5 sao trong năm 2022"


def test_uncountable_target_has_no_count(counted):
    assert counted["tap huan"].count is None and counted["tap huan"].products == ()
    assert target_amount(counted["tap huan"].target) == "ít nhất 100%"


def test_coverage_is_reported(counted):
    # dated 2022 decisions of Bắc Kạn: minimal's 2022-08-22 + y + renewal = 3; one undated
    assert counted["moi"].decisions_on_record == 3
    assert counted["moi"].undated_decisions == 1


def test_plan_page_shows_counts_rules_products_and_no_data(tmp_path):
    site = build_site(tmp_path, counting_fixture())
    page = html.unescape(read(site, "/ke-hoach/bac-kan/2022-thu/"))
    # each count says how many of the period's decisions are on record, so it cannot be misquoted
    assert ("Theo danh mục: <strong>4</strong> sản phẩm, đếm trên <strong>3</strong> quyết định công nhận "
            "năm 2022 có trong danh mục (không tính 1 quyết định chưa rõ ngày).") in page
    assert 'href="../../../san-pham/sp-a/"' in page
    # the caveat about what the catalog cannot measure is said once, not under every target
    assert page.count("không đo được") == 1 and "Danh mục đếm được 4 trên 5 chỉ tiêu" in page
    assert "Chưa có số liệu" not in page
    assert '<meter class="progress" min="0" max="100" value="100"' in page and 'style=' not in page
    assert "Mục tiêu: <strong>từ 1 đến 3 sản phẩm</strong>" in page


def test_reported_figure_for_uncountable_target(tmp_path):
    files = counting_fixture()
    files["plans/bac-kan/2022-thu.md"] = plan_with("""\
  - text: Đào tạo cán bộ
    measure: other
    comparison: at_least
    value: 100
    unit: '%'
    reported:
      value: 85
      date: 2023-01
      source: {title: Báo cáo tổng kết năm 2022, publisher: UBND tỉnh}
""")
    page = html.unescape(read(build_site(tmp_path, files), "/ke-hoach/bac-kan/2022-thu/"))
    assert "Số liệu được báo cáo: <strong>85</strong>" in page
    assert "Báo cáo tổng kết năm 2022" in page
    assert "Chưa có số liệu" not in page


# ---------------------------------------------------------------- lifecycle

def test_status_against_the_build_date():
    today = dt.date(2026, 11, 23)
    assert recognition_status(PartialDate.parse("2026-11-22"), today) == "expired"
    assert recognition_status(PartialDate.parse("2026-11-23"), today) == "expiring"
    assert recognition_status(PartialDate.parse("2027-02-20"), today) == "expiring"  # 89 days
    assert recognition_status(PartialDate.parse("2027-03-01"), today) == "valid"
    assert recognition_status(PartialDate.parse("2026"), today) == "uncertain"
    assert recognition_status(PartialDate.parse("2025"), today) == "expired"
    assert recognition_status(None, today) == "unknown"


def test_expiry_is_36_months_with_the_dates_precision(tmp_path):
    catalog = check_content(tmp_path, counting_fixture())
    by_slug = catalog.products
    assert by_slug["sp-a"].current.expires == PartialDate(2025, 3, 1)
    assert by_slug["sp-b"].current.expires == PartialDate(2025)
    # only "reported by 2022": no expiry date, but expired by 31/12/2025 at the latest (tests/test_validity.py)
    assert by_slug["sp-e"].current.expires is None and by_slug["sp-e"].current.status == "expired"
    assert by_slug["sp-e"].current.expiry == Expiry(None, dt.date(2025, 12, 31))


def test_rerated_down_shows_both_and_expiring_listed_on_province(tmp_path):
    files = minimal_content()
    files["products/bac-kan/ha-hang.md"] = product_md("Hạ Hạng", "bac-kan")
    files["ratings/bac-kan/2020-01-01-a.yaml"] = rating_yaml([("ha-hang", 4)], date="2020-01-01")
    files["ratings/bac-kan/2023-12-20-b.yaml"] = rating_yaml([("ha-hang", 3)], date="2023-12-20", number="7/QĐ")
    site = build_site(tmp_path, files)
    page = html.unescape(read(site, "/san-pham/ha-hang/"))
    assert "hạ từ 4 sao xuống 3 sao" in page
    assert page.count('class="history-item"') == 2
    assert "Sắp hết hạn" in page and "Hết hạn: 1/1/2023." in page and "Hết hạn: 20/12/2026." in page
    province = html.unescape(read(site, "/tinh/bac-kan/"))
    soon = province[province.index("Sắp hết hạn công nhận"):]
    assert "Hạ Hạng" in soon[:400] and "20/12/2026" in soon[:400]
    # also on the province it belongs to now
    assert "Sắp hết hạn công nhận" in read(site, "/tinh/thai-nguyen/")


def test_a_later_build_date_expires_recognitions(tmp_path):
    files = minimal_content()
    early = html.unescape(read(build_site(tmp_path / "a", files, build_date=dt.date(2024, 6, 1)),
                               "/san-pham/mien-dong-thu/"))
    late = html.unescape(read(build_site(tmp_path / "b", files, build_date=dt.date(2027, 6, 1)),
                              "/san-pham/mien-dong-thu/"))
    assert "Còn hiệu lực" in early and "Đã hết hạn" not in early.split("Lịch sử công nhận")[0]
    assert "Đã hết hạn" in late


# ---------------------------------------------------------------- the bundled content, recounted from its files
# The rules are tested above on fixtures with hand-checked answers. On the bundled content the
# counts are checked against the rating files themselves, so the tests hold as the content grows.

CONTENT = PROJECT_DIR / "content"


@pytest.fixture(scope="module")
def bundled_catalog():
    return check(Config.for_project(build_date=BUILD_DATE))


def raw_decisions() -> list[dict]:
    return [{**yaml.safe_load(p.read_text(encoding="utf-8")), "province": p.parent.name}
            for p in sorted((CONTENT / "ratings").rglob("*.yaml"))]


def year_of(value) -> int:
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])


def countable_targets(catalog):
    for plan in catalog.plans:
        for progress in plan_progress(catalog, plan):
            if progress.count is not None:
                yield plan, progress


def test_bundled_counts_agree_with_the_rating_files(bundled_catalog):
    decisions = raw_decisions()
    checked = 0
    for plan, progress in countable_targets(bundled_catalog):
        target, (first, last) = progress.target, progress.target.period
        scope = {plan.province} | set(bundled_catalog.provinces[plan.province].absorbed)
        mine = [d for d in decisions if d["province"] in scope]
        dated = [d for d in mine if d.get("date") is not None and first <= year_of(d["date"]) <= last]
        where = f"{plan.province}/{plan.slug}: {target.text}"
        assert progress.decisions_on_record == len(dated), where
        assert progress.undated_decisions == sum(1 for d in mine if d.get("date") is None), where
        # every product counted has an entry of a dated decision of the period at the stars counted
        least = target.to_stars if target.measure == "upgraded" else target.stars
        in_period = {e["product"] for d in dated for e in d["entries"] if e["stars"] >= least}
        counted = {p.slug for p in progress.products}
        assert progress.count == len(counted) and counted <= in_period, where
        if target.measure == "recognized":  # the rule is exactly that
            assert counted == in_period, where
        checked += 1
    assert checked, "the bundled plans have countable targets"


def test_bundled_new_and_reached_are_among_the_recognised(bundled_catalog):
    """A first recognition (or first 5★) in the period is a recognition in the period, at the same stars."""
    checked = 0
    for plan, progress in countable_targets(bundled_catalog):
        if progress.target.measure in ("new", "reached"):
            same = dataclasses.replace(progress.target, measure="recognized")
            recognised = {p.slug for p in measure(bundled_catalog, plan, same).products}
            assert {p.slug for p in progress.products} <= recognised, (plan.slug, progress.target.text)
            checked += 1
    assert checked
