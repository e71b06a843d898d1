"""The search page: summaries for every page, shipped in one script, and the list shown whole."""

from __future__ import annotations

import json
import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from sphinx.search import js_index
from sphinx.testing.util import SphinxTestApp

from conftest import BOOKLET_ROOT, BuildBooklet, require
from fomoproc.fold import fold
from fomoproc.model import Author, Kind, Paper
from fomoproc.sphinxext import searchindex
from fomoproc.sphinxext.search import DATA, SCRIPT
from fomoproc.writers import searchdata
from hostile import write_export

CHROMIUM = Path("/usr/bin/chromium")
PAPERS = ["papers/oralPaper1", "papers/postPaper3", "papers/spotPaper2"]


def _index(outdir: Path) -> dict[str, Any]:
    """The search index Sphinx wrote, as Sphinx's data."""
    index = searchindex.PACKED.loads((outdir / "searchindex.js").read_text(encoding="utf-8"))
    assert isinstance(index, dict)
    return index


def _docs(index: dict[str, Any], word: str) -> set[str]:
    """The documents the index lists for a (stemmed) word, in their text or titles (Sphinx
    lists a document under one of the two)."""
    numbers = [*index["terms"].get(word, []), *index["titleterms"].get(word, [])]
    return {index["docnames"][number] for number in numbers}


def _summaries(outdir: Path) -> dict[str, str]:
    return searchdata.read_script((outdir / "_static" / DATA).read_text(encoding="utf-8"))


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
    # The script runs after Sphinx's search code, which it builds on, and loads the data
    # itself once the index has come: no tag loads it beside the index.
    assert search[f"_static/{SCRIPT}"] == "defer"
    assert f"_static/{DATA}" not in search
    assert search["_static/searchtools.js"] == ""
    assert not any("fomoproc-search" in s for s in _scripts(outdir, "index.html"))
    assert (outdir / "_static" / SCRIPT).is_file()
    # Its address, with a checksum of its bytes so that no browser keeps an earlier build's.
    soup = BeautifulSoup((outdir / "search.html").read_text(encoding="utf-8"), "html.parser")
    (tag,) = soup.select(f'script[src^="_static/{SCRIPT}"]')
    data = (outdir / "_static" / DATA).read_bytes()
    assert tag["data-summaries"] == f"_static/{DATA}?v={zlib.crc32(data):08x}"


@pytest.mark.sphinx("html", testroot="booklet")
def test_papers_are_summarized_by_authors_and_abstract_other_pages_by_their_text(
    app: SphinxTestApp,
) -> None:
    app.build()
    summaries = _summaries(Path(app.outdir))
    indexes = {"papers/index", "papers/authors", "papers/keywords"}
    assert sorted(k for k in summaries if k.startswith("papers/") and k not in indexes) == PAPERS
    # A paper: how and when it is presented, then its authors and the opening of its abstract.
    when, oral = summaries["papers/oralPaper1"]
    assert when == "Oral · Scheduled by id, 9:30 AM · Posters, 10:15 AM (PDT)"
    assert oral.startswith("Łukasz Zieliński")
    # Math reads as text, without the dollars and the LaTeX.
    assert "We cut attention cost from O(n²) to O(n log n) with a 3.9× speedup" in oral
    assert summaries["papers/spotPaper2"][1] == "Mononym · Plain abstract about quokkas."
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
    assert searchdata.read_script(script) == {"papers/x1": text}
    assert "</script>" in script  # as data in a string: the file is a script of its own


