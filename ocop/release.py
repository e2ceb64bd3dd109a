"""A release (`python build.py build --release`, `check --release`): what a deploy refuses beyond content mistakes.

A deploy publishes the site under its real address: every QR code printed on packaging, every
share card, canonical link, sitemap and feed entry is made from `base_url` in content/site.yaml.
The bundled content ships a placeholder (https://ocop.example.vn) so that it builds out of the
box; a release refuses it, and any address that cannot be a real one (example domains, .test,
.invalid, localhost). Local builds and `serve` keep working with it; serve marks its pages as a
preview (ocop/serve.py). A release also publishes only addresses already in the committed URL
ledger (ledger.missing_from_ledger), so publishing never writes back into the repository.
"""
from __future__ import annotations

import ipaddress
import urllib.parse

from .errors import ContentError
from .load import RawRecord

# Domains reserved for examples and tests (RFC 2606, RFC 6761), and Vietnam's own example.vn.
PLACEHOLDER_DOMAINS = ("example.vn", "example.com", "example.org", "example.net", "example.edu")
PLACEHOLDER_SUFFIXES = (".test", ".invalid", ".localhost", ".example", ".local", ".internal")


def is_placeholder(base_url: str) -> bool:
    """Whether base_url cannot be the site's real public address."""
    host = (urllib.parse.urlsplit(str(base_url).strip()).hostname or "").rstrip(".").lower()
    if not host or host == "localhost" or "." not in host:
        return True
    try:
        address = ipaddress.ip_address(host)
        return address.is_private or address.is_loopback or address.is_unspecified or address.is_link_local
    except ValueError:
        pass
    return any(host == domain or host.endswith("." + domain) for domain in PLACEHOLDER_DOMAINS) \
        or host.endswith(PLACEHOLDER_SUFFIXES)


def site_base_url(records: list[RawRecord]) -> tuple[RawRecord, str] | None:
    """content/site.yaml and its base_url, when both are there and readable."""
    for record in records:
        if record.kind == "site" and record.readable and isinstance(record.data.get("base_url"), str):
            return record, record.data["base_url"]
    return None


def placeholder_errors(records: list[RawRecord]) -> list[ContentError]:
    """The placeholder base_url as a content error on its line of content/site.yaml (none when it is real)."""
    found = site_base_url(records)
    if found is None or not is_placeholder(found[1]):
        return []  # a missing or malformed base_url is reported by validate
    record, url = found
    return [record.error(f"base_url {url} là địa chỉ mẫu, chưa phải địa chỉ thật của trang: mã QR in trên bao bì, ảnh "
                         "chia sẻ, liên kết và bản tin sẽ trỏ tới một tên miền không ai sở hữu; ghi địa chỉ thật của "
                         "trang vào base_url trong content/site.yaml (ví dụ base_url: https://ocop.thainguyen.gov.vn) "
                         "rồi chạy lại", "base_url")]
