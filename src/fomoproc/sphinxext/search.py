"""A search page that lists every result at once, each with a snippet from the booklet's data.

Sphinx's search page adds one result every 5 ms and fetches each result's page for its
snippet: a common word took 8.6 s at 1,000 papers and over 80 s at 3,000. Here the search
page gets one more script, ``fomoproc-search.js``, which keeps Sphinx's index and ranking
but shows the results in a few large batches, each with its summary from
``fomoproc-search-data.js``, which it loads once the index has come: a short summary of
every page (a paper's authors and the opening of its abstract, from
:mod:`fomoproc.writers.searchdata`; the opening paragraphs of the other pages).

The index itself is packed (:mod:`fomoproc.sphinxext.searchindex`) and loaded without
holding up the page (``templates/search.html``); what every paper page says alike (its
"Abstract" heading, links, citation downloads, the day and time of its session) is kept
out of it, so that searching "code", "paper" or "abstract" finds what papers say.
"""

from __future__ import annotations

import zlib
from collections.abc import Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from fomoproc import __version__
from fomoproc.disk import write_if_changed
from fomoproc.sphinxext import searchindex, state
from fomoproc.writers import searchdata
from fomoproc.writers.myst import SITE_NOTE
from fomoproc.writers.papers import CALENDAR_LINKS, KEYWORDS_LABEL, NO_ABSTRACT, TLDR_LABEL

DATA = "fomoproc-search-data.js"
SCRIPT = "fomoproc-search.js"
TEMPLATES = Path(__file__).parent / "templates"
#: Classes of the generated paper pages' link and download blocks.
BOILERPLATE_BLOCKS = frozenset({"fomo-links", "fomo-downloads", CALENDAR_LINKS})


class SearchDomain(Domain):
    """The summaries of the pages that are not papers, kept per page between builds and
    across parallel readers (the papers' come from generation, at every build)."""

    name = "fomoproc-search"
    label = "fomoproc search summaries"
    initial_data = {"pages": {}}  # noqa: RUF012 - Sphinx's own class attribute

    @property
    def pages(self) -> dict[str, str]:
        """Summaries of the pages that are not papers, by document."""
        return self.data.setdefault("pages", {})  # type: ignore[no-any-return]

    def clear_doc(self, docname: str) -> None:
        """Forget a page that is read again or removed."""
        self.pages.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the summaries a parallel reader made."""
        for docname, text in otherdata.get("pages", {}).items():
            if docname in docnames:
                self.pages[docname] = text


def _domain(env: BuildEnvironment) -> SearchDomain:
    domain = env.get_domain(SearchDomain.name)
    assert isinstance(domain, SearchDomain)
    return domain


def _not_searched(node: nodes.Element) -> None:
    """Sphinx's indexer skips what is marked "no-search"."""
    if "no-search" not in node["classes"]:
        node["classes"].append("no-search")


def _is_boilerplate(node: nodes.Node) -> bool:
    """What every paper page has: its rubrics ("Abstract", "Cite this paper"), its link and
    download blocks, the line that says when it is presented (the one that opens with its
    oral / spotlight / poster badge), the bold labels of its TL;DR and keywords, and the
    words in place of a missing abstract."""
    if isinstance(node, nodes.rubric):
        return True
    if isinstance(node, nodes.container):
        return not BOILERPLATE_BLOCKS.isdisjoint(node["classes"])
    if isinstance(node, nodes.paragraph):
        first = _first_child(node)
        return isinstance(first, nodes.inline) and "sd-badge" in first["classes"]
    if isinstance(node, nodes.strong) and isinstance(node.parent, nodes.paragraph):
        return node.astext() in (TLDR_LABEL, KEYWORDS_LABEL) and _first_child(node.parent) is node
    return isinstance(node, nodes.emphasis) and node.astext() == NO_ABSTRACT


def _first_child(node: nodes.Element) -> nodes.Node | None:
    """The first child that is not empty text (MyST starts some paragraphs with one)."""
    return next((c for c in node.children if not isinstance(c, nodes.Text) or c.strip()), None)


