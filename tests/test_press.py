"""Cite and share: citation line, Open Graph/Twitter tags, JSON-LD, print; merged provinces."""
from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

import pytest

from conftest import launch_chromium, require_chromium, serve_folder, BUILD_DATE, build_site, make_config, minimal_content, product_md, read, write_content
from ocop.build import check
from ocop.config import PROJECT_DIR

PLAN_URL = "/ke-hoach/bac-kan/2022-75-kh-ubnd/"
BASE = "https://ocop.example.test"  # conftest.SITE_YAML
PLAN_TITLE = "Kế hoạch thử năm 2022"
PLAN_SUMMARY = "Kế hoạch thử với chỉ tiêu ít nhất 20 sản phẩm mới."


def press_content() -> dict[str, str]:
    files = minimal_content()
    files["plans/bac-kan/2022-75-kh-ubnd.md"] = files["plans/bac-kan/2022-75-kh-ubnd.md"].replace(
        "period: 2022\n", "period: 2022\n" + f"summary: {PLAN_SUMMARY}\n")
    files["products/bac-kan/mien-dong-thu.md"] = product_md(
        "Miến dong Thử", "bac-kan",
        extra="locality: Na Rì\nproducer:\n  name: Hợp tác xã Thử\n  kind: hợp tác xã\ngroup: Thực phẩm\n")
    return files


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("press"), press_content())


def meta(html: str) -> dict[str, list[str]]:
    """{property or name: [content, ...]} of every <meta> with content."""
    found: dict[str, list[str]] = {}
    for match in re.finditer(r'<meta (property|name)="([^"]+)" content="([^"]*)">', html):
        found.setdefault(match.group(2), []).append(html_lib.unescape(match.group(3)))
    return found


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def nodes(html: str) -> dict[str, list[dict]]:
    by_type: dict[str, list[dict]] = {}
    for document in json_ld(html):
        assert document["@context"] == "https://schema.org"
        for node in document["@graph"]:
            by_type.setdefault(node["@type"], []).append(node)
    return by_type


