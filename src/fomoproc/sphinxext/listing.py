"""``{fomoproc-list}``: lists of papers written as data, made into nodes without MyST.

Generation writes the papers index, each session's papers and the posters by board as
JSON lines (:mod:`fomoproc.writers.listing`). On pages of thousands of papers, read again
whenever a paper is added or removed, the nodes of such a list (links, stars, times, line
breaks) were most of a rebuild: MyST's parsing, then pickling them, then every
post-transform walking them. So the directive keeps a list as one :class:`paper_list`
node holding its entries (its children are the entries' titles and authors as text, which
the search index and MathJax's check see), and the nodes are made when they are needed
(:func:`expand`): by the HTML translator as it writes the page, and by a post-transform
for every other builder (the PDF's post-transforms number the links).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx.writers.html5 import HTML5Translator

from fomoproc import __version__
from fomoproc.sphinxext import transforms
from fomoproc.sphinxext.agenda import star
from fomoproc.sphinxext.times import moment
from fomoproc.text import Math, clean_line, segments
from fomoproc.writers.listing import DIRECTIVE, STYLES


class paper_list(nodes.General, nodes.Element):  # type: ignore[misc]
    """A list of papers: ``style`` (one of :data:`STYLES`) and ``entries`` (dicts)."""


def _hard_break() -> list[nodes.Node]:
    """A line break within a paragraph, as MyST writes one."""
    return [
        nodes.raw("", "<br />\n", format="html"),
        nodes.raw("", "\\\\\n", format="latex"),
    ]


def _title(text: str) -> list[nodes.Node]:
    """A title's text, its vetted math as math (as the pages' titles are)."""
    return [
        nodes.math(f"${s.latex}$", s.latex) if isinstance(s, Math) else nodes.Text(s.text)
        for s in segments(clean_line(text))
    ]


def _time(run: list[str]) -> moment:
    words, start, end = run
    return moment(words, words, start=start, end=end)


class ListDirective(SphinxDirective):
    """``{fomoproc-list} bullets`` (or ``numbered``, ``boards``) with one JSON paper a line."""

    required_arguments = 1
    has_content = True
    KEYS: ClassVar[frozenset[str]] = frozenset({"doc", "title", "authors", "board", "star", "when"})

    def run(self) -> list[nodes.Node]:
        """The list as one node: its entries, and their titles and authors as text."""
        style = self.arguments[0]
        if style not in STYLES:
            raise self.error(f"{DIRECTIVE}: {style!r} is not one of {', '.join(STYLES)}")
        entries = [self._entry(number, line) for number, line in enumerate(self.content, 1)]
        listed = paper_list("", style=style, entries=entries)
        for entry in entries:
            listed += [*_title(entry["title"]), nodes.Text(f" {entry['authors']}\n")]
        self.set_source_info(listed)
        return [listed]

    def _entry(self, number: int, line: str) -> dict[str, Any]:
        try:
            data = json.loads(line)
            valid = isinstance(data, dict) and set(data) == self.KEYS
            valid = valid and all(isinstance(data[k], str) for k in self.KEYS - {"when"})
            valid = valid and all(
                isinstance(run, str)
                or (
                    isinstance(run, list) and len(run) == 3 and all(isinstance(v, str) for v in run)
                )
                for run in data["when"]
            )
        except (ValueError, TypeError):
            valid = False
        if not valid:
            raise self.error(
                f"{DIRECTIVE}: line {number} is not a paper as fomoproc generates them "
                "(regenerate the page: never edit it)"
            )
        return dict(data)


def expand(listed: paper_list, builder: Builder, docname: str) -> nodes.Element:
    """The list's nodes, as MyST would have made them, links placed by ``builder``."""
    entries: list[dict[str, Any]] = listed["entries"]
    if listed["style"] == "boards":
        return _table(entries, builder, docname)
    made: nodes.Element
    if listed["style"] == "numbered":
        made = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    else:
        made = nodes.bullet_list(bullet="-")
    for entry in entries:
        item = nodes.list_item()
        lead: list[nodes.Node] = []
        if entry["board"]:
            lead = [nodes.strong("", f"Board {entry['board']}"), nodes.Text(" · ")]
        item += nodes.paragraph("", "", *lead, *_paper(entry, builder, docname))
        made += item
    return made


def _paper(entry: dict[str, Any], builder: Builder, docname: str) -> list[nodes.Node]:
    """A paper's star, its title linked to its page, its authors and when."""
    found: list[nodes.Node] = []
    if entry["star"]:
        found.append(star(kind="paper", key=entry["star"], labelled=False))
    title = nodes.inline("", "", *_title(entry["title"]), classes=["std", "std-doc"])
    found.append(_link(title, entry["doc"], builder, docname))
    if entry["authors"]:
        found += [*_hard_break(), nodes.Text(entry["authors"])]
    if entry["when"]:
        runs = [nodes.Text(run) if isinstance(run, str) else _time(run) for run in entry["when"]]
        found += [*_hard_break(), nodes.emphasis("", "", *runs)]
    return found


def _link(title: nodes.inline, target: str, builder: Builder, docname: str) -> nodes.Node:
    """The title linked to the paper's page, or the title alone where there is no page."""
    if target not in builder.env.all_docs:
        return title
    try:
        return make_refnode(builder, docname, target, "", title)
    except NoUri:  # a builder with no page for that document
        return title


def _table(entries: list[dict[str, Any]], builder: Builder, docname: str) -> nodes.table:
    """Board and poster, two columns: narrow enough for a phone and a page."""
    table = nodes.table(classes=["fomo-posters", "colwidths-given"])
    group = nodes.tgroup(cols=2)
    table += group
    for width in (12, 88):
        group += nodes.colspec(colwidth=width)

    def row(*cells: list[nodes.Node]) -> nodes.row:
        made = nodes.row()
        for content in cells:
            made += nodes.entry("", nodes.paragraph("", "", *content))
        return made

    head = nodes.thead()
    head += row([nodes.Text("Board")], [nodes.Text("Poster")])
    body = nodes.tbody()
    for entry in entries:
        body += row([nodes.Text(entry["board"] or "–")], _paper(entry, builder, docname))
    group += head
    group += body
    return table


def _visit_html(translator: HTML5Translator, node: paper_list) -> None:
    """The HTML translator writes the list's nodes in place of its text."""
    made = expand(node, translator.builder, translator.builder.current_docname)
    made.source, made.line = node.source, node.line
    node.children = []
    node += made  # walked next, as the node's child


def _depart_html(translator: HTML5Translator, node: paper_list) -> None:
    pass


class ExpandLists(transforms.AppPostTransform):
    """For builders other than HTML: each list, its nodes (before the PDF numbers links)."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        """Replace each list by its nodes."""
        builder = self.sphinx_app.builder
        if builder.format == "html":
            return  # the translator expands them as it writes (_visit_html)
        for listed in list(self.document.findall(paper_list)):
            made = expand(listed, builder, self.env.docname)
            made.source, made.line = listed.source, listed.line
            listed.replace_self(made)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, its node and where its nodes are made."""
    app.add_node(paper_list, html=(_visit_html, _depart_html))
    app.add_directive(DIRECTIVE, ListDirective)
    transforms.add(app, ExpandLists)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
