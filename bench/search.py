#!/usr/bin/env python3
"""Benchmark of the search page: bytes a first query downloads and time to its results, in Chromium.

    python bench/search.py SITE_DIR ["mat ong" "ca" …] [--slow-4g]

Serves SITE_DIR (a built site with its Pagefind index) on 127.0.0.1, counting the bytes of
every response; in headless Chromium (Debian's /usr/bin/chromium, a fresh context per query,
390 px wide) opens /tim-kiem/, types the query, and times until the results are in
(#search-app without aria-busy, the status line saying what was found). Prints, per query,
the bytes and requests of the Pagefind files and of everything, and the seconds. "with gzip" is what
a host that compresses text (docs/publishing.md's nginx, GitHub Pages) sends of the Pagefind
files: their .js gzipped, the index files as they are (Pagefind compresses them). --by-kind
also splits the Pagefind bytes by kind of file (wasm, js, entry, meta, index, filter, fragment).
--slow-4g emulates a phone on slow 4G (150 ms, 1.6 Mbit/s) with the Chrome DevTools Protocol.
--full-text queries the full-text index instead (what "search descriptions too" loads).
Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
QUERIES = ("mat ong", "ca", "gao", "tra", "nuoc mam", "dong", "banh", "mien dong")


# what the documented nginx configuration (docs/publishing.md) and GitHub Pages compress; Pagefind's own
# index files (pf_*, the WASM) are gzip-compressed already
GZIP_SUFFIXES = (".js", ".css", ".html", ".json", ".svg", ".xml")


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site and adds up the bytes of each response body, by path: as sent (uncompressed) and as a
    host that gzips text would send them."""
    sent: dict = {}
    gzipped: dict = {}

    def log_message(self, *args) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        outputfile.write(data)
        path = self.path.split("?", 1)[0]
        wire = len(gzip.compress(data, 6)) if path.endswith(GZIP_SUFFIXES) or path.endswith("/") else len(data)
        CountingHandler.sent[self.path] = CountingHandler.sent.get(self.path, 0) + len(data)
        CountingHandler.gzipped[self.path] = CountingHandler.gzipped.get(self.path, 0) + wire


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(CountingHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def first_query(browser, base: str, query: str, slow: bool, full_text: bool = False) \
        -> tuple[float, int, int, int, int, str]:
    """(seconds, pagefind bytes, pagefind requests, all bytes, all requests, status line) of one first query;
    full_text: on the search page as "search descriptions too" leaves it (?toan-van=1): the full-text index."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    if slow:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                      "downloadThroughput": 200_000, "uploadThroughput": 100_000})
    page.goto(f"{base}/tim-kiem/" + ("?toan-van=1" if full_text else ""))
    page.wait_for_load_state("networkidle")
    CountingHandler.sent = {}
    CountingHandler.gzipped = {}
    start = time.perf_counter()
    page.fill("#search-page-q", query)
    page.wait_for_function("""() => {
        const app = document.querySelector('#search-app');
        const status = document.querySelector('#search-status');
        return app && app.getAttribute('aria-busy') !== 'true' && status && /tìm thấy/i.test(status.textContent);
    }""", timeout=120_000)
    seconds = time.perf_counter() - start
    status = page.evaluate("() => document.querySelector('#search-status').textContent")
    sent = dict(CountingHandler.sent)
    context.close()
    pagefind = {path: n for path, n in sent.items() if path.startswith("/pagefind")}
    wire = sum(n for path, n in CountingHandler.gzipped.items() if path.startswith("/pagefind"))
    return seconds, pagefind, wire, sum(sent.values()), len(sent), status.strip()


def kind_of(path: str) -> str:
    """What a Pagefind file is: wasm, js, entry, meta, index (word chunks), filter, fragment."""
    name = path.rsplit("/", 1)[-1]
    for kind, test in (("wasm", name.startswith("wasm.")), ("js", name.endswith(".js")),
                       ("entry", name.endswith("entry.json")), ("meta", name.endswith(".pf_meta")),
                       ("index", "/index/" in path), ("filter", "/filter/" in path),
                       ("fragment", "/fragment/" in path)):
        if test:
            return kind
    return "other"


def by_kind(files: dict[str, int]) -> str:
    totals: dict[str, list[int]] = {}
    for path, n in files.items():
        entry = totals.setdefault(kind_of(path), [0, 0])
        entry[0] += n
        entry[1] += 1
    return ", ".join(f"{kind} {n / 1024:.0f} KiB/{count}" for kind, (n, count) in sorted(totals.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bytes and time of a first search query, in Chromium.")
    parser.add_argument("site", type=Path)
    parser.add_argument("queries", nargs="*", default=list(QUERIES))
    parser.add_argument("--slow-4g", action="store_true")
    parser.add_argument("--by-kind", action="store_true", help="also the Pagefind bytes by kind of file")
    parser.add_argument("--full-text", action="store_true",
                        help="query the full-text index (descriptions too, ?toan-van=1) instead of the names index")
    args = parser.parse_args(argv)
    server, base = serve(args.site.resolve())
    print("| query | Pagefind KiB | with gzip KiB | Pagefind requests | all KiB | all requests | seconds | status |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for query in args.queries:
                seconds, pagefind, wire, total, requests, status = first_query(browser, base, query, args.slow_4g,
                                                                               args.full_text)
                print(f"| {query} | {sum(pagefind.values()) / 1024:.0f} | {wire / 1024:.0f} | {len(pagefind)} | "
                      f"{total / 1024:.0f} | {requests} | {seconds:.2f} | {status[:60]} |", flush=True)
                if args.by_kind:
                    print(f"|   | {by_kind(pagefind)} ||||||", flush=True)
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
