#!/usr/bin/env python3
"""Benchmark: full builds of N synthetic products; wall time, peak memory, pages/second.

    python bench/run.py --products 1000 20000 [--search] [--warm] [--repeat 3] [--workers 2]

For each N it writes synthetic content (bench/synthetic.py) into a temporary folder, then
builds it `--repeat` times in a fresh Python process each, the way `python build.py` does
(same stages, same options), with the Markdown/image cache in the temporary folder:

* cold: the cache is deleted before every run;
* warm (--warm): every timed run reuses the cache the cold runs filled, into an empty site/
  (every page rendered: the "warm full build");
* noop and edit (--edit): incremental builds into the site the last run left: nothing
  changed, then one product's description changed (a different product each run): the
  time from saving a record to its pages (and everything that shows it) being written.

Peak memory is the largest sum of resident memory (RSS) over the build process and all
its descendants (render workers, Pagefind), sampled every 50 ms from /proc. Forked
workers share pages with their parent, so this sum overstates real use a little; it is
the number the brief asks for. The sum of PSS (each shared page divided among the
processes that share it, from /proc/PID/smaps_rollup) is printed beside it. The load average (`uptime`) is printed with each row,
since other people's builds share the machine's cores.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from bench.synthetic import DEFAULT_SEED, write_content  # noqa: E402

BUILD_DATE = "2026-11-23"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_bytes: int  # largest sum of RSS over the process tree
    peak_pss: int  # largest sum of PSS over the process tree (forked workers' shared pages counted once)
    pages: int  # HTML pages written
    files: int  # every file in the output
    load: str  # 1-minute load average when the run started
    summary: str = ""  # the build's own report: files, products, seconds per stage


# ---------------------------------------------------------------- memory of a process tree

def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _tree(root: int) -> list[int]:
    children = _children_map()
    pids, stack = [], [root]
    while stack:
        pid = stack.pop()
        pids.append(pid)
        stack += children.get(pid, [])
    return pids


def tree_rss(root: int) -> int:
    """Sum of RSS over root and all its descendants, in bytes (0 when it has ended)."""
    total = 0
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_SIZE
        except OSError:
            pass
    return total


def tree_pss(root: int) -> int:
    """Sum of PSS (shared pages divided among the processes sharing them) over the tree, in bytes."""
    total = 0
    for pid in _tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            pass
    return total


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------- one build

CHILD = """
import datetime as dt, sys
from pathlib import Path
sys.path.insert(0, {project!r})
from ocop.build import build
from ocop.config import Config
config = Config(content_dir=Path({content!r}), site_dir=Path({site!r}), build_date=dt.date.fromisoformat({date!r}),
                cache_dir=Path({cache!r}), workers={workers}, search_index={search})
report = build(config)
print(report.summary())
"""


def build_once(root: Path, workers: int, search: bool, cold: bool, keep_site: bool = False) -> Run:
    content, site, cache = root / "content", root / "site", root / ".cache"
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    if not keep_site:
        shutil.rmtree(site, ignore_errors=True)
    code = CHILD.format(project=str(PROJECT_DIR), content=str(content), site=str(site), date=BUILD_DATE,
                        cache=str(cache), workers=workers, search=search)
    load = load_average()
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    peak = peak_pss = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        peak_pss = max(peak_pss, tree_pss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}):\n{out}\n{err}")
    pages = files = 0
    for _, _, names in os.walk(site):
        files += len(names)
        pages += sum(1 for n in names if n.endswith(".html"))
    return Run(seconds, peak, peak_pss, pages, files, load, out.strip())


def edit_one_product(content: Path, index: int) -> Path:
    """Add a sentence to the description of one product (the index-th in name order): an editor's save."""
    product = sorted(content.glob("products/*/*.md"))[index * 97 % 1000]
    with product.open("a", encoding="utf-8") as body:
        body.write(f"\nSản phẩm được giới thiệu tại hội chợ lần thứ {index + 1}.\n")
    return product


def median_row(n: int, mode: str, search: bool, runs: list[Run]) -> str:
    seconds = [r.seconds for r in runs]
    wall = statistics.median(seconds)
    peak = statistics.median(r.peak_bytes for r in runs) / 2**20
    pss = statistics.median(r.peak_pss for r in runs) / 2**20
    pages = runs[0].pages
    loads = ", ".join(r.load.split()[0] for r in runs)
    return (f"| {n:>6} | {mode:<4} | {'yes' if search else 'no':<6} | {pages:>6} | {runs[0].files:>6} | "
            f"{wall:7.2f} | {min(seconds):6.2f}–{max(seconds):6.2f} | {peak:7.0f} | {pss:7.0f} | {pages / wall:7.0f} | {loads} |")


HEADER = ("|      N | mode | search |  pages |  files | wall s (median) | min–max s | peak RSS MB | peak PSS MB | pages/s | load (1 min) at start |\n"
          "|-------:|------|--------|-------:|-------:|--------:|----------------:|--------:|--------:|--------:|------|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time full builds of N synthetic products.")
    parser.add_argument("--products", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--search", action="store_true", help="also build the Pagefind index")
    parser.add_argument("--warm", action="store_true", help="also time warm builds (on the cache the cold runs filled)")
    parser.add_argument("--edit", action="store_true",
                        help="also time incremental builds: nothing changed, then one product's description edited")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per row; the table gives the median")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--stages", action="store_true", help="print each build's seconds per stage under its row")
    parser.add_argument("--keep", help="build in this folder instead of a temporary one (kept afterwards)")
    args = parser.parse_args(argv)

    print(f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
          f"workers={args.workers}, seed={args.seed}, load {load_average()}")
    print(HEADER, flush=True)
    for n in args.products:
        root = Path(args.keep) / str(n) if args.keep else Path(tempfile.mkdtemp(prefix=f"ocop-bench-{n}-"))
        try:
            write_content(root, n, args.seed)
            runs = [build_once(root, args.workers, args.search, cold=True) for _ in range(args.repeat)]
            print(median_row(n, "cold", args.search, runs), flush=True)
            if args.stages:
                print("\n".join(f"<!-- {r.summary} -->" for r in runs), flush=True)
            if args.warm:  # the cold runs above left a full cache of this content
                runs = [build_once(root, args.workers, args.search, cold=False) for _ in range(args.repeat)]
                print(median_row(n, "warm", args.search, runs), flush=True)
                if args.stages:
                    print("\n".join(f"<!-- {r.summary} -->" for r in runs), flush=True)
            if args.edit:
                for mode, change in (("noop", False), ("edit", True)):
                    runs = []
                    for index in range(args.repeat):
                        if change:
                            edit_one_product(root / "content", index)
                        runs.append(build_once(root, args.workers, args.search, cold=False, keep_site=True))
                    print(median_row(n, mode, args.search, runs), flush=True)
                    if args.stages:
                        print("\n".join(f"<!-- {r.summary} -->" for r in runs), flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
