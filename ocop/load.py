"""Stage 1 — load: files in content/ -> raw records that remember file:line.

Nothing here judges the content beyond "can it be read at all"; validate.py does that.
The URL ledger (content/published-urls.txt) is content too: it is read here, so that
validate can tell a renamed product from a typo (what the site has published).
"""
from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import marshal
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from . import urls
from .errors import ContentError
from .files import shown_path, write_atomic
from .reuse import Reuse

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic", ".bmp"}

# Where each kind of record lives.  (folder, depth, suffix) — depth 1 means
# content/<folder>/<file>, depth 2 means content/<folder>/<province>/<file>.
LAYOUT = {
    "province": ("provinces", 1, ".yaml"),
    "product": ("products", 2, ".md"),
    "rating": ("ratings", 2, ".yaml"),
    "plan": ("plans", 2, ".md"),
    "page": ("pages", 1, ".md"),
}
SITE_FILE = "site.yaml"
RECORD_SUFFIXES = {suffix for _folder, _depth, suffix in LAYOUT.values()} | {Path(SITE_FILE).suffix}
LEDGER_FILE = "published-urls.txt"  # the URL ledger: every address ever published (ocop/ledger.py)


class Attachment(NamedTuple):
    """A file kept beside a record and published with it: a decision's PDF (see DOCUMENT_SUFFIX)."""
    file: Path
    size: int  # bytes


class RecordName(NamedTuple):
    """Which record, without its data: enough to point an editor at it (see ocop/ledger.py)."""
    kind: str
    path: str
    stem: str
    folder: str | None


@dataclass(frozen=True)
class RawRecord:
    kind: str  # province | product | rating | plan | page | site
    path: str  # as shown in messages, relative to the project: content/products/bac-kan/x.md
    stem: str  # the file (or product folder) name without suffix: the slug
    folder: str | None  # the province folder for products, ratings and plans
    data: dict
    lines: dict = field(repr=False)  # key path tuple -> 1-based line
    body: str = ""
    body_line: int = 0
    photo_dir: Path | None = None  # folder of a product with photos
    # False for a file that could not be read (its error is already reported): it stays in
    # the list so that references to it are not reported a second time as "does not exist".
    readable: bool = True
    document: Attachment | None = None  # a rating's decision as a PDF, content/ratings/<province>/<name>.pdf

    @property
    def name(self) -> "RecordName":
        return RecordName(self.kind, self.path, self.stem, self.folder)

    def line(self, *key_path) -> int:
        """Line of the key path, or of its nearest parent that exists (the first field), or 1."""
        key = tuple(key_path)
        while True:
            if key in self.lines:
                return self.lines[key]
            if not key:
                return 1
            key = key[:-1]

    def error(self, message: str, *key_path) -> ContentError:
        return ContentError(self.path, self.line(*key_path), message)


@dataclass(frozen=True)
class Ledger:
    """content/published-urls.txt as read: what the site has published (ocop/ledger.py keeps the promise)."""
    file: Path
    shown: str  # as in messages: content/published-urls.txt
    entries: tuple[tuple[str, int], ...]  # (url, line), in file order
    exists: bool

    @property
    def urls(self) -> frozenset[str]:
        return frozenset(url for url, _ in self.entries)


@dataclass(frozen=True)
class Loaded:
    records: list[RawRecord]
    errors: list[ContentError]
    ledger: Ledger | None = None  # None when there is no content folder at all


# ---------------------------------------------------------------- YAML with lines

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Limits on what one record may hold: content arrives through pull requests, and no file may
# exhaust the memory or time of the build, CI or an editor's preview (docs/errors.md).
MAX_FILE_BYTES = 1_000_000  # one record file: ~200 pages of text; a plan's whole text fits many times over
MAX_NESTING = 20  # levels of lists and groups of fields inside one record (the format needs 4)
# A decision's text as published, kept beside its rating record under the same name and copied to the site
# as it is: under the 25 MiB a file may have on Cloudflare Pages, and a scan of a decision with its annex
# at 150–200 dpi is a few MB.
DOCUMENT_SUFFIX = ".pdf"
MAX_DOCUMENT_BYTES = 20_000_000
PDF_MAGIC = b"%PDF-"

