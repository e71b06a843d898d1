"""Lists of papers as data: the papers index, each session's papers, the posters by board.

A conference's lists hold thousands of papers, and the pages that hold them are read again
whenever a paper is added, removed or retitled: as MyST (a link, a star, a time role per
paper) they were most of such a rebuild. Generation writes them instead as a
``{fomoproc-list}`` block of JSON lines, one paper each, which
:mod:`fomoproc.sphinxext.listing` turns into document nodes without a Markdown parser. The
text stays text: JSON holds it, and the nodes are text nodes (vetted math aside).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from fomoproc.writers.myst import fence

#: The directive, and its styles: a bulleted list, a numbered one, a table by board.
DIRECTIVE = "fomoproc-list"
STYLES = ("bullets", "numbered", "boards")


@dataclass(frozen=True, slots=True)
class Moment:
    """A time of the day as the site shows it: its words, its start and end instants."""

    words: str
    start: dt.datetime
    end: dt.datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One paper of a list."""

    doc: str  # the paper's page, a docname ("papers/<file name>")
    title: str
    authors: str = ""  # one line of names
    board: str = ""
    star: str = ""  # the paper's key in the reader's agenda, "" for no star
    when: Sequence[str | Moment] = field(default_factory=tuple)  # runs of the line below


def _run(run: str | Moment) -> Any:
    if isinstance(run, str):
        return run
    return [run.words, run.start.isoformat(), run.end.isoformat() if run.end else ""]


def block(style: str, entries: Sequence[Entry]) -> str:
    """The entries as a ``{fomoproc-list}`` block of one JSON line each."""
    lines = []
    for entry in entries:
        data = {
            "doc": entry.doc,
            "title": entry.title,
            "authors": entry.authors,
            "board": entry.board,
            "star": entry.star,
            "when": [_run(run) for run in entry.when],
        }
        lines.append(orjson.dumps(data).decode())
    content = "\n".join(lines)
    opener, closer = fence(content, f"{{{DIRECTIVE}}} {style}")
    return f"{opener}\n{content}\n{closer}\n"
