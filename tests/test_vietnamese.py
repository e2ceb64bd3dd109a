"""Everything an editor reads is Vietnamese: the whole error catalogue, the summary lines, serve's
terminal lines, overlay and banner, the `new` prompts, the command line's success lines.

A word passes when it is a Vietnamese syllable (checked by its shape: initial consonant, vowels,
final consonant, after folding the diacritics), a field name or value the editor must type
(from ocop/schema.py), or one of the few technical words listed in TECHNICAL. Quoted values
('gruop', "Trà Thử"), paths, addresses, commands and `key: value` examples are not prose and are
left out. An English word ("unknown", "field", "must") fails the test, and so does an English word
that looks like a Vietnamese syllable ("the", "to", "not": ENGLISH_LOOKALIKES).
"""
from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest

import test_errors
from conftest import PROJECT_DIR, make_config, minimal_content, rating_yaml, write_content
from ocop import photos, schema, scaffold
from ocop.build import check
from ocop.config import Config
from ocop.errors import BuildFailed, summary_line
from ocop.ledger import LEDGER_FILE, missing_from_ledger
from ocop.load import read_ledger
from ocop.serve import BuildResult, LiveState, body_edits_words, inject, rebuild

_INITIAL = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
_VOWELS = ("oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|ieu|yeu|"
           "ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|uo|uu|uy|ye|a|e|i|o|u|y")
_FINAL = r"(?:ch|ng|nh|c|m|n|p|t)?"
SYLLABLE = re.compile(rf"^{_INITIAL}(?:{_VOWELS}){_FINAL}$")
ENGLISH_LOOKALIKES = {"the", "to", "be", "on", "at", "not", "it", "a", "is", "of", "and", "or", "if", "as", "by",
                      "can", "no", "so", "he", "me", "go", "up", "us", "we", "my", "i", "am", "are", "was"}
# Words editors meet as they are: formats, tools, keys, units, loanwords of their trade.
TECHNICAL = {"yaml", "markdown", "utf", "tab", "enter", "ctrl", "slug", "symlink", "http", "https", "mailto", "tel",
             "javascript", "vbscript", "jpeg", "png", "webp", "gif", "heic", "raw", "pdf", "mb", "px", "git", "ocop",
             "template", "python", "commit", "true", "false", "web", "htx"}
COMMANDS = re.compile(r"python\ build\.py(?:\ [a-z]+)?(?:\ --[a-z-]+)*(?:\ (?:product|rating|plan))?"
                      r"|git\ (?:add|commit|checkout|pull|push|mv)\b", re.X)
NOT_PROSE = re.compile(r"""
      '[^'\n]*'            # a quoted value: 'gruop'
    | "[^"\n]*"            # "Trà Thử"
    | `[^`\n]*`            # code
    | \b[a-z_]+:\ \S+      # key: value examples (stars: 4, product: tra-thu)
    | \b[a-z_]+:(?=\s|$)    # a field named with its colon (title:)
""", re.X)


def schema_words() -> set[str]:
    words: set[str] = set()

    def walk(fields: tuple) -> None:
        for spec in fields:
            words.add(spec.name.lower())
            words.update(str(c).lower() for c in spec.choices if re.fullmatch(r"[a-z_]+", str(c)))
            walk(spec.fields)
    for fields in schema.SCHEMAS.values():
        walk(fields)
    return words | {"entries", "targets", "sources", "photos", "figures", "milestones", "aliases", "pages", "plans",
                    "products", "provinces", "ratings", "content", "site", "index"}


ALLOWED = TECHNICAL | schema_words()


def fold(word: str) -> str:
    word = word.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def english_words(text: str) -> list[str]:
    """The words of a message that are neither Vietnamese nor what an editor must type as it is."""
    text = re.sub(r"^\S+:\d+: ", "", text)  # path:line:
    text = NOT_PROSE.sub(" ", COMMANDS.sub(" ", text))
    found = []
    for token in text.split():
        word = token.strip(",;.()?!—–:…[]")
        if not word or re.search(r"[^\w]|\d|_", word):
            continue  # paths, addresses, numbers, symbols, field_names
        lower = word.lower()
        if lower in ALLOWED:
            continue
        if lower in ENGLISH_LOOKALIKES or not SYLLABLE.match(fold(word)):
            found.append(word)
    return found


def test_the_scanner_catches_english_and_passes_vietnamese():
    assert english_words("content/a.md:7: unknown field 'gruop'; did you mean 'group'?") == \
        ["unknown", "field", "did", "you", "mean"]
    assert english_words("x.yaml:11: stars must be 1 to 5, found 6; check the decision") == \
        ["must", "be", "to", "found", "check", "the", "decision"]
    assert english_words("1 lỗi nội dung (1 content error); site/ was not changed.") == \
        ["error", "was", "not", "changed"]
    assert english_words("hạng sao (stars) phải từ 1 đến 5, đang ghi 6; kiểm tra lại quyết định") == []
    assert english_words("sản phẩm thứ 2 trong danh sách entries; người, được, khuỷu, chuyển, quý, nghiêng") == []
    assert english_words("sửa thành product: tra-thu, rồi chạy python build.py check và git add content/") == []


# ---------------------------------------------------------------- everything an editor reads

def catalogue_messages() -> list[str]:
    messages = []
    for case in test_errors.CASES:
        with tempfile.TemporaryDirectory() as folder:
            messages += [str(e) for e in test_errors.run_check(Path(folder), case)]
    return messages


