"""The PDF's front matter says what the program says, escaped: cover, metadata, running heads."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from conftest import BOOKLET_ROOT
from fomoproc.pdftext import CHAIN

WORKSHOP = r"""[workshop]
short_name = "R&D 100% {fast}"
name = "Workshop on $5 models_#1: ~tiny^ \\relax"
conference = "ICML 2026"
openreview_group = "ICML.cc/2025/Workshop/TW"
date = 2026-07-11
timezone = "Europe/Paris"
venue = "Palais des Congrès"
room = "Room 2 & 3"
url = "https://example.org/~tw/$5_%7Bbooklet%7D/"
"""
# What fomoproc-front.tex may hold besides escaped text: its own layout, the chain's fonts.
_FRONT_WORDS = r"""
    \renewcommand \fomoprocShortName \hypersetup \fomoprocCover \thispagestyle \begingroup
    \raggedright \parskip \parindent \vspace \fomoprocSans \fontsize \selectfont \par
    \LARGE \Large \large \small \color \rule \linewidth \vfill \begin \end \hspace \dimexpr
    \relax \href \endgroup \clearpage \setlength \unitlength \put \string \~
    \textbackslash \textbraceleft \textbraceright \textasciitilde \textasciicircum
    \& \% \# \_ \$ \fomoprocBreak
    """
FRONT_COMMANDS = frozenset(_FRONT_WORDS.split()) | {f"\\fomoproc{font.key}" for font in CHAIN}


def _build(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path, conf: str = ""
) -> tuple[str, str]:
    """booklet.tex and fomoproc-front.tex of the booklet root under the workshop above."""
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
    outdir = Path(app.outdir)
    front = (outdir / "fomoproc-front.tex").read_text(encoding="utf-8")
    return (outdir / "booklet.tex").read_text(encoding="utf-8"), front


def _cover(front: str) -> str:
    return front[front.index(r"\renewcommand\fomoprocCover") :]


def test_the_cover_names_the_workshop_with_latex_specials_escaped(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    tex, front = _build(make_app, tmp_path)
    assert r"\fomoprocCover" in tex
    cover = _cover(front)
    assert r"R\&D 100\% {\textbraceleft}fast{\textbraceright}\par}" in cover
    assert (
        r"Workshop on \$5 models\_\#1: {\textasciitilde}tiny{\textasciicircum} "
        r"{\textbackslash}relax" in cover
    )
    assert "Program booklet" in cover
    assert "Workshop at ICML 2026" in cover
    assert "Saturday 11 July 2026" in cover
    assert r"{\Large Room 2 \& 3\par}" in cover and r"{\Large Palais des Congrès\par}" in cover
    assert "Non-archival: the papers in this booklet are not proceedings." in cover
    assert r"\relax" not in cover.replace(r"{\textbackslash}relax", "").replace(r"40mm\relax", "")


def test_the_cover_prints_the_booklets_address_with_its_qr_code(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    _, front = _build(make_app, tmp_path)
    cover = _cover(front)
    # The link keeps the whole address; the text is what a reader types.
    assert (
        r"\href{https://example.org/\~tw/\string$5\_\%7Bbooklet\%7D/}"
        r"{example.org/{\textasciitilde}tw/\$5\_\%7Bbooklet\%7D}" in cover
    )
    # The QR code: a picture of rules, drawn by TeX.
    assert r"\begin{picture}" in cover and cover.count(r"\put(") > 50


def test_the_front_matter_holds_no_command_from_the_program(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    _, front = _build(make_app, tmp_path)
    commands = set(re.findall(r"\\(?:[A-Za-z@]+|.)", front))
    assert commands <= FRONT_COMMANDS, sorted(commands - FRONT_COMMANDS)


def test_the_pdf_metadata_and_running_heads_come_from_the_program(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    tex, front = _build(make_app, tmp_path)
    assert r"\InputIfFileExists{fomoproc-front.tex}" in tex
    assert r"\renewcommand\fomoprocShortName{R\&D 100\% {\textbraceleft}fast{\textbraceright}}" in (
        front
    )
    metadata = front[front.index(r"\hypersetup{") : front.index(r"\renewcommand\fomoprocCover")]
    assert (
        r"pdftitle={R\&D 100\% {\textbraceleft}fast{\textbraceright}: Workshop on \$5 "
        r"models\_\#1: {\textasciitilde}tiny{\textasciicircum} {\textbackslash}relax "
        r"– Program booklet}" in metadata
    )
    assert "pdfauthor={The R\\&D 100\\% {\\textbraceleft}fast{\\textbraceright} organizers}" in (
        metadata
    )
    assert "pdfsubject={Workshop at ICML 2026, Saturday 11 July 2026}" in metadata
    assert "pdfkeywords={R\\&D 100\\% {\\textbraceleft}fast{\\textbraceright}, ICML 2026, " in (
        metadata
    )
    assert "pdflang={en}" in metadata


def test_a_title_page_conf_py_writes_is_kept(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    mine = r"\begin{titlepage}My own cover\end{titlepage}"
    tex, _ = _build(make_app, tmp_path, f'latex_elements = {{"maketitle": r"{mine}"}}\n')
    assert mine in tex
    assert r"\fomoprocCover" not in tex
