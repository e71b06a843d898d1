"""Citation metadata in the head of each paper page (Highwire, JSON-LD, Open Graph).

Which page shows which paper is known from generation (:mod:`.state`); the tags
themselves are written, and escaped, by :mod:`fomoproc.writers.head`. A title's math is
typeset in the page, but the window's title and the breadcrumbs are text: there it reads
as text (``O(n²)``, :mod:`fomoproc.mathtext`), not as MathJax's ``\\(O(n^2)\\)``.
"""

from __future__ import annotations

import html
from typing import Any

from sphinx.application import Sphinx

from fomoproc import __version__
from fomoproc.mathtext import readable
from fomoproc.sphinxext import config, logs, state
from fomoproc.text import Math, segments
from fomoproc.writers import head


def _note_base_url(app: Sphinx) -> None:
    if app.builder.format == "html" and not app.config.html_baseurl:
        logs.info(
            "html_baseurl is not set: paper pages carry no absolute URL "
            "(citation_abstract_html_url, og:url); set it to the site's address"
        )


def _add_head(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    build = state.of(app)
    paper = build.papers.get(pagename) if build is not None else None
    if build is None or paper is None or app.builder.format != "html":
        return
    page = head.PageInfo(
        url=context.get("pageurl") or "",
        site_name=str(context.get("docstitle") or app.config.project),
        scholar=config.settings(app.config).scholar_meta,
    )
    workshop = build.booklet.program.workshop
    context["metatags"] = context.get("metatags", "") + head.head(paper, workshop, page)
    if any(isinstance(s, Math) for s in segments(paper.title)):
        # The theme writes it as HTML in the breadcrumbs, and as text in <title>.
        context["title"] = html.escape(readable(paper.title), quote=False)


def setup(app: Sphinx) -> dict[str, Any]:
    """Add the tags to the heads of paper pages."""
    app.connect("builder-inited", _note_base_url)
    app.connect("html-page-context", _add_head)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
