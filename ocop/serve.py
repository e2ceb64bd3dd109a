"""`python build.py serve`: build, serve site/ on 127.0.0.1, rebuild on save, reload the browser.

    watcher thread  --- change in content/, templates/, assets/ (watchfiles) --->  rebuild
    rebuild         --- in a separate build process that lives as long as serve and keeps
                        what the last build made (build.BuildMemory): after one saved file it
                        reads, checks and fingerprints that record alone. The build swaps
                        staging into site/ only on success, so a mistake leaves the last good
                        site served
    LiveState       --- the latest result (version + errors), read by the HTTP threads
    HTTP handler    --- serves site/; into every HTML response (never into the files on
                        disk) it injects a small script that long-polls /__reload and
                        reloads the page when the version changes, and, while the last
                        build failed, an overlay listing every `path:line: message`; while
                        base_url is still a placeholder (ocop/release.py), a banner saying
                        the page is a preview whose address is not set yet.

Ctrl+C (SIGINT, sent to the whole process group by the terminal) and SIGTERM end it with
"Đã dừng.": the build process ignores SIGINT and is shut down by serve, so no process
prints a KeyboardInterrupt traceback.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import http.server
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
import watchfiles

from . import parallel
from .build import BuildMemory, between_builds, build, remove_replaced
from .config import Config
from .errors import BuildFailed, summary_line
from .files import shown_path
from .release import is_placeholder

RELOAD_PATH = "/__reload"
LONG_POLL_SECONDS = 20.0


# ---------------------------------------------------------------- the latest build result

@dataclass(frozen=True)
class BuildResult:
    version: int  # goes up by one after every build, good or bad
    errors: tuple[str, ...]  # 'path:line: message' lines; empty when the build succeeded
    finished: str  # HH:MM:SS, for the terminal and the overlay
    base_url: str = ""  # of the last good build: a placeholder gets the preview banner

    @property
    def ok(self) -> bool:
        return not self.errors


class LiveState:
    """The one shared value of a serve session: the latest BuildResult, behind a condition."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._result = BuildResult(0, (), "")

    def current(self) -> BuildResult:
        with self._changed:
            return self._result

    def publish(self, errors: tuple[str, ...], base_url: str = "") -> BuildResult:
        with self._changed:
            self._result = BuildResult(self._result.version + 1, errors, dt.datetime.now().strftime("%H:%M:%S"),
                                       base_url or self._result.base_url)
            self._changed.notify_all()
            return self._result

    def wait_for_change(self, seen_version: int, timeout: float) -> BuildResult:
        with self._changed:
            self._changed.wait_for(lambda: self._result.version != seen_version, timeout)
            return self._result


# ---------------------------------------------------------------- building

def build_once(config: Config, memory: BuildMemory | None = None,
               pages_written: Callable[[str], None] | None = None,
               changed: tuple[str, ...] | None = None) -> tuple[tuple[str, ...], str, str | None]:
    """Build; return the errors as 'path:line: message' lines (empty on success), the site's base_url
    ('' when the build failed) and, for the terminal, what the build made when it was less than a look at
    everything (ocop/body_edits.py), else ''; None when the saved files changed no page (a swap file an
    editor writes while one types, a file saved as it was): nothing to reload. memory: what the build process kept from its last build;
    pages_written and changed (the files the watcher saw change, None when not known): see build.build.

    Runs in the build process. Content mistakes come as BuildFailed; a broken template or
    any other failure is reported too, as precisely as it can be, so serve never dies of it.
    A preview publishes nothing, so nothing is recorded in the URL ledger (only `python
    build.py` and CI do that): a product tried out under one slug and renamed before it was
    ever committed is not held to that slug.
    """
    try:
        report = build(config, memory, pages_written, changed)
        if (report.body_edits or report.shown_edits) and report.pages == 0:
            return (), report.base_url, None
        if report.body_edits:
            return (), report.base_url, body_edits_words(report.pages)
        return (), report.base_url, shown_edits_words(report.pages) if report.shown_edits else ""
    except BuildFailed as failure:
        return tuple(str(error) for error in failure.errors), "", ""
    except Exception as exc:  # a template or engine error: report it, keep serving the last good site
        return (describe_exception(exc, config),), "", ""


def body_edits_words(pages: int) -> str:
    return f"chỉ dựng trang của {'' if pages == 1 else f'{pages} '}sản phẩm vừa sửa mô tả"


