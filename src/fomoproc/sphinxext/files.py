"""Generated files served as they are: citations (BibTeX, CSL-JSON, RIS) and calendars.

Sphinx's ``{download}`` role would copy each file into ``_downloads/<hash>/`` at every
build, keep it in the environment and purge it page by page: at 5,000 papers that is
15,000 files, 15,000 folders and seconds of every rebuild. The generated pages link
these files with ``{fomoproc-file}`Label <relative/path>``` instead; the links point
at the same path in the site (``papers/bib/<id>.bib``). Generation writes each served
folder as one bundle (:mod:`fomoproc.served`), and at the end of an HTML build its
files are written into the site, touching only files whose bytes changed.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole, SphinxTranslator
from sphinx.util.osutil import relative_uri
from sphinx.writers.html5 import HTML5Translator

from fomoproc import served
from fomoproc.output import publish_files
from fomoproc.served import SERVED

logger = logging.getLogger(__name__)


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
    """Each served folder of the site made to hold exactly its files: those of the source
    folder and those of its bundle.

    What was published is remembered beside the doctrees (a digest of the files and how
    many the site's folder has): unchanged files are read once, to check, and the bundle
    is not unpacked again.
    """
    if exception is not None or app.builder.format != "html":
        return
    for folder in SERVED:
        source = Path(app.srcdir) / folder
        bundle = Path(app.srcdir) / served.bundle_of(folder)
        target = Path(app.outdir) / folder
        marker = Path(app.doctreedir) / f"fomoproc-served-{folder.replace('/', '-')}"
        digest = _digest(source, bundle)
        if marker.is_file() and marker.read_text(encoding="utf-8") == _state(digest, target):
            continue
        own = {
            path.relative_to(source).as_posix(): path.read_bytes()
            for path in (sorted(source.rglob("*")) if source.is_dir() else [])
            if path.is_file()
        }
        try:
            files = served.read(bundle, own) if bundle.is_file() else {}
        except served.BundleError as err:
            logger.warning("fomoproc: %s: its files are not in the site", err, type="fomoproc")
            continue
        publish_files({**files, **own}, target)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(_state(digest, target), encoding="utf-8")


def _digest(source: Path, bundle: Path) -> str:
    """What the served files are made from: the bundle and the folder's own files."""
    digest = hashlib.blake2b(bundle.read_bytes() if bundle.is_file() else b"")
    for path in sorted(source.rglob("*")) if source.is_dir() else []:
        if path.is_file():
            digest.update(f"\0{path.relative_to(source).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _state(digest: str, target: Path) -> str:
    count = sum(len(names) for _, _, names in os.walk(target))
    return f"{digest} {count}\n"


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
