"""Open data at /du-lieu/: CSV (UTF-8 with BOM) and JSON, each with its schema, and the page explaining them."""
from __future__ import annotations

import csv
import re
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from conftest import build_site, check_content, minimal_content, product_md, read
from ocop import opendata
from ocop.opendata import DATASETS, LICENCE

BASE = "https://ocop.example.test"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return build_site(tmp_path_factory.mktemp("data"), minimal_content())


def csv_rows(site: Path, name: str) -> list[dict]:
    raw = (site / "du-lieu" / name).read_bytes()
    assert raw.startswith(BOM), "Excel needs the byte order mark to read UTF-8"
    text = raw.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def json_doc(site: Path, name: str) -> dict:
    return json.loads((site / "du-lieu" / name).read_text(encoding="utf-8"))


def test_every_dataset_has_csv_json_and_schema(site):
    for dataset in DATASETS:
        for suffix in (".csv", ".json", ".schema.json"):
            assert (site / "du-lieu" / f"{dataset.slug}{suffix}").is_file(), dataset.slug + suffix


def test_csv_columns_are_in_the_documented_order(site):
    for dataset in DATASETS:
        raw = (site / "du-lieu" / f"{dataset.slug}.csv").read_bytes()
        header = raw[len(BOM):].split(b"\r\n", 1)[0].decode("utf-8")
        assert header.split(",") == [c.name for c in dataset.csv_columns]
        assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b""), "RFC 4180 line ends only"


def test_products_csv_keeps_vietnamese_diacritics_and_merger(site):
    rows = {row["slug"]: row for row in csv_rows(site, "san-pham.csv")}
    assert set(rows) == {"mien-dong-thu", "tra-thu"}
    row = rows["mien-dong-thu"]
    assert row["name"] == "Miến dong Thử"
    assert row["url"] == f"{BASE}/san-pham/mien-dong-thu/"
    assert (row["province"], row["province_name"]) == ("bac-kan", "Bắc Kạn")
    assert (row["province_now"], row["province_now_name"]) == ("thai-nguyen", "Thái Nguyên")
    assert row["stars"] == "4" and row["decision_number"] == "9/QĐ-UBND" and row["decision_date"] == "2024-05-02"
    assert row["expires"] == "2027-05-02" and row["status"] == "còn hiệu lực"
    assert row["first_recognised"] == "2022-08-22" and row["recognitions"] == "2"
    assert row["producer_name"] == "", "unknown stays empty, never a guess"
    assert row["group"] == "Thực phẩm" and row["group_by_editors"] == "false"


def test_ratings_hold_every_decision_with_its_entries(site):
    document = json_doc(site, "cong-nhan.json")
    decisions = {item["decision"]: item for item in document["items"]}
    assert list(decisions) == ["bac-kan/2022-08-22-1-qd-ubnd", "bac-kan/2024-05-02-9-qd-ubnd"]
    first = decisions["bac-kan/2022-08-22-1-qd-ubnd"]
    assert (first["number"], first["date"], first["level"], first["expires"]) == ("1/QĐ-UBND", "2022-08-22", "tỉnh",
                                                                                 "2025-08-22")
    assert [(e["product"], e["stars"], e["status"]) for e in first["entries"]] == [
        ("mien-dong-thu", 3, "đã hết hạn"), ("tra-thu", 4, "đã hết hạn")]
    rows = csv_rows(site, "cong-nhan.csv")
    assert [(r["decision"], r["product"], r["stars"]) for r in rows] == [
        ("bac-kan/2022-08-22-1-qd-ubnd", "mien-dong-thu", "3"), ("bac-kan/2022-08-22-1-qd-ubnd", "tra-thu", "4"),
        ("bac-kan/2024-05-02-9-qd-ubnd", "mien-dong-thu", "4")]
    assert document["count"] == 2 and document["as_of"] == "2026-11-23"


