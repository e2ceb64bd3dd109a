"""Atom feeds, sitemap (with lastmod from git), robots.txt and the 404 page."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import (build_site, make_config, minimal_content, product_md, province_yaml, rating_yaml, read,
                      write_content)
from ocop.build import check
from ocop.feeds import entries_by_province

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")
BASE = "https://ocop.example.test"


def feed_content() -> dict[str, str]:
    """The minimal content plus a current province (Hà Nội) with one product of its own."""
    files = minimal_content()
    files["provinces/ha-noi.yaml"] = province_yaml("ha-noi", "Hà Nội", kind="thành phố", region="Đồng bằng sông Hồng")
    files["products/ha-noi/ruou-thu.md"] = product_md("Rượu Thử", "ha-noi")
    files["ratings/ha-noi/2023-03-01-5-qd-ubnd.yaml"] = rating_yaml([("ruou-thu", 3)], date="2023-03-01",
                                                                    number="5/QĐ-UBND")
    return files


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("feeds"), feed_content())


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(BASE + "/"), url
    path = url[len(BASE) + 1:].split("#")[0]
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def parse_atom(site: Path, url: str) -> ET.Element:
    root = ET.fromstring((site / url.lstrip("/")).read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root


def check_atom(site: Path, root: ET.Element) -> list[ET.Element]:
    """The elements RFC 4287 requires, each well-formed; return the entries."""
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.match(root.findtext(f"{ATOM}updated"))
    assert root.find(f"{ATOM}author/{ATOM}name").text
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert len(self_link) == 1 and self_link[0].get("href") == root.findtext(f"{ATOM}id")
    entries = root.findall(f"{ATOM}entry")
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(ids) == len(set(ids)), "entry ids are unique"
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        (link,) = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
        assert site_file(site, link.get("href")).is_file(), link.get("href")
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True), "newest first"
    if updated:
        assert root.findtext(f"{ATOM}updated") == updated[0]
    return entries


def titles(entries) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries]


def test_site_feed_is_valid_atom_with_recognitions_and_plans(site):
    entries = check_atom(site, parse_atom(site, "/feed.xml"))
    assert titles(entries) == [
        "Miến dong Thử được nâng hạng lên 4 sao OCOP",
        "Rượu Thử được công nhận sản phẩm OCOP 3 sao",
        "Miến dong Thử được công nhận sản phẩm OCOP 3 sao",
        "Trà Thử được công nhận sản phẩm OCOP 4 sao",
        "Kế hoạch thử năm 2022",
    ]
    first = entries[0]
    assert first.findtext(f"{ATOM}updated") == "2024-05-02T00:00:00+07:00"
    assert first.findtext(f"{ATOM}id") == f"{BASE}/san-pham/mien-dong-thu/#cong-nhan-bac-kan-2024-05-02-9-qd-ubnd"
    assert first.findtext(f"{ATOM}summary") == ("Miến dong Thử (tỉnh Bắc Kạn) được nâng hạng lên 4 sao OCOP theo "
                                                "Quyết định 9/QĐ-UBND, 2/5/2024, cấp tỉnh.")
    assert entries[-1].find(f"{ATOM}category").get("term") == "Kế hoạch"


def test_feeds_read_with_a_feed_parser(site):
    feedparser = pytest.importorskip("feedparser")
    for url in ("/feed.xml", "/tinh/bac-kan/feed.xml", "/tinh/thai-nguyen/feed.xml", "/tinh/ha-noi/feed.xml"):
        parsed = feedparser.parse((site / url.lstrip("/")).read_bytes())
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.language == "vi"
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert parsed.entries[0].title == "Miến dong Thử được nâng hạng lên 4 sao OCOP"
    assert parsed.entries[0].link == f"{BASE}/san-pham/mien-dong-thu/"


def test_province_feeds_follow_mergers(site):
    old = check_atom(site, parse_atom(site, "/tinh/bac-kan/feed.xml"))
    new = check_atom(site, parse_atom(site, "/tinh/thai-nguyen/feed.xml"))
    hanoi = check_atom(site, parse_atom(site, "/tinh/ha-noi/feed.xml"))
    assert "Kế hoạch thử năm 2022" in titles(old)
    assert titles(new) == titles(old), "the new province's feed includes what the merged province recognised"
    assert not [t for t in titles(old) if "Rượu" in t]
    assert titles(hanoi) == ["Rượu Thử được công nhận sản phẩm OCOP 3 sao"]
    assert parse_atom(site, "/tinh/ha-noi/feed.xml").findtext(f"{ATOM}title") == \
        "Thành phố Hà Nội: sản phẩm và kế hoạch OCOP mới"


def test_feeds_do_not_depend_on_the_build_date_or_the_clock(tmp_path):
    a = build_site(tmp_path / "a", feed_content(), build_date=dt.date(2026, 11, 23))
    b = build_site(tmp_path / "b", feed_content(), build_date=dt.date(2027, 3, 1))
    for url in ("feed.xml", "tinh/thai-nguyen/feed.xml", "sitemap.xml"):
        assert (a / url).read_bytes() == (b / url).read_bytes(), url


def test_sitemap_lists_every_page_and_nothing_else(site):
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP}urlset"
    locs = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert site_file(site, loc).is_file(), loc
        assert not loc.endswith((".xml", ".csv", ".json", ".txt")), loc
    expected = {f"{BASE}/", f"{BASE}/san-pham/mien-dong-thu/", f"{BASE}/tinh/bac-kan/", f"{BASE}/tinh/ha-noi/",
                f"{BASE}/ke-hoach/bac-kan/2022-75-kh-ubnd/", f"{BASE}/du-lieu/"}
    assert expected <= set(locs)
    assert f"{BASE}/tim-kiem/" not in locs and f"{BASE}/404.html" not in locs
    # outside git there is no commit date: lastmod is left out rather than invented
    assert root.find(f"{SITEMAP}url/{SITEMAP}lastmod") is None
    assert read(site, "/robots.txt").splitlines()[-1] == f"Sitemap: {BASE}/sitemap.xml"


def _git(root: Path, *args: str, when: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    subprocess.run(["git", "-c", "user.name=Biên tập", "-c", "user.email=bientap@example.test", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def test_sitemap_lastmod_is_the_last_commit_of_the_records_a_page_shows(tmp_path):
    if subprocess.run(["git", "--version"], capture_output=True).returncode != 0:
        pytest.skip("git is not installed")
    from conftest import write_content
    write_content(tmp_path, feed_content())
    _git(tmp_path, "init", "-q", when="2025-01-01T10:00:00+07:00")
    _git(tmp_path, "add", "content", when="2025-01-01T10:00:00+07:00")
    _git(tmp_path, "commit", "-q", "-m", "nội dung", when="2025-01-01T10:00:00+07:00")
    # a later decision touches Rượu Thử only
    rating = tmp_path / "content/ratings/ha-noi/2023-03-01-5-qd-ubnd.yaml"
    rating.write_text(rating.read_text(encoding="utf-8").replace("stars: 3", "stars: 3\n    score: 60"),
                      encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "điểm", when="2025-02-03T09:30:00+07:00")
    site = build_site(tmp_path)
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    lastmod = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root.findall(f"{SITEMAP}url")}
    assert lastmod[f"{BASE}/san-pham/ruou-thu/"] == "2025-02-03T02:30:00+00:00"
    assert lastmod[f"{BASE}/san-pham/mien-dong-thu/"] == "2025-01-01T03:00:00+00:00"
    assert lastmod[f"{BASE}/ke-hoach/bac-kan/2022-75-kh-ubnd/"] == "2025-01-01T03:00:00+00:00"
    assert lastmod[f"{BASE}/"] is None, "listings have no single record: no lastmod"
    # a second build of the same checkout is byte-identical
    first = (site / "sitemap.xml").read_bytes()
    assert (build_site(tmp_path) / "sitemap.xml").read_bytes() == first


def test_404_page_offers_search(site):
    html = read(site, "/404.html")
    assert "<h1>Không tìm thấy trang</h1>" in html
    assert re.search(r'<form class="search-box big" action="/tim-kiem/" method="get" role="search"', html)
    assert html.count("<form") == 1  # its own search box only, not also the header's
    assert 'name="q"' in html


def test_only_the_newest_entries_are_made_and_they_are_the_newest(tmp_path):
    """entries_by_province makes entries for the newest `keep` of each province only: the same ones,
    in the same order, as making every entry and sorting them."""
    write_content(tmp_path, feed_content())
    catalog = check(make_config(tmp_path))
    everything = entries_by_province(catalog, keep=10_000)
    longest = max(len(entries) for entries in everything.values())
    assert longest >= 2  # a province with more entries than the smallest cut
    for keep in range(1, longest + 1):
        cut = entries_by_province(catalog, keep=keep)
        assert {slug: entries[:keep] for slug, entries in everything.items()} == cut
