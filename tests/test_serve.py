"""`python build.py serve`, for real: a subprocess on a free port, files edited on disk.

Every wait polls with a deadline; nothing sleeps blindly.
"""
from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import PROJECT_DIR, launch_chromium, make_config, minimal_content, require_chromium, write_content
from ocop.build import BuildMemory
from ocop.serve import (PREVIEW_TITLE, Builder, BuildResult, LiveState, body_edits_words, build_once, inject, rebuild,
                        shown_edits_words)

DEADLINE = 60.0  # seconds; generous because other builds share this machine's two cores
PRODUCT = "content/products/bac-kan/mien-dong-thu.md"
PAGE = "/san-pham/mien-dong-thu/"


def wait_for(what: str, probe, timeout: float = DEADLINE, every: float = 0.1):
    """Call probe() until it returns something truthy; fail with `what` after the deadline."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(every)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}; last value: {last!r}")


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _as_in_a_terminal() -> None:
    """In the child before it starts: Ctrl+C as a terminal delivers it. A test run started in the
    background by a shell without job control (`.ci/run &`) ignores SIGINT, and Python then never
    turns it into KeyboardInterrupt: serve would not stop on Ctrl+C there, nor anywhere it is ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def serve_command(root: Path, search: bool = False) -> list[str]:
    """`python build.py serve` on root/content into root/site, on a free port."""
    return ([sys.executable, str(PROJECT_DIR / "build.py"), "serve", "--content", str(root / "content"),
             "--out", str(root / "site"), "--port", "0", "--workers", "1", "--date", "2026-11-23"]
            # with the search index, builds are incremental as an editor's are (the cache keeps their record)
            + ([] if search else ["--no-search", "--no-cache"]))


class Server:
    """A running `python build.py serve` with its terminal output collected."""

    def __init__(self, root: Path, own_process_group: bool = False, search: bool = False):
        self.root = root
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.process = subprocess.Popen(
            serve_command(root, search),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=own_process_group,
            preexec_fn=_as_in_a_terminal)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        line = wait_for("the server's address", lambda: self._line_with("http://127.0.0.1:"))
        self.base = "http://127.0.0.1:" + line.split("http://127.0.0.1:")[1].split("/")[0]

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def _line_with(self, text: str) -> str | None:
        while True:
            try:
                self.output.append(self.lines.get_nowait())
            except queue.Empty:
                break
        if self.process.poll() is not None and self.lines.empty():
            pytest.fail("serve stopped:\n" + "".join(self.output))
        return next((line for line in self.output if text in line), None)

    def terminal(self) -> str:
        self._line_with("")
        return "".join(self.output)

    def get(self, path: str) -> tuple[int, str]:
        return fetch(self.base + path)

    def state(self) -> dict:
        return json.loads(self.get("/__reload")[1])

    def final_output(self) -> str:
        """Everything serve printed, once it has stopped."""
        self.reader.join(timeout=DEADLINE)
        while not self.lines.empty():
            self.output.append(self.lines.get_nowait())
        return "".join(self.output)

    def builds(self) -> int:
        """Builds so far, as the terminal reports them: one '[HH:MM:SS] why: ...' line each."""
        self._line_with("")
        return sum(1 for line in self.output if re.match(r"^\[\d\d:\d\d:\d\d\] ", line))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process.stdout.close()


