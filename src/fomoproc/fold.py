"""Accents folded away for search: "Łukasz Zieliński" is found as "Lukasz Zielinski".

The search index holds every word folded, and the search page folds the query by the same
rules (``foldText`` in ``sphinxext/static/fomoproc-search.js``; the tests compare the two
on the same strings): compatibility forms decomposed (NFKD), the combining diacritical
marks U+0300-U+036F dropped, the Latin letters that do not decompose spelt as their usual
ASCII (ß as ss, ł as l, ø as o, æ as ae...), the rest composed again (NFC). Other scripts
keep their letters: a query in Cyrillic or Chinese finds what it always found.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Latin letters without a decomposition, and how readers type them without the accent.
LETTERS = {
    "ß": "ss", "ẞ": "SS", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
    "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "þ": "th", "Þ": "Th", "ð": "d",
    "Ð": "D", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
}  # fmt: skip
_TABLE = str.maketrans(LETTERS)
_MARKS = re.compile("[\u0300-\u036f]+")


@functools.lru_cache(maxsize=1 << 16)  # the words of a booklet recur from page to page
def fold(text: str) -> str:
    """The text as the search index holds it: "Weißhaupt" -> "Weisshaupt"."""
    if text.isascii():
        return text
    stripped = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", stripped.translate(_TABLE))
