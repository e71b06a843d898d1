"""HTML of the author and keyword index entries; the one place their text is HTML-escaped.

The index pages carry their entries as data (:func:`fomoproc.writers.myst.index_block`),
and the extension writes each entry with these functions when it writes the page. As
MyST paragraphs, an entry was a dozen docutils nodes: 22,000 authors of a conference made
226 MB of them, held at once while Sphinx wrote the letter pages. The markup is the one
MyST and docutils gave those paragraphs, so the pages look and link as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import orjson

from fomoproc.text import Math, clean_line, segments

MATHJAX_INLINE = ("\\(", "\\)")


def has_math(text: str) -> bool:
    """Whether :func:`rich_text` typesets math in this text."""
    return any(isinstance(s, Math) for s in segments(clean_line(text)))


def rich_text(text: str, math: tuple[str, str] = MATHJAX_INLINE) -> str:
    """One line of literal text with its vetted ``$...$`` math as MathJax inline math."""
    out = []
    for segment in segments(clean_line(text)):
        if isinstance(segment, Math):
            latex = f"{math[0]}{escape(segment.latex)}{math[1]}"
            out.append(f'<span class="math notranslate nohighlight">{latex}</span>')
        else:
            out.append(escape(segment.text))
    return "".join(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexEntry:
    """One entry as its page carries it: an author (with a profile link) or a keyword."""

    anchor: str
    label: str  # "Laban, Philippe" or "language models"
    profile: str  # an http(s) link for the label, or ""
    papers: tuple[tuple[str, str], ...]  # (docname, title) of each paper, in order
    note: str = ""  # an author's affiliation


def to_line(entry: IndexEntry) -> str:
    """The entry as its page carries it: one line of JSON."""
    data = {
        "anchor": entry.anchor,
        "label": entry.label,
        "profile": entry.profile,
        "papers": [list(paper) for paper in entry.papers],
        "note": entry.note,
    }
    return orjson.dumps(data).decode()  # in a fifth of the standard library's time


def from_line(line: str) -> IndexEntry:
    """An entry read back from :func:`to_line`; ValueError for anything else."""
    data: Any = json.loads(line)
    if not isinstance(data, dict) or set(data) != {"anchor", "label", "profile", "papers", "note"}:
        raise ValueError("not an index entry")
    papers = data["papers"]
    if not (
        all(isinstance(data[k], str) for k in ("anchor", "label", "profile", "note"))
        and isinstance(papers, list)
        and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(v, str) for v in p)
            for p in papers
        )
    ):
        raise ValueError("not an index entry")
    return IndexEntry(
        anchor=data["anchor"],
        label=data["label"],
        profile=data["profile"],
        papers=tuple((doc, title) for doc, title in papers),
        note=data["note"],
    )


#: Where a paper's page is from the page being written (None: no such page).
Href = Callable[[str], str | None]


def _paper(docname: str, title: str, href: Href, math: tuple[str, str]) -> str:
    target = href(docname)
    shown = f'<span class="std std-doc">{rich_text(title, math)}</span>'
    if target is None:
        return shown
    return f'<a class="reference internal" href="{escape(target)}">{shown}</a>'


#: After a link to an OpenReview profile: a mark for the eye, words for a screen reader.
EXTERNAL = (
    '<span class="fomo-external" aria-hidden="true">\u2197</span>'
    '<span class="visually-hidden"> (OpenReview profile, another site)</span>'
)


def author_entry(entry: IndexEntry, href: Href, math: tuple[str, str] = MATHJAX_INLINE) -> str:
    """An author in bold (linking to their profile, marked as leaving the booklet), their
    affiliation, then their papers."""
    name = rich_text(entry.label, math)
    if entry.profile.startswith(("https://", "http://")):  # never another scheme
        name = (
            f'<a class="reference external fomo-profile" href="{escape(entry.profile)}">'
            f"{name}{EXTERNAL}</a>"
        )
    note = (
        f'<span class="fomo-affiliation">{rich_text(entry.note, math)}</span> '
        if entry.note
        else ""
    )
    papers = " · ".join(_paper(doc, title, href, math) for doc, title in entry.papers)
    return f'<p id="{escape(entry.anchor)}"><strong>{name}</strong> {note}{papers}</p>\n'


def keyword_entry(entry: IndexEntry, href: Href, math: tuple[str, str] = MATHJAX_INLINE) -> str:
    """A keyword in bold and its number of papers, then the list of the papers."""
    count = len(entry.papers)
    items = "".join(
        f"<li><p>{_paper(doc, title, href, math)}</p></li>\n" for doc, title in entry.papers
    )
    return (
        f'<p id="{escape(entry.anchor)}"><strong>{rich_text(entry.label, math)}</strong> · '
        f"{count} paper{'' if count == 1 else 's'}</p>\n"
        f'<ul class="simple">\n{items}</ul>\n'
    )


def entries(kind: str, items: Sequence[IndexEntry], href: Href, math: tuple[str, str]) -> str:
    """Every entry of one index block, ``kind`` "authors" or "keywords"."""
    write = author_entry if kind == "authors" else keyword_entry
    return "".join(write(entry, href, math) for entry in items)
