"""Stage 1 — load: files in content/ -> raw records that remember file:line.

Nothing here judges the content beyond "can it be read at all"; validate.py does that.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError

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

    def line(self, *key_path) -> int:
        """Line of the key path, or of its nearest parent that exists, or 1."""
        key = tuple(key_path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return 1

    def error(self, message: str, *key_path) -> ContentError:
        return ContentError(self.path, self.line(*key_path), message)


@dataclass(frozen=True)
class Loaded:
    records: list[RawRecord]
    errors: list[ContentError]


# ---------------------------------------------------------------- YAML with lines

class _Constructor(yaml.SafeLoader):
    """Used only for its scalar constructors (ints, floats, bools, nulls)."""


_SCALAR = _Constructor("")


class DuplicateKey(Exception):
    def __init__(self, key: str, line: int):
        self.key, self.line = key, line


def _to_python(node: yaml.Node, path: tuple, lines: dict, line_offset: int):
    """Convert a composed YAML node to plain Python, recording each key's line.

    Timestamps stay strings: dates.PartialDate parses them with editor-friendly messages
    (PyYAML would crash on 2019-02-30).
    """
    lines[path] = node.start_mark.line + 1 + line_offset
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key = _to_python(key_node, path + ("<key>",), {}, line_offset)
            key = str(key)
            if key in result:
                raise DuplicateKey(key, key_node.start_mark.line + 1 + line_offset)
            result[key] = _to_python(value_node, path + (key,), lines, line_offset)
            lines[path + (key,)] = key_node.start_mark.line + 1 + line_offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, path + (i,), lines, line_offset) for i, item in enumerate(node.value)]
    tag = node.tag
    if tag == "tag:yaml.org,2002:timestamp" or tag == "tag:yaml.org,2002:str":
        return node.value
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
        return _SCALAR.construct_object(node)
    return node.value


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, dict, list[ContentError]]:
    """Parse one YAML document; return (data, lines, errors)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = exc.problem or exc.context or "invalid YAML"
        return None, {}, [ContentError(path, line, f"YAML syntax error: {problem}. Check the indentation "
                                                   "and quote values that contain ': ' or start with a special character")]
    except yaml.YAMLError as exc:  # pragma: no cover - composer errors are all Marked
        return None, {}, [ContentError(path, 1 + line_offset, f"YAML error: {exc}")]
    if node is None:
        return {}, {}, []
    lines: dict = {}
    try:
        data = _to_python(node, (), lines, line_offset)
    except DuplicateKey as dup:
        return None, {}, [ContentError(path, dup.line, f"'{dup.key}' is written twice; keep one of them")]
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
        return None, [ContentError(shown, line, "the file is not UTF-8; save it with UTF-8 encoding")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def _load_file(kind: str, file: Path, shown: str, stem: str, folder: str | None,
               photo_dir: Path | None) -> tuple[RawRecord | None, list[ContentError]]:
    text, errors = _read_text(file, shown)
    if text is None:
        return None, errors
    body, body_line = "", 0
    if file.suffix == ".md":
        front, front_line, body, body_line, errors = split_front_matter(text, shown)
        if errors:
            return None, errors
        data, lines, errors = parse_yaml(front, shown, line_offset=front_line - 1)
    else:
        data, lines, errors = parse_yaml(text, shown)
    if errors:
        return None, errors
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [ContentError(shown, 1, "expected fields ('name: value' lines), found a single value or a list")]
    return RawRecord(kind, shown, stem, folder, data, lines, body, body_line, photo_dir), []


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
        try:
            return p.relative_to(project_dir).as_posix()
        except ValueError:
            return p.as_posix()

    if not content_dir.is_dir():
        return Loaded([], [ContentError(shown(content_dir), 0, "content folder not found")])

    site_file = content_dir / SITE_FILE
    if site_file.exists():
        record, errs = _load_file("site", site_file, shown(site_file), "site", None, None)
        errors += errs
        if record:
            records.append(record)

    known_tops = {SITE_FILE, "published-urls.txt"} | {folder for folder, _, _ in LAYOUT.values()}
    for entry in sorted(content_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in known_tops or entry.name.lower() == "readme.md":
            continue
        errors.append(ContentError(shown(entry), 0, "not read by the build: content/ holds only "
                                   + ", ".join(sorted(known_tops))))

    for kind, (folder_name, depth, suffix) in LAYOUT.items():
        base = content_dir / folder_name
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            here = Path(dirpath)
            rel_parts = here.relative_to(base).parts
            for name in sorted(filenames):
                if name.startswith(".") or name.lower() == "readme.md":
                    continue
                file = here / name
                path_text = shown(file)
                if file.is_symlink() and not _inside(file, content_dir):
                    errors.append(ContentError(path_text, 0, "this link points outside content/; copy the file in instead"))
                    continue
                level = len(rel_parts) + 1
                # products may be a folder <province>/<slug>/index.md with photos beside it
                if kind == "product" and level == 3:
                    if name == "index.md":
                        records_or_err = _load_file(kind, file, path_text, rel_parts[1], rel_parts[0], here)
                        errors += records_or_err[1]
                        if records_or_err[0]:
                            records.append(records_or_err[0])
                    elif Path(name).suffix.lower() not in PHOTO_SUFFIXES:
                        errors.append(ContentError(path_text, 0, "a product folder holds index.md and its photos only"))
                    continue
                if level != depth or Path(name).suffix != suffix:
                    where = f"content/{folder_name}/" + ("<province>/" if depth == 2 else "") + f"<slug>{suffix}"
                    if Path(name).suffix in (".yml", ".markdown"):
                        hint = f"rename it to end in {suffix}"
                    else:
                        hint = f"{kind} records live at {where}"
                    errors.append(ContentError(path_text, 0, f"not read by the build: {hint}"))
                    continue
                record, errs = _load_file(kind, file, path_text, file.stem,
                                          rel_parts[0] if depth == 2 else None, None)
                errors += errs
                if record:
                    records.append(record)
    return Loaded(records, errors)
