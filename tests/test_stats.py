"""The home page's showcases: the few newest and best-ranked products, picked without sorting the catalog."""
from __future__ import annotations

import copy
from collections import Counter
from functools import cache

from hypothesis import given, settings, strategies as st

from conftest import BUILD_DATE
from ocop.build import check
from ocop.config import Config
from ocop.reuse import Reuse
from ocop.stats import Tally, counted, newest, ranked, summarize, top_ranked


@cache
def bundled_products() -> tuple:
    return tuple(check(Config.for_project(build_date=BUILD_DATE)).products.values())


def newest_by_sorting(products, size):
    """The order the home page promises: valid first, then newest decision first, ties in the given order."""
    rated = [p for p in products if p.current]
    rated.sort(key=lambda p: tuple(-x for x in p.current.decision.when.sort_key()))
    rated.sort(key=lambda p: p.status_rank)
    return tuple(rated[:size])


def test_newest_and_top_ranked_are_the_first_of_the_whole_sorted_list_ties_in_the_catalogs_order():
    products = list(bundled_products())
    ties = Counter((p.status_rank, p.current.decision.when.sort_key()) for p in products if p.current)
    assert max(ties.values()) >= 2  # products recognised by one decision: the order among them is tested too
    for order in (products, products[::-1]):  # the given order decides ties: reversed, they come reversed
        for size in (0, 1, 6, len(order) // 2, len(order) + 3):
            assert newest(order, size) == newest_by_sorting(order, size)
            assert top_ranked(order, size) == tuple(ranked(order)[:size])


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_tally_made_from_last_builds_counts_equals_counting_them_all(data):
    """serve counts a listing again from last build's tally (Tally.changed): products edited (new objects, the
    same or other fields), added, removed, moved; the Stats equal summarize()'s, expiring order included."""
    products = bundled_products()
    indexes = st.integers(0, len(products) - 1)
    last = [products[i] for i in data.draw(st.lists(indexes, unique=True, max_size=40))]
    now = list(last)
    for _ in range(data.draw(st.integers(0, 6))):
        edit = data.draw(st.sampled_from(["copy", "other", "add", "remove", "move"]))
        if edit == "add" or not now:
            candidate = products[data.draw(indexes)]
            if all(candidate is not p for p in now):
                now.insert(data.draw(st.integers(0, len(now))), candidate)
            continue
        at = data.draw(st.integers(0, len(now) - 1))
        if edit == "copy":  # the same record saved again: a new object with the same fields
            now[at] = copy.copy(now[at])
        elif edit == "other":  # an edit that changed what is counted: another product's fields
            now[at] = copy.copy(products[data.draw(indexes)])
        elif edit == "remove":
            del now[at]
        else:
            now.insert(data.draw(st.integers(0, len(now) - 1)), now.pop(at))
    tally = Tally.of(last)
    again = tally.changed(now)
    assert again is not None  # a few changes: counted from the tally
    assert again.stats() == summarize(now) == Tally.of(now).stats()
    # the very objects of this build (an edited product's copy equals the original: compared by identity)
    assert [id(p) for p in again.stats().expiring] == [id(p) for p in summarize(now).expiring]
    assert [id(p) for p in again.expiring] == [id(p) for p in Tally.of(now).expiring]
    assert tally.stats() == summarize(last)  # last build's tally is left as it was


def test_counted_patches_a_few_changes_counts_many_again_and_reuses_the_same_inputs(monkeypatch):
    products = list(bundled_products())
    counted_all: list[int] = []  # Tally.of: every product counted
    real_of = Tally.of.__func__
    monkeypatch.setattr(Tally, "of", classmethod(lambda cls, ps: counted_all.append(len(ps)) or real_of(cls, ps)))
    reuse = Reuse()
    first = counted(reuse, "all", products)
    reuse.next_build()
    assert counted_all == [len(products)]
    assert counted(reuse, "all", products) == first  # the very same inputs: last build's tally
    assert counted_all == [len(products)]
    reuse.next_build()
    edited = [copy.copy(products[0]), *products[1:]]
    assert counted(reuse, "all", edited) == Tally.of(edited).stats()
    assert counted_all == [len(products)] * 2  # the second: the check above; counted() patched
    reuse.next_build()
    shuffled = edited[::-1]  # the same products in another order: counted from the tally too
    assert counted(reuse, "all", shuffled) == summarize(shuffled)
    assert len(counted_all) == 3
    reuse.next_build()
    many = [copy.copy(p) for p in products]  # more than a few changed: counted again, the same counts
    assert counted(reuse, "all", many) == summarize(many)
    assert len(counted_all) == 5
    assert counted(Reuse(keep=False), "all", many) == summarize(many)
    reuse.next_build()
    twice = [*many, many[0]]  # a product listed twice (never in a listing): counted in full, twice
    assert counted(reuse, "all", twice) == summarize(twice) and counted_all[-1] == len(twice)
    assert Tally.of(twice).changed(many) is None and Tally.of(many).changed(twice) is None
