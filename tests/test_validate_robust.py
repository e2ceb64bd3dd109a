"""Odd values anywhere in valid content: always `path:line: message`, never a traceback.

For every field of every file of conftest.minimal_content(), the value is replaced by one
value of the wrong kind at a time; load + validate + model + page data + routes then either succeed or
report content errors, and the errors name the file that was changed.
"""
from __future__ import annotations

import time

import pytest
import yaml

from conftest import make_config, minimal_content, write_content
from ocop import load
from ocop.build import checked
from ocop.errors import BuildFailed

ODD_VALUES = [None, [], {"x": 1}, "x", -1, True, "2019-02-30", [{"x": 1}]]


def key_paths(data, prefix=()):
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield prefix + (key,)
        yield from key_paths(value, prefix + (key,))


def with_value(text: str, markdown: bool, path: tuple, value) -> str:
    front, body = (text.split("---\n", 2)[1:] if markdown else (text, ""))
    data = yaml.safe_load(front)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n{body}" if markdown else dumped


def mutations():
    for rel, text in minimal_content().items():
        markdown = rel.endswith(".md")
        front = text.split("---\n", 2)[1] if markdown else text
        for path in key_paths(yaml.safe_load(front)):
            yield rel, path


@pytest.mark.parametrize("rel, path", list(mutations()), ids=lambda v: "/".join(map(str, v)) if isinstance(v, tuple) else v)
def test_odd_values_give_content_errors_in_that_file(tmp_path, rel, path):
    files = minimal_content()
    content = write_content(tmp_path, files)
    config = make_config(tmp_path)
    for value in ODD_VALUES:
        (content / rel).write_text(with_value(files[rel], rel.endswith(".md"), path, value), encoding="utf-8")
        try:
            checked(config)  # load, validate, model, page data and routes
        except BuildFailed as failure:
            assert {e.path for e in failure.errors} == {f"content/{rel}"}, \
                f"{path} = {value!r}:\n" + failure.report()
            assert all(e.line >= 0 and e.message for e in failure.errors)


# ---------------------------------------------------------------- the parsed-records cache

def test_records_cache_gives_what_parsing_gives_and_sees_every_edit(tmp_path):
    """A second load reads the records back from .cache; an edited, added or removed file is seen at once."""
    from ocop.load import load_content

    files = minimal_content()
    content = write_content(tmp_path, files)
    cache = tmp_path / ".cache" / "records.pickle"
    first = load_content(content, tmp_path, cache)
    assert cache.is_file()
    again = load_content(content, tmp_path, cache)
    fresh = load_content(content, tmp_path, None)
    assert [(r.path, r.data, r.lines, r.body) for r in again.records] == \
        [(r.path, r.data, r.lines, r.body) for r in fresh.records] == \
        [(r.path, r.data, r.lines, r.body) for r in first.records]
    # an edit of the same length is still seen (mtime and ctime are part of the key)
    product = content / "products/bac-kan/tra-thu.md"
    edited = files["products/bac-kan/tra-thu.md"].replace("Trà Thử", "Trà Thứ")
    assert len(edited.encode()) == product.stat().st_size
    product.write_text(edited, encoding="utf-8")
    records = {r.path: r for r in load_content(content, tmp_path, cache).records}
    assert records["content/products/bac-kan/tra-thu.md"].data["name"] == "Trà Thứ"
    product.unlink()
    (content / "products/bac-kan/che-moi.md").write_text(files["products/bac-kan/tra-thu.md"].replace("Trà Thử", "Chè Mới"),
                                                         encoding="utf-8")
    records = {r.path: r for r in load_content(content, tmp_path, cache).records}
    assert "content/products/bac-kan/tra-thu.md" not in records
    assert records["content/products/bac-kan/che-moi.md"].data["name"] == "Chè Mới"
    # a damaged cache file is ignored, never trusted
    cache.write_bytes(b"not a pickle")
    assert [r.path for r in load_content(content, tmp_path, cache).records] == list(records)


@pytest.mark.parametrize("python_parser", [False, True])
@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_a_file_nested_a_hundred_thousand_deep_is_refused_at_once(monkeypatch, python_parser, opening, closing):
    """The parser stops one level past the limit. With Python's parser (PyYAML without libyaml, or after
    libyaml's own error at 1,000 levels, as PyYAML 6.0.4 gives) 100,000 levels took ~100 s."""
    if python_parser:
        monkeypatch.setattr(load, "_FAST_LOADER", yaml.SafeLoader)
    text = "name: Trà\nx: " + opening * 100_000 + "1" + closing * 100_000 + "\n"
    started = time.perf_counter()
    data, _, errors = load.parse_yaml(text, "content/products/bac-kan/tra.md", line_offset=1)
    assert time.perf_counter() - started < 2
    assert data is None and len(errors) == 1
    assert errors[0].line == 3 and "lồng nhau quá 20 tầng" in errors[0].message
