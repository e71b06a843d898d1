"""The PDF's front matter from the program: its cover, metadata and running heads' name.

A booklet's ``conf.py`` need not write LaTeX to name its workshop: at the start of a LaTeX
build, ``fomoproc-front.tex`` is written beside ``booklet.tex`` from the program
(:mod:`fomoproc.writers.titlepage`), with the font chain's fonts, and the handbook's
preamble reads it (:mod:`.handbook`). The cover is the title page unless ``conf.py`` sets
its own ``maketitle``; the metadata and the running heads apply either way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from fomoproc import __version__
from fomoproc.disk import write_if_changed
from fomoproc.sphinxext import pdftext, state
from fomoproc.sphinxext.generation import LOAD_PRIORITY
from fomoproc.writers.titlepage import front_matter

#: The file the handbook's preamble reads, in the LaTeX build's output folder.
FRONT = "fomoproc-front.tex"


def _apply(app: Sphinx, config: Config) -> None:
    if state.of(app) is None or "maketitle" in config.latex_elements:
        return
    config.latex_elements = {**config.latex_elements, "maketitle": r"\fomoprocCover"}


def _write(app: Sphinx) -> None:
    """Write the front matter from the program, in the fonts of the PDF's chain."""
    build = state.of(app)
    if app.builder.format != "latex" or build is None:
        return
    chain = pdftext.chain(app)
    # The commonest keywords first: what the papers are about, for the PDF's metadata.
    keywords = sorted(build.indexes().keywords, key=lambda e: (-len(e.papers), e.key))
    text = front_matter(
        build.booklet.program,
        url=app.config.html_baseurl or build.booklet.program.workshop.url,
        keywords=[entry.label for entry in keywords],
        language=app.config.language or "en",
        fonts=lambda latex: chain.latex(latex, breaks=True),
    )
    write_if_changed(Path(app.outdir) / FRONT, text.encode())


def setup(app: Sphinx) -> dict[str, Any]:
    """Set the cover as title page once the inputs are loaded; write the front matter."""
    app.connect("config-inited", _apply, priority=LOAD_PRIORITY + 10)
    # After pdftext's (priority 600), which loads the font chain.
    app.connect("builder-inited", _write, priority=610)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
