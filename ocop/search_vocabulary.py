"""The words every search bundle holds: Vietnamese syllables as Pagefind keys them (a table, no content).

Why: when a word of the query is in no page of a bundle, Pagefind searches that bundle for the word's
longest prefix that is there (Pagefind PR #315, meant for stemmed languages), and a query word that
matches nothing at all is left out of the query. With one bundle that happens only when the whole site
lacks the word; with the index in shards (search_shards.py) it happens in every shard that lacks it,
so "banh" also found the "bản" (village) and "bán" pages of shards without "bánh", and "miến dong"
found every "dong" page of a shard without "miến" (docs/search.md).

So each bundle gets one more page (search_index.write_vocabulary: beside the pages Pagefind reads, never in
site/), whose one filter is `type: vocabulary` and whose text is every
Vietnamese syllable folded the way the index keys words (tone and vowel marks dropped; "đ" kept and
also written "d", as the site's folded copies of names are): any query word that begins a Vietnamese
syllable then matches a word in every bundle, Pagefind never falls back, and a bundle lacking the word
matches only this record, which no search returns (every search of assets/search.js filters on `type`:
products are the pages whose type is none of province, plan and vocabulary). A query word that begins no syllable (a brand, an abbreviation, "ocop") still
falls back in a bundle that lacks it.

The table over-generates (every onset with every rhyme the spelling allows, "kyn" as well as "kinh"): a
word no one types costs a few bytes in each bundle and is never found. Only the longest words are kept (a
word that begins another one is matched by it as a prefix): ~3,200 words, ~17 KB of text per bundle.
"""
from __future__ import annotations


# How a syllable begins, as written (folded): Vietnamese initials, "qu" and "gi" as one, and the clusters
# and letters of the Central Highlands' place names (Krông, Kbang, Đắk R'Lấp, Mang Yang) and of Shan tea.
ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
          "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
          "bl", "br", "dr", "gr", "kb", "kl", "kr", "pl", "pr", "sh", "y")

# Rhymes without a final consonant, folded (ươi → uoi, yêu → yeu, khuya → uya…).
OPEN_RHYMES = ("a e i y o u ai ay ao au eo eu ia iu oi ui ua uu ieu yeu uoi uou "
               "oa oe uy ue uo oai oay oao oeo uya uyu uay ea ei").split()  # Ea Súp, Plei Cần

# A vowel (folded) and the final consonants it takes: ăn, ân and an fold alike; "k" ends the Central
# Highlands' Đắk, Lắk, Búk.
CLOSED_RHYMES = {
    "a": "m n ng nh c ch p t k", "e": "m n ng nh c ch p t", "i": "m n nh ch p t", "y": "n nh ch t p",
    "ie": "m n ng c p t", "ye": "m n ng c p t", "o": "m n ng c p t k", "oo": "ng c", "u": "m n ng c p t k",
    "uo": "m n ng c p t", "oa": "m n ng nh c ch p t", "oe": "m n ng t", "ua": "n ng t", "ue": "nh ch n",
    "uy": "n nh ch t p", "uye": "n t",
}


def rhymes() -> set[str]:
    closed = {vowel + final for vowel, finals in CLOSED_RHYMES.items() for final in finals.split()}
    return set(OPEN_RHYMES) | closed


def longest_only(words: set[str]) -> list[str]:
    """The words that begin no other word, sorted: every prefix of the set is still a prefix of one of them."""
    ordered = sorted(words)
    return [word for word, after in zip(ordered, ordered[1:] + [""]) if not after.startswith(word)]


def spelled(onset: str, rhyme: str) -> bool:
    """Vietnamese spelling: c, ng never before e, i, y, nor g before e, y (k, gh, ngh are written there, and
    only there for gh and ngh; "gì" is gi + ì; k also begins Highlands names such as Kon Tum); yê begins a
    syllable or follows u (quyên; khuyên is kh + uyên)."""
    front = rhyme[:1] in ("e", "i", "y")
    if onset in ("c", "ng") and front or onset == "g" and rhyme[:1] in ("e", "y"):
        return False
    if onset in ("gh", "ngh") and not front:
        return False
    return not (rhyme.startswith("ye") and onset not in ("", "qu"))


def syllables() -> list[str]:
    every_rhyme = rhymes()
    return longest_only({onset + rhyme for onset in ONSETS for rhyme in every_rhyme if spelled(onset, rhyme)})


VOCABULARY = " ".join(syllables())
