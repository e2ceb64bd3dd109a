"""Text typed in the legacy Vietnamese encodings TCVN3 (ABC) and VNI, converted to Unicode.

Provincial spreadsheets still hold cells typed with the ABC keyboard in a .VnTime font
(TCVN3) or with VNI in a VNI-Times font. Excel stores what was typed as Windows-1252
characters, so the cell reads as mojibake: "S¶n phÈm" (TCVN3) or "Saûn phaåm" (VNI) for
"Sản phẩm". No maintained Python library converts these (PyPI has TCVN3 gists and a VNI
*typing-method* encoder, nothing kept up), so the tables are here.

Sources of the tables:

* TCVN3: the VN3 table of the standard TCVN 5712:1993 ("Công nghệ thông tin — Bộ mã chuẩn
  8-bit kí tự Việt dùng trong trao đổi thông tin"), the code ABC and the .Vn fonts use; the
  same byte values are listed in the charset tables of the Vietnamese Unicode project
  (vietunicode.sourceforge.net/charset) and in x-unikey's vnconv. VN3 has lower-case letters
  with tones only; the all-capitals fonts (.VnTimeH) draw the same codes as capitals.
* VNI: the VNI-Windows encoding of VNI Software (fonts VNI-Times, VNI-Helve): a base letter
  followed by a mark character, plus single characters for đ, ơ, ư, the i-tones and ỵ; the
  same tables as above list it.

`convert(text)` decides per cell. It changes nothing that already reads as Vietnamese in
Unicode or that is plain ASCII; it converts only when exactly one legacy reading turns every
word into a Vietnamese syllable; when a cell looks legacy but neither (or both, differently)
readings do, it says so (`Conversion.ambiguous`) and leaves the text as it was.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# ---------------------------------------------------------------- TCVN3 (TCVN 5712:1993, VN3)

# Each line: the TCVN3 characters (Windows-1252 reading of the bytes) and the Unicode letters,
# in the order no tone, huyền, hỏi, ngã, sắc, nặng (or the letter alone).
_TCVN3_ROWS = (
    ("µ¶·¸¹", "àảãáạ"),         # a: B5 B6 B7 B8 B9
    ("¨»¼½¾Æ", "ăằẳẵắặ"),       # ă: A8, BB BC BD BE C6
    ("©ÇÈÉÊË", "âầẩẫấậ"),       # â: A9, C7 C8 C9 CA CB
    ("ÌÎÏÐÑ", "èẻẽéẹ"),         # e: CC CE CF D0 D1
    ("ªÒÓÔÕÖ", "êềểễếệ"),       # ê: AA, D2 D3 D4 D5 D6
    ("×ØÜÝÞ", "ìỉĩíị"),         # i: D7 D8 DC DD DE
    ("ßáâãä", "òỏõóọ"),         # o: DF E1 E2 E3 E4
    ("«åæçèé", "ôồổỗốộ"),       # ô: AB, E5 E6 E7 E8 E9
    ("¬êëìíî", "ơờởỡớợ"),       # ơ: AC, EA EB EC ED EE
    ("ïñòóô", "ùủũúụ"),         # u: EF F1 F2 F3 F4
    ("\xadõö÷øù", "ưừửữứự"),    # ư: AD, F5 F6 F7 F8 F9
    ("úûüýþ", "ỳỷỹýỵ"),         # y: FA FB FC FD FE
    ("®", "đ"),                 # AE
    ("¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ"),     # A1-A7: the capitals VN3 has
)
TCVN3: dict[str, str] = {k: v for keys, values in _TCVN3_ROWS for k, v in zip(keys, values, strict=True)}

# ---------------------------------------------------------------- VNI-Windows

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONES = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)

# Mark characters that follow a base letter: (letter mark, tone). Capitals use the capital forms.
VNI_MARKS: dict[str, tuple[str, str]] = {}
for _lower, _marks in (
    ("ù", ("", _ACUTE)), ("ø", ("", _GRAVE)), ("û", ("", _HOOK)), ("õ", ("", _TILDE)), ("ï", ("", _DOT)),
    ("â", (_CIRCUMFLEX, "")), ("á", (_CIRCUMFLEX, _ACUTE)), ("à", (_CIRCUMFLEX, _GRAVE)),
    ("å", (_CIRCUMFLEX, _HOOK)), ("ã", (_CIRCUMFLEX, _TILDE)), ("ä", (_CIRCUMFLEX, _DOT)),
    ("ê", (_BREVE, "")), ("é", (_BREVE, _ACUTE)), ("è", (_BREVE, _GRAVE)),
    ("ú", (_BREVE, _HOOK)), ("ü", (_BREVE, _TILDE)), ("ë", (_BREVE, _DOT)),
):
    VNI_MARKS[_lower] = _marks
    VNI_MARKS[_lower.upper()] = _marks
# Characters that stand for a whole letter.
VNI_SINGLE: dict[str, str] = {}
for _lower, _letter in (("ñ", "đ"), ("ô", "ơ"), ("ö", "ư"), ("í", "í"), ("ì", "ì"), ("æ", "ỉ"),
                        ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ")):
    VNI_SINGLE[_lower] = _letter
    VNI_SINGLE[_lower.upper()] = _letter.upper()

# Which bases take which letter mark.
_MARK_BASES = {_CIRCUMFLEX: "aeo", _BREVE: "a", "": "aeiouy"}

# ---------------------------------------------------------------- Vietnamese syllables

# Latin-1 letters that are also Vietnamese letters in Unicode: a Unicode cell may hold them.
VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters of the legacy tables that a Unicode Vietnamese text never has: evidence of legacy.
LEGACY_ONLY = frozenset((set(TCVN3) | set(VNI_MARKS) | set(VNI_SINGLE)) - VIETNAMESE_LATIN1)

_VOWELS = "aăâeêioôơuưy"
_STOP_FINALS = ("c", "ch", "p", "t", "k")


def _rhymes() -> frozenset[str]:
    """Every toneless rhyme (vần) of Vietnamese, generously: nucleus (with glide) + final."""
    table = {
        "a": "- c ch m n ng nh p t i o u y", "ă": "c m n ng p t", "â": "c m n ng p t u y",
        "e": "- c m n ng p t o", "ê": "- ch m n nh p t u", "i": "- ch m n nh p t u a",
        "iê": "c m n ng p t u", "yê": "c m n ng p t u", "o": "- c m n ng p t i", "oo": "c ng",
        "ô": "- c m n ng p t i", "ơ": "- m n p t i u", "u": "- c m n ng p t i a y",
        "uô": "c m n ng p t i", "ư": "- c m n ng t i u a", "ươ": "c m n ng p t i u", "y": "-",
        # with the glide o- / u- (hoa, khoắc, khoe; tuân, thuê, khuya, khuyên, thuở); after q
        # the u is the onset's (qua, quăng, que: q-u + a, ăng, e)
        "oa": "- c ch m n ng nh p t i y o", "oă": "c m n ng t", "oe": "- c m n ng t o",
        "uâ": "n ng t y", "uê": "- ch n nh", "uy": "- ch n nh p t u a", "uyê": "n t", "uơ": "-",
    }
    rhymes = set()
    for nucleus, finals in table.items():
        for final in finals.split():
            final = "" if final == "-" else final
            rhymes.add(nucleus + final)
            if final == "c":  # Đắk, Lắk, Búk: the Tây Nguyên spelling of names
                rhymes.add(nucleus + "k")
    return frozenset(rhymes)


_RHYMES = _rhymes()
# Onsets: Vietnamese ones, plus stop + l/r and f j w z for names and loans (Krông, Drắk, Blao).
_SYLLABLE = re.compile(r"(ngh|ng|nh|ch|gh|kh|ph|th|tr|[bdđgkpt][lr]|[bcdđfghjklmnpqrstvwxz])?(.+)")
_FINAL = re.compile(r"(ch|nh|ng|[cmnptk])$")
_MODIFIED = "ăâêôơư"


@functools.lru_cache(maxsize=8192)
def is_syllable(word: str) -> bool:
    """True when `word` spells one Vietnamese syllable (any case, NFC or NFD): one tone at most,
    on the vowel that carries it (old and new style both: hòa/hoà, thủy/thuỷ); letter marks only
    where Vietnamese has them; a known rhyme; q only before u; a final c/ch/p/t only with sắc or
    nặng. Onsets are lenient (Krông, Drắk)."""
    tone, tone_at = "", -1
    letters: list[str] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if tone or not letters or letters[-1][0] not in "aeiouy":
                return False
            tone, tone_at = ch, len(letters) - 1
        elif ch in (_CIRCUMFLEX, _BREVE, _HORN):
            if not letters or len(letters[-1]) > 1:
                return False
            base = letters[-1]
            if (ch == _CIRCUMFLEX and base not in "aeo") or (ch == _BREVE and base != "a") \
                    or (ch == _HORN and base not in "ou"):
                return False
            letters[-1] = base + ch
        elif ch == "đ" or "a" <= ch <= "z":
            letters.append(ch)
        else:
            return False
    letters = [unicodedata.normalize("NFC", letter) for letter in letters]
    plain = "".join(letters)
    splits = []
    if plain.startswith("gi") and len(plain) > 2:
        splits.append(2)  # gi + rhyme: giữ, giường, già
    match = _SYLLABLE.fullmatch(plain)
    if match:
        splits.append(len(match.group(1) or ""))
    for onset_len in splits:
        rhyme = plain[onset_len:]
        if plain[:onset_len].endswith("q"):
            if not rhyme.startswith("u") or len(rhyme) < 2:
                continue
            if rhyme[1:] in _RHYMES and rhyme[1] != "u":
                onset_len, rhyme = onset_len + 1, rhyme[1:]  # qu- is the onset: quá, quý, quốc
            elif rhyme not in _RHYMES:  # or q + a rhyme with the glide u: quýt, quyển
                continue
        elif rhyme not in _RHYMES:
            continue
        final = _FINAL.search(rhyme)
        if final and final.group(1) in _STOP_FINALS and tone not in (_ACUTE, _DOT):
            continue
        if tone and not _tone_in_place(letters[onset_len:], tone_at - onset_len, bool(final),
                                       len(final.group(1)) if final else 0):
            continue
        return True
    return False


def _tone_in_place(rhyme: list[str], at: int, closed: bool, final_len: int) -> bool:
    """Whether the tone sits on the vowel that carries it in this rhyme (letters of the rhyme)."""
    vowels = rhyme[:len(rhyme) - final_len] if closed else rhyme
    if not 0 <= at < len(vowels):
        return False
    modified = [i for i, letter in enumerate(vowels) if letter in _MODIFIED]
    if modified:
        return at == modified[-1]  # the marked vowel: mười, thuốc, khuyến, cứu
    if closed or len(vowels) == 1:
        return at == len(vowels) - 1  # hoàng, quýt, toán
    if len(vowels) == 3:
        return at == 1  # khuỷu, ngoáy, hoài
    if "".join(vowels) in ("oa", "oe", "uy"):
        return True  # hòa and hoà, thủy and thuỷ are both written
    return at == 0  # mùa, kìa, hài, gửi


_ABBREVIATION = re.compile(r"[A-ZĐ]+")


def is_vietnamese_word(word: str) -> bool:
    """A syllable written in lower case, Capitalised or in CAPITALS, or a capitals abbreviation
    such as QĐ or HĐND."""
    if _ABBREVIATION.fullmatch(word):
        return True
    if not (word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())):
        return False
    return is_syllable(word)


# ---------------------------------------------------------------- conversion

def tcvn3_to_unicode(text: str) -> tuple[str, bool]:
    """Read `text` as TCVN3. Returns (Unicode NFC text, whether every non-ASCII letter was a
    TCVN3 code). Cells typed in the all-capitals .VnTimeH font are not recapitalised here."""
    out = []
    complete = True
    for ch in text:
        if ch in TCVN3:
            out.append(TCVN3[ch])
        else:
            if "\xa1" <= ch <= "\xff":
                complete = False
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), complete


def vni_to_unicode(text: str) -> tuple[str, bool]:
    """Read `text` as VNI-Windows. Returns (Unicode NFC text, whether every mark character
    followed a letter that takes it and every other non-ASCII letter was a VNI code)."""
    out: list[str] = []
    complete = True
    for ch in text:
        marks = VNI_MARKS.get(ch)
        if marks is not None and out:
            parts = unicodedata.normalize("NFD", out[-1])
            base, existing = parts[0].lower(), parts[1:]
            letter_mark, tone = marks
            has_tone = any(m in _TONES for m in existing)
            has_letter_mark = any(m in (_CIRCUMFLEX, _BREVE, _HORN) for m in existing)
            same_case = ch.isupper() == out[-1].isupper()  # VNI has capital marks for capitals
            if base in _MARK_BASES[letter_mark] and same_case and not has_tone \
                    and not (letter_mark and has_letter_mark):
                out[-1] = unicodedata.normalize("NFC", out[-1] + letter_mark + tone)
                continue
        if ch in VNI_SINGLE:
            out.append(VNI_SINGLE[ch])
            continue
        if "\xa1" <= ch <= "\xff":
            complete = False
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)), complete


@dataclass(frozen=True)
class Conversion:
    """What `convert` made of one cell.

    encoding: "unicode" (left as it was), "tcvn3" or "vni" (converted), or "ambiguous" (looks
    like a legacy encoding, but no single reading is sure; `text` is the cell unchanged)."""
    text: str
    encoding: str

    @property
    def ambiguous(self) -> bool:
        return self.encoding == "ambiguous"


# Words: ASCII letters and Latin-1 characters (the range both legacy encodings use).
_WORD = re.compile(r"[A-Za-z\u00a1-\u00ff]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _all_caps(text: str) -> bool:
    ascii_letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    return len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters)


def _read_tcvn3(word: str, cell_in_capitals: bool) -> tuple[str, bool]:
    """VN3 has no capitals with tones: headings were typed in the all-capitals .VnTimeH font,
    whose codes are the lower-case ones. A word whose ASCII letters are all capitals (two or
    more), or any word of a cell that is, was in capitals and is given back so."""
    converted, complete = tcvn3_to_unicode(word)
    if cell_in_capitals or _all_caps(word):
        converted = converted.upper()
    return converted, complete


def _reading(text: str, encoding: str) -> tuple[str, list[tuple[str, str, bool]]]:
    """The whole cell read in `encoding`, and (word, its reading, complete) for every word."""
    caps = _all_caps(text)
    words: list[tuple[str, str, bool]] = []

    def read(match: re.Match) -> str:
        word = match.group(0)
        if encoding == "tcvn3":
            converted, complete = _read_tcvn3(word, caps)
        else:
            converted, complete = vni_to_unicode(word)
        words.append((word, converted, complete))
        return converted

    return unicodedata.normalize("NFC", _WORD.sub(read, text)), words


def _reads_as(word: str, encoding: str) -> bool:
    """Whether one word reads as a Vietnamese word in `encoding` (and is changed by it)."""
    converted, read = _reading(word, encoding)
    return converted != word and all(known and is_vietnamese_word(new) for _, new, known in read)


def _deciding(word: str) -> bool:
    """Words that decide: a non-ASCII character and at least one ASCII letter ("×" in "2 × 3"
    or a lone "½" is no word, whatever a table says it could be)."""
    return not word.isascii() and bool(_ASCII_LETTER.search(word))


def convert(text: str) -> Conversion:
    """Convert one cell typed in TCVN3 or VNI to Unicode NFC; leave Unicode and ASCII alone."""
    text = unicodedata.normalize("NFC", text)
    if text.isascii():
        return Conversion(text, "unicode")
    words = [w for w in _WORD.findall(text) if _deciding(w)]
    if all(is_vietnamese_word(w) for w in words):
        return Conversion(text, "unicode")  # "Chè Thái", "Bánh Pía", or nothing to decide on
    if any(ch > "\xff" and ch.isalpha() for ch in text):
        # Letters beyond Latin-1 (ạ, ư, đ...) were typed in Unicode. Legacy words beside them
        # ("Gạo S¶n phÈm": pasted from an old document) cannot be converted without spoiling
        # the Unicode ones (TCVN3 reads "è" as "ố"), so such a cell is only reported.
        if any(ch in LEGACY_ONLY for w in words for ch in w) and any(
                _reads_as(w, enc) for w in words for enc in ("tcvn3", "vni")):
            return Conversion(text, "ambiguous")
        return Conversion(text, "unicode")
    readings: dict[str, tuple[str, bool, int]] = {}  # encoding -> (text, every code known, words read)
    for encoding in ("tcvn3", "vni"):
        converted, read_words = _reading(text, encoding)
        deciding = [(new, complete) for old, new, complete in read_words if _deciding(old)]
        complete = all(known for _, known in deciding)
        valid = sum(known and is_vietnamese_word(new) for new, known in deciding)
        readings[encoding] = (converted, complete, valid)
    full = {enc: r[0] for enc, r in readings.items() if r[1] and r[2] == len(words)}
    if len(full) == 1 or (len(full) == 2 and full["tcvn3"] == full["vni"]):
        encoding, converted = next(iter(full.items()))
        return Conversion(converted, encoding)
    if full:  # both readings are Vietnamese and differ
        return Conversion(text, "ambiguous")
    # No reading makes every word a syllable: a loanword or a name (Patê, Qưới) may not be one.
    # Take the reading whose every code is known and that reads at least two words in three,
    # more than the cell as it is and more than the other reading.
    as_is = sum(is_vietnamese_word(w) for w in words)
    (t_text, t_complete, t_valid), (v_text, v_complete, v_valid) = readings["tcvn3"], readings["vni"]
    for encoding, converted, complete, valid, other in (("tcvn3", t_text, t_complete, t_valid, v_valid),
                                                      ("vni", v_text, v_complete, v_valid, t_valid)):
        if complete and 3 * valid >= 2 * len(words) and valid > as_is and valid > other:
            return Conversion(converted, encoding)
    # Legacy, but unsure, if the cell has a character Unicode Vietnamese never uses and some word
    # does read as a legacy syllable ("S¶n phaåm": pasted from two documents); otherwise it is
    # some other language or symbols ("Café", "Brand®").
    if (t_valid or v_valid) and any(ch in LEGACY_ONLY for w in words for ch in w):
        return Conversion(text, "ambiguous")
    return Conversion(text, "unicode")


def readings(text: str) -> dict[str, str]:
    """The cell read as TCVN3 and as VNI, each only where every legacy code in it is known to that
    encoding and the reading changes something. For text of a known vocabulary (headers), where
    a reading can be checked against the words expected rather than guessed."""
    text = unicodedata.normalize("NFC", text)
    found = {}
    for encoding in ("tcvn3", "vni"):
        converted, words = _reading(text, encoding)
        if converted != text and all(known for _, _, known in words):
            found[encoding] = converted
    return found


def looks_legacy(text: str) -> bool:
    """True when `convert` would change the cell or call it ambiguous."""
    return convert(text).encoding != "unicode"
