"""Generation at ``builder-inited``: the inputs read, the pages written, the import reported.

Sphinx looks for sources after ``builder-inited``, so the generated pages are in place
before it decides what to read; only pages whose bytes changed are written, and Sphinx
reads only those again. The booklet and the files made from it are kept for the build
(:mod:`.state`); the served citation and calendar files go into the site at its end
(:mod:`.served`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from fomoproc import __version__
from fomoproc.errors import InputError
from fomoproc.model import Severity
from fomoproc.pipeline import load, render, write_pages
from fomoproc.report import describe
from fomoproc.sphinxext import config, logs, state


def _generate(app: Sphinx) -> None:
    sources = config.sources(app)
    try:
        loaded = load(sources)
    except InputError as err:
        raise ConfigError(f"fomoproc: {err}") from None
    booklet = loaded.booklet
    assert booklet is not None  # the extension always reads a program
    generated = render(
        booklet,
        source=sources.export.name,
        base_url=app.config.html_baseurl or "",
        photos=loaded.photos,
    )
    written = write_pages(Path(app.srcdir), generated.pages)
    papers = {f"papers/{paper.id}": paper for paper in booklet.papers}
    state.remember(app, state.Build(booklet=booklet, generated=generated, papers=papers))
    for severity, line in describe(loaded.export, loaded.problems, limit=50):
        if severity is Severity.ERROR:
            logs.warn("export", line)
        else:
            logs.info(line)
    logs.info(
        f"{len(written.written)} generated pages written, {written.unchanged} unchanged, "
        f"{len(written.removed)} removed"
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Generate the pages once the builder is known, before Sphinx looks for sources."""
    app.connect("builder-inited", _generate)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
