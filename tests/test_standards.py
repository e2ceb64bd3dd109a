"""Standards every page meets (issue 16), checked on a built fixture site, not only the bundled one.

- the Nu Html Checker (vnu.jar from npm `vnu-jar`, run with Java): no error on any page;
- axe-core in Chromium at 390 px: no serious or critical violation on one page of each type;
- Content-Security-Policy: no inline script or style anywhere, the policy as a <meta> on every
  page and in the host file, and nothing blocked in Chromium when the host sends it;
- no JavaScript on any page but search (and the citation's copy button, in a file);
- a product page weighs at most 20 KB gzip, HTML and CSS together;
- a favicon, no font files in site/, the phone menu without JavaScript, search under file://.

The checkers come from npm; `.ci/run` installs them into `.cache/checkers/` (or set
OCOP_CHECKERS to a folder holding `node_modules/`). A test skips, saying what to install,
only when Java, the jar, axe-core or Chromium is missing.
"""
from __future__ import annotations

import gzip
import html
import http.server
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import build_site, launch_chromium, require_chromium, serve_folder
from ocop import headers
from ocop.config import PROJECT_DIR

FIXTURE = PROJECT_DIR / "tests" / "golden" / "content"
CHECKERS = Path(os.environ.get("OCOP_CHECKERS") or PROJECT_DIR / ".cache" / "checkers") / "node_modules"
VNU_JAR = CHECKERS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = CHECKERS / "axe-core" / "axe.min.js"
INSTALL = "npm install --ignore-scripts --prefix .cache/checkers vnu-jar axe-core (see .ci/run)"

# One page of each type in the fixture (tests/golden/README.md describes it).
PAGES = {
    "home": "/",
    "showcase": "/san-pham/",
    "product": "/san-pham/mien-dong-thu/",
    "product without producer": "/san-pham/tra-shan-tuyet-thu/",
    "plan": "/ke-hoach/son-thu/2024-15-kh-ubnd/",
    "plans": "/ke-hoach/",
    "old province": "/tinh/son-thu/",
    "new province": "/tinh/dong-thu/",
    "empty province": "/tinh/ha-thu/",
    "provinces": "/tinh/",
    "star listing": "/sao/4/",
    "search": "/tim-kiem/?q=mien%20dong",
    "open data": "/du-lieu/",
    "page": "/gioi-thieu/",
    "404": "/404.html",
}
PRODUCT_BUDGET = 20 * 1024  # bytes, gzip, HTML + CSS of a product page


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("standards")
    shutil.copytree(FIXTURE, root / "content")
    return build_site(root, search_index=True)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


class HostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a host that reads `_headers` would: every response with the host headers."""

    def end_headers(self) -> None:
        for name, value in headers.HOST_HEADERS:
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


def host(site: Path):
    """The site served as a host that reads `_headers` would."""
    return serve_folder(site, HostHandler)


# ---------------------------------------------------------------- Nu Html Checker

@pytest.mark.slow  # starts Java; with the browser tests in the full suite
def test_nu_html_checker_finds_no_error(site):
    if not shutil.which("java"):
        pytest.skip("Java is missing: apt-get install -y default-jre-headless")
    if not VNU_JAR.is_file():
        pytest.skip(f"vnu.jar is missing: {INSTALL}")
    pages = html_pages(site)
    assert len(pages) > len(PAGES)
    css = [site / "assets" / "site.css", site / "assets" / "search.css"]
    run = subprocess.run(["java", "-jar", str(VNU_JAR), "--format", "json", "--also-check-css",
                          *map(str, pages + css)], capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] == "error" or m.get("subType") == "fatal"]
    assert errors == [], "\n".join(errors)


# ---------------------------------------------------------------- axe-core

@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation_at_390_px(site):
    require_chromium()
    if not AXE.is_file():
        pytest.skip(f"axe-core is missing: {INSTALL}")
    from playwright.sync_api import sync_playwright

    axe = AXE.read_text(encoding="utf-8")
    found = []
    with host(site) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        # bypass_csp: axe is injected as an inline script (the policy itself is tested below)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      locale="vi-VN", bypass_csp=True)
        for name, path in PAGES.items():
            page = context.new_page()
            page.goto(base + path, wait_until="networkidle")
            if name == "search":
                page.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('Tìm thấy')")
            page.add_script_tag(content=axe)
            result = page.evaluate("async () => await axe.run(document)")
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    found.append(f"{name}: {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']]}")
            page.close()
        browser.close()
    assert found == [], "\n".join(found)


# ---------------------------------------------------------------- Content-Security-Policy

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.I)


def test_no_inline_script_or_style_and_a_policy_on_every_page(site):
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(site).as_posix()
        assert not INLINE_SCRIPT.search(text), where  # JSON-LD is data, not run: CSP does not apply
        assert not re.search(r"\sstyle=", text) and "<style" not in text, where
        assert not re.search(r"\son[a-z]+=", text), where
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert len(policies) == 1, where
        policy = html.unescape(policies[0])
        assert "unsafe-inline" not in policy and "script-src 'self'" in policy, where
        assert ("'wasm-unsafe-eval'" in policy) == (where == "tim-kiem/index.html"), where
    assert headers.HOST_POLICY in (site / "_headers").read_text(encoding="utf-8")
    assert "unsafe-inline" not in headers.HOST_POLICY


def test_no_javascript_but_search_and_the_citation_button(site):
    for path in html_pages(site):
        where = path.relative_to(site).as_posix()
        scripts = {src.rsplit("/", 1)[-1] for src in re.findall(r'<script[^>]* src="([^"]+)"', path.read_text(encoding="utf-8"))}
        if where == "tim-kiem/index.html":
            assert scripts == {"search.js"}, where
        else:
            assert scripts <= {"cite.js"}, where  # progressive enhancement of product and plan pages


@pytest.mark.browser
def test_nothing_is_blocked_when_the_host_sends_the_policy(site):
    """Served with the `_headers` policy (and each page's <meta>): no violation, search works,
    the plan's progress shows its real length."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    violations = []
    with host(site) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.on("console", lambda m: m.type == "error" and violations.append(m.text))
        for name, path in PAGES.items():
            page.goto(base + path, wait_until="networkidle")
            if name == "search":
                # a function, not an expression string: Playwright evaluates a string with eval(), which the policy forbids
                page.wait_for_function("() => document.getElementById('search-status').textContent.trim() !== ''"
                                       " && !/Đang tìm/.test(document.getElementById('search-status').textContent)")
                assert page.locator("#search-status").inner_text().startswith("Tìm thấy"), "search runs under the policy"
                assert page.locator("#search-products .card").count() >= 1
            if name == "plan":
                assert page.locator("meter.progress").first.get_attribute("value") == "50"
        browser.close()
    # a 404 for a missing file would be an error too: the favicon is declared and served
    assert violations == []


# ---------------------------------------------------------------- weight, favicon, fonts

def test_a_product_page_weighs_at_most_20_kb_gzip_with_its_css(site):
    css = len(gzip.compress((site / "assets" / "site.css").read_bytes(), 9))
    for path in sorted(site.glob("san-pham/*/index.html")):
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue
        page = len(gzip.compress(path.read_bytes(), 9))
        assert page + css <= PRODUCT_BUDGET, (path.parent.name, page, css)


def test_favicon_and_no_font_files_in_the_site(site):
    assert (site / "assets" / "favicon.svg").is_file()
    for path in html_pages(site):
        assert '<link rel="icon" href="' in path.read_text(encoding="utf-8"), path
    assert not list(site.rglob("*.ttf")) and not list(site.rglob("*.otf"))
    assert not (site / "assets" / "print.css").exists()  # print rules are in site.css


# ---------------------------------------------------------------- phone header and file://

@pytest.mark.browser
def test_phone_menu_reaches_every_section_without_javascript(site):
    require_chromium()
    from playwright.sync_api import sync_playwright

    with host(site) as base, sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "/san-pham/mien-dong-thu/")
        assert page.locator('form[role="search"]').count() == 1
        desktop_nav = page.locator("nav.site-nav")
        assert not desktop_nav.is_visible()
        links = page.locator(".menu-nav a")
        assert not links.first.is_visible()
        page.locator(".menu > summary").click()
        labels = []
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert links.nth(i).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 390
            assert box["height"] >= 44  # a thumb-sized target
            labels.append(links.nth(i).inner_text())
        assert labels[:3] == ["Sản phẩm", "Tỉnh, thành phố", "Kế hoạch"]
        assert page.locator('.menu-nav a[aria-current]').inner_text() == "Sản phẩm"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # desktop: the same links in a row, the menu button gone
        page.set_viewport_size({"width": 1280, "height": 800})
        assert desktop_nav.is_visible() and not page.locator(".menu > summary").is_visible()
        browser.close()


@pytest.mark.browser
def test_search_page_opened_from_the_file_system_says_to_use_serve(site):
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = browser.new_page()
        page.goto((site / "tim-kiem" / "index.html").as_uri())
        notice = page.locator("#search-file")
        notice.wait_for(state="visible")
        text = notice.inner_text()
        assert "python build.py serve" in text and "máy chủ web" in text
        # and the styles still load from file:// under the page's policy
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == "rgb(23, 99, 58)"
        browser.close()
