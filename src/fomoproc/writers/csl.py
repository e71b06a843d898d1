"""CSL-JSON for each paper and for the volume: what Zotero, Pandoc and citeproc read.

CSL-JSON holds plain Unicode, so nothing is escaped here beyond what ``json``
does: titles and abstracts are written as the authors wrote them, ``$...$``
included, as the page shows them. Item ids are the BibTeX keys, so a citation
made from either file names the same paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from fomoproc.model import Author, Paper, Workshop
from fomoproc.names import split_name
from fomoproc.text import clean_line


def csl_name(author: Author) -> dict[str, str]:
    """One author as a CSL name object (family, given, particle, suffix or literal)."""
    parts = split_name(author.name)
    if parts.literal:
        return {"literal": parts.family}
    name = {"family": parts.family}
    if parts.given:
        name["given"] = parts.given
    if parts.particle:
        # "van Breugel" stays together when cited and sorted, as Dutch names are.
        name["non-dropping-particle"] = parts.particle
    if parts.suffix:
        name["suffix"] = parts.suffix
    return name


def item(paper: Paper, key: str, workshop: Workshop) -> dict[str, Any]:
    """The CSL-JSON item of one paper, fields in a fixed order."""
    day = [[workshop.date.year, workshop.date.month, workshop.date.day]]
    data: dict[str, Any] = {
        "id": key,
        "type": "paper-conference",
        "title": clean_line(paper.title),
        "author": [csl_name(a) for a in paper.authors],
        "container-title": workshop.citation_booktitle,
        "event-date": {"date-parts": day},
        "event-place": workshop.venue,
        "issued": {"date-parts": day},
        "URL": paper.openreview_url,
        "abstract": paper.abstract,
        "keyword": ", ".join(paper.keywords),
        "note": workshop.bibtex_note,
    }
    return {k: v for k, v in data.items() if v}


def write(papers: Sequence[Paper], keys: dict[str, str], workshop: Workshop) -> str:
    """A CSL-JSON array of these papers' items, in the given order, one item per line.

    One line per item, not indented: the volume's file of thousands of papers stays small.
    """
    lines = (orjson.dumps(item(p, keys[p.id], workshop)).decode() for p in papers)
    return "[\n" + ",\n".join(lines) + "\n]\n" if papers else "[]\n"
