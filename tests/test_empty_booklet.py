"""A booklet builds before its first export: no papers and nobody in the program yet."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import BOOKLET_ROOT

PROGRAM = """[workshop]
short_name = "TW I"
name = "Test Workshop"
conference = "ICML 2025"
openreview_group = "ICML.cc/2025/Workshop/TW"
date = 2025-07-18
timezone = "America/Vancouver"
"""


@pytest.fixture
def empty_root(tmp_path: Path) -> Path:
    """The booklet root with an empty export and a program of the workshop alone."""
    srcdir = tmp_path / "src"
    shutil.copytree(BOOKLET_ROOT, srcdir)
    (srcdir / "export.json").write_text('{"notes": []}\n', encoding="utf-8")
    (srcdir / "program.toml").write_text(PROGRAM, encoding="utf-8")
    return srcdir


def _text(app: SphinxTestApp, page: str) -> str:
    html = (Path(app.outdir) / page).read_text(encoding="utf-8")
    main = BeautifulSoup(html, "html.parser").find("main")
    assert main is not None
    return " ".join(main.get_text(" ").split())


def test_an_empty_booklet_says_what_is_still_to_come(
    make_app: Callable[..., SphinxTestApp], empty_root: Path
) -> None:
    app = make_app("html", srcdir=empty_root)
    app.build()
    assert app.warning.getvalue() == ""
    papers = _text(app, "papers/index.html")
    assert "No accepted papers yet: they are listed here once the export has them." in papers
    assert "0 accepted" not in papers and "Download" not in papers
    assert "The speakers and organizers will be announced." in _text(app, "program/people.html")
    assert "The schedule will be announced." in _text(app, "program/schedule.html")


def test_an_empty_booklet_makes_latex_without_a_warning(
    make_app: Callable[..., SphinxTestApp], empty_root: Path
) -> None:
    app = make_app("latex", srcdir=empty_root)
    app.build()
    assert app.warning.getvalue() == ""
    tex = (Path(app.outdir) / "booklet.tex").read_text(encoding="utf-8")
    assert "No accepted papers yet" in tex
