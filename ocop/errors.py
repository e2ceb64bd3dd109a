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
        super().__init__(f"{len(self.errors)} content error(s)")

    def report(self) -> str:
        lines = [str(e) for e in self.errors]
        n = len(self.errors)
        lines.append(f"{n} lỗi nội dung ({n} content error{'s' if n != 1 else ''}); site/ was not changed.")
        return "\n".join(lines)