def test_plans_hold_their_targets_and_progress(site):
    (plan,) = json_doc(site, "ke-hoach.json")["items"]
    assert plan["plan"] == "bac-kan/2022-75-kh-ubnd" and plan["number"] == "75/KH-UBND"
    assert plan["province_name"] == "Bắc Kạn" and plan["url"] == f"{BASE}/ke-hoach/bac-kan/2022-75-kh-ubnd/"
    counted, other = plan["targets"]
    assert (counted["measure"], counted["value"], counted["counted"], counted["percent"]) == ("new", 20, 2, 10)
    assert counted["counting_rule"] == "sản phẩm được công nhận lần đầu từ 3 sao trở lên trong năm 2022"
    assert (other["measure"], other["counted"], other["unit"], other["per"]) == ("other", None, "tin bài", "tháng")
    rows = csv_rows(site, "ke-hoach.csv")
    assert [(r["target"], r["counted"]) for r in rows] == [("1", "2"), ("2", "")]
    assert rows[0]["title"] == "Kế hoạch thử năm 2022"


def test_provinces_hold_their_mergers(site):
    rows = {row["slug"]: row for row in csv_rows(site, "tinh.csv")}
    old, new = rows["bac-kan"], rows["thai-nguyen"]
    assert (old["is_current"], old["merged_into"], old["merged_into_name"], old["merged_on"]) == \
        ("false", "thai-nguyen", "Thái Nguyên", "2025-07-01")
    assert old["merged_by"] == "Nghị quyết 202/2025/QH15"
    assert (new["is_current"], new["absorbed"], new["merged_into"]) == ("true", "bac-kan", "")
    assert (old["products"], old["plans"], new["products"]) == ("2", "1", "0")


def test_json_files_validate_against_their_schemas(site):
    jsonschema = pytest.importorskip("jsonschema")
    for dataset in DATASETS:
        schema = json_doc(site, f"{dataset.slug}.schema.json")
        document = json_doc(site, f"{dataset.slug}.json")
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.Draft202012Validator(schema).validate(document)
        assert document["licence"] == LICENCE
        assert document["schema"] == f"{BASE}/du-lieu/{dataset.slug}.schema.json"
        # the schema catches a broken file: a missing column is an error
        broken = json.loads(json.dumps(document))
        if broken["items"]:
            del broken["items"][0][dataset.columns[0].name]
            assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken)), dataset.slug


@pytest.mark.slow  # determinism: two builds, 1 and 2 workers
def test_identical_content_gives_identical_files(tmp_path):
    a = build_site(tmp_path / "a", minimal_content())
    b = build_site(tmp_path / "b", minimal_content(), workers=2)
    for path in sorted((a / "du-lieu").iterdir()):
        assert path.read_bytes() == (b / "du-lieu" / path.name).read_bytes(), path.name


def test_data_files_follow_the_build_date_they_are_computed_for(tmp_path):
    later = build_site(tmp_path, minimal_content(), build_date=dt.date(2027, 6, 1))
    rows = {row["slug"]: row for row in csv_rows(later, "san-pham.csv")}
    assert rows["mien-dong-thu"]["status"] == "đã hết hạn"  # 36 months after 2/5/2024
    assert json_doc(later, "san-pham.json")["as_of"] == "2027-06-01"


def test_data_page_explains_every_column_in_vietnamese_and_links_the_files(site):
    html = read(site, "/du-lieu/")
    assert "<h1>Dữ liệu mở</h1>" in html
    assert "Giấy phép:" in html and 'rel="license"' in html
    for dataset in DATASETS:
        for column in dataset.csv_columns:
            assert f'<tr><th scope="row"><code>{column.name}</code> ' in html, (dataset.slug, column.name)
        for suffix in (".csv", ".json", ".schema.json"):
            assert f'href="{dataset.slug}{suffix}"' in html
    assert "mã UTF-8 có BOM" in html
    assert "Mỗi sản phẩm một dòng, với hạng sao và tình trạng công nhận hiện tại. 2 bản ghi" in html
    # reachable: the footer of every page links it, and product, province and plan pages say "Tải dữ liệu"
    for page in ("/", "/san-pham/", "/tinh/bac-kan/", "/ke-hoach/bac-kan/2022-75-kh-ubnd/", "/404.html"):
        assert "du-lieu/" in read(site, page).split('<footer class="site-footer">')[1], page
    for page in ("/san-pham/mien-dong-thu/", "/tinh/bac-kan/", "/ke-hoach/bac-kan/2022-75-kh-ubnd/"):
        assert re.search(r'<a href="[./]*du-lieu/#[a-z-]+">Tải dữ liệu</a>', read(site, page)), page


