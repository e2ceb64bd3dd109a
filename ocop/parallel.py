"""Run one function over many items on every core, the build process included.

The image and render stages hand their work here. The build process forks `workers - 1`
children and works alongside them: work is split into chunks that each process claims from a
shared counter, so a slow chunk never leaves a core idle, and there is one process less
holding its own copy of the pages it touches.

Memory: forked children share the parent's memory until they write to it. Two things write
to it without need, and both are avoided here:
  * the garbage collector, which marks every object it visits: `gc.freeze()` before the
    fork moves the catalog out of its sight (measured at 20,000 products: each image worker
    copied ~120 MB of the parent over a cold build without it);
  * an idle parent, whose pages a child copies as soon as it touches them: the parent
    works instead of waiting.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Callable, Iterator, Sequence


class _Work:
    """What every process needs to claim and run chunks; inherited by forked children."""

    def __init__(self, function: Callable, items: Sequence, bounds: list[tuple[int, int]], counter):
        self.function, self.items, self.bounds, self.counter = function, items, bounds, counter

    def claim_and_run(self) -> list[tuple[int, object]]:
        """Run chunks until none is left; return (item index, result) pairs."""
        done = []
        while True:
            with self.counter.get_lock():
                number = self.counter.value
                self.counter.value = number + 1
            if number >= len(self.bounds):
                return done
            start, end = self.bounds[number]
            done.extend((i, self.function(self.items[i])) for i in range(start, end))


_inherited: _Work | None = None  # set in each forked child by _adopt, before it runs anything


def _adopt(work: _Work) -> None:
    global _inherited
    _inherited = work


def _child_run() -> list[tuple[int, object]]:
    return _inherited.claim_and_run()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_in_processes(function: Callable, items: Sequence, workers: int, min_items: int = 2,
                     chunks_per_worker: int = 8) -> list:
    """[function(item) for item in items], spread over `workers` processes (this one included).

    function and items reach the children by fork, never pickled, so function may be a bound
    method or a closure over the catalog; only its results are pickled back. An exception in
    any process is raised here. Fewer than `min_items` items run in this process only: below
    some size, starting processes costs more than it saves.
    """
    if workers <= 1 or len(items) < max(2, min_items) or not can_fork():
        return [function(item) for item in items]
    size = max(1, len(items) // (workers * chunks_per_worker))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    work = _Work(function, items, bounds, context.Value("q", 0))
    frozen_by_caller = gc.get_freeze_count() > 0  # serve's build process keeps its memory frozen (freeze_survivors)
    collecting = gc.isenabled()  # serve's build process builds without automatic collections (no_collections)
    if not frozen_by_caller:  # else the caller collects after its build (freeze_survivors): 0.3 s saved here,
        gc.collect()  # scanning the ~100,000 objects a build after one edit makes at 20,000 products
    gc.freeze()
    gc.enable()  # the work of many items collects its own garbage, here and in the children forked now
    try:
        with context.Pool(workers - 1, initializer=_adopt, initargs=(work,)) as pool:
            pending = [pool.apply_async(_child_run) for _ in range(workers - 1)]
            try:
                done = work.claim_and_run()
            except BaseException:  # no chunk left for the children: they finish the one they run (join below)
                with work.counter.get_lock():
                    work.counter.value = len(bounds)
                raise
            finally:
                # the children end on their own before the pool is left: Pool.__exit__ terminates them, and a
                # child killed while it sends its result holds the result queue's lock for ever (the pool then
                # hangs on exit; seen in CI when this process raised while a child was sending)
                pool.close()
                pool.join()
            for result in pending:
                done.extend(result.get())
    finally:
        if not collecting:
            gc.disable()
        if not frozen_by_caller:
            gc.unfreeze()
    results: list = [None] * len(items)
    for index, value in done:
        results[index] = value
    return results


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Collect young objects less often while the catalog is built and used.

    Loading, validating and modelling 20,000 products makes ~1 million objects that live to the
    end of the build; with the default thresholds Python's collector keeps scanning them all
    again (~20 % of those stages, measured at 20,000 products; the images stage's drawing keys
    1.1 → 0.45 s and the fingerprints 1.4 → 1.1 s). Restored afterwards.
    """
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextlib.contextmanager
def no_collections() -> Iterator[None]:
    """No automatic collection at all, for a build in a long-lived process that calls freeze_survivors()
    after each build: a build after one edit makes ~100,000 objects that live to its end, and each time
    the collector runs again (at the latest when few_collections() restores the thresholds) it scans all
    of them: ~0.25 s of a 3 s build at 20,000 products. Work spread over processes collects as usual
    (map_in_processes), so a full build's rendering piles up no garbage."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def freeze_survivors() -> None:
    """In a long-lived process, between two builds: collect what the last build left, then move every
    object still alive (what serve's build process keeps for the next build: ~1 million objects at
    20,000 products) out of the collector's sight, so the next build's collections scan only what that
    build makes. Measured at 20,000 products: a build after one edit, 4.3 → 3.1 s.
    Objects of the permanent generation are still freed when nothing refers to them any more."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
