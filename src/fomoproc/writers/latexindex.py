"""The PDF's author index: makeindex entries written as LaTeX, escaped here and only here.

Each entry is ``\\index{sort key@Family, Given}``: the sort key is plain
ASCII (letters, digits, spaces; see :mod:`fomoproc.indexes`), so makeindex files
"Łukasz" and "Петров" under L and P; the shown name is LaTeX-escaped
(:mod:`.latex`), then the characters makeindex reads (``"`` ``@`` ``!`` ``|``) are
quoted with ``"`` as Sphinx's python.ist style expects.
"""

from __future__ import annotations

from collections.abc import Iterable

from fomoproc.indexes import AuthorEntry
from fomoproc.text import clean_line
from fomoproc.writers import latex

# makeindex's own characters; "|" (its "encap") printed as a command instead.
_QUOTED = str.maketrans({'"': '""', "@": '"@', "!": '"!', "|": r"{\textbar}"})


def makeindex_text(text: str) -> str:
    """Text for the shown part of a makeindex entry: LaTeX and makeindex specials quoted."""
    return latex.escape(clean_line(text)).translate(_QUOTED)


def index_commands(entries: Iterable[AuthorEntry]) -> str:
    """The ``\\index`` commands of a paper's authors, one per line."""
    lines = []
    for entry in entries:
        # Namesakes share a sort key but not a heading (it names their profiles), and
        # makeindex merges only equal key@text pairs: they stay two entries.
        lines.append(rf"\index{{{entry.sort_key}@{makeindex_text(entry.heading)}}}")
    return "\n".join(lines)