def test_docs_describe_every_column():
    from ocop.config import PROJECT_DIR
    docs = (PROJECT_DIR / "docs" / "open-data.md").read_text(encoding="utf-8")
    for dataset in DATASETS:
        assert f"`{dataset.slug}.csv`" in docs
        for column in dataset.csv_columns:
            assert f"| `{column.name}` | {column.type} |" in docs, (dataset.slug, column.name)


# ---------------------------------------------------------------- the facts of issue 15, CSVW and DCAT

FACTS_PRODUCT = """\
producer:
  name: Hợp tác xã Thử
  address: thôn Chè Thử, xã Côn Thử
  contact:
    phone: "0209 3870 123"
    email: htx.thu@example.vn
    website: https://htx-thu.example.vn/
group: Thực phẩm
where_to_buy:
  - name: Điểm bán Thử
    address: tổ 1, phường Thử
  - name: Quầy Thử
  - title: Gian hàng Thử
    url: https://shop.example.vn/htx-thu
"""
PDF = b"%PDF-1.4\n% quyet dinh thu\n%%EOF\n"


@pytest.fixture(scope="module")
def facts_site(tmp_path_factory) -> Path:
    files = minimal_content()
    files["products/bac-kan/mien-dong-thu.md"] = product_md("Miến dong Thử", "bac-kan", extra=FACTS_PRODUCT)
    rating = "ratings/bac-kan/2024-05-02-9-qd-ubnd.yaml"
    files[rating] = files[rating].replace(
        "    stars: 4\n", "    stars: 4\n    score: 78.5\n    score_parts:\n      community: 30\n      marketing: 20\n"
                         "      quality: 28.5\n    certificate: \"125/GCN-UBND\"\n")
    files["ratings/bac-kan/2024-05-02-9-qd-ubnd.pdf"] = PDF
    return build_site(tmp_path_factory.mktemp("data-facts"), files)


NEW_PRODUCT_COLUMNS = ["certificate", "decision_document_url", "producer_address", "producer_phone", "producer_email",
                       "producer_website", "points_of_sale", "shop_urls"]
NEW_DECISION_COLUMNS = ["document_url", "certificate", "score_community", "score_marketing", "score_quality"]


def test_new_columns_are_appended_at_the_end(site):
    for name, new in (("san-pham.csv", NEW_PRODUCT_COLUMNS), ("cong-nhan.csv", NEW_DECISION_COLUMNS)):
        header = list(csv_rows(site, name)[0])
        assert header[-len(new):] == new, name
    # the columns published before them keep their places
    assert list(csv_rows(site, "cong-nhan.csv")[0])[:20] == [
        "decision", "decision_province", "decision_province_name", "number", "date", "reported_by", "level", "issuer",
        "round", "valid_from", "valid_until", "expires", "source_urls", "product", "product_name", "stars", "score",
        "renewal", "status", "note"]


