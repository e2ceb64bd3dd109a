"""Records written by the tools (`new`, `import`): facts checked as `check` checks them, text from templates.

A tool gathers the facts of a record as a plain dict and

* checks each fact with the validator's own check (`validate.value_problem` on the field of
  `schema.SCHEMAS`, and the rating rules `validate.stars_problem`), so a tool refuses exactly
  what `python build.py check` would refuse, and says so in Vietnamese with check's words;
* renders the record from `templates/records/<kind>` (Jinja, autoescape off: the output is
  YAML, each text value written by the `yaml` filter, quoted only when YAML needs it), with
  the Vietnamese comments that explain each field to the editor;
* can read the text back as the loader would (`parse_record`), to validate the records it
  is about to write together with the existing ones before writing anything.

Facts, by kind (keys absent or None are unknown and left out, with a commented hint):

    product  slug, name, province, locality, producer {name, kind, address}, group, group_by_editors,
             photos (bool: a folder for photos), sources [{title, url, publisher, date}], body
    rating   number, date | reported_by, level, issuer, round, sources,
             entries [{product, stars, score, renewal, note}]
    plan     province, slug, title, number, issuer, issued, period, sources
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import jinja2
import yaml

from . import load, urls
from .config import PROJECT_DIR
from .dates import PartialDate, parse_period
from .errors import ContentError
from .load import LAYOUT, RawRecord
from .schema import GROUPS_148, PRODUCER_KINDS, SCHEMAS, Field
from .slugs import fold, slugify
from .validate import stars_problem, value_problem

TEMPLATES_DIR = PROJECT_DIR / "templates" / "records"
TEMPLATES = {"product": "product.md", "rating": "rating.yaml", "plan": "plan.md"}


class FactProblem(ValueError):
    """A fact `check` would refuse; the message is Vietnamese, with check's own words in brackets."""


# ---------------------------------------------------------------- YAML scalars

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there: the same answers, faster
# Line breaks YAML 1.1 sees in a double-quoted scalar that json.dumps leaves as they are.
_YAML_BREAKS = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def yaml_text(value: str) -> str:
    """A YAML scalar that reads back as exactly this text (quoted only when needed)."""
    plain = str(value).strip()
    try:
        if plain and yaml.load(plain, Loader=_LOADER) == plain and "#" not in plain and ": " not in plain \
                and not any(c in plain for c in _YAML_BREAKS):
            return plain
    except yaml.YAMLError:
        pass
    quoted = json.dumps(plain, ensure_ascii=False)
    for char, escape in _YAML_BREAKS.items():
        quoted = quoted.replace(char, escape)
    return quoted


