"""Charts on the home and province pages: accessible inline SVG with the same numbers as text."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conftest import build_site, minimal_content, read
from ocop.charts import VALUE_ROOM, WIDTH, bar_chart, wrap_label

SVG = "{http://www.w3.org/2000/svg}"


def charts_in(html: str) -> list[str]:
    return re.findall(r'<figure class="chart .*?</figure>', html, re.S)


def svg_of(figure: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*?</svg>", figure, re.S).group(0))


def test_province_page_has_three_accessible_charts_with_text_equivalents(tmp_path):
    site = build_site(tmp_path, minimal_content())
    html = read(site, "/tinh/bac-kan/")
    figures = charts_in(html)
    assert len(figures) == 3
    for figure in figures:
        svg = svg_of(figure)
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}desc").get("id") == desc_id
        assert "<table>" in figure and "<script" not in figure
    stars, groups, years = figures
    # both products hold 4 stars; only mien-dong-thu (2/5/2024) is valid on the build date (23/11/2026):
    # the stars chart counts current stars only and says what it leaves out
    assert "4 sao: 1 sản phẩm" in svg_of(stars).find(f"{SVG}desc").text
    assert re.search(r'<th scope="row"><a href="../../sao/4/">4 sao</a></th><td>1</td>', stars)
    assert "Không tính 1 sản phẩm đã hết hạn." in stars
    # one is in Thực phẩm, one has no group; 2022: 2, 2024: 1 recognitions
    assert re.search(r'<th scope="row"><a href="../../nhom/thuc-pham/">Thực phẩm</a></th><td>1</td>', groups)
    assert '<th scope="row">Chưa rõ nhóm</th><td>1</td>' in groups
    assert '<th scope="row">2022</th><td>2</td>' in years and '<th scope="row">2024</th><td>1</td>' in years
    # bar lengths are proportional: the largest fills the plot, half the count is half the length
    bars = {int(t.text): float(r.get("width")) for r, t in zip(svg_of(years).iter(f"{SVG}rect"),
                                                               [x for x in svg_of(years).iter(f"{SVG}text")
                                                                if x.get("class") == "chart-value"])}
    assert bars[2] == WIDTH - VALUE_ROOM and abs(bars[1] - bars[2] / 2) < 0.2
    # the merged province's new home counts the same products
    assert len(charts_in(read(site, "/tinh/thai-nguyen/"))) == 3


def test_home_page_has_charts_and_pages_without_stats_do_not(tmp_path):
    site = build_site(tmp_path, minimal_content())
    assert len(charts_in(read(site, "/"))) == 3
    assert charts_in(read(site, "/san-pham/")) == []
    assert charts_in(read(site, "/san-pham/mien-dong-thu/")) == []


def test_zero_values_and_long_labels():
    chart = bar_chart("x", "Tiêu đề", "sản phẩm", "Nhóm", [
        ("Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", 0, None), ("Thực phẩm", 0, None)], "groups")
    assert [bar.width for bar in chart.bars] == [0, 0]
    assert chart.bars[0].lines == ("Dịch vụ du lịch cộng đồng, du lịch sinh thái", "và điểm du lịch")
    assert chart.bars[1].y > chart.bars[0].bar_y  # rows do not overlap
    assert "Thực phẩm: 0 sản phẩm" in chart.desc
    assert wrap_label("a " * 100, 10, 2)[-1].endswith("…")
    assert bar_chart("y", "T", "sản phẩm", "N", [], "groups").desc == "Chưa có số liệu."
