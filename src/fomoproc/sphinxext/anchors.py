"""Links from the paper pages to the anchors fomoproc makes, found by label.

A paper page links each author to ``authors.md#author-…`` (or a letter's page), each
keyword to ``keywords.md#keyword-…`` and each of its slots to ``schedule.md#slot-…``; the
anchors are labels of Sphinx's standard domain, which the index pages' ``{fomoproc-index}``
blocks (:mod:`.indexpages`) and the program's pages register. MyST (5.2) resolves a link
to ``doc.md#anchor`` by going through every label of the project for one in that
document: at 5,000 papers that is over 50,000 links against 23,000 anchors, about 1 ms
each, all in the main process while it feeds the write workers. These links are resolved
here first, by one look-up each, into the node MyST makes for them; a link whose label is
not in the page it names is left to MyST, which reports it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from fomoproc import __version__
from fomoproc.indexes import AUTHOR_ANCHOR, KEYWORD_ANCHOR
from fomoproc.places import SLOT_ANCHOR, SPEAKER_ANCHOR
from fomoproc.sphinxext import transforms

OUR_ANCHORS = (AUTHOR_ANCHOR, KEYWORD_ANCHOR, SLOT_ANCHOR, SPEAKER_ANCHOR)


class IndexAnchorLinks(transforms.AppPostTransform):
    """Resolve the links to fomoproc's anchors before MyST's resolver (priority 9) does."""

    default_priority = 8

    def run(self, **kwargs: Any) -> None:
        """Replace each link to one of fomoproc's anchors with a reference to it."""
        labels = self.env.domains.standard_domain.anonlabels
        for node in list(self.document.findall(addnodes.pending_xref)):
            anchor = node.get("reftargetid")
            if (
                node.get("reftype") != "myst"
                or node.get("refdomain") != "doc"
                or not node.get("refexplicit")
                or not isinstance(anchor, str)
                or not anchor.startswith(OUR_ANCHORS)
                or labels.get(anchor) != (node["reftarget"], anchor)
            ):
                continue
            # What MyST makes of an explicit link to a label: its text in an inline.
            inner = nodes.inline(node.astext(), "", classes=["std", "std-ref"])
            inner.extend(node[0].children)
            try:
                builder, refdoc = self.sphinx_app.builder, node.get("refdoc", self.env.docname)
                reference = make_refnode(builder, refdoc, node["reftarget"], anchor, inner)
            except NoUri:  # a builder with no page for that document
                node.replace_self(inner)
                continue
            if "reftitle" in node:
                reference["reftitle"] = node["reftitle"]
            node.replace_self(reference)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the post-transform."""
    transforms.add(app, IndexAnchorLinks)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
