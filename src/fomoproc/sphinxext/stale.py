"""A removed paper leaves the site: what no current document owns is deleted after a build.

Sphinx leaves a removed document's page, source copy and downloads behind; in the
generated folders, whatever no current document owns is deleted at the end of an HTML
build (the served files have :mod:`.served`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from fomoproc import __version__
from fomoproc.disk import remove_empty_folders, walk
from fomoproc.pipeline import GENERATED_DIRS


def _remove(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir, docs = Path(app.outdir), app.env.found_docs
    # Where each page is, as the builder places it ("papers/x.html", or "papers/x/index.html"
    # for dirhtml); a builder without pages of its own (singlehtml) keeps none here.
    outfile = getattr(app.builder, "get_outfilename", None)
    pages = {Path(outfile(docname)) for docname in docs} if callable(outfile) else set()
    stale = [
        outdir / folder / name
        for folder in GENERATED_DIRS
        for name in walk(outdir / folder)
        if name.endswith(".html") and outdir / folder / name not in pages
    ]
    sources = outdir / "_sources"
    stale += [
        sources / name
        for name in walk(sources)
        if name.endswith(".md.txt")
        and name.removesuffix(".md.txt") not in docs
        and name.startswith(tuple(f"{folder}/" for folder in GENERATED_DIRS))
    ]
    downloads = outdir / "_downloads"
    owned = {Path(dest).as_posix() for _, dest in app.env.dlfiles.values()}
    stale += [downloads / name for name in walk(downloads) if name not in owned]
    for path in stale:
        path.unlink()
    remove_empty_folders(outdir, {p.parent.relative_to(outdir).as_posix() for p in stale})


def setup(app: Sphinx) -> dict[str, Any]:
    """Remove stale output at the end of each HTML build."""
    app.connect("build-finished", _remove)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
