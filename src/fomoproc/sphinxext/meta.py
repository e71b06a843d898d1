"""Citation metadata in the head of each paper page (Highwire, JSON-LD, Open Graph).

The extension learns which page is which paper when it generates the pages, at
``builder-inited``, and keeps that in the build environment rather than in this
module: forked parallel writers (``-j``) inherit it, and every build, incremental
or not, sets it afresh before any page is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from fomoproc.model import Booklet, Paper, Workshop
from fomoproc.writers import head

logger = logging.getLogger(__name__)

#: The configuration value that turns the indexing tags (Highwire and JSON-LD) on or off.
SCHOLAR_META = "fomoproc_scholar_meta"
_ENV_ATTRIBUTE = "fomoproc_citation_pages"


@dataclass(frozen=True, slots=True)
class CitationPages:
    """The paper shown on each page, by Sphinx docname, and the workshop they belong to."""

    workshop: Workshop
    papers: dict[str, Paper]

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        # Never pickled with the environment: it is set afresh at every builder-inited, and
        # each chunk of a parallel read (-j) sends the whole environment back to the main
        # process, which unpickled these 5,000 papers (10 MB) some 30 times per cold build.
        return _forgotten, ()


def _forgotten() -> None:
    """What a pickled :class:`CitationPages` reads back as: nothing, until remembered."""


def remember(env: BuildEnvironment, booklet: Booklet) -> None:
    """Keep what the page heads need: which docname shows which paper."""
    pages = CitationPages(
        workshop=booklet.program.workshop,
        papers={f"papers/{paper.id}": paper for paper in booklet.papers},
    )
    setattr(env, _ENV_ATTRIBUTE, pages)


def _pages(env: BuildEnvironment) -> CitationPages | None:
    pages = getattr(env, _ENV_ATTRIBUTE, None)
    return pages if isinstance(pages, CitationPages) else None


def _check_config(app: Sphinx, config: Config) -> None:
    if not isinstance(config[SCHOLAR_META], bool):
        raise ConfigError(
            f"fomoproc: {SCHOLAR_META} must be True or False, not {config[SCHOLAR_META]!r}"
        )


def _note_base_url(app: Sphinx) -> None:
    if app.builder.format == "html" and not app.config.html_baseurl:
        logger.info(
            "fomoproc: html_baseurl is not set: paper pages carry no absolute URL "
            "(citation_abstract_html_url, og:url); set it to the site's address"
        )


def _add_head(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.format != "html":
        return
    pages = _pages(app.env)
    paper = pages.papers.get(pagename) if pages is not None else None
    if pages is None or paper is None:
        return
    page = head.PageInfo(
        url=context.get("pageurl") or "",
        site_name=str(context.get("docstitle") or app.config.project),
        scholar=app.config[SCHOLAR_META],
    )
    context["metatags"] = context.get("metatags", "") + head.head(paper, pages.workshop, page)


def setup(app: Sphinx) -> None:
    """Register the configuration value and the events of the page heads."""
    app.add_config_value(
        SCHOLAR_META,
        True,
        "html",
        types=[bool],
        description="Add Google Scholar (Highwire) tags and schema.org JSON-LD to paper pages",
    )
    app.connect("config-inited", _check_config)
    app.connect("builder-inited", _note_base_url)
    app.connect("html-page-context", _add_head)
