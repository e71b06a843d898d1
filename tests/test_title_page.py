"""The PDF's title page says what the program says, escaped, unless conf.py writes its own."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from conftest import BOOKLET_ROOT

WORKSHOP = r"""[workshop]
short_name = "R&D 100% {fast}"
name = "Workshop on $5 models_#1: ~tiny^ \\relax"
conference = "ICML 2026"
openreview_group = "ICML.cc/2025/Workshop/TW"
date = 2026-07-11
timezone = "Europe/Paris"
venue = "Palais des Congrès"
room = "Room 2 & 3"
"""


def _latex(make_app: Callable[..., SphinxTestApp], tmp_path: Path, conf: str = "") -> str:
    srcdir = tmp_path / "src"
    shutil.copytree(BOOKLET_ROOT, srcdir)
    program = (srcdir / "program.toml").read_text(encoding="utf-8")
    workshop_end = program.index("[[schedule]]")
    (srcdir / "program.toml").write_text(WORKSHOP + "\n" + program[workshop_end:], "utf-8")
    with (srcdir / "conf.py").open("a", encoding="utf-8") as stream:
        stream.write(conf)
    app = make_app("latex", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    return (Path(app.outdir) / "booklet.tex").read_text(encoding="utf-8")


def _title_page(tex: str) -> str:
    start = tex.index(r"\begin{titlepage}")
    return tex[start : tex.index(r"\end{titlepage}", start)]


def test_the_title_page_names_the_workshop_with_latex_specials_escaped(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    page = _title_page(_latex(make_app, tmp_path))
    assert r"{\Huge\bfseries R\&D 100\% {\textbraceleft}fast{\textbraceright}\par}" in page
    assert (
        r"Workshop on \$5 models\_\#1: {\textasciitilde}tiny{\textasciicircum} "
        r"{\textbackslash}relax" in page
    )
    assert "Program booklet" in page
    assert "Workshop at ICML 2026" in page
    assert "Saturday 11 July 2026" in page
    assert r"Room 2 \& 3, Palais des Congrès" in page
    assert "Non-archival: the papers in this booklet are not proceedings." in page
    assert r"\relax" not in page.replace(r"{\textbackslash}relax", "")


def test_a_title_page_conf_py_writes_is_kept(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    mine = r"\begin{titlepage}My own cover\end{titlepage}"
    tex = _latex(make_app, tmp_path, f'latex_elements = {{"maketitle": r"{mine}"}}\n')
    assert mine in tex
    assert "Program booklet" not in tex
