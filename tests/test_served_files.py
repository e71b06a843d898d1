"""Citation and calendar files: linked with the served-file role, copied to the site as they are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

PAGE = """\
# Files

{fomoproc-file}`The BibTeX <papers/bib/one.bib>` and
{fomoproc-file}`the configuration <papers/bib/../../conf.py>`.
"""


def _project(root: Path) -> Path:
    (root / "papers" / "bib").mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "fomoproc.sphinxext.files"]\n', encoding="utf-8"
    )
    (root / "index.md").write_text(PAGE, encoding="utf-8")
    (root / "papers" / "bib" / "one.bib").write_text("@misc{one,}\n", encoding="utf-8")
    return root


def test_a_served_file_is_linked_from_any_page_layout_and_copied(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    for builder, page, href in (
        ("html", "index.html", "papers/bib/one.bib"),
        ("dirhtml", "index.html", "papers/bib/one.bib"),
    ):
        app = make_app(builder, srcdir=srcdir, builddir=tmp_path / builder)
        app.build()
        out = Path(app.outdir)
        html = BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")
        (link,) = html.select("a.download")
        assert link.get_text() == "The BibTeX"
        assert link["href"] == href
        assert link.has_attr("download")
        assert (out / href).read_bytes() == (srcdir / "papers/bib/one.bib").read_bytes()
        # Outside the served folders: an error naming the path, no link, no copy.
        assert "'papers/bib/../../conf.py' is not in a served folder" in _warnings(app)
        assert not (out / "conf.py").exists()


def test_a_removed_file_leaves_the_site(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    (srcdir / "papers" / "bib" / "two.bib").write_text("@misc{two,}\n", encoding="utf-8")
    make_app("html", srcdir=srcdir, builddir=tmp_path / "b").build()
    out = tmp_path / "b" / "html" / "papers" / "bib"
    assert sorted(p.name for p in out.iterdir()) == ["one.bib", "two.bib"]
    (srcdir / "papers" / "bib" / "two.bib").unlink()
    make_app("html", srcdir=srcdir, builddir=tmp_path / "b").build()
    assert sorted(p.name for p in out.iterdir()) == ["one.bib"]


def _warnings(app: Any) -> str:
    return str(app.warning.getvalue())
