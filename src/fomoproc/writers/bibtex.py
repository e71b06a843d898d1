"""BibTeX for each paper and for the volume, written with bibtexparser's v2 model and writer.

Field values are escaped for LaTeX here, once: special characters become
commands, ``$...$`` math stays math, and words with inner capitals (acronyms,
system names) are braced so that bibliography styles keep their case.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware, RemoveEnclosingMiddleware
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from fomoproc.model import Paper, Workshop
from fomoproc.names import split_name
from fomoproc.text import Math, Text, plain, segments
from fomoproc.writers import latex

# A word whose case a style must keep: a capital after its first letter ("LLM", "KVPress").
_PROTECT = re.compile(r"(?<![\w\\])([^\W_]*[^\W\d_][^\W_]*)(?![\w])")
_KEY_SAFE = re.compile(r"[^A-Za-z0-9_:.-]")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "for",
        "in",
        "to",
        "and",
        "with",
        "via",
        "is",
        "are",
        "at",
        "by",
        "from",
        "towards",
        "toward",
    ]
)
FIELD_ORDER = ("title", "author", "booktitle", "year", "url", "note")


def latex_text(text: str, *, protect_case: bool = False, math: bool = True) -> str:
    """Text for a BibTeX field: LaTeX specials escaped, vetted math kept between dollars.

    With ``protect_case`` (titles), words a style must not lower-case and math are braced.
    Without ``math`` (names), a dollar is always text: math could hide commas or "and".
    """
    out = []
    for segment in _bibtex_segments(text) if math else [Text(text)]:
        if isinstance(segment, Math):
            out.append(f"{{${segment.latex}$}}" if protect_case else f"${segment.latex}$")
            continue
        escaped = latex.escape(segment.text)
        if protect_case:
            escaped = _PROTECT.sub(_brace_if_cased, escaped)
        out.append(escaped)
    return "".join(out)


def _bibtex_segments(text: str) -> list[Text | Math]:
    # BibTeX counts "\{" as a brace too: "$\left\{ x \right.$" must stay text here.
    return [
        Text(f"${s.latex}$") if isinstance(s, Math) and not _balanced(s.latex) else s
        for s in segments(text)
    ]


def _brace_if_cased(match: re.Match[str]) -> str:
    word = match.group(1)
    return f"{{{word}}}" if any(c.isupper() for c in word[1:]) else word


# BibTeX splits authors at a bare "and", whatever its case.
_AND = re.compile(r"(?<!\S)(and)(?!\S)", flags=re.IGNORECASE)


def _name_part(text: str, *, group: bool = False) -> str:
    escaped = latex_text(text, math=False)
    if group and " " in escaped:  # "Fernández Ruiz" is one family name, not "von Last"
        return f"{{{escaped}}}"
    return _AND.sub(r"{\1}", escaped) if "nd" in escaped.casefold() else escaped


def bibtex_name(name: str) -> str:
    """A name as ``von Last, Jr, First`` (``van Breugel, Boris``), braced where BibTeX would err."""
    parts = split_name(name)
    if parts.literal:
        return f"{{{latex_text(parts.family, math=False)}}}"
    last = _name_part(parts.family, group=True)
    if parts.particle:
        last = f"{_name_part(parts.particle)} {last}"
    if not parts.given and not parts.suffix:
        return last
    pieces = [last, _name_part(parts.suffix)] if parts.suffix else [last]
    return ", ".join([*pieces, _name_part(parts.given)])


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.casefold())


def _key_surname(paper: Paper) -> str:
    if not paper.authors:
        return ""
    first = paper.authors[0]
    surname = _ascii_word(split_name(first.name).family_with_particle)
    if not surname and first.profile_id:
        # "王芳" has no ASCII letters; her profile "~Fang_Wang1" spells the family name.
        surname = _ascii_word(first.profile_id.lstrip("~").rstrip("0123456789").split("_")[-1])
    return surname


def base_key(paper: Paper, year: int) -> str:
    """The key before de-duplication: OpenReview's own, else ``vanbreugel2025fptquant``."""
    if paper.bibtex_key:
        return _KEY_SAFE.sub("", paper.bibtex_key) or paper.id
    title_words = [_ascii_word(w) for w in plain(paper.title).split()]
    first = next((w for w in title_words if w and w not in _STOPWORDS), "")
    return f"{_key_surname(paper) or 'anonymous'}{year}{first}"