@pytest.fixture
def server(tmp_path):
    write_content(tmp_path, minimal_content())
    running = Server(tmp_path)
    yield running
    running.stop()


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow  # runs `build.py serve` with Pagefind
def test_with_search_the_browser_reloads_once_the_pages_are_written_then_the_index_follows(tmp_path):
    write_content(tmp_path, minimal_content())
    server = Server(tmp_path, search=True)
    try:
        wait_for("the first build", lambda: server.builds() == 1)
        index = {p: p.stat().st_mtime_ns for p in (tmp_path / "site").glob("pagefind*/**/*") if p.is_file()}
        assert index, "serve builds the search index by default"
        seen = server.state()["version"]
        edit(tmp_path, PRODUCT, "name: Miến dong Thử", "name: Miến dong Thử Mới")
        wait_for("the rebuild's line", lambda: server.builds() == 2)
        line = server.terminal().splitlines()[-1]
        found = re.search(r"trang đã dựng lại sau (\d+,\d) giây .* chỉ mục tìm kiếm cập nhật xong sau (\d+,\d) giây", line)
        assert found, line
        pages, everything = (float(x.replace(",", ".")) for x in found.groups())
        assert pages <= everything
        assert server.state()["version"] == seen + 1, "one reload per save, when the pages were written"
        assert "Miến dong Thử Mới" in server.get(PAGE)[1]
        now = {p: p.stat().st_mtime_ns for p in (tmp_path / "site").glob("pagefind*/**/*") if p.is_file()}
        assert now != index, "the renamed product's names shard was indexed again"

        # a description edit: that product's page alone, then the full-text index that holds it
        edit(tmp_path, PRODUCT, "Mô tả sản phẩm.", "Mô tả sản phẩm, làm từ củ dong riềng.")
        wait_for("the description's rebuild", lambda: server.builds() == 3)
        line = server.terminal().splitlines()[-1]
        assert re.search(r"trang đã dựng lại sau \d+,\d giây \(chỉ dựng trang của sản phẩm vừa sửa mô tả\) .* "
                         r"chỉ mục tìm kiếm cập nhật xong", line), line
        assert "củ dong riềng" in server.get(PAGE)[1]
        after = {p: p.stat().st_mtime_ns for p in (tmp_path / "site").glob("pagefind*/**/*") if p.is_file()}
        indexed_again = {p.relative_to(tmp_path / "site").parts[0] for p in after if after[p] != now.get(p)}
        assert indexed_again == {"pagefind-toan-van"}, "the full-text index alone: names are not descriptions"
        # the bundles swapped out are removed once serve has reported the build (build.remove_replaced)
        wait_for("the bundles swapped out removed", lambda: not any("-index-" in p.name for p in tmp_path.iterdir()))
    finally:
        server.stop()


@pytest.mark.slow  # runs `build.py serve` and waits for rebuilds
def test_serve_rebuilds_on_save_shows_errors_and_keeps_the_last_good_site(server):
    root = server.root
    status, page = server.get(PAGE)
    assert status == 200 and "Miến dong Thử" in page
    assert "/__reload" in page, "the live-reload script is injected into served pages"
    on_disk = (root / "site" / "san-pham" / "mien-dong-thu" / "index.html").read_text(encoding="utf-8")
    assert "__reload" not in on_disk, "the script must never be written into site/ on disk"
    # base_url is conftest's placeholder (https://ocop.example.test): the preview says so, the files never
    assert PREVIEW_TITLE in page and "https://ocop.example.test" in page.split(PREVIEW_TITLE)[1][:400]
    assert page.index(PREVIEW_TITLE) < page.index("<h1"), "at the top of the page, never covering it"
    assert PREVIEW_TITLE not in on_disk and "ocop-serve-preview" not in on_disk
    first = server.state()
    assert first["ok"] and first["errors"] == []

    # 1. a change is rebuilt and served
    edit(root, PRODUCT, "name: Miến dong Thử", "name: Miến dong Thử Mới")
    wait_for("the renamed product", lambda: "Miến dong Thử Mới" in server.get(PAGE)[1])
    wait_for("the new build's version", lambda: server.state()["version"] > first["version"])
    assert not (root / "content" / "published-urls.txt").exists(), \
        "a preview publishes nothing: serve must not record URLs in the ledger"

    # 2. a mistake: the overlay lists it, the terminal prints the same line, the last good page stays
    edit(root, PRODUCT, "province: bac-kan", "provice: bac-kan")
    expected = f"{PRODUCT}:3: không có trường 'provice'; có phải là 'province'?"
    broken = wait_for("the error overlay", lambda: (lambda p: p if "ocop-serve-errors" in p else None)(server.get(PAGE)[1]))
    assert re.search(r"Nội dung có \d+ lỗi — trang chưa được cập nhật", broken), broken[-3000:]
    assert "bản dựng tốt gần nhất" in broken
    assert expected.replace("'", "&#x27;") in broken
    assert "Miến dong Thử Mới" in broken, "the last good page is still served under the overlay"
    assert not server.state()["ok"] and any(line.startswith(expected) for line in server.state()["errors"])
    wait_for("the error in the terminal", lambda: server._line_with(expected))
    assert "Miến dong Thử Mới" in (root / "site" / "san-pham" / "mien-dong-thu" / "index.html").read_text("utf-8"), \
        "site/ on disk keeps the last good build"
    assert "ocop-serve-errors" in server.get("/")[1], "every page shows the overlay while there are errors"

    # 3. fixing the file clears the overlay and serves the fix
    edit(root, PRODUCT, "provice: bac-kan", "province: bac-kan")
    edit(root, PRODUCT, "name: Miến dong Thử Mới", "name: Miến dong Thử Đã Sửa")
    # (a request that reads the state just before a build lands gets the stale overlay and an old
    # version number, so its script reloads at once; hence wait for both conditions together)
    wait_for("the fixed page without the overlay",
             lambda: (lambda p: "Miến dong Thử Đã Sửa" in p and "ocop-serve-errors" not in p)(server.get(PAGE)[1]))
    assert server.state()["ok"]


