"""LaTeX's special characters in plain text: the one table every LaTeX-bound writer uses.

BibTeX fields (:mod:`.bibtex`), the PDF's front matter (:mod:`.titlepage`) and its printed
indexes (:mod:`.latexindex`) escape strangers' text here. Braces are spelled as commands,
never ``\\{``: BibTeX counts ``\\{`` as an opening brace. Each command is braced, so that
BibTeX's case changes never touch its name.
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

# What stays special in an address that text.safe_url made (every other character it
# keeps is plain to TeX, or percent-encoded), escaped as hyperref reads a link's target.
_URL_SPECIALS = {"#": r"\#", "%": r"\%", "&": r"\&", "$": r"\string$", "_": r"\_", "~": r"\~"}
_URL_SPECIAL = re.compile("[#%&$_~]")


def escape(text: str) -> str:
    """Plain text as LaTeX text: every special character a command that prints it."""
    return _SPECIAL.sub(lambda m: SPECIALS[m.group(0)], text)


def url_target(url: str) -> str:
    r"""An address made by :func:`fomoproc.text.safe_url` as the target of ``\href``."""
    return _URL_SPECIAL.sub(lambda m: _URL_SPECIALS[m.group(0)], url)
