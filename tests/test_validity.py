"""Validity from partial dates (issue 16, item 10): say what is known, no more, no less.

A recognition is valid 36 months from its decision. Decision dates are often partial (a year,
a month), sometimes unknown (only `reported_by`: a source reported it by that date), sometimes
bounded by another date (certificates handed over on a day: the decision came before). The
status reasons with the earliest and latest possible last day of validity; it says "có thể"
("uncertain") only when the two disagree about the build date.
"""
from __future__ import annotations

import datetime as dt
import html

import pytest

from conftest import build_site, check_content, make_config, minimal_content, product_md, read, write_content
from ocop.build import check
from ocop.dates import PartialDate
from ocop.model import Expiry, recognition_status
from ocop.stats import summarize

TODAY = dt.date(2026, 12, 2)


def one_decision(tmp_path, decision_yaml: str, build_date: dt.date = TODAY):
    """The catalog of minimal_content() plus product `sp` recognised by one decision."""
    files = minimal_content()
    files["products/bac-kan/sp.md"] = product_md("Sản phẩm Thử", "bac-kan")
    files["ratings/bac-kan/quyet-dinh.yaml"] = decision_yaml
    write_content(tmp_path, files)
    return check(make_config(tmp_path, build_date=build_date)).products["sp"].current


def decision(head: str) -> str:
    return head + "level: tỉnh\nsources:\n  - title: Nguồn\nentries:\n  - product: sp\n    stars: 4\n"


# ---------------------------------------------------------------- the rule, on its own

@pytest.mark.parametrize("earliest, latest, status", [
    # a decision known only to the year 2024 expires some day of 2027: on 2/12/2026 it is valid, not expiring
    ((2027, 1, 1), (2027, 12, 31), "valid"),
    # certainly ends within 90 days, and not before today: expiring
    ((2027, 1, 1), (2027, 1, 31), "expiring"),
    # the possible expiries straddle today: only then "có thể đã hết hạn"
    ((2026, 1, 1), (2026, 12, 31), "uncertain"),
    ((2026, 1, 1), (2026, 4, 5), "expired"),
    # only an upper bound (reported by): expired once it has passed, uncertain before
    (None, (2025, 12, 31), "expired"),
    (None, (2027, 12, 31), "uncertain"),
    # known to the day
    ((2026, 12, 2), (2026, 12, 2), "expiring"),
    ((2026, 12, 1), (2026, 12, 1), "expired"),
])
def test_status_from_the_earliest_and_latest_possible_expiry(earliest, latest, status):
    expiry = Expiry(dt.date(*earliest) if earliest else None, dt.date(*latest))
    assert recognition_status(expiry, TODAY) == status


def test_a_partial_date_is_its_own_range():
    assert recognition_status(PartialDate(2027), TODAY) == "valid"
    assert recognition_status(PartialDate(2026), TODAY) == "uncertain"
    assert recognition_status(PartialDate(2026, 12), TODAY) == "uncertain"
    assert recognition_status(PartialDate(2027, 1), TODAY) == "expiring"
    assert recognition_status(None, TODAY) == "unknown"


# ---------------------------------------------------------------- what feeds it: the decision's dates

