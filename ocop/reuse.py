"""What the last build in this process made, handed back when it is asked for with the very same inputs.

`python build.py serve` runs every build in one long-lived process, which keeps what each build
made for the next one (build.BuildMemory). load gives the record of an unchanged file as the very
same object (load.KeptRecords); a step that makes something from records, products or other
objects asks its Reuse for it with those objects as inputs, and gets last build's result when
every input is the same object (compared with `is`: nothing is hashed or compared field by field),
or makes it again. A result is a pure function of its inputs and its key, so a build that reuses
gives the same site as one that does not (tests/test_incremental.py builds both and compares).

    reuse.get(("product", slug, build_date), (record, *decisions), lambda: make_product(...))
    ...
    reuse.next_build()   # at the end of the step: what was asked for now is what the next build may reuse

A one-shot build (`python build.py`) passes no memory: Reuse(keep=False) makes everything and
keeps nothing.
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Reuse:
    def __init__(self, keep: bool = True) -> None:
        self.keep = keep
        self._last: dict[Hashable, tuple[tuple, object]] = {}  # key -> (inputs, result) of the last build
        self._now: dict[Hashable, tuple[tuple, object]] = {}  # what this build asked for

    def get(self, key: Hashable, inputs: tuple, make: Callable[[], T]) -> T:
        """make()'s result, or last build's result for this key if it was made from the very same inputs.

        key: plain values (hashed, compared with ==); inputs: objects (compared with `is`, and kept
        alive with the result, so that no other object can take an identity that is remembered)."""
        if not self.keep:
            return make()
        hit = self._last.get(key)
        if hit is None:
            result = make()
        else:
            last = hit[0]
            if len(last) != len(inputs):
                result = make()
            elif len(inputs) == 1:  # most asks: one product, one record (~200,000 per build at 20,000 products)
                result = hit[1] if last[0] is inputs[0] else make()
            else:
                result = hit[1] if all(map(operator.is_, last, inputs)) else make()
        self._now[key] = (inputs, result)
        return result

    def again(self, key: Hashable, inputs: tuple, make: Callable[[], T],
              patch: Callable[[tuple, T], T | None]) -> T:
        """get(), for a result that can be made from last build's: when the inputs are not all the very same
        objects, patch(last build's inputs, last build's result) makes it (a count of 20,000 products after
        one changed), or says it cannot (None) and make() does. patch's result must equal make()'s."""
        if not self.keep:
            return make()
        hit = self._last.get(key)
        if hit is None:
            result = make()
        elif len(hit[0]) == len(inputs) and all(map(operator.is_, hit[0], inputs)):
            result = hit[1]
        else:
            patched = patch(hit[0], hit[1])
            result = make() if patched is None else patched
        self._now[key] = (inputs, result)
        return result

    def equal(self, key: Hashable, value: T) -> T:
        """value, or the object last build gave under this key if it equals value (==). A result made again
        from changed inputs that came out the same (an edited record with the same pictures) is then the
        very same object as before, and the steps after recognise it by identity."""
        if not self.keep:
            return value
        hit = self._last.get(key)
        if hit is not None and (hit[1] is value or hit[1] == value):
            value = hit[1]
        self._now[key] = ((), value)
        return value

    def read_only(self) -> Reuse:
        """A Reuse that hands back this one's last build's results and keeps nothing for the next: for a build
        that patches the last one's result (ocop/body_edits.py), after which the next build may still reuse
        what the last whole build made."""
        view = Reuse(self.keep)
        view._last = self._last
        return view

    def next_build(self) -> None:
        """The results asked for since the last call are what the next build may reuse; the rest goes."""
        self._last, self._now = self._now, {}