@pytest.mark.slow  # runs `build.py serve` and waits for rebuilds
def test_reload_endpoint_long_polls_until_the_next_build(server):
    version = server.state()["version"]
    answer: list[dict] = []
    waiter = threading.Thread(target=lambda: answer.append(json.loads(server.get(f"/__reload?v={version}")[1])))
    waiter.start()
    edit(server.root, PRODUCT, "Mô tả sản phẩm.", "Mô tả mới của sản phẩm.")
    waiter.join(timeout=DEADLINE)
    assert answer and answer[0]["version"] == version + 1 and answer[0]["ok"]
    wait_for("the new description", lambda: "Mô tả mới của sản phẩm." in server.get(PAGE)[1])


@pytest.mark.slow  # runs `build.py serve` and waits for rebuilds
def test_missing_pages_get_the_site_404_page_and_assets_are_served_untouched(server):
    status, body = server.get("/san-pham/khong-co/")
    assert status == 404 and "/__reload" in body
    script = re.search(r"<script>/\* python build.py serve.*?</script>\n", body, re.S).group(0)
    banner = re.search(r"\n<style>\n#ocop-serve-preview.*?</p>\n", body, re.S).group(0)
    assert PREVIEW_TITLE in banner and body.index(banner) < body.index("<h1")
    # the same page, but for the reload script, the preview banner and the page's CSP <meta> (which forbids
    # inline scripts)
    built = (server.root / "site" / "404.html").read_text(encoding="utf-8")
    built_without_policy = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", built, count=1)
    assert built_without_policy != built
    assert body.replace(script, "").replace(banner, "") == built_without_policy
    status, css = server.get("/assets/site.css")
    assert status == 200 and css == (PROJECT_DIR / "assets" / "site.css").read_text(encoding="utf-8")


@pytest.mark.slow  # runs `build.py serve` and waits for rebuilds
def test_first_build_failing_still_serves_the_errors_then_the_site_once_fixed(tmp_path):
    files = minimal_content()
    files["products/bac-kan/tra-thu.md"] = files["products/bac-kan/tra-thu.md"].replace("province:", "provinces:")
    write_content(tmp_path, files)
    running = Server(tmp_path)
    try:
        status, body = running.get(PAGE)
        assert status == 503
        assert "content/products/bac-kan/tra-thu.md:3: không có trường &#x27;provinces&#x27;" in body
        edit(tmp_path, "content/products/bac-kan/tra-thu.md", "provinces:", "province:")
        # the new site/ is swapped in a moment before serve publishes the build's result: the page is the
        # product's (200) then, with the last result's overlay still on it until the result is published
        wait_for("the site after the fix, without the errors",
                 lambda: (lambda page: page[0] == 200 and "ocop-serve-errors" not in page[1])(running.get(PAGE)))
        assert running.state()["ok"]
    finally:
        running.stop()


