"""Math in the HTML site: MathJax 3 served with the site, typesetting only vetted math.

The booklet serves MathJax itself (from the ``django-static-mathjax`` package), so math
renders offline, on phones and from ``file://``. MathJax typesets only the math Sphinx
marks (vetted by :mod:`fomoproc.text`), never a ``\\(...\\)`` that happens to stand in an
abstract's literal text.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from fomoproc import __version__
from fomoproc.disk import sync_folder, walk
from fomoproc.sphinxext import logs

CONFIG = {
    "options": {
        "processHtmlClass": "math",
        "ignoreHtmlClass": "tex2jax_ignore|mathjax_ignore|document",
    },
}
#: The parts of MathJax the booklet serves: the script, its fonts, its TeX extensions.
FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2/", "input/tex/extensions/")
TARGET = "_static/mathjax"


def _source() -> Path | None:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"
    return folder if (folder / "tex-chtml.js").is_file() else None


def _configure(app: Sphinx, config: Config) -> None:
    if _source() is not None:
        config.mathjax_path = "mathjax/tex-chtml.js"
        config.mathjax3_config = {**CONFIG, **(config.mathjax3_config or {})}
    else:
        config.mathjax4_config = {**CONFIG, **(config.mathjax4_config or {})}


def _copy(app: Sphinx) -> None:
    """MathJax's files into the site, before any page is written: each page's link to
    the script carries a checksum of the file in the site, the same at every build."""
    source = _source()
    if source is None or app.builder.format != "html":
        return
    files = {
        name: Path(entry.path).read_bytes()
        for name, entry in walk(source).items()
        if name.startswith(FILES)
    }
    synced = sync_folder(Path(app.outdir) / TARGET, files)
    if synced.written:
        logs.info(f"{len(synced.written)} MathJax files copied")


def _math_in_neighbours(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The previous/next links show a neighbour's title, math included: a page without
    math of its own still needs MathJax for them (Sphinx loads it where a page has math)."""
    for key in ("prev", "next"):
        link = context.get(key)
        if isinstance(link, dict) and 'class="math' in str(link.get("title", "")):
            context["has_maths_elements"] = True


def setup(app: Sphinx) -> dict[str, Any]:
    """Serve MathJax with the site and load it where math is shown."""
    app.connect("config-inited", _configure, priority=800)
    app.connect("builder-inited", _copy)
    # Before sphinx.ext.mathjax (priority 500) decides whether the page loads MathJax.
    app.connect("html-page-context", _math_in_neighbours, priority=400)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
