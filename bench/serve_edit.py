"""Save → page reloaded, as an editor lives it: `python build.py serve` on a content folder, one product
file edited at a time, the seconds from the save to the moment serve tells the browser to reload
(its /__reload long poll answers with a new version), checked by fetching the product page. With
--search, serve reloads once the pages are written and brings the search index up to date after:
the seconds to that (as serve prints them, from the moment it saw the save) are reported too, and
the next edit waits for it.

    python bench/serve_edit.py /tmp/ocop-20000/content --edits 5           # --no-search by default
    python bench/serve_edit.py /tmp/ocop-20000/content --edits 5 --search  # with the Pagefind index
    python bench/serve_edit.py /tmp/ocop-20000/content --edits 5 --edit producer

--edit body (the default) adds a paragraph to the description: serve makes that product's page alone
(ocop/body_edits.py). --edit producer corrects the producer's name in the front matter: shown on listings,
the province page, the feeds and the open data too, which serve makes from its last build's result (the same
module). --edit name adds words at the end of the product's name, so that it keeps its place in the catalog's
order: serve makes it from the last build's result too, and writes again the rows of the decisions that
recognised it (a name that moves the product makes the build look at every record, with its memory).
--edit group moves the product to another group (Thực phẩm ↔ Đồ uống): the build looks at every record, with
its memory, and makes again the listing pages the product leaves and joins, from where it was or goes on.
--edit new adds a product (a copy of the file under another name, with no decision yet: it comes last in the
listings, as a product an editor writes before its decision is published); the undo removes it.

The folder is edited in place and every edit is undone (each undo is a rebuild too, not timed).
"""
from __future__ import annotations

import argparse
import json
import re
import queue
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
if str(PROJECT) not in sys.path:
    sys.path.insert(0, str(PROJECT))

from bench.run import tree_pss, tree_rss  # noqa: E402


