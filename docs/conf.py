"""Sphinx configuration of a program booklet made with fomoproc.

Nothing here names the workshop: the fomoproc extension reads ../papers/program.toml and
names the project, the site and the PDF after it, gives the site its address (the
program's `url`, else Read the Docs'), makes the PDF's title page, and
generates the pages of papers/ and program/ from ../papers/export.json. Set a value here
only to change what the program gives. `fomoproc build` (or `nox -s build`) can point
the extension at other files.
"""

from __future__ import annotations

extensions = ["fomoproc.sphinxext"]

fomoproc_export = "../papers/export.json"
fomoproc_program = "../papers/program.toml"

root_doc = "index"
exclude_patterns = ["_build", "**/.*.partial"]
language = "en"
myst_enable_extensions = ["colon_fence"]
suppress_warnings = ["myst.header"]

html_theme = "pydata_sphinx_theme"
# Our own list: pydata-sphinx-theme appends to this one, and to Sphinx's shared default
# when unset (a second build in one process then sees a changed configuration).
templates_path: list[str] = []
# A handful of sections: the header menu is the navigation, on phones too.
html_sidebars: dict[str, list[str]] = {"**": []}
html_favicon = "_static/favicon.svg"
html_static_path = ["_static"]
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 1,
    "secondary_sidebar_items": [],
    "footer_start": ["copyright"],
    "footer_end": [],
    "navbar_end": ["theme-switcher"],
}

# In print a link cannot be followed: its address is printed, as a footnote. (The PDF's
# paper size, cover and layout come from the program and the extension.)
latex_show_urls = "footnote"
