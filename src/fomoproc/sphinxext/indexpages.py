"""The entries of the author and keyword index pages: data in the page, HTML when written.

Generation writes each index page's entries as a ``{fomoproc-index}`` block of JSON lines
(:func:`fomoproc.writers.myst.index_block`). The directive turns the block into one node
holding the entries, and registers each entry's anchor as a label of Sphinx's standard
domain, as a ``(anchor)=`` target would, so that the paper pages' links to
``authors.md#author-…`` resolve and are checked. The HTML writer then writes the entries
(:mod:`fomoproc.writers.indexhtml`), each paper linked to its page as the builder places
it. The pages exist on the site only: the PDF has its own author index.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective, SphinxTranslator
from sphinx.writers.html5 import HTML5Translator

from fomoproc import __version__
from fomoproc.sphinxext import logs
from fomoproc.writers import indexhtml
from fomoproc.writers.papers import INDEX_DIRECTIVE


class index_entries(nodes.General, nodes.Element):  # type: ignore[misc]
    """The entries of one index block: ``kind`` ("authors" or "keywords"), ``entries``."""


class IndexDirective(SphinxDirective):
    """``{fomoproc-index} authors`` (or ``keywords``) with one JSON entry per line."""

    required_arguments = 1
    has_content = True
    KINDS: ClassVar[tuple[str, ...]] = ("authors", "keywords")

    def run(self) -> list[nodes.Node]:
        """One node with the block's entries; each entry's anchor a label of this page."""
        kind = self.arguments[0]
        if kind not in self.KINDS:
            raise self.error(f"{INDEX_DIRECTIVE}: {kind!r} is not one of {', '.join(self.KINDS)}")
        entries = []
        for offset, line in enumerate(self.content):
            try:
                entries.append(indexhtml.from_line(line))
            except ValueError:
                raise self.error(
                    f"{INDEX_DIRECTIVE}: line {offset + 1} is not an index entry as fomoproc "
                    "generates them (regenerate the page: never edit it)"
                ) from None
        labels = self.env.domains.standard_domain.anonlabels
        for entry in entries:
            labels[entry.anchor] = (self.env.docname, entry.anchor)
        node = index_entries(kind=kind, entries=tuple(entries))
        node["math"] = any(
            indexhtml.has_math(text)
            for e in entries
            for text in (e.label, *(title for _, title in e.papers))
        )
        self.set_source_info(node)
        return [node]


def _visit_html(translator: HTML5Translator, node: index_entries) -> None:
    builder, here = translator.builder, translator.builder.current_docname
    docs = builder.env.all_docs

    def href(docname: str) -> str | None:
        if docname not in docs:
            logs.warn(
                "index", f"the index links to {docname!r}, which is not a page", location=node
            )
            return None
        try:
            return builder.get_relative_uri(here, docname)
        except NoUri:
            return None

    # sphinx.ext.mathjax's delimiters, which the page's MathJax looks for.
    math = getattr(builder.config, "mathjax_inline", None) or indexhtml.MATHJAX_INLINE
    delimiters = (str(math[0]), str(math[1]))
    translator.body.append(indexhtml.entries(node["kind"], node["entries"], href, delimiters))
    raise nodes.SkipNode


def _skip(translator: SphinxTranslator, node: index_entries) -> None:
    """The index pages are the site's; other formats print nothing of them."""
    raise nodes.SkipNode


def _load_mathjax(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """A page whose index entries typeset math needs MathJax, which Sphinx loads only for
    pages with math nodes of their own."""
    if doctree is not None and any(n["math"] for n in doctree.findall(index_entries)):
        context["has_maths_elements"] = True


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, its node and MathJax for the pages that need it."""
    app.add_node(
        index_entries,
        html=(_visit_html, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_directive(INDEX_DIRECTIVE, IndexDirective)
    # Before sphinx.ext.mathjax (priority 500) decides whether the page loads MathJax.
    app.connect("html-page-context", _load_mathjax, priority=400)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