def number_text(value: float | int) -> str:
    """72.0 -> '72', 91.14 -> '91.14' (a YAML number, dot for decimals)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["yaml"] = yaml_text
    env.filters["number"] = number_text
    env.globals.update(producer_kinds=PRODUCER_KINDS, groups_148=GROUPS_148)
    return env


# The facts each template knows (module docstring); a template naming anything else fails (StrictUndefined).
FACTS = {
    "product": ("slug", "name", "province", "locality", "producer", "group", "group_by_editors", "photos",
                "sources", "body"),
    "rating": ("number", "date", "reported_by", "level", "issuer", "round", "sources", "entries"),
    "plan": ("province", "slug", "title", "number", "issuer", "issued", "period", "sources"),
}
_PARTS = {"producer": ("name", "kind", "address"), "sources": ("title", "url", "publisher", "date"),
          "entries": ("product", "stars", "score", "renewal", "note")}


def _known(value: object) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _facts(keys: tuple[str, ...], given: dict) -> dict:
    unknown = set(given) - set(keys)
    if unknown:
        raise TypeError(f"unknown facts: {', '.join(sorted(unknown))}")
    facts = {}
    for key in keys:
        value = given.get(key)
        if key in _PARTS and isinstance(value, dict):
            value = _facts(_PARTS[key], value)
        elif key in _PARTS and isinstance(value, list):
            value = [_facts(_PARTS[key], item) for item in value]
        facts[key] = value if _known(value) else None
    return facts


def render(kind: str, given: dict) -> str:
    """The text of a record of `kind` from its facts (see the module docstring)."""
    facts = _facts(FACTS[kind], given)
    facts["sources"] = facts["sources"] or []
    if kind == "product":
        facts["url"] = urls.product_url(facts["slug"])
    elif kind == "plan":
        facts["url"] = urls.plan_url(facts["province"], facts["slug"])
    return environment().get_template(TEMPLATES[kind]).render(**facts)


def record_file(content_dir: Path, kind: str, province: str, stem: str, photos: bool = False) -> Path:
    """Where a record of `kind` lives: content/<folder>/<province>/<stem><suffix> (a product with
    photos: a folder <stem>/index.md)."""
    folder, _, suffix = LAYOUT[kind]
    if kind == "product" and photos:
        return content_dir / folder / province / stem / "index.md"
    return content_dir / folder / province / f"{stem}{suffix}"


# ---------------------------------------------------------------- facts, checked as check does

def spec(kind: str, *path: str) -> Field:
    """The schema field at a path: spec('rating', 'entries', 'stars')."""
    fields, found = SCHEMAS[kind], None
    for name in path:
        found = next(f for f in fields if f.name == name)
        fields = found.fields
    assert found is not None
    return found


def problem(kind: str, path: tuple[str, ...], value: object) -> str | None:
    """What `check` says about this value of that field (English, as check prints it), or None."""
    return value_problem(spec(kind, *path), value)


def date_fact(text: str, kind: str = "rating", name: str = "date") -> str:
    """'2022-08-22', '2022-08' or '2022' as written in records."""
    text = str(text).strip()
    found = problem(kind, (name,), text)
    if found:
        raise FactProblem(f"ngày '{text}' không đúng: viết 2022, 2022-08 hoặc 2022-08-22 ({found})")
    return PartialDate.parse(text).iso()


def url_fact(text: str) -> str:
    text = str(text).strip()
    found = problem("product", ("sources", "url"), text)
    if found:
        raise FactProblem(f"'{text}' không phải địa chỉ web: viết đầy đủ, bắt đầu bằng https:// ({found})")
    return text


def stars_fact(text: str | int) -> int:
    shown = str(text).strip()
    value: object = int(shown) if re.fullmatch(r"-?\d+", shown) else shown
    found = problem("rating", ("entries", "stars"), value) or stars_problem(value)
    if found:
        raise FactProblem(f"số sao '{shown}' không đúng: viết một số từ 1 đến 5 ({found})")
    return value  # type: ignore[return-value]


def period_fact(text: str) -> str:
    text = str(text).strip()
    found = problem("plan", ("period",), text)
    if found:
        raise FactProblem(f"giai đoạn '{text}' không đúng: viết một năm (2022) hoặc hai năm (2021-2025) ({found})")
    start, end = parse_period(text)
    return str(start) if start == end else f"{start}-{end}"


def choice_fact(kind: str, path: tuple[str, ...], text: str) -> str:
    """One of the field's allowed values, typed with or without diacritics or capitals."""
    field = spec(kind, *path)
    found = {fold(str(c)).lower(): c for c in field.choices}.get(fold(str(text).strip()).lower())
    if found is None or problem(kind, path, found):
        said = problem(kind, path, str(text).strip())
        raise FactProblem(f"'{text}' không có trong danh sách: {', '.join(field.choices)}"
                          + (f" ({said})" if said and "có phải là" in said else ""))
    return found


def slug_fact(text: str) -> str:
    slug = slugify(str(text))
    if not slug or problem("rating", ("entries", "product"), slug):
        raise FactProblem(f"'{text}' không tạo được tên tệp (slug): hãy viết bằng chữ hoặc số")
    return slug


def text_fact(kind: str, path: tuple[str, ...], text: object) -> str:
    """A text fact (a name, an issuer...): what check says of it, else the text, trimmed."""
    value = text.strip() if isinstance(text, str) else text
    found = problem(kind, path, value)
    if found:
        raise FactProblem(f"'{text}' không dùng được ({found})")
    return value  # type: ignore[return-value]


# ---------------------------------------------------------------- reading back

def parse_record(kind: str, text: str, shown: str, stem: str, folder: str | None,
                 photo_dir: Path | None = None) -> tuple[RawRecord | None, list[ContentError]]:
    """The record the loader would read from this text (not yet a file), or the errors it would report."""
    record, errors = load.parse_record(kind, text, shown, stem, folder, photo_dir,
                                       markdown=kind in ("product", "plan", "page"))
    return (record if record.readable else None), errors