def _searched(node: nodes.Node) -> bool:
    """Whether no element around the node is kept out of the search."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.Element) and "no-search" in parent.get("classes", ()):
            return False
        parent = parent.parent
    return True


def _read_page(app: Sphinx, doctree: nodes.document) -> None:
    # A paper's BibTeX repeats its title and authors, and adds the workshop's name to every
    # page: searching "foundation" or "systems" would find every paper.
    for block in doctree.findall(nodes.literal_block):
        if block.get("language") == "bibtex":
            _not_searched(block)
    # The site's notes to its readers (switch the times, star the talks) are on many pages.
    for note in doctree.findall(nodes.container):
        if SITE_NOTE in note["classes"]:
            _not_searched(note)
    build = state.of(app)
    docname = app.env.docname
    if build is not None and docname in build.papers:
        # What all papers say alike would make every paper a result of "code" or "paper",
        # and takes a fifth of the index at 5,000 papers.
        for node in list(doctree.findall(_is_boilerplate)):
            _not_searched(node)
        return
    words: list[str] = []
    for paragraph in doctree.findall(nodes.paragraph):
        if _searched(paragraph):
            words.extend(paragraph.astext().split())
        if sum(len(w) + 1 for w in words) > searchdata.ABSTRACT_CHARS:
            break
    _domain(app.env).pages[docname] = searchdata.cut(" ".join(words), searchdata.ABSTRACT_CHARS)


def _write_data(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Write the summaries into ``_static``, only when they changed (after every read)."""
    build = state.of(app)
    if app.builder.format != "html" or build is None:
        return []
    papers = searchdata.summaries(build.booklet)
    pages = _domain(env).pages
    summaries: dict[str, searchdata.Summary] = {
        docname: papers.get(docname) or pages[docname]
        for docname in sorted(env.found_docs)
        if papers.get(docname) or pages.get(docname)
    }
    data = searchdata.script(summaries).encode("utf-8")
    write_if_changed(Path(app.outdir) / "_static" / DATA, data)
    return []


def _search_page_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename != "search":
        return
    # The script is deferred: it runs once Sphinx's search code is loaded, before it
    # queries. It loads the summaries (2 MB at 5,000 papers) itself, once the index has
    # come: loaded with it, they were fetched and parsed while the first results waited.
    # Their address carries a checksum of their bytes, as Sphinx's own scripts' do, so that
    # a browser does not keep the summaries of an earlier build.
    data = Path(app.outdir) / "_static" / DATA
    checksum = zlib.crc32(data.read_bytes()) if data.is_file() else 0
    address = f"{context['pathto'](f'_static/{DATA}', 1)}?v={checksum:08x}"
    attributes: dict[str, Any] = {  # not Python names
        "data-summaries": address,
        "data-listings": " ".join(_listings(app)),
    }
    app.add_js_file(SCRIPT, loading_method="defer", **attributes)


def _listings(app: Sphinx) -> list[str]:
    """The pages that list papers (the home page, the papers index, the schedule...): a
    paper comes before them in the results of a name or a word they share. A folder's
    pages are named by the folder ("papers/authors" for its letter pages)."""
    build = state.of(app)
    if build is None or build.served is None:
        return []
    pages = {name.removesuffix(".md") for name in build.generated} - set(build.papers)
    pages.add(app.config.root_doc)
    return sorted(p for p in pages if not any(p.startswith(f"{q}/") for q in pages))


def _add_templates(app: Sphinx, config: Config) -> None:
    # After the project's own folders: a project's search.html still wins.
    config.templates_path = [*config.templates_path, str(TEMPLATES)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Add the search page's data and script."""
    app.add_domain(SearchDomain)
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", searchindex.use_packed_index)
    app.connect("doctree-read", _read_page)
    app.connect("env-updated", _write_data)
    app.connect("html-page-context", _search_page_scripts)
    return {
        "version": __version__,
        # 1: the search summaries domain; 2: paper pages' boilerplate kept out of the search
        # index; 3: the papers' summaries no longer in the domain.
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