def text_of(html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


# ---------------------------------------------------------------- a plan (the fixture's Bắc Kạn 2022 plan)

def test_plan_has_complete_open_graph_and_twitter_tags(fixture_site):
    html = read(fixture_site, PLAN_URL)
    tags = meta(html)
    title = PLAN_TITLE
    assert tags["og:title"] == [title]
    assert tags["og:description"] == [PLAN_SUMMARY]
    assert tags["og:url"] == [BASE + PLAN_URL]
    assert f'<link rel="canonical" href="{BASE + PLAN_URL}">' in html
    assert tags["og:type"] == ["article"]
    assert tags["og:site_name"] == ["Sản phẩm OCOP thử nghiệm"]
    assert tags["og:locale"] == ["vi_VN"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:title"] == [title]
    assert len(tags.get("og:image", [])) <= 1, "og:image comes from partials/og_image.html only, never twice"


def test_plan_json_ld_is_a_legislation_with_number_date_and_issuer(fixture_site):
    found = nodes(read(fixture_site, PLAN_URL))
    (plan,) = found["Legislation"]
    (issuer,) = found["GovernmentOrganization"]
    assert plan["url"] == BASE + PLAN_URL
    assert plan["legislationIdentifier"] == "75/KH-UBND" and plan["identifier"] == "75/KH-UBND"
    assert plan["legislationDate"] == "2022-02-11"
    assert plan["legislationType"] == "Kế hoạch"
    assert plan["legislationJurisdiction"]["name"] == "Tỉnh Bắc Kạn"
    assert plan["temporalCoverage"] == "2022"
    assert issuer["name"] == "UBND tỉnh Bắc Kạn"
    assert plan["legislationPassedBy"] == {"@id": issuer["@id"]}


def test_plan_json_ld_reads_with_a_structured_data_extractor(fixture_site):
    extruct = pytest.importorskip("extruct")
    html = read(fixture_site, PLAN_URL)
    data = extruct.extract(html, base_url=BASE + PLAN_URL, syntaxes=["json-ld", "opengraph"], uniform=True)
    graph = data["json-ld"][0]["@graph"]
    types = {node["@type"] for node in graph}
    assert {"Legislation", "GovernmentOrganization"} <= types
    og = data["opengraph"][0]
    assert og["og:title"] == PLAN_TITLE
    assert og["og:locale"] == "vi_VN"


def test_plan_citation_line_is_complete(fixture_site):
    html = read(fixture_site, PLAN_URL)
    match = re.search(r'<p class="cite-text" id="cite-text">(.*?)</p>', html, re.S)
    assert match, "the plan page carries a citation line"
    citation = text_of(match.group(1))
    assert citation == (
        f"UBND tỉnh Bắc Kạn (11/2/2022). {PLAN_TITLE}, số 75/KH-UBND. Sản phẩm OCOP thử nghiệm. "
        f"{BASE + PLAN_URL} (truy cập ngày {BUILD_DATE.day}/{BUILD_DATE.month}/{BUILD_DATE.year}).")
    # without JavaScript: plain text, and the copy button is hidden until the script shows it
    assert re.search(r'<button type="button" class="cite-copy" data-copy="cite-text" hidden>', html)
    assert f'<time class="cite-accessed" datetime="{BUILD_DATE.isoformat()}">' in html
    # the permanent URL right under the title, for print
    assert re.search(r'</h1>\s*<p class="print-url"[^>]*>Địa chỉ cố định: ' + re.escape(BASE + PLAN_URL) + "</p>", html)
    # the print rules are in site.css under @media print: no second stylesheet to download
    assert "print.css" not in html and '<link rel="stylesheet" href="../../../assets/site.css">' in html
    assert "@media print" in (PROJECT_DIR / "assets" / "site.css").read_text(encoding="utf-8")


# ---------------------------------------------------------------- product pages

def test_product_json_ld_has_the_product_its_recognition_producer_and_issuer(fixture_site):
    html = read(fixture_site, "/san-pham/mien-dong-thu/")
    found = nodes(html)
    (product,) = found["Product"]
    (producer,) = found["Organization"]
    decisions = found["Legislation"]
    (issuer,) = found["GovernmentOrganization"]
    page = "https://ocop.example.test/san-pham/mien-dong-thu/"
    assert product["name"] == "Miến dong Thử" and product["url"] == page
    assert product["category"] == "Thực phẩm"
    (stars,) = product["additionalProperty"]
    assert stars["@type"] == "PropertyValue" and stars["name"] == "Số sao OCOP"
    assert stars["value"] == 4 and stars["maxValue"] == 5
    assert stars["validFrom"] == "2024-05-02" and stars["validThrough"] == "2027-05-02"
    assert product["award"] == ["OCOP 3 sao — Quyết định 1/QĐ-UBND, 22/8/2022",
                                "OCOP 4 sao — Quyết định 9/QĐ-UBND, 2/5/2024"]
    assert product["manufacturer"] == {"@id": producer["@id"]}
    assert producer["name"] == "Hợp tác xã Thử"
    assert producer["address"]["addressLocality"] == "Na Rì"
    assert [d["legislationIdentifier"] for d in decisions] == ["1/QĐ-UBND", "9/QĐ-UBND"]
    assert all(d["legislationPassedBy"] == {"@id": issuer["@id"]} for d in decisions)
    assert all(d["about"] == {"@id": product["@id"]} for d in decisions)
    assert issuer["name"] == "UBND tỉnh Bắc Kạn"


def test_product_json_ld_certifies_each_recognition_with_its_status_on_the_build_date(fixture_site):
    found = nodes(read(fixture_site, "/san-pham/mien-dong-thu/"))
    (product,) = found["Product"]
    (issuer,) = found["GovernmentOrganization"]
    old, new = product["hasCertification"]
    page = "https://ocop.example.test/san-pham/mien-dong-thu/"
    assert new == {
        "@type": "Certification", "@id": f"{page}#chung-nhan-bac-kan-2024-05-02-9-qd-ubnd",
        "name": "Sản phẩm OCOP 4 sao",
        "certificationRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 5, "worstRating": 1},
        "certificationStatus": "https://schema.org/CertificationActive",
        "validFrom": "2024-05-02", "expires": "2027-05-02", "issuedBy": {"@id": issuer["@id"]},
        "subjectOf": {"@id": f"{page}#quyet-dinh-bac-kan-2024-05-02-9-qd-ubnd"}}
    assert old["certificationStatus"] == "https://schema.org/CertificationInactive"  # expired on 23/11/2026
    assert (old["validFrom"], old["expires"], old["certificationRating"]["ratingValue"]) == ("2022-08-22",
                                                                                            "2025-08-22", 3)
    assert "certificationIdentification" not in new, "no certificate number on record: none is given"
    legislation_ids = {act["@id"] for act in found["Legislation"]}
    assert {c["subjectOf"]["@id"] for c in product["hasCertification"]} == legislation_ids


def test_product_json_ld_gives_the_certificate_number_and_the_unknown_status_of_an_uncertain_recognition(tmp_path):
    files = minimal_content()
    files["ratings/bac-kan/2024-05-02-9-qd-ubnd.yaml"] = files["ratings/bac-kan/2024-05-02-9-qd-ubnd.yaml"].replace(
        "    stars: 4\n", '    stars: 4\n    certificate: "125/GCN-UBND"\n')
    files["ratings/bac-kan/2023-bao-cao.yaml"] = (
        "reported_by: 2023-06\nlevel: trung ương\nsources:\n  - title: Nguồn thử\nentries:\n"
        "  - product: tra-thu\n    stars: 5\n")
    site = build_site(tmp_path, files, build_date=BUILD_DATE.replace(year=2026, month=1, day=5))
    (product,) = nodes(read(site, "/san-pham/mien-dong-thu/"))["Product"]
    assert product["hasCertification"][-1]["certificationIdentification"] == "125/GCN-UBND"
    (other,) = nodes(read(site, "/san-pham/tra-thu/"))["Product"]
    reported = other["hasCertification"][-1]
    # reported by June 2023, date unknown: it may or may not have expired in January 2026, and no issuer is known
    assert "certificationStatus" not in reported and "validFrom" not in reported and "expires" not in reported
    assert "issuedBy" not in reported


def test_product_json_ld_reads_with_a_structured_data_extractor(fixture_site):
    extruct = pytest.importorskip("extruct")
    page = "https://ocop.example.test/san-pham/mien-dong-thu/"
    data = extruct.extract(read(fixture_site, "/san-pham/mien-dong-thu/"), base_url=page, syntaxes=["json-ld"])
    graph = data["json-ld"][0]["@graph"]
    by_type = {node["@type"]: node for node in graph}
    assert {"Product", "Organization", "Legislation", "GovernmentOrganization"} <= set(by_type)
    assert by_type["Product"]["additionalProperty"][0]["value"] == 4
    assert [c["@type"] for c in by_type["Product"]["hasCertification"]] == ["Certification", "Certification"]


def test_product_json_ld_survives_text_that_could_close_the_script(tmp_path):
    files = minimal_content()
    files["products/bac-kan/tra-thu.md"] = product_md('Trà </script><b>"Thử"</b> & co', "bac-kan")
    site = build_site(tmp_path, files)
    html = read(site, "/san-pham/tra-thu/")
    (product,) = nodes(html)["Product"]
    assert product["name"] == 'Trà </script><b>"Thử"</b> & co'
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and ">" not in script


def test_product_citation_names_the_decision_its_date_and_issuer(fixture_site):
    html = read(fixture_site, "/san-pham/mien-dong-thu/")
    citation = text_of(re.search(r'<p class="cite-text" id="cite-text">(.*?)</p>', html, re.S).group(1))
    assert citation == ("Miến dong Thử (Hợp tác xã Thử, Bắc Kạn), sản phẩm OCOP 4 sao theo Quyết định số 9/QĐ-UBND "
                        "ngày 2/5/2024 của UBND tỉnh Bắc Kạn. Sản phẩm OCOP thử nghiệm. "
                        "https://ocop.example.test/san-pham/mien-dong-thu/ (truy cập ngày 23/11/2026).")


def test_every_page_has_social_tags_and_the_feed_link(fixture_site):
    for url in ("/", "/san-pham/", "/tinh/bac-kan/", "/du-lieu/", "/san-pham/tra-thu/"):
        tags = meta(read(fixture_site, url))
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale", "twitter:card"):
            assert len(tags.get(key, [])) == 1, (url, key)
        assert tags["og:url"] == ["https://ocop.example.test" + url]
    province = read(fixture_site, "/tinh/bac-kan/")
    assert 'rel="alternate" type="application/atom+xml"' in province
    assert 'href="feed.xml"' in province, "a province page links its own feed"


# ---------------------------------------------------------------- merged provinces

def test_merged_province_keeps_its_page_and_plans_and_says_where_it_went(fixture_site):
    old = text_of(read(fixture_site, "/tinh/bac-kan/"))
    # the merger as the Resolution words it, on the old province's page and the new one's
    merger = "Từ 1/7/2025, tỉnh Bắc Kạn và tỉnh Thái Nguyên hợp nhất thành tỉnh Thái Nguyên (Nghị quyết 202/2025/QH15)"
    assert merger in old
    assert merger in text_of(read(fixture_site, "/tinh/thai-nguyen/"))
    plan = read(fixture_site, PLAN_URL)
    assert "Kế hoạch thử năm 2022" in plan
    assert "Từ 1/7/2025, tỉnh Bắc Kạn thuộc tỉnh Thái Nguyên" in text_of(plan)


def test_products_of_a_merged_province_also_appear_under_the_new_one(tmp_path, fixture_site):
    write_content(tmp_path, press_content())
    catalog = check(make_config(tmp_path))
    assert {p.slug for p in catalog.province_products["thai-nguyen"]} == {"mien-dong-thu", "tra-thu"}
    assert {p.slug for p in catalog.province_products["bac-kan"]} == {"mien-dong-thu", "tra-thu"}
    new = read(fixture_site, "/tinh/thai-nguyen/")
    assert 'href="../../san-pham/mien-dong-thu/"' in new and 'href="../../san-pham/tra-thu/"' in new
    assert 'href="../bac-kan/"' in new


def test_product_page_shows_the_province_as_recognised_and_now(fixture_site):
    page = text_of(read(fixture_site, "/san-pham/mien-dong-thu/"))
    assert re.search(r"Tỉnh công nhận\s*Bắc Kạn, nay thuộc tỉnh Thái Nguyên\s*\(từ 1/7/2025\)", page)


# ---------------------------------------------------------------- in a browser: print and copy

@pytest.fixture(scope="module")
def served_fixture(fixture_site):
    with serve_folder(fixture_site) as base:
        yield base


def _browser(p):
    return launch_chromium(p)


@pytest.mark.browser
def test_plan_prints_cleanly_with_its_permanent_url(served_fixture, tmp_path):
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = _browser(p)
        page = browser.new_page(viewport={"width": 800, "height": 1100})
        page.goto(served_fixture + PLAN_URL)
        page.emulate_media(media="print")
        visible = lambda selector: page.locator(selector).first.is_visible()  # noqa: E731
        assert visible(".print-url") and visible("h1") and visible(".citation") and visible(".target-list")
        for hidden in (".site-header", ".breadcrumb", ".cite-copy", ".search-box"):
            assert not visible(hidden), hidden
        # the permanent URL comes right after the title
        top_h1 = page.locator("h1").bounding_box()
        top_url = page.locator(".print-url").bounding_box()
        assert 0 <= top_url["y"] - (top_h1["y"] + top_h1["height"]) < 40
        assert page.locator(".print-url").inner_text() == f"Địa chỉ cố định: {BASE + PLAN_URL}"
        page.screenshot(path=str(tmp_path / "plan-print.png"), full_page=True)
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
        browser.close()


@pytest.mark.browser
def test_copy_button_copies_the_citation_with_todays_date(served_fixture):
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = _browser(p)
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_fixture)
        page = context.new_page()
        page.goto(served_fixture + PLAN_URL)
        button = page.locator("button.cite-copy")
        assert button.is_visible(), "with JavaScript the copy button appears"
        today = page.evaluate("(() => { const d = new Date(); return d.getDate() + '/' + (d.getMonth() + 1) + '/' + d.getFullYear(); })()")
        assert page.locator("time.cite-accessed").inner_text() == today
        button.click()
        page.wait_for_function("() => document.querySelector('.cite-status').textContent.length > 0")
        assert page.locator(".cite-status").inner_text() == "Đã sao chép."
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith(f"UBND tỉnh Bắc Kạn (11/2/2022). {PLAN_TITLE}, số 75/KH-UBND.")
        assert copied.endswith(f"{BASE + PLAN_URL} (truy cập ngày {today}).")
        browser.close()