def ledger_messages(tmp_path: Path) -> list[str]:
    """The ledger's messages: a vanished page (renamed, removed), a malformed line, a release's missing lines."""
    messages = []
    content = write_content(tmp_path, minimal_content())
    (content / LEDGER_FILE).write_text("/san-pham/tra-cu/\n/tinh/cu/\n/trang-cu/\nsan-pham/x\n", encoding="utf-8")
    (content / "ratings/bac-kan/2022-08-22-1-qd-ubnd.yaml").write_text(
        rating_yaml([("mien-dong-thu", 3), ("tra-cu", 4)]), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        check(make_config(tmp_path))
    messages += [str(e) for e in failure.value.errors]
    ledger, _ = read_ledger(content, tmp_path)
    messages += [str(e) for e in missing_from_ledger(ledger, ["/san-pham/a/", "/san-pham/b/", "/nhom/c/", "/sao/4/"])]
    return messages


def other_messages() -> list[str]:
    return [
        summary_line(1), summary_line(12), summary_line(3, "site/"),
        photos._too_many_pixels(12000, 12000), photos._bomb_text(ValueError("x")),
        "content/a.jpg:0: " + photos.process_photo(photos.PhotoJob(PROJECT_DIR / "README.md", "a.jpg", "k",
                                                                   Path(tempfile.mkdtemp()))).error,
    ]


def visible_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def serve_texts(capsys) -> list[str]:
    """The overlay, the preview banner and the terminal lines of a good and a failed rebuild."""
    errors = ("content/products/bac-kan/tra-thu.md:3: không có trường 'provice'; có phải là 'province'?",)
    page = inject("<html><body><h1>Trang</h1></body></html>".encode("utf-8"),
                  BuildResult(2, errors, "10:00:00", "https://ocop.example.vn")).decode("utf-8")

    class Builder:
        config = Config(content_dir=PROJECT_DIR / "content", site_dir=PROJECT_DIR / "site", build_date=None)

        def __init__(self, result, pages_first: bool = False):
            self.result, self.pages_first = result, pages_first

        def run(self, pages_written, changed=None):
            if self.pages_first:  # the pages were in site/ before the search index: the browser reloaded then
                pages_written(self.result[1])
            return self.result
    live = LiveState()
    rebuild(Builder(((), "https://ocop.example.vn", "")), live, "thay đổi content/products/bac-kan/tra-thu.md")
    rebuild(Builder(((), "https://ocop.example.vn", body_edits_words(1)), pages_first=True), live,
            "thay đổi content/products/bac-kan/tra-thu.md")
    rebuild(Builder(((), "https://ocop.example.vn", ""), pages_first=True), live, "thay đổi content/site.yaml")
    rebuild(Builder((errors, "", "")), live, "có tệp bị xóa")
    printed = capsys.readouterr()
    return [visible_text(page)] + (printed.out + printed.err).splitlines()


def new_prompts() -> list[str]:
    """Every question `new product` asks, and what it says when a fact is missing."""
    asked: list[str] = []
    answers = iter(["Trà Ví Dụ", "bac-kan", "", "HTX Ví Dụ", "không rõ", "hợp tác xã", "Đồ uống", "Na Rì", "", ""])

    def ask(prompt: str):
        asked.append(prompt)
        return next(answers, None)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_content(root, minimal_content())
        with pytest.raises(scaffold.ScaffoldError) as missing:
            scaffold.scaffold("product", {}, ask, root / "content", root)
    return asked + [str(missing.value)]


def test_every_message_an_editor_reads_is_vietnamese(tmp_path, capsys):
    texts = catalogue_messages() + ledger_messages(tmp_path) + other_messages() + serve_texts(capsys) + new_prompts()
    assert len(texts) > 120
    english = {text: words for text in texts if (words := english_words(text))}
    assert english == {}, "\n".join(f"{words}: {text}" for text, words in english.items())


def test_the_command_lines_success_and_failure_lines_are_vietnamese(tmp_path):
    content = write_content(tmp_path, minimal_content())
    command = [sys.executable, str(PROJECT_DIR / "build.py"), "--content", str(content), "--no-search", "--no-cache",
               "--workers", "1"]
    built = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=300)
    checked = subprocess.run([sys.executable, str(PROJECT_DIR / "build.py"), "check", "--content", str(content)],
                             capture_output=True, text=True, encoding="utf-8", timeout=300)
    lines = (built.stdout + checked.stdout).splitlines()
    assert len(lines) >= 4 and built.returncode == checked.returncode == 0
    assert {line: words for line in lines if (words := english_words(line.replace("OK:", "")))} == {}


# ---------------------------------------------------------------- one tone-mark style

OLD_STYLE = re.compile(r"(?<![qQ])(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])(?!\w)", re.I)


@pytest.mark.parametrize("doc", ["docs/errors.md", "docs/huong-dan-bien-tap.md"])
def test_editors_docs_use_one_tone_mark_style(doc):
    """hòa, khóa, xóa, tùy (the style of the site), never hoà, khoá, xoá, tuỳ."""
    text = (PROJECT_DIR / doc).read_text(encoding="utf-8")
    assert OLD_STYLE.findall(text) == []
    assert "sáp nhập" not in text, "the 2025 mergers are 'hợp nhất'"


def test_messages_use_one_tone_mark_style(tmp_path, capsys):
    texts = catalogue_messages() + ledger_messages(tmp_path) + serve_texts(capsys) + new_prompts()
    assert [t for t in texts if OLD_STYLE.search(t) or "sáp nhập" in t] == []
    assert OLD_STYLE.search("xoá") and OLD_STYLE.search("tuỳ") and not OLD_STYLE.search("quý toán hoàn")