@pytest.mark.browser
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
        # Not a word of the index: Sphinx goes through every word for those containing it.
        pytest.param(
            "quokk", "Spotlight found by its title", "Plain abstract about quokkas",
            id="part-of-a-word",
        ),
    ],
)  # fmt: skip
def test_search_lists_results_with_snippets_without_fetching_pages(
    build_booklet: BuildBooklet, tmp_path: Path, query: str, title: str, snippet: str
) -> None:
    require([] if CHROMIUM.is_file() else [str(CHROMIUM)])
    from playwright import sync_api

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
        marked = [
            i.eval_on_selector_all("span.highlighted", "spans => spans.map(s => s.textContent)")
            for i in items
        ]
        bold = page.query_selector_all("#search-results li b")
        browser.close()
    found = [
        (text, words)
        for (link, text), words in zip(texts, marked, strict=True)
        if link.startswith(title)
    ]
    assert len(found) == 1, texts
    assert snippet in found[0][0]
    # The query's word is highlighted where the snippet has it, in any case.
    assert found[0][1] and {word.lower() for word in found[0][1]} == {query}, found
    # Every result has its snippet, the papers index too, though no page was fetched.
    assert all(len(text.splitlines()) > 1 for _, text in texts), texts
    assert bold == []
    assert not any(url.endswith((".html", ".html?")) for url in requests[1:]), requests


@pytest.mark.parametrize(
    ("written", "folded"),
    [
        ("Łukasz", "Lukasz"),
        ("Nguyễn Thị Hương", "Nguyen Thi Huong"),
        ("Zieliński", "Zielinski"),
        ("Weißhaupt", "Weisshaupt"),
        ("Ærøskøbing", "AEroskobing"),
        ("Kağan Işıkoğlu", "Kagan Isikoglu"),
        ("ﬁne-tuning", "fine-tuning"),  # a compatibility ligature
        ("Иван Петров", "Иван Петров"),  # other scripts keep their letters
        ("王芳", "王芳"),
        ("ひらがな", "ひらがな"),  # kana keep their voicing marks
    ],
)
def test_folding_drops_accents_of_latin_letters_only(written: str, folded: str) -> None:
    assert fold(written) == folded


@pytest.mark.sphinx("html", testroot="booklet")
def test_bibtex_blocks_are_not_searched(app: SphinxTestApp) -> None:
    app.build()
    index = _index(Path(app.outdir))
    # Only the BibTeX says "inproceedings"; the abstract's words are still found.
    assert "inproceed" not in index["terms"]
    assert "inproceedings" not in index["terms"]
    assert "quokka" in index["terms"]


@given(st.lists(st.integers(min_value=0, max_value=10**6), unique=True))
def test_posting_lists_pack_to_base_36_gaps_and_back(documents: list[int]) -> None:
    packed = searchindex.pack(documents)
    assert searchindex.unpack(packed) == sorted(documents)
    assert set(packed) <= set("0123456789abcdefghijklmnopqrstuvwxyz,")
    if documents:
        assert searchindex.pack(documents[0]) == searchindex.pack([documents[0]])


def test_the_packed_index_reads_back_as_sphinx_wrote_it() -> None:
    data = {
        "docnames": ["a", "b", "c"],
        "envversion": {"sphinx": 65},
        # An empty list: a word whose every document was removed since the last build, which
        # a cold build would not have.
        "terms": {"x": 2, "y": [0, 2], "it's": [1], "__proto__": [0], "gone": []},
        "titleterms": {"\\": 0},
        "titles": ['O\'Neil \\ "q" \u2028 </script>', "Łukasz", "王芳"],
    }
    text = searchindex.PACKED.dumps(data)
    assert text.isascii() is False  # names stay UTF-8, not \u escapes
    back = searchindex.PACKED.loads(text)
    assert back["terms"] == {"x": [2], "y": [0, 2], "it's": [1], "__proto__": [0]}
    assert back["titleterms"] == {"\\": [0]}
    assert back["titles"] == data["titles"]
    assert back["envversion"] == data["envversion"]
    # A site last built with Sphinx's own format is read as it is; anything else is the
    # ValueError Sphinx expects of an index it cannot use.
    assert searchindex.PACKED.loads(js_index.dumps(data))["terms"]["gone"] == []
    for broken in ("", "Search.setIndex(", text[:-20], text.replace("JSON.parse('", "JSON.parse(")):
        with pytest.raises(ValueError):
            searchindex.PACKED.loads(broken)


@pytest.mark.sphinx("html", testroot="booklet")
def test_the_search_page_loads_the_packed_index_without_waiting_for_it(
    built: SphinxTestApp,
) -> None:
    outdir = Path(built.outdir)
    assert _scripts(outdir, "search.html")["searchindex.js"] == "async"
    assert (
        (outdir / "searchindex.js")
        .read_text(encoding="utf-8")
        .startswith("Search.setIndex((() => {")
    )
    assert _docs(_index(outdir), "quokka") == {"papers/spotPaper2"}