def test_a_broken_template_is_reported_with_its_file_and_line(tmp_path):
    """build_once is what serve runs on every save; a template mistake must not kill serve."""
    from conftest import make_config
    import shutil
    write_content(tmp_path, minimal_content())
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT_DIR / "templates", templates)
    (templates / "product.html").write_text("{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n",
                                         encoding="utf-8")
    config = make_config(tmp_path, templates_dir=templates)
    errors, base_url, _made = build_once(config)
    assert len(errors) == 1 and errors[0].startswith("templates/product.html:3: lỗi trong mẫu trang (template):"), errors
    assert base_url == "", "a failed build has no address to report"
    assert not (tmp_path / "site").exists(), "a failed build publishes nothing"


# ---------------------------------------------------------------- in a real browser

@pytest.mark.browser
def test_browser_reloads_by_itself_and_shows_the_overlay(server, tmp_path_factory):
    require_chromium()
    playwright = pytest.importorskip("playwright.sync_api")
    shots = Path(os.environ.get("OCOP_SCREENSHOTS") or tmp_path_factory.mktemp("screens"))
    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(server.base + PAGE)
            assert "Miến dong Thử" in page.inner_text("h1")

            edit(server.root, PRODUCT, "name: Miến dong Thử", "name: Miến dong Tự Tải Lại")
            page.wait_for_function("() => document.querySelector('h1').innerText.includes('Tự Tải Lại')",
                                   timeout=DEADLINE * 1000)

            edit(server.root, PRODUCT, "province: bac-kan", "provice: bac-kan")
            overlay = page.locator("#ocop-serve-errors")
            overlay.wait_for(state="visible", timeout=DEADLINE * 1000)
            assert "không có trường 'provice'" in overlay.inner_text()
            assert "Tự Tải Lại" in page.inner_text("h1"), "the last good page is under the overlay"
            page.screenshot(path=str(shots / "serve-overlay-390.png"))
            page.set_viewport_size({"width": 1280, "height": 800})
            page.screenshot(path=str(shots / "serve-overlay-1280.png"))
            assert page.get_by_role("button", name="Ẩn thông báo").is_visible()

            edit(server.root, PRODUCT, "provice: bac-kan", "province: bac-kan")
            page.wait_for_function("() => !document.getElementById('ocop-serve-errors')", timeout=DEADLINE * 1000)
            assert server.state()["ok"] and "Tự Tải Lại" in page.inner_text("h1")

            page.goto(server.base + PAGE)  # the hide button also works
            edit(server.root, PRODUCT, "province: bac-kan", "provice: bac-kan")
            overlay.wait_for(state="visible", timeout=DEADLINE * 1000)
            page.get_by_role("button", name="Ẩn thông báo").click()
            assert overlay.count() == 0
        finally:
            browser.close()


def test_a_busy_port_is_explained(tmp_path):
    import socket
    write_content(tmp_path, minimal_content())
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "serve", "--port", str(port),
                                 "--content", str(tmp_path / "content"), "--no-search", "--no-cache"],
                                capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1
    assert f"Không mở được cổng {port}" in result.stderr and "--port" in result.stderr
    assert not (tmp_path / "site").exists(), "nothing is built when serve cannot start"


