"""Generated files served as they are: citations (BibTeX, CSL-JSON, RIS) and calendars.

Sphinx's ``{download}`` role would copy each file into ``_downloads/<hash>/`` at every
build, keep it in the environment and purge it page by page: thousands of citation files
for a conference. The generated pages link these files with
``{fomoproc-file}`Label <relative/path>``` instead; the link points at the same path in
the site (``papers/bib/<id>.bib``). Generation makes the files (:mod:`fomoproc.pipeline`),
and at the end of an HTML build each served folder of the site is made to hold exactly
them, touching only files whose bytes changed. The PDF of the booklet, when the build has
one (``fomoproc_pdf``), is served as ``booklet.pdf`` at the site's root.

``{fomoproc-downloads}`` (on the home page) offers the booklet's own files: the PDF, the
citations of every paper, the day's calendar.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole, SphinxDirective, SphinxTranslator
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

from fomoproc import __version__
from fomoproc.disk import sync_folder, write_if_changed
from fomoproc.pipeline import SERVED_DIRS
from fomoproc.sphinxext import config, state

#: Where the booklet's PDF is served in the site.
PDF = "booklet.pdf"


class served_file(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A link to a file of :data:`SERVED_DIRS`; ``path`` is relative to the site's root."""


class served_pdf(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A link to the booklet's PDF: written only in a build that serves one."""


class FileRole(ReferenceRole):
    """``{fomoproc-file}`Label <path>```: a download link to a served file."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.env.docname), self.target))
        if not path.startswith(tuple(f"{folder}/" for folder in SERVED_DIRS)):
            message = self.inliner.reporter.error(
                f"fomoproc-file: {self.target!r} is not in a served folder "
                f"({', '.join(SERVED_DIRS)})",
                line=self.lineno,
            )
            return [], [message]
        return [served_file(self.rawtext, self.title, path=path)], []


def _visit_html(translator: HTML5Translator, node: served_file) -> None:
    here = translator.builder.get_target_uri(translator.builder.current_docname)
    calendar = node["path"].endswith(".ics")
    translator.body.append(
        translator.starttag(
            node,
            "a",
            "",
            CLASS="reference download" + (" fomo-calendar" if calendar else ""),
            href=relative_uri(here, node["path"]),
            download="",
        )
    )


def _depart_html(translator: HTML5Translator, node: served_file) -> None:
    translator.body.append("</a>")


def _visit_pdf(translator: HTML5Translator, node: served_pdf) -> None:
    if not config.settings(translator.builder.config).pdf:
        raise nodes.SkipNode
    here = translator.builder.get_target_uri(translator.builder.current_docname)
    href = relative_uri(here, PDF)
    translator.body.append(
        translator.starttag(node, "a", "", CLASS="reference download", href=href, download="")
    )


class DownloadsDirective(SphinxDirective):
    """``{fomoproc-downloads}``: the booklet's PDF, every paper's citations, the calendar."""

    def run(self) -> list[nodes.Node]:
        """Buttons of the site's downloads; nothing in the PDF."""

        def file(label: str, path: str) -> served_file:
            return served_file("", label, path=path)

        box = nodes.container(classes=["fomo-downloads"])
        box += nodes.paragraph("", "", served_pdf("", "Program booklet (PDF)"))
        citations = nodes.paragraph("", "Citations of every paper: ")
        for suffix, label in ((".bib", "BibTeX"), (".csl.json", "CSL-JSON"), (".ris", "RIS")):
            citations += file(label, f"papers/bib/volume{suffix}")
        box += citations
        calendar = file("The day in your calendar (.ics)", "program/calendar/program.ics")
        box += nodes.paragraph("", "", calendar)
        only = addnodes.only(expr="html")
        only += box
        return [only]


def _skip(translator: SphinxTranslator, node: nodes.Element) -> None:
    """Other formats have no site to link into: the link is left out, label and all (a
    label printed as text would read as something to click)."""
    raise nodes.SkipNode


def _publish(app: Sphinx, exception: Exception | None) -> None:
    """Each served folder of the site made to hold exactly this build's files, and the
    PDF served where the build has one."""
    build = state.of(app)
    served_files = build.served if build is not None else None
    if exception is not None or app.builder.format != "html" or served_files is None:
        return
    pdf, served = config.settings(app.config).pdf, Path(app.outdir) / PDF
    if pdf:
        write_if_changed(served, (Path(app.confdir) / pdf).read_bytes())
    else:
        served.unlink(missing_ok=True)
    for folder in SERVED_DIRS:
        prefix = f"{folder}/"
        files = {
            name.removeprefix(prefix): data
            for name, data in served_files.items()
            if name.startswith(prefix)
        }
        sync_folder(Path(app.outdir) / folder, files)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the role, the directive, their nodes and the files' copy at the end of an
    HTML build."""
    plain = (_skip, None)
    for node, visit in ((served_file, _visit_html), (served_pdf, _visit_pdf)):
        app.add_node(
            node, html=(visit, _depart_html), latex=plain, text=plain, man=plain, texinfo=plain
        )
    app.add_role("fomoproc-file", FileRole())
    app.add_directive("fomoproc-downloads", DownloadsDirective)
    app.connect("build-finished", _publish)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