def shown_edits_words(pages: int) -> str:
    return f"chỉ dựng {pages} trang có sản phẩm vừa sửa"


def describe_exception(exc: BaseException, config: Config) -> str:
    project = config.project_dir
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.filename or exc.name or "templates"
        return f"{shown_path(Path(name), project)}:{exc.lineno}: lỗi trong mẫu trang (template): {exc.message}"
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(str(config.templates_dir)):
            return (f"{shown_path(Path(frame.filename), project)}:{frame.lineno}: lỗi khi dựng mẫu trang (template): "
                    f"{type(exc).__name__}: {exc}")
    return (f"(dựng trang): lỗi của chương trình, không phải của nội dung; gửi nguyên dòng này cho nhóm kỹ thuật: "
            f"{type(exc).__name__}: {exc}")


def build_process(config: Config, connection) -> None:
    """The build process's life: one build per request, with what the last build made kept in between.
    A request to build is ("build", the files the watcher saw change since the last one, or None when not
    known); a None request stops the process.

    Ctrl+C is for serve, which ends this process itself (a None request, or closing the pipe).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    memory = BuildMemory()
    while True:
        try:
            request = connection.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        _build, changed = request
        # "pages": the pages are in site/ (the browser may reload), then "done" with the result
        try:
            with parallel.no_collections():  # freeze_survivors() below collects, once, after the build
                result = build_once(config, memory, lambda base_url: connection.send(("pages", base_url)), changed)
            connection.send(("done", *result))
        except OSError:  # serve is stopping and closed the pipe
            return
        remove_replaced(memory)  # the search bundles swapped out, once serve has said the index is up to date
        learn_between_builds(config, memory)  # while the browser reloads (~1 s after serve's first build)
        parallel.freeze_survivors()  # the next build's collections skip the memory


def learn_between_builds(config: Config, memory: BuildMemory) -> None:
    """build.between_builds, in the build process after each build. An optimisation only: if it fails, the memory
    it fills is emptied (the next build makes what it would have skipped) and serve says so on one line, so a
    bug there is seen, not only felt as slower builds."""
    try:
        with parallel.no_collections():
            between_builds(config, memory)
    except Exception as exc:
        memory.open_data.files.clear()
        reason = " ".join(str(exc).split())  # one line, whatever the exception says
        print(f"Cảnh báo: không ghi nhớ được các dòng dữ liệu mở cho lần dựng sau ({type(exc).__name__}: {reason}); "
              "trang vẫn đúng, lần dựng sau chỉ chậm hơn. Nếu dòng này lặp lại, gửi nó cho nhóm kỹ thuật.",
              file=sys.stderr, flush=True)


class Builder:
    """Runs build_once in one long-lived build process.

    The serve process has threads (HTTP, watcher); the build forks render workers, and
    forking a threaded process can deadlock. A spawned, single-threaded build process
    forks safely, keeps its imports warm and keeps what the last build made
    (build.BuildMemory), so a build after one saved file does the work of that file.
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self._process: multiprocessing.Process | None = None
        self._connection = None
        self._closed = False  # serve is stopping: no new build process
        # one build at a time: the first build (main thread) and a save during it (watcher thread) would
        # otherwise share the pipe and read each other's replies
        self._one_build = threading.Lock()
        self._process_lock = threading.Lock()  # starting and stopping the process, against close()

    def run(self, pages_written: Callable[[str], None] | None = None,
            changed: tuple[str, ...] | None = None) -> tuple[tuple[str, ...], str, str | None] | None:
        """Build in the build process; return build_once's (errors, base_url, what it made), or None when
        serve is stopping.
        pages_written(base_url) is called as soon as an incremental build's pages are in site/, before the
        search index is brought up to date. changed: the files the watcher saw change since the last build
        (None: not known). Calls from several threads build one after the other."""
        with self._one_build:
            for _attempt in range(2):
                with self._process_lock:
                    if self._closed:
                        return None
                    if self._process is None:
                        self._connection, theirs = multiprocessing.Pipe()
                        self._process = multiprocessing.get_context("spawn").Process(
                            target=build_process, args=(self.config, theirs), name="ocop-build")
                        self._process.start()
                        theirs.close()
                    connection = self._connection
                try:
                    # a new build process has no memory of a last build, and makes no use of changed
                    connection.send(("build", changed))
                    while True:
                        kind, *message = connection.recv()
                        if kind == "done":
                            return tuple(message)
                        if pages_written is not None:
                            pages_written(*message)
                except (EOFError, OSError, TypeError, ValueError):  # the pipe closed (TypeError: under close())
                    if self._closed:  # by serve stopping (Ctrl+C) while this thread waited for a build
                        return None
                    with self._process_lock:
                        self._stop_process()  # the build process died (e.g. killed): start a new one
            return ("(dựng trang): tiến trình dựng trang dừng bất ngờ; lưu tệp một lần nữa để dựng lại",), "", ""

    def _stop_process(self) -> None:
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if process is None:
            return
        try:
            connection.send(None)
        except (OSError, ValueError):
            pass
        connection.close()
        process.join(timeout=60)  # a build under way finishes first (it swaps site/ whole or not at all)
        if process.is_alive():
            process.kill()
            process.join()

    def close(self) -> None:
        self._closed = True
        with self._process_lock:
            self._stop_process()


