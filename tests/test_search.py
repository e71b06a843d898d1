"""The search page: summaries for every page, shipped in one script, and the list shown whole."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import BuildBooklet
from fomoproc.model import Author, Kind, Paper
from fomoproc.sphinxext.search import DATA, SCRIPT
from fomoproc.writers import searchdata

CHROMIUM = Path("/usr/bin/chromium")
PAPERS = ["papers/oralPaper1", "papers/postPaper3", "papers/spotPaper2"]


def _summaries(outdir: Path) -> dict[str, str]:
    text = (outdir / "_static" / DATA).read_text(encoding="utf-8")
    prefix = f"window.{searchdata.VARIABLE} = "
    assert text.startswith(prefix)
    assert text.endswith(";\n")
    value = json.loads(text[len(prefix) : -2])
    assert isinstance(value, dict)
    return value


def _scripts(outdir: Path, page: str) -> dict[str, str]:
    """The scripts of a page, each with how it loads: "defer", "async" or ""."""
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    return {
        str(s["src"]).split("?")[0]: next((a for a in ("defer", "async") if s.has_attr(a)), "")
        for s in soup.find_all("script", src=True)
    }


@pytest.mark.sphinx("html", testroot="booklet")
def test_only_the_search_page_loads_the_summaries(app: SphinxTestApp, warning: object) -> None:
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    outdir = Path(app.outdir)
    search = _scripts(outdir, "search.html")
    # The script runs after Sphinx's search code, which it builds on; the data when it comes.
    assert search[f"_static/{SCRIPT}"] == "defer"
    assert search[f"_static/{DATA}"] == "async"
    assert search["_static/searchtools.js"] == ""
    assert not any("fomoproc-search" in s for s in _scripts(outdir, "index.html"))
    assert (outdir / "_static" / SCRIPT).is_file()


@pytest.mark.sphinx("html", testroot="booklet")
def test_papers_are_summarized_by_authors_and_abstract_other_pages_by_their_text(
    app: SphinxTestApp,
) -> None:
    app.build()
    summaries = _summaries(Path(app.outdir))
    indexes = {"papers/index", "papers/authors", "papers/keywords"}
    assert sorted(k for k in summaries if k.startswith("papers/") and k not in indexes) == PAPERS
    oral = summaries["papers/oralPaper1"]
    assert oral.startswith("Łukasz Zieliński")
    # Math reads as its LaTeX source, without the dollars.
    assert "We cut attention cost from O(n^2) to O(n \\log n)" in oral
    assert summaries["papers/spotPaper2"] == "Mononym · Plain abstract about quokkas."
    assert summaries["papers/index"].startswith("3 accepted papers")
    assert summaries["program/schedule"].startswith("Friday 18 July 2025")
    assert "index" not in summaries  # a page without text gets no summary


@pytest.mark.sphinx("html", testroot="booklet", parallel=2)
def test_parallel_builds_give_the_same_summaries(
    app: SphinxTestApp, make_app: object, tmp_path: Path
) -> None:
    app.build()
    parallel = _summaries(Path(app.outdir))
    source = tmp_path / "serial"
    shutil.copytree(Path(app.srcdir), source)
    serial_app = make_app("html", srcdir=source)  # type: ignore[operator]
    serial_app.build()
    assert _summaries(Path(serial_app.outdir)) == parallel


def test_a_rebuild_keeps_the_summaries_of_pages_it_does_not_read(
    build_booklet: BuildBooklet, tmp_path: Path
) -> None:
    assert build_booklet() == 0
    data = tmp_path / "out" / "html" / "_static" / DATA
    first = data.read_bytes()
    assert build_booklet() == 0
    assert data.read_bytes() == first
    assert "program/schedule" in _summaries(tmp_path / "out" / "html")


def test_summaries_cut_long_text_at_a_word_and_stay_data() -> None:
    paper = Paper(
        id="x1",
        number=1,
        title="T",
        authors=(Author(name='Eve "</script><b>x</b>'),),
        abstract="word " * 200,
        kind=Kind.POSTER,
    )
    text = searchdata.summary(paper)
    assert text.startswith('Eve "</script><b>x</b> · word word')
    assert text.endswith("word…")
    assert len(text) < searchdata.AUTHOR_CHARS + searchdata.ABSTRACT_CHARS + 10
    script = searchdata.script({"papers/x1": text})
    assert json.loads(script.split(" = ", 1)[1].rstrip(";\n")) == {"papers/x1": text}


@pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs Debian's chromium")
@pytest.mark.parametrize(
    ("query", "title", "snippet"),
    [
        pytest.param(
            "quokkas", "Spotlight found by its title", "Plain abstract about quokkas",
            id="abstract-word",
        ),
        pytest.param(
            "mallory", "<script>alert(1)</script>", "Mallory <b>Bold</b>",
            id="hostile-text-stays-text",
        ),
    ],
)  # fmt: skip
def test_search_lists_results_with_snippets_without_fetching_pages(
    build_booklet: BuildBooklet, tmp_path: Path, query: str, title: str, snippet: str
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    assert build_booklet() == 0
    page_url = (tmp_path / "out" / "html" / "search.html").as_uri() + f"?q={query}"
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        # file:// pages cannot fetch other pages: every snippet must come from the summaries.
        page.goto(page_url)
        page.wait_for_function(
            "document.querySelector('#search-results p.search-summary')"
            "?.textContent.includes('finished')"
        )
        items = page.query_selector_all("#search-results ul.search > li")
        texts = [(i.query_selector("a").inner_text(), i.inner_text()) for i in items]
        bold = page.query_selector_all("#search-results li b")
        browser.close()
    found = [text for link, text in texts if link.startswith(title)]
    assert len(found) == 1, texts
    assert snippet in found[0]
    # Every result has its snippet, the papers index too, though no page was fetched.
    assert all(len(text.splitlines()) > 1 for _, text in texts), texts
    assert bold == []
    assert not any(url.endswith((".html", ".html?")) for url in requests[1:]), requests


@pytest.mark.sphinx("html", testroot="booklet")
def test_bibtex_blocks_are_not_searched(app: SphinxTestApp) -> None:
    app.build()
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    # Only the BibTeX says "inproceedings"; the abstract's words are still found.
    assert "inproceed" not in index["terms"]
    assert "inproceedings" not in index["terms"]
    assert "quokka" in index["terms"]