@pytest.mark.sphinx("html", testroot="booklet")
def test_what_every_paper_page_says_is_not_searched(built: SphinxTestApp) -> None:
    index = _index(Path(built.outdir))
    # The rubrics, labels, links, downloads and presentation line of every paper page.
    for word in (
        "abstract", "cite", "paper", "keyword", "tl", "dr", "openreview", "pdf", "code",
        "download", "citat", "bibtex", "csl", "json", "ris", "present", "friday", "juli",
        "pdt", "schedul", "poster", "oral", "spotlight",
    ):  # fmt: skip
        # "Plain abstract about quokkas": that one says "abstract" itself.
        said = {"papers/spotPaper2"} if word == "abstract" else set()
        text = {index["docnames"][number] for number in index["terms"].get(word, [])}
        assert text & set(PAPERS) == said, word
    # What the papers say is still found: title, authors, abstract, keywords.
    assert _docs(index, "quokka") == {"papers/spotPaper2"}
    assert "papers/oralPaper1" in _docs(index, "attent")
    # Names are indexed with their accents folded: the search page folds the query alike.
    assert "papers/oralPaper1" in _docs(index, "zielinski")
    assert "papers/oralPaper1" in _docs(index, "lukasz")
    assert not {word for word in index["terms"] if not word.isascii() and fold(word) != word}


def test_a_rebuild_reads_the_last_build_s_packed_index(
    build_booklet: BuildBooklet, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build_booklet() == 0
    notes = json.loads((BOOKLET_ROOT / "export.json").read_text(encoding="utf-8"))["notes"]
    for note in notes:
        if note["id"] == "spotPaper2":
            note["content"]["abstract"]["value"] += " Also wombats."
    export = write_export(tmp_path / "edited.json", notes)
    assert build_booklet(export=export) == 0
    html = tmp_path / "out" / "html"
    index = _index(html)
    # The edited page was read again; the others' words come from the last build's index.
    assert _docs(index, "wombat") == {"papers/spotPaper2"}
    assert "papers/oralPaper1" in _docs(index, "attent")
    said = capsys.readouterr()
    assert "search index" not in said.out + said.err  # "... couldn't be loaded"


@pytest.mark.browser
def test_the_browser_unpacks_the_index_as_sphinx_s_search_reads_it() -> None:
    require([] if CHROMIUM.is_file() else [str(CHROMIUM)])
    from playwright import sync_api

    data = {
        "docnames": ["a", "b", "c"],
        "terms": {"x": 2, "y": [0, 2], "it's": [1], "far": [1, 400, 100000]},
        "titleterms": {"t": [0, 1]},
        "titles": ['O\'Neil \\ "q" \u2028 </script>', "Łukasz", "王芳"],
    }
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.set_content("<script>var Search = {setIndex: (i) => { window.index = i; }};</script>")
        page.add_script_tag(content=searchindex.PACKED.dumps(data))
        # What Sphinx's searchtools.js does with the index: look words up, test and list them.
        seen = page.evaluate(
            """() => ({
              terms: Object.fromEntries(Object.keys(index.terms).map((w) => [w, index.terms[w]])),
              titleterms: {t: index.titleterms.t},
              has: [index.terms.hasOwnProperty("y"), index.terms.hasOwnProperty("toString")],
              missing: [index.terms.nope, typeof index.terms.toString],
              again: index.terms.y === index.terms.y,
              titles: index.titles,
            })"""
        )
        browser.close()
    assert seen["terms"] == {
        "x": [2],
        "y": [0, 2],
        "it's": [1],
        "far": [1, 400, 100000],
    }
    assert seen["titleterms"] == {"t": [0, 1]}
    assert seen["has"] == [True, False]
    assert seen["missing"] == [None, "function"]
    assert seen["again"] is True  # unpacked once, then the same list
    assert seen["titles"] == data["titles"]