def rebuild(builder: Builder, live: LiveState, reason: str, changed: tuple[str, ...] | None = None) -> BuildResult:
    started = time.perf_counter()
    early: list[tuple[BuildResult, str]] = []  # published when the pages were in site/, before the search index

    def pages_written(base_url: str) -> None:
        early.append((live.publish((), base_url), _seconds_since(started)))

    outcome = builder.run(pages_written, changed)
    if outcome is None:  # serve is stopping
        return live.current()
    errors, base_url, made = outcome
    if made is None:  # no page changed: the browser stays as it is, the terminal quiet
        return live.current()
    made = f" ({made})" if made else ""
    seconds = _seconds_since(started)
    if early and not errors:  # the browser reloaded already; the search index has caught up since
        result, pages_seconds = early[0]
        print(f"[{result.finished}] {reason}: trang đã dựng lại sau {pages_seconds} giây{made} — trình duyệt sẽ tự "
              f"tải lại; chỉ mục tìm kiếm cập nhật xong sau {seconds} giây.", flush=True)
        return result
    result = live.publish(errors, base_url)
    if result.ok:
        print(f"[{result.finished}] {reason}: dựng lại xong trong {seconds} giây{made} — trình duyệt sẽ tự tải lại.",
              flush=True)
    else:
        lines = "\n".join(errors)
        kept = shown_path(builder.config.site_dir, builder.config.project_dir) + "/"
        print(f"[{result.finished}] {reason}: có {len(errors)} lỗi; đang phục vụ bản dựng tốt gần nhất.\n{lines}\n"
              f"{summary_line(len(errors), kept)}", file=sys.stderr, flush=True)
    return result


def _seconds_since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f}".replace(".", ",")


def watched_folders(config: Config) -> list[Path]:
    return [p for p in (config.content_dir, config.templates_dir, config.assets_dir) if p.is_dir()]


def watch_and_rebuild(config: Config, builder: Builder, live: LiveState, stop: threading.Event,
                      ready: threading.Event) -> None:
    """Rebuild after every batch of changes; set `ready` once the OS watches are in place.

    watchfiles yields an empty batch after each quiet `rust_timeout`: the first one says the
    watches are registered, so serve builds and announces its address only after that and
    no save is missed.
    """
    for changes in watchfiles.watch(*watched_folders(config), stop_event=stop,
                                    raise_interrupt=False, rust_timeout=300, yield_on_timeout=True):
        ready.set()
        if not changes:
            continue
        # an editor's temporary files come and go within one batch: name only what is there now
        names = sorted({shown_path(Path(path), config.project_dir) for _change, path in changes if Path(path).exists()})
        reason = ("thay đổi " + ", ".join(names[:3]) + (f" và {len(names) - 3} tệp khác" if len(names) > 3 else "")
                  if names else "có tệp bị xóa")
        rebuild(builder, live, reason, tuple(sorted({path for _change, path in changes})))


# ---------------------------------------------------------------- what the browser gets