def assign_keys(papers: Iterable[Paper], year: int) -> dict[str, str]:
    """Unique, stable keys: on a clash, papers in forum-id order get suffixes b, c, ..."""
    by_base: dict[str, list[str]] = {}
    for paper in sorted(papers, key=lambda p: p.id):
        by_base.setdefault(base_key(paper, year), []).append(paper.id)
    # BibTeX and biber compare keys without case: "Li2025a" and "li2025a" clash. A suffixed
    # key never takes a base key: that one is kept for its own paper.
    reserved = {base.casefold() for base in by_base}
    used: set[str] = set()
    keys: dict[str, str] = {}
    for base, ids in sorted(by_base.items()):
        number = 0
        for forum in ids:
            key = base
            while key.casefold() in used or (key != base and key.casefold() in reserved):
                number += 1
                key = f"{base}{_suffix(number)}"
            keys[forum] = key
            used.add(key.casefold())
    return keys


def _suffix(number: int) -> str:
    """1 -> "b", 2 -> "c", ..., 25 -> "z", 26 -> "aa": the unsuffixed key is the "a"."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def entry_fields(paper: Paper, workshop: Workshop) -> dict[str, str]:
    """The escaped field values of a paper's ``@inproceedings`` entry, in writing order."""
    booktitle, note = _venue_fields(workshop.citation_booktitle, workshop.bibtex_note)
    fields = {
        "title": latex_text(paper.title, protect_case=True),
        "author": " and ".join(bibtex_name(a.name) for a in paper.authors) or "Anonymous",
        "booktitle": booktitle,
        "year": str(workshop.year),
        "url": url_field(paper.openreview_url),
        "note": note,
    }
    return {k: v for k, v in fields.items() if v}


# What an address keeps as it is: RFC 3986's characters, "%" of a percent-escape among them.
_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def url_field(url: str) -> str:
    """An address for the ``url`` field, percent-encoded where BibTeX or LaTeX would read it.

    Braces would end the field (or leave it open), a backslash would start a command, and
    a ``%`` not starting a percent-escape would be read as one: each becomes its escape
    (``%7D``, ``%5C``, ``%25``), as do spaces and non-ASCII letters. The address a reader
    follows is the same.
    """
    return quote(_LONE_PERCENT.sub("%25", url), safe=_URL_SAFE)


@functools.lru_cache(maxsize=8)  # the same two values for every paper of a booklet
def _venue_fields(booktitle: str, note: str) -> tuple[str, str]:
    return latex_text(booktitle, protect_case=True), latex_text(note)


def _library(papers: Sequence[Paper], keys: dict[str, str], workshop: Workshop) -> Library:
    library = Library()
    for paper in papers:
        fields = [Field(k, v) for k, v in entry_fields(paper, workshop).items()]
        for item in fields:
            if not _balanced(item.value):
                # Escaping makes every brace of the input a command: reaching this is a bug.
                raise ValueError(f"paper {paper.label}: unbalanced braces in BibTeX {item.key}")
        library.add(Entry("inproceedings", keys[paper.id], fields))
    return library


def _balanced(value: str) -> bool:
    depth = 0
    for brace in _BRACE.findall(value):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


_BRACE = re.compile(r"[{}]")


def _format() -> BibtexFormat:
    layout = BibtexFormat()  # type: ignore[no-untyped-call]  # bibtexparser leaves it untyped
    layout.indent = "  "
    layout.block_separator = "\n"
    layout.trailing_comma = False
    return layout


# Made once: they hold settings only, and making them again for every paper took a
# quarter of the time its entry takes.
_ENCLOSE = AddEnclosingMiddleware(
    # Each library is made by write() and thrown away: copying it first only costs time.
    allow_inplace_modification=True,
    default_enclosing="{",
    reuse_previous_enclosing=False,
    enclose_integers=False,
)
_FORMAT = _format()


def write(papers: Sequence[Paper], keys: dict[str, str], workshop: Workshop) -> str:
    """BibTeX text for these papers, entries in the given order."""
    return write_string(
        _library(papers, keys, workshop), unparse_stack=[_ENCLOSE], bibtex_format=_FORMAT
    )


def parse(text: str) -> Library:
    """Parse BibTeX written by :func:`write` back into bibtexparser's model."""
    return parse_string(text, parse_stack=[RemoveEnclosingMiddleware()])
