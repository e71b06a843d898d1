"""Citation and calendar files: linked with the served-file role, written into the site from
the bundle generation makes of each served folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from fomoproc import served

PAGE = """\
# Files

{fomoproc-file}`The BibTeX <papers/bib/one.bib>` and
{fomoproc-file}`the configuration <papers/bib/../../conf.py>`.
"""


ONE = "@misc{one, title = {Ünïcode}}\n"


def _project(root: Path, files: dict[str, str] | None = None) -> Path:
    (root / "papers").mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "fomoproc.sphinxext.files"]\n', encoding="utf-8"
    )
    (root / "index.md").write_text(PAGE, encoding="utf-8")
    _bundle(root, files or {"papers/bib/one.bib": ONE})
    return root


def _bundle(root: Path, files: dict[str, str]) -> None:
    data = served.bundle([served.members(files, "papers/bib")])
    (root / served.bundle_of("papers/bib")).write_bytes(data)


def test_a_served_file_is_linked_from_any_page_layout_and_copied(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    # A served folder's own files are served beside its bundle's.
    (srcdir / "papers" / "bib").mkdir()
    (srcdir / "papers" / "bib" / "volume.bib").write_bytes(b"@misc{all,}\r\n")
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
        assert (out / href).read_bytes() == ONE.encode("utf-8")
        assert (out / "papers/bib/volume.bib").read_bytes() == b"@misc{all,}\r\n"
        # Outside the served folders: an error naming the path, no link, no copy.
        assert "'papers/bib/../../conf.py' is not in a served folder" in _warnings(app)
        assert not (out / "conf.py").exists()


def test_a_removed_file_leaves_the_site_and_an_unchanged_bundle_touches_nothing(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    two = {"papers/bib/one.bib": ONE, "papers/bib/sub/two.bib": "@misc{two,}\n"}
    srcdir = _project(tmp_path / "src", two)
    make_app("html", srcdir=srcdir, builddir=tmp_path / "b").build()
    out = tmp_path / "b" / "html" / "papers" / "bib"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.bib")) == [
        "one.bib",
        "sub/two.bib",
    ]
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*.bib")}
    make_app("html", srcdir=srcdir, builddir=tmp_path / "b").build()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.bib")} == times
    # A file deleted from the site comes back, though the bundle is the same.
    (out / "one.bib").unlink()
    make_app("html", srcdir=srcdir, builddir=tmp_path / "b").build()
    assert (out / "one.bib").read_text(encoding="utf-8") == ONE
    _bundle(srcdir, {"papers/bib/one.bib": ONE})
    make_app("html", srcdir=srcdir, builddir=tmp_path / "b").build()
    assert [p.name for p in out.iterdir()] == ["one.bib"]
    # A file of the folder itself, added then changed: served, then served anew.
    (srcdir / "papers" / "bib").mkdir()
    for text in (b"first\n", b"second\n"):
        (srcdir / "papers" / "bib" / "volume.bib").write_bytes(text)
        make_app("html", srcdir=srcdir, builddir=tmp_path / "b").build()
        assert (out / "volume.bib").read_bytes() == text


def test_a_broken_bundle_is_named_and_serves_nothing(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    bundle = srcdir / served.bundle_of("papers/bib")
    for text in ('{"one.bib": "@misc{one,}\\n", ', '{"../../conf.py": "x"}', '["one.bib"]'):
        bundle.write_text(text, encoding="utf-8")
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / "b")
        app.build()
        assert f"{bundle}: not a bundle of served files" in _warnings(app)
        assert not (tmp_path / "b" / "html" / "papers").exists()
        assert not (tmp_path / "conf.py").exists()


def _warnings(app: Any) -> str:
    return str(app.warning.getvalue())
