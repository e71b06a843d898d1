"""The Sphinx extension: ``extensions = ["fomoproc.sphinxext"]`` makes a project a booklet.

This module only registers the booklet's features, one module each:

- :mod:`.config`: the ``fomoproc_*`` settings, declared and checked;
- :mod:`.generation`: the inputs loaded, the pages generated from them;
- :mod:`.project`: the project's name and titles from the program;
- :mod:`.site`: the booklet's address, its sitemap and 404 page;
- :mod:`.titlepage`: the PDF's cover, metadata and running heads from the program;
- :mod:`.served`: citation and calendar files, linked and put into the site;
- :mod:`.relations`: pages whose neighbours changed are written again;
- :mod:`.stale`: a removed paper's output removed;
- :mod:`.theme`, :mod:`.mathjax`, :mod:`.latex`: the site's and the PDF's settings;
- :mod:`.pdftext`: strangers' text printed with the PDF's font chain, never stopping it;
- :mod:`.handbook`, :mod:`.printed`: the PDF as a conference handbook, and the pages in it;
- :mod:`.meta`: citation metadata in paper pages' heads;
- :mod:`.search`, :mod:`.searchindex`: a search that lists every result at once;
- :mod:`.searchfold`: a search that forgives accents;
- :mod:`.times`, :mod:`.day`, :mod:`.agenda`: times in the reader's zone, the day at a glance,
  the reader's own agenda;
- :mod:`.indexpages`, :mod:`.anchors`: the author and keyword indexes and links to them;
- :mod:`.listing`: lists of papers written as data (papers index, sessions, posters);
- :mod:`.literal`: strangers' quotes kept as typed;
- :mod:`.ancestors`, :mod:`.process`: what keeps a large booklet's build linear.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from fomoproc import __version__

FEATURES = (
    "config",
    "generation",
    "project",
    "site",
    "titlepage",
    "served",
    "relations",
    "stale",
    "theme",
    "mathjax",
    "latex",
    "pdftext",
    "handbook",
    "printed",
    "meta",
    "search",
    "searchfold",
    "times",
    "day",
    "agenda",
    "indexpages",
    "listing",
    "anchors",
    "literal",
    "ancestors",
    "process",
)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register MyST, sphinx-design, sphinx-copybutton and every feature of the booklet."""
    for extension in ("myst_parser", "sphinx_design", "sphinx_copybutton"):
        app.setup_extension(extension)
    for feature in FEATURES:
        app.setup_extension(f"fomoproc.sphinxext.{feature}")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
