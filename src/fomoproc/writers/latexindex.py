"""The PDF's author index: makeindex entries written as LaTeX, escaped here and only here.

Each entry is ``\\index{sort key@Family, Given}``: the sort key is plain
ASCII (letters, digits, spaces; see :mod:`fomoproc.indexes`), so makeindex files
"Łukasz" and "Петров" under L and P; the shown name is LaTeX-escaped, then the
characters makeindex reads (``"`` ``@`` ``!`` ``|``) are quoted with ``"`` as
Sphinx's python.ist style expects.
"""

from __future__ import annotations

from collections.abc import Iterable

from fomoproc.indexes import Filed
from fomoproc.text import clean_line

# Braces as commands: makeindex counts "\{" as an opening brace. Names are text: no math.
_SPECIALS = {
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
    "|": r"\textbar{}",
    '"': '""',
    "@": '"@',
    "!": '"!',
}


_QUOTED = str.maketrans(_SPECIALS)


def makeindex_text(text: str) -> str:
    """Text for the shown part of a makeindex entry: LaTeX and makeindex specials quoted."""
    return clean_line(text).translate(_QUOTED)


def index_commands(entries: Iterable[Filed]) -> str:
    """The ``\\index`` commands of a paper's authors, one per line."""
    lines = []
    for entry in entries:
        # Namesakes share a sort key but not a heading (it names their profiles), and
        # makeindex merges only equal key@text pairs: they stay two entries.
        lines.append(rf"\index{{{entry.sort_key}@{makeindex_text(entry.heading)}}}")
    return "\n".join(lines)
