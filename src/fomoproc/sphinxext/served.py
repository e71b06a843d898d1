"""Generated files served as they are: citations (BibTeX, CSL-JSON, RIS) and calendars.

Sphinx's ``{download}`` role would copy each file into ``_downloads/<hash>/`` at every
build, keep it in the environment and purge it page by page: thousands of citation files
for a conference. The generated pages link these files with
``{fomoproc-file}`Label <relative/path>``` instead; the link points at the same path in
the site (``papers/bib/<id>.bib``). Generation makes the files (:mod:`fomoproc.pipeline`),
and at the end of an HTML build each served folder of the site is made to hold exactly
them, touching only files whose bytes changed.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole, SphinxTranslator
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

from fomoproc import __version__
from fomoproc.disk import sync_folder
from fomoproc.pipeline import SERVED_DIRS
from fomoproc.sphinxext import state


class served_file(nodes.Inline, nodes.TextElement):  # type: ignore[misc]
    """A link to a file of :data:`SERVED_DIRS`; ``path`` is relative to the site's root."""


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
    """Each served folder of the site made to hold exactly this build's files."""
    build = state.of(app)
    generated = build.generated if build is not None else None
    if exception is not None or app.builder.format != "html" or generated is None:
        return
    for folder in SERVED_DIRS:
        prefix = f"{folder}/"
        files = {
            name.removeprefix(prefix): data
            for name, data in generated.served.items()
            if name.startswith(prefix)
        }
        sync_folder(Path(app.outdir) / folder, files)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the role, its node and the files' copy at the end of an HTML build."""
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
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
