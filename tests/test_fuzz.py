"""Property-based fuzzing of load + validate (+ model, page data, routes) with Hypothesis.

Content arrives through pull requests, so every file is untrusted. Starting from the valid
tree of conftest.minimal_content(), one file at a time is truncated, sprinkled with random
bytes, nested deeply, given huge or random-unicode values, replaced by random YAML, or by
random bytes. Every input must end in either a valid catalog or `path:line` content errors
that name that file — never a traceback — within a time and memory bound.

Budget: CI tries 60 inputs through check and 6 through a whole build (about half a minute
together); for a release check run longer:
    OCOP_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py
"""
from __future__ import annotations

import contextlib
import os
import string
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_config, minimal_content, write_content
from ocop import validate
from ocop.build import build, checked
from ocop.errors import BuildFailed

FUZZ_EXAMPLES = int(os.environ.get("OCOP_FUZZ_EXAMPLES", "60"))
SECONDS_PER_CHECK = 3.0  # a check of the small tree takes ~0.05 s (more under tracemalloc)
PEAK_BYTES_PER_CHECK = 64 * 1024 * 1024  # Python allocations while checking one input
SECONDS_PER_BUILD = 20.0  # a cold build draws every share card and QR code of the tree

FILES = sorted(minimal_content())
KEYS = ["name", "province", "producer", "group", "sources", "entries", "product", "stars", "score", "date",
        "level", "title", "url", "targets", "value", "aliases", "photos", "merged_into", "period", "issued"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
    st.text(max_size=40), st.sampled_from(["2019-02-30", "2022-08-22", "bac-kan", "tỉnh", "*", "&x", "!x", "~"]))
yaml_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) |
                           st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4),
                           max_leaves=20)


def mutate(text: str, draw) -> str | bytes:
    """One hostile change to a record's text."""
    kind = draw(st.sampled_from(["truncate", "insert", "deep", "huge", "unicode", "yaml", "bytes", "anchors"]))
    if kind == "truncate":
        return text[:draw(st.integers(0, len(text)))]
    if kind == "insert":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.text(alphabet=string.printable + "ặđ€\u200b\x00\t-:[]{}&*!|>'\"#", max_size=30)) \
            + text[at:]
    if kind == "deep":
        depth = draw(st.integers(10, 3000))
        opening, closing = draw(st.sampled_from([("[", "]"), ("{a: ", "}"), ("- ", "")]))
        return text + "\nx: " + opening * depth + "1" + closing * depth + "\n"
    if kind == "huge":
        return text.replace("Thử", "Thử" + "ư" * draw(st.integers(1_000, 300_000)), 1)
    if kind == "unicode":
        lines = text.split("\n")
        index = draw(st.integers(0, len(lines) - 1))
        key = lines[index].split(":", 1)[0]
        lines[index] = f"{key}: {draw(st.text(max_size=60))}"
        return "\n".join(lines)
    if kind == "yaml":
        dumped = yaml.safe_dump(draw(yaml_values), allow_unicode=True)
        return f"---\n{dumped}---\nThân bài.\n" if text.startswith("---") else dumped
    if kind == "anchors":
        levels = draw(st.integers(2, 9))
        bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, levels))
        return text.replace("\n", "\n" + bomb, 1) if not text.startswith("---") else text.replace(
            "---\n", "---\n" + bomb, 1)
    return draw(st.binary(max_size=400))


def ends_cleanly(action) -> None:
    """Run action (a check or a build of the tree): it succeeds, or fails with `path:line` content errors only."""
    try:
        action()
    except BuildFailed as failure:
        assert failure.errors, "a failure names at least one mistake"
        for error in failure.errors:
            assert error.path.startswith("content/") and error.line >= 0 and error.message.strip(), str(error)


def bounded(action, seconds: float, peak_bytes: int | None = None) -> None:
    """ends_cleanly(action) within the time bound and, when given, the bound on Python's allocations."""
    if peak_bytes:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        ends_cleanly(action)
    finally:
        took = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if peak_bytes else 0
        tracemalloc.stop()
    assert took < seconds, f"took {took:.1f} s"
    assert not peak_bytes or peak < peak_bytes, f"peak {peak / 1e6:.0f} MB"


@contextlib.contextmanager
def mutated_tree(data) -> Iterator[Path]:
    """A project folder holding minimal_content() with one file mutated."""
    files = minimal_content()
    target = data.draw(st.sampled_from(FILES))
    files[target] = mutate(files[target], data.draw)
    with tempfile.TemporaryDirectory() as folder:
        write_content(Path(folder), files)
        yield Path(folder)


QUIET = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(max_examples=FUZZ_EXAMPLES, **QUIET)
@given(st.data())
def test_any_mutated_record_gives_a_catalog_or_path_line_errors(data):
    with mutated_tree(data) as root:
        bounded(lambda: checked(make_config(root)), SECONDS_PER_CHECK, PEAK_BYTES_PER_CHECK)


@settings(max_examples=max(5, FUZZ_EXAMPLES // 10), **QUIET)
@given(st.data())
def test_a_mutated_tree_that_passes_check_also_builds(data):
    """What check accepts, the rest of the build (images, render, write) must take too."""
    with mutated_tree(data) as root:
        bounded(lambda: build(make_config(root, cache_dir=None)), SECONDS_PER_BUILD)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]()<>: \n\tajvscripthrefdatxb:-./&#;", max_size=60))
def test_without_an_equals_sign_the_shorter_link_scan_finds_the_same_targets(body):
    """check_body scans a body without '=' with the link pattern minus its attribute branch (which can
    match nowhere there): it must find exactly the same targets, in the same places."""
    body = body.replace("=", "")
    full = [(m.span(), m.lastgroup) for m in validate._LINK_TARGET.finditer(body)]
    short = [(m.span(), m.lastgroup) for m in validate._LINK_TARGET_NO_ATTRIBUTE.finditer(body)]
    assert full == short