def test_the_facts_reach_the_csv_and_json(facts_site):
    row = {r["slug"]: r for r in csv_rows(facts_site, "san-pham.csv")}["mien-dong-thu"]
    assert row["certificate"] == "125/GCN-UBND"
    assert row["decision_document_url"] == f"{BASE}/quyet-dinh/bac-kan/2024-05-02-9-qd-ubnd.pdf"
    assert (row["producer_address"], row["producer_phone"], row["producer_email"], row["producer_website"]) == (
        "thôn Chè Thử, xã Côn Thử", "0209 3870 123", "htx.thu@example.vn", "https://htx-thu.example.vn/")
    assert row["points_of_sale"] == "Điểm bán Thử, tổ 1, phường Thử | Quầy Thử"
    assert row["shop_urls"] == "https://shop.example.vn/htx-thu"
    other = {r["slug"]: r for r in csv_rows(facts_site, "san-pham.csv")}["tra-thu"]
    assert [other[c] for c in NEW_PRODUCT_COLUMNS] == [""] * len(NEW_PRODUCT_COLUMNS), "unknown stays empty"
    decisions = {d["decision"]: d for d in json_doc(facts_site, "cong-nhan.json")["items"]}
    recent = decisions["bac-kan/2024-05-02-9-qd-ubnd"]
    assert recent["document_url"] == f"{BASE}/quyet-dinh/bac-kan/2024-05-02-9-qd-ubnd.pdf"
    (entry,) = recent["entries"]
    assert (entry["certificate"], entry["score"], entry["score_community"], entry["score_marketing"],
            entry["score_quality"]) == ("125/GCN-UBND", 78.5, 30, 20, 28.5)
    assert decisions["bac-kan/2022-08-22-1-qd-ubnd"]["document_url"] is None
    rows = [r for r in csv_rows(facts_site, "cong-nhan.csv") if r["decision"] == "bac-kan/2024-05-02-9-qd-ubnd"]
    assert [(r["score_quality"], r["document_url"].rsplit("/", 1)[1]) for r in rows] == [
        ("28.5", "2024-05-02-9-qd-ubnd.pdf")]


def test_json_with_the_facts_validates_against_the_schemas(facts_site):
    jsonschema = pytest.importorskip("jsonschema")
    for dataset in DATASETS:
        schema = json_doc(facts_site, f"{dataset.slug}.schema.json")
        jsonschema.Draft202012Validator(schema).validate(json_doc(facts_site, f"{dataset.slug}.json"))


def test_csvw_columns_match_the_csv_header_exactly(site):
    for dataset in DATASETS:
        metadata = json_doc(site, f"{dataset.slug}.csv-metadata.json")
        raw = (site / "du-lieu" / f"{dataset.slug}.csv").read_bytes()
        header = raw[len(BOM):].split(b"\r\n", 1)[0].decode("utf-8").split(",")
        columns = metadata["tableSchema"]["columns"]
        assert [c["name"] for c in columns] == header, dataset.slug
        assert metadata["@context"][0] == "http://www.w3.org/ns/csvw"
        assert (site / "du-lieu" / metadata["url"]).is_file() and metadata["url"] == f"{dataset.slug}.csv"
        assert metadata["dialect"]["encoding"] == "utf-8" and metadata["dialect"]["lineTerminators"] == ["\r\n"]
        by_name = {c.name: c for c in dataset.csv_columns}
        titles = [c["titles"][0] for c in columns]
        assert len(set(titles)) == len(titles), f"{dataset.slug}: two columns with one title"
        for described in columns:
            column = by_name[described["name"]]
            # a Vietnamese title, and the header itself, so that a validator matches the header row
            assert described["titles"] == [column.title, column.name]
            assert described["dc:description"] == column.meaning
            assert described.get("required", False) == column.required
            datatype = described["datatype"]
            base = datatype if isinstance(datatype, str) else datatype["base"]
            assert base == {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean",
                            "date": "string"}[column.type]
    assert json_doc(site, "cong-nhan.csv-metadata.json")["tableSchema"]["primaryKey"] == ["decision", "product"]


def test_csvw_datatypes_read_every_cell_of_the_csv(facts_site):
    """Each cell is empty (the source does not say) or reads as its column's datatype."""
    for dataset in DATASETS:
        metadata = json_doc(facts_site, f"{dataset.slug}.csv-metadata.json")
        for row in csv_rows(facts_site, f"{dataset.slug}.csv"):
            for described in metadata["tableSchema"]["columns"]:
                value = row[described["name"]]
                if value == "":
                    assert not described.get("required"), (dataset.slug, described["name"])
                    continue
                datatype = described["datatype"]
                if datatype == "integer":
                    int(value)
                elif datatype == "number":
                    float(value)
                elif isinstance(datatype, dict):
                    assert re.fullmatch(datatype["format"].strip("^$"), value), (described["name"], value)


