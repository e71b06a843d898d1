"""RIS for each paper and for the volume: what EndNote and Mendeley read, written by rispy.

RIS is one ``TAG  - value`` per line, so every value is reduced to one line
(abstract paragraphs joined): no input can start a tag or end a record. IDs
are the BibTeX keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import rispy

from fomoproc.model import Paper, Workshop
from fomoproc.names import split_name
from fomoproc.text import clean_line

#: RIS's reference type of a paper in conference proceedings.
REFERENCE_TYPE = "CPAPER"


class _Writer(rispy.RisWriter):  # type: ignore[misc]  # rispy ships no type information
    """rispy's RIS writer without its numbered "1." line before each record."""

    # The RIS specification ends lines with CR LF; EndNote and Zotero write it so too.
    NEWLINE = "\r\n"

    def set_header(self, count: int) -> str:
        return ""


def record(paper: Paper, key: str, workshop: Workshop) -> dict[str, Any]:
    """One paper as rispy's field names (``TY``, ``TI``, ``AU``...), in writing order."""
    data: dict[str, Any] = {
        "type_of_reference": REFERENCE_TYPE,
        "id": key,
        "title": paper.title,
        "authors": [split_name(a.name).inverted for a in paper.authors],
        "secondary_title": workshop.citation_booktitle,
        "year": str(workshop.year),
        "date": f"{workshop.date:%Y/%m/%d}",
        "place_published": workshop.venue,
        "urls": [paper.openreview_url] if paper.openreview_url else [],
        "file_attachments1": paper.pdf_url,
        "abstract": paper.abstract,
        "keywords": list(paper.keywords),
        "notes": [workshop.bibtex_note] if workshop.bibtex_note else [],
    }
    return {k: _one_line(v) for k, v in data.items() if v}


def _one_line(value: Any) -> Any:
    if isinstance(value, list):
        return [clean_line(v) for v in value]
    return clean_line(value)


# One writer for every file: making one inverts rispy's table of 90 tags.
_WRITER = _Writer()


def write(papers: Sequence[Paper], keys: dict[str, str], workshop: Workshop) -> str:
    """RIS records of these papers, in the given order."""
    records = [record(paper, keys[paper.id], workshop) for paper in papers]
    text: str = _WRITER.formats(records)
    return text