def test_the_preview_banner_is_shown_only_for_a_placeholder_address():
    page = b"<!doctype html><html><body><h1>Trang</h1></body></html>"
    placeholder = inject(page, BuildResult(3, (), "10:00:00", "https://ocop.example.vn")).decode("utf-8")
    assert PREVIEW_TITLE in placeholder and "base_url" in placeholder and "content/site.yaml" in placeholder
    assert placeholder.index("<body>") < placeholder.index(PREVIEW_TITLE) < placeholder.index("<h1>")
    real = inject(page, BuildResult(3, (), "10:00:00", "https://ocop.thainguyen.gov.vn")).decode("utf-8")
    assert PREVIEW_TITLE not in real and "/__reload" in real


def content_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "content").rglob("*")) if p.is_file()}


def new_record(root: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "new", *args, "--no-input",
                             "--content", str(root / "content")], capture_output=True, text=True, encoding="utf-8",
                            timeout=120)
    assert result.returncode == 0, result.stderr


QUIET = 5.0  # seconds without a rebuild after each save: serve has settled


@pytest.mark.slow  # runs `build.py serve` and waits through quiet periods
def test_serve_rebuilds_once_per_save_then_stays_quiet_after_new_records_and_a_rename(tmp_path):
    """Issue 17: a preview build once wrote a temporary ledger file into content/, which the watcher
    saw, so every build started the next (181 rebuilds in 7 minutes). Count the rebuilds."""
    write_content(tmp_path, minimal_content())
    server = Server(tmp_path)
    try:
        def settles_at(expected: int, what: str) -> None:
            wait_for(f"the rebuild after {what}", lambda: server.builds() >= expected)
            time.sleep(QUIET)
            assert server.builds() == expected, f"{what}: more rebuilds than saves\n{server.terminal()}"
            assert server.state()["version"] == expected, "the browser is told to reload once per build"

        settles_at(1, "the first build")
        before = content_files(tmp_path)

        new_record(tmp_path, "product", "--name", "Chè Mới", "--province", "bac-kan", "--source-title", "Bài thử")
        settles_at(2, "new product")
        assert "Chè Mới" in server.get("/san-pham/che-moi/")[1]

        new_record(tmp_path, "rating", "--province", "bac-kan", "--date", "2025-06-12", "--number", "7/QĐ-UBND",
                   "--product", "che-moi", "--stars", "3", "--source-title", "Quyết định thử")
        settles_at(3, "new rating")

        products = tmp_path / "content/products/bac-kan"
        os.rename(products / "che-moi.md", products / "che-moi-htx-thu.md")  # what `git mv` does
        settles_at(4, "the rename")
        assert not server.state()["ok"], "the decision still names che-moi"
        rating = tmp_path / "content/ratings/bac-kan/2025-06-12-7-qd-ubnd.yaml"
        rating.write_text(rating.read_text(encoding="utf-8").replace("product: che-moi", "product: che-moi-htx-thu"),
                          encoding="utf-8")
        settles_at(5, "fixing the decision")
        assert server.state()["ok"] and "Chè Mới" in server.get("/san-pham/che-moi-htx-thu/")[1]

        # serve wrote nothing into content/: exactly the editor's three files changed, no ledger, no temp file
        after = content_files(tmp_path)
        assert sorted(set(after) - set(before)) == ["content/products/bac-kan/che-moi-htx-thu.md",
                                                     "content/ratings/bac-kan/2025-06-12-7-qd-ubnd.yaml"]
        assert set(before) - set(after) == set() and all(after[name] == before[name] for name in before)
    finally:
        server.stop()


@pytest.mark.slow  # runs `build.py serve`
def test_ctrl_c_stops_serve_cleanly_without_a_traceback(tmp_path):
    """A terminal sends Ctrl+C (SIGINT) to the whole process group: serve and its build process."""
    write_content(tmp_path, minimal_content())
    server = Server(tmp_path, own_process_group=True)
    try:
        wait_for("the first build", lambda: server.builds() >= 1)
        edit(tmp_path, PRODUCT, "Mô tả sản phẩm.", "Mô tả vừa sửa.")  # a rebuild may be under way: still clean
        time.sleep(1.0)
        os.killpg(server.process.pid, signal.SIGINT)
        server.process.wait(timeout=DEADLINE)
        output = server.final_output()
        assert server.process.returncode == 0, output
        assert "Đã dừng." in output
        assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
        assert output.rstrip().endswith("Đã dừng."), output
    finally:
        server.stop()


