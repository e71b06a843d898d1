"""What the site's pages become in the printed booklet: LaTeX builds only.

One post-transform on the whole booklet's doctree (Sphinx's LaTeX builder makes one of the
root document and every page it includes), before Sphinx turns links into footnotes:

- the home page's own text opens as the welcome, under a heading of its own (Sphinx prints
  the root document's text with no heading: it ran under the table of contents);
- links to a paper (the schedule, the sessions) get the paper's page number beside them;
- a paper's author and keyword links to the site's index pages land on the printed
  indexes' entries (:mod:`fomoproc.writers.latexindex`);
- a paper's links (OpenReview, PDF, code) print as short addresses on one line, not as
  footnotes, and so does an address shown as itself (a person's site); a paper's
  "Abstract" heading goes (the abstract follows its authors, as in a printed book of
  abstracts);
- a paper's kind (oral, spotlight, poster) prints as a small label, set off from the line.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.latex import LaTeXTranslator
from sphinx_design.badges_buttons import sd_badge

from fomoproc import __version__
from fomoproc.sphinxext import state, transforms
from fomoproc.writers.latexindex import (
    AUTHORS_TARGET,
    KEYWORDS_TARGET,
    document_label,
    entry_target,
)
from fomoproc.writers.papers import ABSTRACT_LABEL, LINKS_CLASS
from fomoproc.writers.titlepage import short_address

#: The heading of the home page's text in print.
WELCOME = "Welcome"
# A link Sphinx's LaTeX builder made to an index page's entry: "%papers/authors#author-x",
# or to a letter's page of a large index ("%papers/authors/b#author-x").
_INDEX_LINK = re.compile(r"%papers/(authors|keywords)(?:/[^#]*)?#([a-z0-9-]+)")
_INDEX_TARGETS = {"authors": AUTHORS_TARGET, "keywords": KEYWORDS_TARGET}


class fomoproc_address(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A web address printed short (its text), linking to the whole address (``refuri``)."""


class fomoproc_entry_link(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A link to an entry of the printed indexes (its target in ``target``)."""


class fomoproc_page(nodes.Inline, nodes.Element):  # type: ignore[misc]
    """The page a document starts on (its name in ``docname``), flush right on its line."""


def _visit_address(translator: LaTeXTranslator, node: fomoproc_address) -> None:
    translator.body.append(rf"\sphinxhref{{{translator.encode_uri(node['refuri'])}}}{{")


def _depart_address(translator: LaTeXTranslator, node: fomoproc_address) -> None:
    translator.body.append("}")


def _visit_entry_link(translator: LaTeXTranslator, node: fomoproc_entry_link) -> None:
    translator.body.append(rf"\hyperlink{{{node['target']}}}{{\sphinxcrossref{{")


def _depart_entry_link(translator: LaTeXTranslator, node: fomoproc_entry_link) -> None:
    translator.body.append("}}")


def _visit_page(translator: LaTeXTranslator, node: fomoproc_page) -> None:
    label = translator.idescape(document_label(node["docname"]))
    translator.body.append(rf"\fomoprocPageOf{{{label}}}")
    raise nodes.SkipNode


def _visit_kind(translator: LaTeXTranslator, node: sd_badge) -> None:
    translator.body.append(r"\fomoprocKind{")


def _depart_kind(translator: LaTeXTranslator, node: sd_badge) -> None:
    translator.body.append("}")


class PrintedBooklet(transforms.AppPostTransform):
    """Turn the site's pages into the handbook's: welcome, pages, indexes, links, labels."""

    # Before Sphinx's ShowUrlsTransform (400), which makes a footnote of every web link.
    default_priority = 390
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        """Rewrite the booklet's doctree for print."""
        build = state.of(self.sphinx_app)
        papers = build.papers if build is not None else {}
        self._welcome()
        for reference in list(self.document.findall(nodes.reference)):
            uri = reference.get("refuri", "")
            if uri.startswith(("http://", "https://")) and reference.astext() == uri:
                # An address shown as itself: printed short (the link keeps it whole).
                address = fomoproc_address("", short_address(uri), refuri=uri)
                reference.replace_self(address)
            elif match := _INDEX_LINK.fullmatch(uri):
                target = entry_target(_INDEX_TARGETS[match.group(1)], match.group(2))
                link = fomoproc_entry_link("", "", *reference.children, target=target)
                reference.replace_self(link)
            elif uri[1:] in papers and uri.startswith("%") and reference.parent is not None:
                parent = reference.parent
                parent.insert(parent.index(reference) + 1, fomoproc_page(docname=uri[1:]))
        starts = list(self.document.findall(addnodes.start_of_file))
        for start in starts:
            if start["docname"] in papers:
                self._paper(start)

    def _welcome(self) -> None:
        """A heading before the home page's text, if it has text of its own."""
        first = next(iter(self.document.findall(addnodes.start_of_file)), None)
        root = next((c for c in self.document.children if isinstance(c, nodes.section)), None)
        if root is None:
            return
        own = []
        for child in root.children:
            if first is not None and first in child.findall(addnodes.start_of_file):
                break
            own.append(child)
        printed = [
            child
            for child in own
            if not isinstance(child, nodes.title | nodes.target | nodes.Invisible | nodes.raw)
        ]
        if printed:
            heading = nodes.raw("", rf"\fomoprocWelcome{{{WELCOME}}}", format="latex")
            root.insert(root.index(printed[0]), heading)

    def _paper(self, start: addnodes.start_of_file) -> None:
        """A paper's page in print: its links short, no "Abstract" heading."""
        for rubric in list(start.findall(nodes.rubric)):
            if rubric.astext() == ABSTRACT_LABEL:
                rubric.parent.remove(rubric)
        for container in start.findall(nodes.container):
            if LINKS_CLASS not in container["classes"]:
                continue
            links = [r for r in container.findall(nodes.reference) if r.get("refuri")]
            line = nodes.paragraph()
            for number, link in enumerate(links):
                if number:
                    line += nodes.Text(" · ")
                line += nodes.Text(f"{link.astext()}: ")
                line += fomoproc_address("", short_address(link["refuri"]), refuri=link["refuri"])
            del container[:]
            if links:
                container.append(line)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the nodes, the post-transform, and the print of a paper's kind."""
    app.add_node(fomoproc_address, latex=(_visit_address, _depart_address))
    app.add_node(fomoproc_entry_link, latex=(_visit_entry_link, _depart_entry_link))
    app.add_node(fomoproc_page, latex=(_visit_page, None))
    # sphinx-design prints a badge as its bare word in LaTeX, run into the sentence.
    app.add_node(sd_badge, override=True, latex=(_visit_kind, _depart_kind))
    transforms.add(app, PrintedBooklet)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
