"""Stage 1 — load: files in content/ -> raw records that remember file:line.

Nothing here judges the content beyond "can it be read at all"; validate.py does that.
"""
from __future__ import annotations

import functools
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import yaml

from .errors import ContentError
from .files import shown_path, write_atomic

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

# Limits on what one record may hold: content arrives through pull requests, and no file may
# exhaust the memory or time of the build, CI or an editor's preview (docs/errors.md).
MAX_FILE_BYTES = 1_000_000  # one record file: ~200 pages of text; a plan's whole text fits many times over
MAX_NESTING = 20  # levels of lists and groups of fields inside one record (the format needs 4)

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
        return Refused(line, "the file uses YAML anchors or aliases (& or *); records do not use them: write "
                             "the value out in full, or put a value that starts with & or * in quotes")
    tag = getattr(event, "tag", None)
    if tag is not None and tag not in _STANDARD_TAGS:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        return Refused(line, f"the value is marked with the YAML tag '{shown}', which records do not use: delete "
                             f"'{shown.split(':')[0]}', or put the whole value in quotes if it starts with !")
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
                raise Refused(line, "a second '---' line; a record holds one set of fields, remove the extra '---'")
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
                raise Refused(line, "a field name must be a plain word followed by ':'; this one is a list or a "
                                    "group of fields: write 'name: value'")
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
            raise Refused(line, f"lists and groups of fields are nested more than {MAX_NESTING} levels deep here; "
                                "a record needs at most 4: check the indentation")
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


def _events(text: str, loader_class) -> list:
    """Every parser event of the text; a YAMLError for a text YAML cannot read."""
    loader = loader_class(text)
    try:
        events = []
        while loader.check_event():
            events.append(loader.get_event())
            if isinstance(events[-1], yaml.AliasEvent):
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
    except yaml.YAMLError as exc:  # pragma: no cover - parser errors are all Marked
        return None, {}, [ContentError(path, 1 + line_offset, f"YAML cannot read this file: {exc}")]
    try:
        data, lines = _build(events, line_offset)
    except Refused as refused:
        return None, {}, [ContentError(path, refused.line, refused.message)]
    except DuplicateKey as dup:
        return None, {}, [ContentError(path, dup.line, f"'{dup.key}' is written twice (also on line "
                                                       f"{dup.first_line}); delete one of them")]
    return ({} if data is None else data), lines, []


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
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:  # before reading: a huge file costs nothing
            return None, [ContentError(shown, 0, f"the file is {size / 1_000_000:.1f} MB, more than the "
                                                 f"{MAX_FILE_BYTES // 1_000_000} MB a record may be; shorten the text "
                                                 "(link to the full document in 'sources' instead of copying it)")]
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


class RecordCache:
    """Records parsed by an earlier build, reused while their file is unchanged (same size, mtime and ctime).

    Parsing is most of the load stage (~3 s for 20,000 products); reading them back from one
    pickle in the build's own cache folder takes ~0.2 s. A file that could not be read is
    never cached: it is read (and reported) again every time.
    """

    VERSION = f"records-1|{MAX_FILE_BYTES}|{MAX_NESTING}|{yaml.__version__}"

    def __init__(self, file: Path | None):
        self.file = file
        self.old: dict = {}
        self.new: dict = {}
        if file is not None:
            try:
                with file.open("rb") as stream:
                    version, entries = pickle.load(stream)
                if version == self.VERSION:
                    self.old = entries
            except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
                pass  # no cache yet, or one from another version: parse everything

    def get(self, shown: str, stamp: tuple) -> RawRecord | None:
        hit = self.old.get(shown)
        if hit is not None and hit[0] == stamp:
            self.new[shown] = hit
            return hit[1]
        return None

    def put(self, shown: str, stamp: tuple, record: RawRecord) -> None:
        if record.readable:
            self.new[shown] = (stamp, record)

    def save(self) -> None:
        """Write the cache when a record was parsed or a file went away since it was read."""
        if self.file is None:
            return
        if self.new.keys() != self.old.keys() or any(self.old[k] is not v for k, v in self.new.items()):
            write_atomic(self.file, pickle.dumps((self.VERSION, self.new), protocol=pickle.HIGHEST_PROTOCOL))


def load_content(content_dir: Path, project_dir: Path | None = None, cache_file: Path | None = None) -> Loaded:
    """Read every record under content_dir. Unexpected files are errors, not silence.

    cache_file: where records parsed by earlier builds are kept (RecordCache); None reads every file.
    """
    project_dir = project_dir or content_dir.parent
    records: list[RawRecord] = []
    errors: list[ContentError] = []
    cache = RecordCache(cache_file)

    def shown(p: Path) -> str:
        return shown_path(p, project_dir)

    def load(kind: str, file: Path, path_text: str, stem: str, folder: str | None, photo_dir: Path | None) -> None:
        status = file.stat()
        stamp = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, str(file))
        record = cache.get(path_text, stamp)
        if record is None:
            record, errs = _load_file(kind, file, path_text, stem, folder, photo_dir)
            errors.extend(errs)
            cache.put(path_text, stamp, record)
        records.append(record)

    if not content_dir.is_dir():
        return Loaded([], [ContentError(shown(content_dir), 0, "content folder not found")])

    site_file = content_dir / SITE_FILE
    if site_file.exists():
        load("site", site_file, shown(site_file), "site", None, None)

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
            folder_shown = shown(here)  # once per folder: the files' paths are built from it
            for name in sorted(filenames):
                if name.startswith(".") or name.lower() == "readme.md":
                    continue
                file = here / name
                path_text = f"{folder_shown}/{name}"
                if file.is_symlink() and not _inside(file, content_dir):
                    errors.append(ContentError(path_text, 0, LINKED))
                    continue
                level = len(rel_parts) + 1
                # products may be a folder <province>/<slug>/index.md with photos beside it
                if kind == "product" and level == 3:
                    if name == "index.md":
                        load(kind, file, path_text, rel_parts[1], rel_parts[0], here)
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
                load(kind, file, path_text, file.stem, rel_parts[0] if depth == 2 else None, None)
    cache.save()
    return Loaded(records, errors)
