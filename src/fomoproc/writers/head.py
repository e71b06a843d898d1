"""The citation metadata of a paper page's ``<head>``: Highwire tags, JSON-LD, Open Graph.

Google Scholar reads the Highwire ``citation_*`` tags, search engines read the
schema.org ``ScholarlyArticle`` JSON-LD, and chat apps and social sites read Open
Graph for link previews. They all read plain text: vetted math is written as text
(:mod:`fomoproc.mathtext`: ``$O(n^2)$`` is ``O(n²)``). Every value is escaped here,
once: attribute values with :func:`html.escape`, and the JSON-LD with ``<``, ``>`` and
``&`` written as JSON escapes, so that no text can close the ``<script>`` element it sits in.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from fomoproc.mathtext import readable, readable_paragraphs
from fomoproc.model import Paper, Workshop
from fomoproc.names import split_name
from fomoproc.text import clean_line

#: Longest Open Graph description: previews cut longer ones anyway.
DESCRIPTION_LENGTH = 300

_JSON_IN_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True, slots=True, kw_only=True)
class PageInfo:
    """What the page head needs besides the paper: where the page is and what the site is."""

    url: str = ""  # absolute URL of the page, "" when the site's base URL is unknown
    site_name: str = ""
    scholar: bool = True  # Highwire tags and JSON-LD, for indexers


def _meta(attribute: str, name: str, value: str) -> str:
    return f'<meta {attribute}="{html.escape(name)}" content="{html.escape(value)}" />'


def highwire(paper: Paper, workshop: Workshop, page: PageInfo) -> list[str]:
    """Google Scholar's ``citation_*`` tags, authors in order."""
    tags = [("citation_title", readable(paper.title))]
    for author in paper.authors:
        tags.append(("citation_author", split_name(author.name).inverted))
        if author.affiliation:
            tags.append(("citation_author_institution", author.affiliation))
    tags += [
        ("citation_publication_date", f"{workshop.date:%Y/%m/%d}"),
        ("citation_conference_title", workshop.citation_booktitle),
    ]
    if paper.pdf_url:
        tags.append(("citation_pdf_url", paper.pdf_url))
    if page.url:
        tags.append(("citation_abstract_html_url", page.url))
    tags += [("citation_keywords", readable(keyword)) for keyword in paper.keywords]
    return [_meta("name", name, clean_line(value)) for name, value in tags]


def scholarly_article(paper: Paper, workshop: Workshop, page: PageInfo) -> dict[str, Any]:
    """The schema.org ``ScholarlyArticle`` of a paper, as JSON-LD data."""
    authors = []
    for author in paper.authors:
        person: dict[str, Any] = {"@type": "Person", "name": author.name}
        if author.affiliation:
            person["affiliation"] = {"@type": "Organization", "name": author.affiliation}
        authors.append(person)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": readable(paper.title),
        "name": readable(paper.title),
        "author": authors,
        "datePublished": workshop.date.isoformat(),
        "isPartOf": {"@type": "CreativeWork", "name": workshop.citation_booktitle},
        "abstract": readable_paragraphs(paper.abstract),
        "keywords": [readable(keyword) for keyword in paper.keywords],
        "url": page.url,
        "sameAs": paper.openreview_url,
    }
    if paper.pdf_url:
        data["encoding"] = {
            "@type": "MediaObject",
            "contentUrl": paper.pdf_url,
            "encodingFormat": "application/pdf",
        }
    return {k: v for k, v in data.items() if v}


def json_ld(data: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f'<script type="application/ld+json">{text.translate(_JSON_IN_HTML)}</script>'


def description(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """One line of at most ``limit`` characters, cut at a word with an ellipsis."""
    line = clean_line(text)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] or line[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def open_graph(paper: Paper, workshop: Workshop, page: PageInfo) -> list[str]:
    """Open Graph tags for link previews."""
    tags = [
        ("og:type", "article"),
        ("og:title", readable(paper.title)),
        ("og:description", description(readable_paragraphs(paper.abstract))),
        ("og:url", page.url),
        ("og:site_name", page.site_name),
        ("article:published_time", workshop.date.isoformat()),
    ]
    tags += [("article:tag", readable(keyword)) for keyword in paper.keywords]
    return [_meta("property", name, clean_line(value)) for name, value in tags if value]


def head(paper: Paper, workshop: Workshop, page: PageInfo) -> str:
    """Every tag of a paper page's head, one per line."""
    lines = []
    if page.scholar:
        lines += highwire(paper, workshop, page)
        lines.append(json_ld(scholarly_article(paper, workshop, page)))
    lines += open_graph(paper, workshop, page)
    return "\n".join(lines) + "\n"
