"""The site's look: the booklet's stylesheet, and theme settings a booklet depends on.

A sidebar listing every paper on every paper page makes a build's cost grow with the
square of the papers: paper pages get none unless the project says otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from fomoproc import __version__

STATIC = Path(__file__).parent / "static"


def _apply(app: Sphinx, config: Config) -> None:
    sidebars = dict(config.html_sidebars)
    if not any(pattern in sidebars for pattern in ("**", "*", "papers/*")):
        sidebars["papers/*"] = []
    config.html_sidebars = sidebars
    # pydata-sphinx-theme logs an error on a first visit unless a default mode is set.
    config.html_context = {"default_mode": "auto", **config.html_context}
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Apply the settings once the configuration is read; add the stylesheet."""
    app.connect("config-inited", _apply, priority=800)
    app.add_css_file("fomoproc.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
