"""The booklet's own address: ``html_baseurl``, a sitemap and a page for broken links.

The address comes from ``conf.py`` when it sets ``html_baseurl``, else from the program's
``url``, else from Read the Docs (``READTHEDOCS_CANONICAL_URL``). With it, pages carry a
canonical link, calendar events and link previews point to the booklet's pages, and the
site gets ``sitemap.xml``. The 404 page is sphinx-notfound-page's, its links made
absolute under the address's path.

The sitemap is written here, not by sphinx-sitemap: that extension lists the pages it saw
written in this build, in the order the writers finished them, so a rebuild's sitemap
lacked the pages it did not write again, and two builds with ``-j`` differed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from sphinx.application import Sphinx
from sphinx.config import Config

from fomoproc import __version__
from fomoproc.disk import write_if_changed
from fomoproc.sphinxext import state
from fomoproc.sphinxext.generation import LOAD_PRIORITY
from fomoproc.text import safe_url

SITEMAP = "sitemap.xml"


def _address(app: Sphinx, config: Config) -> None:
    """Give ``html_baseurl`` the booklet's address, and the 404 page its path."""
    build = state.of(app)
    program_url = build.booklet.program.workshop.url if build is not None else ""
    if not config.html_baseurl:
        config.html_baseurl = program_url or safe_url(
            os.environ.get("READTHEDOCS_CANONICAL_URL", "")
        )
    if config.html_baseurl and not config.html_baseurl.endswith("/"):
        config.html_baseurl += "/"
    default = config.values["notfound_urls_prefix"].default
    if config.notfound_urls_prefix == default:
        config.notfound_urls_prefix = urlsplit(config.html_baseurl).path or "/"


def _sitemap(app: Sphinx, exception: Exception | None) -> None:
    base = app.config.html_baseurl
    if exception is not None or app.builder.format != "html" or not base:
        return
    pages = sorted({app.builder.get_target_uri(docname) for docname in app.env.found_docs})
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(f"<url><loc>{escape(base + page)}</loc></url>" for page in pages),
        "</urlset>",
    ]
    write_if_changed(Path(app.outdir) / SITEMAP, ("\n".join(lines) + "\n").encode())


def setup(app: Sphinx) -> dict[str, Any]:
    """Set the booklet's address from the program; add its sitemap and 404 page."""
    app.setup_extension("notfound.extension")
    app.connect("config-inited", _address, priority=LOAD_PRIORITY + 10)
    app.connect("build-finished", _sitemap)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
