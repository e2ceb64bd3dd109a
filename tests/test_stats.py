"""The home page's showcases: the few newest and best-ranked products, picked without sorting the catalog."""
from __future__ import annotations

from collections import Counter

from conftest import BUILD_DATE
from ocop.build import check
from ocop.config import Config
from ocop.stats import newest, ranked, top_ranked


def newest_by_sorting(products, size):
    """The order the home page promises: valid first, then newest decision first, ties in the given order."""
    rated = [p for p in products if p.current]
    rated.sort(key=lambda p: tuple(-x for x in p.current.decision.when.sort_key()))
    rated.sort(key=lambda p: p.status_rank)
    return tuple(rated[:size])


def test_newest_and_top_ranked_are_the_first_of_the_whole_sorted_list_ties_in_the_catalogs_order():
    products = list(check(Config.for_project(build_date=BUILD_DATE)).products.values())
    ties = Counter((p.status_rank, p.current.decision.when.sort_key()) for p in products if p.current)
    assert max(ties.values()) >= 2  # products recognised by one decision: the order among them is tested too
    for order in (products, products[::-1]):  # the given order decides ties: reversed, they come reversed
        for size in (0, 1, 6, len(order) // 2, len(order) + 3):
            assert newest(order, size) == newest_by_sorting(order, size)
            assert top_ranked(order, size) == tuple(ranked(order)[:size])
