"""Search result snippets: a short plain-text summary of each paper, shipped as one script.

Sphinx's search page fetches every result page to cut a snippet from it: at 5,000 papers a
common word means thousands of requests. The search page of a booklet reads these summaries
instead, so the whole list shows at once, offline and from ``file://`` too.
"""

from __future__ import annotations

import json

from fomoproc.model import Booklet, Paper
from fomoproc.text import plain

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
    abstract = cut(" ".join(plain(paper.abstract).split()), ABSTRACT_CHARS)
    return " · ".join(part for part in (authors, abstract) if part)


def summaries(booklet: Booklet, folder: str = "papers") -> dict[str, str]:
    """Summaries by Sphinx document name (``papers/<forum id>``), sorted."""
    return {f"{folder}/{p.id}": summary(p) for p in sorted(booklet.papers, key=lambda p: p.id)}


def script(by_document: dict[str, str]) -> str:
    """The summaries as a JavaScript file that sets one global (JSON is valid JavaScript)."""
    data = json.dumps(by_document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"window.{VARIABLE} = {data};\n"