@pytest.mark.slow  # runs `build.py serve`
def test_ctrl_c_with_the_output_piped_to_a_reader_it_also_stops_leaves_no_traceback(tmp_path):
    """`python build.py serve | tee serve.log`: Ctrl+C stops tee too, and serve's last words find no reader.
    It stops all the same, with no BrokenPipeError traceback and no error at exit."""
    write_content(tmp_path, minimal_content())
    errors = tmp_path / "stderr.txt"
    with open(errors, "w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            serve_command(tmp_path),
            stdout=subprocess.PIPE, stderr=stderr, text=True, encoding="utf-8",
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True, preexec_fn=_as_in_a_terminal)
        try:
            for line in process.stdout:
                if "http://127.0.0.1:" in line:
                    break
            process.stdout.close()  # the reader is gone
            os.killpg(process.pid, signal.SIGINT)
            process.wait(timeout=DEADLINE)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
    said = errors.read_text(encoding="utf-8")
    assert process.returncode == 0, said
    assert "Traceback" not in said and "BrokenPipe" not in said and "Exception ignored" not in said, said


@pytest.mark.slow  # two builds in serve's build process
def test_two_threads_asking_for_a_build_at_once_get_one_build_each(tmp_path):
    """The first build runs on the main thread while the watcher may already ask for another (a save during
    it): the two must not share the pipe to the build process (found in review: UnpicklingError, a hang)."""
    write_content(tmp_path, minimal_content())
    builder = Builder(make_config(tmp_path))
    results: dict[int, object] = {}
    try:
        threads = [threading.Thread(target=lambda n=n: results.__setitem__(n, builder.run())) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DEADLINE)
        assert not any(thread.is_alive() for thread in threads)
        assert results[0] == results[1] == ((), "https://ocop.example.test", "")
    finally:
        builder.close()
    assert builder.run() is None, "after close() no build process is started again"



def test_a_save_that_changes_no_page_reloads_nothing(tmp_path):
    """vim writes its swap file while one types, and a file saved as it was changes no page: the browser is
    not reloaded for them, and the terminal stays quiet; a description edit is built and said so."""
    write_content(tmp_path, minimal_content())
    config = make_config(tmp_path)
    memory = BuildMemory()
    errors, base_url, _made = build_once(config, memory)
    assert errors == ()
    record = tmp_path / PRODUCT
    swap = record.with_name(f".{record.name}.swp")
    swap.write_text("x", encoding="utf-8")
    assert build_once(config, memory, changed=(str(swap),)) == ((), base_url, None)
    record.write_text(record.read_text(encoding="utf-8"), encoding="utf-8")
    assert build_once(config, memory, changed=(str(record),)) == ((), base_url, None)
    edit(tmp_path, PRODUCT, "Mô tả sản phẩm.", "Mô tả mới của sản phẩm.")
    assert build_once(config, memory, changed=(str(record),)) == ((), base_url, body_edits_words(1))
    # a locality added shows on the product's page and the cards of it: those pages alone, and said so
    edit(tmp_path, PRODUCT, "group: Thực phẩm\n", "group: Thực phẩm\nlocality: xã Thử\n")
    errors, _, made = build_once(config, memory, changed=(str(record),))
    assert errors == () and made in {shown_edits_words(n) for n in range(2, 40)}
    assert "xã Thử" in (config.site_dir / "san-pham/mien-dong-thu/index.html").read_text(encoding="utf-8")

    class Unchanged:
        config = make_config(tmp_path)

        def run(self, pages_written, changed=None):
            return (), base_url, None
    live = LiveState()
    before = live.current()
    assert rebuild(Unchanged(), live, "thay đổi content/products/bac-kan/.mien-dong-thu.md.swp") == before
    assert live.current().version == before.version
