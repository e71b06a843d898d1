"""Generated files served as they are: citations (BibTeX, CSL-JSON, RIS) and calendars.

Sphinx's ``{download}`` role would copy each file into ``_downloads/<hash>/`` at every
build, keep it in the environment and purge it page by page: at 5,000 papers that is
15,000 files, 15,000 folders and seconds of every rebuild. The generated pages link
these files with ``{fomoproc-file}`Label <relative/path>``` instead; the links point
at the same path in the site (``papers/bib/<id>.bib``), and at the end of an HTML
build the folders are copied there, touching only files whose bytes changed.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole, SphinxTranslator
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

from fomoproc.output import publish_tree

#: Folders of the source whose files the site serves unchanged (none is a page).
SERVED = ("papers/bib", "program/calendar")


class served_file(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A link to a file of :data:`SERVED`; ``path`` is relative to the source folder."""


class FileRole(ReferenceRole):
    """``{fomoproc-file}`Label <path>```: a download link to a served file."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.env.docname), self.target))
        if not path.startswith(tuple(f"{folder}/" for folder in SERVED)):
            message = self.inliner.reporter.error(
                f"fomoproc-file: {self.target!r} is not in a served folder ({', '.join(SERVED)})",
                line=self.lineno,
            )
            return [], [message]
        return [served_file(self.rawtext, self.title, path=path)], []


def _visit_html(translator: HTML5Translator, node: served_file) -> None:
    here = translator.builder.get_target_uri(translator.builder.current_docname)
    translator.body.append(
        translator.starttag(
            node,
            "a",
            "",
            CLASS="reference download",
            href=relative_uri(here, node["path"]),
            download="",
        )
    )


def _depart_html(translator: HTML5Translator, node: served_file) -> None:
    translator.body.append("</a>")


def _text_only(translator: SphinxTranslator, node: served_file) -> None:
    """Other formats have no site to link into: the label is printed as text."""


def _publish(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for folder in SERVED:
        source, target = Path(app.srcdir) / folder, Path(app.outdir) / folder
        if source.is_dir() or target.is_dir():
            publish_tree(source, target)


def setup(app: Sphinx) -> None:
    """Register the role, its node and the copy at the end of an HTML build."""
    plain = (_text_only, _text_only)
    app.add_node(
        served_file,
        html=(_visit_html, _depart_html),
        latex=plain,
        text=plain,
        man=plain,
        texinfo=plain,
    )
    app.add_role("fomoproc-file", FileRole())
    app.connect("build-finished", _publish)
