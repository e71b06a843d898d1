"""Toctree ancestors from one map of parents per build: what Sphinx's own function gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.environment.adapters import toctree
from sphinx.testing.util import SphinxTestApp

from fomoproc.sphinxext import ancestors

pytestmark = pytest.mark.sphinx("html", testroot="booklet")

# Two parents for one page (the last wins, as in Sphinx), a cycle, a page in no toctree.
INCLUDES = {
    "index": ["call", "papers/index", "program/schedule"],
    "papers/index": ["papers/a", "papers/b"],
    "program/schedule": ["papers/a", "loop"],
    "loop": ["program/schedule"],
}


@pytest.mark.parametrize(
    "docname", ["index", "call", "papers/index", "papers/a", "papers/b", "loop", "alone"]
)
def test_the_map_gives_what_sphinx_gives(docname: str) -> None:
    sphinx_ancestors = toctree._get_toctree_ancestors
    expected = sphinx_ancestors(INCLUDES, docname)
    ancestors._WRITING.append((sphinx_ancestors, INCLUDES, ancestors.parents_of(INCLUDES)))
    try:
        found = ancestors._ancestors(INCLUDES, docname)
        # For other toctrees, Sphinx's own function answers.
        other = ancestors._ancestors(dict(INCLUDES), docname)
    finally:
        ancestors._WRITING.clear()
    assert list(found) == list(expected) == list(other)


def test_pages_written_mark_their_header_section(built: SphinxTestApp) -> None:
    def current(name: str) -> list[str]:
        html = (Path(built.outdir) / name).read_text(encoding="utf-8")
        # The header's sections, and the same again in the sidebar of narrow screens.
        items = BeautifulSoup(html, "html.parser").select("nav .navbar-nav li.current")
        return sorted({item.get_text(strip=True) for item in items})

    papers = sorted(p.name for p in (Path(built.outdir) / "papers").glob("*.html"))
    paper = next(name for name in papers if name != "index.html")
    assert current(f"papers/{paper}") == current("papers/index.html") == ["Accepted papers"]
    assert current("program/schedule.html") == ["Schedule"]
    assert current("index.html") == []
    # The map lives for the write phase only, and Sphinx's own function is back.
    assert ancestors._WRITING == []
    assert toctree._get_toctree_ancestors is not ancestors._ancestors
