"""Citation and calendar files: linked with the served-file role, written into the site from
the bundle generation makes of each served folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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


def _project(root: Path, files: Mapping[str, str | list[served.Part]] | None = None) -> Path:
    (root / "papers").mkdir(parents=True)
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "fomoproc.sphinxext.files"]\n', encoding="utf-8"
    )
    (root / "index.md").write_text(PAGE, encoding="utf-8")
    _bundle(root, files or {"papers/bib/one.bib": ONE})
    return root


def _bundle(root: Path, files: Mapping[str, str | list[served.Part]]) -> None:
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


def test_a_file_made_of_pieces_of_the_folders_own_files(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    # Bytes, not characters: "Ünïcode" is nine bytes of UTF-8.
    volume = "[\n" + ONE.rstrip() + ",\n{two}\n]\n"
    start = len("[\n")
    stop = start + len(ONE.rstrip().encode())
    pieces = ["<", served.Piece("volume.json", start, stop), ">", served.Piece("volume.json", 0, 0)]
    srcdir = _project(tmp_path / "src", {"papers/bib/one.bib": pieces})
    (srcdir / "papers" / "bib").mkdir()
    (srcdir / "papers" / "bib" / "volume.json").write_text(volume, encoding="utf-8")
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "b")
    app.build()
    out = tmp_path / "b" / "html" / "papers" / "bib"
    assert (out / "one.bib").read_text(encoding="utf-8") == f"<{ONE.rstrip()}>"
    assert (out / "volume.json").read_text(encoding="utf-8") == volume
    assert "not a bundle" not in _warnings(app)


def test_a_broken_bundle_is_named_and_serves_nothing(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = _project(tmp_path / "src")
    (srcdir / "papers" / "bib").mkdir()
    (srcdir / "papers" / "bib" / "volume.bib").write_bytes(b"12345")
    bundle = srcdir / served.bundle_of("papers/bib")
    for text, problem in (
        ('{"one.bib": ["@misc{one,}\\n"], ', "not a bundle of served files (Expecting"),
        ('{"../../conf.py": ["x"]}', "not a bundle of served files (names and parts"),
        ('{"one.bib": "@misc{one,}"}', "not a bundle of served files (names and parts"),
        ('["one.bib"]', "not a bundle of served files (names and parts"),
        (
            '{"one.bib": [["volume.bib", 2, 6]]}',
            "one.bib: bytes 2 to 6 of 'volume.bib', which has 5",
        ),
        (
            '{"one.bib": [["volume.bib", 3, 2]]}',
            "one.bib: bytes 3 to 2 of 'volume.bib', which has 5",
        ),
        (
            '{"one.bib": [["gone.bib", 0, 1]]}',
            "one.bib: bytes 0 to 1 of 'gone.bib', which the folder",
        ),
        ('{"one.bib": [["volume.bib", 0, 1.5]]}', "one.bib: not a part of a served file: ['volume"),
        ('{"one.bib": [7]}', "one.bib: not a part of a served file: 7"),
    ):
        bundle.write_text(text, encoding="utf-8")
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / "b")
        app.build()
        assert f"{bundle}: {problem}" in _warnings(app)
        assert not (tmp_path / "b" / "html" / "papers").exists()
        assert not (tmp_path / "conf.py").exists()


def _warnings(app: Any) -> str:
    return str(app.warning.getvalue())