def test_year_only_decision_is_valid_not_expiring(tmp_path):
    rec = one_decision(tmp_path, decision("date: 2024\n"))
    assert rec.expiry == Expiry(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
    assert rec.expiry.vi() == "năm 2027"
    assert rec.status == "valid"


def test_month_only_decision(tmp_path):
    rec = one_decision(tmp_path, decision("date: 2023-12\n"))
    assert rec.expiry.vi() == "tháng 12/2026" and rec.status == "uncertain"
    rec = one_decision(tmp_path / "later", decision("date: 2023-11\n"))
    assert rec.status == "expired"


def test_reported_by_only_bounds_the_expiry_from_above(tmp_path):
    # reported "by 2022": decided on 31/12/2022 at the latest, so expired by 31/12/2025 at the latest
    rec = one_decision(tmp_path, decision("reported_by: 2022\n"))
    assert rec.expiry == Expiry(None, dt.date(2025, 12, 31))
    assert rec.expiry.vi() == "chậm nhất 31/12/2025"
    assert rec.status == "expired"
    # before that day it may still be valid, or not: uncertain, never "valid"
    assert one_decision(tmp_path / "early", decision("reported_by: 2022\n"), dt.date(2025, 6, 1)).status == "uncertain"


def test_a_handover_date_bounds_a_year_only_decision(tmp_path):
    # decided in 2023, certificates handed over on 5/4/2023: the decision is from 1/1 to 5/4/2023
    rec = one_decision(tmp_path, decision("date: 2023\nreported_by: 2023-04-05\n"))
    assert rec.expiry == Expiry(dt.date(2026, 1, 1), dt.date(2026, 4, 5))
    assert rec.expiry.vi() == "trong khoảng 1/1/2026 – 5/4/2026"
    assert rec.status == "expired"  # without the bound: some day of 2026, "có thể đã hết hạn"
    assert one_decision(tmp_path / "no-bound", decision("date: 2023\n")).status == "uncertain"
    # a bound later than the date's own end changes nothing
    assert one_decision(tmp_path / "late", decision("date: 2024\nreported_by: 2025-03-01\n")).status == "valid"


def test_valid_until_and_valid_from_say_it(tmp_path):
    rec = one_decision(tmp_path, decision("date: 2019\nvalid_until: 2023-01-10\n"))
    assert rec.expiry == Expiry(dt.date(2023, 1, 10), dt.date(2023, 1, 10)) and rec.status == "expired"
    rec = one_decision(tmp_path / "until", decision("date: 2024\nvalid_until: 2027-02-01\n"))
    assert rec.status == "expiring"  # 61 days, certainly
    rec = one_decision(tmp_path / "from", decision("date: 2021\nvalid_from: 2024-06-12\n"))
    assert rec.expiry.vi() == "12/6/2027" and rec.status == "valid"


def test_the_pages_say_it_and_say_perhaps_only_when_unsure(tmp_path):
    files = minimal_content()
    for slug, head in {"nam": "date: 2024\n", "bao-cao": "reported_by: 2022\n",
                       "trao": "date: 2023\nreported_by: 2023-04-05\n", "chua-chac": "date: 2023-12\n"}.items():
        files[f"products/bac-kan/{slug}.md"] = product_md(f"Sản phẩm {slug}", "bac-kan")
        files[f"ratings/bac-kan/qd-{slug}.yaml"] = decision(head).replace("product: sp", f"product: {slug}")
    site = build_site(tmp_path, files, build_date=TODAY)

    def lead(slug: str) -> str:
        page = html.unescape(read(site, f"/san-pham/{slug}/"))
        return page[page.index("<h1"):page.index("</dl>")]

    assert "Còn hiệu lực" in lead("nam") and "năm 2027" in lead("nam") and "Sắp hết hạn" not in lead("nam")
    assert "Đã hết hạn" in lead("bao-cao") and "chậm nhất 31/12/2025" in lead("bao-cao")
    assert "Đã hết hạn" in lead("trao") and "Có thể" not in lead("trao")
    assert "Có thể đã hết hạn" in lead("chua-chac")
    # "current" counts only the valid one; the rest are counted apart
    home = html.unescape(read(site, "/"))
    assert "đã hết hạn" in home


def test_current_stars_count_only_valid_recognitions(tmp_path):
    catalog = check_content(tmp_path, minimal_content())  # built 23/11/2026
    stats = summarize(list(catalog.products.values()))
    # mien-dong-thu: 4★ on 2/5/2024, valid; tra-thu: 4★ on 22/8/2022, expired 22/8/2025
    assert stats.valid == 1 and stats.by_stars[4] == 1 and stats.expired == 1
    assert stats.not_current_words == "1 sản phẩm đã hết hạn"