def site_path(site: Path, url: str) -> Path:
    assert url.startswith(BASE + "/"), url
    path = url[len(BASE):].split("#", 1)[0]
    return site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def test_dcat_catalogue_lists_every_file_the_build_wrote(site):
    catalog = json_doc(site, "catalog.jsonld")
    assert catalog["@type"] == "dcat:Catalog" and catalog["@id"] == f"{BASE}/du-lieu/catalog.jsonld"
    assert [d["dct:identifier"] for d in catalog["dcat:dataset"]] == [d.slug for d in DATASETS]
    named = []
    for dataset in catalog["dcat:dataset"]:
        assert dataset["@type"] == "dcat:Dataset"
        assert [d["dct:title"] for d in dataset["dcat:distribution"]] == [f"{dataset['dct:identifier']}.csv",
                                                                         f"{dataset['dct:identifier']}.json"]
        for distribution in dataset["dcat:distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["dct:license"] == {"@id": "https://creativecommons.org/licenses/by/4.0/"}
            media = distribution["dcat:mediaType"]["@id"]
            assert media in ("https://www.iana.org/assignments/media-types/text/csv",
                             "https://www.iana.org/assignments/media-types/application/json")
            download, conforms = distribution["dcat:downloadURL"]["@id"], distribution["dct:conformsTo"]["@id"]
            assert conforms.endswith(".csv-metadata.json" if download.endswith(".csv") else ".schema.json")
            named += [download, conforms, distribution["dcat:accessURL"]["@id"]]
    assert len(named) == 3 * 2 * len(DATASETS)
    for url in named:
        assert site_path(site, url).is_file(), url


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser uses its own deprecated class
def test_dcat_catalogue_parses_as_json_ld(site):
    rdflib = pytest.importorskip("rdflib")
    graph = rdflib.Graph()
    graph.parse(data=(site / "du-lieu" / "catalog.jsonld").read_text(encoding="utf-8"), format="json-ld",
                base=f"{BASE}/du-lieu/")
    DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    DCT = rdflib.Namespace("http://purl.org/dc/terms/")
    (catalog,) = graph.subjects(rdflib.RDF.type, DCAT.Catalog)
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == len(DATASETS) and datasets == set(graph.subjects(rdflib.RDF.type, DCAT.Dataset))
    distributions = set(graph.subjects(rdflib.RDF.type, DCAT.Distribution))
    assert len(distributions) == 2 * len(DATASETS)
    for distribution in distributions:
        assert graph.value(distribution, DCAT.downloadURL) is not None
        assert graph.value(distribution, DCAT.mediaType) is not None
        assert graph.value(distribution, DCT.license) == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
        assert graph.value(distribution, DCT.conformsTo) is not None
    title = graph.value(rdflib.URIRef(f"{BASE}/du-lieu/#san-pham"), DCT.title)
    assert (str(title), title.language) == ("Sản phẩm OCOP", "vi")


def test_data_page_links_the_catalogue_and_the_csvw_metadata(site):
    html = read(site, "/du-lieu/")
    assert '<link rel="alternate" type="application/ld+json" title="Danh mục dữ liệu (DCAT)" href="catalog.jsonld">' \
        in html
    assert '<a href="catalog.jsonld">catalog.jsonld</a>' in html
    for dataset in DATASETS:
        assert f'href="{dataset.slug}.csv-metadata.json"' in html


def test_a_products_file_whose_writing_failed_is_not_remembered(tmp_path):
    """serve's row memory (opendata.RowMemory) learns a file's rows only once the whole file is written."""
    catalog = check_content(tmp_path, minimal_content())
    memory = opendata.RowMemory()
    files, _ = opendata.data_files(catalog, {}, memory, tmp_path / "site")
    products_json = next(f for f in files if f.url == "/du-lieu/san-pham.json")

    class DiskFull(io.StringIO):
        def write(self, text: str) -> int:
            if self.tell() > 200:
                raise OSError("no space left on device")
            return super().write(text)
    with pytest.raises(OSError):
        products_json.write(DiskFull())
    assert memory.files == {}
    written = io.StringIO(newline="")
    products_json.write(written)
    assert list(memory.files) == ["/du-lieu/san-pham.json"]
    assert len(memory.files["/du-lieu/san-pham.json"].keys) == len(catalog.products)
    assert json.loads(written.getvalue())["count"] == len(catalog.products)
