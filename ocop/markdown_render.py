"""Markdown bodies -> safe HTML, cached by content hash.

Python-Markdown is the largest single cost of a build, so each body's HTML is kept in a
cache folder keyed by the hash of the text (and of this module's settings): a rebuild
renders only what changed.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import markdown
import nh3

from .files import write_atomic
from .urls import LINK_SCHEMES

EXTENSIONS = ["tables", "sane_lists", "attr_list"]
CACHE_VERSION = "1"  # bump when EXTENSIONS or the sanitiser settings change

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align", "scope"},
    "abbr": {"title"},
    "*": {"id", "class", "lang"},
}

_md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")


def sanitize(html: str) -> str:
    """Strip every tag and attribute not on the allow-list (scripts, styles, on* handlers)."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=set(LINK_SCHEMES), link_rel="noopener")


def to_html(text: str) -> str:
    _md.reset()
    # Headings in bodies start at h2: the page title is the only h1.
    html = _md.convert(text)
    html = re.sub(r"<(/?)h1([ >])", r"<\1h2\2", html)
    return sanitize(html)


class MarkdownCache:
    """HTML of Markdown bodies in files named by the hash of their source."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def render(self, text: str) -> str:
        if not text.strip():
            return ""
        if self.folder is None:
            return to_html(text)
        key = hashlib.sha256(f"{CACHE_VERSION}\0{text}".encode()).hexdigest()
        file = self.folder / key[:2] / f"{key}.html"
        try:
            html = file.read_text(encoding="utf-8")
            self.hits += 1
            return html
        except FileNotFoundError:
            pass
        html = to_html(text)
        self.misses += 1
        write_atomic(file, html)  # parallel workers never see half a file
        return html
