"""ocop/parallel.py: the build process and its forked children share the work of one stage."""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
import weakref

import pytest

from conftest import PROJECT_DIR, SITE_YAML, make_config, minimal_content, product_md, write_content
from ocop import parallel, render
from ocop.build import build

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="needs fork (Linux, macOS)")


def _square_slowly(n: int) -> tuple[int, int]:
    time.sleep(0.02)  # long enough that the child has started before the parent runs out of chunks
    return n * n, os.getpid()


def test_results_come_back_in_item_order_and_both_processes_worked():
    items = list(range(40))
    results = parallel.map_in_processes(_square_slowly, items, workers=2)
    assert [value for value, _ in results] == [n * n for n in items]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids, "the build process itself renders too"
    assert len(pids) == 2, "one forked child for workers=2"


def test_closures_reach_the_children_without_pickling():
    table = {n: f"trang {n}" for n in range(30)}
    lock_free = lambda n: table[n].upper()  # noqa: E731 - a lambda cannot be pickled; fork needs none
    assert parallel.map_in_processes(lock_free, list(range(30)), workers=2) == [f"TRANG {n}" for n in range(30)]


def _fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError(f"item {n} is broken")
    return n


def test_an_error_in_any_process_is_raised_in_the_build_process():
    with pytest.raises(ValueError, match="item 7 is broken"):
        parallel.map_in_processes(_fail_on_seven, list(range(50)), workers=2)
    assert gc.get_freeze_count() == 0, "objects frozen for the fork are handed back to the collector"


def test_one_worker_runs_in_this_process_only():
    results = parallel.map_in_processes(_square_slowly, list(range(5)), workers=1)
    assert {pid for _, pid in results} == {os.getpid()}


def test_fewer_items_than_min_items_stay_in_this_process():
    few = parallel.map_in_processes(_square_slowly, list(range(5)), workers=2, min_items=6)
    assert {pid for _, pid in few} == {os.getpid()}
    enough = parallel.map_in_processes(_square_slowly, list(range(40)), workers=2, min_items=6)
    assert len({pid for _, pid in enough}) == 2


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_between_builds_the_survivors_are_frozen_and_the_garbage_collected():
    """serve's build process: what it keeps is out of the collector's sight, what a build left is freed."""
    try:
        kept = [_Cycle() for _ in range(3)]
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        del garbage  # a cycle: only the collector frees it
        parallel.freeze_survivors()
        assert gone() is None
        frozen = gc.get_freeze_count()
        assert frozen > 0 and len(kept) == 3
        # a stage run on several processes inside such a build leaves the freeze in place
        parallel.map_in_processes(_square_slowly, list(range(20)), workers=2)
        assert gc.get_freeze_count() > 0, "not handed back to the collector in the middle of a build"
    finally:
        gc.unfreeze()


def _collector_state(_item: int) -> bool:
    return gc.isenabled()


def test_a_build_without_collections_collects_in_work_spread_over_processes():
    """serve's build process builds with the collector off (freeze_survivors collects after it); a stage run
    on several processes, a full build's rendering, turns it on there and in its children, then off again."""
    assert gc.isenabled()
    with parallel.no_collections():
        assert not gc.isenabled()
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        del garbage
        made = [[] for _ in range(3 * gc.get_threshold()[0])]  # would have collected the cycle, were the collector on
        assert gone() is not None and made
        assert set(parallel.map_in_processes(_collector_state, list(range(40)), workers=2)) == {True}
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.slow
def test_an_error_in_the_build_process_never_leaves_the_pool_hanging():
    """When the build process raises while a child sends its result, leaving the pool must not kill that child
    holding the result queue's lock (the pool then waits for it for ever: a CI run hung so). 200 failing maps in
    a row, in a child Python; before the fix 2 runs in 3 hung."""
    script = ("import sys; sys.path.insert(0, sys.argv[1]); from ocop import parallel\n"
              "def fail(n):\n    if n == 7: raise ValueError(n)\n    return n\n"
              "for _ in range(200):\n"
              "    try: parallel.map_in_processes(fail, list(range(50)), workers=2)\n"
              "    except ValueError: pass\n"
              "print('ended')\n")
    run = subprocess.run([sys.executable, "-c", script, str(PROJECT_DIR)], capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0 and run.stdout.strip() == "ended", run.stderr


def test_a_full_build_renders_on_every_core_and_an_incremental_one_in_its_own_process(tmp_path, monkeypatch):
    """From render.PARALLEL_MIN_ROUTES pages a full build renders on every core. An incremental build renders up
    to render.INCREMENTAL_PARALLEL_MIN_ROUTES pages in its own process: its process holds the last build too
    (serve), and a forked child copies the pages of it that it touches (535 MB PSS against 476 MB for a group
    move at 20,000 products, about as fast)."""
    files = minimal_content()
    for n in range(render.PARALLEL_MIN_ROUTES):
        files[f"products/bac-kan/thu-{n:03}.md"] = product_md(f"Thử {n:03}", "bac-kan")
    write_content(tmp_path, files)
    config = make_config(tmp_path, workers=2)
    pids_file = tmp_path / "pids"
    real = render.PageRenderer.write

    def write(self, route):  # in whichever process renders the route: the file outlives a forked child
        with open(pids_file, "a", encoding="utf-8") as pids:
            pids.write(f"{os.getpid()}\n")
        real(self, route)
    monkeypatch.setattr(render.PageRenderer, "write", write)

    def renderers() -> set[str]:
        found = set(pids_file.read_text(encoding="utf-8").split())
        pids_file.unlink()
        return found
    assert build(config).full
    assert len(renderers()) == 2
    write_content(tmp_path, {"site.yaml": SITE_YAML.replace("thử nghiệm", "thử nghiệm mới")})  # on every page
    report = build(config)
    assert not report.full and render.PARALLEL_MIN_ROUTES <= report.pages < render.INCREMENTAL_PARALLEL_MIN_ROUTES
    assert renderers() == {str(os.getpid())}