OVERLAY_STYLE = """
#ocop-serve-errors{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.72);
 overflow:auto;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
#ocop-serve-errors .box{max-width:56rem;margin:2rem auto;background:#fff;color:#1a1a1a;
 border-top:.5rem solid #b3261e;border-radius:.5rem;padding:1.25rem 1.5rem;box-shadow:0 .5rem 2rem rgba(0,0,0,.4)}
#ocop-serve-errors h2{margin:0 0 .5rem;font-size:1.35rem;color:#b3261e}
#ocop-serve-errors p{margin:.5rem 0}
#ocop-serve-errors ol{margin:.75rem 0;padding-left:1.5rem}
#ocop-serve-errors li{margin:.5rem 0}
#ocop-serve-errors .hint code{font:.9em ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;background:none;padding:0}
#ocop-serve-errors li code{display:block;white-space:pre-wrap;overflow-wrap:anywhere;background:#fbeaea;
 padding:.5rem .75rem;border-radius:.25rem;font:14px/1.45 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
#ocop-serve-errors button{font:inherit;padding:.5rem 1rem;border:1px solid #555;border-radius:.25rem;
 background:#f4f4f4;cursor:pointer}
#ocop-serve-errors .hint{color:#444;font-size:.95rem}
"""
BANNER_STYLE = """
#ocop-serve-preview{margin:0;padding:.4rem 1rem;background:#fff4ce;color:#3d2e00;border-bottom:2px solid #b58900;
 font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;text-align:center}
#ocop-serve-preview code{font:.9em ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
"""
PREVIEW_TITLE = "Bản xem trước — địa chỉ trang chưa được đặt"


def preview_banner(base_url: str) -> str:
    """Shown by serve (never written into site/) while base_url is a placeholder: a reminder before publishing."""
    return (
        f'<style>{BANNER_STYLE}</style>\n'
        f'<p id="ocop-serve-preview" role="note" title="{html.escape(base_url)}"><strong>{PREVIEW_TITLE}.</strong> '
        'Ghi địa chỉ thật vào <code>base_url</code> trong <code>content/site.yaml</code> trước khi đăng '
        f'(đang là địa chỉ mẫu {html.escape(base_url)}).</p>\n'
    )


def overlay_html(result: BuildResult) -> str:
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in result.errors)
    n = len(result.errors)
    return (
        f'<style>{OVERLAY_STYLE}</style>\n'
        '<div id="ocop-serve-errors" role="alertdialog" aria-modal="true" aria-labelledby="ocop-serve-errors-title">'
        '<div class="box">'
        f'<h2 id="ocop-serve-errors-title">Nội dung có {n} lỗi — trang chưa được cập nhật</h2>'
        '<p>Bạn đang xem <strong>bản dựng tốt gần nhất</strong>. Sửa các lỗi dưới đây rồi lưu tệp: '
        'trang sẽ tự tải lại khi hết lỗi.</p>'
        f'<ol>{items}</ol>'
        '<p class="hint">Mỗi dòng ghi: <em>tệp</em>:<em>số dòng</em>: lỗi và cách sửa. '
        'Các lỗi này cũng hiện trong cửa sổ dòng lệnh đang chạy <code>'
        'python build.py serve</code>.'
        f' Lần dựng cuối: {html.escape(result.finished)}.</p>'
        '<button type="button" onclick="this.closest(\'#ocop-serve-errors\').remove()">Ẩn thông báo</button>'
        '</div></div>\n'
    )


def reload_script(version: int) -> str:
    return (
        "<script>/* python build.py serve: live reload; not part of the built site */\n"
        f"(function(){{var v={version};function poll(){{"
        f"fetch('{RELOAD_PATH}?v='+v,{{cache:'no-store'}}).then(function(r){{return r.json()}})"
        ".then(function(s){if(s.version!==v){location.reload()}else{poll()}})"
        ".catch(function(){setTimeout(poll,1000)})}poll()})();\n</script>\n"
    )


_BODY_OPEN = re.compile(r"<body\b[^>]*>", re.I)


def inject(page: bytes, result: BuildResult) -> bytes:
    """The page with the reload script (and the error overlay) just before </body>, and the preview banner
    (while base_url is a placeholder) at the top of the body, in the flow of the page."""
    extra = (overlay_html(result) if result.errors else "") + reload_script(result.version)
    text = page.decode("utf-8", errors="replace")
    # The built pages forbid inline scripts and styles (their Content-Security-Policy <meta>,
    # ocop/headers.py); this preview's reload script and error overlay are inline, so the
    # preview drops that <meta>. The files in site/ keep it.
    start = text.find('<meta http-equiv="Content-Security-Policy"')
    if start >= 0:
        text = text[:start] + text[text.index(">", start) + 1:].removeprefix("\n")
    at = text.lower().rfind("</body>")
    text = text + extra if at < 0 else text[:at] + extra + text[at:]
    if result.base_url and is_placeholder(result.base_url):
        body = _BODY_OPEN.search(text)
        banner = preview_banner(result.base_url)
        text = banner + text if body is None else text[:body.end()] + "\n" + banner + text[body.end():]
    return text.encode("utf-8")


