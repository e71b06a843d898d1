"""Sphinx configuration of the ES-FoMo III program booklet.

The pages of papers/, the schedule and the people are generated from
../papers/export.json and ../papers/program.toml by the fomoproc extension;
`fomoproc build` (or `nox -s build`) can point it at other files.
"""

from __future__ import annotations

project = "ES-FoMo III"
author = "The ES-FoMo III organizers"
copyright = "2025, the ES-FoMo III organizers; papers © their authors"
release = ""

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
html_title = "ES-FoMo III"
# A handful of sections: the header menu is the navigation, on phones too.
html_sidebars = {"**": []}
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

latex_documents = [
    ("index", "booklet.tex", "ES-FoMo III: Program Booklet", author, "manual", False),
]
# In print a link cannot be followed: its address is printed, as a footnote.
latex_show_urls = "footnote"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "maketitle": r"""
\begin{titlepage}
  \centering\vspace*{5cm}
  {\Huge\bfseries ES-FoMo III\par}\vspace{0.8cm}
  {\LARGE 3rd Workshop on Efficient Systems for Foundation Models\par}\vspace{1.2cm}
  {\Large Program booklet\par}\vspace{0.6cm}
  {\large Workshop at ICML 2025 \textperiodcentered{} Vancouver\par}\vfill
  {\normalsize Non-archival: the papers in this booklet are not proceedings.\par}
\end{titlepage}
""",
}
