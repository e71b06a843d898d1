"""The PDF as a conference handbook: one-sided pages, the day first, abstracts several to a page.

Sphinx's LaTeX manual, set for a handbook at ``config-inited`` (values ``conf.py`` sets are
kept): one-sided, chapters on any page and without fncychap's opener, the program's paper
size, a short table of contents, and the style file ``texinputs/fomoproc-handbook.sty``
(headings, running heads, the schedule at a glance, papers kept with their first lines,
the indexes). The front matter comes from the program (:mod:`.titlepage`); what the pages
become in print is :mod:`.printed`'s. At the start of a LaTeX build the author and keyword
indexes are written as ``fomoproc-indexes.tex`` (:mod:`fomoproc.writers.latexindex`):
they replace makeindex, whose one index could not be two.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from fomoproc import __version__
from fomoproc.disk import write_if_changed
from fomoproc.sphinxext import pdftext, state
from fomoproc.sphinxext.titlepage import FRONT
from fomoproc.writers.latexindex import printed_indexes

#: The handbook's style file, copied beside ``booklet.tex`` (``latex_additional_files``).
STYLE = Path(__file__).parent / "texinputs" / "fomoproc-handbook.sty"
#: The printed indexes, in the LaTeX build's output folder (read by ``\fomoprocIndexes``).
INDEXES = "fomoproc-indexes.tex"
#: The program's paper sizes as LaTeX's class options.
PAPER = {"a4": "a4paper", "letter": "letterpaper"}
#: Margins and link colours (Sphinx's ``sphinxsetup``): a dark blue that prints as text.
SETUP = (
    "hmargin={2.3cm,2.3cm}, vmargin={2.2cm,2.4cm}, "
    "InnerLinkColor={rgb}{0.10,0.20,0.45}, OuterLinkColor={rgb}{0.10,0.20,0.45}"
)


def _class_options(given: str) -> str:
    """Sphinx's class options, one-sided and chapters on any page unless ``conf.py`` says."""
    options = given
    if "twoside" not in given and "oneside" not in given:
        options += ",oneside"
    if "openright" not in given and "openany" not in given:
        options += ",openany"
    return options


def _apply(app: Sphinx, config: Config) -> None:
    build = state.of(app)
    paper = build.booklet.program.workshop.paper if build is not None else "a4"
    elements = dict(config.latex_elements)
    elements["classoptions"] = _class_options(elements.get("classoptions", ""))
    defaults = {
        "papersize": PAPER[paper],
        "pointsize": "10pt",
        "fncychap": "",
        "sphinxsetup": SETUP,
        "tableofcontents": r"\fomoprocContents",
        "makeindex": "",
        "printindex": r"\fomoprocIndexes",
    }
    for name, value in defaults.items():
        elements.setdefault(name, value)
    # After the preamble of the fonts (.latex, .pdftext): the layout, then the front matter.
    elements["preamble"] = (
        elements.get("preamble", "")
        + "\\usepackage{fomoproc-handbook}\n"
        + f"\\InputIfFileExists{{{FRONT}}}{{}}{{}}\n"
    )
    config.latex_elements = elements
    if str(STYLE) not in config.latex_additional_files:
        config.latex_additional_files = [*config.latex_additional_files, str(STYLE)]


def _write_indexes(app: Sphinx) -> None:
    """The author and keyword indexes, in the fonts of the PDF's chain."""
    build = state.of(app)
    if app.builder.format != "latex" or build is None:
        return
    chain = pdftext.chain(app)
    text = printed_indexes(
        build.booklet,
        build.indexes(),
        fonts=lambda latex: chain.latex(latex, breaks=True),
    )
    write_if_changed(Path(app.outdir) / INDEXES, text.encode())


def setup(app: Sphinx) -> dict[str, Any]:
    """Set the handbook's layout; write its indexes when a LaTeX build starts."""
    # After the fonts' settings (.latex at 800, .pdftext at 810): the style file comes last.
    app.connect("config-inited", _apply, priority=820)
    # After pdftext's (priority 600), which loads the font chain.
    app.connect("builder-inited", _write_indexes, priority=610)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
