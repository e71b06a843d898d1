"""``{fomoproc-list}``: lists of papers written as data, made into nodes without MyST.

Generation writes the papers index, each session's papers and the posters by board as
JSON lines (:mod:`fomoproc.writers.listing`); this directive turns them into the nodes MyST
would have made of the same list (links, stars, times, line breaks), for every builder,
without a Markdown parser: on pages of thousands of papers, read again whenever a paper is
added or removed, that parser was most of a rebuild. Links to the papers' pages are
resolved once the builder is known (:class:`PaperLinks`).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from fomoproc import __version__
from fomoproc.sphinxext.agenda import star
from fomoproc.sphinxext.times import moment
from fomoproc.text import Math, clean_line, segments
from fomoproc.writers.listing import DIRECTIVE, STYLES


class paper_link(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A link to a paper's page (``docname``), resolved by :class:`PaperLinks`."""


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
        """The list, or the table of boards, of the block's papers."""
        style = self.arguments[0]
        if style not in STYLES:
            raise self.error(f"{DIRECTIVE}: {style!r} is not one of {', '.join(STYLES)}")
        entries = [self._entry(number, line) for number, line in enumerate(self.content, 1)]
        if style == "boards":
            return [self._table(entries)]
        listed: nodes.Element
        if style == "numbered":
            listed = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
        else:
            listed = nodes.bullet_list(bullet="-")
        for entry in entries:
            item = nodes.list_item()
            lead: list[nodes.Node] = []
            if entry["board"]:
                lead = [nodes.strong("", f"Board {entry['board']}"), nodes.Text(" · ")]
            item += nodes.paragraph("", "", *lead, *self._paper(entry))
            listed += item
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

    def _paper(self, entry: dict[str, Any]) -> list[nodes.Node]:
        """A paper's star, its title linked to its page, its authors and when."""
        found: list[nodes.Node] = []
        if entry["star"]:
            found.append(star(kind="paper", key=entry["star"], labelled=False))
        found.append(paper_link("", "", *_title(entry["title"]), docname=entry["doc"]))
        if entry["authors"]:
            found += [*_hard_break(), nodes.Text(entry["authors"])]
        if entry["when"]:
            runs = [
                nodes.Text(run) if isinstance(run, str) else _time(run) for run in entry["when"]
            ]
            found += [*_hard_break(), nodes.emphasis("", "", *runs)]
        return found

    def _table(self, entries: list[dict[str, Any]]) -> nodes.table:
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
            body += row([nodes.Text(entry["board"] or "–")], self._paper(entry))
        group += head
        group += body
        self.set_source_info(table)
        return table


class PaperLinks(SphinxPostTransform):
    """Each paper link, a reference to the paper's page as the builder places it."""

    default_priority = 8
    #: The application whose builder makes the links: set by :func:`setup` on a subclass
    #: of its own (Sphinx 9 gives transforms no public way to the builder).
    sphinx_app: Sphinx

    def run(self, **kwargs: Any) -> None:
        """Replace each paper link by a reference, or by its text where there is no page."""
        builder = self.sphinx_app.builder
        for node in list(self.document.findall(paper_link)):
            inner = nodes.inline("", "", *node.children, classes=["std", "std-doc"])
            target = node["docname"]
            if target not in self.env.all_docs:
                node.replace_self(inner)
                continue
            try:
                node.replace_self(make_refnode(builder, self.env.docname, target, "", inner))
            except NoUri:  # a builder with no page for that document
                node.replace_self(inner)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive, its link node and their resolution."""
    app.add_node(paper_link)
    app.add_directive(DIRECTIVE, ListDirective)
    app.add_post_transform(type("PaperLinks", (PaperLinks,), {"sphinx_app": app}))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
