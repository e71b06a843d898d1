"""A plain CSV for organizers who keep their list in a spreadsheet.

One row per paper. Columns (a header row names them, in any order, any case):

- ``id`` (required): a stable id of letters, digits, ``_`` and ``-`` (the
  OpenReview forum id where there is one); it names the paper's page.
- ``title`` (required), ``abstract``, ``tldr``.
- ``authors``: names separated by ``;``. ``author_ids``: OpenReview profile ids
  (``~First_Last1``) in the same order, separated by ``;``. ``affiliations``: one
  per author, separated by ``;``, with ``+`` joining several of one author.
- ``decision``: oral, spotlight or poster (accepted); reject, withdrawn or
  desk reject (listed as excluded).
- ``keywords`` separated by ``;``; ``pdf``, ``code`` and ``openreview`` links;
  ``number``; ``session`` and ``board`` for posters.
"""

from __future__ import annotations

from fomoproc.model import Severity
from fomoproc.readers.intake import (
    Record,
    cut_cells,
    exclusion_from,
    parallel_authors,
    whole_number,
)

COLUMNS = (
    "id",
    "number",
    "title",
    "authors",
    "author_ids",
    "affiliations",
    "abstract",
    "tldr",
    "keywords",
    "decision",
    "pdf",
    "code",
    "openreview",
    "session",
    "board",
)
REQUIRED = ("id", "title")


def looks_like(header: list[str]) -> bool:
    """Whether a CSV header has this format's required columns."""
    return all(name in header for name in REQUIRED)


def _cell(row: dict[str, str], name: str) -> str | None:
    value = row.get(name)
    return value.strip() or None if value is not None else None


def _list(row: dict[str, str], name: str) -> list[str]:
    value = _cell(row, name)
    return [part.strip() for part in value.split(";")] if value else []


def records(rows: list[dict[str, str]]) -> list[Record]:
    """One record per row."""
    return [record(position, row) for position, row in enumerate(rows, 1)]


def record(position: int, row: dict[str, str]) -> Record:
    """The record of one row."""
    row, cut = cut_cells(row)
    number_cell = _cell(row, "number")
    number = whole_number(number_cell)
    decision = _cell(row, "decision")
    item = Record(
        position=position,
        id=_cell(row, "id"),
        number=number,
        title=_cell(row, "title"),
        abstract=_cell(row, "abstract"),
        tldr=_cell(row, "tldr"),
        keywords=_list(row, "keywords"),
        kind_text=decision,
        kind_field="decision",
        pdf=_cell(row, "pdf"),
        code=_cell(row, "code"),
        openreview_url=_cell(row, "openreview") or "",
        session=_cell(row, "session") or "",
        board=_cell(row, "board") or "",
    )
    item.notes.extend(cut)
    if number_cell and number is None:
        item.notes.append(("number", Severity.WARNING, f"not a number: {number_cell!r}"))
    names, ids, affiliations = (
        _list(row, "authors"),
        _list(row, "author_ids"),
        _list(row, "affiliations"),
    )
    for column, values in (("author_ids", ids), ("affiliations", affiliations)):
        if values and len(values) != len(names):
            item.notes.append(
                (
                    column,
                    Severity.WARNING,
                    f"{len(values)} {column.replace('_', ' ')} for {len(names)} authors: left out",
                )
            )
    ids = ids if len(ids) == len(names) else []
    affiliations = affiliations if len(affiliations) == len(names) else []
    item.authors = parallel_authors(names, ids, affiliations)
    item.excluded = exclusion_from(decision)
    return item
