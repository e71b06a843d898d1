"""Sphinx configuration of fomoproc's manual for workshop organizers.

`nox -s manual` builds it into build/manual/; Read the Docs builds it from
manual/.readthedocs.yaml. MyST pages, the booklet's own theme.
"""

from __future__ import annotations

from fomoproc import __version__

project = "fomoproc"
author = "the fomoproc authors"
copyright = "the fomoproc authors"
release = __version__
version = __version__

extensions = ["myst_parser", "sphinx_copybutton"]
myst_enable_extensions = ["colon_fence", "deflist"]
# Headings get anchors, so that pages can link to a section: program.md#workshop.
myst_heading_anchors = 3

root_doc = "index"
exclude_patterns = ["_build", ".readthedocs.yaml"]
language = "en"

html_theme = "pydata_sphinx_theme"
html_title = "fomoproc manual"
# Our own list: pydata-sphinx-theme appends to it (see the booklet's conf.py).
templates_path: list[str] = []
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"
# A handful of pages, all in the header: no sidebar of sections.
html_sidebars: dict[str, list[str]] = {"**": []}
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_context = {"default_mode": "auto"}
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 8,
    "footer_start": ["copyright"],
    "footer_end": [],
    # The search as an icon: with eight sections, its wide field pushes the header to two lines.
    "navbar_persistent": ["search-button"],
    "navbar_end": ["theme-switcher"],
}
