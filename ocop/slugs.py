"""Slugs, diacritic folding and Vietnamese alphabetical order."""
from __future__ import annotations

import functools
import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def fold(text: str) -> str:
    """Remove Vietnamese diacritics, including đ/Đ, keeping case: 'Đồng Văn' -> 'Dong Van'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


def slugify(text: str) -> str:
    """'Miến dong Tài Hoan' -> 'mien-dong-tai-hoan'; '75/KH-UBND' -> '75-kh-ubnd'."""
    return _NON_SLUG.sub("-", fold(text).lower()).strip("-")


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


# Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
# Letters sort by base letter (with its vowel marks: ă, â, ê, ô, ơ, ư are letters of
# their own), then by tone (none, huyền, hỏi, ngã, sắc, nặng) as a tie-break.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # ` ? ~ ' .
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


@functools.lru_cache(maxsize=4096)  # a few hundred distinct characters; names repeat them all
def _split_letter(ch: str) -> tuple[str, int]:
    """Return (letter with its letter-marks, tone rank) for one lower-case character."""
    parts = unicodedata.normalize("NFD", ch)
    base, tone = parts[0], 0
    letter_marks = ""
    for mark in parts[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
    return unicodedata.normalize("NFC", base + letter_marks), tone


def vi_sort_key(text: str) -> tuple:
    """Sort key for Vietnamese words in dictionary order ('Đ' after 'D', tones as tie-break)."""
    primary: list[int] = []
    tones: list[int] = []
    for ch in text.lower():
        letter, tone = _split_letter(ch)
        primary.append(_LETTER_RANK.get(letter, 100 + ord(letter[0]) if letter.isalnum() else 0))
        tones.append(tone)
    return tuple(primary), tuple(tones), text
