"""Author and keyword indexes: one entry per person, family-name order, HTML pages, PDF entries."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import load_booklet
from fomoproc.indexes import author_index, build_indexes, filing_parts, keyword_index
from fomoproc.model import IndexOptions
from fomoproc.writers import indexhtml, papers
from fomoproc.writers.latexindex import printed_indexes

ROOT = Path(__file__).parent / "roots" / "test-program"


@pytest.fixture
def booklet():  # type: ignore[no-untyped-def]
    return load_booklet(ROOT / "export.json", ROOT / "program.toml")


@pytest.mark.parametrize(
    ("name", "particles_first", "expected"),
    [
        pytest.param("Vincent van Breugel", False, ("Breugel", "Vincent", "van"), id="van-under-B"),
        pytest.param("Vincent van Breugel", True, ("van Breugel", "Vincent", ""), id="van-under-V"),
        pytest.param("Ana de la Cruz", False, ("Cruz", "Ana", "de la"), id="de-la"),
        pytest.param("王芳", False, ("王芳", "", ""), id="cjk-one-word"),
        pytest.param("Cher", False, ("Cher", "", ""), id="mononym"),
        pytest.param(
            "María José Fernández Ruiz",
            False,
            ("Fernández Ruiz", "María José", ""),
            id="spanish-double-surname",
        ),
    ],
)
def test_family_names_and_particles(
    name: str, particles_first: bool, expected: tuple[str, str, str]
) -> None:
    assert filing_parts(name, IndexOptions(particles_first=particles_first)) == expected


def test_family_name_override_by_name_or_profile() -> None:
    options = IndexOptions(family_names=(("Nguyễn Thị Hương", "Nguyễn"), ("~Li_Na9", "Li")))
    assert filing_parts("Nguyễn Thị Hương", options) == ("Nguyễn", "Thị Hương", "")
    # A family name first that no rule can tell from a given name: the program says so.
    assert filing_parts("Li Na", options, "~Li_Na9") == ("Li", "Na", "")
    assert filing_parts("Li Na", options) == ("Na", "Li", "")


def test_the_sample_program_files_every_sample_name_by_its_family_name() -> None:
    repo = Path(__file__).parent.parent
    booklet = load_booklet(repo / "papers" / "export.json", repo / "papers" / "program.toml")
    headings = {e.name: e.heading for e in author_index(booklet)}
    assert headings["Li Na"] == "Li, Na"
    assert headings["María José Fernández Ruiz"] == "Fernández Ruiz, María José"
    assert headings["Nguyễn Thị Hương"] == "Nguyễn, Thị Hương"
    assert headings["Anouk van der Berg"] == "Berg, Anouk van der"
    assert headings["王芳"] == "王芳"


def test_one_entry_per_profile_namesakes_apart_sorted_by_family_name(booklet) -> None:  # type: ignore[no-untyped-def]
    entries = author_index(booklet)
    headings = [e.heading for e in entries]
    assert headings == [
        "Breugel, Vincent van",
        "Cruz, Ana de la",
        "Durand, Zoë",
        "Noid, Ada",
        "Петров, Иван",  # filed by its transliteration, "Petrov"
        "王芳",  # one word: all family name, filed as "wangfang"
        "Xu, Kun (~Kun_Xu4)",
        "Xu, Kun (~Kun_Xu6)",
        "Zieliński, Łukasz",
    ]
    by_heading = {e.heading: e for e in entries}
    # One person, two spellings: one entry with both papers, the frequent spelling first met.
    assert by_heading["Zieliński, Łukasz"].papers == ("progA", "progB")
    assert by_heading["Noid, Ada"].key == "name:ada noid"  # no profile id: keyed by name
    assert set(by_heading["Noid, Ada"].papers) == {"progB", "progC"}
    assert [e.letter for e in entries] == ["B", "C", "D", "N", "P", "W", "X", "X", "Z"]


def test_particles_first_files_van_under_v(booklet) -> None:  # type: ignore[no-untyped-def]
    options = IndexOptions(particles_first=True)
    program = dataclasses.replace(booklet.program, author_index=options)
    entries = author_index(dataclasses.replace(booklet, program=program))
    entry = next(e for e in entries if "Vincent" in e.heading)
    assert (entry.heading, entry.letter) == ("van Breugel, Vincent", "V")


def test_keywords_group_across_case_and_spacing(booklet) -> None:  # type: ignore[no-untyped-def]
    entries = {e.label: set(e.papers) for e in keyword_index(booklet)}
    assert entries == {
        "Efficient Inference": {"progA", "progB"},
        "kernels": {"progA"},
        "Quantization": {"progB", "progC"},  # a tie of spellings: the first in code order
    }


def test_printed_index_entries_are_latex_text_with_their_papers_pages(booklet) -> None:  # type: ignore[no-untyped-def]
    tex = printed_indexes(booklet, build_indexes(booklet)).splitlines()
    # Each entry: the label the paper pages link to, its text, a page per paper.
    assert (
        r"\fomoprocEntry{fomoproc-authors:author-breugel-vincent-van}{Breugel, Vincent van}"
        r"\fomoprocAt{papers/progA::doc}" in tex
    )
    assert (
        r"\fomoprocEntry{fomoproc-authors:author-zielinski-lukasz}{Zieliński, Łukasz}"
        r"\fomoprocAt{papers/progA::doc}\fomoprocAt{papers/progB::doc}" in tex
    )
    assert r"\fomoprocIndexLetter{P}" in tex
    assert tex[0].startswith("%") and tex[1] == r"\fomoprocIndexChapter{Indexes}"
    assert tex.index(r"\begin{fomoprocindex}{Authors}{fomoproc-authors}") < tex.index(
        r"\begin{fomoprocindex}{Keywords}{fomoproc-keywords}"
    )
    assert any(
        line.startswith(r"\fomoprocEntry{fomoproc-keywords:keyword-quantization}") for line in tex
    )


def test_printed_index_escapes_latex_in_names_and_keywords(booklet) -> None:  # type: ignore[no-untyped-def]
    paper = booklet.papers[0]
    odd = dataclasses.replace(
        paper,
        authors=(
            dataclasses.replace(paper.authors[0], name="Ann {X}_#1 \\relax 100%", profile_id=""),
        ),
        keywords=("$5 & ~more^",),
    )
    tex = printed_indexes(
        dataclasses.replace(booklet, papers=(odd,)),
        build_indexes(dataclasses.replace(booklet, papers=(odd,))),
    )
    assert r"{100\%, Ann {\textbraceleft}X{\textbraceright}\_\#1 {\textbackslash}relax}" in tex
    assert r"{\$5 \& {\textasciitilde}more{\textasciicircum}}" in tex


def _page(app: SphinxTestApp, name: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / name).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.sphinx("html", testroot="program")
def test_author_and_keyword_pages_link_papers_with_a_letter_index(
    app: SphinxTestApp, warning: object
) -> None:
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    page = _page(app, "papers/authors.html")
    article = page.select_one("article")
    letters = [a.get_text() for a in article.select("p a[href^='#authors-']")]
    assert letters == ["B", "C", "D", "N", "P", "W", "X", "Z"]
    for a in article.select("a[href^='#']"):
        assert article.select_one(f"[id='{a['href'][1:]}']") is not None, a["href"]
    xu4 = article.select_one("#author-xu-kun-kun-xu4")
    assert xu4 is not None and "Xu, Kun (~Kun_Xu4)" in xu4.get_text()
    # The name links to the profile; the papers follow (below it, by the stylesheet).
    name = xu4.select_one("strong:first-child > a")
    assert name is not None and name.get_text().startswith("Xu, Kun (~Kun_Xu4)")
    assert name["href"] == "https://openreview.net/profile?id=~Kun_Xu4"
    # It leaves the booklet: marked for the eye (hidden from screen readers, which are told).
    assert name.select_one("[aria-hidden=true]").get_text() == "↗"
    assert name.select_one(".visually-hidden").get_text() == " (OpenReview profile, another site)"
    # The bar of letters, a block of its own that the stylesheet keeps in view.
    assert article.select_one(".fomo-letters a[href='#authors-b']") is not None
    assert [a["href"] for a in xu4.select("a") if a["href"].endswith(".html")] == ["progA.html"]
    paper = _page(app, "papers/progB.html").select_one("article")
    authors = {a.get_text(): a["href"] for a in paper.select("a[href^='authors.html']")}
    assert authors["Kun Xu"] == "authors.html#author-xu-kun-kun-xu6"
    keywords = {a.get_text(): a["href"] for a in paper.select("a[href^='keywords.html']")}
    assert keywords == {
        "efficient inference": "keywords.html#keyword-efficient-inference",
        "Quantization": "keywords.html#keyword-quantization",
    }
    kw = _page(app, "papers/keywords.html").select_one("#keyword-efficient-inference")
    assert "2 papers" in kw.get_text()
    listed = kw.find_next("ul").select("a")
    assert [a["href"] for a in listed] == ["progA.html", "progB.html"]


@pytest.mark.sphinx("latex", testroot="program")
def test_pdf_prints_both_indexes_and_links_to_their_entries(
    app: SphinxTestApp, warning: object
) -> None:
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    tex = (Path(app.outdir) / "booklet.tex").read_text(encoding="utf-8")
    indexes = (Path(app.outdir) / "fomoproc-indexes.tex").read_text(encoding="utf-8")
    assert tex.count(r"\fomoprocIndexes") == 1 and r"\makeindex" not in tex
    assert r"\fomoprocEntry{fomoproc-authors:author-petrov-ivan}{Петров, Иван}" in indexes
    assert r"\begin{fomoprocindex}{Keywords}" in indexes
    # A paper's author and keyword links land on the printed entries, not the site's pages.
    assert r"\hyperlink{fomoproc-authors:author-petrov-ivan}" in tex
    assert r"\hyperlink{fomoproc-keywords:keyword-quantization}" in tex
    # Each link's target is an entry of the printed indexes.
    targets = set(re.findall(r"\\hyperlink\{([^}]*)\}", tex))
    entries = set(re.findall(r"\\fomoprocEntry\{([^}]*)\}", indexes))
    assert targets and targets <= entries, targets - entries
    assert "papers/authors" not in tex and "papers/keywords" not in tex


@pytest.mark.sphinx("html", testroot="program", freshenv=True)
def test_a_large_index_gets_one_page_per_letter(
    make_app: Any, app_params: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A conference's author index would be megabytes on one page: above the limit (lowered
    # here below the test root's size), each letter gets its own page. The app is made after
    # the limit is set: pages are generated when the builder starts.
    monkeypatch.setattr(papers, "INDEX_PAGE_LIMIT", 2)
    args, kwargs = app_params
    app = make_app(*args, **kwargs)
    app.build()
    assert app.warning.getvalue() == ""
    hub = _page(app, "papers/authors.html").select_one("article")
    letters = {a.get_text(): a["href"] for a in hub.select("p a")}
    assert letters["X"] == "authors/x.html" and letters["B"] == "authors/b.html"
    x = _page(app, "papers/authors/x.html").select_one("article")
    assert x.select_one("h1").get_text().rstrip("#") == "Authors: X"
    xu4 = x.select_one("#author-xu-kun-kun-xu4")
    assert [a["href"] for a in xu4.select("a") if a["href"].endswith(".html")] == ["../progA.html"]
    assert "Xu, Kun" not in _page(app, "papers/authors/b.html").get_text()
    paper = _page(app, "papers/progB.html").select_one("article")
    authors = {a.get_text(): a["href"] for a in paper.select("a[href^='authors/']")}
    assert authors["Kun Xu"] == "authors/x.html#author-xu-kun-kun-xu6"
    keywords = {a.get_text(): a["href"] for a in paper.select("a[href^='keywords/']")}
    assert keywords["Quantization"] == "keywords/q.html#keyword-quantization"


@pytest.mark.sphinx(testroot="program")
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_links_to_index_entries_resolve_without_scanning_every_label(
    make_app: Any, app_params: Any, builder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # MyST finds "page.md#anchor" by going through every label of the project: 46,000 links
    # against 23,000 index anchors at 5,000 papers. The extension resolves them by label.
    from myst_parser.sphinx_ext.myst_refs import MystReferenceResolver

    scanned: list[str] = []
    scan = MystReferenceResolver._std_label_in_doc

    def counting(self: Any, docname: str, ref_id: str) -> Any:
        scanned.append(ref_id)
        return scan(self, docname, ref_id)

    monkeypatch.setattr(MystReferenceResolver, "_std_label_in_doc", counting)
    _args, kwargs = app_params
    app = make_app(builder, **{**kwargs, "freshenv": True})
    app.build()
    assert app.warning.getvalue() == ""
    assert not [a for a in scanned if a.startswith(("author-", "keyword-"))]
    name = "papers/progB/index.html" if builder == "dirhtml" else "papers/progB.html"
    paper = _page(app, name).select_one("article")
    up = "../authors/" if builder == "dirhtml" else "authors.html"
    authors = {a.get_text(): a["href"] for a in paper.select(f"a[href^='{up}']")}
    assert authors["Kun Xu"] == f"{up}#author-xu-kun-kun-xu6"
    link = paper.select_one(f"a[href='{up}#author-xu-kun-kun-xu6']")
    assert link is not None and link["class"] == ["reference", "internal"]
    assert link.select_one("span")["class"] == ["std", "std-ref"]


@pytest.mark.sphinx("html", testroot="program")
def test_index_entries_typeset_math_in_titles_and_load_mathjax(
    app: SphinxTestApp, warning: object
) -> None:
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    for name in ("papers/authors.html", "papers/keywords.html"):
        page = _page(app, name)
        math = page.select_one("article p[id] .math, article li .math")
        assert math is not None and math.get_text() == "\\(O(n)\\)", name
        assert math.find_parent("a")["href"] == "progA.html"
        assert [s for s in page.select("script[src]") if "mathjax" in s["src"]], name


@pytest.mark.parametrize(
    "block",
    [
        pytest.param("```{fomoproc-index} authors\nnot json\n```\n", id="not-json"),
        pytest.param('```{fomoproc-index} authors\n{"anchor": 1}\n```\n', id="not-an-entry"),
        pytest.param("```{fomoproc-index} people\n```\n", id="unknown-kind"),
    ],
)
def test_an_index_block_not_as_generated_is_an_error_on_its_page(
    make_app: Any, tmp_path: Path, block: str
) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    (srcdir / "edited.md").write_text(f"# Edited\n\n{block}", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, builddir=tmp_path / "out")
    app.build()
    errors = [line for line in app.warning.getvalue().splitlines() if "fomoproc-index" in line]
    assert len(errors) == 1 and "edited.md" in errors[0], app.warning.getvalue()
    assert "ERROR" in errors[0]
    assert not (tmp_path / "out" / "html" / "edited.html").read_text("utf-8").count('id="author-')


def test_an_author_is_shown_with_the_affiliation_their_papers_give() -> None:
    root = Path(__file__).parent / "roots" / "test-citations"
    entries = {
        e.heading: e
        for e in author_index(load_booklet(root / "export.json", root / "program.toml"))
    }
    assert entries["Lovelace, Ada"].affiliation == "Analytical Engines & <Co>"
    assert entries["Babbage, Charles"].affiliation == ""
    entry = indexhtml.IndexEntry(
        anchor="author-lovelace-ada", label="Lovelace, Ada", profile="", papers=(),
        note=entries["Lovelace, Ada"].affiliation,
    )  # fmt: skip
    html = indexhtml.author_entry(entry, lambda doc: None)
    assert '<span class="fomo-affiliation">Analytical Engines &amp; &lt;Co&gt;</span>' in html
    assert indexhtml.from_line(indexhtml.to_line(entry)) == entry
