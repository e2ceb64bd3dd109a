"""ocop/reuse.py: what serve's build process reuses from one build to the next."""
from __future__ import annotations

from ocop.reuse import Reuse


def test_a_result_is_reused_only_while_every_input_is_the_very_same_object():
    reuse = Reuse()
    a, b = ["a"], ["b"]
    first = reuse.get("key", (a, b), lambda: object())
    reuse.next_build()
    assert reuse.get("key", (a, b), lambda: object()) is first
    reuse.next_build()
    assert reuse.get("key", (a, ["b"]), lambda: object()) is not first  # equal, not the same: made again


def test_what_a_build_did_not_ask_for_is_not_kept_for_the_next():
    reuse = Reuse()
    kept = reuse.get("key", (), lambda: object())
    reuse.next_build()
    reuse.next_build()  # a build that did not ask for "key"
    assert reuse.get("key", (), lambda: object()) is not kept


def test_an_equal_result_made_again_is_last_builds_very_object():
    reuse = Reuse()
    first = reuse.equal("media", ("qr.svg", "qr.png"))
    reuse.next_build()
    again = reuse.equal("media", tuple(["qr.svg", "qr.png"]))
    assert again is first
    reuse.next_build()
    other = ("qr.svg", "other.png")
    assert reuse.equal("media", other) is other


def test_a_one_shot_build_keeps_nothing():
    reuse = Reuse(keep=False)
    first = reuse.get("key", (), lambda: object())
    reuse.next_build()
    assert reuse.get("key", (), lambda: object()) is not first
    value = ("x",)
    assert reuse.equal("media", value) is value


def test_again_gives_last_result_patches_it_or_makes_it_anew():
    reuse = Reuse()
    a, b, c = object(), object(), object()
    calls: list[str] = []

    def make(value):
        return lambda: calls.append("make") or value

    def patch(value):
        return lambda last, result: calls.append(("patch", last, result)) or value

    assert reuse.again("k", (a, b), make(1), patch(99)) == 1 and calls == ["make"]  # nothing from before
    reuse.next_build()
    assert reuse.again("k", (a, b), make(2), patch(99)) == 1 and calls == ["make"]  # the very same inputs
    reuse.next_build()
    assert reuse.again("k", (a, c), make(3), patch(4)) == 4 and calls[1:] == [("patch", (a, b), 1)]
    reuse.next_build()
    assert reuse.again("k", (c,), make(5), patch(None)) == 5 and calls[2:] == [("patch", (a, c), 4), "make"]
    reuse.next_build()
    reuse.next_build()  # not asked in a build: forgotten
    assert reuse.again("k", (c,), make(6), patch(99)) == 6
    assert Reuse(keep=False).again("k", (a,), make(7), patch(99)) == 7