def current_version(base: str, seen: int | None = None, timeout: float = 600) -> dict:
    query = f"?v={seen}" if seen is not None else ""
    deadline = time.monotonic() + timeout
    while True:
        with urllib.request.urlopen(f"{base}__reload{query}", timeout=60) as answer:
            state = json.load(answer)
        if seen is None or state["version"] != seen or time.monotonic() > deadline:
            return state


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("content", type=Path)
    parser.add_argument("--out", type=Path, help="site folder (default: site/ beside the content folder)")
    parser.add_argument("--date", default="2026-12-02")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--search", action="store_true", help="build the Pagefind index too")
    parser.add_argument("--edit", choices=("body", "producer", "name", "group", "new"), default="body",
                        help="what each edit changes: the description, the producer's name, the product's name or "
                             "its group, or a product added")
    parser.add_argument("--project", type=Path, default=PROJECT,
                        help="whose build.py to run (e.g. a git worktree of an older commit, to compare)")
    parser.add_argument("--pause", type=float, default=1.0,
                        help="seconds between a finished build and the next save (an editor reads the page; "
                             "serve's build process tidies its memory meanwhile: ~0.5 s at 20,000 products)")
    args = parser.parse_args()
    command = [sys.executable, str(args.project / "build.py"), "serve", "--content", str(args.content), "--date", args.date,
               "--port", "0"] + (["--out", str(args.out)] if args.out else []) + ([] if args.search else ["--no-search"])
    started = time.perf_counter()
    serve = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in serve.stdout], daemon=True).start()
    peak = {"rss": 0, "pss": 0}  # over serve, its build process, render workers and Pagefind, after the first build
    measuring = threading.Event()

    def sample() -> None:
        while serve.poll() is None:
            if measuring.is_set():
                peak["rss"] = max(peak["rss"], tree_rss(serve.pid))
                peak["pss"] = max(peak["pss"], tree_pss(serve.pid))
            time.sleep(0.05)
    threading.Thread(target=sample, daemon=True).start()

    def next_build_line(timeout: float = 600) -> str:
        """serve's line for the next finished build: '[HH:MM:SS] why: ...'."""
        while True:
            line = lines.get(timeout=timeout)
            if re.match(r"^\[\d\d:\d\d:\d\d\] ", line):
                return line

    try:
        base = None
        while base is None:
            found = re.search(r"tại (http://127\.0\.0\.1:\d+/)", lines.get(timeout=1800))
            base = found.group(1) if found else None
        print(f"first build and start: {time.perf_counter() - started:.1f} s", flush=True)
        measuring.set()
        version = current_version(base)["version"]
        products = sorted(args.content.glob("products/*/*.md"))
        site = args.out or args.content.parent / "site"

        def names_bundles() -> dict[str, int]:
            """The names bundles in site/ (not the full-text ones), each by its entry file's inode."""
            found = {}
            for bundle in site.glob("pagefind*"):
                entry = bundle / "pagefind-entry.json"
                if not bundle.name.startswith("pagefind-toan-van") and entry.exists():
                    found[bundle.name] = entry.stat().st_ino
            return found
        names_seconds: list[float] = []
        step = max(1, len(products) // max(1, args.edits))
        seconds, index_seconds = [], []
        for number in range(args.edits):
            time.sleep(args.pause)
            file = products[number * step]
            original = file.read_text(encoding="utf-8")
            written = file  # the file saved: the product's, or a new product's
            if args.edit == "new":
                field = re.search(r"^name: (.+)$", original, re.M)
                marker = f"{field.group(1)} mới {number}"
                written = file.with_name(f"{file.stem}-moi-{number}.md")
                edited = original[:field.start(1)] + marker + original[field.end(1):]
            elif args.edit == "group":
                field = re.search(r"^group: (.+)$", original, re.M)
                group = "Thực phẩm" if field and field.group(1) == "Đồ uống" else "Đồ uống"
                marker = f">{group}</a>"  # the product page's link to its group
                if field:
                    edited = original[:field.start(1)] + group + original[field.end(1):]
                else:  # a product of no group (~5 % of the synthetic ones) gets one
                    name = re.search(r"^name: .+$", original, re.M)
                    edited = original[:name.end()] + f"\ngroup: {group}" + original[name.end():]
            elif args.edit == "body":
                marker = f"Đoạn sửa thử số {number} lúc {time.time():.0f}."
                edited = original.rstrip("\n") + f"\n\n{marker}\n"
            else:
                field = re.search(r"^producer:\n  name: (.+)$" if args.edit == "producer" else r"^name: (.+)$",
                                  original, re.M)
                marker = f"{field.group(1)} (sửa lần {number} lúc {time.time():.0f})"
                edited = original[:field.start(1)] + marker + original[field.end(1):]
            names_before = names_bundles() if args.search else {}
            names_swapped: list[float] = []

            def watch_names() -> None:  # the moment a names bundle is swapped in (the search page's first index)
                while time.perf_counter() - saved < 120 and not names_swapped:
                    try:
                        if names_bundles() != names_before:
                            names_swapped.append(time.perf_counter() - saved)
                    except OSError:  # a bundle swapped while it was looked at
                        pass
                    time.sleep(0.05)
            saved = time.perf_counter()
            written.write_text(edited, encoding="utf-8")
            watcher = threading.Thread(target=watch_names, daemon=True)
            if args.search:
                watcher.start()
            state = current_version(base, version)
            took = time.perf_counter() - saved
            version = state["version"]
            if not state["ok"]:
                print(f"build failed: {state['errors'][:3]}", file=sys.stderr)
                return 1
            with urllib.request.urlopen(f"{base}san-pham/{written.stem}/", timeout=60) as answer:
                page = answer.read().decode("utf-8")
            assert marker in page, f"{written.stem}: the page does not show the edit"
            seconds.append(took)
            done = re.search(r"chỉ mục tìm kiếm cập nhật xong sau (\d+,\d) giây", next_build_line())
            index = f", search index up to date {done.group(1)} s after serve saw it" if done else ""
            if args.search:
                watcher.join(timeout=5)
                if names_swapped:
                    names_seconds.append(names_swapped[0])
                    index += f" (a names bundle swapped in {names_swapped[0]:.1f} s after the save)"
            if done:
                index_seconds.append(float(done.group(1).replace(",", ".")))
            print(f"edit {number + 1}: {written.relative_to(args.content)}: page reloaded {took:.2f} s after the "
                  f"save{index}", flush=True)
            if written == file:
                file.write_text(original, encoding="utf-8")
            else:
                written.unlink()
            version = current_version(base, version)["version"]  # the undo's rebuild, not timed
            next_build_line()  # and its search index
            time.sleep(args.pause)
        print(f"save → reload: median {statistics.median(seconds):.2f} s, min {min(seconds):.2f}, "
              f"max {max(seconds):.2f} ({len(seconds)} edits)")
        if index_seconds:
            print(f"search index up to date: median {statistics.median(index_seconds):.1f} s, "
                  f"min {min(index_seconds):.1f}, max {max(index_seconds):.1f}")
        if names_seconds:
            print(f"names index (what the search page queries first) up to date: median "
                  f"{statistics.median(names_seconds):.1f} s, min {min(names_seconds):.1f}, max {max(names_seconds):.1f}")
        print(f"peak memory while editing (serve and all its processes): {peak['rss'] / 2**20:.0f} MB RSS summed, "
              f"{peak['pss'] / 2**20:.0f} MB PSS")
    finally:
        serve.terminate()
        serve.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
