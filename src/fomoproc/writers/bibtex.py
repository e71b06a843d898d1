"""BibTeX for each paper and for the volume, written with bibtexparser's v2 model and writer.

Field values are escaped for LaTeX here, once: special characters become
commands, ``$...$`` math stays math, and words with inner capitals (acronyms,
system names) are braced so that bibliography styles keep their case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.middlewares import AddEnclosingMiddleware, RemoveEnclosingMiddleware
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat

from fomoproc.model import Paper, Workshop
from fomoproc.text import Math, segments

# Braces are spelled as commands: BibTeX counts "\{" as an opening brace.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX_SPECIALS))
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


def latex_text(text: str, *, protect_case: bool = False) -> str:
    """Text for a BibTeX field: LaTeX specials escaped, vetted math kept between dollars."""
    out = []
    for segment in segments(text):
        if isinstance(segment, Math):
            out.append(f"${segment.latex}$")
            continue
        escaped = _SPECIAL.sub(lambda m: _LATEX_SPECIALS[m.group(0)], segment.text)
        if protect_case:
            escaped = _PROTECT.sub(_brace_if_cased, escaped)
        out.append(escaped)
    return "".join(out)


def _brace_if_cased(match: re.Match[str]) -> str:
    word = match.group(1)
    return f"{{{word}}}" if any(c.isupper() for c in word[1:]) else word


_PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "zu",
        "al",
        "el",
        "bin",
        "ibn",
    ]
)


def bibtex_name(name: str) -> str:
    """A name as ``von Last, First``, braced where BibTeX would split it wrongly."""
    name = latex_text(name)
    if "," in name or " and " in f" {name.casefold()} ":
        return f"{{{name}}}"
    words = name.split()
    if len(words) < 2:
        return name
    last = len(words) - 1
    start = last
    for index in range(1, last):
        if words[index].casefold() in _PARTICLES or words[index][:1].islower():
            start = index
            break
    return f"{' '.join(words[start:])}, {' '.join(words[:start])}"


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.casefold())


def base_key(paper: Paper, year: int) -> str:
    """The key before de-duplication: OpenReview's own, else ``lastnameYEARfirstword``."""
    if paper.bibtex_key:
        return _KEY_SAFE.sub("", paper.bibtex_key) or paper.id
    surname = ""
    if paper.authors:
        words = paper.authors[0].name.split()
        surname = _ascii_word("".join(w for w in words[-1:]))
    title_words = [_ascii_word(w) for w in paper.title.split()]
    first = next((w for w in title_words if w and w not in _STOPWORDS), "")
    return f"{surname or 'anonymous'}{year}{first}"


def assign_keys(papers: Iterable[Paper], year: int) -> dict[str, str]:
    """Unique, stable keys: on a clash, papers in forum-id order get suffixes b, c, ..."""
    by_base: dict[str, list[str]] = {}
    for paper in sorted(papers, key=lambda p: p.id):
        by_base.setdefault(base_key(paper, year), []).append(paper.id)
    keys: dict[str, str] = {}
    taken = set(by_base)
    for base, ids in sorted(by_base.items()):
        keys[ids[0]] = base
        suffix = 1
        for forum in ids[1:]:
            while f"{base}{_suffix(suffix)}" in taken:
                suffix += 1
            keys[forum] = f"{base}{_suffix(suffix)}"
            taken.add(keys[forum])
    return keys


def _suffix(number: int) -> str:
    letters = ""
    number += 1  # "b" first: the unsuffixed key is the "a"
    while number:
        number, rest = divmod(number, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def entry_fields(paper: Paper, workshop: Workshop) -> dict[str, str]:
    """The escaped field values of a paper's ``@inproceedings`` entry, in writing order."""
    fields = {
        "title": latex_text(paper.title, protect_case=True),
        "author": " and ".join(bibtex_name(a.name) for a in paper.authors) or "Anonymous",
        "booktitle": latex_text(workshop.citation_booktitle, protect_case=True),
        "year": str(workshop.year),
        "url": paper.openreview_url,
        "note": latex_text(workshop.bibtex_note),
    }
    return {k: v for k, v in fields.items() if v}


def _library(papers: Sequence[Paper], keys: dict[str, str], workshop: Workshop) -> Library:
    library = Library()
    for paper in papers:
        fields = [Field(k, v) for k, v in entry_fields(paper, workshop).items()]
        library.add(Entry("inproceedings", keys[paper.id], fields))
    return library


def _format() -> BibtexFormat:
    layout = BibtexFormat()  # type: ignore[no-untyped-call]  # bibtexparser leaves it untyped
    layout.indent = "  "
    layout.block_separator = "\n"
    layout.trailing_comma = False
    return layout


def write(papers: Sequence[Paper], keys: dict[str, str], workshop: Workshop) -> str:
    """BibTeX text for these papers, entries in the given order."""
    enclose = AddEnclosingMiddleware(
        # The library is made here and thrown away: copying it first only costs time.
        allow_inplace_modification=True,
        default_enclosing="{",
        reuse_previous_enclosing=False,
        enclose_integers=False,
    )
    return write_string(
        _library(papers, keys, workshop), unparse_stack=[enclose], bibtex_format=_format()
    )


def join(entries: Iterable[str]) -> str:
    """Entries written one by one by :func:`write`, as one file: what ``write`` of all gives."""
    return "\n".join(entries)


def parse(text: str) -> Library:
    """Parse BibTeX written by :func:`write` back into bibtexparser's model."""
    return parse_string(text, parse_stack=[RemoveEnclosingMiddleware()])
