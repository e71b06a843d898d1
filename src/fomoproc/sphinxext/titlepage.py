"""The PDF's title page from the program, where ``conf.py`` sets no ``maketitle``.

A booklet's ``conf.py`` need not write LaTeX to name its workshop: the title page says
what the program says (:mod:`fomoproc.writers.titlepage`).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from fomoproc import __version__
from fomoproc.sphinxext import state
from fomoproc.sphinxext.generation import LOAD_PRIORITY
from fomoproc.writers.titlepage import title_page


def _apply(app: Sphinx, config: Config) -> None:
    build = state.of(app)
    if build is None or "maketitle" in config.latex_elements:
        return
    elements = dict(config.latex_elements)
    elements["maketitle"] = title_page(build.booklet.program.workshop)
    config.latex_elements = elements


def setup(app: Sphinx) -> dict[str, Any]:
    """Set the title page once the inputs are loaded."""
    app.connect("config-inited", _apply, priority=LOAD_PRIORITY + 10)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
