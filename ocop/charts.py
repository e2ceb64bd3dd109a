"""Charts drawn at build time as accessible SVG (no JavaScript).

This module computes the geometry of simple horizontal bar charts from ocop.stats.Stats;
templates/partials/chart.html writes the SVG (role="img", <title>, <desc>) and a table
with the same numbers. Horizontal bars because Vietnamese group names are long and most
readers are on phones: each label sits on its own line above its bar.
"""
from __future__ import annotations

from dataclasses import dataclass

from .urls import group_url, stars_url

WIDTH = 340  # viewBox width: 1:1 on a 390 px phone; the SVG scales to its container
ROW = 46  # height of one row: label line + bar
LABEL_LINE = 17
BAR_HEIGHT = 16
VALUE_ROOM = 52  # room right of the longest bar for its number
LABEL_CHARS = 44  # characters per label line at 14 px (Noto Sans / system UI average)


@dataclass(frozen=True)
class Bar:
    label: str  # full label (the table shows it whole)
    lines: tuple[str, ...]  # the label as drawn: at most two lines
    value: int
    y: int  # top of the row
    bar_y: int
    width: float  # bar length in viewBox units (0 for 0)
    href: str | None  # site path of the page listing these products


@dataclass(frozen=True)
class Chart:
    id: str  # unique on the page: used for aria-labelledby
    title: str
    desc: str  # the numbers in one sentence, for screen readers
    unit: str  # what is counted: "sản phẩm", "lượt công nhận"
    label_heading: str  # first column of the table
    bars: tuple[Bar, ...]
    width: int
    height: int
    css: str  # bar colour class: "stars" | "groups" | "years"
    note: str | None = None


def wrap_label(text: str, width: int = LABEL_CHARS, max_lines: int = 2) -> tuple[str, ...]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return tuple(lines)


def bar_chart(id: str, title: str, unit: str, label_heading: str, rows: list[tuple[str, int, str | None]],
              css: str, note: str | None = None) -> Chart:
    """rows: (label, value, href or None), drawn top to bottom in the order given."""
    top = max((value for _, value, _ in rows), default=0)
    scale = (WIDTH - VALUE_ROOM) / top if top else 0
    bars = []
    y = 4
    for label, value, href in rows:
        lines = wrap_label(label)
        bar_y = y + LABEL_LINE * len(lines) + 3
        bars.append(Bar(label, lines, value, y, bar_y, round(value * scale, 1), href))
        y = bar_y + BAR_HEIGHT + (ROW - LABEL_LINE - BAR_HEIGHT - 3)
    numbers = "; ".join(f"{label}: {_vi(value)} {unit}" for label, value, _ in rows)
    desc = f"Biểu đồ thanh ngang. {numbers}." if rows else "Chưa có số liệu."
    return Chart(id, title, desc, unit, label_heading, tuple(bars), WIDTH, max(y, 24), css, note)


def _vi(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def not_current_words(stats) -> str | None:
    """'77 sản phẩm đã hết hạn', '3 sản phẩm đã hết hạn và 2 có thể đã hết hạn': what the current
    counts leave out, or None."""
    parts = []
    if stats.expired:
        parts.append(f"{_vi(stats.expired)} sản phẩm đã hết hạn")
    if stats.uncertain:
        parts.append(f"{_vi(stats.uncertain)} {'' if parts else 'sản phẩm '}có thể đã hết hạn")
    if stats.unrated:
        parts.append(f"{_vi(stats.unrated)} {'' if parts else 'sản phẩm '}chưa có quyết định công nhận")
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " và " + parts[-1]


def charts_for(stats) -> tuple[Chart, ...]:
    """The charts of a home or province page, from ocop.stats.summarize().

    The stars chart counts current stars only (a recognition valid on the build date); its note
    says how many products it leaves out. The groups chart counts every product in the catalog.
    """
    charts = []
    star_rows = [(f"{n} sao", stats.by_stars[n], stars_url(n) if n >= 3 else None)
                 for n in (5, 4, 3, 2, 1) if n >= 3 or stats.by_stars[n]]
    if stats.total:
        left_out = not_current_words(stats)
        charts.append(bar_chart("bieu-do-sao", "Sản phẩm còn hiệu lực công nhận, theo hạng sao", "sản phẩm", "Hạng sao",
                                star_rows, "stars", note=f"Không tính {left_out}." if left_out else None))
    group_rows = [(group, n, group_url(group)) for group, n in stats.by_group]
    if stats.no_group:
        group_rows.append(("Chưa rõ nhóm", stats.no_group, None))
    if group_rows:
        charts.append(bar_chart("bieu-do-nhom", "Sản phẩm trong danh mục, theo nhóm", "sản phẩm", "Nhóm sản phẩm",
                                group_rows, "groups", note="Kể cả sản phẩm đã hết hạn công nhận."))
    if stats.by_year:
        charts.append(bar_chart("bieu-do-nam", "Lượt công nhận theo năm quyết định", "lượt công nhận", "Năm",
                                [(str(year), n, None) for year, n in stats.by_year], "years",
                                note="Mỗi lần một sản phẩm được công nhận hoặc công nhận lại là một lượt; "
                                     "không tính các quyết định chưa rõ ngày."))
    return tuple(charts)
