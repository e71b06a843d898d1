"""The PDF's settings: XeLaTeX with fonts for every script the papers' names use.

Sphinx's default engine, pdflatex, stops at the first CJK name; the settings here are
applied at ``config-inited`` on top of the project's own ``latex_elements``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from fomoproc import __version__
from fomoproc.mathcheck import MATH_PACKAGES

# Every Latin, Greek, Cyrillic and Vietnamese letter comes from FreeSerif (Sphinx's
# XeLaTeX default); CJK needs xeCJK and Noto CJK; fomoproc.sphinxext.pdftext adds the fonts
# of every other script, symbols and emoji after these lines.
PREAMBLE = r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
% xeCJK sets curly quotes, dashes, the ellipsis and the middle dot as CJK punctuation, in
% the CJK font, eating the spaces around them: "a “quoted” title — and" printed as
% "a“quoted”title —and". In this booklet's English text they are Western punctuation.
\xeCJKDeclareCharClass{Default}{"00B7, "2013, "2014, "2018, "2019, "201C, "201D, "2025, "2026}
\renewcommand{\sphinxstyletheadfamily}{\bfseries}
\setlength{\headheight}{14pt}
"""


def _apply(app: Sphinx, config: Config) -> None:
    if config.latex_engine == "pdflatex":  # Sphinx's default
        config.latex_engine = "xelatex"
    elements = dict(config.latex_elements)
    elements["preamble"] = PREAMBLE + elements.get("preamble", "")
    # fontspec's math setup sends \mathbf{\Phi} and \mathrm{\Gamma} to the text font's
    # slots 0-10, where Unicode fonts have control characters: keep math fonts as they are.
    elements["passoptionstopackages"] = (
        r"\PassOptionsToPackage{no-math}{fontspec}"
        + "\n"
        + elements.get("passoptionstopackages", "")
    )
    # Formulas in txfonts, the Times design of FreeSerif (Computer Modern looked thin and
    # wide beside it), as mathcheck typesets them; before the main fonts, which replace
    # its text fonts.
    elements.setdefault("amsmath", MATH_PACKAGES)
    elements.setdefault("releasename", "")
    config.latex_elements = elements
    config.latex_use_xindy = False  # the handbook's indexes are written by fomoproc
    config.latex_domain_indices = False


def setup(app: Sphinx) -> dict[str, Any]:
    """Apply the PDF's settings once the configuration is read."""
    app.connect("config-inited", _apply, priority=800)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
