"""Stage 1 — load: files in content/ -> raw records that remember file:line.

Nothing here judges the content beyond "can it be read at all"; validate.py does that.
"""
from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from .errors import ContentError
from .files import shown_path

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
class Loaded:
    records: list[RawRecord]
    errors: list[ContentError]


# ---------------------------------------------------------------- YAML with lines

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Constructor(yaml.SafeLoader):
    """Used only for its scalar constructors (ints, floats, bools, nulls)."""


_SCALAR = _Constructor("")


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first_line: int):
        self.key, self.line, self.first_line = key, line, first_line


@functools.lru_cache(maxsize=8192)
def _child(path: tuple, key: str | int) -> tuple:
    """path + (key,), one shared tuple per distinct key path: 20,000 products have the same few
    dozen paths, and the line maps were a third of the loaded records' memory before this."""
    return path + (key,)


def _to_python(node: yaml.Node, path: tuple, lines: dict, line_offset: int):
    """Convert a composed YAML node to plain Python, recording each key's line.

    Timestamps stay strings: dates.PartialDate parses them with editor-friendly messages
    (PyYAML would crash on 2019-02-30).
    """
    lines[path] = node.start_mark.line + 1 + line_offset
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        key_lines: dict = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, path, {}, line_offset)  # a scalar: its line goes to a throwaway map
            key = str(key)
            if key in result:
                raise DuplicateKey(key, key_node.start_mark.line + 1 + line_offset, key_lines[key])
            key_lines[key] = key_node.start_mark.line + 1 + line_offset
            key_path = _child(path, key)
            result[key] = _to_python(value_node, key_path, lines, line_offset)
            lines[key_path] = key_node.start_mark.line + 1 + line_offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, _child(path, i), lines, line_offset) for i, item in enumerate(node.value)]
    tag = node.tag
    if tag == "tag:yaml.org,2002:timestamp" or tag == "tag:yaml.org,2002:str":
        value = node.value  # short values repeat across records (keys, provinces, groups, publishers): share them
        return sys.intern(value) if len(value) <= 48 else value
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
        return _SCALAR.construct_object(node)
    return node.value


INDENTATION = ("this line is indented differently from the lines above it; start fields of the same group "
               "with the same number of spaces")


def _quoted(value: str) -> str:
    """The value as it should be written, in quotes."""
    return "'" + value.replace("'", "''") + "'" if '"' in value else f'"{value}"'


def yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """A PyYAML error -> (0-based line, what the editor should do), in plain words."""
    problem = exc.problem or ""
    context = exc.context or ""
    problem_line = exc.problem_mark.line if exc.problem_mark else 0
    context_line = exc.context_mark.line if exc.context_mark else problem_line
    source = text.split("\n")
    here = source[problem_line] if problem_line < len(source) else ""
    if "quoted scalar" in context and "end of stream" in problem:
        quote = source[context_line][exc.context_mark.column] if exc.context_mark else '"'
        return context_line, f"the quote {quote} that starts here is never closed; add the closing {quote} " \
                             "at the end of the value"
    if "unknown escape character" in problem:
        return problem_line, "a backslash (\\) inside double quotes; use single quotes around this value instead"
    if "'\\t'" in problem:
        return problem_line, "this line contains a tab character; indent with spaces only"
    if "flow sequence" in context or "flow mapping" in context:
        bracket = "[" if "sequence" in context else "{"
        return context_line, f"the '{bracket}' on this line is never closed; write the list as lines " \
                             "starting with '- ', or put the value in quotes"
    if "mapping values are not allowed" in problem:
        column = exc.problem_mark.column if exc.problem_mark else 0
        first_colon = here.find(":")
        if 0 <= first_colon < column:  # a second ':' on a line that already has 'key:'
            key, _, value = here.partition(":")
            return problem_line, "the value contains ': ', which YAML reads as a new field; put the whole " \
                                 f"value in quotes: {key.strip()}: {_quoted(value.strip())}"
        return problem_line, INDENTATION
    if "expected <block end>" in problem and "<scalar>" in problem:
        key, _, value = here.partition(":")
        if value.strip()[:1] in ("'", '"'):  # "OCOP" năm 2022: the quote ends before the value does
            return problem_line, "a value that starts with a quote must end with it; put the whole value in " \
                                 f"quotes: {key.strip()}: {_quoted(value.strip())}"
    if "expected <block end>" in problem:
        return problem_line, INDENTATION
    if "could not find expected ':'" in problem:
        return context_line, "a field without ':' (write 'name: value'), or a line indented too far"
    if "another document" in problem or "expected a single document" in problem:
        return problem_line, "a second '---' line; a record holds one set of fields, remove the extra '---'"
    if "cannot start any token" in problem or "undefined alias" in problem:
        char = "*" if "alias" in problem else problem.split("'")[1]
        return problem_line, f"a value cannot start with '{char}'; put the whole value in quotes"
    return problem_line, f"YAML cannot read this line ({problem or context}); check the indentation and " \
                         "put values that contain ': ' or ' #' in quotes"