def standalone_error_page(result: BuildResult) -> bytes:
    """Shown when there is no good site yet (the first build failed)."""
    return inject(b"<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
                  b"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  b"<title>L\xe1\xbb\x97i n\xe1\xbb\x99i dung</title></head><body></body></html>", result)


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ with the reload script injected into HTML; /__reload answers long polls."""

    live: LiveState  # set by make_handler on a subclass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # the terminal is for build results, not for every request

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._respond(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(head=True)

    def _respond(self, head: bool) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == RELOAD_PATH:
            return self._reload(url.query)
        file = self._html_file(url.path)
        if file is None:
            return super().do_HEAD() if head else super().do_GET()
        result = self.live.current()
        if file == "missing":
            not_found = Path(self.directory) / "404.html"
            if not_found.is_file():
                return self._send(404, inject(not_found.read_bytes(), result), head)
            if not result.ok:
                return self._send(503, standalone_error_page(result), head)
            return super().do_HEAD() if head else super().do_GET()
        try:
            page = file.read_bytes()
        except OSError:  # swapped away between the check and the read: try once more
            time.sleep(0.05)
            try:
                page = file.read_bytes()
            except OSError:
                return self._send(503, standalone_error_page(result), head)
        self._send(200, inject(page, result), head)

    def _html_file(self, path: str):
        """The HTML file a request path names; 'missing' when nothing is there; None for other files."""
        relative = urllib.parse.unquote(path).lstrip("/")
        if ".." in Path(relative).parts:
            return None  # the base class refuses to leave the folder
        target = Path(self.directory) / relative
        if target.is_dir():
            if not path.endswith("/"):
                return None  # the base class redirects /x to /x/
            target = target / "index.html"
        if target.is_file():
            return target if target.suffix == ".html" else None
        return "missing"

    def _send(self, status: int, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _reload(self, query: str) -> None:
        params = urllib.parse.parse_qs(query)
        try:
            seen = int(params.get("v", ["-1"])[0])
        except ValueError:
            seen = -1
        result = self.live.wait_for_change(seen, LONG_POLL_SECONDS) if seen >= 0 else self.live.current()
        body = json.dumps({"version": result.version, "ok": result.ok, "errors": list(result.errors)},
                          ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def make_handler(site_dir: Path, live: LiveState):
    handler = type("SiteHandler", (Handler,), {"live": live})
    return functools.partial(handler, directory=str(site_dir))


# ---------------------------------------------------------------- the command

def _stop_on_sigterm(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _say_stopped() -> None:
    """"Đã dừng.", unless no one reads serve's output any more (`serve | tee log`: Ctrl+C stops tee too). Then
    nothing more is said, and stdout goes to /dev/null, so that Python does not fail writing it at exit."""
    try:
        print("\nĐã dừng.", flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def serve(config: Config, port: int) -> int:
    """Build, serve on 127.0.0.1:port (0 = any free port), rebuild on change. Returns the exit code."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_on_sigterm)  # stop as cleanly as on Ctrl+C
    live = LiveState()
    builder = Builder(config)
    stop = threading.Event()
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(config.site_dir, live))
    except OSError as exc:
        print(f"Không mở được cổng {port} ({exc.strerror}): có thể một bản serve khác đang chạy. "
              f"Dừng nó, hoặc dùng cổng khác: python build.py serve --port {port + 80 if port else 8080}",
              file=sys.stderr, flush=True)
        return 1
    server.daemon_threads = True
    ready = threading.Event()
    try:
        watcher = threading.Thread(target=watch_and_rebuild, args=(config, builder, live, stop, ready),
                                   name="watch", daemon=True)
        watcher.start()  # watch first: a save during the first build is not missed
        if not ready.wait(timeout=60):
            print("Cảnh báo: chưa theo dõi được thư mục; lưu tệp có thể không tự dựng lại.", file=sys.stderr, flush=True)
        rebuild(builder, live, "bản dựng đầu tiên")
        address = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"Đang phục vụ {config.site_dir} tại {address}", flush=True)
        print("Theo dõi " + ", ".join(shown_path(p, config.project_dir) for p in watched_folders(config))
              + ": lưu tệp là trang tự dựng lại và tải lại. Dừng: Ctrl+C.", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        _say_stopped()
    finally:
        stop.set()
        server.server_close()
        builder.close()
    return 0
