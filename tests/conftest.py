"""Shared test helpers: write a small content tree, build it, read the output."""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import shutil
import threading
import textwrap
from pathlib import Path

import pytest

from ocop import ledger
from ocop.build import build, check
from ocop.config import PROJECT_DIR, Config

BUILD_DATE = dt.date(2026, 11, 23)

SITE_YAML = """\
title: Sản phẩm OCOP thử nghiệm
tagline: Bản dựng thử
base_url: https://ocop.example.test
"""

SOURCE = """\
sources:
  - title: Nguồn thử nghiệm
    publisher: Báo Thử
"""


def province_yaml(slug: str, name: str, merged_into: str | None = None, kind: str = "tỉnh",
                  region: str = "Trung du và miền núi phía Bắc") -> str:
    text = f"name: {name}\nslug: {slug}\nkind: {kind}\nregion: {region}\n"
    if merged_into:
        text += f"merged_into: {merged_into}\nmerged_on: 2025-07-01\nmerged_by: Nghị quyết 202/2025/QH15\n"
    return text + SOURCE


def product_md(name: str, province: str, body: str = "Mô tả sản phẩm.", extra: str = "") -> str:
    return f"---\nname: {name}\nprovince: {province}\n{extra}{SOURCE}---\n{body}\n"


def rating_yaml(entries: list[tuple[str, int]], date: str = "2022-08-22", number: str | None = "1/QĐ-UBND",
                level: str = "tỉnh", extra: str = "") -> str:
    text = (f"number: {number}\n" if number else "") + f"date: {date}\nlevel: {level}\n{extra}" + SOURCE + "entries:\n"
    for slug, stars in entries:
        text += f"  - product: {slug}\n    stars: {stars}\n"
    return text


def minimal_content() -> dict[str, str]:
    """Two provinces (one merged into the other), two products, two decisions, one plan."""
    return {
        "site.yaml": SITE_YAML,
        "provinces/thai-nguyen.yaml": province_yaml("thai-nguyen", "Thái Nguyên"),
        "provinces/bac-kan.yaml": province_yaml("bac-kan", "Bắc Kạn", merged_into="thai-nguyen"),
        "products/bac-kan/mien-dong-thu.md": product_md("Miến dong Thử", "bac-kan", extra="group: Thực phẩm\n"),
        "products/bac-kan/tra-thu.md": product_md("Trà Thử", "bac-kan"),
        "ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml": rating_yaml([("mien-dong-thu", 3), ("tra-thu", 4)]),
        "ratings/bac-kan/2024-05-02-9-qd-ubnd.yaml": rating_yaml([("mien-dong-thu", 4)], date="2024-05-02",
                                                                 number="9/QĐ-UBND"),
        "plans/bac-kan/2022-75-kh-ubnd.md": textwrap.dedent("""\
            ---
            title: Kế hoạch thử năm 2022
            number: 75/KH-UBND
            issuer: UBND tỉnh Bắc Kạn
            issued: 2022-02-11
            period: 2022
            sources:
              - title: Nguồn kế hoạch
            targets:
              - text: Ít nhất 20 sản phẩm mới đạt 3 sao trở lên.
                measure: new
                stars: 3
                comparison: at_least
                value: 20
              - text: Ít nhất 2 tin bài mỗi tháng.
                measure: other
                comparison: at_least
                value: 2
                unit: tin bài
                per: tháng
            ---
            Nội dung kế hoạch.
            """),
    }


def write_content(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files under root/content and return the content folder."""
    content = root / "content"
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content


def make_config(root: Path, **overrides) -> Config:
    settings = dict(content_dir=root / "content", site_dir=root / "site", build_date=BUILD_DATE,
                    cache_dir=root / ".cache", workers=1, search_index=False)
    settings.update(overrides)
    return Config(**settings)


def build_site(root: Path, files: dict[str, str | bytes] | None = None, **overrides) -> Path:
    """Write content (if given), build it as `python build.py` does (recording new URLs in the ledger),
    return the site folder."""
    if files is not None:
        write_content(root, files)
    config = make_config(root, **overrides)
    report = build(config)
    ledger.record_new_urls(config.content_dir, config.project_dir, report.new_urls)
    return config.site_dir


def check_content(root: Path, files: dict[str, str | bytes]):
    write_content(root, files)
    return check(make_config(root))


# Fixtures of the bundled content/: their cost grows with the content, so their tests are slow.
BUNDLED_FIXTURES = {"bundled_site", "bundled_catalog"}


def pytest_collection_modifyitems(config, items):
    """Every browser test, and every test of the bundled content, is also slow (pyproject.toml markers)."""
    for item in items:
        if item.get_closest_marker("browser") or BUNDLED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory) -> Path:
    """The real bundled content, built once per test session (with the Pagefind index)."""
    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(PROJECT_DIR / "content", root / "content")
    return build_site(root, search_index=True, workers=2)


def read(site: Path, url: str) -> str:
    path = url.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return (site / path).read_text(encoding="utf-8")


# ---------------------------------------------------------------- browser tests

CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium, headless as root on a closed network (never `playwright install`).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is missing: apt-get install -y chromium")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, handler_class=None):
    """Serve folder on a free 127.0.0.1 port for the duration (with handler_class, default QuietHandler);
    yields the base URL."""
    handler = functools.partial(handler_class or QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
