"""The OpenReview program-chair console's "Paper Status" CSV, merged with a notes export.

The CSV starts with a byte-order mark, quotes every cell, joins several values
with ``|`` and writes a missing value as the literal ``undefined``. Its columns
include ``number``, ``forum`` (the forum's URL), ``title``, ``abstract`` and
``decision`` ("Accept (Oral)", "Reject", ...), but no authors, keywords, venue
or PDF: those come from a notes export of the same venue (API v1 or v2), matched
by forum id.
"""

from __future__ import annotations

import re

from fomoproc.model import Severity
from fomoproc.readers.intake import (
    Record,
    cut_cells,
    exclusion_from,
    kind_from,
    whole_number,
)

REQUIRED = ("number", "forum", "title", "decision")
_FORUM = re.compile(r"[?&]id=([A-Za-z0-9_-]+)")


def looks_like(header: list[str]) -> bool:
    """Whether a CSV header is the console's Paper Status export."""
    return all(name in header for name in REQUIRED)


def _cell(row: dict[str, str], name: str) -> str | None:
    value = row.get(name)
    if value is None:
        return None
    value = value.strip()
    return None if value in {"", "undefined", "N/A"} else value


def records(rows: list[dict[str, str]], notes: dict[str, Record] | None) -> list[Record]:
    """One record per row, with authors and the rest taken from the matching note."""
    return [record(position, row, notes) for position, row in enumerate(rows, 1)]


def record(position: int, row: dict[str, str], notes: dict[str, Record] | None) -> Record:
    """The record of one CSV row."""
    row, cut = cut_cells(row)
    forum_cell = _cell(row, "forum") or ""
    found = _FORUM.search(forum_cell)
    forum = found.group(1) if found else forum_cell or None
    number_cell = _cell(row, "number")
    number = whole_number(number_cell)
    decision = _cell(row, "decision")
    note = notes.get(forum) if notes is not None and isinstance(forum, str) else None
    item = Record(
        position=position,
        id=forum,
        number=number,
        title=_cell(row, "title"),
        abstract=_cell(row, "abstract"),
        kind_text=decision,
        kind_field="decision",
    )
    item.notes.extend(cut)
    if note is not None:
        item.authors = note.authors
        item.keywords, item.tldr, item.pdf = note.keywords, note.tldr, note.pdf
        item.code, item.bibtex = note.code, note.bibtex
        item.notes.extend(note.notes)
        if item.abstract is None:
            item.abstract = note.abstract
        if kind_from(decision) is None and kind_from(note.kind_text) is not None:
            item.kind_text, item.kind_field = note.kind_text, "venue (notes file)"
    elif notes is not None:
        item.notes.append(
            ("forum", Severity.WARNING, "not in the notes file: shown with no authors")
        )
    if decision is None:
        item.excluded = "no decision yet"
    else:
        item.excluded = exclusion_from(decision)
        if not item.excluded and "accept" not in decision.casefold() and not kind_from(decision):
            item.excluded = f"decision {decision!r} is not an acceptance"
    return item