_STANDARD_TAGS = {"tag:yaml.org,2002:" + name for name in
                  ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")} | {"!"}
_TIMESTAMP_OR_TEXT = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str")
_CONSTRUCTED = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:null")


class _Constructor(yaml.SafeLoader):
    """Used only for its scalar constructors (ints, floats, bools, nulls) and its resolver."""


_SCALAR = _Constructor("")


class Refused(Exception):
    """A YAML feature that content has no use for and that could harm the build (anchors, tags, depth)."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first_line: int):
        self.key, self.line, self.first_line = key, line, first_line


@functools.lru_cache(maxsize=8192)
def _child(path: tuple, key: str | int) -> tuple:
    """path + (key,), one shared tuple per distinct key path: 20,000 products have the same few
    dozen paths, and the line maps were a third of the loaded records' memory before this."""
    return path + (key,)


def _scalar(event: yaml.ScalarEvent):
    """A scalar's Python value. Timestamps stay strings: dates.PartialDate parses them with
    editor-friendly messages (PyYAML would crash on 2019-02-30)."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = _SCALAR.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag in _TIMESTAMP_OR_TEXT:
        value = event.value  # short values repeat across records (keys, provinces, groups, publishers): share them
        return sys.intern(value) if len(value) <= 48 else value
    if tag in _CONSTRUCTED:
        return _SCALAR.construct_object(yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark))
    return event.value  # pragma: no cover - other tags are refused before


def _refusal(event: yaml.Event, line: int) -> Refused | None:
    """Anchors, aliases and tags: content never needs them, and an alias can expand a 300-byte file
    into millions of values. Refused at the first one, before anything is expanded."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
        return Refused(line, "tệp dùng ký hiệu & hoặc * của YAML (neo và tham chiếu); bản ghi không dùng chúng: "
                             "viết đầy đủ giá trị, hoặc đặt giá trị bắt đầu bằng & hay * trong dấu ngoặc kép")
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in _STANDARD_TAGS:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        return Refused(line, f"giá trị có thẻ YAML '{shown}', bản ghi không dùng thẻ: xóa "
                             f"'{shown.split(':')[0]}', hoặc đặt cả giá trị trong dấu ngoặc kép nếu nó bắt đầu bằng !")
    return None


def _build(events, line_offset: int) -> tuple[object, dict]:
    """The document's Python value and its line map {key path: 1-based line}, built from parser events
    in one pass (no recursion: nesting depth cannot crash it, and is limited to MAX_NESTING)."""
    lines: dict = {}
    root = None
    stack: list[list] = []  # [container, path, pending key or _NO_KEY, key lines, key line]
    documents = 0
    for event in events:
        line = event.start_mark.line + 1 + line_offset
        refused = _refusal(event, line)
        if refused:
            raise refused
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise Refused(line, SECOND_DOCUMENT)
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            value = stack.pop()[0]
            if not stack:
                root = value
            else:
                _attach(stack[-1], value, lines, line)
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            continue  # stream and document boundaries
        parent = stack[-1] if stack else None
        if parent is not None and isinstance(parent[0], dict) and parent[2] is _NO_KEY:  # a key
            if not isinstance(event, yaml.ScalarEvent):
                raise Refused(line, "tên trường phải là một từ đứng trước dấu ':', ở đây lại là một danh sách "
                                    "hoặc một nhóm trường: viết 'tên: giá trị'")
            key = str(_scalar(event))
            if key in parent[0]:
                raise DuplicateKey(key, line, parent[3][key])
            parent[2] = key
            parent[3][key] = line
            parent[4] = line
            continue
        path = () if parent is None else _child(parent[1], parent[2] if isinstance(parent[0], dict) else len(parent[0]))
        lines[path] = line
        if isinstance(event, yaml.ScalarEvent):
            if parent is None:
                root = _scalar(event)
            else:
                _attach(parent, _scalar(event), lines, line)
            continue
        if len(stack) >= MAX_NESTING:
            raise Refused(line, f"danh sách và nhóm trường lồng nhau quá {MAX_NESTING} tầng ở đây, trong khi một "
                                "bản ghi cần nhiều nhất 4 tầng: kiểm tra thụt lề")
        stack.append([{} if isinstance(event, yaml.MappingStartEvent) else [], path, _NO_KEY, {}, 0])
    return root, lines


_NO_KEY = object()


def _attach(parent: list, value, lines: dict, line: int) -> None:
    """Put a finished value into its parent: the next list item, or the pending key's value."""
    container = parent[0]
    if isinstance(container, dict):
        key = parent[2]
        container[key] = value
        lines[_child(parent[1], key)] = parent[4]  # a field's line is its key's line
        parent[2] = _NO_KEY
    else:
        container.append(value)


INDENTATION = ("dòng này thụt lề khác các dòng phía trên; các trường cùng một nhóm phải bắt đầu bằng cùng "
               "số dấu cách")
SECOND_DOCUMENT = "có dòng '---' thứ hai, trong khi mỗi bản ghi chỉ có một nhóm trường: xóa dòng '---' thừa"


def _quoted(value: str) -> str:
    """The value as it should be written, in quotes."""
    return "'" + value.replace("'", "''") + "'" if '"' in value else f'"{value}"'


NO_COLON = "thiếu dấu ':' sau tên trường (viết 'tên: giá trị'), hoặc dòng này thụt lề quá sâu"
_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s'\"#\-][^:#]*?):(?P<rest>.*)$")


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _value_of(line: str) -> str | None:
    """What follows 'key: ' (or a list item's '- ') on a line; None for a line without a value."""
    text = line.strip()
    while text.startswith("- "):
        text = text[2:].lstrip()
    match = _KEY_VALUE.match(text)
    if match:
        return match.group("rest").strip() if match.group("rest")[:1] in (" ", "\t", "") else None
    return text if text[:1] in ("'", '"') else None


def _closes(value: str) -> bool:
    """Whether the quote a value starts with is closed on the same line ('' and \\" do not close it)."""
    quote, index = value[0], 1
    while index < len(value):
        char = value[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and value[index + 1:index + 2] == "'":
                index += 2
                continue
            return True
        index += 1
    return False


def _unclosed_quote(source: list[str], last: int) -> tuple[int, str] | None:
    """The first line up to `last` whose value opens a quote it never closes: YAML reads on into the
    next lines and fails further down, where nothing is wrong."""
    for number, line in enumerate(source[:last + 1]):
        if not _meaningful(line):
            continue
        value = _value_of(line)
        if value and value[0] in ("'", '"') and not _closes(value):
            return number, f"dấu ngoặc {value[0]} mở ở dòng này chưa được đóng; thêm dấu {value[0]} ở cuối giá trị"
    return None


def _line_before(source: list[str], line: int) -> int | None:
    """The nearest line above `line` that holds something (not blank, not a comment)."""
    for number in range(min(line, len(source)) - 1, -1, -1):
        if _meaningful(source[number]):
            return number
    return None


def _written_wrong(source: list[str], number: int) -> str | None:
    """What is wrong with a line YAML read as text where a field was meant: '-title', 'group:x', 'group x'."""
    line = source[number]
    if re.match(r"^\s*-[^\s\-]", line):
        return "sau dấu '-' ở đầu mục cần một dấu cách: " + re.sub(r"^(\s*)-", r"\1- ", line).strip()
    match = _KEY_VALUE.match(line)
    if match and match.group("rest")[:1] not in (" ", "\t", ""):
        return f"sau dấu ':' cần một dấu cách: {match.group('key').strip()}: {match.group('rest').strip()}"
    if ":" not in line:
        return NO_COLON
    return None


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """A PyYAML error -> (0-based line, what the editor should do), in plain Vietnamese, on the line
    where the mistake is (PyYAML often notices it a few lines further down)."""
    problem = exc.problem or ""
    context = exc.context or ""
    problem_line = exc.problem_mark.line if exc.problem_mark else 0
    context_line = exc.context_mark.line if exc.context_mark else problem_line
    source = text.split("\n")
    here = source[problem_line] if problem_line < len(source) else ""
    if "'\\t'" in problem:
        return problem_line, "dòng này có ký tự Tab; chỉ thụt lề bằng dấu cách"
    unclosed = _unclosed_quote(source, max(problem_line, context_line))
    if unclosed:
        return unclosed
    if "unknown escape character" in problem:
        return problem_line, "có dấu \\ trong ngoặc kép; đặt giá trị này trong dấu nháy đơn (') thay vì ngoặc kép"
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "[" if "sequence" in context else "{"
        return context_line, f"dấu '{bracket}' ở dòng này chưa được đóng; viết danh sách thành các dòng bắt đầu " \
                             "bằng '- ', hoặc đặt giá trị trong dấu ngoặc kép"
    if "could not find expected ':'" in problem:
        return context_line, _written_wrong(source, context_line) or NO_COLON
    if "mapping values are not allowed" in problem:
        column = exc.problem_mark.column if exc.problem_mark else 0
        first_colon = here.find(":")
        if 0 <= first_colon < column:  # a second ':' on a line that already has 'key:'
            key, _, value = here.partition(":")
            key = key.strip().removeprefix("- ").strip()
            return problem_line, "giá trị có ': ' nên YAML hiểu nhầm là một trường mới; đặt cả giá trị trong dấu " \
                                 f"ngoặc kép: {key}: {_quoted(value.strip())}"
    before = _line_before(source, problem_line)
    if ("mapping values are not allowed" in problem or "expected <block end>" in problem) and before is not None:
        wrong = _written_wrong(source, before)
        if wrong:  # 'name Trà Thử' then 'province: bac-kan': YAML sees the mistake one line late
            return before, wrong
    if "expected <block end>" in problem and "<scalar>" in problem:
        key, _, value = here.partition(":")
        if value.strip()[:1] in ("'", '"'):  # "OCOP" năm 2022: the quote ends before the value does
            return problem_line, "giá trị bắt đầu bằng dấu ngoặc thì phải kết thúc bằng chính dấu ngoặc đó; đặt " \
                                 f"cả giá trị trong ngoặc: {key.strip()}: {_quoted(value.strip())}"
    if "mapping values are not allowed" in problem or "expected <block end>" in problem:
        return problem_line, INDENTATION
    if "another document" in problem or "expected a single document" in problem:
        return problem_line, SECOND_DOCUMENT
    if "cannot start any token" in problem or "undefined alias" in problem:
        char = "*" if "alias" in problem else problem.split("'")[1]
        return problem_line, f"giá trị không được bắt đầu bằng '{char}'; đặt cả giá trị trong dấu ngoặc kép"
    return problem_line, "YAML không đọc được dòng này; kiểm tra thụt lề (chỉ dùng dấu cách) và đặt các giá trị " \
                         "có ': ' hoặc ' #' trong dấu ngoặc kép"


def _events(text: str, loader_class) -> list:
    """Every parser event of the text; a YAMLError for a text YAML cannot read.

    Reading stops at the first alias and at the first list or group one level deeper than
    MAX_NESTING: _build refuses both, and the parser never reads on into them. (Python's parser
    takes ~1 ms per level of "[[[[…": a 1 MB file of them would take minutes; libyaml stops at
    1,000 levels with an error of its own, since PyYAML 6.0.4, and the Python parser was then
    asked to read the file again for a better message.)
    """
    loader = loader_class(text)
    try:
        events = []
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            events.append(event)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    break
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                break  # refused anyway: never read on into what it could expand to
        return events
    finally:
        loader.dispose()


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, dict, list[ContentError]]:
    """Parse one YAML document; return (data, lines, errors).

    libyaml (C, ~20x faster) reads the events when it is available; when it refuses the text,
    the Python parser reads it again, because its errors are the ones yaml_problem() explains.
    """
    try:
        try:
            events = _events(text, _FAST_LOADER)
        except yaml.YAMLError:
            if _FAST_LOADER is yaml.SafeLoader:
                raise
            events = _events(text, yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        line, message = yaml_problem(exc, text)
        return None, {}, [ContentError(path, line + 1 + line_offset, message)]
    except yaml.YAMLError:  # pragma: no cover - parser errors are all Marked
        return None, {}, [ContentError(path, 1 + line_offset, "YAML không đọc được tệp này; kiểm tra thụt lề và "
                                                              "các dấu ngoặc")]
    try:
        data, lines = _build(events, line_offset)
    except Refused as refused:
        return None, {}, [ContentError(path, refused.line, refused.message)]
    except DuplicateKey as dup:
        return None, {}, [ContentError(path, dup.line, f"trường '{dup.key}' được viết hai lần (lần đầu ở dòng "
                                                       f"{dup.first_line}); xóa một trong hai dòng")]
    return ({} if data is None else data), lines, []


def split_front_matter(text: str, path: str) -> tuple[str, int, str, int, list[ContentError]]:
    """Return (front matter, its first line, body, body's first line, errors)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "", 1, text, 1, [ContentError(path, 1, "thiếu phần trường ở đầu tệp: tệp phải bắt đầu bằng một dòng "
                                                        "'---', tiếp theo là các trường, rồi một dòng '---' nữa")]
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2, []
    return "", 1, "", 1, [ContentError(path, 1, "phần trường ở đầu tệp chưa được đóng: thêm một dòng '---' sau "
                                                "trường cuối cùng")]


# ---------------------------------------------------------------- files

def _read_text(file: Path, shown: str) -> tuple[str | None, list[ContentError]]:
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:  # before reading: a huge file costs nothing
            size_text = f"{size / 1_000_000:.1f}".replace(".", ",")
            return None, [ContentError(shown, 0, f"tệp nặng {size_text} MB, quá mức {MAX_FILE_BYTES // 1_000_000} MB "
                                                 "của một bản ghi; rút gọn nội dung (ghi địa chỉ của toàn văn trong "
                                                 "'sources' thay vì chép cả văn bản vào)")]
        raw = file.read_bytes()
    except OSError as exc:
        return None, [ContentError(shown, 0, "không mở được tệp; kiểm tra tệp còn đó và được phép đọc "
                                             f"(mã lỗi {exc.errno})")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [ContentError(shown, line, "tệp không được lưu theo bảng mã UTF-8; hãy lưu lại với bảng mã "
                                                "UTF-8 (trong phần lớn trình soạn thảo: Lưu thành, hoặc 'Save As', "
                                                "rồi chọn 'Encoding: UTF-8')")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _load_file(kind: str, file: Path, shown: str, stem: str, folder: str | None,
               photo_dir: Path | None) -> tuple[RawRecord, list[ContentError]]:
    """The record of one file; when it cannot be read, an unreadable stand-in and the errors."""
    text, errors = _read_text(file, shown)
    if text is None:
        return RawRecord(kind, shown, stem, folder, {}, {}, photo_dir=photo_dir, readable=False), errors
    return parse_record(kind, text, shown, stem, folder, photo_dir, markdown=file.suffix == ".md")


def parse_record(kind: str, text: str, shown: str, stem: str, folder: str | None, photo_dir: Path | None = None,
                 markdown: bool = False) -> tuple[RawRecord, list[ContentError]]:
    """The record of a file's text (Markdown with front matter, or YAML); when it cannot be read, an
    unreadable stand-in and the errors. Also for tools that make a record before its file exists."""
    unreadable = RawRecord(kind, shown, stem, folder, {}, {}, photo_dir=photo_dir, readable=False)
    body, body_line = "", 0
    if markdown:
        front, front_line, body, body_line, errors = split_front_matter(text, shown)
        if errors:
            return unreadable, errors
        data, lines, errors = parse_yaml(front, shown, line_offset=front_line - 1)
    else:
        data, lines, errors = parse_yaml(text, shown)
    if errors:
        return unreadable, errors
    if data is None:
        data = {}
    if not isinstance(data, dict):
        fix = "xóa '- ' ở đầu các trường" if isinstance(data, list) else \
            "viết mỗi trường trên một dòng dạng 'tên: giá trị'"
        return unreadable, [ContentError(shown, 1, "tệp phải gồm các trường (các dòng 'tên: giá trị') nhưng lại là "
                                                   f"{'một danh sách' if isinstance(data, list) else 'một giá trị đơn'}"
                                                   f"; {fix}")]
    return RawRecord(kind, shown, stem, folder, data, lines, body, body_line, photo_dir), []


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def document_problem(file: Path, name: str, folder_names: list[str]) -> tuple[str | None, int]:
    """What is wrong with a file kept beside the rating records of a folder as a decision's PDF, and its size.

    folder_names: the names of every file in that folder (the records it may belong to).
    """
    stem, suffix = name[: -len(DOCUMENT_SUFFIX)], name[-len(DOCUMENT_SUFFIX):]
    if suffix != DOCUMENT_SUFFIX:
        return f"văn bản quyết định phải có đuôi {DOCUMENT_SUFFIX} viết thường: đổi tên thành {stem}{DOCUMENT_SUFFIX}", 0
    records = sorted(n[: -len(".yaml")] for n in folder_names if n.endswith(".yaml"))
    if stem not in records:
        close = difflib.get_close_matches(stem, records, n=1, cutoff=0.6)
        if close:
            return (f"tệp PDF phải có cùng tên với tệp quyết định của nó; có phải là văn bản của {close[0]}.yaml? "
                    f"Đổi tên thành {close[0]}{DOCUMENT_SUFFIX}"), 0
        return ("tệp PDF phải có cùng tên với một tệp quyết định (.yaml) trong thư mục này, ví dụ "
                f"{records[0] if records else '2022-08-22-1693-qd-ubnd'}{DOCUMENT_SUFFIX} cạnh "
                f"{records[0] if records else '2022-08-22-1693-qd-ubnd'}.yaml; đổi tên cho khớp, hoặc chuyển tệp ra "
                "khỏi content/"), 0
    try:
        size = file.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return (f"tệp PDF nặng {_megabytes(size)} MB, quá mức {MAX_DOCUMENT_BYTES // 1_000_000} MB của văn bản "
                    "quyết định; lưu lại nhỏ hơn (quét với độ phân giải thấp hơn, đen trắng, hoặc chọn 'Giảm kích thước tệp' khi xuất PDF), "
                    "hoặc xóa tệp và chỉ ghi địa chỉ văn bản trong 'sources'"), size
        with file.open("rb") as stream:
            head = stream.read(1024)
    except OSError as exc:
        return f"không mở được tệp; kiểm tra tệp còn đó và được phép đọc (mã lỗi {exc.errno})", 0
    if PDF_MAGIC not in head:
        return ("tệp này không phải là PDF (dù có đuôi .pdf); mở văn bản và lưu lại dưới dạng PDF ('Lưu thành' hoặc "
                "'Xuất PDF'), hoặc xóa tệp"), size
    return None, size


LINKED = "đây là một liên kết (symlink) trỏ ra ngoài content/; hãy chép tệp hoặc thư mục thật vào đây"
# What each kind of record is, in the editors' words (for "move it to ..." messages).
KIND_WORDS = {"province": "tỉnh, thành phố", "product": "sản phẩm", "rating": "quyết định công nhận",
              "plan": "kế hoạch", "page": "trang"}


def _same_family(found: str, wanted: str) -> bool:
    """'.yml' for '.yaml', '.markdown' or '.MD' for '.md': only the spelling of the ending is wrong."""
    yaml_endings, md_endings = {".yml", ".yaml"}, {".md", ".markdown"}
    return found in yaml_endings and wanted in yaml_endings or found in md_endings and wanted in md_endings


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


class RecordCache:
    """Records parsed by an earlier build, reused while their file is unchanged (same size, mtime and ctime).

    Parsing is most of the load stage (~3 s for 20,000 products); reading them back from one
    file in the build's own cache folder takes ~0.2 s. The file is written with `marshal`
    (plain values only: nothing in it can run code, and writing it needs no memory beyond its
    bytes, where a pickle of 20,000 records kept a memo of every object: ~100 MB more at the
    peak of a first build). A file that could not be read is never cached: it is read (and
    reported) again every time.
    """

    VERSION = f"records-2|{MAX_FILE_BYTES}|{MAX_NESTING}|{yaml.__version__}|{sys.version_info[:2]}"

    def __init__(self, file: Path | None):
        self.file = file
        self.old: dict = {}  # shown path -> (stamp, fields of the record)
        self.new: dict = {}
        self.changed = False
        if file is not None:
            try:
                version, entries = marshal.loads(file.read_bytes())
                if version == self.VERSION and isinstance(entries, dict):
                    self.old = entries
            except (OSError, EOFError, ValueError, TypeError):
                pass  # no cache yet, or one from another version: parse everything

    def get(self, shown: str, stamp: tuple) -> RawRecord | None:
        hit = self.old.get(shown)
        if hit is None or hit[0] != stamp:
            return None
        self.new[shown] = hit
        kind, path, stem, folder, data, lines, body, body_line, photo_dir = hit[1]
        return RawRecord(kind, path, stem, folder, data, lines, body, body_line,
                         Path(photo_dir) if photo_dir else None)

    def put(self, shown: str, stamp: tuple, record: RawRecord) -> None:
        if record.readable:
            self.changed = True
            self.new[shown] = (stamp, (record.kind, record.path, record.stem, record.folder, record.data,
                                       record.lines, record.body, record.body_line,
                                       str(record.photo_dir) if record.photo_dir else None))

    def save(self) -> None:
        """Write the cache when a record was parsed or a file went away since it was read."""
        if self.file is not None and (self.changed or self.new.keys() != self.old.keys()):
            write_atomic(self.file, marshal.dumps((self.VERSION, self.new)))


class KeptRecords:
    """The records of the last load in this process, reused as the very same objects while their file is
    unchanged (size, mtime, ctime): what `serve` keeps between two builds.

    The later stages recognise an unchanged record by its identity and reuse what they made of it
    (ocop/reuse.py), so a build after one saved file re-checks and re-models one
    record. Only readable records are kept: a file with a mistake is read (and reported) every time.
    """

    def __init__(self) -> None:
        self.records: dict[str, tuple[tuple, RawRecord]] = {}  # shown path -> (stamp, record)
        # a file under content/ that is a link (to another file under content/): the watcher reports its
        # target's path when the target changes, never the link's (ocop/body_edits.py then looks at everything)
        self.links = False
        self.attached = Reuse()  # a rating record with its decision's PDF: the same object while neither changed


def may_be_content(name: str) -> bool:
    """Whether a file of this name can be part of the content: a record, a decision's PDF, a photo (whose name
    may begin with a dot), the ledger. A build that succeeded read no other file: it skips hidden ones and
    README.md and reports any other that is there."""
    suffix = _suffix(name).lower()
    return suffix in RECORD_SUFFIXES or suffix == DOCUMENT_SUFFIX or suffix in PHOTO_SUFFIXES or name == LEDGER_FILE


def read_again(kept: KeptRecords, path_text: str) -> tuple[RawRecord, RawRecord] | None:
    """(last load's record, the record now) of a file last load read (path as in messages), the record now
    kept for the next load. Read even when its size and times did not move (a save within the clock's
    tick on a coarse file system: the caller knows it changed). None when last load did not read it, or
    it cannot be read now or has a mistake (a whole load reports it)."""
    hit = kept.records.get(path_text)
    if hit is None:
        return None
    stamp, old = hit
    file = stamp[3]
    try:
        now = _stamp(file)
    except OSError:
        return None
    record, errors = _load_file(old.kind, Path(file), path_text, old.stem, old.folder, old.photo_dir)
    if errors or not record.readable:
        return None
    kept.records[path_text] = (now, record)
    return old, record


def _stamp(file: str) -> tuple:
    """What tells an unchanged file (KeptRecords, RecordCache): size, mtime, ctime and the path. Raises OSError."""
    status = os.stat(file)
    return status.st_size, status.st_mtime_ns, status.st_ctime_ns, file


def read_ledger(content_dir: Path, project_dir: Path) -> tuple[Ledger, list[ContentError]]:
    """Read the URL ledger; a missing file is an empty ledger (the first build starts it)."""
    file = content_dir / LEDGER_FILE
    shown = shown_path(file, project_dir)
    if not file.exists():
        return Ledger(file, shown, (), False), []
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return Ledger(file, shown, (), True), [ContentError(shown, 0, "không đọc được sổ địa chỉ đã công bố; lấy "
                                                                      f"lại tệp từ git: git checkout -- {shown}")]
    entries, errors = [], []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not urls.is_site_path(line):
            errors.append(ContentError(shown, number, f"'{line}' không phải là một đường dẫn của trang này; mỗi dòng "
                                                      "ghi một địa chỉ bắt đầu bằng / (dòng ghi chú bắt đầu bằng #)"))
            continue
        entries.append((line, number))
    return Ledger(file, shown, tuple(entries), True), errors


def _walk(top: str) -> Iterator[tuple[str, list[os.DirEntry], list[os.DirEntry]]]:
    """Like os.walk(top, followlinks=False), top-down, each folder's entries in name order, but giving the
    directory entries: whether a file is a link comes from the listing, without a system call per file.
    The caller may remove folders from the list to keep the walk out of them."""
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is passed over
        subfolders = [e for e in entries if e.is_dir()]
        files = [e for e in entries if not e.is_dir()]
        yield folder, subfolders, files
        pending.extend(reversed([e.path for e in subfolders if not e.is_symlink()]))


def _suffix(name: str) -> str:
    """Path(name).suffix, without making a Path: 'a.md' -> '.md'; '.md', 'a.' and 'a' -> ''."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def load_content(content_dir: Path, project_dir: Path | None = None, cache_file: Path | None = None,
                 kept: KeptRecords | None = None) -> Loaded:
    """Read every record under content_dir. Unexpected files are errors, not silence.

    cache_file: where records parsed by earlier builds are kept (RecordCache); None reads every file.
    kept: the records of this process's last load (serve), updated here; once it holds records, the
    cache file is neither read nor written (the records are already in memory).
    """
    project_dir = project_dir or content_dir.parent
    records: list[RawRecord] = []
    errors: list[ContentError] = []
    cache = RecordCache(None if kept is not None and kept.records else cache_file)
    known = kept.records if kept is not None else {}
    links = False  # a file reached through a link (kept.links)
    still: dict[str, tuple[tuple, RawRecord]] = {}  # kept for the next load: the records read now
    documents: dict[str, Attachment] = {}  # the shown path of a rating record -> its decision's PDF

    def shown(p: Path) -> str:
        return shown_path(p, project_dir)

    def load(kind: str, file: str, path_text: str, stem: str, folder: str | None, photo_dir: Path | None) -> None:
        stamp = _stamp(file)
        hit = known.get(path_text)
        record = hit[1] if hit is not None and hit[0] == stamp else cache.get(path_text, stamp)
        if record is None:
            record, errs = _load_file(kind, Path(file), path_text, stem, folder, photo_dir)
            errors.extend(errs)
            cache.put(path_text, stamp, record)
        if record.readable:
            still[path_text] = (stamp, record)
        records.append(record)

    if not content_dir.is_dir():
        return Loaded([], [ContentError(shown(content_dir), 0, "không thấy thư mục nội dung này")])

    site_file = content_dir / SITE_FILE
    if site_file.exists():
        load("site", str(site_file), shown(site_file), "site", None, None)

    known_tops = {SITE_FILE, LEDGER_FILE} | {folder for folder, _, _ in LAYOUT.values()}
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in known_tops or entry.name.lower() == "readme.md":
            continue
        errors.append(ContentError(shown(entry), 0, "bản dựng không đọc mục này: content/ chỉ chứa "
                                   + ", ".join(sorted(known_tops)) + "; chuyển nó ra khỏi content/ (ảnh sản phẩm "
                                   "đặt cạnh tệp index.md của sản phẩm)"))

    for kind, (folder_name, depth, suffix) in LAYOUT.items():
        base = content_dir / folder_name
        if not base.is_dir():
            continue
        if base.is_symlink():
            errors.append(ContentError(shown(base), 0, LINKED))
            continue
        for dirpath, subfolders, entries in _walk(str(base)):
            here = Path(dirpath)
            for linked in [d for d in subfolders if d.is_symlink()]:  # not followed: say so
                errors.append(ContentError(shown(here / linked.name), 0, LINKED if not _inside(
                    here / linked.name, content_dir) else "thư mục này là một liên kết (symlink), bản dựng không đi "
                                                          "theo liên kết thư mục: chuyển thư mục thật vào đây"))
            subfolders[:] = [d for d in subfolders if not d.name.startswith(".") and not d.is_symlink()]
            rel_parts = here.relative_to(base).parts
            folder_shown = shown(here)  # once per folder: the files' paths are built from it
            filenames = [e.name for e in entries]
            for entry in entries:  # no Path per file: at 20,000 products, two of them cost ~0.1 s of each build
                name = entry.name
                if name.startswith(".") or name.lower() == "readme.md":
                    continue
                path_text = f"{folder_shown}/{name}"
                if entry.is_symlink():
                    if not _inside(here / name, content_dir):
                        errors.append(ContentError(path_text, 0, LINKED))
                        continue
                    links = True
                level = len(rel_parts) + 1
                name_suffix = _suffix(name)
                # products may be a folder <province>/<slug>/index.md with photos beside it
                if kind == "product" and level == 3:
                    if name == "index.md":
                        load(kind, entry.path, path_text, rel_parts[1], rel_parts[0], here)
                    elif name_suffix.lower() not in PHOTO_SUFFIXES:
                        errors.append(ContentError(path_text, 0, "bản dựng không đọc tệp này: thư mục của một sản "
                                                   "phẩm chỉ chứa index.md và ảnh; chuyển tệp này ra khỏi content/"))
                    continue
                if kind == "rating" and level == depth and name.lower().endswith(DOCUMENT_SUFFIX):
                    problem, size = document_problem(here / name, name, filenames)
                    if problem:
                        errors.append(ContentError(path_text, 0, problem))
                    else:
                        documents[f"{folder_shown}/{name[:-len(DOCUMENT_SUFFIX)]}{suffix}"] = Attachment(here / name,
                                                                                                          size)
                    continue
                if level != depth or name_suffix != suffix:
                    where = f"content/{folder_name}/" + ("<tỉnh>/" if depth == 2 else "") + f"<tên-tệp>{suffix}"
                    if level == depth and _same_family(name_suffix.lower(), suffix):
                        hint = f"đổi tên thành {Path(name).stem}{suffix}"
                    else:
                        hint = f"chuyển nó vào {where} (nơi đặt các tệp {KIND_WORDS[kind]})"
                    errors.append(ContentError(path_text, 0, f"bản dựng không đọc tệp này: {hint}"))
                    continue
                load(kind, entry.path, path_text, name[:-len(suffix)], rel_parts[0] if depth == 2 else None, None)
    cache.save()
    if documents:  # attached after the record cache: a PDF added or removed never leaves a stale record
        attached = kept.attached if kept is not None else Reuse(keep=False)
        records = [attached.get(("attached", r.path, documents[r.path]), (r,),
                                lambda: dataclasses.replace(r, document=documents[r.path]))
                   if r.kind == "rating" and r.path in documents else r for r in records]
    if kept is not None:
        kept.attached.next_build()
        kept.records = still
        kept.links = links
    ledger, ledger_errors = read_ledger(content_dir, project_dir)
    return Loaded(records, errors + ledger_errors, ledger)
