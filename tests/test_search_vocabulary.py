"""The vocabulary record every search bundle holds (ocop/search_vocabulary.py): what it must cover.

Its effect on results is tested in Chromium (tests/test_search_browser.py, the sharded index against one
bundle); here, that every Vietnamese word a visitor may type begins one of its words, as Pagefind keys them.
"""
from __future__ import annotations

import bisect
import random
import re
import unicodedata

import pytest
import yaml

from ocop.config import PROJECT_DIR
from ocop.search_vocabulary import VOCABULARY, longest_only, syllables

WORDS = syllables()


def pagefind_key(word: str) -> str:
    """A word as Pagefind 1.5 keys it: lower case, tone and vowel marks dropped (đ is a letter of its own)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def begins_a_word(prefix: str) -> bool:
    at = bisect.bisect_left(WORDS, prefix)
    return at < len(WORDS) and WORDS[at].startswith(prefix)


def keys(text: str) -> list[str]:
    """The keys of text's words, and of their copies with đ folded (the site's folded names)."""
    found = [pagefind_key(w) for w in re.findall(r"[^\W\d_]+", text)]
    return found + [k.replace("đ", "d") for k in found if "đ" in k]


# Rhymes and initials that are rare or spelled apart, and place names of the Central Highlands.
HARD_WORDS = ("ghế nghĩa kẻ kìa gì gỉ khuya khuỷu quỳnh quýt quyển nguyễn nghiêng giếng gìn thuở huơ xoong quặp oẳn ngoằn ngoèo "
              "khoai ngoáy ngoao khuấy tuần quênh huếch uyên tuyết ruột rượu hươu yểng yêm ươm ướp "
              "Krông Búk Pắk Lắk Đắk R'Lấp Plei Cần M'Drắk Kbang Chư Prông Ea H'leo Đam Rông Ia Grai "
              "Bánh chưng Nước mắm Phú Quốc Chè Shan tuyết Mật ong bạc hà Đồng Văn Miến dong Tài Hoan "
              "Hợp tác xã Công ty Trách nhiệm hữu hạn Ngũ Hành Sơn Thừa Thiên Huế Bà Rịa – Vũng Tàu")


@pytest.mark.parametrize("word", sorted(set(keys(HARD_WORDS))))
def test_every_hard_word_begins_a_vocabulary_word(word):
    assert begins_a_word(word), word


def test_every_prefix_of_a_word_begins_one_too():
    assert all(begins_a_word(word[:n]) for word in ("nghieng", "khuyu", "đak", "dak", "quynh") for n in range(1, 8))


def test_the_bundled_provinces_names_are_covered():
    """Every province's name (as written and with đ folded) is made of words the vocabulary begins with: holds as
    provinces are renamed, merged or added, as long as their names are Vietnamese."""
    names = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"]
             for p in sorted((PROJECT_DIR / "content" / "provinces").glob("*.yaml"))]
    assert names
    missing = sorted({k for name in names for k in keys(name) if not begins_a_word(k)})
    assert missing == []


def test_words_that_are_no_syllable_are_not_there():
    """Not a word list of the site: brands, abbreviations and English are left out (they keep Pagefind's
    fallback in a bundle that lacks them, docs/search.md)."""
    assert not any(begins_a_word(w) for w in ("ocop", "htx", "tnhh", "coffee", "xyz"))
    # nor what Vietnamese spelling rules out: c and ng before e, i, y; gh and ngh before a, o, u
    assert not any(begins_a_word(w) for w in ("ce", "ci", "nge", "ngi", "gha", "ngho", "ghu"))


@pytest.mark.parametrize("seed", range(5))
def test_longest_only_keeps_every_prefix_and_no_word_that_begins_another(seed):
    rng = random.Random(seed)
    words = {"".join(rng.choice("abc") for _ in range(rng.randint(1, 5))) for _ in range(60)}
    kept = longest_only(words)
    prefixes = {w[:n] for w in words for n in range(1, len(w) + 1)}
    assert prefixes == {w[:n] for w in kept for n in range(1, len(w) + 1)}
    assert not any(a != b and b.startswith(a) for a in kept for b in kept)
    assert set(kept) <= words and kept == sorted(kept)


def test_the_vocabulary_text_is_those_words_and_small():
    assert VOCABULARY.split(" ") == WORDS
    assert len(WORDS) < 5000 and len(VOCABULARY.encode("utf-8")) < 25_000
