"""A booklet's conf.py need not repeat the program: names and titles come from it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import BOOKLET_ROOT

BARE_CONF = """\
extensions = ["fomoproc.sphinxext"]
fomoproc_export = "export.json"
fomoproc_program = "program.toml"
html_theme = "pydata_sphinx_theme"
templates_path: list[str] = []
"""


def test_names_and_titles_come_from_the_program_unless_conf_py_sets_them(
    make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(BOOKLET_ROOT, srcdir)
    (srcdir / "conf.py").write_text(BARE_CONF, encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    config = app.config
    assert (config.project, config.html_title) == ("TW I", "TW I")
    assert config.latex_documents == [
        ("index", "booklet.tex", "TW I: Program Booklet", config.author, "manual", False)
    ]
    assert config.author == "The TW I organizers"
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    assert page.title.get_text().endswith("TW I")
    app.cleanup()
    # What conf.py says stays.
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('project = "Mine"\nhtml_title = "My booklet"\nauthor = "Me"\n')
    mine = make_app("html", srcdir=srcdir).config
    assert (mine.project, mine.html_title, mine.author) == ("Mine", "My booklet", "Me")
    assert mine.latex_documents[0][2:4] == ("TW I: Program Booklet", "Me")
