"""Content errors: every mistake is reported as `path:line: message`."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    path: str  # relative to the project (e.g. content/products/bac-kan/x.md)
    line: int  # 1-based; 0 when the file as a whole is meant
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class BuildFailed(Exception):
    """Raised with every content error of a run; the published site is left untouched."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} lỗi nội dung")

    def report(self, kept_site: str | None = None) -> str:
        """Every error, then one summary line. `kept_site` (the site folder as shown) for a build, which
        left it as it was; None for `check` and the pre-commit hook, which never touch it."""
        return "\n".join([str(e) for e in self.errors] + [summary_line(len(self.errors), kept_site)])


def summary_line(count: int, kept_site: str | None = None) -> str:
    """The last line of an error report, in the words of what the command did (nothing, or kept the site)."""
    if kept_site is not None:
        return f"{count} lỗi nội dung; chưa dựng lại trang, {kept_site} vẫn giữ nguyên như trước."
    return (f"{count} lỗi nội dung; sửa từng lỗi ở đúng tệp và dòng ghi đầu mỗi dòng, rồi chạy lại: python build.py "
            "check (nếu đang commit: git add các tệp đã sửa rồi commit lại).")
