"""Citation and calendar files: linked with the served-file role, put into the site whole."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import BOOKLET_ROOT, load_booklet, rendered

PAGE = """\
# Files

{fomoproc-file}`The BibTeX <papers/bib/one.bib>` and
{fomoproc-file}`the configuration <papers/bib/../../conf.py>`.
"""


def test_a_served_file_is_linked_from_any_page_layout(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "fomoproc.sphinxext.served"]\n', encoding="utf-8"
    )
    (srcdir / "index.md").write_text(PAGE, encoding="utf-8")
    for builder in ("html", "dirhtml"):
        app = make_app(builder, srcdir=srcdir, builddir=tmp_path / builder)
        app.build()
        html = BeautifulSoup(
            (Path(app.outdir) / "index.html").read_text(encoding="utf-8"), "html.parser"
        )
        (link,) = html.select("a.download")
        assert link.get_text() == "The BibTeX"
        assert link["href"] == "papers/bib/one.bib"
        assert link.has_attr("download")
        # Outside the served folders: an error naming the path, and no link.
        assert "'papers/bib/../../conf.py' is not in a served folder" in app.warning.getvalue()


def test_the_site_holds_exactly_the_served_files_of_the_last_build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(BOOKLET_ROOT, srcdir)
    out = tmp_path / "b"

    def build() -> dict[str, bytes]:
        app = make_app("html", srcdir=srcdir, builddir=out)
        app.build()
        assert app.warning.getvalue() == ""
        app.cleanup()  # the next build in this process registers its nodes again
        served = out / "html" / "papers" / "bib"
        return {p.name: p.read_bytes() for p in sorted(served.iterdir())}

    first = build()
    files = rendered(load_booklet(srcdir / "export.json", srcdir / "program.toml"))
    assert first == {
        name.removeprefix("papers/bib/"): text.encode()
        for name, text in files.items()
        if name.startswith("papers/bib/")
    }
    times = {p: p.stat().st_mtime_ns for p in (out / "html" / "papers" / "bib").iterdir()}
    assert build() == first
    assert {p: p.stat().st_mtime_ns for p in (out / "html" / "papers" / "bib").iterdir()} == times
    # A paper removed from the export: its citation files leave the site.
    export = srcdir / "export.json"
    data = json.loads(export.read_text(encoding="utf-8"))
    data["notes"] = [note for note in data["notes"] if note["id"] != "postPaper3"]
    export.write_text(json.dumps(data), encoding="utf-8")
    third = build()
    assert sorted(set(first) - set(third)) == [
        "postPaper3.bib",
        "postPaper3.csl.json",
        "postPaper3.ris",
    ]
    assert b"postPaper3" not in third["volume.bib"]
