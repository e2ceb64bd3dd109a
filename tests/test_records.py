"""Records written by the tools (ocop/records.py): YAML scalars read back as written, every template
renders a record that the loader reads and the validator accepts."""
from __future__ import annotations

import pytest
import yaml

from ocop import records
from ocop.validate import check_fields
from ocop.schema import SCHEMAS

TRICKY = ["123", "2022-08-22", "yes", "null", "- đầu dòng", "a: b", "a #b", "#a", "'x'", '"x"', "@x", "`x`",
          "Trà: loại 1", "x\x07y", "dòng\u2028hai", "a\\b", "[x]", "{x}", "%x", "*x", "&x", "!x", "|", ">", "~",
          "Chè Shan tuyết", "1693/QĐ-UBND", "3.5", "0x1F", "1e3", ".inf", "Hợp tác xã \"Ví Dụ\""]


@pytest.mark.parametrize("text", TRICKY)
def test_yaml_text_reads_back_as_the_same_text(text):
    assert yaml.safe_load(f"key: {records.yaml_text(text)}\n") == {"key": text.strip()}


def test_plain_text_stays_unquoted():
    assert records.yaml_text("Miến dong Ví Dụ") == "Miến dong Ví Dụ"
    assert records.yaml_text("123") == '"123"'


FACTS = {
    "product": {"slug": "tra-vi-du", "name": "Trà: Ví Dụ", "province": "bac-kan", "locality": "xã A, huyện B",
                "producer": {"name": "HTX #1", "kind": "hợp tác xã"},
                "sources": [{"title": "T", "url": "https://example.com/a", "publisher": "P"}],
                "body": "Trà Ví Dụ là sản phẩm của HTX #1."},
    "rating": {"number": "1/QĐ-UBND", "reported_by": "2024", "level": "tỉnh", "round": "2024 (Đợt 1)",
               "sources": [{"url": "https://example.com/a"}],
               "entries": [{"product": "tra-vi-du", "stars": 4, "score": 72.5, "renewal": True, "note": "Tái: x"},
                           {"product": "tra-khac", "stars": 3, "score": 60.0}]},
    "plan": {"province": "bac-kan", "slug": "2024-1-kh-ubnd", "title": "Kế hoạch: 2024", "issuer": "UBND",
             "issued": "2024-02", "period": "2024", "sources": [{"title": "T"}]},
}


@pytest.mark.parametrize("kind", sorted(FACTS))
def test_every_template_gives_a_record_the_validator_accepts(kind):
    text = records.render(kind, FACTS[kind])
    record, errors = records.parse_record(kind, text, f"content/x/{kind}", "x", "bac-kan")
    assert errors == [] and record is not None
    assert check_fields(record, SCHEMAS[kind], record.data) == []
    if kind == "rating":
        assert record.data["entries"][0] == {"product": "tra-vi-du", "stars": 4, "score": 72.5, "renewal": True,
                                             "note": "Tái: x"}
        assert record.data["entries"][1]["score"] == 60 and "date" not in record.data
    if kind == "product":
        assert record.data["producer"] == {"name": "HTX #1", "kind": "hợp tác xã"}
        assert record.body.strip() == "Trà Ví Dụ là sản phẩm của HTX #1."


def test_an_unknown_fact_is_a_mistake_of_the_tool():
    with pytest.raises(TypeError, match="unknown facts: stars"):
        records.render("product", {**FACTS["product"], "stars": 4})
