"""Search result snippets: a short plain-text summary of each paper, shipped as one script.

Sphinx's search page fetches every result page to cut a snippet from it: at 5,000 papers a
common word means thousands of requests. The search page of a booklet reads these summaries
instead, so the whole list shows at once, offline and from ``file://`` too. A paper's
summary comes with when and where it is presented ("Oral · Orals Session 1, 10:30 AM ·
Poster Session, 1:00 PM, board 12 (PDT)"): the summaries of papers are pairs.
"""

from __future__ import annotations

import json
import re

from fomoproc.mathtext import readable_paragraphs
from fomoproc.model import Booklet, Paper
from fomoproc.writers.myst import clock

#: Characters of the abstract a snippet shows (Sphinx's own snippets are 240 long).
ABSTRACT_CHARS = 240
#: Characters of the author list a snippet shows.
AUTHOR_CHARS = 100
#: The global the search page reads the summaries from.
VARIABLE = "FOMOPROC_SEARCH_SUMMARIES"


def cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def summary(paper: Paper) -> str:
    """ "Ada Lovelace, Alan Turing · We show that …": authors, then the abstract's opening."""
    authors = cut(", ".join(a.name for a in paper.authors), AUTHOR_CHARS)
    abstract = cut(" ".join(readable_paragraphs(paper.abstract).split()), ABSTRACT_CHARS)
    return " · ".join(part for part in (authors, abstract) if part)


#: A page's summary: its text, or a paper's presentations and its text.
Summary = str | list[str]


def presented(paper: Paper, booklet: Booklet) -> str:
    """ "Oral · Orals Session 1, 10:30 AM · Poster Session, 1:00 PM, board 12 (PDT)"."""
    parts = [paper.kind.label]
    found = booklet.presentations.get(paper.id, ())
    for presentation in found:
        slot = booklet.program.schedule[presentation.slot]
        board = f", board {presentation.board}" if presentation.board else ""
        parts.append(f"{slot.name}, {clock(slot.start)}{board}")
    zone = booklet.program.schedule[found[0].slot].start.tzname() if found else ""
    return " · ".join(parts) + (f" ({zone})" if zone else "")


def summaries(booklet: Booklet, folder: str = "papers") -> dict[str, Summary]:
    """Summaries by Sphinx document name (``papers/<file name>``), sorted."""
    found: dict[str, Summary] = {
        f"{folder}/{booklet.stem(p)}": [presented(p, booklet), summary(p)] for p in booklet.papers
    }
    return dict(sorted(found.items()))


def js_string(text: str) -> str:
    """Text as a single-quoted JavaScript string literal.

    Meant for JSON text handed to ``JSON.parse``, which browsers read about twice as fast
    as the same data written as a script: JSON has no raw line breaks, and U+2028 and
    U+2029 may stand in a string, so only backslashes and quotes need escaping.
    """
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def from_js_string(literal: str) -> str:
    """The text of a literal written by :func:`js_string`; ValueError if it is not one."""
    if len(literal) < 2 or literal[0] != "'" or literal[-1] != "'":
        raise ValueError("not a quoted string")
    return _ESCAPED.sub(r"\1", literal[1:-1])


def script(by_document: dict[str, Summary]) -> str:
    """The summaries as a JavaScript file that sets one global."""
    data = json.dumps(by_document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.{VARIABLE} = JSON.parse({js_string(data)});\n"


def read_script(text: str) -> dict[str, Summary]:
    """The summaries of a file written by :func:`script`."""
    prefix, suffix = f"window.{VARIABLE} = JSON.parse(", ");\n"
    if not (text.startswith(prefix) and text.endswith(suffix)):
        raise ValueError("not a summaries script")
    data = json.loads(from_js_string(text[len(prefix) : -len(suffix)]))
    if not isinstance(data, dict):
        raise ValueError("not a summaries script")
    return data
