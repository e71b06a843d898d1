"""LaTeX's special characters in plain text: the one table every LaTeX-bound writer uses.

BibTeX fields (:mod:`.bibtex`) and the PDF's author index entries (:mod:`.latexindex`)
escape strangers' text here. Braces are spelled as commands, never ``\\{``: BibTeX and
makeindex count ``\\{`` as an opening brace. Each command is braced, so that BibTeX's case
changes never touch its name.
"""

from __future__ import annotations

import re

SPECIALS = {
    "\\": r"{\textbackslash}",
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "$": r"\$",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
}
_SPECIAL = re.compile("|".join(re.escape(c) for c in SPECIALS))


def escape(text: str) -> str:
    """Plain text as LaTeX text: every special character a command that prints it."""
    return _SPECIAL.sub(lambda m: SPECIALS[m.group(0)], text)
