"""Partial dates: real records are often only a year ("2019") or a month ("2023-07")."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_PERIOD_RE = re.compile(r"^(\d{4})\s*[-–]\s*(\d{4})$")


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @staticmethod
    def parse(value: object) -> "PartialDate":
        """Parse 2019, '2019-05', '2019-05-31' or a date (YAML turns full dates into dates).

        Raises ValueError with an editor-readable reason.
        """
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return PartialDate(value.year, value.month, value.day)
        if isinstance(value, bool) or value is None:
            raise ValueError("cần một ngày dạng 2022, 2022-08 hoặc 2022-08-22")
        match = _DATE_RE.match(str(value).strip())
        if not match:
            raise ValueError(f"'{value}' không phải là ngày; viết 2022, 2022-08 hoặc 2022-08-22")
        year, month, day = (int(g) if g else None for g in match.groups())
        if not 1900 <= year <= 2100:
            raise ValueError(f"năm {year} không hợp lý; viết một năm từ 1900 đến 2100")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"không có tháng {month}; tháng chỉ từ 1 đến 12")
        if day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"không có ngày {day} trong tháng {month:02d}/{year} (tháng này có {last} ngày)")
        return PartialDate(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def add_months(self, months: int) -> "PartialDate":
        """Same precision, `months` later; 31 Jan + 1 month clamps to the month's end."""
        if self.month is None:
            return PartialDate(self.year + months // 12)
        index = self.year * 12 + (self.month - 1) + months
        year, month = divmod(index, 12)
        month += 1
        day = None if self.day is None else min(self.day, calendar.monthrange(year, month)[1])
        return PartialDate(year, month, day)

    def iso(self) -> str:
        """As written in content: 2019, 2019-05, 2019-05-31."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def vi(self) -> str:
        """Shown in Vietnamese: '22/8/2022', 'tháng 7/2023', 'năm 2019'."""
        if self.day:
            return f"{self.day}/{self.month}/{self.year}"
        if self.month:
            return f"tháng {self.month}/{self.year}"
        return f"năm {self.year}"

    def vi_short(self) -> str:
        """Without the leading word: '22/8/2022', '7/2023', '2019' (for tables)."""
        if self.day:
            return f"{self.day}/{self.month}/{self.year}"
        if self.month:
            return f"{self.month}/{self.year}"
        return str(self.year)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __str__(self) -> str:
        return self.iso()


def parse_period(value: object) -> tuple[int, int]:
    """A plan's period: 2022 -> (2022, 2022); '2021-2025' -> (2021, 2025). Raises ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 1900 <= value <= 2100:
            return value, value
    elif isinstance(value, str):
        text = value.strip()
        if text.isdigit() and 1900 <= int(text) <= 2100:
            return int(text), int(text)
        match = _PERIOD_RE.match(text)
        if match:
            start, end = int(match.group(1)), int(match.group(2))
            if start > end:
                raise ValueError(f"giai đoạn {text} kết thúc trước khi bắt đầu; viết năm đầu trước ({end}-{start})")
            return start, end
    raise ValueError(f"'{value}' không phải là giai đoạn; viết một năm (2022) hoặc hai năm (2021-2025)")


def parse_build_date(text: str | None) -> dt.date:
    """The build date is an input so builds are reproducible; default today."""
    if not text:
        return dt.date.today()
    return dt.date.fromisoformat(text)