def _compose(text: str) -> yaml.Node | None:
    """libyaml (C, ~20x faster) when available; the Python parser when it is not or refuses the text."""
    if _FAST_LOADER is not yaml.SafeLoader:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass  # read again: the Python parser's errors are the ones yaml_problem() explains
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, dict, list[ContentError]]:
    """Parse one YAML document; return (data, lines, errors)."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        line, message = yaml_problem(exc, text)
        return None, {}, [ContentError(path, line + 1 + line_offset, message)]
    except yaml.YAMLError as exc:  # pragma: no cover - composer errors are all Marked
        return None, {}, [ContentError(path, 1 + line_offset, f"YAML cannot read this file: {exc}")]
    if node is None:
        return {}, {}, []
    lines: dict = {}
    try:
        data = _to_python(node, (), lines, line_offset)
    except DuplicateKey as dup:
        return None, {}, [ContentError(path, dup.line, f"'{dup.key}' is written twice (also on line "
                                                       f"{dup.first_line}); delete one of them")]
    return data, lines, []


def split_front_matter(text: str, path: str) -> tuple[str, int, str, int, list[ContentError]]:
    """Return (front matter, its first line, body, body's first line, errors)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "", 1, text, 1, [ContentError(path, 1, "missing front matter: the file must start with a line '---', "
                                                        "then the fields, then another '---' line")]
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]), index + 2, []
    return "", 1, "", 1, [ContentError(path, 1, "front matter is not closed: add a line '---' after the last field")]


# ---------------------------------------------------------------- files

def _read_text(file: Path, shown: str) -> tuple[str | None, list[ContentError]]:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [ContentError(shown, 0, f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [ContentError(shown, line, "the file is not UTF-8; save it again with the encoding "
                                                "UTF-8 (in most editors: Save As, then Encoding: UTF-8)")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _load_file(kind: str, file: Path, shown: str, stem: str, folder: str | None,
               photo_dir: Path | None) -> tuple[RawRecord, list[ContentError]]:
    """The record of one file; when it cannot be read, an unreadable stand-in and the errors."""
    unreadable = RawRecord(kind, shown, stem, folder, {}, {}, photo_dir=photo_dir, readable=False)
    text, errors = _read_text(file, shown)
    if text is None:
        return unreadable, errors
    body, body_line = "", 0
    if file.suffix == ".md":
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
        fix = "remove the '- ' in front of the fields" if isinstance(data, list) else \
            "write each field on its own line as 'name: value'"
        return unreadable, [ContentError(shown, 1, f"expected fields ('name: value' lines), found "
                                                   f"{'a list' if isinstance(data, list) else 'a single value'}; {fix}")]
    return RawRecord(kind, shown, stem, folder, data, lines, body, body_line, photo_dir), []


LINKED = "this is a link (symlink) that points outside content/; copy the file or folder in instead"


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


def load_content(content_dir: Path, project_dir: Path | None = None) -> Loaded:
    """Read every record under content_dir. Unexpected files are errors, not silence."""
    project_dir = project_dir or content_dir.parent
    records: list[RawRecord] = []
    errors: list[ContentError] = []

    def shown(p: Path) -> str:
        return shown_path(p, project_dir)

    if not content_dir.is_dir():
        return Loaded([], [ContentError(shown(content_dir), 0, "content folder not found")])

    site_file = content_dir / SITE_FILE
    if site_file.exists():
        record, errs = _load_file("site", site_file, shown(site_file), "site", None, None)
        errors += errs
        records.append(record)

    known_tops = {SITE_FILE, "published-urls.txt"} | {folder for folder, _, _ in LAYOUT.values()}
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in known_tops or entry.name.lower() == "readme.md":
            continue
        errors.append(ContentError(shown(entry), 0, "not read by the build: content/ holds only "
                                   + ", ".join(sorted(known_tops)) + "; move this out of content/ (photos go "
                                   "beside the product's index.md)"))

    for kind, (folder_name, depth, suffix) in LAYOUT.items():
        base = content_dir / folder_name
        if not base.is_dir():
            continue
        if base.is_symlink():
            errors.append(ContentError(shown(base), 0, LINKED))
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            here = Path(dirpath)
            for name in [d for d in dirnames if (here / d).is_symlink()]:  # os.walk would skip them silently
                errors.append(ContentError(shown(here / name), 0, LINKED if not _inside(here / name, content_dir)
                                           else "this folder is a link (symlink); the build does not follow "
                                                "folder links, move the folder here instead"))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
            rel_parts = here.relative_to(base).parts
            for name in sorted(filenames):
                if name.startswith(".") or name.lower() == "readme.md":
                    continue
                file = here / name
                path_text = shown(file)
                if file.is_symlink() and not _inside(file, content_dir):
                    errors.append(ContentError(path_text, 0, LINKED))
                    continue
                level = len(rel_parts) + 1
                # products may be a folder <province>/<slug>/index.md with photos beside it
                if kind == "product" and level == 3:
                    if name == "index.md":
                        record, errs = _load_file(kind, file, path_text, rel_parts[1], rel_parts[0], here)
                        errors += errs
                        records.append(record)
                    elif Path(name).suffix.lower() not in PHOTO_SUFFIXES:
                        errors.append(ContentError(path_text, 0, "not read by the build: a product folder holds "
                                                   "only index.md and its photos; move this file out of content/"))
                    continue
                if level != depth or Path(name).suffix != suffix:
                    where = f"content/{folder_name}/" + ("<province>/" if depth == 2 else "") + f"<slug>{suffix}"
                    if level == depth and _same_family(Path(name).suffix.lower(), suffix):
                        hint = f"rename it to {Path(name).stem}{suffix}"
                    else:
                        hint = f"move it to {where} ({kind} records live there)"
                    errors.append(ContentError(path_text, 0, f"not read by the build: {hint}"))
                    continue
                record, errs = _load_file(kind, file, path_text, file.stem,
                                          rel_parts[0] if depth == 2 else None, None)
                errors += errs
                records.append(record)
    return Loaded(records, errors)
